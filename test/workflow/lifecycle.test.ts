// Every path of the petition lifecycle, at the real statutory lengths, on the time-skipping server.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { computeDueDate } from '../../src/domain/calendar';
import { provisionalRestDays } from '../../src/domain/calendar/statutoryHolidays';
import { loadCalendar } from '../../src/policy/load';
import { PetitionEscalationLevel, PetitionOverdue, PetitionStatus } from '../../src/temporal/searchAttributes';
import { DAY, officer, petitioner, reReviewer, reviewer, supervisor } from '../support/fixtures';
import { CALENDAR_FILE } from '../support/temporal';
import { advancePast, Harness, recordHistories, type Petition } from './harness';

const h = new Harness('lifecycle');
beforeAll(() => h.setup());
afterAll(() => h.teardown());
recordHistories(h);

const opinion = { decision: 'support' as const, facts: 'Inspection on site confirmed the fault.', legalBasis: '《物业管理条例》第35条', text: 'The heating will be repaired by 1 December.' };

async function toReply(p: Petition) {
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  return p.act('reply', officer, opinion);
}

/** Reply, review one level up, and a re-review requested: the re-review clock runs at petition-office. */
async function toReReview(p: Petition) {
  await toReply(p);
  await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  await p.act('requestReview', petitioner, { reason: 'Wrong facts.' });
  await p.act('issueReviewOpinion', reviewer, { ...opinion, decision: 'explain' });
  await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  return p.act('requestReReview', petitioner, { reason: 'Still wrong.' });
}

function expectCalendarDue(clock: { startedAt: string; limit: { days: number; unit: 'calendar' | 'working' }; extensionDays: number; dueAt?: string }) {
  const expected = computeDueDate({ start: clock.startedAt, days: clock.limit.days, unit: clock.limit.unit, extensionDays: clock.extensionDays }, { ...loadCalendar(CALENDAR_FILE), timeZone: 'Asia/Shanghai' }, provisionalRestDays);
  expect(clock.dueAt).toBe(expected.dueAt);
}

test('happy path: accepted, replied, rated satisfied; closed when the 30-day review window lapses; every notice to the petitioner exactly once', async () => {
  const p = await h.start();
  let v = await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  expect(v.status).toBe('in_handling');
  expect(v.clocks.find((k) => k.kind === 'acceptance')).toMatchObject({ running: false, outcome: 'met' });
  const handling = p.clock(v, 'handling');
  expect(handling.limit).toEqual({ days: 60, unit: 'calendar' });
  expectCalendarDue(handling);

  v = await p.act('reply', officer, opinion);
  expect(v.status).toBe('awaiting_evaluation');
  expect(v.reply).toMatchObject({ decision: 'support', legalBasis: opinion.legalBasis });
  v = await p.act('evaluate', petitioner, { rating: 'satisfied' });
  // W35: the review right runs 30 days from the reply's delivery whatever the rating.
  expect(v).toMatchObject({ status: 'appeal_window', evaluations: [expect.objectContaining({ rating: 'satisfied' })] });
  expect(v.allowedActions).toContain('requestReview');
  await advancePast(h, p.clock(v, 'reviewRequest').dueAt!);

  const result = await p.handle.result();
  expect(result).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
  const notices = await p.notices();
  expect(notices.filter((n) => n.recipient === 'petitioner').map((n) => n.kind)).toEqual(['registration', 'acceptance', 'reply', 'closing']);
  expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
  const events = await p.events();
  expect(events.map((e) => e.seq)).toEqual(result.timeline.map((e) => e.seq));
  const row = await h.db.petition.findUniqueOrThrow({ where: { id: p.id } });
  expect(row).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed', satisfaction: 'satisfied', lastSeq: result.seq });
});

