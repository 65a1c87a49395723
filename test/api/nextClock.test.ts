// The running clock on list rows and the board (nextClock) over the real stack: the projection records which
// clock sets nextDeadline, how it counts and how many warnings it sent; the API counts its days left today
// in the organisation's time zone with the worker's holiday calendar. Cases are driven through the API, and
// those whose warnings only time reaches are built by the domain in the past and started as continued workflows.
import { isWorkingDay, localDateOf } from '../../src/domain/calendar';
import { provisionalRestDays } from '../../src/domain/calendar/statutoryHolidays';
import { loadCalendar } from '../../src/policy/load';
import type { CaseView, ClockView } from '../../src/domain';
import { DAY, driveTo, expectOk, HOUR, ownWorker, SeededCase, seededRegistration, startSeeded } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { CALENDAR_FILE } from '../support/temporal';

const TZ = 'Asia/Shanghai';
let stack: ApiStack;
let seeder: Awaited<ReturnType<typeof ownWorker>>;

beforeAll(async () => {
  stack = await startApiStack();
  seeder = await ownWorker(stack);
});

afterAll(async () => {
  await seeder?.stop();
  await stack?.close();
});

const today = () => localDateOf(Date.now(), TZ);
/** Calendar days from one local date to another. */
const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const runningClock = (c: CaseView, kind: string): ClockView => c.clocks.find((k) => k.kind === kind && k.running)!;

/** The case's row in the admin's list (newest first), once `ready` holds for it. */
async function listRow(id: string, ready: (row: any) => boolean = () => true): Promise<any> {
  return eventually(async () => {
    const page = expectOk(await stack.as('admin').get('/api/v1/petitions?sort=receivedAt&order=desc&limit=100'), 'list').body;
    const row = page.items.find((i: any) => i.id === id);
    return row && ready(row) ? row : undefined;
  }, `list row of ${id}`);
}

