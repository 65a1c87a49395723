// The list filters. Which access path a list takes (the access key, a status or the attention rows, the
// sort field's index) is chosen in plan.ts; every other filter is a residual condition on the list row
// (alias s), checked as the index is walked.
import type { Range } from './dates';
import { inList, sc, sql, type ScopeColumn, type Sql } from './sql';

export interface PetitionFilters {
  status?: string[];
  class?: string[];
  channel?: string[];
  unitId?: string[];
  officerId?: string[];
  overdue?: boolean;
  escalationLevel?: number[];
  minEscalationLevel?: number;
  received?: Range;
  due?: Range;
  closed?: Range;
  /** Substring of the title or the content. */
  q?: string;
  /** Staff only: a petitioner's name, contact or ID number, matched exactly (normalised). */
  petitioner?: string;
}

export function within(column: ScopeColumn, r: Range | undefined): Sql[] {
  if (!r) return [];
  return [...(r.from ? [sql`${sc(column)} >= ${r.from}`] : []), ...(r.to ? [sql`${sc(column)} <= ${r.to}`] : [])];
}

/** Only cases that are overdue or escalated can match: the attention rows (a partial index) answer. */
export function needsAttention(f: PetitionFilters): boolean {
  return f.overdue === true
    || (f.escalationLevel !== undefined && f.escalationLevel.length > 0 && !f.escalationLevel.includes(0))
    || (f.minEscalationLevel !== undefined && f.minEscalationLevel >= 1);
}

/** The filters checked on each row walked, except those the path answers (status, unit, the range on the sort field). */
export function residualFilters(f: PetitionFilters, skip: { status?: boolean; received?: boolean; due?: boolean }): Sql[] {
  const parts: Sql[] = [];
  if (f.status && !skip.status) parts.push(inList(sc('status'), f.status));
  if (f.class) parts.push(inList(sc('class'), f.class));
  if (f.channel) parts.push(inList(sc('channel'), f.channel));
  if (f.overdue !== undefined) parts.push(sql`${sc('overdue')} = ${f.overdue ? 1 : 0}`);
  if (f.escalationLevel) parts.push(inList(sc('escalationLevel'), f.escalationLevel));
  if (f.minEscalationLevel !== undefined) parts.push(sql`${sc('escalationLevel')} >= ${f.minEscalationLevel}`);
  if (!skip.received) parts.push(...within('receivedAt', f.received));
  if (!skip.due) parts.push(...within('nextDeadline', f.due));
  parts.push(...within('closedAt', f.closed));
  return parts;
}
