// The statutory clocks, tried the way a reviewer with the regulation in hand would try to bend them
// (issue 10, points 1, 2, 3, 7, 12 and 13). 信访工作条例 (2022) is cited as W<n>.
//
// Each test was written to fail on the first release's rules: run `PETITION_RULES=1 npx jest
// test/unit/statutoryClocks.test.ts` to see it (the fixture then registers cases on rules 1). A comment
// "rules 1:" says how the first release fails it; tests that cannot be expressed there say so.
import { allowedActions, decide, mayPerform, nextWakeAt, tick, viewCase, type ResolvedPolicy } from '../../src/domain';
import { validateCalendar, type HolidayCalendar } from '../../src/domain/calendar';
import { provisionalRestDays } from '../../src/domain/calendar/statutoryHolidays';
import { publicView } from '../../src/domain/publicView';
import {
  CN, DAY, FIXTURE_RULES, HOUR, OPINION, Petition, T0, noticesOf, officer, officer2, plus, policyFor, reach, reReviewer, supervisor, withActor,
  type Cmd,
} from './domainFixtures';

const notices = (effects: Parameters<typeof noticesOf>[0]) => noticesOf(effects).map((n) => `${n.recipient}:${n.kind}${n.recipientId ? `:${n.recipientId}` : ''}`);

/**
 * A re-review asked for at 09:00 Shanghai time on the given date (the review opinion of Sunday 8 March
 * was rated on Monday 9 March). Asked on Wednesday 11 March, its 30 days end on Friday 10 April.
 */
function reReviewAskedOn(date: string): Petition {
  const p = reach('appeal_window_review');
  p.advance(`${date}T01:00:00.000Z`);
  p.do({ type: 'requestReReview', reason: 'Still not repaired.' });
  return p;
}

