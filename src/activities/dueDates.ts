import { log } from '@temporalio/activity';
import { provisionalRestDays } from '../domain/calendar/statutoryHolidays';
import { answerDueDate, type DueDateAnswer, type DueDateRequest } from '../domain/dueDates';
import type { Db } from '../db/client';
import { calendarLoader } from '../policy/load';

export interface DueDateDeps {
  db: Db;
  calendarFile: string;
}

/**
 * Due dates depend on the holiday calendar, which changes every year: computed here, in an activity,
 * the result is recorded in history and a running case keeps its deadlines on replay. The calendar is the
 * file with the years loaded into the database laid over it, re-read when either changes, so a year loaded
 * by `npm run admin -- calendar load` applies to the next due date without a restart. A year with no
 * arrangement yet counts its statutory holidays (the lunar calendar is computed here, never in the
 * workflow) and the answer is marked provisional.
 */
export function dueDateActivities({ db, calendarFile }: DueDateDeps) {
  const currentCalendar = calendarLoader(db, calendarFile, (calendar) => {
    log.info(`holiday calendar (${calendarFile} and the database): State Council arrangements for ${Object.keys(calendar.years).sort().join(', ')}`);
  });
  // Ops need to hear once per year and worker that an arrangement is missing, not once per clock.
  const warnedYears = new Set<string>();
  return {
    async computeDueDates(requests: DueDateRequest[], timeZone: string): Promise<DueDateAnswer[]> {
      const calendar = { ...(await currentCalendar()), timeZone };
      return requests.map((request) => {
        // computeDueDate's result comes through answerDueDate whole: keep its uncoveredYears out of history.
        const { uncoveredYears = [], ...answer } = answerDueDate(request, calendar, provisionalRestDays) as DueDateAnswer & { uncoveredYears?: string[] };
        for (const year of uncoveredYears.filter((y) => !warnedYears.has(y))) {
          warnedYears.add(year);
          log.warn(
            `no State Council holiday arrangement for ${year} (neither ${calendarFile} nor the database): due dates ` +
            `counting ${year} use its statutory holidays only and are provisional until it is loaded with ` +
            '`npm run admin -- calendar load <file.json>`',
            { clockId: answer.clockId, dueDate: answer.dueDate },
          );
        }
        return answer;
      });
    },
  };
}
