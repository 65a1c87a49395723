// The statutory rules (issue 10) at their real lengths on the time-skipping server: extensions only
// inside the period and breaches that stay breached (W34), the review right from delivery whatever
// the rating (W35), hard windows at the instant they close, and due dates counted again when the
// year's holiday arrangement arrives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseFromView } from '../../src/domain';
import { computeDueDate, validateCalendar } from '../../src/domain/calendar';
import { loadCalendar } from '../../src/policy/load';
import { actionUpdates, getCaseQuery, recomputeDueDatesSignal } from '../../src/workflows/messages';
import { Petition as DomainPetition } from '../unit/domainFixtures';
import { DAY, intake, officer, petitioner, supervisor } from '../support/fixtures';
import { CALENDAR_FILE } from '../support/temporal';
import { advancePast, Harness, recordHistories, type Petition } from './harness';

// The worker reads its holiday calendar from a copy that a test can add a year to, as ops would.
const calendarFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-')), 'CN.json');
fs.copyFileSync(CALENDAR_FILE, calendarFile);
const h = new Harness('statutory', { calendarFile });
beforeAll(() => h.setup());
afterAll(() => h.teardown());
recordHistories(h);

const opinion = { decision: 'support' as const, facts: 'The wage records were checked.', legalBasis: '《劳动合同法》第三十条', text: 'The employer pays within 10 days.' };

const refusal = async (p: Promise<unknown>): Promise<ApplicationFailure> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
};

async function inHandling(p: Petition) {
  return p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
}

test('W34: no extension after the due date; the breach stays with the unit that held the clock, and stays late after a reassignment', async () => {
  const p = await h.start();
  let v = await inHandling(p);
  const handling = p.clock(v, 'handling');
  await h.advance(50);
  await p.act('requestExtension', officer, { days: 20, reason: 'Expert appraisal.' });
  // Nobody decides it in time: at the breach the request is closed where the supervisor sees it.
  await advancePast(h, handling.dueAt!);
  v = await p.view();
  expect(v.pendingExtension).toBeUndefined();
  expect(v.timeline.find((e) => e.type === 'extension_request_closed')?.data).toMatchObject({ why: 'due_date_passed', days: 20 });
  expect((await p.notices()).filter((n) => n.kind === 'extension_request_closed').map((n) => n.recipient)).toEqual(['supervisor']);
  const late = await refusal(p.act('requestExtension', officer, { days: 10, reason: 'Too late now.' }));
  expect(late.type).toBe('ActionNotAllowed');
  expect(late.message).toMatch(/period ended on .*inside the period \(W34\)/);

  // Handed to another unit after the breach: the criticism (通报) still follows the unit that missed it.
  await p.signal('reassign', supervisor, { unitId: 'unit-planning', officerId: 'officer-sun' });
  await h.advance(4);
  v = await p.view();
  expect(p.clock(v, 'handling')).toMatchObject({ unitId: 'unit-planning', breach: { unitId: 'unit-housing' } });
  expect(v.criticisms).toEqual([expect.objectContaining({ unitId: 'unit-housing', clockId: handling.id })]);
  v = await p.act('reply', { ...officer, id: 'officer-sun', unitId: 'unit-planning' }, opinion);
  expect(p.clock(v, 'handling').outcome).toBe('late');
  expect(v.timeline.find((e) => e.type === 'replied')?.data).toMatchObject({ onTime: false, unitId: 'unit-housing' });
  // Each marker once: one breach, one escalation a level higher, one criticism.
  const notices = await p.notices();
  expect(notices.filter((n) => n.kind === 'deadline_breached')).toHaveLength(1);
  expect(notices.filter((n) => n.kind === 'criticism').map((n) => n.recipientId)).toEqual(['unit-housing']);
  const row = await h.db.petition.findUniqueOrThrow({ where: { id: p.id } });
  expect(row.replyOnTime).toBe(false);
});