test('acceptance clock: warnings at 50%, 80% and one day before, breach escalates, grace period adds level 2 and a criticism', async () => {
  const p = await h.start({ unitId: 'unit-slow' });
  const due = p.clock(await p.view(), 'acceptance').dueAt!;
  await h.advance(9); // past 50% of a >=15-day period, before 80%
  let v = await p.view();
  expect(v.timeline.filter((e) => e.type === 'deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.5']);
  await advancePast(h, due, -DAY + 60_000); // inside the last day
  v = await p.view();
  expect(v.timeline.filter((e) => e.type === 'deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d']);
  expect(v.overdue).toBe(false);

  await advancePast(h, due);
  v = await p.view();
  expect(v).toMatchObject({ overdue: true, escalationLevel: 1 });
  expect(v.timeline.filter((e) => e.type === 'deadline_breached')).toHaveLength(1);
  const described = await p.handle.describe();
  expect(described.typedSearchAttributes.get(PetitionOverdue)).toBe(true);
  expect(described.typedSearchAttributes.get(PetitionEscalationLevel)).toBe(1);

  await h.advance(3);
  v = await p.view();
  expect(v.escalationLevel).toBe(2);
  expect(v.criticisms).toEqual([expect.objectContaining({ unitId: 'unit-slow', clockId: 'acceptance-1' })]);
  expect(p.clock(v, 'acceptance').breach).toMatchObject({ unitId: 'unit-slow' });
  await h.advance(30); // nothing more fires: each marker exactly once
  v = await p.view();
  expect(v.timeline.filter((e) => ['deadline_warning', 'deadline_breached', 'escalated'].includes(e.type))).toHaveLength(5);
  const notices = await p.notices();
  expect(notices.filter((n) => n.kind === 'criticism')).toHaveLength(1);
  expect(notices.filter((n) => n.kind === 'deadline_breached')).toHaveLength(1);

  // Accepting late stops the clock as late and clears the overdue flag.
  v = await p.act('accept', officer, {});
  expect(v.overdue).toBe(false);
  expect(v.clocks.find((k) => k.id === 'acceptance-1')?.outcome).toBe('late');
  expect((await p.handle.describe()).typedSearchAttributes.get(PetitionOverdue)).toBe(false);
});

test('handling clock: an extension approved by a supervisor moves the due date to 60 + 30 days, and the petitioner is told why', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  let v = await p.act('requestExtension', officer, { days: 30, reason: 'An engineering survey is needed.' });
  expect(v.pendingExtension).toMatchObject({ days: 30 });
  const before = p.clock(v, 'handling').dueAt!;
  await p.signal('decideExtension', supervisor, { approve: true });
  await h.advance(1);
  v = await p.view();
  const handling = p.clock(v, 'handling');
  expect(handling.extensionDays).toBe(30);
  expect(Date.parse(handling.dueAt!) - Date.parse(before)).toBeGreaterThanOrEqual(27 * DAY);
  expectCalendarDue(handling);
  expect(v.allowedActions).not.toContain('requestExtension'); // 30 days is the statutory maximum
  const extension = (await p.notices()).find((n) => n.kind === 'extension');
  expect(JSON.parse(extension!.body)).toMatchObject({ days: 30, reason: 'An engineering survey is needed.' });

  await h.advance(61); // past the original 60 days: not overdue
  expect((await p.view()).overdue).toBe(false);
  await advancePast(h, handling.dueAt!);
  expect((await p.view()).overdue).toBe(true);
});

