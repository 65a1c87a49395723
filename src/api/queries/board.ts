// The supervision board (督办台): cases in scope that are open and overdue or escalated, or that have an
// unanswered supervision notice (which stays open after the case closes), most urgent first:
//   1. overdue cases, the longest overdue first (earliest next deadline), then higher escalation level;
//   2. then the others by escalation level (highest first), then the nearest next deadline (none last).
// The list table marks each case's group (board = 1 or 2), and each group has a partial index in exactly
// that order (PetitionScope_board_overdue_idx, PetitionScope_board_other_idx), so a page is a seek into
// group 1 and, once it is exhausted, into group 2. The counts come from the gauges (UnitGauge), one row
// per unit and class, so neither grows with the number of cases on the board.
// PostgreSQL: the same partial indexes (CREATE INDEX … WHERE board = 1), the gauges kept by a trigger or
// by the projection write.
import type { ReadSql } from '../../db/readConnection';
import type { Principal } from '../../domain';
import type { Board, BoardItem } from '../schemas/reads';
import { decodeCursor, encodeCursor, fingerprint, type CursorShape, type KeyValue } from './cursor';
import type { PetitionFilters } from './filters';
import { idKey, walkAll, type KeyRow, type Path, type SortKey } from './keyset';
import { accessKeys, scopeUnits } from './scope';
import { and, inList, n, sc, sql } from './sql';
import type { ClockReading } from './nextClock';
import { summaryRows, toSummary, type SummaryRow } from './summary';

const OVERDUE_KEYS: SortKey[] = [
  { column: 'deadlineKey', dir: 'asc', type: 'string' },
  { column: 'escalationLevel', dir: 'desc', type: 'int' },
  idKey('asc'),
];
const OTHER_KEYS: SortKey[] = [
  { column: 'escalationLevel', dir: 'desc', type: 'int' },
  { column: 'deadlineKey', dir: 'asc', type: 'string' },
  idKey('asc'),
];
const GROUPS = [
  { board: 1, index: 'PetitionScope_board_overdue_idx', keys: OVERDUE_KEYS },
  { board: 2, index: 'PetitionScope_board_other_idx', keys: OTHER_KEYS },
] as const;

/** The cursor: the group, then the same three values whatever the group's key order. */
const CURSOR_KEYS = [{ type: 'int' }, { type: 'string' }, { type: 'int' }, { type: 'string' }] as const;

function boardItem(r: SummaryRow, now: Date, clocks?: ClockReading): BoardItem {
  const reasons: BoardItem['reasons'] = [];
  if (r.overdue) reasons.push('overdue');
  if (r.escalationLevel > 0) reasons.push('escalated');
  if ((r.openSupervision ?? 0) > 0) reasons.push('supervision');
  const overdueForMs = r.overdue && r.nextDeadline ? Math.max(0, now.getTime() - r.nextDeadline.getTime()) : null;
  return { ...toSummary(r, true, clocks), reasons, overdueForMs };
}

type BoardFilters = Pick<PetitionFilters, 'unitId' | 'class'>;

/** Each group's access paths. Exported for the query-plan tests. */
export function boardPaths(principal: Principal, filters: BoardFilters): { board: 1 | 2; keys: SortKey[]; paths: Path[] }[] {
  const keys = accessKeys(principal, filters.unitId);
  const residual = filters.class ? [inList(sc('class'), filters.class)] : [];
  return GROUPS.map((g) => ({
    board: g.board,
    keys: g.keys,
    // The group as a literal: the partial index's WHERE must be implied by the query's at prepare time.
    paths: keys.map((key) => ({ index: g.index, where: [sql`${sc('scope')} = ${key}`, g.board === 1 ? sql`${sc('board')} = 1` : sql`${sc('board')} = 2`, ...residual] })),
  }));
}

/** The board's counts over the caller's units (and the unit and class filters), from the gauges. */
function counts(rs: ReadSql, principal: Principal, filters: BoardFilters): Board['counts'] {
  const allowed = scopeUnits(principal);
  const units = filters.unitId ? filters.unitId.filter((u) => !allowed || allowed.includes(u)) : allowed;
  const where = and([
    ...(units ? [inList(sql`"unitId"`, units)] : []),
    ...(filters.class ? [inList(sql`"class"`, filters.class)] : []),
  ]);
  const c = rs.get<Record<string, unknown>>(sql`SELECT sum("boardTotal") AS total, sum("boardOverdue") AS overdue,
      sum("boardEscalated") AS escalated, sum("boardSupervision") AS supervision FROM "UnitGauge" WHERE ${where}`) ?? {};
  return { total: n(c.total), overdue: n(c.overdue), escalated: n(c.escalated), openSupervision: n(c.supervision) };
}

export function supervisionBoard(rs: ReadSql, principal: Principal, req: { filters: BoardFilters; limit: number; cursor?: string; clocks?: ClockReading }): Board {
  return rs.snapshot(() => {
    const now = new Date();
    const shape: CursorShape = { kind: 'board', keys: CURSOR_KEYS, query: fingerprint(req.filters) };
    const after = req.cursor === undefined ? undefined : decodeCursor(shape, req.cursor);
    const want = req.limit + 1;
    const rows: { board: number; row: KeyRow }[] = [];
    for (const g of boardPaths(principal, req.filters)) {
      if (after && (after[0] as number) > g.board) continue;
      // The cursor's values in this group's key order (deadlineKey, level, id or level, deadlineKey, id).
      const inGroup: KeyValue[] | undefined = after && after[0] === g.board
        ? (g.board === 1 ? [after[1]!, after[2]!, after[3]!] : [after[2]!, after[1]!, after[3]!])
        : undefined;
      rows.push(...walkAll(rs, g.paths, g.keys, inGroup, want - rows.length).map((row) => ({ board: g.board, row })));
      if (rows.length >= want) break;
    }
    const page = rows.slice(0, req.limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > req.limit && last) {
      const [a, b, id] = last.row.values;
      const [deadlineKey, level] = last.board === 1 ? [a, b] : [b, a];
      nextCursor = encodeCursor(shape, [last.board, String(deadlineKey), Number(level), String(id)]);
    }
    return {
      asOf: now.toISOString(),
      counts: counts(rs, principal, req.filters),
      items: summaryRows(rs, page.map((r) => r.row.id)).map((r) => boardItem(r, now, req.clocks)),
      nextCursor,
    };
  });
}