test('W35: a letter case\'s reply is delivered later; the review window runs 30 days from that delivery whatever the rating', async () => {
  // A petitioner without an account who wrote a letter: the intake officer records what they send.
  const p = await h.start({ channel: 'letter', petitionerUserId: undefined });
  await inHandling(p);
  let v = await p.act('reply', officer, opinion);
  expect(v.status).toBe('awaiting_delivery');
  await h.advance(4);
  const deliveredAt = new Date((await h.now()) - DAY).toISOString(); // the signed receipt is dated yesterday
  v = await p.act('recordDelivery', officer, { deliveredAt, method: 'post' });
  expect(v.status).toBe('awaiting_evaluation');
  const window = p.clock(v, 'reviewRequest');
  expect(window.startedAt).toBe(deliveredAt);
  // A satisfied rating by letter: recorded with its source, the petitioner told, the review right intact.
  const noSource = await refusal(p.act('evaluate', intake, { rating: 'satisfied' }));
  expect(noSource.type).toBe('InvalidAction');
  v = await p.act('evaluate', intake, { rating: 'satisfied', source: { channel: 'letter', receivedOn: deliveredAt.slice(0, 10) } });
  expect(v.status).toBe('appeal_window');
  const recorded = (await p.notices()).find((n) => n.kind === 'rating_recorded');
  expect(recorded).toMatchObject({ recipient: 'petitioner', channel: 'letter' });
  await advancePast(h, window.dueAt!, -DAY); // the window's last day
  v = await p.act('requestReview', intake, { reason: 'On reflection the repair is inadequate.', source: { channel: 'letter', receivedOn: new Date(await h.now()).toISOString().slice(0, 10) } });
  expect(v).toMatchObject({ status: 'in_review', unitId: 'unit-office' });
});

test('W35/W36 windows are hard: an action in the window\'s last minute is taken; at the instant it lapses it is refused, every time', async () => {
  const early = await h.start();
  const atLapse = await Promise.all([h.start(), h.start(), h.start()]);
  for (const p of [early, ...atLapse]) {
    await inHandling(p);
    await p.act('reply', officer, opinion);
  }
  // Rated satisfied: the review right stays until the window's last instant, then the case closes.
  for (const p of atLapse) await p.act('evaluate', petitioner, { rating: 'satisfied' });
  const window = early.clock(await early.view(), 'reviewRequest');
  for (const p of atLapse) expect(p.clock(await p.view(), 'reviewRequest').dueAt).toBe(window.dueAt);

  await advancePast(h, window.dueAt!, -60_000);
  const taken = await early.act('requestReview', petitioner, { reason: 'In time.' });
  expect(taken.status).toBe('in_review');

  // The server's clock at the window's first closed instant, where its lapse timer fires too.
  await h.env.sleep(Date.parse(window.dueAt!) + 1 - (await h.now()));
  const answers = await Promise.all(atLapse.map((p) => refusal(p.act('requestReview', petitioner, { reason: 'One instant late.' }))));
  for (const a of answers) expect(a.type).toBe('ActionNotAllowed');
  await h.env.sleep(1000); // the lapse's workflow task, if the refused update came first
  for (const p of atLapse) {
    const result = await p.view();
    expect(result).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
    expect(result.timeline.some((e) => e.type === 'review_requested')).toBe(false);
  }
});

test('a provisional due date (2027, not in the calendar yet) is counted again when the year\'s arrangement is loaded; the petitioner is told the new date', async () => {
  const p = await h.start();
  let v = await inHandling(p);
  const before = p.clock(v, 'handling');
  const year = before.dueDate!.slice(0, 4);
  expect(year >= '2027').toBe(true); // 60 days from late 2026 (or later, as the test server's clock has moved)
  expect(before.calendarCovered).toBe(false);
  // The year's arrangement arrives (test data, not the State Council's): the due day becomes a holiday.
  const cal = JSON.parse(fs.readFileSync(calendarFile, 'utf8'));
  cal.years[year] = { holidays: [before.dueDate], workdays: [] };
  fs.writeFileSync(calendarFile, JSON.stringify(cal));
  await p.handle.signal(recomputeDueDatesSignal, { reason: `${year} holiday arrangement loaded`, calendarYears: [year] });
  await h.advance(1);
  v = await p.view();
  const after = p.clock(v, 'handling');
  const expected = computeDueDate({ start: after.startedAt, days: 60, unit: 'calendar' }, validateCalendar({ ...loadCalendar(calendarFile), timeZone: 'Asia/Shanghai' }));
  expect(after).toMatchObject({ dueAt: expected.dueAt, calendarCovered: true });
  expect(after.dueDate! > before.dueDate!).toBe(true);
  expect(v.timeline.find((e) => e.type === 'due_date_changed')).toMatchObject({ document: 'deadline_change', data: { from: before.dueDate, to: after.dueDate } });
  const told = (await p.notices()).find((n) => n.kind === 'deadline_change');
  expect(JSON.parse(told!.body)).toMatchObject({ from: before.dueDate, to: after.dueDate });
});

