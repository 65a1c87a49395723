// Days left on a clock as the case list shows them: calendar days, or working days by the same holiday
// calendar the due dates are counted with (weekends, the State Council's holidays and make-up working days).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDueDate, daysLeft, daysLeftCounter, isWorkingDay, validateCalendar, type HolidayCalendar } from '../../src/domain/calendar';
import { provisionalRestDays } from '../../src/domain/calendar/statutoryHolidays';

const CN: HolidayCalendar = validateCalendar(JSON.parse(readFileSync(join(__dirname, '../../policy/calendars/CN.json'), 'utf8')));
const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

describe('calendar days', () => {
  it('are the due date minus today, negative once it has passed', () => {
    expect(daysLeft('2026-12-05', '2026-11-28', 'calendar', CN)).toBe(7);
    expect(daysLeft('2026-11-28', '2026-11-28', 'calendar', CN)).toBe(0);
    expect(daysLeft('2026-11-25', '2026-11-28', 'calendar', CN)).toBe(-3);
    expect(daysLeft('2027-01-27', '2026-11-28', 'calendar', CN)).toBe(60);
  });
});

describe('working days', () => {
  it('count the working days after today up to the due date: a week from Saturday to Friday is five', () => {
    // 2026-11-28 is a Saturday.
    expect(daysLeft('2026-12-04', '2026-11-28', 'working', CN)).toBe(5);
    expect(daysLeft('2026-11-30', '2026-11-28', 'working', CN)).toBe(1); // Monday, seen on Saturday
    expect(daysLeft('2026-11-28', '2026-11-28', 'working', CN)).toBe(0);
    expect(daysLeft('2026-12-07', '2026-12-04', 'working', CN)).toBe(1); // Friday to Monday
  });

  it('skip the National Day holidays and count the make-up Saturday', () => {
    // 2026-10-01..07 off; Saturday 2026-10-10 is a make-up working day.
    expect(daysLeft('2026-10-09', '2026-09-30', 'working', CN)).toBe(2);
    expect(daysLeft('2026-10-09', '2026-09-30', 'calendar', CN)).toBe(9);
    expect(daysLeft('2026-10-10', '2026-09-30', 'working', CN)).toBe(3);
  });

  it('are negative when overdue: the working days since the due date, today included, at least one', () => {
    expect(daysLeft('2026-11-27', '2026-11-28', 'working', CN)).toBe(-1); // Friday's clock on Saturday
    expect(daysLeft('2026-11-27', '2026-11-30', 'working', CN)).toBe(-1); // and on Monday
    expect(daysLeft('2026-11-27', '2026-12-01', 'working', CN)).toBe(-2);
    expect(daysLeft('2026-09-30', '2026-10-08', 'working', CN)).toBe(-1); // the holiday week does not count
  });

  it('count a year without an arrangement by its statutory holidays, as provisional due dates do', () => {
    // 2027 is not in CN.json: New Year's Day (a Friday) is a statutory holiday.
    expect(daysLeft('2027-01-04', '2026-12-31', 'working', CN, provisionalRestDays)).toBe(1);
    expect(daysLeft('2027-01-04', '2026-12-31', 'working', CN)).toBe(2); // weekends only
  });

  it('agree with a day-by-day count for every due date within months either side', () => {
    const today = '2026-11-28';
    const count = daysLeftCounter(today, CN, provisionalRestDays);
    const working = (d: string) => isWorkingDay(d, CN, provisionalRestDays);
    for (let n = -150; n <= 150; n++) {
      const due = addDays(today, n);
      let expected = 0;
      if (n > 0) for (let i = 1; i <= n; i++) expected += working(addDays(today, i)) ? 1 : 0;
      if (n < 0) {
        for (let i = n + 1; i <= 0; i++) expected -= working(addDays(today, i)) ? 1 : 0;
        expected = Math.min(expected, -1);
      }
      expect([due, count(due, 'working')]).toEqual([due, expected]);
      expect([due, count(due, 'calendar')]).toEqual([due, n]);
    }
  });

  it('give a working-day period its full length on the day it starts', () => {
    for (let start = '2026-01-05'; start < '2026-12-20'; start = addDays(start, 3)) {
      const { dueDate } = computeDueDate({ start: `${start}T10:00:00+08:00`, days: 5, unit: 'working' }, CN);
      expect([start, daysLeft(dueDate, start, 'working', CN)]).toEqual([start, 5]);
    }
  });

  it('refuse a date that is not YYYY-MM-DD', () => {
    expect(() => daysLeft('2026/12/01', '2026-11-28', 'working', CN)).toThrow(RangeError);
  });
});
