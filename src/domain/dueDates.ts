// The bridge between clocks and the calendar: what to ask the due-date activity, and how to apply its answer.
import { computeDueDate } from './calendar/dueDate';
import { pausedWholeDays } from './calendar/pauses';
import type { HolidayCalendar, PeriodRequest, ProvisionalRestDays } from './calendar/types';
import { markers } from './clocks';
import type { Clock, PetitionCase } from './types';

export interface DueDateRequest extends PeriodRequest {
  clockId: string;
  /** Rules 2: the pauses themselves; the activity counts them in whole days in the organisation's time zone. */
  pauses?: { from: string; to: string }[];
}
export interface DueDateAnswer {
  clockId: string;
  dueAt: string;
  dueDate: string;
  calendarCovered: boolean;
  /** Counted without the year's State Council arrangement (statutory holidays only). */
  provisional?: boolean;
}

/**
 * What the due-date activity answers for one clock (pauses counted in whole local days). `provisional`:
 * the rest days of a year without an arrangement (the activity passes the statutory holidays).
 */
export function answerDueDate(
  { clockId, pauses, ...period }: DueDateRequest, calendar: HolidayCalendar, provisional?: ProvisionalRestDays,
): DueDateAnswer {
  const pausedDays = pauses ? pausedWholeDays(pauses, calendar.timeZone) : undefined;
  return { clockId, ...computeDueDate({ ...period, ...(pausedDays ? { pausedDays } : {}) }, calendar, provisional) };
}

export function dueDateRequests(c: PetitionCase, clockIds: string[]): DueDateRequest[] {
  const wholeDays = (c.rules ?? 1) >= 2;
  return c.clocks
    .filter((k) => clockIds.includes(k.id))
    .map((k) => ({
      clockId: k.id,
      start: k.startedAt,
      days: k.limit.days,
      unit: k.limit.unit,
      extensionDays: k.extensionDays,
      // Rules 2 counts paused time in whole days (a one-hour hearing moves no due date); rules 1 in ms.
      ...(wholeDays
        ? { pausedMs: 0, pauses: k.pauses.filter((p) => p.to !== undefined).map((p) => ({ from: p.from, to: p.to! })) }
        : { pausedMs: k.pausedMs }),
    }));
}

/**
 * Records computed due dates. When a due date moves later (an extension, a pause), the warning and
 * escalation markers that now fall after `now` are re-armed: they happen again against the new due
 * date (a missed extended deadline is a new breach). Markers that already fired and still fall at or
 * before `now` stay fired, so a short hearing pause does not repeat a warning the officer already had.
 * `now` defaults to the time of the case's latest event, which is the command or tick that asked for
 * the new due date.
 */
export function applyDueDates(c: PetitionCase, answers: DueDateAnswer[], now?: string): PetitionCase {
  const byId = new Map(answers.map((a) => [a.clockId, a]));
  const current = (c.rules ?? 1) >= 2;
  const asOf = Date.parse(now ?? c.timeline[c.timeline.length - 1]?.at ?? '');
  return {
    ...c,
    clocks: c.clocks.map((k) => {
      const a = byId.get(k.id);
      if (!a) return k;
      const next: Clock = { ...k, dueAt: a.dueAt, dueDate: a.dueDate, calendarCovered: a.calendarCovered };
      if (a.provisional !== undefined) next.provisional = a.provisional;
      delete next.recounting;
      const moved = k.dueAt !== undefined && Date.parse(a.dueAt) > Date.parse(k.dueAt);
      if (moved) {
        // Rules 2: a breach and its escalation are never re-armed: each fires once per clock.
        const once = current ? ['breach', 'grace'] : [];
        const ahead = new Set(
          markers(next, c.policy, c.rules ?? 1).filter((m) => (Number.isNaN(asOf) || m.at > asOf) && !once.includes(m.id)).map((m) => m.id),
        );
        next.fired = k.fired.filter((id) => !ahead.has(id));
      }
      return next;
    }),
  };
}