test('a petition running on the first release\'s rules adopts the statutory rules at its next step: a satisfied rating no longer ends the review right', async () => {
  // A rules-1 case replied to yesterday, carried into a workflow as continue-as-new carries a case.
  const now = new Date(await h.now()).toISOString();
  const legacy = new DomainPetition({ id: `legacy-${Date.now()}`, receivedAt: new Date(Date.parse(now) - 3 * DAY).toISOString() }, undefined, 1);
  legacy.advance(DAY).do({ type: 'accept', actor: intake, unitId: 'unit-housing', officerId: officer.id });
  legacy.advance(DAY).do({ type: 'reply', actor: officer, ...opinion });
  expect(legacy.case).toMatchObject({ status: 'awaiting_evaluation' });
  expect(legacy.case.rules).toBeUndefined();
  const handle = await h.env.client.workflow.start('petitionWorkflow', {
    taskQueue: h.taskQueue, workflowId: `petition-${legacy.case.id}`, args: [{ kind: 'continued', case: legacy.case, projectedSeq: 0 }],
  });
  const v = await handle.executeUpdate(actionUpdates.evaluate, { args: [{ type: 'evaluate', actor: petitioner, rating: 'satisfied' }] });
  expect(v).toMatchObject({ rules: 2, status: 'appeal_window' });
  expect(v.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['rules_adopted', 'evaluated']));
  const window = [...v.clocks].reverse().find((k) => k.kind === 'reviewRequest')!;
  expect(window).toMatchObject({ running: true, startedAt: legacy.case.reply!.issuedAt });
});

test('correction (纠错): a wrong non-acceptance is reopened by a supervisor in a new run; the acceptance clock runs on and the days it stood closed do not count', async () => {
  const p = await h.start();
  await h.advance(3);
  let v = await p.act('notAccept', officer, { reason: 'Believed to be a court matter.', redirectTo: 'the district court' });
  expect(v).toMatchObject({ status: 'closed', closingReason: 'not_accepted' });
  const first = p.clock(v, 'acceptance');
  expect((await p.handle.describe()).status.name).toBe('COMPLETED');
  await h.advance(5);
  // The ended run's case is where the next run starts: the API reads it from the final projection.
  const closed = caseFromView(JSON.parse((await h.db.petitionSnapshot.findUniqueOrThrow({ where: { petitionId: p.id } })).snapshot));
  const next = await h.env.client.workflow.start('petitionWorkflow', {
    taskQueue: h.taskQueue, workflowId: p.handle.workflowId, workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    args: [{ kind: 'reopened', case: closed, reopen: { type: 'reopen', actor: supervisor, reason: 'It is an administrative matter after all.' } }],
  });
  await h.advance(1);
  v = await next.query(getCaseQuery);
  expect(v).toMatchObject({ status: 'registered', reopenings: [expect.objectContaining({ closingReason: 'not_accepted', by: supervisor.id })] });
  expect(v.notAcceptance).toBeUndefined();
  const resumed = p.clock(v, 'acceptance');
  expect(resumed).toMatchObject({ running: true, startedAt: first.startedAt });
  // Closed for five whole days: the due date is five days later (then the rest-day rule once).
  const expected = computeDueDate({ start: first.startedAt, days: 15, unit: 'calendar', pausedDays: 5 }, { ...loadCalendar(calendarFile), timeZone: 'Asia/Shanghai' });
  expect(resumed.dueAt).toBe(expected.dueAt);
  expect(v.timeline.find((e) => e.type === 'reopened')).toMatchObject({ document: 'reopening', actor: supervisor.id });
  v = await next.executeUpdate(actionUpdates.accept, { args: [{ type: 'accept', actor: officer, unitId: 'unit-housing', officerId: officer.id }] });
  expect(v.status).toBe('in_handling');
  const row = await h.db.petition.findUniqueOrThrow({ where: { id: p.id } });
  expect(row).toMatchObject({ status: 'in_handling', closingReason: null, lastSeq: v.seq });
});
