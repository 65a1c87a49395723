// A case's timeline from the projection's PetitionEvent rows rather than the workflow query: the rows
// outlive Temporal's retention of closed workflows, reading them puts no load on workers (and works while
// they are down), and they are written in the same transaction as the row before an action returns, so
// the timeline is as current as the detail.
import type { Db } from '../../db/client';
import type { TimelineEvent } from '../../domain';

export async function timelineEvents(db: Db, petitionId: string, afterSeq = 0): Promise<TimelineEvent[]> {
  const rows = await db.petitionEvent.findMany({ where: { petitionId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' } });
  return rows.map((r) => {
    const { document, ...data } = JSON.parse(r.data) as Record<string, unknown> & { document?: TimelineEvent['document'] };
    return { seq: r.seq, at: r.at.toISOString(), type: r.type, actor: r.actor ?? 'system', ...(document ? { document } : {}), data };
  });
}
