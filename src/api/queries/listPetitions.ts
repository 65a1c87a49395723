// The petition list: the caller's access keys, filters, one sort field then the id, one keyset page at a
// time, read from the list table (PetitionScope). Which index answers (the plan each list gets):
//   - no status filter:          PetitionScope_<sort>_idx            (scope, <sort>, petitionId)
//   - status=a,b:                PetitionScope_status_<sort>_idx     (scope, status, <sort>, petitionId), one path per status
//   - overdue=true / escalated:  PetitionScope_attention_<sort>_idx  the same, over overdue or escalated rows only
//   - unitId=a,b:                the 'u:<unit>' key of each unit (in scope); officerId=x: the 'o:<officer>' key
//   - received range with sort=receivedAt, due range with sort=nextDeadline: a range inside the seek
//   - q, petitioner: a search probe, then an id set sorted alone, or (a common word sorted by receipt) the
//     search index walked in receipt order, or the sort field's index walked with a check per row (search.ts)
// Every other filter (class, channel, overdue=false, escalation level 0, the other date ranges) is checked
// on the rows the index delivers in order. Scope and the access key are the leading equality, so the
// number of cases outside the caller's scope never matters.
import type { ReadSql } from '../../db/readConnection';
import type { Principal } from '../../domain';
import type { PetitionPage } from '../schemas/reads';
import { fingerprint } from './cursor';
import { atLeastLevel, needsAttention, residualFilters, within, type PetitionFilters } from './filters';
import { countAll, idKey, keysetPage, matchesOf, type Path, type SortKey } from './keyset';
import { accessKeys, isStaff, scopeUnits } from './scope';
import { probePetitioner, probeText, smallSetFor } from './search';
import { inList, sc, sql, type Sql } from './sql';
import type { ClockReading } from './nextClock';
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
  /** Counts each row's days left today (nextClock); absent: nextClock is null. */
  clocks?: ClockReading;
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

  // Searches: few matches make an id set; a common word or name takes another path (search.ts).
  const smallSet = f.q || f.petitioner ? smallSetFor(rs, principal, limit) : 0;
  const text = f.q ? probeText(rs, f.q, smallSet) : undefined;
  const person = f.petitioner ? probePetitioner(rs, f.petitioner, smallSet) : undefined;
  let ids: string[] | undefined;
  for (const probe of [text, person]) {
    if (probe?.kind !== 'set') continue;
    const found = new Set(probe.ids);
    ids = ids === undefined ? probe.ids : ids.filter((id) => found.has(id));
  }
  if (!scopeKeys.length || ids?.length === 0) return { paths: [], keys };
  const largeText = text?.kind === 'large' ? text.text : undefined;
  const walkText = largeText !== undefined && ids === undefined && sort === 'receivedAt';
  const accept = largeText !== undefined && !walkText ? matchesOf(rs, largeText) : undefined;

  const byStatus = f.status !== undefined && ids === undefined && !walkText && scopeKeys.length * f.status.length <= MAX_PATHS;
  const attention = !byStatus && needsAttention(f);
  // A range on the sort field is part of every seek; an arm that fixes the sort field by equality (a cursor
  // inside a run of equal values) checks it instead (boundChecks), so the seek stays the arm's.
  const boundsOf = (seek: boolean) => (sort === 'receivedAt' ? within('receivedAt', f.received, seek)
    : sort === 'nextDeadline' ? within('nextDeadline', f.due, seek) : sort === 'escalationLevel' ? atLeastLevel(f, seek) : []);
  const bounds = boundsOf(true);
  const boundChecks = boundsOf(false);
  const residual = [
    ...access,
    ...residualFilters(f, { status: byStatus, received: sort === 'receivedAt', due: sort === 'nextDeadline', minEscalationLevel: sort === 'escalationLevel' }),
    ...(person?.kind === 'large' ? [person.condition] : []),
  ];
  const index = `PetitionScope_${byStatus ? 'status_' : attention ? 'attention_' : ''}${sort}_idx`;
  const scope = (key: string) => sql`${sc('scope')} = ${key}`;

  // A common word sorted by receipt: one walk of the search index in receipt order over all the access keys.
  // (Its index is what includeTotal counts through.)
  if (walkText) return { paths: [{ text: largeText, index: 'PetitionScope_receivedAt_idx', where: [inList(sc('scope'), scopeKeys), ...residual], bounds }], keys };
  const paths: Path[] = [];
  for (const key of scopeKeys) {
    if (ids !== undefined) {
      // Few matches: looked up by id and sorted; the keys' index is not needed.
      paths.push({ ids, accept, where: [scope(key), ...residual], bounds });
    } else if (byStatus) {
      for (const status of f.status!) paths.push({ index, accept, where: [scope(key), sql`${sc('status')} = ${status}`, ...residual], bounds, boundChecks });
    } else {
      paths.push({ index, accept, where: [scope(key), ...(attention ? [sql`${sc('attention')} = 1`] : []), ...residual], bounds, boundChecks });
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
    const items = summaryRows(rs, page.ids).map((r) => toSummary(r, staff, req.clocks));
    const total = req.includeTotal ? countAll(rs, paths) : undefined;
    return { items, nextCursor: page.nextCursor, ...(total !== undefined ? { total } : {}) };
  });
}
