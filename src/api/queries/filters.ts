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
  /** true: only cases flagged as a likely repeat of another; false: only those not flagged. */
  likelyRepeat?: boolean;
  /** Substring of the title or the content. */
  q?: string;
  /** Staff only: a petitioner's name, contact or ID number, matched exactly (normalised). */
  petitioner?: string;
}

/**
 * A column as a residual check: `+s."col"` is the same value, but SQLite will not seek an index on it, so a
 * check on a column of the path's index never replaces the seek the path is built for (access key, then
 * the keyset arm), whatever ANALYZE says about the column.
 */
export const checked = (column: ScopeColumn): Sql => sql`+${sc(column)}`;

/** A range on a column: `seek` false writes it as a check (see checked). */
export function within(column: ScopeColumn, r: Range | undefined, seek = true): Sql[] {
  if (!r) return [];
  const c = seek ? sc(column) : checked(column);
  return [...(r.from ? [sql`${c} >= ${r.from}`] : []), ...(r.to ? [sql`${c} <= ${r.to}`] : [])];
}

/** minEscalationLevel as a range on escalationLevel: `seek` false writes it as a check (see checked). */
export function atLeastLevel(f: PetitionFilters, seek = true): Sql[] {
  return f.minEscalationLevel === undefined ? [] : [sql`${seek ? sc('escalationLevel') : checked('escalationLevel')} >= ${f.minEscalationLevel}`];
}

/** Only cases that are overdue or escalated can match: the attention rows (a partial index) answer. */
export function needsAttention(f: PetitionFilters): boolean {
  return f.overdue === true
    || (f.escalationLevel !== undefined && f.escalationLevel.length > 0 && !f.escalationLevel.includes(0))
    || (f.minEscalationLevel !== undefined && f.minEscalationLevel >= 1);
}

/** The filters checked on each row walked, except those the path answers (status, unit, the range on the sort field). */
export function residualFilters(f: PetitionFilters, skip: { status?: boolean; received?: boolean; due?: boolean; minEscalationLevel?: boolean }): Sql[] {
  const parts: Sql[] = [];
  if (f.status && !skip.status) parts.push(inList(sc('status'), f.status));
  if (f.class) parts.push(inList(sc('class'), f.class));
  if (f.channel) parts.push(inList(sc('channel'), f.channel));
  if (f.overdue !== undefined) parts.push(sql`${sc('overdue')} = ${f.overdue ? 1 : 0}`);
  // escalationLevel is a column of the escalationLevel sort's indexes: checked, never sought (the keyset arm is).
  if (f.escalationLevel) parts.push(inList(checked('escalationLevel'), f.escalationLevel));
  if (!skip.minEscalationLevel) parts.push(...atLeastLevel(f, false));
  if (!skip.received) parts.push(...within('receivedAt', f.received));
  if (!skip.due) parts.push(...within('nextDeadline', f.due));
  parts.push(...within('closedAt', f.closed));
  if (f.likelyRepeat !== undefined) parts.push(f.likelyRepeat ? sql`${sc('likelyRepeatOfId')} IS NOT NULL` : sql`${sc('likelyRepeatOfId')} IS NULL`);
  return parts;
}
