// The due-date activity on a real SQLite file: provisional due dates for a year without an arrangement, and a
// year loaded into the database (or added to the file) used by the very next computation, without a restart;
// the calendar is read again only when it changed, not for every clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { dueDateActivities } from '../../src/activities/dueDates';
import type { DueDateAnswer, DueDateRequest } from '../../src/domain';
import { saveHolidayYear } from '../../src/policy/holidayYears';
import { CALENDAR_FILE } from '../support/temporal';
import { createTestDb } from '../support/testDb';

const warnings: string[] = [];
const reloads: string[] = []; // the activity logs each calendar it reads
const logger: Logger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, error: () => undefined,
  info: (message) => { if (message.startsWith('holiday calendar')) reloads.push(message); },
  warn: (message) => { warnings.push(message); },
};
const env = new MockActivityEnvironment(undefined, { logger });

/** The activity as the worker builds it, run in an activity context (for its logger). */
function activity(deps: Parameters<typeof dueDateActivities>[0]) {
  const { computeDueDates } = dueDateActivities(deps);
  return (requests: DueDateRequest[]) => env.run(computeDueDates, requests, 'Asia/Shanghai') as Promise<DueDateAnswer[]>;
}

// A made-up 2027 arrangement: the statutory days, a break 02-05..02-11 with make-up Sundays 01-31 and 02-20.
const ARRANGEMENT_2027 = {
  year: '2027',
  holidays: [
    '2027-01-01', '2027-01-02', '2027-01-03',
    '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
    '2027-04-05', '2027-05-01', '2027-05-02', '2027-05-03', '2027-06-09', '2027-09-15',
    '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07',
  ],
  workdays: ['2027-01-31', '2027-02-20'],
  source: 'test arrangement',
};

const clock = (clockId: string, start: string, days: number, unit: 'calendar' | 'working' = 'calendar'): DueDateRequest =>
  ({ clockId, start: `${start}T10:00:00+08:00`, days, unit, extensionDays: 0, pausedMs: 0 });
// The reply clock of a case accepted 2026-12-07 (60 days: last day 除夕) and one accepted in June.
const DECEMBER = clock('handling-dec', '2026-12-07', 60);
const JUNE = clock('handling-jun', '2026-06-15', 60);