describe('W36: pauses are narrow, approved and visible (point 1)', () => {
  it('a case officer alone cannot stop the 60-day handling clock, nor ask a supervisor to', () => {
    const p = reach('in_handling');
    // rules 1: pauseClock is allowed and stops the clock on the officer's word alone.
    expect(allowedActions(p.case, p.now)).not.toContain('pauseClock');
    expect(p.try({ type: 'pauseClock', reason: 'hearing' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    expect(allowedActions(p.case, p.now)).not.toContain('requestPause');
    expect(p.try({ type: 'requestPause', days: 5, reason: 'hearing' })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('the handling clock cannot be paused: the policy allows pauses of reReviewHandling only') },
    });
    // The review clock is not pausable either; only the re-review clock (hearing time, W36).
    expect(reach('in_review').try({ type: 'requestPause', days: 5, reason: 'hearing' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    expect(allowedActions(reach('in_re_review').case)).toContain('requestPause');
  });

  it('which clocks are pausable is the policy\'s: one that lists the handling clock allows a hearing pause of it', () => {
    // rules 1: cannot be expressed (there is no requestPause); the officer could pause any duty clock.
    const policy: ResolvedPolicy = { ...policyFor(), pausableClocks: ['handling', 'reReviewHandling'] };
    const p = new Petition({}, policy);
    p.advance(DAY).do({ type: 'accept', officerId: officer.id });
    p.advance(DAY).do({ type: 'requestPause', days: 3, reason: 'hearing' });
    expect(p.case.pendingPause).toMatchObject({ clockId: 'handling-1', days: 3 });
  });

  it('asking is not pausing: the clock runs until a supervisor approves, with a reason; a refusal needs one too', () => {
    const p = reach('in_re_review');
    const due = p.clock('reReviewHandling').dueAt!;
    // rules 1: requestPause does not exist; the officer's pauseClock stopped the clock at once.
    expect(p.try({ type: 'requestPause', days: 5, reason: ' ', actor: reReviewer })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'reason' } });
    p.do({ type: 'requestPause', days: 5, reason: 'hearing (听证)', actor: reReviewer });
    expect(p.clock('reReviewHandling').pauses).toEqual([]);
    expect(nextWakeAt(p.case)).toBeDefined();
    // Only a supervisor decides (the API checks roles with this table).
    expect(mayPerform('case_officer', 'decidePause')).toBe(false);
    expect(mayPerform('supervisor', 'decidePause')).toBe(true);
    expect(p.try({ type: 'decidePause', approve: false })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'reason' } });
    const refused = p.do({ type: 'decidePause', approve: false, reason: 'The hearing can be held after the opinion.' });
    expect(p.case.pendingPause).toBeUndefined();
    expect(p.clock('reReviewHandling')).toMatchObject({ pauses: [], dueAt: due });
    expect(p.lastEvent()).toMatchObject({ type: 'pause_refused', data: { reason: 'The hearing can be held after the opinion.' } });
    expect(notices(refused)).toEqual([`officer:pause_refused:${reReviewer.id}`]);
  });

  it('a pause has the policy\'s maximum length: 31 days is refused naming the field, a stricter policy\'s 10 refuses 11', () => {
    const p = reach('in_re_review');
    expect(p.try({ type: 'requestPause', days: 31, reason: 'hearing', actor: reReviewer })).toMatchObject({
      ok: false, refusal: { code: 'invalid', field: 'days', message: expect.stringContaining('from 1 to 30') },
    });
    expect(p.try({ type: 'requestPause', days: 30, reason: 'hearing', actor: reReviewer }).ok).toBe(true);
    // rules 1: a pause had no length at all; it lasted until the officer resumed.
    // A case whose organisation's policy allows hearings of at most 10 days.
    const strict = reach('in_re_review');
    strict.case = { ...strict.case, policy: { ...strict.case.policy, maxPauseDays: 10 } };
    expect(strict.try({ type: 'requestPause', days: 11, reason: 'hearing', actor: reReviewer })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'days' } });
    // A supervisor approves at most what was asked.
    p.do({ type: 'requestPause', days: 5, reason: 'hearing', actor: reReviewer });
    expect(p.try({ type: 'decidePause', approve: true, days: 6 })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'days' } });
  });

  it('an approved pause tells the petitioner, ends by itself at its approved length and tells them again', () => {
    const p = reach('in_re_review_pause_pending');
    const approved = p.do({ type: 'decidePause', approve: true, days: 3 });
    const until = plus(p.now, 3 * DAY);
    // rules 1: the petitioner was never told, and a pause ran until the officer remembered to resume it.
    expect(notices(approved)).toContain('petitioner:pause');
    expect(nextWakeAt(p.case)).toBe(Date.parse(until));
    expect(p.tick(plus(until, -1)).changed).toBe(false);
    expect(p.clock('reReviewHandling').pauses[0]?.to).toBeUndefined();
    const ended = p.tick(until);
    expect(p.clock('reReviewHandling').pauses[0]).toMatchObject({ to: until, days: 3, approvedBy: supervisor.id });
    expect(p.lastEvent()).toMatchObject({ type: 'clock_resumed', actor: 'system', document: 'pause', data: { auto: true, pausedMs: 3 * DAY } });
    expect(notices(ended.effects)).toEqual(['petitioner:pause']);
    expect(allowedActions(p.case, p.now)).toContain('requestPause');
  });

  it('a pause asked for after the clock\'s due date is refused, even before the wake-up recorded the breach', () => {
    const p = reach('in_re_review');
    const due = p.clock('reReviewHandling').dueAt!;
    // At the last instant of the period it may still be asked for.
    p.advance(due);
    expect(p.try({ type: 'requestPause', days: 3, reason: 'hearing', actor: reReviewer }).ok).toBe(true);
    p.advance(plus(due, 1));
    expect(allowedActions(p.case, p.now)).not.toContain('requestPause');
    expect(p.try({ type: 'requestPause', days: 3, reason: 'hearing', actor: reReviewer })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining(`the reReviewHandling period ended on ${p.clock('reReviewHandling').dueDate}`) },
    });
    p.tick();
    expect(p.try({ type: 'requestPause', days: 3, reason: 'hearing', actor: reReviewer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
  });

  it('a pause asked for in time cannot be approved after the due date; the breach closes the request where the supervisor sees it', () => {
    const p = reach('in_re_review_pause_pending');
    const due = p.clock('reReviewHandling').dueAt!;
    p.advance(plus(due, HOUR));
    // rules 1: cannot be expressed (no approval step); the officer's pauseClock was allowed after the due date.
    expect(p.try({ type: 'decidePause', approve: true })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('a pause is approved only inside the period') } });
    const t = p.tick();
    expect(p.case.pendingPause).toBeUndefined();
    expect(p.lastEvent()).toMatchObject({ type: 'pause_request_closed', data: { days: 5, requestedBy: reReviewer.id, why: 'due_date_passed' } });
    expect(notices(t.effects)).toContain('supervisor:pause_request_closed');
    expect(allowedActions(p.case, p.now)).not.toContain('decidePause');
  });

  it('a one-hour hearing on a Friday does not move a Friday due date to Monday (paused time counts in whole days)', () => {
    const p = reReviewAskedOn('2026-03-11');
    expect(p.clock('reReviewHandling')).toMatchObject({ dueDate: '2026-04-10', dueAt: '2026-04-10T15:59:59.999Z' });
    // Friday 10 April, 10:00 to 11:00 in Shanghai.
    p.advance('2026-04-10T02:00:00.000Z');
    p.do({ type: 'requestPause', days: 1, reason: 'public hearing (听证)', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    p.advance(HOUR).do({ type: 'resumeClock', actor: reReviewer });
    expect(p.clock('reReviewHandling').pausedMs).toBe(HOUR);
    // rules 1: cannot be expressed as such (no requestPause); the officer's pauseClock for the same hour
    // added it to the end of Friday, past midnight into Saturday, and the rest-day rule moved the due date
    // to Monday 13 April.
    expect(p.clock('reReviewHandling')).toMatchObject({ dueDate: '2026-04-10', dueAt: '2026-04-10T15:59:59.999Z' });
  });

  it('a hearing from Monday 15:00 to Wednesday 10:00 moves the due date by two whole days', () => {
    // Asked on Sunday 15 March: due on Tuesday 14 April.
    const p = reReviewAskedOn('2026-03-15');
    expect(p.clock('reReviewHandling').dueDate).toBe('2026-04-14');
    p.advance('2026-03-16T07:00:00.000Z');
    p.do({ type: 'requestPause', days: 3, reason: 'hearing', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    p.advance('2026-03-18T02:00:00.000Z').do({ type: 'resumeClock', actor: reReviewer });
    // rules 1: cannot be expressed as such (no requestPause); the officer's pauseClock counted the 43 hours
    // to the millisecond: due at 18:59 on Thursday 16 April.
    expect(p.clock('reReviewHandling')).toMatchObject({ dueDate: '2026-04-16', dueAt: '2026-04-16T15:59:59.999Z' });
  });
});

describe('W34: extensions only inside the period; a breach stays a breach (point 2)', () => {
  it('an extension cannot be asked for after the handling due date, even before the wake-up ran; at the last instant it can', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    p.advance(due);
    expect(p.try({ type: 'requestExtension', days: 10, reason: 'Appraisal.' }).ok).toBe(true);
    p.advance(plus(due, 1));
    // rules 1: allowed at any time while in handling, however late.
    expect(allowedActions(p.case, p.now)).not.toContain('requestExtension');
    expect(p.try({ type: 'requestExtension', days: 10, reason: 'Appraisal.' })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('the handling period ended on 2026-05-06') },
    });
  });

  it('an extension asked for in time cannot be approved after the due date; refusing it still can', () => {
    const p = reach('in_handling_extension_pending');
    p.advance(plus(p.clock('handling').dueAt!, HOUR));
    // rules 1: the late approval is accepted and makes the overdue case on time again.
    expect(p.try({ type: 'decideExtension', approve: true })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('approved only inside the period (W34)') } });
    p.do({ type: 'decideExtension', approve: false, reason: 'Too late.' });
    expect(p.clock('handling').extensionDays).toBe(0);
  });

  it('an extension is counted from the original start, not from a due date moved by the rest-day rule', () => {
    // rules 1: holds there too (the first release already counted this way); kept as the statement of W34.
    const p = reach('in_handling');
    // 60 days from 3 March end on Saturday 2 May (holiday), rolled to Wednesday 6 May.
    expect(p.clock('handling').dueDate).toBe('2026-05-06');
    p.do({ type: 'requestExtension', days: 30, reason: 'Appraisal.' });
    p.do({ type: 'decideExtension', approve: true });
    // 90 days from 3 March: Monday 1 June (not 6 May + 30 = 5 June).
    expect(p.clock('handling')).toMatchObject({ extensionDays: 30, dueDate: '2026-06-01' });
    expect(p.events('extension_approved')[0]).toMatchObject({ document: 'extension', data: { days: 30, reason: 'Appraisal.' } });
  });

  it('a breached handling clock stays late after a reassignment, and after a withdrawal', () => {
    const reassigned = reach('in_handling_breached');
    reassigned.do({ type: 'reassign', unitId: 'unit-planning', officerId: officer2.id });
    reassigned.do({ type: 'reply', ...OPINION, actor: officer2 });
    expect(reassigned.clock('handling').outcome).toBe('late');

    const withdrawn = reach('in_handling_breached');
    withdrawn.do({ type: 'withdraw', reason: 'Gave up.' });
    // Escalated by the breach: a supervisor decides the withdrawal.
    withdrawn.do({ type: 'decideWithdrawal', approve: true });
    expect(withdrawn.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
    // rules 1: the withdrawal cancelled the overdue clock, and the on-time figures lost the breach.
    expect(withdrawn.clock('handling')).toMatchObject({ outcome: 'late', breach: { unitId: 'unit-housing' } });
  });

  it('a clock overdue when withdrawn stays late even if the wake-up that records the breach has not run yet', () => {
    const p = reach('in_handling');
    p.advance(plus(p.clock('handling').dueAt!, HOUR));
    p.do({ type: 'withdraw', reason: 'Gave up.' });
    // rules 1: cancelled.
    expect(p.clock('handling')).toMatchObject({ outcome: 'late', breach: { at: plus(p.clock('handling').dueAt!, 1), unitId: 'unit-housing' } });
  });

  it('a breached re-review clock stays late: no pause can be asked for any more, the opinion is late', () => {
    const p = reach('in_re_review');
    p.tick(plus(p.clock('reReviewHandling').dueAt!, HOUR));
    // rules 1: the officer pauses the overdue clock, and the opinion during the pause counts as on time.
    expect(p.try({ type: 'requestPause', days: 3, reason: 'hearing', actor: reReviewer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    p.do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    expect(p.clock('reReviewHandling').outcome).toBe('late');
    expect(p.events('re_review_opinion_issued')[0]?.data).toMatchObject({ onTime: false, unitId: 'petition-office' });
  });

  it('no marker fires twice for one clock: one breach, one grace escalation, one criticism, whatever is tried after the breach', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    p.tick(plus(due, HOUR));
    // Whatever of this the domain lets through is done; none of it may arm the breach again.
    // rules 1: the late extension is approved and re-arms the breach: it fires a second time.
    for (const cmd of [
      { type: 'requestExtension', days: 30, reason: 'Appraisal.' },
      { type: 'decideExtension', approve: true },
      { type: 'reassign', unitId: 'unit-planning', officerId: officer2.id },
    ] as const) {
      if (p.try(cmd).ok) p.do(cmd);
    }
    expect(p.clock('handling').unitId).toBe('unit-planning');
    for (const days of [2, 4, 10, 40, 90]) p.tick(plus(due, days * DAY));
    expect(p.events('deadline_breached')).toHaveLength(1);
    expect(p.events('escalated').filter((e) => e.data.level === 2)).toHaveLength(1);
    expect(p.case.criticisms).toHaveLength(1);
    expect(p.clock('handling').fired.filter((id) => id === 'breach' || id === 'grace')).toEqual(['breach', 'grace']);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });
});

describe('criticism follows the unit that missed the deadline (point 3)', () => {
  it('after a reassignment the breach, the 通报 and the on-time figures stay with the unit that held the clock at the breach', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    p.tick(plus(due, HOUR));
    expect(p.lastEvent()).toMatchObject({ type: 'deadline_breached', data: { unitId: 'unit-housing' } });
    p.do({ type: 'reassign', unitId: 'unit-planning', officerId: officer2.id });
    expect(p.clock('handling').unitId).toBe('unit-planning');
    const grace = p.tick(plus(due, 3 * DAY + 1));
    // rules 1: the criticism went to unit-planning, which got the case after the deadline had passed.
    expect(p.case.criticisms.map((c) => c.unitId)).toEqual(['unit-housing']);
    expect(p.lastEvent()).toMatchObject({ type: 'escalated', data: { level: 2, criticisedUnitId: 'unit-housing' } });
    expect(notices(grace.effects)).toContain('unit:criticism:unit-housing');
    p.do({ type: 'reply', ...OPINION, actor: officer2 });
    expect(p.events('replied')[0]?.data).toMatchObject({ unitId: 'unit-housing', clockId: 'handling-1', onTime: false });
  });

  it('reassigned after the due date but before the wake-up ran: the breach is still the first unit\'s', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    p.advance(plus(due, 2 * HOUR));
    p.do({ type: 'reassign', unitId: 'unit-planning', officerId: officer2.id });
    p.tick();
    expect(p.lastEvent()).toMatchObject({ type: 'deadline_breached', data: { unitId: 'unit-housing' } });
    expect(p.clock('handling').breach).toEqual({ at: plus(due, 1), unitId: 'unit-housing' });
    p.tick(plus(due, 10 * DAY));
    expect(p.case.criticisms.map((c) => c.unitId)).toEqual(['unit-housing']);
  });

  it('a reply on time after a reassignment counts for the unit that gave it', () => {
    const p = reach('in_handling');
    p.do({ type: 'reassign', unitId: 'unit-planning', officerId: officer2.id });
    p.advance(DAY).do({ type: 'reply', ...OPINION, actor: officer2 });
    expect(p.events('replied')[0]?.data).toMatchObject({ unitId: 'unit-planning', onTime: true });
  });
});

