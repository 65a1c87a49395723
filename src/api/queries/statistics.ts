// Statistics for a period (W41): volume by class and channel, replies on time, satisfaction, missed
// deadlines, escalations and criticisms, by unit. Each figure is defined in the response schema
// (schemas/reads.ts). Nothing here reads a case: the period figures are sums of the counters
// (StatCounter, src/db/counters.ts), the "now" figure of the gauges (UnitGauge).
//
// The period is read in whole local days: the calendar months it covers entirely from the month rows,
// the days before and after them from the day rows. Rows read: at most (months + days at the edges) ×
// units × the class and channel pairs that occurred, whatever the number of cases: a calendar month or
// year reads its month rows only.
import type { ReadSql } from '../../db/readConnection';
import { localDateOf } from '../../domain/calendar';
import type { Principal } from '../../domain';
import { MEASURES, zeroFigures, type Figures } from '../../db/counters';
import type { Statistics } from '../schemas/reads';
import type { Range } from './dates';
import { scopeUnits } from './scope';
import { and, inList, join, raw, sql, type Sql } from './sql';

const CLASSES = ['suggestion', 'report', 'claim'] as const;
const CHANNELS = ['online', 'letter', 'phone', 'fax', 'visit'] as const;
const MOST_COMPLAINED = 5;

type UnitFigures = Omit<Statistics['byUnit'][number], 'unitName' | 'onTimeRate'>;

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

// ---------------------------------------------------------------------------------------------------
// Splitting a period of local dates into counter ranges
// ---------------------------------------------------------------------------------------------------

export interface CounterRange { grain: 'day' | 'month'; from: string; to: string }

