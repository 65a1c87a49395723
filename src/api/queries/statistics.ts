// Statistics for a period (W41): volume by class and channel, replies on time, satisfaction, missed
// deadlines and escalations, by unit. Each figure is defined in the response schema (schemas/reads.ts).
// Cases count for the unit they are with now; period figures use the moment of the counted fact
// (received, replied, rated, deadline missed, escalated), "now" figures the current state.
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import type { Statistics } from '../schemas/reads';
import type { Range } from './dates';
import { filtersSql } from './filters';
import { scopeSql } from './scope';
import { and, col, n, sql, type Sql } from './sql';

const CLASSES = ['suggestion', 'report', 'claim'] as const;
const CHANNELS = ['online', 'letter', 'phone', 'fax', 'visit'] as const;
const MOST_COMPLAINED = 5;

type UnitFigures = Omit<Statistics['byUnit'][number], 'unitName' | 'onTimeRate'>;

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export async function periodStatistics(
  db: Db, principal: Principal, req: { period: Required<Range>; timeZone: string; unitId?: string[] },
): Promise<Statistics> {
  const { from, to } = req.period;
  const where = and([scopeSql(principal), filtersSql({ unitId: req.unitId })]);
  const during = (column: Sql) => sql`${column} >= ${from} AND ${column} <= ${to}`;

  const [received, replied, ratings, overdueNow, events, units] = await Promise.all([
    db.$queryRaw<{ class: string; channel: string; unitId: string | null; c: bigint }[]>(sql`
      SELECT p."class" AS class, p."channel" AS channel, p."unitId" AS unitId, count(*) AS c
      FROM "Petition" p WHERE ${where} AND ${during(col('receivedAt'))} GROUP BY 1, 2, 3`),
    db.$queryRaw<{ unitId: string | null; c: bigint; onTime: bigint | null }[]>(sql`
      SELECT p."unitId" AS unitId, count(*) AS c, sum(p."replyOnTime" = 1) AS onTime
      FROM "Petition" p WHERE ${where} AND ${during(col('repliedAt'))} GROUP BY 1`),
    db.$queryRaw<{ rating: string; c: bigint }[]>(sql`
      SELECT p."satisfaction" AS rating, count(*) AS c
      FROM "Petition" p WHERE ${where} AND ${during(col('ratedAt'))} AND p."satisfaction" IS NOT NULL GROUP BY 1`),
    db.$queryRaw<{ unitId: string | null; c: bigint }[]>(sql`
      SELECT p."unitId" AS unitId, count(*) AS c
      FROM "Petition" p WHERE ${where} AND p."overdue" = 1 AND p."status" <> 'closed' GROUP BY 1`),
    // deadline_breached: a duty clock passed its due date (and raised the case to level 1);
    // escalated: a supervisor's escalation, or the automatic one a level higher after the grace period.
    db.$queryRaw<{ unitId: string | null; type: string; c: bigint }[]>(sql`
      SELECT p."unitId" AS unitId, e."type" AS type, count(*) AS c
      FROM "PetitionEvent" e JOIN "Petition" p ON p."id" = e."petitionId"
      WHERE ${where} AND e."type" IN ('deadline_breached', 'escalated') AND e."at" >= ${from} AND e."at" <= ${to}
      GROUP BY 1, 2`),
    db.unit.findMany({ select: { id: true, name: true } }),
  ]);

  const byUnit = new Map<string | null, UnitFigures>();
  const unit = (id: string | null): UnitFigures => {
    let u = byUnit.get(id);
    if (!u) byUnit.set(id, (u = { unitId: id, received: 0, replied: 0, repliedOnTime: 0, overdueNow: 0, deadlinesMissed: 0, escalations: 0 }));
    return u;
  };

  const byClass = Object.fromEntries(CLASSES.map((k) => [k, 0])) as Statistics['received']['byClass'];
  const byChannel = Object.fromEntries(CHANNELS.map((k) => [k, 0])) as Statistics['received']['byChannel'];
  let total = 0;
  for (const r of received) {
    const c = n(r.c);
    total += c;
    if (r.class in byClass) byClass[r.class as keyof typeof byClass] += c;
    if (r.channel in byChannel) byChannel[r.channel as keyof typeof byChannel] += c;
    unit(r.unitId).received += c;
  }
  let repliedTotal = 0;
  let onTimeTotal = 0;
  for (const r of replied) {
    repliedTotal += n(r.c);
    onTimeTotal += n(r.onTime);
    unit(r.unitId).replied += n(r.c);
    unit(r.unitId).repliedOnTime += n(r.onTime);
  }
  const rated = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 } as Record<string, number>;
  for (const r of ratings) rated[r.rating] = (rated[r.rating] ?? 0) + n(r.c);
  const ratedTotal = Object.values(rated).reduce((a, b) => a + b, 0);
  let openOverdue = 0;
  for (const r of overdueNow) {
    openOverdue += n(r.c);
    unit(r.unitId).overdueNow += n(r.c);
  }
  let missed = 0;
  let escalations = 0;
  for (const r of events) {
    const c = n(r.c);
    escalations += c;
    unit(r.unitId).escalations += c;
    if (r.type === 'deadline_breached') {
      missed += c;
      unit(r.unitId).deadlinesMissed += c;
    }
  }

  const names = new Map(units.map((u) => [u.id, u.name]));
  const unitRows = [...byUnit.values()]
    .map((u) => ({ ...u, unitName: u.unitId ? names.get(u.unitId) ?? null : null, onTimeRate: rate(u.repliedOnTime, u.replied) }))
    .sort((a, b) => b.received - a.received || b.escalations - a.escalations || String(a.unitId).localeCompare(String(b.unitId)));

  return {
    period: { from: from.toISOString(), to: to.toISOString(), timeZone: req.timeZone },
    asOf: new Date().toISOString(),
    received: { total, byClass, byChannel },
    onTime: { replied: repliedTotal, onTime: onTimeTotal, late: repliedTotal - onTimeTotal, rate: rate(onTimeTotal, repliedTotal) },
    satisfaction: {
      rated: ratedTotal,
      satisfied: rated.satisfied ?? 0,
      basicallySatisfied: rated.basically_satisfied ?? 0,
      dissatisfied: rated.dissatisfied ?? 0,
      rate: rate((rated.satisfied ?? 0) + (rated.basically_satisfied ?? 0), ratedTotal),
    },
    overdue: { openNow: openOverdue, deadlinesMissed: missed },
    escalations: { total: escalations },
    byUnit: unitRows,
    mostComplainedUnits: unitRows.filter((u) => u.received > 0).slice(0, MOST_COMPLAINED)
      .map(({ unitId, unitName, received: r }) => ({ unitId, unitName, received: r })),
  };
}