test('a routed case counts its objection window in working days: five on the day it was routed, whatever rest days lie between', async () => {
  const c = await driveTo(stack, 'routed');
  const objection = runningClock(c, 'objection');
  expect(objection.limit).toEqual({ days: 5, unit: 'working' });
  const row = await listRow(c.id);
  expect(row.nextDeadline).toBe(objection.dueAt);
  expect(row.nextClock).toEqual({ kind: 'objection', counts: 'working_days', dueDate: objection.dueDate, daysLeft: 5, warningLevel: 0, warningsTotal: 0 });
  // Counted here day by day with the worker's calendar: the calendar days between, less the rest days among them.
  const calendar = loadCalendar(CALENDAR_FILE);
  const between = Array.from({ length: dayDiff(today(), objection.dueDate!) }, (_, i) => localDateOf(Date.parse(`${today()}T12:00:00+08:00`) + (i + 1) * DAY, TZ));
  expect(between.filter((d) => isWorkingDay(d, calendar, provisionalRestDays))).toHaveLength(5);
  expect(between.at(-1)).toBe(objection.dueDate);

  // The CSV export says the same.
  const res = await fetch(`${stack.baseUrl}/api/v1/petitions?format=csv&status=routed&sort=receivedAt&order=desc`, { headers: { authorization: 'Bearer demo-admin-token' } });
  const lines = (await res.text()).split('\r\n');
  const head = lines[0]!.replace(/^\uFEFF/, '').split(',').map((h) => h.replace(/"/g, ''));
  const line = lines.find((l) => l.includes(c.id))!.split(',').map((v) => v.replace(/"/g, ''));
  expect([line[head.indexOf('剩余天数 daysLeft')], line[head.indexOf('计日 counts')]]).toEqual(['5', '工作日 working days']);
});

test('an accepted case counts its handling clock in calendar days, on the list and on the board, with no warning yet', async () => {
  const c = await driveTo(stack, 'escalated');
  const handling = runningClock(c, 'handling');
  expect(handling.limit.unit).toBe('calendar');
  const expected = { kind: 'handling', counts: 'calendar_days', dueDate: handling.dueDate, daysLeft: dayDiff(today(), handling.dueDate!), warningLevel: 0, warningsTotal: 3 };
  expect(expected.daysLeft).toBeGreaterThanOrEqual(60);
  expect((await listRow(c.id)).nextClock).toEqual(expected);
  const onBoard = await eventually(async () => {
    const board = expectOk(await stack.as('supervisor-zhao').get('/api/v1/board?limit=100'), 'board').body;
    return board.items.find((i: any) => i.id === c.id);
  }, 'the escalated case on the board');
  expect(onBoard.nextClock).toEqual(expected);
});

/** A case accepted `daysAgo` days ago with a case officer, its handling clock's warnings not yet sent. */
async function seededInHandling(daysAgo: number): Promise<CaseView> {
  const p = new SeededCase(seededRegistration({ receivedAt: new Date(Date.now() - daysAgo * DAY).toISOString() }));
  p.advance(HOUR).do({ type: 'accept', actor: { id: 'intake-wang', role: 'intake_officer', unitId: 'petition-office' }, unitId: 'unit-labour', officerId: 'officer-li' });
  // Built without letting time pass: whatever warning is due is the workflow's to send once it runs.
  expect(p.case.clocks.find((k) => k.kind === 'handling')!.fired).toEqual([]);
  return startSeeded(stack, seeder.taskQueue, p.case);
}

test('the warning level follows the warnings the workflow sends: one past half the period, two past 80%, all and overdue past the due date', async () => {
  const half = await seededInHandling(40);
  const rowHalf = await listRow(half.id, (r) => r.nextClock?.warningLevel === 1);
  expect(rowHalf.nextClock).toMatchObject({ kind: 'handling', counts: 'calendar_days', warningLevel: 1, warningsTotal: 3 });
  const timeline = expectOk(await stack.as('admin').get(`/api/v1/petitions/${half.id}/timeline`), 'timeline').body.events;
  expect(timeline.filter((e: any) => e.type === 'deadline_warning').map((e: any) => e.data.marker)).toEqual(['warn:0.5']);
  expect(rowHalf.nextClock.daysLeft).toBe(dayDiff(today(), runningClock(half, 'handling').dueDate!));

  const late = await seededInHandling(52);
  expect((await listRow(late.id, (r) => r.nextClock?.warningLevel === 2)).nextClock).toMatchObject({ warningLevel: 2, warningsTotal: 3 });

  const overdue = await seededInHandling(75);
  const rowOverdue = await listRow(overdue.id, (r) => r.overdue && r.nextClock?.warningLevel === 3);
  const due = runningClock(overdue, 'handling').dueDate!;
  expect(rowOverdue.nextClock).toEqual({ kind: 'handling', counts: 'calendar_days', dueDate: due, daysLeft: dayDiff(today(), due), warningLevel: 3, warningsTotal: 3 });
  expect(rowOverdue.nextClock.daysLeft).toBeLessThan(0);
});

test('a row projected before the next clock was recorded answers calendar days and no warning, without error', async () => {
  const c = await driveTo(stack, 'routed');
  await listRow(c.id, (r) => r.nextClock?.counts === 'working_days');
  await stack.db.$executeRawUnsafe(
    'UPDATE "Petition" SET "nextClockKind" = NULL, "nextClockUnit" = NULL, "nextClockWarnings" = NULL, "nextClockWarningsTotal" = NULL WHERE "id" = ?', c.id);
  const due = runningClock(c, 'objection').dueDate!;
  const row = await listRow(c.id);
  expect(row.nextClock).toEqual({ kind: null, counts: 'calendar_days', dueDate: due, daysLeft: dayDiff(today(), due), warningLevel: 0, warningsTotal: 0 });
  // A case with no running clock has none.
  const closed = await driveTo(stack, 'not_accepted');
  expect((await listRow(closed.id)).nextClock).toBeNull();
});
