// The supervision board (督办台): open cases in scope that are overdue, escalated or have an unanswered
// supervision notice, most urgent first:
//   1. overdue cases, the longest overdue first (earliest next deadline), then higher escalation level;
//   2. then the others by escalation level (highest first), then the nearest next deadline.
// One ORDER BY expresses both: overdue DESC, (next deadline if overdue) ASC, escalation DESC, next deadline ASC, id.
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import type { Board, BoardItem } from '../schemas/reads';
import { fingerprint } from './cursor';
import { filtersSql, type PetitionFilters } from './filters';
import { ID_KEY, keysetPage, type SortKey } from './keyset';
import { scopeSql } from './scope';
import { and, col, n, or, sql } from './sql';
import { summaryRows, toSummary, type SummaryRow } from './summary';

const BOARD_KEYS: SortKey[] = [
  { expr: col('overdue'), dir: 'desc', type: 'int' },
  { expr: sql`CASE WHEN ${col('overdue')} THEN ${col('nextDeadline')} END`, dir: 'asc', type: 'date', nullable: true },
  { expr: col('escalationLevel'), dir: 'desc', type: 'int' },
  { expr: col('nextDeadline'), dir: 'asc', type: 'date', nullable: true },
  ID_KEY('asc'),
];

const onBoard = and([
  sql`${col('status')} <> 'closed'`,
  or([sql`${col('overdue')} = 1`, sql`${col('escalationLevel')} > 0`, sql`COALESCE(${col('openSupervision')}, 0) > 0`]),
]);

function boardItem(r: SummaryRow, now: Date): BoardItem {
  const reasons: BoardItem['reasons'] = [];
  if (r.overdue) reasons.push('overdue');
  if (r.escalationLevel > 0) reasons.push('escalated');
  if ((r.openSupervision ?? 0) > 0) reasons.push('supervision');
  const overdueForMs = r.overdue && r.nextDeadline ? Math.max(0, now.getTime() - r.nextDeadline.getTime()) : null;
  return { ...toSummary(r, true), reasons, overdueForMs };
}

export async function supervisionBoard(
  db: Db, principal: Principal, req: { filters: Pick<PetitionFilters, 'unitId' | 'class'>; limit: number; cursor?: string },
): Promise<Board> {
  const now = new Date();
  const where = and([scopeSql(principal), filtersSql(req.filters), onBoard]);
  const shape = { kind: 'board', keys: BOARD_KEYS, query: fingerprint(req.filters) };
  const [page, countRows] = await Promise.all([
    keysetPage(db, { where, keys: BOARD_KEYS, shape, cursor: req.cursor, limit: req.limit }),
    db.$queryRaw<Record<string, unknown>[]>(sql`
      SELECT count(*) AS total,
             sum(${col('overdue')} = 1) AS overdue,
             sum(${col('escalationLevel')} > 0) AS escalated,
             sum(COALESCE(${col('openSupervision')}, 0) > 0) AS supervision
      FROM "Petition" p WHERE ${where}`),
  ]);
  const c = countRows[0] ?? {};
  return {
    asOf: now.toISOString(),
    counts: { total: n(c.total), overdue: n(c.overdue), escalated: n(c.escalated), openSupervision: n(c.supervision) },
    items: (await summaryRows(db, page.ids)).map((r) => boardItem(r, now)),
    nextCursor: page.nextCursor,
  };
}
