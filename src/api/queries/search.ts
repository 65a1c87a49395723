// Text search (q) and staff search by petitioner as list filters that never read every row. Each is first
// probed for up to S (searchSettings.smallSet, 2,000) matching cases through its own index (src/db/search.ts):
//  - at most S: the page is sorted from those cases alone (each looked up by primary key in the caller's
//    list rows), whatever the number of cases;
//  - more: the term is common, so the sort field's index is walked as for any list and each row is
//    checked against the search index (one lookup by docId). With more than S matches, a page of n rows
//    is found after about n × cases ÷ matches rows; at most n × cases ÷ S.
// Both cost grows sub-linearly with the number of cases; a term frequent across the organisation but
// absent from the caller's units is the slow case (the whole scope is walked, as for any filter that
// matches nothing).
import { petitionerSearchKeys, textQuery } from '../../db/search';
import type { ReadSql } from '../../db/readConnection';
import { join, raw, sc, sql, type Sql } from './sql';

/** At most this many matches are sorted on their own (tests lower it to exercise the other path). */
export const searchSettings = { smallSet: 2000 };

export type IdFilter =
  | { kind: 'set'; ids: string[] }
  | { kind: 'residual'; condition: Sql };

function probe(rs: ReadSql, query: Sql): string[] {
  return rs.all<{ id: string }>(query).map((r) => r.id);
}

export function textFilter(rs: ReadSql, q: string): IdFilter {
  const t = textQuery(q);
  const table = raw(`"${t.index}"`);
  const ids = probe(rs, sql`SELECT p."id" AS id FROM ${table} f JOIN "Petition" p ON p."docId" = f."rowid"
    WHERE f.${table} MATCH ${t.match} LIMIT ${searchSettings.smallSet + 1}`);
  if (ids.length <= searchSettings.smallSet) return { kind: 'set', ids };
  return { kind: 'residual', condition: sql`EXISTS (SELECT 1 FROM ${table} f WHERE f.${table} MATCH ${t.match} AND f."rowid" = ${sc('docId')})` };
}

export function petitionerFilter(rs: ReadSql, search: string): IdFilter {
  const keys = petitionerSearchKeys(search);
  if (!keys.length) return { kind: 'set', ids: [] };
  const ids = probe(rs, sql`SELECT DISTINCT "petitionId" AS id FROM "PetitionerKey" WHERE "key" IN (${join(keys)}) LIMIT ${searchSettings.smallSet + 1}`);
  if (ids.length <= searchSettings.smallSet) return { kind: 'set', ids };
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

