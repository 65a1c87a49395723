// The bridge between clocks and the calendar: what to ask the due-date activity, and how to apply its answer.
import type { PeriodRequest } from './calendar/types';
import type { PetitionCase } from './types';

export interface DueDateRequest extends PeriodRequest {
  clockId: string;
}
export interface DueDateAnswer {
  clockId: string;
  dueAt: string;
  dueDate: string;
  calendarCovered: boolean;
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
 * Records computed due dates. A later due date (extension, pause) re-arms the escalation markers
 * that no longer apply, so a case brought back within its time is not reported overdue again.
 */
export function applyDueDates(c: PetitionCase, answers: DueDateAnswer[]): PetitionCase {
  const byId = new Map(answers.map((a) => [a.clockId, a]));
  return {
    ...c,
    clocks: c.clocks.map((k) => {
      const a = byId.get(k.id);
      if (!a) return k;
      const moved = k.dueAt !== undefined && a.dueAt > k.dueAt;
      const fired = moved ? k.fired.filter((m) => !m.startsWith('warn:')) : k.fired;
      return { ...k, dueAt: a.dueAt, dueDate: a.dueDate, calendarCovered: a.calendarCovered, fired };
    }),
  };
}
