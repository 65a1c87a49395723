// The holiday calendar in the API process, for the days left on list rows: the same file and database years
// the due-date activity counts with (policy/load calendarLoader), checked for a change at most every few
// seconds, and one memoising day counter per local day.
import { daysLeftCounter, localDateOf } from '../../domain/calendar';
import { provisionalRestDays } from '../../domain/calendar/statutoryHolidays';
import type { HolidayCalendar } from '../../domain/calendar';
import type { Db } from '../../db/client';
import { calendarLoader } from '../../policy/load';
import type { ClockReading } from '../queries/nextClock';

/** How long a list may count with a calendar before its version (file, HolidayYear rows) is checked again. */
export const CALENDAR_RECHECK_MS = 5_000;

export function clockReadings(db: Db, calendarFile: string, timeZone: string, recheckMs = CALENDAR_RECHECK_MS): () => Promise<ClockReading> {
  const load = calendarLoader(db, calendarFile);
  let checked: { at: number; calendar: HolidayCalendar } | undefined;
  let counter: { today: string; calendar: HolidayCalendar; reading: ClockReading } | undefined;
  return async () => {
    const now = Date.now();
    if (!checked || now - checked.at >= recheckMs) checked = { at: now, calendar: await load() };
    const today = localDateOf(now, timeZone);
    if (counter?.today !== today || counter.calendar !== checked.calendar) {
      // A year without an arrangement counts its statutory holidays, as the due dates do.
      const count = daysLeftCounter(today, { ...checked.calendar, timeZone }, provisionalRestDays);
      counter = { today, calendar: checked.calendar, reading: { timeZone, daysLeft: count } };
    }
    return counter.reading;
  };
}