describe('computeDueDates activity', () => {
  let t: Awaited<ReturnType<typeof createTestDb>>;
  beforeEach(async () => { t = await createTestDb(); warnings.length = 0; reloads.length = 0; });
  afterEach(async () => { await t.cleanup(); });

  it('a clock counting 2027 skips its statutory holidays and is provisional; a June clock is covered', async () => {
    const computeDueDates = activity({ db: t.db, calendarFile: CALENDAR_FILE });
    const answers = await computeDueDates([DECEMBER, JUNE, clock('acceptance-dec', '2026-12-20', 15, 'working')]);
    expect(answers).toEqual([
      // Day 60 = Fri 2027-02-05 (除夕) .. Mon 02-08 (初三) -> Tue 02-09; weekends only would have said 02-05.
      { clockId: 'handling-dec', dueAt: '2027-02-09T15:59:59.999Z', dueDate: '2027-02-09', calendarCovered: false, provisional: true },
      { clockId: 'handling-jun', dueAt: '2026-08-14T15:59:59.999Z', dueDate: '2026-08-14', calendarCovered: true, provisional: false },
      // 15 working days from 2026-12-20 skip New Year's Day 2027.
      { clockId: 'acceptance-dec', dueAt: '2027-01-11T15:59:59.999Z', dueDate: '2027-01-11', calendarCovered: false, provisional: true },
    ]);
    // Ops hear once per year and worker, not once per clock.
    await computeDueDates([DECEMBER]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no State Council holiday arrangement for 2027 .*statutory holidays only .*npm run admin -- calendar load/);
  });

  it('a year loaded into the database is used by the very next computation, without a restart, and clears provisional', async () => {
    const computeDueDates = activity({ db: t.db, calendarFile: CALENDAR_FILE });
    expect((await computeDueDates([DECEMBER]))[0]).toMatchObject({ dueDate: '2027-02-09', provisional: true });
    await computeDueDates([DECEMBER, JUNE]);
    await computeDueDates([JUNE]);
    // Read once for three computations: the calendar had not changed.
    expect(reloads).toEqual(['holiday calendar (' + CALENDAR_FILE + ' and the database): State Council arrangements for 2025, 2026']);

    await saveHolidayYear(t.db, ARRANGEMENT_2027);
    // The loaded year counts at once: the break runs to Thu 02-11, so the due date is Fri 02-12.
    expect(await computeDueDates([DECEMBER, JUNE])).toEqual([
      { clockId: 'handling-dec', dueAt: '2027-02-12T15:59:59.999Z', dueDate: '2027-02-12', calendarCovered: true, provisional: false },
      { clockId: 'handling-jun', dueAt: '2026-08-14T15:59:59.999Z', dueDate: '2026-08-14', calendarCovered: true, provisional: false },
    ]);
    // A make-up Sunday from the database counts as working: day 60 from 2026-12-01 is Sat 01-30 -> Sun 01-31.
    expect((await computeDueDates([clock('h', '2026-12-01', 60)]))[0]).toMatchObject({ dueDate: '2027-01-31', provisional: false });
    expect(reloads).toHaveLength(2);
    expect(reloads[1]).toMatch(/arrangements for 2025, 2026, 2027$/);
  });

  it('a year added to the calendar file is used by the next computation too', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-')), 'CN.json');
    fs.copyFileSync(CALENDAR_FILE, file);
    const computeDueDates = activity({ db: t.db, calendarFile: file });
    expect((await computeDueDates([DECEMBER]))[0]).toMatchObject({ dueDate: '2027-02-09', provisional: true });
    const cal = JSON.parse(fs.readFileSync(file, 'utf8'));
    cal.years['2027'] = { holidays: ARRANGEMENT_2027.holidays, workdays: ARRANGEMENT_2027.workdays };
    fs.writeFileSync(file, JSON.stringify(cal));
    expect((await computeDueDates([DECEMBER]))[0]).toMatchObject({ dueDate: '2027-02-12', provisional: false });
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('a year in the database replaces the same year of the calendar file', async () => {
    const computeDueDates = activity({ db: t.db, calendarFile: CALENDAR_FILE });
    // CN.json: day 15 from 2026-02-01 is Mon 02-16, inside the Spring Festival -> Tue 02-24.
    const feb = clock('acceptance', '2026-02-01', 15);
    expect((await computeDueDates([feb]))[0]!.dueDate).toBe('2026-02-24');
    // A corrected 2026 (for the test: the break ends on 02-16) moves it to Tue 02-17.
    await saveHolidayYear(t.db, { year: '2026', holidays: ['2026-01-01', '2026-02-15', '2026-02-16'], workdays: [] });
    expect((await computeDueDates([feb]))[0]).toMatchObject({ dueDate: '2026-02-17', provisional: false });
  });

  it('a broken row in the database fails the activity with a message naming it (Temporal retries it), never a silent fallback', async () => {
    const computeDueDates = activity({ db: t.db, calendarFile: CALENDAR_FILE });
    await t.db.holidayYear.create({ data: { year: 2027, holidays: '["2027-02-30"]', workdays: '[]' } });
    await expect(computeDueDates([DECEMBER])).rejects.toThrow(
      'holiday years in the database: Invalid holiday calendar: years.2027.holidays has invalid date "2027-02-30"');
    await t.db.holidayYear.update({ where: { year: 2027 }, data: { holidays: 'not json' } });
    await expect(computeDueDates([DECEMBER])).rejects.toThrow('holiday year 2027 in the database: holidays is not a JSON array of dates');
    // Once the row is fixed, the next attempt succeeds.
    await saveHolidayYear(t.db, ARRANGEMENT_2027);
    expect((await computeDueDates([DECEMBER]))[0]).toMatchObject({ dueDate: '2027-02-12', provisional: false });
  });
});
