// Pure comparison of one petition's projection (row, events, notices) with its workflow's state.
import { projectedColumns } from '../activities/projection';
import type { CaseView, Notice } from '../domain';

export type Value = string | number | boolean | null;

export interface Mismatch {
  petitionId: string;
  /** A row column, `event:<seq>` or `notice:<seq>:<recipient>:<kind>` (the outbox key without the petition id). */
  field: string;
  projection: Value;
  workflow: Value;
}

/** The columns of a Petition row that the projection activity keeps current. */
export interface ProjectedRow {
  id: string;
  status: string;
  unitId: string | null;
  officerId: string | null;
  leaderOwnerId: string | null;
  escalationLevel: number;
  overdue: boolean;
  nextDeadline: Date | null;
  closingReason: string | null;
  closedAt: Date | null;
  satisfaction: string | null;
  repliedAt: Date | null;
  replyOnTime: boolean | null;
  ratedAt: Date | null;
  openSupervision: number | null;
  provisionalDeadline: boolean;
  likelyRepeatOfId: string | null;
  nextClockKind: string | null;
  nextClockUnit: string | null;
  nextClockWarnings: number | null;
  nextClockWarningsTotal: number | null;
  lastSeq: number;
}

export interface ProjectedEvent { seq: number; type: string }
export interface ProjectedNotice { key: string; kind: string; recipient: string }

const instant = (v: Date | string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);

/** The row as recordCaseChange writes it from a view, with instants as ISO strings. */
function expectedColumns(view: CaseView): Record<string, Value> {
  return Object.fromEntries(Object.entries(projectedColumns(view)).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

function actualColumns(row: ProjectedRow): Record<string, Value> {
  return {
    status: row.status,
    unitId: row.unitId,
    officerId: row.officerId,
    leaderOwnerId: row.leaderOwnerId,
    escalationLevel: row.escalationLevel,
    overdue: row.overdue,
    nextDeadline: instant(row.nextDeadline),
    closingReason: row.closingReason,
    closedAt: instant(row.closedAt),
    satisfaction: row.satisfaction,
    repliedAt: instant(row.repliedAt),
    replyOnTime: row.replyOnTime,
    ratedAt: instant(row.ratedAt),
    openSupervision: row.openSupervision,
    provisionalDeadline: row.provisionalDeadline,
    likelyRepeatOfId: row.likelyRepeatOfId,
    nextClockKind: row.nextClockKind,
    nextClockUnit: row.nextClockUnit,
    nextClockWarnings: row.nextClockWarnings,
    nextClockWarningsTotal: row.nextClockWarningsTotal,
    lastSeq: row.lastSeq,
  };
}

/**
 * Every difference between the projection and the workflow: row columns, the timeline (one entry per
 * event seq that is missing, extra or of another type) and the outbox (every notice the workflow handed
 * to the projection must exist, and no other notice may).
 */
export function compareCase(
  petitionId: string,
  projection: { row: ProjectedRow; events: ProjectedEvent[]; notices: ProjectedNotice[] },
  workflow: { view: CaseView; notices: Notice[] },
): Mismatch[] {
  const out: Mismatch[] = [];
  const want = expectedColumns(workflow.view);
  const have = actualColumns(projection.row);
  for (const field of Object.keys(want)) {
    if (want[field] !== have[field]) out.push({ petitionId, field, projection: have[field]!, workflow: want[field]! });
  }

  const eventsHave = new Map(projection.events.map((e) => [e.seq, e.type]));
  const eventsWant = new Map(workflow.view.timeline.map((e) => [e.seq, e.type]));
  for (const seq of [...new Set([...eventsWant.keys(), ...eventsHave.keys()])].sort((a, b) => a - b)) {
    const p = eventsHave.get(seq) ?? null;
    const w = eventsWant.get(seq) ?? null;
    if (p !== w) out.push({ petitionId, field: `event:${seq}`, projection: p, workflow: w });
  }

  const noticesHave = new Map(projection.notices.map((n) => [n.key, n.kind]));
  const noticesWant = new Map(workflow.notices.map((n) => [n.key, n.kind]));
  for (const key of [...new Set([...noticesWant.keys(), ...noticesHave.keys()])].sort()) {
    const p = noticesHave.get(key) ?? null;
    const w = noticesWant.get(key) ?? null;
    // Keys are `<petition id>:<seq>:<recipient>:<kind>`: the id is in its own column already.
    const short = key.startsWith(`${petitionId}:`) ? key.slice(petitionId.length + 1) : key;
    if (p !== w) out.push({ petitionId, field: `notice:${short}`, projection: p, workflow: w });
  }
  return out;
}
