// Keyset pagination over the list table (PetitionScope, alias s). Rows are ordered by a list of keys
// ending in the unique petition id; the next page starts strictly after the last row's key values, so rows
// inserted meanwhile land in their place without shifting the pages. NULLs sort last in either direction.
//
// An access path names the index whose columns, after its equality prefix (the access key, a status, a
// board group), are exactly the sort keys. "After (v0, v1, …, id)" is split into arms, each an equality
// prefix plus one range on the next key, that follow one another in sort order:
//     k0 = v0 AND k1 = v1 AND id > x,   then   k0 = v0 AND k1 > v1,   then   k0 > v0   (then k0 IS NULL)
// so every arm is a seek into the index that reads only the rows it returns, at any cursor depth. (For
// two keys this is the "redundant bound" form: k0 >= v0 AND (k0 > v0 OR id > x).) A nullable first key
// has its NULLs as a last arm, since SQLite keeps NULLs first in an ascending index.
// Several paths (one per access key, status or unit) are each walked for a page and merged.
//
// The index is named with INDEXED BY, so the plan does not depend on planner statistics (ANALYZE):
// a query the index cannot answer fails instead of silently sorting. PostgreSQL: the same indexes; the
// arms can stay as they are or become row-value comparisons, (k0, id) > ($1, $2), which PostgreSQL
// answers with one index range; INDEXED BY is dropped (PostgreSQL plans from its statistics).
import type { ReadSql, Row } from '../../db/readConnection';
import { textWalk } from './search';
import { decodeCursor, encodeCursor, type CursorShape, type KeyType, type KeyValue } from './cursor';
import { and, join, raw, sc, sql, type ScopeColumn, type Sql } from './sql';

export interface SortKey {
  column: ScopeColumn;
  dir: 'asc' | 'desc';
  type: KeyType;
  /** Only the first key may be nullable (its NULLs are walked as a last arm). */
  nullable?: boolean;
}

export const idKey = (dir: 'asc' | 'desc'): SortKey => ({ column: 'petitionId', dir, type: 'string' });

export interface Path {
  /** Read through this index (INDEXED BY); absent for an id-set path. */
  index?: string;
  /** ANDed: the access key and equality prefix, then residual filters. */
  where: Sql[];
  /** A range on the first key (a date or level filter on the sort field): part of every seek. */
  bounds?: Sql[];
  /** The same range written as a check (not sought): for the arms that fix the first key by equality. */
  boundChecks?: Sql[];
  /**
   * An id-set path (a text or petitioner search with few matches): these petitions' rows are looked up
   * by primary key (petitionId, scope), and the page is sorted from them (at most the set's size).
   */
  ids?: readonly string[];
  /** A check in code on each row's search key (a text search's materialised matches): rows are read until enough pass. */
  accept?: (docId: number) => boolean;
  /**
   * A text search walked in the search index's own order (receipt order: the receivedAt sort only): its
   * matches newest (or oldest) first, each looked up in the caller's list rows (search.ts, textWalk).
   */
  text?: { index: string; match: string };
}

/**
 * The rows a path reads from: the list table through the path's index, or the id set's rows, each looked
 * up by the list table's primary key (CROSS JOIN fixes the join order in SQLite; the primary key of a
 * WITHOUT ROWID table is named sqlite_autoindex_<table>_1).
 */
function source(path: Path): Sql {
  if (path.ids) return sql`json_each(${JSON.stringify(path.ids)}) j CROSS JOIN "PetitionScope" s INDEXED BY "sqlite_autoindex_PetitionScope_1" ON ${sc('petitionId')} = j."value"`;
  return path.index ? sql`"PetitionScope" s INDEXED BY ${raw(`"${path.index}"`)}` : sql`"PetitionScope" s`;
}

export interface KeyRow { id: string; values: unknown[] }