test('a refused extension leaves the due date alone; a second extension request beyond 30 days in total is invalid', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  const due = p.clock(await p.view(), 'handling').dueAt;
  await p.act('requestExtension', officer, { days: 10, reason: 'Waiting for records.' });
  await p.signal('decideExtension', supervisor, { approve: false, reason: 'Records can be requested now.' });
  await h.advance(1);
  let v = await p.view();
  expect(p.clock(v, 'handling').dueAt).toBe(due);
  expect(v.timeline.map((e) => e.type)).toContain('extension_refused');

  await p.act('requestExtension', officer, { days: 20, reason: 'Survey.' });
  await p.signal('decideExtension', supervisor, { approve: true });
  await h.advance(1);
  // Days beyond what remains are refused by the state of the case (409), not as a malformed field.
  const err = await p.act('requestExtension', officer, { days: 11, reason: 'More.' }).catch((e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((err.cause as ApplicationFailure).type).toBe('ActionNotAllowed');
  expect((err.cause as ApplicationFailure).message).toMatch(/11 extension days asked, 10 remain/);
  v = await p.view();
  expect(p.clock(v, 'handling').extensionDays).toBe(20);
});

test('a hearing (听证) pauses the re-review clock only with a supervisor\'s approval; the pause ends by itself and moves the due date by whole days (W36)', async () => {
  const p = await h.start({ unitId: 'unit-housing' });
  await toReReview(p);
  let v = await p.view();
  const due = p.clock(v, 'reReviewHandling').dueAt!;
  // The case officer alone cannot stop the clock: the old officer-alone pause is gone.
  expect(v.allowedActions).not.toContain('pauseClock');
  await h.advance(5);
  v = await p.act('requestPause', reReviewer, { days: 10, reason: 'Hearing (听证) with both parties.' });
  expect(v.pendingPause).toMatchObject({ days: 10 });
  await p.signal('decidePause', supervisor, { approve: true });
  await h.advance(1);
  v = await p.view();
  const paused = p.clock(v, 'reReviewHandling');
  expect(paused).toMatchObject({ paused: true, pauses: [expect.objectContaining({ approvedBy: supervisor.id, days: 10 })] });
  expect(v.nextDeadline).not.toBe(due); // a paused clock sets no next deadline
  await h.advance(10); // the approved ten days pass: the pause ends by itself
  v = await p.view();
  const resumed = p.clock(v, 'reReviewHandling');
  expect(resumed).toMatchObject({ paused: false, pauses: [expect.objectContaining({ to: expect.any(String) })] });
  expect(v.timeline.filter((e) => e.type === 'clock_resumed').map((e) => e.data.auto)).toEqual([true]);
  // Ten whole days not counted; then the rest-day rule applies once.
  const expected = computeDueDate({ start: resumed.startedAt, days: 30, unit: 'calendar', pausedDays: 10 }, { ...loadCalendar(CALENDAR_FILE), timeZone: 'Asia/Shanghai' });
  expect(resumed.dueAt).toBe(expected.dueAt);
  const kinds = (await p.notices()).filter((n) => n.recipient === 'petitioner').map((n) => n.kind);
  expect(kinds.filter((k) => k === 'pause')).toHaveLength(2); // told of the pause and of its end
});

test('no rating within the evaluation window: a return visit is required, then recorded; the case cannot close without it', async () => {
  const p = await h.start();
  let v = await toReply(p);
  expect(p.clock(v, 'evaluation').limit).toEqual({ days: 7, unit: 'calendar' });
  await advancePast(h, p.clock(v, 'evaluation').dueAt!);
  v = await p.view();
  expect(v.status).toBe('return_visit_required');
  expect(p.clock(v, 'returnVisit').running).toBe(true);
  await h.advance(5);
  expect((await p.view()).status).toBe('return_visit_required');
  v = await p.act('recordReturnVisit', officer, { outcome: 'basically_satisfied', notes: 'Phoned the petitioner; heating works.' });
  expect(v).toMatchObject({ status: 'appeal_window' });
  expect(v.evaluations).toEqual([expect.objectContaining({ via: 'return_visit', rating: 'basically_satisfied' })]);
  expect((await p.notices()).map((n) => n.kind)).toContain('rating_recorded'); // the petitioner is told what was recorded
  await advancePast(h, p.clock(v, 'reviewRequest').dueAt!);
  expect(await p.handle.result()).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
});

test('dissatisfied and no review request within 30 days: the case closes by itself', async () => {
  const p = await h.start();
  await toReply(p);
  let v = await p.act('evaluate', petitioner, { rating: 'dissatisfied', comment: 'Still cold.' });
  expect(v.status).toBe('appeal_window');
  expect(v.allowedActions).toContain('requestReview');
  const window = p.clock(v, 'reviewRequest');
  expect(window.limit.days).toBe(30);
  await advancePast(h, window.dueAt!);
  const result = await p.handle.result();
  expect(result).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
  expect((await h.db.petition.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('closed');
});

test('appeal path: the review (复查) goes to the unit above, the re-review (复核) to the body above that; each answered and evaluated; ends final (终结)', async () => {
  const p = await h.start({ unitId: 'unit-housing' });
  await toReply(p);
  await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  let v = await p.act('requestReview', petitioner, { reason: 'The repair date was missed.' });
  // W35: the body one level above the unit that replied; the replying officer leaves the case.
  expect(v).toMatchObject({ status: 'in_review', unitId: 'unit-office', previousUnitId: 'unit-housing' });
  expect(v.officerId).toBeUndefined();
  expect(p.clock(v, 'reviewHandling')).toMatchObject({ unitId: 'unit-office', limit: { days: 30 } });
  await h.advance(20);
  const refused = await p.act('issueReviewOpinion', officer, { ...opinion, decision: 'explain' }).catch((e) => e);
  expect((refused.cause as ApplicationFailure).type).toBe('ActionNotAllowed');
  v = await p.act('issueReviewOpinion', reviewer, { ...opinion, decision: 'explain' });
  expect(v).toMatchObject({ status: 'awaiting_evaluation', stage: 'review' });
  v = await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  expect(v.allowedActions).toContain('requestReReview');
  expect(v.allowedActions).not.toContain('requestReview');
  v = await p.act('requestReReview', petitioner, { reason: 'Still not repaired.' });
  // W36: the body above the reviewer; the office has none in this register, so the policy names it.
  expect(v).toMatchObject({ status: 'in_re_review', unitId: 'petition-office' });
  v = await p.act('issueReReviewOpinion', reReviewer, { ...opinion, decision: 'not_support' });
  v = await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  expect(v).toMatchObject({ status: 'closed', closingReason: 'final' });
  const docs = v.timeline.filter((e) => e.document).map((e) => e.document);
  expect(docs).toEqual(['registration', 'acceptance', 'reply', 'review_opinion', 're_review_opinion', 'closing']);
  expect(v.timeline.filter((e) => e.type === 'review_body_assigned').map((e) => [e.data.unitId, e.data.via])).toEqual([['unit-office', 'parent'], ['petition-office', 'policy']]);
});

test('review handling is a duty clock: 30 days, then escalation to the supervisor', async () => {
  const p = await h.start();
  await toReply(p);
  await p.act('evaluate', petitioner, { rating: 'dissatisfied' });
  const v = await p.act('requestReview', petitioner, { reason: 'Wrong facts.' });
  await advancePast(h, p.clock(v, 'reviewHandling').dueAt!);
  const after = await p.view();
  expect(after).toMatchObject({ overdue: true, escalationLevel: 1 });
  expect(after.timeline.filter((e) => e.type === 'deadline_breached').map((e) => e.data.clockKind)).toEqual(['reviewHandling']);
});

test('supervision notice (督办): its own 30-day reply clock with reminders; unanswered it escalates, answered it stops', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  await p.signal('supervise', supervisor, { instruction: 'Report progress on the repair.', listed: true });
  await h.advance(1);
  let v = await p.view();
  expect(v.supervision).toEqual([expect.objectContaining({ id: 'sup-1', listed: true })]);
  const reply = p.clock(v, 'supervisionReply');
  expect(reply.limit.days).toBe(30);
  await advancePast(h, reply.dueAt!);
  v = await p.view();
  expect(v.timeline.filter((e) => e.type === 'deadline_breached').map((e) => e.data.clockKind)).toEqual(['supervisionReply']);
  v = await p.act('answerSupervision', officer, { noticeId: 'sup-1', answer: 'Parts ordered; repair on 3 December.' });
  expect(p.clock(v, 'supervisionReply')).toMatchObject({ running: false, outcome: 'late' });
  expect(v.allowedActions).not.toContain('answerSupervision');
});

test('a supervision notice stays open after the case closes, until the unit answers it (T36)', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  await p.signal('supervise', supervisor, { instruction: 'Explain the delay in writing.', listed: true });
  await h.advance(1);
  let v = await p.act('withdraw', petitioner, { reason: 'Resolved privately.' });
  // A supervised case's withdrawal needs the supervisor too.
  expect(v.pendingWithdrawal).toMatchObject({ reason: 'Resolved privately.' });
  await p.signal('decideWithdrawal', supervisor, { approve: true });
  await h.advance(1);
  v = await p.view();
  expect(v).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
  expect(p.clock(v, 'supervisionReply').running).toBe(true);
  expect(v.allowedActions).toEqual(expect.arrayContaining(['answerSupervision']));
  expect((await p.handle.describe()).status.name).toBe('RUNNING');
  await h.advance(10);
  v = await p.act('answerSupervision', officer, { noticeId: 'sup-1', answer: 'The delay came from the contractor; answered in writing.' });
  expect(v.supervision[0]).toMatchObject({ answeredAt: expect.any(String) });
  const result = await p.handle.result(); // nothing open any more: the workflow ends
  expect(result).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
  expect((await h.db.petition.findUniqueOrThrow({ where: { id: p.id } })).openSupervision).toBe(0);
});

test('supervisor signals: escalate with leader ownership (包案) and reassign', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  await p.signal('escalate', supervisor, { reason: 'Repeated complaints.', level: 2, leaderOwnerId: 'leader-sun' });
  await p.signal('reassign', supervisor, { unitId: 'unit-repairs', officerId: 'officer-zhou' });
  await h.advance(1);
  const v = await p.view();
  expect(v).toMatchObject({ escalationLevel: 2, leaderOwnerId: 'leader-sun', unitId: 'unit-repairs', officerId: 'officer-zhou' });
  expect(p.clock(v, 'handling').unitId).toBe('unit-repairs');
  expect((await p.handle.describe()).typedSearchAttributes.get(PetitionEscalationLevel)).toBe(2);
});

