import { log } from '@temporalio/activity';
import { answerDueDate, type DueDateAnswer, type DueDateRequest } from '../domain/dueDates';
import { loadCalendar } from '../policy/load';

/**
 * Due dates depend on the holiday calendar, which changes every year: computed here, in an activity,
 * the result is recorded in history and a running case keeps its deadlines on replay. The file is
 * read on every call so a new year's calendar applies to clocks started after it is installed.
 */
export function dueDateActivities(calendarFile: string) {
  // Ops need to hear once per year and worker that the calendar is missing, not once per clock.
  const warnedYears = new Set<string>();
  return {
    async computeDueDates(requests: DueDateRequest[], timeZone: string): Promise<DueDateAnswer[]> {
      const calendar = { ...loadCalendar(calendarFile), timeZone };
      return requests.map((request) => {
        const r = answerDueDate(request, calendar);
        const year = r.dueDate.slice(0, 4);
        if (!r.calendarCovered && !warnedYears.has(year)) {
          warnedYears.add(year);
          log.warn(`holiday calendar ${calendarFile} has no ${year}: due dates in ${year} count weekends only until it is added`, { clockId: r.clockId, dueDate: r.dueDate });
        }
        return r;
      });
    },
  };
}
