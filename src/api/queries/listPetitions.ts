// The petition list: the caller's access keys, filters, one sort field then the id, one keyset page at a
// time, read from the list table (PetitionScope). Which index answers (the plan each list gets):
//   - no status filter:          PetitionScope_<sort>_idx            (scope, <sort>, petitionId)
//   - status=a,b:                PetitionScope_status_<sort>_idx     (scope, status, <sort>, petitionId), one path per status
//   - overdue=true / escalated:  PetitionScope_attention_<sort>_idx  the same, over overdue or escalated rows only
//   - unitId=a,b:                the 'u:<unit>' key of each unit (in scope); officerId=x: the 'o:<officer>' key
//   - received range with sort=receivedAt, due range with sort=nextDeadline: a range inside the seek
//   - q, petitioner: a search probe, then either an id set sorted alone or a check on each row walked (search.ts)
// Every other filter (class, channel, overdue=false, escalation level 0, the other date ranges) is checked
// on the rows the index delivers in order. Scope and the access key are the leading equality, so the
// number of cases outside the caller's scope never matters.
import type { ReadSql } from '../../db/readConnection';
import type { Principal } from '../../domain';
import type { PetitionPage } from '../schemas/reads';
import { fingerprint } from './cursor';
import { needsAttention, residualFilters, within, type PetitionFilters } from './filters';
import { countAll, idKey, keysetPage, type Path, type SortKey } from './keyset';
import { accessKeys, isStaff, scopeUnits } from './scope';
import { combineIdFilters, petitionerFilter, smallSetFor, textFilter, type IdFilter } from './search';
import { inList, sc, sql, type Sql } from './sql';
import { summaryRows, toSummary } from './summary';

export const SORT_FIELDS = ['receivedAt', 'nextDeadline', 'escalationLevel', 'updatedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const SORT_KEYS: Record<SortField, Omit<SortKey, 'dir'>> = {
  receivedAt: { column: 'receivedAt', type: 'date' },
  nextDeadline: { column: 'nextDeadline', type: 'date', nullable: true },
  escalationLevel: { column: 'escalationLevel', type: 'int' },
  updatedAt: { column: 'updatedAt', type: 'date' },
};

/** More paths than this and a status filter is checked on each row instead of leading the index. */
const MAX_PATHS = 48;

export interface ListRequest {
  filters: PetitionFilters;
  sort: SortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  includeTotal?: boolean;
}

export interface ListPlan {
  paths: Path[];
  keys: SortKey[];
}

/** The access paths of a list (none: it is empty for this caller). Exported for the query-plan tests. */
export function planList(rs: ReadSql, principal: Principal, f: PetitionFilters, sort: SortField, order: 'asc' | 'desc', limit = 20): ListPlan {
  const keys: SortKey[] = [{ ...SORT_KEYS[sort], dir: order }, idKey(order)];
  const access: Sql[] = [];
  let scopeKeys: string[];
  if (f.officerId && isStaff(principal)) {
    // An officer's cases, within what the caller may see and the unit filter.
    scopeKeys = f.officerId.map((o) => `o:${o}`);
    const units = scopeUnits(principal);
    if (units) access.push(inList(sc('unitId'), units));
    if (f.unitId) access.push(inList(sc('unitId'), f.unitId));
  } else {
    scopeKeys = accessKeys(principal, isStaff(principal) ? f.unitId : undefined);
    // A petitioner's own list: a unit filter narrows it like any other filter.
    if (!isStaff(principal) && f.unitId) access.push(inList(sc('unitId'), f.unitId));
    if (!isStaff(principal) && f.officerId) access.push(inList(sc('officerId'), f.officerId));
  }

  const searches: IdFilter[] = [];
  const smallSet = f.q || f.petitioner ? smallSetFor(rs, limit) : 0;
  if (f.q) searches.push(textFilter(rs, f.q, smallSet));
  if (f.petitioner) searches.push(petitionerFilter(rs, f.petitioner, smallSet));
  const search = combineIdFilters(searches);
  if (!scopeKeys.length || search.ids?.length === 0) return { paths: [], keys };

  const byStatus = f.status !== undefined && search.ids === undefined && scopeKeys.length * f.status.length <= MAX_PATHS;
  const attention = !byStatus && needsAttention(f);
  const bounds = sort === 'receivedAt' ? within('receivedAt', f.received) : sort === 'nextDeadline' ? within('nextDeadline', f.due) : [];
  const residual = [
    ...access,
    ...residualFilters(f, { status: byStatus, received: sort === 'receivedAt', due: sort === 'nextDeadline' }),
    ...search.residual,
  ];
  const index = `PetitionScope_${byStatus ? 'status_' : attention ? 'attention_' : ''}${sort}_idx`;
  const scope = (key: string) => sql`${sc('scope')} = ${key}`;

  const paths: Path[] = [];
  for (const key of scopeKeys) {
    if (search.ids !== undefined) {
      // Few matches: looked up by id and sorted; the keys' index is not needed.
      paths.push({ ids: search.ids, where: [scope(key), ...residual], bounds });
    } else if (byStatus) {
      for (const status of f.status!) paths.push({ index, where: [scope(key), sql`${sc('status')} = ${status}`, ...residual], bounds });
    } else {
      paths.push({ index, where: [scope(key), ...(attention ? [sql`${sc('attention')} = 1`] : []), ...residual], bounds });
    }
  }
  return { paths, keys };
}

export function listPetitions(rs: ReadSql, principal: Principal, req: ListRequest): PetitionPage {
  return rs.snapshot(() => {
    const { paths, keys } = planList(rs, principal, req.filters, req.sort, req.order, req.limit);
    const shape = { kind: 'petitions', keys, query: fingerprint({ f: req.filters, s: req.sort, o: req.order }) };
    const page = keysetPage(rs, { paths, keys, shape, cursor: req.cursor, limit: req.limit });
    const staff = isStaff(principal);
    const items = summaryRows(rs, page.ids).map((r) => toSummary(r, staff));
    const total = req.includeTotal ? countAll(rs, paths) : undefined;
    return { items, nextCursor: page.nextCursor, ...(total !== undefined ? { total } : {}) };
  });
}