test('routing: one acceptance clock from receipt (W22); an objection (W23) waits for the routing office; ping-pong still breaches at 15 days', async () => {
  const p = await h.start();
  let v = await p.view();
  const acceptance = p.clock(v, 'acceptance');
  v = await p.act('route', officer, { toUnitId: 'unit-district', reason: 'Local matter.' });
  expect(v).toMatchObject({ status: 'routed', unitId: 'unit-district', previousUnitId: 'unit-office' });
  expect(p.clock(v, 'objection').limit).toEqual({ days: 5, unit: 'working' });
  expect(p.clock(v, 'acceptance')).toMatchObject({ id: acceptance.id, dueAt: acceptance.dueAt, unitId: 'unit-district' });
  const district = { id: 'officer-district', role: 'intake_officer' as const, unitId: 'unit-district' };
  v = await p.act('objectRouting', district, { reason: 'Not our district.' });
  expect(v).toMatchObject({ status: 'routed', unitId: 'unit-district', pendingObjection: { reason: 'Not our district.' } });
  v = await p.act('decideObjection', officer, { uphold: true, reason: 'Agreed: the county.', toUnitId: 'unit-county' });
  expect(v).toMatchObject({ status: 'routed', unitId: 'unit-county' });
  const county = { id: 'officer-county', role: 'intake_officer' as const, unitId: 'unit-county' };
  await h.advance(2);
  await p.act('objectRouting', county, { reason: 'Not ours either.' });
  v = await p.act('decideObjection', officer, { uphold: true, reason: 'Back to the office.' });
  expect(v).toMatchObject({ status: 'registered', unitId: 'unit-office' });
  // Still the one clock from receipt: it breaches on its 15th day, not later.
  expect(v.clocks.filter((k) => k.kind === 'acceptance')).toHaveLength(1);
  await advancePast(h, acceptance.dueAt!);
  v = await p.view();
  expect(v).toMatchObject({ overdue: true, escalationLevel: 1 });
  expect(v.timeline.filter((e) => e.type === 'deadline_breached').map((e) => [e.data.clockId, e.data.unitId])).toEqual([[acceptance.id, 'unit-office']]);
  expect(v.timeline.filter((e) => e.document === 'transfer').map((e) => e.type)).toEqual(['routed', 'routing_objection_upheld', 'routing_objection_upheld']);
});

