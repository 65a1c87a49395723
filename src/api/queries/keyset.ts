// Keyset pagination over the projection: rows are ordered by a list of keys ending in the unique id, and
// the next page starts strictly after the last row's key values. Rows inserted meanwhile land in their
// place without shifting the pages (no duplicates, no gaps), which offsets cannot promise.
// NULLs sort last in either direction.
import type { Db } from '../../db/client';
import { Prisma } from '../../generated/prisma/client';
import { decodeCursor, encodeCursor, type CursorShape, type KeyType, type KeyValue } from './cursor';
import { and, col, FALSE, or, sql, TRUE, type Sql } from './sql';

export interface SortKey {
  expr: Sql;
  dir: 'asc' | 'desc';
  type: KeyType;
  nullable?: boolean;
}

export const ID_KEY = (dir: 'asc' | 'desc'): SortKey => ({ expr: col('id'), dir, type: 'string' });

const orderBy = (keys: readonly SortKey[]): Sql =>
  Prisma.join(keys.map((k) => sql`${k.expr} ${Prisma.raw(k.dir === 'asc' ? 'ASC' : 'DESC')}${Prisma.raw(k.nullable ? ' NULLS LAST' : '')}`), ', ');

/** Rows strictly after the given key values in the keys' order (lexicographic, NULLs last). */
function after(keys: readonly SortKey[], values: readonly KeyValue[]): Sql {
  const beyond = (k: SortKey, v: KeyValue): Sql => {
    if (v === null) return FALSE; // nothing sorts after NULL on this key
    const cmp = sql`${k.expr} ${Prisma.raw(k.dir === 'asc' ? '>' : '<')} ${v}`;
    return k.nullable ? sql`(${cmp} OR ${k.expr} IS NULL)` : cmp;
  };
  // `IS` is SQLite's NULL-safe equality.
  return or(keys.map((k, i) => and([...keys.slice(0, i).map((e, j) => sql`${e.expr} IS ${values[j]}`), beyond(k, values[i] ?? null)])));
}

function normalise(type: KeyType, v: unknown): KeyValue {
  if (v === null || v === undefined) return null;
  if (type === 'date') return v instanceof Date ? v : new Date(String(v));
  if (type === 'int') return Number(v); // booleans and BigInts come back from SQLite as such
  return String(v);
}

export interface KeysetPage { ids: string[]; nextCursor: string | null }

/** One page of petition ids in key order; `where` must already hold the scope and filters. */
export async function keysetPage(db: Db, opts: { where: Sql; keys: readonly SortKey[]; shape: CursorShape; cursor?: string; limit: number }): Promise<KeysetPage> {
  const { where, keys, shape, limit } = opts;
  const start = opts.cursor === undefined ? TRUE : after(keys, decodeCursor(shape, opts.cursor));
  const selectKeys = Prisma.join(keys.map((k, i) => sql`${k.expr} AS ${Prisma.raw(`k${i}`)}`), ', ');
  const rows = await db.$queryRaw<Record<string, unknown>[]>(
    sql`SELECT p."id" AS id, ${selectKeys} FROM "Petition" p WHERE ${where} AND ${start} ORDER BY ${orderBy(keys)} LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(shape, keys.map((k, i) => normalise(k.type, last[`k${i}`]))) : null;
  return { ids: page.map((r) => String(r.id)), nextCursor };
}
