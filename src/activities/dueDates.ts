import { log } from '@temporalio/activity';
import { computeDueDate } from '../domain/calendar';
import type { DueDateAnswer, DueDateRequest } from '../domain';
import { loadCalendar } from '../policy/load';

/**
 * Due dates depend on the holiday calendar, which changes every year: computed here, in an activity,
 * the result is recorded in history and a running case keeps its deadlines on replay. The file is
 * read on every call so a new year's calendar applies to clocks started after it is installed.
 */
export function dueDateActivities(calendarFile: string) {
  return {
    async computeDueDates(requests: DueDateRequest[], timeZone: string): Promise<DueDateAnswer[]> {
      const calendar = { ...loadCalendar(calendarFile), timeZone };
      return requests.map(({ clockId, ...period }) => {
        const r = computeDueDate(period, calendar);
        if (!r.calendarCovered) log.warn('holiday calendar does not cover the due date; counted weekends only', { clockId, dueDate: r.dueDate });
        return { clockId, ...r };
      });
    },
  };
}
