// The bridge between clocks and the calendar: what to ask the due-date activity, and how to apply its answer.
import type { PeriodRequest } from './calendar/types';
import { markers } from './clocks';
import type { Clock, PetitionCase } from './types';

export interface DueDateRequest extends PeriodRequest {
  clockId: string;
}
export interface DueDateAnswer {
  clockId: string;
  dueAt: string;
  dueDate: string;
  calendarCovered: boolean;
  /** !calendarCovered: counted a year without its State Council arrangement (its statutory holidays only). */
  provisional?: boolean;
}

export function dueDateRequests(c: PetitionCase, clockIds: string[]): DueDateRequest[] {
  return c.clocks
    .filter((k) => clockIds.includes(k.id))
    .map((k) => ({
      clockId: k.id,
      start: k.startedAt,
      days: k.limit.days,
      unit: k.limit.unit,
      extensionDays: k.extensionDays,
      pausedMs: k.pausedMs,
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
  const asOf = Date.parse(now ?? c.timeline[c.timeline.length - 1]?.at ?? '');
  return {
    ...c,
    clocks: c.clocks.map((k) => {
      const a = byId.get(k.id);
      if (!a) return k;
      const next: Clock = { ...k, dueAt: a.dueAt, dueDate: a.dueDate, calendarCovered: a.calendarCovered };
      const moved = k.dueAt !== undefined && Date.parse(a.dueAt) > Date.parse(k.dueAt);
      if (moved) {
        const ahead = new Set(
          markers(next, c.policy).filter((m) => Number.isNaN(asOf) || m.at > asOf).map((m) => m.id),
        );
        next.fired = k.fired.filter((id) => !ahead.has(id));
      }
      return next;
    }),
  };
}