const direction = (k: SortKey) => raw(k.dir === 'asc' ? 'ASC' : 'DESC');
const beyond = (k: SortKey, v: KeyValue): Sql => sql`${sc(k.column)} ${raw(k.dir === 'asc' ? '>' : '<')} ${v}`;
const equal = (k: SortKey, v: KeyValue): Sql => (v === null ? sql`${sc(k.column)} IS NULL` : sql`${sc(k.column)} = ${v}`);

/** The arms of "after the cursor" in sort order; without a cursor, the whole path. */
export function arms(keys: readonly SortKey[], after: readonly KeyValue[] | undefined, bounded: boolean): Sql[][] {
  const first = keys[0]!;
  if (!after) {
    if (!first.nullable) return [[]];
    return bounded ? [[sql`${sc(first.column)} IS NOT NULL`]] : [[sql`${sc(first.column)} IS NOT NULL`], [sql`${sc(first.column)} IS NULL`]];
  }
  const out: Sql[][] = [];
  for (let i = keys.length - 1; i >= 0; i--) {
    const v = after[i] ?? null;
    if (v === null) continue; // NULLs sort last: nothing comes after a NULL on this key but deeper keys
    const prefix = keys.slice(0, i).map((k, j) => equal(k, after[j] ?? null));
    out.push([...prefix, beyond(keys[i]!, v)]);
    if (keys[i]!.nullable && !bounded) out.push([...prefix, sql`${sc(keys[i]!.column)} IS NULL`]);
  }
  return out;
}

/** "After the cursor" as one condition (for an id-set path, sorted in full). */
function afterCondition(keys: readonly SortKey[], after: readonly KeyValue[]): Sql {
  const parts = arms(keys, after, false).map((a) => and(a));
  return parts.length ? sql`(${join(parts, ' OR ')})` : sql`0`;
}

function selectKeys(keys: readonly SortKey[]): Sql {
  return join(keys.map((k, i) => sql`${sc(k.column)} AS ${raw(`k${i}`)}`), ', ');
}

function orderBy(keys: readonly SortKey[], nullsLast: boolean): Sql {
  return join(keys.map((k) => sql`${sc(k.column)} ${direction(k)}${raw(nullsLast && k.nullable ? ' NULLS LAST' : '')}`), ', ');
}

const toKeyRow = (keys: readonly SortKey[]) => (r: Row): KeyRow => ({ id: String(r.id), values: keys.map((_, i) => r[`k${i}`] ?? null) });

/** Up to `limit` rows of a query, in its order; with a check in code, read one by one until enough pass. */
function take(rs: ReadSql, keys: readonly SortKey[], query: (limit: Sql) => Sql, limit: number, accept?: (docId: number) => boolean): KeyRow[] {
  if (!accept) return rs.all<Row>(query(sql`LIMIT ${limit}`)).map(toKeyRow(keys));
  const rows: KeyRow[] = [];
  for (const r of rs.iterate<Row>(query(sql``))) {
    if (!accept(Number(r.docId))) continue;
    rows.push(toKeyRow(keys)(r));
    if (rows.length >= limit) break;
  }
  return rows;
}

/** Up to `limit` rows of one path after the cursor, in key order. */
export function walk(rs: ReadSql, path: Path, keys: readonly SortKey[], after: readonly KeyValue[] | undefined, limit: number): KeyRow[] {
  if (path.text) return textWalk(rs, path, keys, after, limit);
  const docId = path.accept ? sql`, ${sc('docId')} AS "docId"` : sql``;
  if (path.ids) {
    const where = and([...path.where, ...(path.bounds ?? []), ...(after ? [afterCondition(keys, after)] : [])]);
    return take(rs, keys, (lim) => sql`SELECT ${sc('petitionId')} AS id, ${selectKeys(keys)}${docId} FROM ${source(path)} WHERE ${where}
      ORDER BY ${orderBy(keys, true)} ${lim}`, limit, path.accept);
  }
  const rows: KeyRow[] = [];
  for (const arm of arms(keys, after, !!path.bounds?.length)) {
    // An arm of two or more terms fixes the first key by equality: its range is only checked there.
    const range = arm.length > 1 ? path.boundChecks ?? path.bounds : path.bounds;
    const where = and([...path.where, ...(range ?? []), ...arm]);
    rows.push(...take(rs, keys, (lim) => sql`SELECT ${sc('petitionId')} AS id, ${selectKeys(keys)}${docId} FROM ${source(path)} WHERE ${where}
      ORDER BY ${orderBy(keys, false)} ${lim}`, limit - rows.length, path.accept));
    if (rows.length >= limit) break;
  }
  return rows;
}

