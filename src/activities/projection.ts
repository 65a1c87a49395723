import type { Db } from '../db/client';
import { CounterBatch, eventFacts, measuresOf } from '../db/counters';
import { docIdRange, nextDocId, searchIndexStatements } from '../db/search';
import { snapshotUpsert } from '../db/snapshots';
import { withWriteLock } from '../db/writeLock';
import { Prisma } from '../generated/prisma/client';
import { workflowIdFor } from '../temporal/ids';
import { nextDeadlineClock, type CaseView, type Notice, type TimelineEvent } from '../domain';

export interface CaseChange {
  view: CaseView;
  /** Timeline events not yet projected (the workflow tracks what it projected). */
  events: TimelineEvent[];
  notices: Notice[];
}

/** The row's columns as the projection writes them from a case view (reconcile compares against the same). */
export function projectedColumns(view: CaseView) {
  const next = nextDeadlineClock(view);
  return {
    status: view.status,
    unitId: view.unitId ?? null,
    officerId: view.officerId ?? null,
    leaderOwnerId: view.leaderOwnerId ?? null,
    escalationLevel: view.escalationLevel,
    overdue: view.overdue,
    nextDeadline: view.nextDeadline ? new Date(view.nextDeadline) : null,
    closingReason: view.closingReason ?? null,
    closedAt: view.closedAt ? new Date(view.closedAt) : null,
    satisfaction: view.evaluations.at(-1)?.rating ?? null,
    // Read-side columns: what lists, the supervision board and statistics filter and count on.
    repliedAt: view.reply ? new Date(view.reply.issuedAt) : null,
    // The reply stops the (single) handling clock: 'met' when it came before the due date.
    replyOnTime: view.reply ? view.clocks.filter((k) => k.kind === 'handling').at(-1)?.outcome === 'met' : null,
    ratedAt: view.evaluations.length ? new Date(view.evaluations.at(-1)!.at) : null,
    openSupervision: view.supervision.filter((n) => !n.answeredAt).length,
    // The next deadline was counted without the year's holiday arrangement: it may still move.
    provisionalDeadline: view.nextDeadline !== undefined
      && view.clocks.some((k) => k.running && !k.paused && k.dueAt === view.nextDeadline && k.calendarCovered === false),
    likelyRepeatOfId: view.likelyRepeatOf?.id ?? null,
    // The clock behind nextDeadline: lists count its days left as it counts them and colour it by its warnings.
    nextClockKind: next?.clock.kind ?? null,
    nextClockUnit: next?.clock.limit.unit ?? null,
    nextClockWarnings: next?.warningsFired ?? null,
    nextClockWarningsTotal: next?.warningsTotal ?? null,
    lastSeq: view.seq,
  };
}

/**
 * Projects a case into the database and writes its notices to the outbox, in one transaction.
 * Idempotent: the row only moves forward (lastSeq), events are unique per (petition, seq) and
 * notices per key, so a retry after a crash writes nothing twice. In the same transaction: the list rows
 * (PetitionScope) and gauges follow the row by triggers; a new case is indexed for search; and each
 * event row this write inserts (not one a previous attempt inserted) is added to the statistics counters.
 */
export function projectionActivities(db: Db, lockWaitMs = 10_000) {
  return {
    async recordCaseChange({ view, events, notices }: CaseChange): Promise<void> {
      const row = projectedColumns(view);
      // The lock is waited for between attempts (db/writeLock), so a held lock stalls only this write.
      await withWriteLock(lockWaitMs, () => db.$transaction(async (tx) => {
        // Write first: that takes SQLite's write lock at once or fails whole with SQLITE_BUSY. A read first
        // would have to upgrade later, and fail half-way when the API wrote in between.
        await tx.$executeRawUnsafe('UPDATE "Petition" SET "lastSeq" = "lastSeq" WHERE "id" = ?', view.id);
        const existing = await tx.petition.findUnique({ where: { id: view.id }, select: { lastSeq: true } });
        if (!existing) {
          const receivedMs = Date.parse(view.receivedAt);
          const [first, last] = docIdRange(receivedMs);
          const [highest] = await tx.$queryRaw<{ n: bigint | number | null }[]>`SELECT max("docId") AS n FROM "Petition" WHERE "docId" BETWEEN ${first} AND ${last}`;
          const docId = nextDocId(receivedMs, highest?.n === null || highest?.n === undefined ? null : Number(highest.n));
          await tx.petition.create({
            data: {
              ...row,
              id: view.id,
              workflowId: workflowIdFor(view.id),
              queryCode: view.queryCode,
              matterKey: view.matterKey,
              class: view.class,
              channel: view.channel,
              petitionerId: view.petitionerUserId ?? null,
              petitionerName: view.petitioner.name,
              petitionerContact: view.petitioner.contact,
              title: view.title,
              content: view.content,
              receivedAt: new Date(view.receivedAt),
            },
          });
          await tx.$executeRaw(Prisma.sql`UPDATE "Petition" SET "docId" = ${docId} WHERE "id" = ${view.id}`);
          await snapshotUpsert(tx, view);
          for (const statement of searchIndexStatements(docId, view)) await tx.$executeRaw(statement);
        } else if (existing.lastSeq <= view.seq) {
          await tx.petition.update({ where: { id: view.id }, data: row });
          await snapshotUpsert(tx, view);
        }
        const counters = new CounterBatch();
        const context = { unitId: view.unitId, replyOnTime: row.replyOnTime, timeZone: view.policy.timeZone };
        for (const e of events) {
          const facts = eventFacts(e, context);
          const inserted = await tx.$executeRaw(Prisma.sql`
            INSERT INTO "PetitionEvent" ("petitionId", "seq", "type", "at", "actor", "data", "unitId", "onTime", "day")
            VALUES (${view.id}, ${e.seq}, ${e.type}, ${new Date(e.at)}, ${e.actor}, ${JSON.stringify({ ...e.data, document: e.document })},
                    ${facts.unitId}, ${facts.onTime}, ${facts.day})
            ON CONFLICT ("petitionId", "seq") DO NOTHING`);
          // Counted once: only by the write that inserted the event.
          if (inserted === 1) counters.add(facts.day, facts.unitId, view.class, view.channel, measuresOf({ type: e.type, data: e.data, onTime: facts.onTime }));
        }
        const counting = counters.statement();
        if (counting) await tx.$executeRaw(counting);
        for (const n of notices) {
          await tx.notification.upsert({
            where: { key: n.key },
            create: { key: n.key, petitionId: n.petitionId, recipient: n.recipient, recipientId: n.recipientId ?? null, kind: n.kind, channel: n.channel, body: JSON.stringify(n.data) },
            update: {},
          });
        }
      }));
    },
  };
}