describe('W22, W23: routing has one clock (point 7)', () => {
  it('W22: routing does not restart the 15-day acceptance clock: it runs from the first office\'s receipt', () => {
    const p = new Petition();
    p.advance(10 * DAY).do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing.' });
    // rules 1: a new 15-day clock for the receiving unit, due 27 March.
    expect(p.case.clocks.filter((k) => k.kind === 'acceptance').map((k) => [k.id, k.startedAt, k.dueDate, k.unitId])).toEqual([
      ['acceptance-1', T0, '2026-03-17', 'unit-housing'],
    ]);
  });

  it('W23: an objection is a request the routing office decides; a rejected one leaves the case where it is, for good', () => {
    const p = reach('routed_objected');
    // rules 1: the objection moved the case back at once.
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-housing', pendingObjection: { unitId: 'unit-housing', routingUnitId: 'unit-office' } });
    expect(p.try({ type: 'accept' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    const rejected = p.do({ type: 'decideObjection', uphold: false, reason: 'The estate is public housing.' });
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-housing' });
    expect(p.lastEvent()).toMatchObject({ type: 'routing_objection_rejected' });
    expect(notices(rejected)).toEqual(['unit:routing_objection_rejected:unit-housing']);
    // Its objection window is used: no second objection.
    expect(p.try({ type: 'objectRouting', reason: 'Again.', actor: officer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    p.do({ type: 'accept', actor: officer, officerId: officer.id });
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-1', outcome: 'met' });
  });

  it('W23: upheld on to a third unit: a new objection window, the same acceptance clock', () => {
    const p = reach('routed_objected');
    p.do({ type: 'decideObjection', uphold: true, reason: 'Water supply, not housing.', toUnitId: 'unit-water' });
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-water' });
    expect(p.case.clocks.filter((k) => k.kind === 'objection').map((k) => k.id)).toEqual(['objection-1', 'objection-2']);
    expect(p.case.clocks.filter((k) => k.kind === 'acceptance').map((k) => [k.id, k.unitId, k.stoppedAt])).toEqual([['acceptance-1', 'unit-water', undefined]]);
  });

  it('W23: an objection after the 5 working days is refused, even before the wake-up confirmed the routing', () => {
    const p = reach('routed');
    const due = p.clock('objection').dueAt!;
    p.advance(due);
    expect(p.try({ type: 'objectRouting', reason: 'Not ours.', actor: officer }).ok).toBe(true);
    p.advance(plus(due, 1));
    // rules 1: allowed until the wake-up lapsed the window.
    expect(p.try({ type: 'objectRouting', reason: 'Not ours.', actor: officer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('objection window (5 working days, W23) closed on 2026-03-10') } });
  });

  it('W22: routing ping-pong cannot keep a case undecided: the acceptance clock breaches 15 days after the first receipt', () => {
    const p = new Petition();
    const units = ['unit-housing', 'unit-planning', 'unit-water'];
    for (let round = 0; round < 4; round++) {
      const to = units[round % units.length]!;
      p.advance(DAY).do({ type: 'route', toUnitId: to, reason: 'Not ours.' });
      p.advance(DAY).do({ type: 'objectRouting', reason: 'Not ours either.', actor: officer });
      p.advance(DAY).do({ type: 'decideObjection', uphold: true, reason: 'Back to the office.' });
    }
    expect(p.case).toMatchObject({ status: 'registered', unitId: 'unit-office' });
    const due = p.clock('acceptance').dueAt!;
    // rules 1: each routing and each objection started a new 15-day clock: nothing breached.
    expect(due).toBe('2026-03-17T15:59:59.999Z');
    p.tick(plus(due, 1));
    expect(p.events('deadline_breached')).toEqual([expect.objectContaining({ data: expect.objectContaining({ clockId: 'acceptance-1', unitId: 'unit-office' }) })]);
    expect(p.case.clocks.filter((k) => k.kind === 'acceptance')).toHaveLength(1);
  });
});

describe('calendars are updated without losing a day (point 12)', () => {
  // Today's calendar file has no 2027; the activity counts a year without its arrangement with the
  // statutory holidays (Spring Festival 2027: 5-8 February). The made-up 2027 arrangement stands for the
  // State Council's, once published: 5-12 February off, Saturday 13 February worked.
  const without2027: HolidayCalendar = CN;
  const with2027: HolidayCalendar = validateCalendar({
    timeZone: 'Asia/Shanghai',
    years: { ...CN.years, 2027: { holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'], workdays: ['2027-02-13'] } },
  });
  const RECOUNT: Cmd = { type: 'recomputeDueDates', reason: 'The 2027 holiday arrangement was published.', calendarYears: ['2027'] };

  /** Accepted Wednesday 9 December 2026: its 60 days end on Sunday 7 February 2027, in the Spring Festival. */
  function december(): Petition {
    const p = new Petition({ receivedAt: '2026-12-08T01:00:00.000Z' }, policyFor(), FIXTURE_RULES, provisionalRestDays);
    p.calendar = without2027;
    p.advance(DAY).do({ type: 'accept', officerId: officer.id });
    return p;
  }

  it('a due date counted without the year\'s arrangement counts its statutory holidays and is flagged provisional on the case view and the tracking page', () => {
    const p = december();
    // rules 1: cannot be expressed with the rules switch (the count is the activity's and the flag the
    // view's, for either rules); the first release counted weekends only (due Monday 8 February, a
    // statutory holiday) and flagged nothing.
    expect(p.clock('handling')).toMatchObject({ dueDate: '2027-02-09', calendarCovered: false, provisional: true });
    expect(viewCase(p.case, p.now).clocks.find((k) => k.kind === 'handling')).toMatchObject({ provisional: true });
    expect(publicView(p.case).deadlines).toEqual([{ kind: 'handling', dueAt: p.clock('handling').dueAt, dueDate: '2027-02-09', provisional: true }]);
  });

  it('loading the arrangement recounts them: the moved due date is told to the petitioner and shown in the timeline', () => {
    const p = december();
    p.advance(DAY).do({ type: 'supervise', instruction: 'Report before the Spring Festival.' });
    // 30 days from 10 December: Saturday 9 January 2027, rolled to Monday 11 January; the arrangement does not move it.
    expect(p.clock('supervisionReply')).toMatchObject({ dueDate: '2027-01-11', provisional: true });
    p.calendar = with2027;
    p.advance(DAY);
    // rules 1: recomputeDueDates is not allowed at all: the provisional date stays.
    const effects = p.do(RECOUNT);
    expect(effects[0]).toEqual({ type: 'computeDueDates', clockIds: ['handling-1', 'supervisionReply-1'] });
    expect(p.clock('handling')).toMatchObject({ dueDate: '2027-02-13', calendarCovered: true, provisional: false });
    expect(p.clock('supervisionReply')).toMatchObject({ dueDate: '2027-01-11', provisional: false });
    expect(p.events('due_dates_recounted').map((e) => e.data)).toEqual([{
      reason: 'The 2027 holiday arrangement was published.', calendarYears: ['2027'], clocks: ['handling-1', 'supervisionReply-1'], moved: ['handling-1'],
    }]);
    expect(p.events('due_date_changed')).toEqual([expect.objectContaining({
      document: 'deadline_change', data: { clockId: 'handling-1', clockKind: 'handling', from: '2027-02-09', to: '2027-02-13', provisional: false },
    })]);
    expect(p.notices.filter((n) => n.kind === 'deadline_change').map((n) => [n.recipient, n.data.from, n.data.to])).toEqual([['petitioner', '2027-02-09', '2027-02-13']]);
    expect(publicView(p.case).steps.map((s) => s.type)).toContain('due_date_changed');
    expect(publicView(p.case).deadlines).toEqual([expect.objectContaining({ kind: 'handling', dueDate: '2027-02-13' })]);
    expect(publicView(p.case).deadlines[0]?.provisional).toBeUndefined();
  });

  it('a clock being recounted fires no marker at its old due date; a recount of nothing provisional changes nothing', () => {
    const p = december();
    p.calendar = with2027;
    p.advance(DAY);
    const oldDue = p.clock('handling').dueAt!;
    const asked = decide(p.case, withActor(RECOUNT), p.now);
    if (!asked.ok) throw new Error(asked.refusal.message);
    expect(asked.case.clocks.find((k) => k.kind === 'handling')?.recounting).toBe(true);
    // The due-date answer is late: the wake-up at the old breach time does nothing.
    expect(tick(asked.case, plus(oldDue, 1)).changed).toBe(false);

    const covered = reach('in_handling');
    const same = decide(covered.case, withActor(RECOUNT), covered.now);
    expect(same.ok && same.effects).toEqual([]);
    expect(same.ok && same.case).toEqual(covered.case);
  });

  it('a recount that moves a breached clock\'s due date does not fire the breach again', () => {
    const p = december();
    p.tick(plus(p.clock('handling').dueAt!, HOUR));
    expect(p.events('deadline_breached')).toHaveLength(1);
    p.calendar = with2027;
    p.do(RECOUNT);
    expect(p.clock('handling').dueDate).toBe('2027-02-13');
    p.tick(plus(p.clock('handling').dueAt!, 10 * DAY));
    // rules 1: cannot be expressed (no recount); an extension after a breach re-armed it there.
    expect(p.events('deadline_breached')).toHaveLength(1);
    expect(p.case.criticisms).toHaveLength(1);
    expect(p.clock('handling').breach).toBeDefined();
  });
});

describe('W34: a reply closes the request it makes moot (point 13)', () => {
  it('a pending extension request is closed with an event the supervisor sees', () => {
    const p = reach('in_handling_extension_pending');
    const effects = p.do({ type: 'reply', ...OPINION });
    // rules 1: the request silently disappeared.
    expect(p.events('extension_request_closed')).toEqual([expect.objectContaining({ data: { days: 20, requestedBy: officer.id, why: 'answered' } })]);
    expect(notices(effects)).toContain('supervisor:extension_request_closed');
    expect(allowedActions(p.case, p.now)).not.toContain('decideExtension');
  });

  it('a pending pause request is closed the same way by the re-review opinion', () => {
    const p = reach('in_re_review_pause_pending');
    const effects = p.do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    expect(p.events('pause_request_closed')).toEqual([expect.objectContaining({ data: { days: 5, requestedBy: reReviewer.id, why: 'answered' } })]);
    expect(notices(effects)).toContain('supervisor:pause_request_closed');
    expect(p.case.pendingPause).toBeUndefined();
  });
});

describe('escalation only goes up', () => {
  it('an escalation to a level not above the current one is refused (not_allowed), and nothing goes above 3', () => {
    const p = reach('in_handling_breached');
    expect(p.case.escalationLevel).toBe(1);
    // rules 1: a lower "escalation" was recorded as one more escalation.
    expect(p.try({ type: 'escalate', reason: 'Again.', level: 1 })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('already at escalation level 1') } });
    p.do({ type: 'escalate', reason: 'Listed.', level: 3 });
    expect(allowedActions(p.case, p.now)).not.toContain('escalate');
    expect(p.try({ type: 'escalate', reason: 'More.', level: 3 })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('highest escalation level (3)') } });
    expect(p.try({ type: 'escalate', reason: 'More.', level: 4 })).toMatchObject({ ok: false });
  });
});

describe('review findings', () => {
  it('W36: the policy\'s maximum is for all pauses of a clock together: a second pause cannot stretch it', () => {
    const p = reach('in_re_review_pause_pending');
    p.do({ type: 'decidePause', approve: true, days: 5 });
    p.tick(plus(p.now, 5 * DAY));
    // 30 days in all by default: 25 remain.
    expect(p.try({ type: 'requestPause', days: 26, reason: 'A second hearing.', actor: reReviewer })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringMatching(/26 days of pause asked, 25 remain/) },
    });
    p.do({ type: 'requestPause', days: 25, reason: 'A second hearing.', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    p.tick(plus(p.now, 25 * DAY));
    expect(allowedActions(p.case, p.now)).not.toContain('requestPause');
    expect(p.try({ type: 'requestPause', days: 1, reason: 'A third.', actor: reReviewer })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringMatching(/all 30 days of pause/) },
    });
  });

  it('between a pause\'s end and its new due date (the activity not answered yet) nothing is judged against the old due date', () => {
    const p = reach('in_re_review');
    p.advance(DAY).do({ type: 'requestPause', days: 25, reason: 'A long hearing.', actor: reReviewer });
    p.advance(20 * DAY).do({ type: 'decidePause', approve: true });
    const clock = p.clock('reReviewHandling');
    const until = clock.pauses[0]!.until!;
    expect(Date.parse(until)).toBeGreaterThan(Date.parse(clock.dueAt!));
    // The pause ends past the old due date: until the due-date activity answers, the clock is recounting.
    const ended = tick(p.case, until);
    const recounting = ended.case.clocks.find((k) => k.id === clock.id)!;
    expect(recounting).toMatchObject({ recounting: true, dueAt: clock.dueAt });
    const answered = decide(ended.case, withActor({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer }), until);
    expect(answered.ok && answered.case.clocks.find((k) => k.id === clock.id)?.outcome).toBe('met');
    expect(ended.effects.filter((e) => e.type === 'notify' && e.notice.kind === 'deadline_breached')).toEqual([]);
  });

  it('W35: a recount never brings a petitioner\'s window forward; an office\'s duty clock may move earlier', () => {
    // Replied (online) and supervised on Wednesday 2 December 2026: both 30-day periods end on Friday
    // 1 January 2027, New Year's Day; counted provisionally they roll to Monday 4 January.
    const p = new Petition({ receivedAt: '2026-11-30T01:00:00.000Z' }, policyFor(), FIXTURE_RULES, provisionalRestDays);
    p.advance(DAY).do({ type: 'accept', officerId: officer.id });
    p.advance('2026-12-02T01:00:00.000Z').do({ type: 'reply', ...OPINION });
    p.do({ type: 'supervise', instruction: 'Report.' });
    expect(p.clock('reviewRequest')).toMatchObject({ dueDate: '2027-01-04', provisional: true });
    expect(p.clock('supervisionReply')).toMatchObject({ dueDate: '2027-01-04', provisional: true });
    // A (made-up) arrangement declares Saturday 2 January a make-up working day (调休): the real last day.
    p.calendar = validateCalendar({ timeZone: 'Asia/Shanghai', years: { ...CN.years, 2027: { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } } });
    p.advance(DAY).do({ type: 'recomputeDueDates', reason: 'Published.', calendarYears: ['2027'] });
    expect(p.clock('reviewRequest').dueDate).toBe('2027-01-04'); // the petitioner keeps the announced window
    expect(p.clock('supervisionReply').dueDate).toBe('2027-01-02'); // the unit's duty follows the real calendar
    expect(p.events('due_date_changed').map((e) => e.data.clockKind)).toEqual(['supervisionReply']);
  });
});