/** SQLite's order of values: NULL last here (as the keys define), numbers before text, text by code unit. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = typeof a === 'number' || typeof a === 'bigint';
  const nb = typeof b === 'number' || typeof b === 'bigint';
  if (na && nb) return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  if (na !== nb) return na ? -1 : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function compareRows(keys: readonly SortKey[], a: KeyRow, b: KeyRow): number {
  for (let i = 0; i < keys.length; i++) {
    const va = a.values[i];
    const vb = b.values[i];
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1; // NULLs last in either direction
      continue;
    }
    const c = compareValues(va, vb);
    if (c) return keys[i]!.dir === 'asc' ? c : -c;
  }
  return 0;
}

/** The first `limit` rows over several disjoint paths, merged in key order. */
export function walkAll(rs: ReadSql, paths: readonly Path[], keys: readonly SortKey[], after: readonly KeyValue[] | undefined, limit: number): KeyRow[] {
  if (paths.length === 1) return walk(rs, paths[0]!, keys, after, limit);
  return paths.flatMap((p) => walk(rs, p, keys, after, limit)).sort((a, b) => compareRows(keys, a, b)).slice(0, limit);
}

/** Every row of the paths (they are disjoint), for includeTotal: a count of the whole match, so it costs what the match holds. */
export function countAll(rs: ReadSql, paths: readonly Path[]): number {
  let total = 0;
  for (const p of paths) {
    const where = and([...p.where, ...(p.bounds ?? [])]);
    const accept = p.accept ?? (p.text ? matchesOf(rs, p.text) : undefined);
    if (accept) {
      for (const r of rs.iterate<{ d: number }>(sql`SELECT ${sc('docId')} AS d FROM ${source(p)} WHERE ${where}`)) if (accept(Number(r.d))) total++;
      continue;
    }
    const row = rs.get<{ c: number }>(sql`SELECT count(*) AS c FROM ${source(p)} WHERE ${where}`);
    total += Number(row?.c ?? 0);
  }
  return total;
}

/** Every search key a text search matches, as a check. */
export function matchesOf(rs: ReadSql, text: { index: string; match: string }): (docId: number) => boolean {
  const table = raw(`"${text.index}"`);
  const set = new Set(rs.all<{ d: number }>(sql`SELECT "rowid" AS d FROM ${table} WHERE ${table} MATCH ${text.match}`).map((r) => Number(r.d)));
  return (d) => set.has(d);
}

/** A stored key value as the cursor carries it. */
function cursorValue(type: KeyType, v: unknown): KeyValue {
  if (v === null || v === undefined) return null;
  if (type === 'date') return new Date(typeof v === 'bigint' ? Number(v) : (v as string | number));
  if (type === 'int') return Number(v);
  return String(v);
}

export interface KeysetPage { ids: string[]; rows: KeyRow[]; nextCursor: string | null }

/** One page over the paths: the cursor is decoded against `shape` and the next one encoded from the last row. */
export function keysetPage(rs: ReadSql, opts: { paths: readonly Path[]; keys: readonly SortKey[]; shape: CursorShape; cursor?: string; limit: number }): KeysetPage {
  const after = opts.cursor === undefined ? undefined : decodeCursor(opts.shape, opts.cursor);
  const rows = walkAll(rs, opts.paths, opts.keys, after, opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > opts.limit && last
    ? encodeCursor(opts.shape, opts.keys.map((k, i) => cursorValue(k.type, last.values[i])))
    : null;
  return { ids: page.map((r) => r.id), rows: page, nextCursor };
}
