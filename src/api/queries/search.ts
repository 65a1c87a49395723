// Text search (q) and staff search by petitioner as list filters that never read every row. Each is first
// probed through its own index (src/db/search.ts) for up to S matching cases, S = √(3 × page × cases)
// (at least 2,000):
//  - at most S matches: the page is sorted from those cases alone, each looked up by primary key in the
//    caller's list rows: cost ∝ matches;
//  - more: the term is common, so the sort field's index is walked as for any list and each row is checked
//    against the search index (one lookup): a page of n rows is found after about n × cases ÷ matches rows.
// S is where the two costs meet (a check costs about three primary-key lookups), so a search costs at most
// about √(3 × page × cases) lookups: it grows with the square root of the register, never linearly. The
// slow case is a term frequent in the organisation but absent from the caller's units (the walk then reads
// the caller's whole scope, as any filter that matches nothing does).
import { petitionerSearchKeys, textQuery } from '../../db/search';
import type { ReadSql } from '../../db/readConnection';
import { join, raw, sc, sql, type Sql } from './sql';

/** A fixed S instead of the computed one (tests use it to take either path on a small database). */
export const searchSettings: { smallSet?: number } = {};

const MIN_SMALL_SET = 2000;

export type IdFilter =
  | { kind: 'set'; ids: string[] }
  | { kind: 'residual'; condition: Sql };

/** S for a page of `limit` rows: the number of cases is read from the highest search number (an index lookup). */
export function smallSetFor(rs: ReadSql, limit: number): number {
  if (searchSettings.smallSet !== undefined) return searchSettings.smallSet;
  const cases = Number(rs.get<{ n: number | null }>(sql`SELECT max("docId") AS n FROM "Petition"`)?.n ?? 0);
  return Math.max(MIN_SMALL_SET, Math.ceil(Math.sqrt(3 * (limit + 1) * cases)));
}

export function textFilter(rs: ReadSql, q: string, smallSet: number): IdFilter {
  const t = textQuery(q);
  const table = raw(`"${t.index}"`);
  // The probe reads the index alone; only a small set is turned into petition ids.
  const docs = rs.all<{ d: number }>(sql`SELECT "rowid" AS d FROM ${table} WHERE ${table} MATCH ${t.match} LIMIT ${smallSet + 1}`);
  if (docs.length <= smallSet) {
    const ids = rs.all<{ id: string }>(sql`SELECT p."id" AS id FROM json_each(${JSON.stringify(docs.map((x) => x.d))}) j
      CROSS JOIN "Petition" p INDEXED BY "Petition_docId_key" ON p."docId" = j."value"`).map((r) => r.id);
    return { kind: 'set', ids };
  }
  return { kind: 'residual', condition: sql`EXISTS (SELECT 1 FROM ${table} f WHERE f.${table} MATCH ${t.match} AND f."rowid" = ${sc('docId')})` };
}

export function petitionerFilter(rs: ReadSql, search: string, smallSet: number): IdFilter {
  const keys = petitionerSearchKeys(search);
  if (!keys.length) return { kind: 'set', ids: [] };
  const ids = rs.all<{ id: string }>(sql`SELECT DISTINCT "petitionId" AS id FROM "PetitionerKey" WHERE "key" IN (${join(keys)}) LIMIT ${smallSet + 1}`).map((r) => r.id);
  if (ids.length <= smallSet) return { kind: 'set', ids };
  return { kind: 'residual', condition: sql`EXISTS (SELECT 1 FROM "PetitionerKey" k WHERE k."key" IN (${join(keys)}) AND k."petitionId" = ${sc('petitionId')})` };
}

/** The searches together: the ids all small sets share (undefined when none is small), and the other conditions. */
export function combineIdFilters(filters: IdFilter[]): { ids?: string[]; residual: Sql[] } {
  let ids: string[] | undefined;
  const residual: Sql[] = [];
  for (const f of filters) {
    if (f.kind === 'residual') residual.push(f.condition);
    else ids = ids === undefined ? f.ids : ids.filter((id) => f.ids.includes(id));
  }
  return { ids, residual };
}

