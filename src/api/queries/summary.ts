// A petition as lists and the board show it: the projection row, without the text, contact or snapshot.
import type { Db } from '../../db/client';
import type { Prisma } from '../../generated/prisma/client';
import type { PetitionSummary } from '../schemas/reads';

export const SUMMARY_SELECT = {
  id: true, queryCode: true, title: true, class: true, channel: true, status: true, unitId: true, officerId: true,
  leaderOwnerId: true, escalationLevel: true, overdue: true, nextDeadline: true, receivedAt: true, repliedAt: true,
  closedAt: true, closingReason: true, satisfaction: true, openSupervision: true, petitionerName: true, updatedAt: true, likelyRepeatOfId: true,
} as const satisfies Prisma.PetitionSelect;

export type SummaryRow = Prisma.PetitionGetPayload<{ select: typeof SUMMARY_SELECT }>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** `staff` adds who handles the case and how it is supervised; a petitioner's own list leaves that out. */
export function toSummary(r: SummaryRow, staff: boolean): PetitionSummary {
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
    receivedAt: r.receivedAt.toISOString(),
    repliedAt: iso(r.repliedAt),
    closedAt: iso(r.closedAt),
    closingReason: r.closingReason as PetitionSummary['closingReason'],
    satisfaction: r.satisfaction as PetitionSummary['satisfaction'],
    petitionerName: r.petitionerName,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The rows of a page, in the page's order. */
export async function summaryRows(db: Db, ids: string[]): Promise<SummaryRow[]> {
  if (!ids.length) return [];
  const rows = await db.petition.findMany({ where: { id: { in: ids } }, select: SUMMARY_SELECT });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