test('routing: the objection window lapses and the routing stands', async () => {
  const p = await h.start();
  let v = await p.act('route', officer, { toUnitId: 'unit-county', reason: 'County road.' });
  await advancePast(h, p.clock(v, 'objection').dueAt!);
  v = await p.view();
  expect(v.timeline.map((e) => e.type)).toContain('routing_confirmed');
  expect(v.allowedActions).not.toContain('objectRouting');
});

test('not accepted (诉访分离): closed with the reason and where to go instead', async () => {
  const p = await h.start();
  const v = await p.act('notAccept', officer, { reason: 'A labour arbitration matter.', redirectTo: 'Labour Arbitration Commission', legalProcedure: true });
  expect(v).toMatchObject({ status: 'closed', closingReason: 'legal_procedure', notAcceptance: { redirectTo: 'Labour Arbitration Commission' } });
  const notice = (await p.notices()).find((n) => n.kind === 'non_acceptance');
  expect(JSON.parse(notice!.body)).toMatchObject({ redirectTo: 'Labour Arbitration Commission' });
});

test('withdrawal (撤回) closes the case and cancels every clock', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  const noReason = await p.act('withdraw', petitioner, {}).catch((e) => e);
  expect((noReason.cause as ApplicationFailure).type).toBe('InvalidAction');
  const v = await p.act('withdraw', petitioner, { reason: 'Resolved privately.' });
  expect(v).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
  expect(v.clocks.every((k) => !k.running)).toBe(true);
  expect((await p.handle.describe()).typedSearchAttributes.get(PetitionStatus)).toBe('closed');
});

test('an invalid action is refused before it reaches history, with the allowed actions, and the case is untouched', async () => {
  const p = await h.start();
  const before = await p.view();
  const err = await p.act('reply', officer, opinion).catch((e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = err.cause as ApplicationFailure;
  expect(cause.type).toBe('ActionNotAllowed');
  expect(cause.message).toBe('"reply" is not allowed while the petition is registered');
  expect(cause.details?.[0]).toMatchObject({ status: 'registered', allowedActions: expect.arrayContaining(['accept', 'notAccept', 'route']) });
  const after = await p.view();
  expect({ ...after, asOf: null, clocks: null }).toEqual({ ...before, asOf: null, clocks: null });
  const history = await p.handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'reply')).toBe(false);
});
