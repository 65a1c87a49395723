// Statistics counters (StatCounter): per day and per month in the organisation's time zone, unit, class
// and channel, the events statistics count. The projection write adds to them in its own transaction,
// and only for event rows it has just inserted (the insert is ON CONFLICT DO NOTHING on (petitionId,
// seq)), so a retried activity counts nothing twice. Each event row keeps what it was counted with (unit,
// day, on time), so the counters can be rebuilt from the events exactly: REBUILD_COUNTERS below, the same
// rollup the migration backfilled with, is what `npm run reconcile` compares against and --repair writes.
//
// PostgreSQL: the same table with a primary key on (grain, bucket, unit, class, channel) and
// INSERT ... ON CONFLICT (...) DO UPDATE SET received = "StatCounter".received + excluded.received.
import { Prisma } from '../generated/prisma/client';
import { localDateOf } from '../domain/calendar';
import type { TimelineEvent } from '../domain';

export const COUNTED_EVENT_TYPES = ['registered', 'replied', 'evaluated', 'return_visit_recorded', 'deadline_breached', 'escalated'] as const;

export const MEASURES = [
  'received', 'replied', 'repliedOnTime', 'ratedSatisfied', 'ratedBasicallySatisfied', 'ratedDissatisfied',
  'deadlinesMissed', 'escalations', 'criticised',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Figures = Record<Measure, number>;

export const zeroFigures = (): Figures => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Figures;

const RATING_MEASURE: Record<string, Measure> = {
  satisfied: 'ratedSatisfied', basically_satisfied: 'ratedBasicallySatisfied', dissatisfied: 'ratedDissatisfied',
};

/** What an event is counted with, stored on its row. */
export interface EventFacts {
  /** The unit it is attributed to: the one the event names, else the case's unit at the write. */
  unitId: string | null;
  /** replied: the reply came before the handling clock's due date. */
  onTime: boolean | null;
  /** The local date of the event in the organisation's time zone. */
  day: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Attribution (rules v2): a breach, a reply or an opinion names the unit that held the clock; the
 * automatic escalation a level higher names the criticised unit (通报). Older events name none: the case's
 * unit as of this write stands in.
 */
export function eventFacts(e: Pick<TimelineEvent, 'type' | 'at' | 'data'>, c: { unitId?: string | null; replyOnTime: boolean | null; timeZone: string }): EventFacts {
  const named = (e.type === 'escalated' ? str(e.data.criticisedUnitId) : undefined) ?? str(e.data.unitId);
  return {
    unitId: named ?? c.unitId ?? null,
    onTime: e.type === 'replied' ? (typeof e.data.onTime === 'boolean' ? e.data.onTime : c.replyOnTime === true) : null,
    day: localDateOf(e.at, c.timeZone),
  };
}

/** The measures one event adds 1 to. Mirrors REBUILD_COUNTERS. */
export function measuresOf(e: { type: string; data: Record<string, unknown>; onTime: boolean | null }): Measure[] {
  switch (e.type) {
    case 'registered': return ['received'];
    case 'replied': return e.onTime ? ['replied', 'repliedOnTime'] : ['replied'];
    case 'evaluated':
    case 'return_visit_recorded': {
      const m = RATING_MEASURE[String(e.data.rating)];
      return m ? [m] : [];
    }
    case 'deadline_breached': return ['deadlinesMissed'];
    case 'escalated': return e.data.criticisedUnitId !== undefined && e.data.criticisedUnitId !== null ? ['escalations', 'criticised'] : ['escalations'];
    default: return [];
  }
}

/** Increments gathered over one projection write, by (day, unit, class, channel). */
export class CounterBatch {
  private readonly cells = new Map<string, { day: string; unitId: string; class: string; channel: string; figures: Figures }>();

  add(day: string, unitId: string | null, cls: string, channel: string, measures: readonly Measure[]): void {
    if (!measures.length) return;
    const key = `${day}|${unitId ?? ''}|${cls}|${channel}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { day, unitId: unitId ?? '', class: cls, channel, figures: zeroFigures() }));
    for (const m of measures) cell.figures[m] += 1;
  }

  get empty(): boolean {
    return this.cells.size === 0;
  }

  /** One upsert adding the batch to the day rows and to their month rows. */
  statement(): Prisma.Sql | undefined {
    if (!this.cells.size) return undefined;
    const rows = [...this.cells.values()].flatMap((c) => [
      ['day', c.day] as const, ['month', c.day.slice(0, 7)] as const,
    ].map(([grain, bucket]) => Prisma.sql`(${grain}, ${bucket}, ${c.unitId}, ${c.class}, ${c.channel}, ${Prisma.join(MEASURES.map((m) => c.figures[m]))})`));
    const columns = Prisma.raw(MEASURES.map((m) => `"${m}"`).join(', '));
    const adds = Prisma.raw(MEASURES.map((m) => `"${m}" = "${m}" + excluded."${m}"`).join(', '));
    return Prisma.sql`INSERT INTO "StatCounter" ("grain", "bucket", "unitId", "class", "channel", ${columns})
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("grain", "bucket", "unitId", "class", "channel") DO UPDATE SET ${adds}`;
  }
}

const typeList = COUNTED_EVENT_TYPES.map((t) => `'${t}'`).join(', ');

/** The counters as the events say they should be: day rows, then month rows from them. */
export const EXPECTED_COUNTERS_SQL = `
  WITH "day" AS (
    SELECT 'day' AS "grain", e."day" AS "bucket", ifnull(e."unitId", '') AS "unitId", p."class", p."channel",
      sum(e."type" = 'registered') AS "received",
      sum(e."type" = 'replied') AS "replied",
      sum(e."type" = 'replied' AND e."onTime" = 1) AS "repliedOnTime",
      sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'satisfied') AS "ratedSatisfied",
      sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'basically_satisfied') AS "ratedBasicallySatisfied",
      sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'dissatisfied') AS "ratedDissatisfied",
      sum(e."type" = 'deadline_breached') AS "deadlinesMissed",
      sum(e."type" = 'escalated') AS "escalations",
      sum(e."type" = 'escalated' AND json_extract(e."data", '$.criticisedUnitId') IS NOT NULL) AS "criticised"
    FROM "PetitionEvent" e JOIN "Petition" p ON p."id" = e."petitionId"
    WHERE e."type" IN (${typeList}) AND e."day" IS NOT NULL AND json_valid(e."data")
    GROUP BY e."day", ifnull(e."unitId", ''), p."class", p."channel")
  SELECT * FROM "day"
  UNION ALL
  SELECT 'month', substr("bucket", 1, 7), "unitId", "class", "channel", ${MEASURES.map((m) => `sum("${m}")`).join(', ')}
  FROM "day" GROUP BY substr("bucket", 1, 7), "unitId", "class", "channel"`;

/** Replaces every counter with what the events say (one transaction; the caller holds the write lock). */
export const REBUILD_COUNTERS_SQL = [
  'DELETE FROM "StatCounter"',
  `INSERT INTO "StatCounter" ("grain", "bucket", "unitId", "class", "channel", ${MEASURES.map((m) => `"${m}"`).join(', ')})
   SELECT * FROM (${EXPECTED_COUNTERS_SQL}) WHERE ${MEASURES.map((m) => `"${m}" <> 0`).join(' OR ')}`,
];
