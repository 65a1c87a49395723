// The list filters as SQL over the projection (alias p). Every list is `scope AND filters`.
import type { Range } from './dates';
import { and, col, containsPattern, inList, sql, type Sql } from './sql';

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
}

function within(column: Sql, r: Range | undefined): Sql[] {
  if (!r) return [];
  return [...(r.from ? [sql`${column} >= ${r.from}`] : []), ...(r.to ? [sql`${column} <= ${r.to}`] : [])];
}

export function filtersSql(f: PetitionFilters): Sql {
  const parts: Sql[] = [];
  if (f.status) parts.push(inList(col('status'), f.status));
  if (f.class) parts.push(inList(col('class'), f.class));
  if (f.channel) parts.push(inList(col('channel'), f.channel));
  if (f.unitId) parts.push(inList(col('unitId'), f.unitId));
  if (f.officerId) parts.push(inList(col('officerId'), f.officerId));
  if (f.overdue !== undefined) parts.push(sql`${col('overdue')} = ${f.overdue ? 1 : 0}`);
  if (f.escalationLevel) parts.push(inList(col('escalationLevel'), f.escalationLevel));
  if (f.minEscalationLevel !== undefined) parts.push(sql`${col('escalationLevel')} >= ${f.minEscalationLevel}`);
  parts.push(...within(col('receivedAt'), f.received), ...within(col('nextDeadline'), f.due), ...within(col('closedAt'), f.closed));
  if (f.likelyRepeat !== undefined) parts.push(f.likelyRepeat ? sql`${col('likelyRepeatOfId')} IS NOT NULL` : sql`${col('likelyRepeatOfId')} IS NULL`);
  if (f.q) {
    // SQLite LIKE: case-insensitive for ASCII letters only; the pattern's own % and _ are escaped.
    const pattern = containsPattern(f.q);
    parts.push(sql`(${col('title')} LIKE ${pattern} ESCAPE '\\' OR ${col('content')} LIKE ${pattern} ESCAPE '\\')`);
  }
  return and(parts);
}
