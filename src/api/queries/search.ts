// Text search (q) and staff search by petitioner as list filters that never read every row. Each is first
// probed through its own index (src/db/search.ts) for up to S matching cases, S = √(7 × page × cases in
// the caller's scope) (at least 2,000), where the two ways below cost the same:
//  - at most S matches: the page is sorted from those cases alone, each looked up by primary key in the
//    caller's list rows: cost ∝ matches, at most S;
//  - more (a common word): sorted by receipt (the default), the search index is walked in its own order,
//    which is receipt order (its keys are receipt instants, src/db/search.ts), newest or oldest first,
//    each match looked up in the caller's list rows, until the page is full: cost ∝ page ÷ the share of the
//    matches in the caller's scope, whatever the number of cases. Sorted otherwise, the matches' keys are
//    read into a set and the sort field's index is walked, each row checked against the set: cost ∝
//    matches (at a fraction of a microsecond each) plus page × cases ÷ matches.
//  - a petitioner search with more than S matches (a very common name) walks the sort field's index and
//    checks each row in PetitionerKey (a primary-key lookup).
// (FTS5 cannot check one row cheaply: `rowid = ?` with a bound value is not passed to the index and a
// rowid range costs a walk of the term's list, so the text index is never probed row by row.)
import { petitionerSearchKeys, receivedMsOf, docIdRange, textQuery, type TextQuery } from '../../db/search';
import type { ReadSql, Row } from '../../db/readConnection';
import type { Principal } from '../../domain';
import type { KeyValue } from './cursor';
import { arms, compareRows, type KeyRow, type Path, type SortKey } from './keyset';
import { scopeUnits } from './scope';
import { and, join, raw, sc, sql, type Sql } from './sql';

/** A fixed S instead of the computed one (tests use it to take either path on a small database). */
export const searchSettings: { smallSet?: number } = {};

const MIN_SMALL_SET = 2000;

/** S for a page of `limit` rows, from the number of cases in the caller's scope (the gauges: a row per unit and class). */
export function smallSetFor(rs: ReadSql, principal: Principal, limit: number): number {
  if (searchSettings.smallSet !== undefined) return searchSettings.smallSet;
  const units = principal.role === 'petitioner' ? [] : scopeUnits(principal);
  if (units && !units.length) return MIN_SMALL_SET;
  const cases = Number(rs.get<{ n: number | null }>(sql`SELECT sum("cases") AS n FROM "UnitGauge" ${units ? sql`WHERE "unitId" IN (${join(units)})` : sql``}`)?.n ?? 0);
  return Math.max(MIN_SMALL_SET, Math.ceil(Math.sqrt(7 * (limit + 1) * cases)));
}

export type TextProbe = { kind: 'set'; ids: string[] } | { kind: 'large'; text: TextQuery };

export function probeText(rs: ReadSql, q: string, smallSet: number): TextProbe {
  const text = textQuery(q);
  const table = raw(`"${text.index}"`);
  const docs = rs.all<{ d: number }>(sql`SELECT "rowid" AS d FROM ${table} WHERE ${table} MATCH ${text.match} LIMIT ${smallSet + 1}`);
  if (docs.length > smallSet) return { kind: 'large', text };
  const ids = rs.all<{ id: string }>(sql`SELECT p."id" AS id FROM json_each(${JSON.stringify(docs.map((x) => x.d))}) j
    CROSS JOIN "Petition" p INDEXED BY "Petition_docId_key" ON p."docId" = j."value"`).map((r) => r.id);
  return { kind: 'set', ids };
}

export type PetitionerProbe = { kind: 'set'; ids: string[] } | { kind: 'large'; condition: Sql };

export function probePetitioner(rs: ReadSql, search: string, smallSet: number): PetitionerProbe {
  const keys = petitionerSearchKeys(search);
  if (!keys.length) return { kind: 'set', ids: [] };
  const ids = rs.all<{ id: string }>(sql`SELECT DISTINCT "petitionId" AS id FROM "PetitionerKey" WHERE "key" IN (${join(keys)}) LIMIT ${smallSet + 1}`).map((r) => r.id);
  if (ids.length <= smallSet) return { kind: 'set', ids };
  return { kind: 'large', condition: sql`EXISTS (SELECT 1 FROM "PetitionerKey" k WHERE k."key" IN (${join(keys)}) AND k."petitionId" = ${sc('petitionId')})` };
}

const BATCH = 64;
const MAX_BATCH = 4096;

/**
 * The rows of a text-search path (Path.text) after the cursor, sorted by receivedAt then id: the index's
 * matches are read in receipt order in growing batches, looked up in the list rows of the path's access
 * keys, and the walk stops once no later match can come before the page's last row.
 */
export function textWalk(rs: ReadSql, path: Path, keys: readonly SortKey[], after: readonly KeyValue[] | undefined, limit: number): KeyRow[] {
  const text = path.text!;
  const desc = keys[0]!.dir === 'desc';
  const table = raw(`"${text.index}"`);
  // Search keys are receipt instants: the cursor and a received range are ranges of them.
  let lo = Number.MIN_SAFE_INTEGER;
  let hi = Number.MAX_SAFE_INTEGER;
  if (after) {
    const [first, last] = docIdRange((after[0] as Date).getTime());
    if (desc) hi = last; else lo = first;
  }
  const where = and([...path.where, ...(path.bounds ?? []), ...(after ? [sql`(${join(arms(keys, after, true).map((a) => and(a)), ' OR ')})`] : [])]);
  const rows: KeyRow[] = [];
  for (let batch = BATCH; lo <= hi; batch = Math.min(batch * 4, MAX_BATCH)) {
    const found = rs.all<{ d: number }>(sql`SELECT "rowid" AS d FROM ${table} WHERE ${table} MATCH ${text.match} AND "rowid" >= ${lo} AND "rowid" <= ${hi}
      ORDER BY "rowid" ${raw(desc ? 'DESC' : 'ASC')} LIMIT ${batch}`).map((r) => Number(r.d));
    if (!found.length) break;
    const hits = rs.all<Row>(sql`SELECT ${sc('petitionId')} AS id, ${sc('receivedAt')} AS k0, ${sc('petitionId')} AS k1
      FROM json_each(${JSON.stringify(found)}) j CROSS JOIN "Petition" p INDEXED BY "Petition_docId_key" ON p."docId" = j."value"
      CROSS JOIN "PetitionScope" s INDEXED BY "sqlite_autoindex_PetitionScope_1" ON ${sc('petitionId')} = p."id"
      WHERE ${where}`);
    rows.push(...hits.map((r): KeyRow => ({ id: String(r.id), values: [r.k0, r.k1] })));
    const edge = found.at(-1)!;
    if (desc) hi = edge - 1; else lo = edge + 1;
    if (rows.length >= limit) {
      rows.sort((a, b) => compareRows(keys, a, b));
      // Matches still to read are received no later (earlier, when ascending) than the last one read.
      const cut = Date.parse(String(rows[limit - 1]!.values[0]));
      const reached = receivedMsOf(edge);
      if (desc ? reached < cut : reached > cut) break;
    }
    if (found.length < batch) break;
  }
  return rows.sort((a, b) => compareRows(keys, a, b)).slice(0, limit);
}
