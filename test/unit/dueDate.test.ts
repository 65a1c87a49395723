import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addWorkingDays,
  computeDueDate,
  endOfLocalDay,
  isWorkingDay,
  localDateOf,
  validateCalendar,
  type HolidayCalendar,
} from '../../src/domain/calendar';
import { provisionalRestDays } from '../../src/domain/calendar/statutoryHolidays';

// Shanghai is fixed UTC+08:00, so local 23:59:59.999 on day D is D T15:59:59.999Z.
const CN: HolidayCalendar = validateCalendar(
  JSON.parse(readFileSync(join(__dirname, '../../policy/calendars/CN.json'), 'utf8')),
);
const DAY = 86_400_000;

describe('CN.json holiday data', () => {
  it('covers 2025 and 2026 in Asia/Shanghai, with the notices\' day counts', () => {
    expect(CN.timeZone).toBe('Asia/Shanghai');
    expect(Object.keys(CN.years).sort()).toEqual(['2025', '2026']);
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33
    expect(CN.years['2025']?.holidays).toHaveLength(28);
    expect(CN.years['2026']?.holidays).toHaveLength(33);
    expect(CN.years['2025']?.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(CN.years['2026']?.workdays).toEqual([
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
  });

  it('classifies days the way the 2026 notice does', () => {
    expect(isWorkingDay('2026-02-16', CN)).toBe(false); // Monday inside Spring Festival
    expect(isWorkingDay('2026-02-24', CN)).toBe(true); // first day back
    expect(isWorkingDay('2026-02-28', CN)).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-03-07', CN)).toBe(false); // ordinary Saturday
    expect(isWorkingDay('2026-10-07', CN)).toBe(false); // Wednesday, National Day
    expect(isWorkingDay('2030-10-01', CN)).toBe(true); // no 2030 data: Tuesday counts as working
  });
});

describe('computeDueDate, calendar days', () => {
  it('15 days ending on a weekday', () => {
    // Start Mon 2026-03-02 (not counted). Day 1 = 03-03 ... day 15 = Tue 03-17.
    expect(computeDueDate({ start: '2026-03-02T09:00:00+08:00', days: 15, unit: 'calendar' }, CN)).toEqual({
      dueAt: '2026-03-17T15:59:59.999Z',
      dueDate: '2026-03-17',
      calendarCovered: true,
      provisional: false,
      uncoveredYears: [],
    });
  });

  it('last day on a Saturday rolls to the end of Monday', () => {
    // Start Fri 2026-03-06. Day 15 = Sat 03-21 -> Sun 03-22 rest -> Mon 03-23.
    const r = computeDueDate({ start: '2026-03-06T10:00:00+08:00', days: 15, unit: 'calendar' }, CN);
    expect(r.dueDate).toBe('2026-03-23');
    expect(r.dueAt).toBe('2026-03-23T15:59:59.999Z');
  });

  it('last day inside the 2026 Spring Festival rolls to the first working day after the break', () => {
    // Received 2026-02-01. Day 15 = Mon 02-16, a holiday (02-15..02-23 off) -> Tue 02-24.
    const r = computeDueDate({ start: '2026-02-01T10:00:00+08:00', days: 15, unit: 'calendar' }, CN);
    expect(r).toEqual({ dueAt: '2026-02-24T15:59:59.999Z', dueDate: '2026-02-24', calendarCovered: true, provisional: false, uncoveredYears: [] });
  });

  it('a make-up Saturday (2026-02-28) is a working day for the rest-day rule', () => {
    // Start Fri 2026-02-13. Day 15 = Sat 02-28, declared a working day -> no roll.
    const r = computeDueDate({ start: '2026-02-13T10:00:00+08:00', days: 15, unit: 'calendar' }, CN);
    expect(r.dueAt).toBe('2026-02-28T15:59:59.999Z');
  });

  it('the start day is the LOCAL day, even when it is still the previous day in UTC', () => {
    // 2026-03-02T17:30Z = 2026-03-03 01:30 in Shanghai, so day 1 = 03-04 and day 15 = Wed 03-18
    // (counting from the UTC date would wrongly give 03-17).
    const start = '2026-03-02T17:30:00Z';
    expect(localDateOf(start, 'Asia/Shanghai')).toBe('2026-03-03');
    const r = computeDueDate({ start, days: 15, unit: 'calendar' }, CN);
    expect(r.dueAt).toBe('2026-03-18T15:59:59.999Z');
  });

  it('60 days + 30 extension = 90 days counted from the original start', () => {
    // Start Wed 2026-01-07. 60 days: 01-08..01-31 = 24, February = 28 (52), 03-01..03-08 = 8 (60)
    // -> Sun 03-08 rolls to Mon 03-09.
    const base = { start: '2026-01-07T10:00:00+08:00', days: 60, unit: 'calendar' } as const;
    expect(computeDueDate(base, CN).dueDate).toBe('2026-03-09');
    // Extended: day 90 = 03-08 + 30 = Tue 04-07 (working; Qingming was 04-04..04-06).
    // Adding 30 to the rolled 03-09 would wrongly give 04-08.
    const r = computeDueDate({ ...base, extensionDays: 30 }, CN);
    expect(r).toEqual({ dueAt: '2026-04-07T15:59:59.999Z', dueDate: '2026-04-07', calendarCovered: true, provisional: false, uncoveredYears: [] });
  });

  it('paused time shifts the end by 3 days, then rolls off a weekend', () => {
    // Start Wed 2026-03-04. Day 15 = Thu 03-19 23:59:59.999; + 3 days paused = Sun 03-22 -> Mon 03-23.
    const r = computeDueDate({ start: '2026-03-04T10:00:00+08:00', days: 15, unit: 'calendar', pausedMs: 3 * DAY }, CN);
    expect(r.dueAt).toBe('2026-03-23T15:59:59.999Z');
    expect(r.dueDate).toBe('2026-03-23');
  });

  it('pause is added before the rest-day rule, not after the roll', () => {
    // Start Fri 2026-03-06. Day 15 = Sat 03-21; + 1 day paused = Sun 03-22 -> Mon 03-23.
    // (Rolling first to Mon 03-23 and then adding 1 day would wrongly give Tue 03-24.)
    const r = computeDueDate({ start: '2026-03-06T10:00:00+08:00', days: 15, unit: 'calendar', pausedMs: DAY }, CN);
    expect(r.dueDate).toBe('2026-03-23');
  });

  it('a partial-day pause landing on a working day keeps the exact instant', () => {
    // Day 15 = Tue 03-17 23:59:59.999 local; + 12 h = Wed 03-18 11:59:59.999 local = 03:59:59.999Z.
    const r = computeDueDate(
      { start: '2026-03-02T09:00:00+08:00', days: 15, unit: 'calendar', pausedMs: 12 * 3_600_000 },
      CN,
    );
    expect(r).toEqual({ dueAt: '2026-03-18T03:59:59.999Z', dueDate: '2026-03-18', calendarCovered: true, provisional: false, uncoveredYears: [] });
  });

  it('a year outside the data (2030) uses weekends only and reports calendarCovered false', () => {
    // Start Fri 2030-09-20. Day 15 = Sat 10-05 -> Mon 10-07 (real 2030 National Day dates unknown).
    expect(computeDueDate({ start: '2030-09-20T10:00:00+08:00', days: 15, unit: 'calendar' }, CN)).toEqual({
      dueAt: '2030-10-07T15:59:59.999Z',
      dueDate: '2030-10-07',
      calendarCovered: false,
      provisional: true,
      uncoveredYears: ['2030'],
    });
    // Start Mon 2030-09-16. Day 15 = Tue 10-01: a weekday, so no roll without holiday data.
    expect(computeDueDate({ start: '2030-09-16T10:00:00+08:00', days: 15, unit: 'calendar' }, CN).dueDate).toBe(
      '2030-10-01',
    );
  });

  it('a period ending in an uncovered year is flagged even if it started in a covered one', () => {
    // Start Sun 2026-12-20. Day 15 = Mon 2027-01-04; 2027 is not in the data.
    const r = computeDueDate({ start: '2026-12-20T10:00:00+08:00', days: 15, unit: 'calendar' }, CN);
    expect(r.dueDate).toBe('2027-01-04');
    expect(r.calendarCovered).toBe(false);
  });
});

describe('provisional due dates: a year without its State Council arrangement counts its statutory holidays', () => {
  // CN.json has no 2027. The statutory days of 2027: 01-01 (Fri); 02-05..02-08 除夕..初三 (Fri..Mon);
  // 04-05; 05-01/02; 06-09; 09-15; 10-01..03.
  const at = (start: string, days: number, unit: 'calendar' | 'working') =>
    computeDueDate({ start: `${start}T10:00:00+08:00`, days, unit }, CN, provisionalRestDays);

  it('60 calendar days from 2026-12-01: 2027-02-01, marked provisional because 2027 was consulted', () => {
    // Day 60 = Sat 2027-01-30 -> Sun 01-31 -> Mon 02-01 (no holiday on the way out of the weekend).
    expect(at('2026-12-01', 60, 'calendar')).toEqual({
      dueAt: '2027-02-01T15:59:59.999Z', dueDate: '2027-02-01', calendarCovered: false, provisional: true, uncoveredYears: ['2027'],
    });
  });

  it('a last day on 除夕 rolls past the whole Spring Festival, where weekends only would have kept it', () => {
    // Started 2026-12-07: day 60 = Fri 2027-02-05 (除夕); 02-06/07 初一/初二 on the weekend; Mon 02-08 初三 -> Tue 02-09.
    expect(at('2026-12-07', 60, 'calendar')).toMatchObject({ dueDate: '2027-02-09', provisional: true });
    expect(computeDueDate({ start: '2026-12-07T10:00:00+08:00', days: 60, unit: 'calendar' }, CN).dueDate).toBe('2027-02-05');
  });

  it('a last day on New Year\'s Day 2027 (a Friday) rolls to Monday 01-04', () => {
    // Started 2026-11-02 (today's clocks): day 60 = Fri 2027-01-01.
    expect(at('2026-11-02', 60, 'calendar')).toMatchObject({ dueDate: '2027-01-04', dueAt: '2027-01-04T15:59:59.999Z', provisional: true });
  });

  it('working days skip every statutory weekday on the way: 01-01, 02-05 and 02-08', () => {
    // 60 working days from 2026-12-01: 2027-02-23 counting weekends only, three statutory weekdays later = Fri 02-26.
    expect(computeDueDate({ start: '2026-12-01T10:00:00+08:00', days: 60, unit: 'working' }, CN).dueDate).toBe('2027-02-23');
    expect(at('2026-12-01', 60, 'working')).toMatchObject({ dueDate: '2027-02-26', provisional: true, uncoveredYears: ['2027'] });
    // 15 working days from Sun 2026-12-20 cross New Year's Day: Mon 2027-01-11 instead of Fri 01-08.
    expect(at('2026-12-20', 15, 'working')).toMatchObject({ dueDate: '2027-01-11', provisional: true });
  });

  it('a clock that stays inside covered years is neither changed nor provisional', () => {
    expect(at('2026-06-15', 60, 'calendar')).toEqual({
      dueAt: '2026-08-14T15:59:59.999Z', dueDate: '2026-08-14', calendarCovered: true, provisional: false, uncoveredYears: [],
    });
    // A covered year's arrangement wins over the statutory list: 2026-02-28 (Sat) is a make-up working day.
    expect(isWorkingDay('2026-02-28', CN, provisionalRestDays)).toBe(true);
    expect(isWorkingDay('2027-02-08', CN, provisionalRestDays)).toBe(false); // Monday, 初三
    expect(isWorkingDay('2027-02-08', CN)).toBe(true); // weekends only
  });

  it('once the year\'s arrangement is in the calendar, the same clock is covered and follows it', () => {
    // A made-up 2027 arrangement with a longer break (02-05..02-11) and a make-up Sunday 01-31.
    const with2027: HolidayCalendar = { ...CN, years: { ...CN.years, '2027': {
      holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
      workdays: ['2027-01-31'],
    } } };
    const started = { start: '2026-12-07T10:00:00+08:00', days: 60, unit: 'calendar' } as const;
    expect(computeDueDate(started, with2027, provisionalRestDays)).toMatchObject({ dueDate: '2027-02-12', calendarCovered: true, provisional: false, uncoveredYears: [] });
    // Day 60 from 2026-12-01 is Sat 01-30 -> Sun 01-31, now a make-up working day: the due date moves EARLIER by a day.
    expect(computeDueDate({ ...started, start: '2026-12-01T10:00:00+08:00' }, with2027, provisionalRestDays).dueDate).toBe('2027-01-31');
  });

  it('beyond 2100 there are no statutory dates to compute: weekends only, still provisional', () => {
    expect(at('2101-09-20', 15, 'calendar')).toMatchObject({ dueDate: '2101-10-05', provisional: true, uncoveredYears: ['2101'] });
  });
});

describe('computeDueDate, working days', () => {
  it('a make-up Saturday counts as a working day', () => {
    // Start Tue 2026-02-24: Wed 02-25 (1), Thu 02-26 (2), Fri 02-27 (3), Sat 02-28 make-up (4).
    const r = computeDueDate({ start: '2026-02-24T10:00:00+08:00', days: 4, unit: 'working' }, CN);
    expect(r.dueAt).toBe('2026-02-28T15:59:59.999Z');
    // Contrast, ordinary weekend: start Tue 03-03: 03-04 (1), 03-05 (2), 03-06 (3), skip 07/08, Mon 03-09 (4).
    expect(computeDueDate({ start: '2026-03-03T10:00:00+08:00', days: 4, unit: 'working' }, CN).dueDate).toBe(
      '2026-03-09',
    );
  });

  it('5 working days across National Day 2026', () => {
    // Start Tue 2026-09-29: Wed 09-30 (1); 10-01..10-07 holiday; Thu 10-08 (2); Fri 10-09 (3);
    // Sat 10-10 make-up (4); Sun 10-11 rest; Mon 10-12 (5).
    expect(computeDueDate({ start: '2026-09-29T10:00:00+08:00', days: 5, unit: 'working' }, CN)).toEqual({
      dueAt: '2026-10-12T15:59:59.999Z',
      dueDate: '2026-10-12',
      calendarCovered: true,
      provisional: false,
      uncoveredYears: [],
    });
  });

  it('pause on a working-day period is added to the N-th working day end, then rolls', () => {
    // Start Mon 2026-03-02: 03-03 (1), 03-04 (2), 03-05 (3), 03-06 (4), Mon 03-09 (5).
    // + 5 days paused = Sat 03-14 -> Mon 03-16.
    const r = computeDueDate({ start: '2026-03-02T10:00:00+08:00', days: 5, unit: 'working', pausedMs: 5 * DAY }, CN);
    expect(r.dueAt).toBe('2026-03-16T15:59:59.999Z');
  });

  it('extension adds working days counted from the original start', () => {
    // Start Tue 2026-09-29: 5 working days = Mon 10-12 (above); + 2 = Tue 10-13 (6), Wed 10-14 (7).
    const r = computeDueDate(
      { start: '2026-09-29T10:00:00+08:00', days: 5, unit: 'working', extensionDays: 2 },
      CN,
    );
    expect(r.dueDate).toBe('2026-10-14');
  });
});

describe('addWorkingDays', () => {
  it('steps over the Spring Festival and counts the make-up Saturday', () => {
    // From Thu 2026-02-12: Fri 02-13 (1), Sat 02-14 make-up (2), 02-15..02-23 off, Tue 02-24 (3).
    expect(addWorkingDays('2026-02-12', 3, CN)).toBe('2026-02-24');
  });

  it('n = 0 returns the date itself', () => {
    expect(addWorkingDays('2026-02-16', 0, CN)).toBe('2026-02-16');
  });
});

describe('time zones', () => {
  it('Shanghai end of day is 15:59:59.999Z', () => {
    expect(endOfLocalDay('2026-02-24', 'Asia/Shanghai')).toBe('2026-02-24T15:59:59.999Z');
  });

  it('Europe/Berlin ends at local 23:59:59.999 with the summer or winter offset', () => {
    expect(endOfLocalDay('2026-07-15', 'Europe/Berlin')).toBe('2026-07-15T21:59:59.999Z'); // CEST +02:00
    expect(endOfLocalDay('2026-01-15', 'Europe/Berlin')).toBe('2026-01-15T22:59:59.999Z'); // CET +01:00
    // DST switch days: clocks go forward on Sun 03-29 and back on Sun 10-25 (early morning).
    expect(endOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfLocalDay('2026-10-25', 'Europe/Berlin')).toBe('2026-10-25T22:59:59.999Z');
  });

  it('localDateOf reads the local date in a DST zone', () => {
    expect(localDateOf('2026-07-15T22:30:00Z', 'Europe/Berlin')).toBe('2026-07-16'); // 00:30 CEST
    expect(localDateOf('2026-01-15T22:30:00Z', 'Europe/Berlin')).toBe('2026-01-15'); // 23:30 CET
    expect(localDateOf(Date.UTC(2026, 0, 15, 23, 30), 'Europe/Berlin')).toBe('2026-01-16'); // epoch ms
  });

  it('computeDueDate in Berlin uses the right offset in summer and winter', () => {
    const berlin: HolidayCalendar = { timeZone: 'Europe/Berlin', years: { '2026': { holidays: [], workdays: [] } } };
    // Start Fri 2026-03-20 (CET). Day 15 = Sat 04-04 -> Mon 04-06, now CEST: 23:59:59.999+02:00.
    expect(computeDueDate({ start: '2026-03-20T12:00:00+01:00', days: 15, unit: 'calendar' }, berlin).dueAt).toBe(
      '2026-04-06T21:59:59.999Z',
    );
    // Start Mon 2026-01-05. Day 15 = Tue 01-20, CET: 23:59:59.999+01:00.
    expect(computeDueDate({ start: '2026-01-05T12:00:00+01:00', days: 15, unit: 'calendar' }, berlin).dueAt).toBe(
      '2026-01-20T22:59:59.999Z',
    );
  });
});

describe('validateCalendar', () => {
  const ok = { timeZone: 'Asia/Shanghai', years: { '2026': { holidays: ['2026-02-16'], workdays: ['2026-02-28'] } } };

  it('accepts valid data and drops unknown top-level fields such as "source"', () => {
    expect(validateCalendar({ ...ok, source: 'notice' })).toEqual(ok);
  });

  it('rejects a date listed as both holiday and workday', () => {
    const raw = { timeZone: 'Asia/Shanghai', years: { '2026': { holidays: ['2026-02-28'], workdays: ['2026-02-28'] } } };
    expect(() => validateCalendar(raw)).toThrow(/2026-02-28 is listed as both a holiday and a make-up workday/);
  });

  it('rejects an impossible date like 2026-02-30', () => {
    const raw = { timeZone: 'Asia/Shanghai', years: { '2026': { holidays: ['2026-02-30'], workdays: [] } } };
    expect(() => validateCalendar(raw)).toThrow(/invalid date "2026-02-30"/);
  });

  it('rejects other malformed data', () => {
    expect(() => validateCalendar({ ...ok, timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
    expect(() => validateCalendar(null)).toThrow(/expected a JSON object/);
    expect(() => validateCalendar({ timeZone: 'Asia/Shanghai', years: { '2026': { holidays: ['2025-01-01'], workdays: [] } } })).toThrow(
      /not in 2026/,
    );
    // Mon 2026-03-02 as a make-up workday is meaningless: a data-entry error.
    expect(() => validateCalendar({ timeZone: 'Asia/Shanghai', years: { '2026': { holidays: [], workdays: ['2026-03-02'] } } })).toThrow(
      /not a Saturday or Sunday/,
    );
  });
});

describe('request validation', () => {
  const base = { start: '2026-03-02T09:00:00+08:00', days: 15, unit: 'calendar' } as const;

  it.each([
    ['negative days', { ...base, days: -1 }, /days must be a non-negative integer/],
    ['fractional days', { ...base, days: 1.5 }, /days must be a non-negative integer/],
    ['negative extension', { ...base, extensionDays: -1 }, /extensionDays must be a non-negative integer/],
    ['negative pause', { ...base, pausedMs: -5 }, /pausedMs must be a non-negative integer/],
    ['garbage start', { ...base, start: 'yesterday' }, /start must be an ISO instant/],
    ['impossible start date', { ...base, start: '2026-02-30T10:00:00Z' }, /start must be an ISO instant/],
    ['start without offset', { ...base, start: '2026-02-01T10:00:00' }, /start must be an ISO instant/],
    ['unknown unit', { ...base, unit: 'weekly' }, /unit must be 'calendar' or 'working'/],
  ])('throws RangeError for %s', (_name, req, message) => {
    const call = () => computeDueDate(req as never, CN);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});