const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** Whole months as one month range, the partial months at either end as day ranges. */
export function counterRanges(firstDay: string, lastDay: string): CounterRange[] {
  const ranges: CounterRange[] = [];
  let wholeFrom: string | undefined;
  let wholeTo: string | undefined;
  for (let month = firstDay.slice(0, 7); month <= lastDay.slice(0, 7); month = nextMonth(month)) {
    const start = `${month}-01`;
    const end = lastDayOf(month);
    if (firstDay <= start && end <= lastDay) {
      wholeFrom ??= month;
      wholeTo = month;
    } else {
      ranges.push({ grain: 'day', from: firstDay > start ? firstDay : start, to: lastDay < end ? lastDay : end });
    }
  }
  if (wholeFrom && wholeTo) ranges.push({ grain: 'month', from: wholeFrom, to: wholeTo });
  return ranges;
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

interface CounterRow extends Figures { unitId: string; class: string; channel: string }

/** The counter rows of the ranges for the units (undefined: every unit). Exported for the query-plan tests. */
export function counterQueries(ranges: readonly CounterRange[], units: readonly string[] | undefined): Sql[] {
  // Summed in SQL: a year of a large unit tree is thousands of month rows, returned as at most units × 15.
  const columns = raw(MEASURES.map((m) => `sum("${m}") AS "${m}"`).join(', '));
  // Per unit through (grain, unitId, bucket, …, every measure), a covering index; for every unit through the primary key (grain, bucket, …).
  const index = raw(units ? '"StatCounter_unitId_idx"' : '"sqlite_autoindex_StatCounter_1"');
  return ranges.map((r) => sql`SELECT "unitId", "class", "channel", ${columns} FROM "StatCounter" INDEXED BY ${index}
    WHERE ${and([sql`"grain" = ${r.grain}`, sql`"bucket" >= ${r.from}`, sql`"bucket" <= ${r.to}`, ...(units ? [inList(sql`"unitId"`, units)] : [])])}
    GROUP BY "unitId", "class", "channel"`);
}

/** Units the caller's statistics cover: their scope, narrowed by the filter; undefined: all (an admin). */
function unitsOf(principal: Principal, filter?: string[]): string[] | undefined {
  const allowed = scopeUnits(principal);
  if (filter) return filter.filter((u) => !allowed || allowed.includes(u));
  return allowed ? [...allowed] : undefined;
}

export function periodStatistics(
  rs: ReadSql, principal: Principal, req: { period: Required<Range>; timeZone: string; unitId?: string[] },
): Statistics {
  const { from, to } = req.period;
  const units = unitsOf(principal, req.unitId);
  const ranges = counterRanges(localDateOf(from.getTime(), req.timeZone), localDateOf(to.getTime(), req.timeZone));

  return rs.snapshot(() => {
    const rows = units && !units.length ? [] : counterQueries(ranges, units).flatMap((q) => rs.all<CounterRow>(q));
    const overdueNow = units && !units.length ? [] : rs.all<{ unitId: string; c: number }>(sql`
      SELECT "unitId", sum("openOverdue") AS c FROM "UnitGauge" ${units ? sql`WHERE "unitId" IN (${join(units)})` : sql``} GROUP BY "unitId"`);
    const names = new Map(rs.all<{ id: string; name: string }>(sql`SELECT "id", "name" FROM "Unit"`).map((u) => [u.id, u.name]));
    return figures(rows, overdueNow, names, req);
  });
}

function figures(
  rows: CounterRow[], overdueNow: { unitId: string; c: number }[], names: Map<string, string>,
  req: { period: Required<Range>; timeZone: string },
): Statistics {
  const total = zeroFigures();
  const byClass = Object.fromEntries(CLASSES.map((k) => [k, 0])) as Statistics['received']['byClass'];
  const byChannel = Object.fromEntries(CHANNELS.map((k) => [k, 0])) as Statistics['received']['byChannel'];
  const byUnit = new Map<string | null, UnitFigures>();
  const unit = (stored: string): UnitFigures => {
    const id = stored === '' ? null : stored;
    let u = byUnit.get(id);
    if (!u) byUnit.set(id, (u = { unitId: id, received: 0, replied: 0, repliedOnTime: 0, overdueNow: 0, deadlinesMissed: 0, escalations: 0, criticised: 0 }));
    return u;
  };

  for (const r of rows) {
    for (const m of MEASURES) total[m] += Number(r[m]);
    if (r.class in byClass) byClass[r.class as keyof typeof byClass] += Number(r.received);
    if (r.channel in byChannel) byChannel[r.channel as keyof typeof byChannel] += Number(r.received);
    if (!MEASURES.some((m) => Number(r[m]) !== 0)) continue;
    const u = unit(r.unitId);
    u.received += Number(r.received);
    u.replied += Number(r.replied);
    u.repliedOnTime += Number(r.repliedOnTime);
    u.deadlinesMissed += Number(r.deadlinesMissed);
    // A missed deadline raises the case to level 1: it counts as an escalation, as the level-2 and supervisors' ones do.
    u.escalations += Number(r.escalations) + Number(r.deadlinesMissed);
    u.criticised += Number(r.criticised);
  }
  let openOverdue = 0;
  for (const r of overdueNow) {
    const c = Number(r.c);
    if (!c) continue;
    openOverdue += c;
    unit(r.unitId).overdueNow += c;
  }

  const unitRows = [...byUnit.values()]
    .map((u) => ({ ...u, unitName: u.unitId ? names.get(u.unitId) ?? null : null, onTimeRate: rate(u.repliedOnTime, u.replied) }))
    .sort((a, b) => b.received - a.received || b.escalations - a.escalations || String(a.unitId).localeCompare(String(b.unitId)));
  const rated = total.ratedSatisfied + total.ratedBasicallySatisfied + total.ratedDissatisfied;
  return {
    period: { from: req.period.from.toISOString(), to: req.period.to.toISOString(), timeZone: req.timeZone },
    asOf: new Date().toISOString(),
    received: { total: total.received, byClass, byChannel },
    onTime: { replied: total.replied, onTime: total.repliedOnTime, late: total.replied - total.repliedOnTime, rate: rate(total.repliedOnTime, total.replied) },
    satisfaction: {
      rated,
      satisfied: total.ratedSatisfied,
      basicallySatisfied: total.ratedBasicallySatisfied,
      dissatisfied: total.ratedDissatisfied,
      rate: rate(total.ratedSatisfied + total.ratedBasicallySatisfied, rated),
    },
    overdue: { openNow: openOverdue, deadlinesMissed: total.deadlinesMissed },
    escalations: { total: total.escalations + total.deadlinesMissed, criticised: total.criticised },
    byUnit: unitRows,
    mostComplainedUnits: unitRows.filter((u) => u.received > 0).slice(0, MOST_COMPLAINED)
      .map(({ unitId, unitName, received: r }) => ({ unitId, unitName, received: r })),
  };
}
