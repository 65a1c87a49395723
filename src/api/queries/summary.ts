// A petition as lists and the board show it: the projection row of each case on the page, read by id
// (without the content, contact or snapshot).
import { fromDbDate, type ReadSql, type Row } from '../../db/readConnection';
import type { PetitionSummary } from '../schemas/reads';
import { nextClockOf, type ClockReading, type NextClockColumns } from './nextClock';
import { sql } from './sql';

export interface SummaryRow extends NextClockColumns {
  id: string; queryCode: string; title: string; class: string; channel: string; status: string;
  unitId: string | null; officerId: string | null; leaderOwnerId: string | null; escalationLevel: number; overdue: boolean;
  nextDeadline: Date | null; receivedAt: Date; repliedAt: Date | null; closedAt: Date | null; closingReason: string | null;
  satisfaction: string | null; openSupervision: number | null; petitionerName: string; updatedAt: Date; provisionalDeadline: boolean;
  likelyRepeatOfId: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * `staff` adds who handles the case and how it is supervised; a petitioner's own list leaves that out.
 * `clocks` counts the next clock's days left today (without it, as for callers that show no clocks: nextClock null).
 */
export function toSummary(r: SummaryRow, staff: boolean, clocks?: ClockReading): PetitionSummary {
  return {
    id: r.id,
    queryCode: r.queryCode,
    title: r.title,
    class: r.class as PetitionSummary['class'],
    channel: r.channel as PetitionSummary['channel'],
    status: r.status as PetitionSummary['status'],
    unitId: r.unitId,
    ...(staff ? {
      officerId: r.officerId, leaderOwnerId: r.leaderOwnerId, escalationLevel: r.escalationLevel, openSupervision: r.openSupervision ?? 0,
      likelyRepeatOf: r.likelyRepeatOfId,
    } : {}),
    overdue: r.overdue,
    nextDeadline: iso(r.nextDeadline),
    provisionalDeadline: r.provisionalDeadline,
    nextClock: clocks ? nextClockOf(r, clocks) : null,
    receivedAt: r.receivedAt.toISOString(),
    repliedAt: iso(r.repliedAt),
    closedAt: iso(r.closedAt),
    closingReason: r.closingReason as PetitionSummary['closingReason'],
    satisfaction: r.satisfaction as PetitionSummary['satisfaction'],
    petitionerName: r.petitionerName,
    updatedAt: r.updatedAt.toISOString(),
  };
}

const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function summaryRow(r: Row): SummaryRow {
  return {
    id: String(r.id), queryCode: String(r.queryCode), title: String(r.title), class: String(r.class), channel: String(r.channel),
    status: String(r.status), unitId: (r.unitId as string | null) ?? null, officerId: (r.officerId as string | null) ?? null,
    leaderOwnerId: (r.leaderOwnerId as string | null) ?? null, escalationLevel: Number(r.escalationLevel), overdue: Number(r.overdue) === 1,
    nextDeadline: fromDbDate(r.nextDeadline), receivedAt: fromDbDate(r.receivedAt)!, repliedAt: fromDbDate(r.repliedAt),
    closedAt: fromDbDate(r.closedAt), closingReason: (r.closingReason as string | null) ?? null, satisfaction: (r.satisfaction as string | null) ?? null,
    openSupervision: intOrNull(r.openSupervision),
    petitionerName: String(r.petitionerName), updatedAt: fromDbDate(r.updatedAt)!, provisionalDeadline: Number(r.provisionalDeadline) === 1,
    likelyRepeatOfId: (r.likelyRepeatOfId as string | null) ?? null,
    nextClockKind: (r.nextClockKind as string | null) ?? null, nextClockUnit: (r.nextClockUnit as string | null) ?? null,
    nextClockWarnings: intOrNull(r.nextClockWarnings), nextClockWarningsTotal: intOrNull(r.nextClockWarningsTotal),
  };
}

/** The rows of a page, in the page's order: one primary-key lookup each. */
export function summaryRows(rs: ReadSql, ids: readonly string[]): SummaryRow[] {
  if (!ids.length) return [];
  const rows = rs.all<Row>(sql`SELECT "id", "queryCode", "title", "class", "channel", "status", "unitId", "officerId", "leaderOwnerId",
      "escalationLevel", "overdue", "nextDeadline", "receivedAt", "repliedAt", "closedAt", "closingReason", "satisfaction",
      "openSupervision", "petitionerName", "updatedAt", "provisionalDeadline", "likelyRepeatOfId",
      "nextClockKind", "nextClockUnit", "nextClockWarnings", "nextClockWarningsTotal"
    FROM "Petition" WHERE "id" IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  const byId = new Map(rows.map((r) => [String(r.id), summaryRow(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
