/**
 * Days left on a clock as an officer counts them on a given day: calendar days, or working days by the same
 * holiday calendar the due dates are counted with. Pure: dates are 'YYYY-MM-DD' local dates in the calendar's
 * zone, and "today" is the caller's (the API reads the clock; the domain never does).
 */
import { isWorkingDay } from './dueDate';
import type { DayUnit, HolidayCalendar, ProvisionalRestDays } from './types';

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(localDate: string): number {
  const ms = DATE_RE.test(localDate) ? Date.parse(`${localDate}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`expected a 'YYYY-MM-DD' date, got ${JSON.stringify(localDate)}`);
  return Math.round(ms / DAY_MS);
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Counts days left from one `today` to any due date. Calendar days: the due date minus today. Working days:
 * the working days after today up to and including the due date (0 on the due date itself; a due date on
 * Monday seen on Saturday is 1). Overdue (the due date before today): minus the working days after the due
 * date up to and including today, at least one, so an overdue clock is negative even over a weekend.
 *
 * Each day is looked up once per counter (the answer for a page or an export of many cases reuses it).
 */
export function daysLeftCounter(today: string, cal: HolidayCalendar, provisional?: ProvisionalRestDays) {
  const start = dayNumber(today);
  const ahead: number[] = [0]; // ahead[i]: working days in (today, today + i]
  const behind: number[] = [0]; // behind[i]: working days in (today - i, today]
  const working = (day: number) => isWorkingDay(dateOf(day), cal, provisional);
  const countAhead = (n: number) => {
    for (let i = ahead.length; i <= n; i++) ahead.push(ahead[i - 1]! + (working(start + i) ? 1 : 0));
    return ahead[n]!;
  };
  const countBehind = (n: number) => {
    for (let i = behind.length; i <= n; i++) behind.push(behind[i - 1]! + (working(start - i + 1) ? 1 : 0));
    return behind[n]!;
  };
  return (dueDate: string, unit: DayUnit): number => {
    const diff = dayNumber(dueDate) - start;
    if (unit === 'calendar') return diff;
    if (diff >= 0) return countAhead(diff);
    // Working days in (dueDate, today]: today back to the day after the due date.
    return -Math.max(1, countBehind(-diff));
  };
}

/** One count, for a single clock (see daysLeftCounter). */
export function daysLeft(dueDate: string, today: string, unit: DayUnit, cal: HolidayCalendar, provisional?: ProvisionalRestDays): number {
  return daysLeftCounter(today, cal, provisional)(dueDate, unit);
}
