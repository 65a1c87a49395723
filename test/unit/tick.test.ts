// Time passing: warnings, escalation on breach, extensions, pauses, supervision notices, and the
// wake-up time the workflow sleeps until. Due dates come from the real CN calendar; cases run on rules 2
// (issue 10: a breach at the first instant after the period, approved hearing pauses of the re-review clock).
import {
  allowedActions, applyDueDates, isCaseOverdue, nextDeadline, nextWakeAt, tick, viewCase,
  type Clock, type ClockKind, type Notice, type PetitionCase,
} from '../../src/domain';
import { markers, pendingMarkers } from '../../src/domain/clocks';
import {
  DAY, HOUR, OPINION, Petition, T0, dueDateAnswers, intake, noticesOf, officer, plus, reach, reReviewer, supervisor,
} from './domainFixtures';

const iso = (ms: number): string => new Date(ms).toISOString();
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** When each marker of a clock falls, by id. */
function markerTimes(p: Petition, kind: ClockKind): Record<string, string> {
  return Object.fromEntries(markers(p.clock(kind), p.case.policy, p.case.rules).map((m) => [m.id, iso(m.at)]));
}

const describeNotice = (n: Notice): string => `${n.recipient}:${n.kind}${n.recipientId ? `:${n.recipientId}` : ''}`;

describe('deadline warnings', () => {
  it('places the markers of the 60-day handling clock at 50%, 80%, 1 day before, just after the due date and after the grace period', () => {
    const p = reach('in_handling');
    const h = p.clock('handling');
    // Accepted Tuesday 3 March 09:00; 60 days end on 2 May, in the May Day holiday: due at the end of 6 May.
    expect(h.dueAt).toBe('2026-05-06T15:59:59.999Z');
    const span = Date.parse(h.dueAt!) - Date.parse(h.startedAt);
    expect(markerTimes(p, 'handling')).toEqual({
      'warn:0.5': iso(Date.parse(h.startedAt) + Math.round(span * 0.5)),
      'warn:0.8': iso(Date.parse(h.startedAt) + Math.round(span * 0.8)),
      'warn:1d': '2026-05-05T15:59:59.999Z',
      // The last instant of 6 May still belongs to the period: the breach is the first instant after it.
      breach: '2026-05-06T16:00:00.000Z',
      grace: '2026-05-09T16:00:00.000Z',
    });
    expect(markerTimes(p, 'handling')['warn:0.5']!.slice(0, 10)).toBe('2026-04-04');
  });

  it('warns the officer at 50% and 80% and officer and supervisor one day before, each exactly once', () => {
    const p = reach('in_handling');
    const times = markerTimes(p, 'handling');
    const warnings = () => p.events('deadline_warning').map((e) => e.data.marker);

    expect(p.tick(plus(times['warn:0.5']!, -1)).changed).toBe(false);
    const half = p.tick(times['warn:0.5']!);
    expect(warnings()).toEqual(['warn:0.5']);
    expect(p.lastEvent()).toMatchObject({ type: 'deadline_warning', actor: 'system', at: times['warn:0.5'], data: { clockId: 'handling-1', clockKind: 'handling', dueAt: '2026-05-06T15:59:59.999Z' } });
    expect(noticesOf(half.effects).map(describeNotice)).toEqual([`officer:deadline_warning:${officer.id}`]);

    // Woken again at the same moment, or a little later: nothing new.
    const snapshot = clone(p.case);
    expect(p.tick(times['warn:0.5']!)).toEqual({ effects: [], changed: false });
    expect(p.tick(plus(times['warn:0.5']!, 6 * HOUR))).toEqual({ effects: [], changed: false });
    expect(p.case).toEqual(snapshot);

    const eighty = p.tick(times['warn:0.8']!);
    expect(warnings()).toEqual(['warn:0.5', 'warn:0.8']);
    expect(noticesOf(eighty.effects).map(describeNotice)).toEqual([`officer:deadline_warning:${officer.id}`]);

    const dayBefore = p.tick(times['warn:1d']!);
    expect(warnings()).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d']);
    expect(noticesOf(dayBefore.effects).map(describeNotice)).toEqual([`officer:deadline_warning:${officer.id}`, 'supervisor:deadline_warning']);
    expect(p.tick(plus(times['warn:1d']!, HOUR)).changed).toBe(false);
    expect(p.clock('handling').fired).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d']);
    expect(p.case.escalationLevel).toBe(0);
  });

  it('when the worker wakes late, only the latest warning that is due is sent', () => {
    const p = reach('in_handling');
    const times = markerTimes(p, 'handling');
    const late = p.tick(plus(times['warn:0.8']!, 2 * DAY));
    expect(p.events('deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.8']);
    expect(noticesOf(late.effects)).toHaveLength(1);
    expect(p.clock('handling').fired).toEqual(['warn:0.5', 'warn:0.8']);
    // The next one still comes on time, once.
    expect(nextWakeAt(p.case)).toBe(Date.parse(times['warn:1d']!));
    p.tick(times['warn:1d']!);
    expect(p.events('deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.8', 'warn:1d']);
  });

  it('the acceptance clock warns the intake officer (首办责任人) while no case officer is assigned', () => {
    const p = new Petition();
    const t = p.tick(markerTimes(p, 'acceptance')['warn:0.5']!);
    expect(noticesOf(t.effects).map(describeNotice)).toEqual([`officer:deadline_warning:${intake.id}`]);
    expect(p.lastEvent().data).toMatchObject({ clockKind: 'acceptance', marker: 'warn:0.5' });
  });
});

describe('breach and escalation', () => {
  it('on breach: level 1 and the supervisor is told; no stale warnings are sent with it', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    expect(viewCase(p.case, due).overdue).toBe(false);
    const t = p.tick(plus(due, HOUR));
    expect(p.case.escalationLevel).toBe(1);
    expect(p.case.escalations).toEqual([{ at: p.now, level: 1, reason: 'handling deadline missed', by: 'system', clockId: 'handling-1' }]);
    expect(p.events('deadline_warning')).toEqual([]);
    expect(p.lastEvent()).toMatchObject({ type: 'deadline_breached', data: { clockId: 'handling-1', level: 1, unitId: 'unit-housing' } });
    expect(noticesOf(t.effects).map(describeNotice)).toEqual(['supervisor:deadline_breached']);
    // Recorded on the clock, with the unit that held it: nothing done later makes it on time.
    expect(p.clock('handling').breach).toEqual({ at: p.now, unitId: 'unit-housing' });
    expect(p.clock('handling').fired).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d', 'breach']);
    expect(p.case.criticisms).toEqual([]);
    // Still running and overdue: the case shows it.
    const view = viewCase(p.case, p.now);
    expect(view.overdue).toBe(true);
    expect(view.clocks.find((k) => k.id === 'handling-1')).toMatchObject({ overdue: true, running: true });
    expect(view.clocks.find((k) => k.id === 'handling-1')!.remainingMs).toBe(-HOUR);
    expect(isCaseOverdue(p.case, p.now)).toBe(true);
  });

  it('still overdue after the 3-day grace period: level 2, the senior supervisor is told and the unit is criticised (通报)', () => {
    const p = reach('in_handling');
    const due = p.clock('handling').dueAt!;
    p.tick(plus(due, HOUR));
    expect(p.tick(plus(due, 3 * DAY)).changed).toBe(false);
    const t = p.tick(plus(due, 3 * DAY + 1));
    expect(p.case.escalationLevel).toBe(2);
    expect(p.case.escalations.map((e) => e.level)).toEqual([1, 2]);
    expect(p.case.criticisms).toEqual([{ at: p.now, unitId: 'unit-housing', reason: 'handling deadline missed', clockId: 'handling-1' }]);
    expect(p.lastEvent()).toMatchObject({ type: 'escalated', data: { level: 2, criticisedUnitId: 'unit-housing' } });
    expect(noticesOf(t.effects).map(describeNotice)).toEqual(['senior_supervisor:deadline_escalated', 'unit:criticism:unit-housing']);
    // Nothing more to wait for on this clock.
    expect(nextWakeAt(p.case)).toBeUndefined();
    expect(p.tick(plus(due, 30 * DAY)).changed).toBe(false);
    // Replying late closes the clock as late, and the on-time figures see it.
    p.do({ type: 'reply', ...OPINION });
    expect(p.clock('handling').outcome).toBe('late');
    expect(p.events('replied')[0]?.data).toMatchObject({ unitId: 'unit-housing', clockId: 'handling-1', onTime: false });
  });

  it('a worker that wakes after the grace period records both levels at once', () => {
    const p = reach('in_handling');
    const t = p.tick(plus(p.clock('handling').dueAt!, 10 * DAY));
    expect(p.case.escalations.map((e) => e.level)).toEqual([1, 2]);
    expect(p.case.escalationLevel).toBe(2);
    expect(noticesOf(t.effects).map(describeNotice)).toEqual(['supervisor:deadline_breached', 'senior_supervisor:deadline_escalated', 'unit:criticism:unit-housing']);
  });

  it('a breached acceptance clock criticises the unit that held it at the breach: after a routing, the receiving unit (W22)', () => {
    const p = reach('routed');
    p.tick(plus(p.clock('acceptance').dueAt!, 4 * DAY));
    expect(p.case.criticisms.map((c) => [c.unitId, c.clockId])).toEqual([['unit-housing', 'acceptance-1']]);
  });

  it('an escalation by a supervisor is never lowered by the automatic one', () => {
    const p = reach('in_handling');
    p.do({ type: 'escalate', reason: 'Listed case.', level: 3 });
    p.tick(plus(p.clock('handling').dueAt!, 10 * DAY));
    expect(p.case.escalationLevel).toBe(3);
  });
});

describe('extension (延期)', () => {
  it('moves the due date 30 days on, counted from acceptance, and re-arms the warnings still ahead', () => {
    const p = reach('in_handling');
    const before = markerTimes(p, 'handling');
    p.tick(before['warn:0.8']!);
    expect(p.clock('handling').fired).toEqual(['warn:0.5', 'warn:0.8']);

    p.advance(2 * DAY);
    p.do({ type: 'requestExtension', days: 30, reason: 'Expert appraisal.' });
    const approved = p.do({ type: 'decideExtension', approve: true, actor: supervisor });
    expect(approved[0]).toEqual({ type: 'computeDueDates', clockIds: ['handling-1'] });
    // 90 days from 3 March: Monday 1 June.
    expect(p.clock('handling')).toMatchObject({ extensionDays: 30, dueDate: '2026-06-01', dueAt: '2026-06-01T15:59:59.999Z' });
    const after = markerTimes(p, 'handling');
    // The new 50% mark is already behind us and was warned about: not repeated. 80% and later are ahead again.
    expect(Date.parse(after['warn:0.5']!)).toBeLessThan(Date.parse(p.now));
    expect(p.clock('handling').fired).toEqual(['warn:0.5']);
    expect(nextWakeAt(p.case)).toBe(Date.parse(after['warn:0.8']!));
    expect(p.tick(plus(p.now, HOUR)).changed).toBe(false);

    p.tick(after['warn:0.8']!);
    p.tick(after['warn:1d']!);
    expect(p.events('deadline_warning').map((e) => [e.data.marker, e.data.dueAt])).toEqual([
      ['warn:0.8', '2026-05-06T15:59:59.999Z'],
      ['warn:0.8', '2026-06-01T15:59:59.999Z'],
      ['warn:1d', '2026-06-01T15:59:59.999Z'],
    ]);
    // The old due date passes without a breach.
    expect(p.case.escalationLevel).toBe(0);
  });

  it('an extension asked for in time but undecided when the period ends is closed at the breach; none is possible after it (W34)', () => {
    const p = reach('in_handling_extension_pending');
    const due = p.clock('handling').dueAt!;
    const t = p.tick(plus(due, 1));
    expect(p.case.pendingExtension).toBeUndefined();
    expect(p.events().slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['deadline_breached', expect.objectContaining({ clockId: 'handling-1', unitId: 'unit-housing' })],
      ['extension_request_closed', { days: 20, requestedBy: officer.id, why: 'due_date_passed' }],
    ]);
    expect(noticesOf(t.effects).map(describeNotice)).toEqual(['supervisor:deadline_breached', 'supervisor:extension_request_closed']);
    expect(allowedActions(p.case, p.now)).not.toContain('requestExtension');
    expect(allowedActions(p.case, p.now)).not.toContain('decideExtension');
    expect(p.try({ type: 'requestExtension', days: 5, reason: 'Late appraisal.' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('period ended on 2026-05-06') } });
    expect(viewCase(p.case, p.now).overdue).toBe(true);
    p.do({ type: 'reply', ...OPINION });
    expect(p.clock('handling').outcome).toBe('late');
  });

  it('applyDueDates with an explicit "now" re-arms only markers after it; a due date that does not move changes nothing', () => {
    const p = reach('in_handling');
    const times = markerTimes(p, 'handling');
    p.tick(times['warn:1d']!);
    const c = p.case;
    const h = c.clocks.find((k) => k.id === 'handling-1')!;
    const later = { clockId: h.id, dueAt: '2026-06-01T15:59:59.999Z', dueDate: '2026-06-01', calendarCovered: true };
    const early = applyDueDates(c, [later], T0).clocks.find((k) => k.id === h.id)!;
    expect(early.fired).toEqual([]);
    const late = applyDueDates(c, [later], '2026-05-31T00:00:00.000Z').clocks.find((k) => k.id === h.id)!;
    expect(late.fired).toEqual(['warn:0.5', 'warn:0.8']);
    const same = applyDueDates(c, [{ clockId: h.id, dueAt: h.dueAt!, dueDate: h.dueDate!, calendarCovered: true }]);
    expect(same.clocks.find((k) => k.id === h.id)!.fired).toEqual(h.fired);
    // The input is left as it was.
    expect(c.clocks.find((k) => k.id === h.id)!.fired).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d']);
  });
});

describe('approved pauses: hearing time on the re-review clock is not counted (W36)', () => {
  it('records the approved pause, stops every marker while paused, ends it by itself and moves the due date by whole days', () => {
    const p = reach('in_re_review');
    // Re-review asked for on Tuesday 10 March: 30 days end on Thursday 9 April.
    expect(p.clock('reReviewHandling')).toMatchObject({ startedAt: '2026-03-10T01:00:00.000Z', dueDate: '2026-04-09' });
    const dueBefore = p.clock('reReviewHandling').dueAt!;
    p.advance(5 * DAY);
    const asked = p.do({ type: 'requestPause', days: 30, reason: 'public hearing (听证)', actor: reReviewer });
    expect(noticesOf(asked).map(describeNotice)).toEqual(['supervisor:pause_requested']);
    // Asked, not approved: the clock runs on.
    expect(p.clock('reReviewHandling').pauses).toEqual([]);
    p.advance(HOUR);
    const approved = p.do({ type: 'decidePause', approve: true });
    const pausedAt = p.now;
    const until = plus(pausedAt, 30 * DAY);
    expect(p.clock('reReviewHandling').pauses).toEqual([{ from: pausedAt, reason: 'public hearing (听证)', by: reReviewer.id, approvedBy: supervisor.id, days: 30, until }]);
    expect(p.lastEvent()).toMatchObject({ type: 'clock_paused', document: 'pause', data: { clockId: 'reReviewHandling-1', clockKind: 'reReviewHandling', days: 30, until } });
    // The petitioner is told of the pause and its end.
    expect(noticesOf(approved).map(describeNotice)).toEqual(['petitioner:pause', `officer:pause_approved:${reReviewer.id}`]);
    expect(noticesOf(approved)[0]?.data).toMatchObject({ days: 30, until, reason: 'public hearing (听证)' });
    expect(allowedActions(p.case, p.now)).toContain('resumeClock');
    expect(allowedActions(p.case, p.now)).not.toContain('requestPause');
    expect(pendingMarkers(p.clock('reReviewHandling'), p.case.policy, 2)).toEqual([]);
    // Nothing to wake for but the pause's own end; ops sorting by next deadline see none while paused.
    expect(nextWakeAt(p.case)).toBe(Date.parse(until));
    expect(nextDeadline(p.case)).toBeUndefined();

    // Past the old due date nothing fires, and the case is not shown overdue.
    expect(p.tick(plus(dueBefore, DAY)).changed).toBe(false);
    const view = viewCase(p.case, p.now);
    expect(view.overdue).toBe(false);
    const clockView = view.clocks.find((k) => k.id === 'reReviewHandling-1')!;
    expect(clockView).toMatchObject({ paused: true, overdue: false, remainingMs: Date.parse(dueBefore) - Date.parse(pausedAt) });
    expect(clockView.pausedMsTotal).toBe(Date.parse(p.now) - Date.parse(pausedAt));

    // The approved days are up: the pause ends by itself, and the petitioner is told.
    const ended = p.tick(until);
    expect(ended.effects[0]).toEqual({ type: 'computeDueDates', clockIds: ['reReviewHandling-1'] });
    expect(p.clock('reReviewHandling').pauses[0]?.to).toBe(until);
    expect(p.clock('reReviewHandling').pausedMs).toBe(30 * DAY);
    expect(p.events('clock_resumed')).toEqual([expect.objectContaining({ document: 'pause', data: { clockId: 'reReviewHandling-1', clockKind: 'reReviewHandling', pausedMs: 30 * DAY, auto: true } })]);
    expect(noticesOf(ended.effects).map(describeNotice)).toEqual(['petitioner:pause']);
    // 30 whole days on from Thursday 9 April: Saturday 9 May, a make-up working day in 2026.
    expect(p.clock('reReviewHandling')).toMatchObject({ dueDate: '2026-05-09', dueAt: '2026-05-09T15:59:59.999Z' });
    expect(viewCase(p.case, p.now).overdue).toBe(false);
    // The markers run again, counted on the new due date; the 50% warning (never sent) comes first.
    const after = markerTimes(p, 'reReviewHandling');
    expect(Date.parse(after['warn:0.5']!)).toBeGreaterThan(Date.parse(p.now));
    expect(nextWakeAt(p.case)).toBe(Date.parse(after['warn:0.5']!));
    p.tick(after['warn:0.5']!);
    expect(p.events('deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.5']);
  });

  it('a short pause after the 80% warning neither moves the due date nor sends that warning again', () => {
    const p = reach('in_re_review');
    const due = p.clock('reReviewHandling').dueAt!;
    p.tick(markerTimes(p, 'reReviewHandling')['warn:0.8']!);
    p.advance(HOUR);
    p.do({ type: 'requestPause', days: 1, reason: 'hearing', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    p.advance(2 * HOUR);
    p.do({ type: 'resumeClock', actor: reReviewer });
    // Two hours on the same day are no whole day: the due date stays.
    expect(p.clock('reReviewHandling').dueAt).toBe(due);
    expect(p.clock('reReviewHandling').pausedMs).toBe(2 * HOUR);
    expect(p.clock('reReviewHandling').fired).toEqual(['warn:0.5', 'warn:0.8']);
    expect(p.tick(plus(p.now, HOUR)).changed).toBe(false);
    expect(p.events('deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.8']);
  });

  it('an opinion during a hearing ends the pause, counts the paused time and is on time if the pause began in time', () => {
    const p = reach('in_re_review');
    const due = p.clock('reReviewHandling').dueAt!;
    p.advance(plus(due, -2 * DAY));
    p.do({ type: 'requestPause', days: 10, reason: 'hearing', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    const pausedAt = p.now;
    p.advance(plus(due, 5 * DAY));
    expect(viewCase(p.case, p.now).overdue).toBe(false);
    p.do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    expect(p.clock('reReviewHandling')).toMatchObject({
      outcome: 'met',
      stoppedAt: p.now,
      pausedMs: Date.parse(p.now) - Date.parse(pausedAt),
      pauses: [{ from: pausedAt, to: p.now, reason: 'hearing', by: reReviewer.id, approvedBy: supervisor.id, days: 10, until: plus(pausedAt, 10 * DAY) }],
    });
    expect(p.events('re_review_opinion_issued')[0]?.data).toMatchObject({ onTime: true });
  });

  it('pauses every time one is approved, one record each', () => {
    const p = reach('in_re_review');
    const due = p.clock('reReviewHandling').dueAt!;
    for (let i = 0; i < 3; i++) {
      p.advance(DAY);
      p.do({ type: 'requestPause', days: 1, reason: `hearing ${i + 1}`, actor: reReviewer });
      p.do({ type: 'decidePause', approve: true });
      p.advance(3 * HOUR);
      p.do({ type: 'resumeClock', actor: reReviewer });
    }
    expect(p.clock('reReviewHandling').pauses.map((x) => [x.reason, x.approvedBy])).toEqual([
      ['hearing 1', supervisor.id], ['hearing 2', supervisor.id], ['hearing 3', supervisor.id],
    ]);
    expect(p.clock('reReviewHandling').pausedMs).toBe(9 * HOUR);
    expect(p.clock('reReviewHandling').dueAt).toBe(due);
  });
});

describe('supervision notices (督办)', () => {
  it('a notice has its own 30-day reply clock with warnings; answering it stops the clock', () => {
    const p = reach('in_handling');
    p.advance(DAY);
    const issued = p.do({ type: 'supervise', instruction: 'Report the repair plan in writing.', listed: true });
    expect(p.case.supervision).toEqual([{
      id: 'sup-1', clockId: 'supervisionReply-1', issuedAt: p.now, by: supervisor.id,
      instruction: 'Report the repair plan in writing.', listed: true, unitId: 'unit-housing',
    }]);
    expect(p.clock('supervisionReply')).toMatchObject({ unitId: 'unit-housing', limit: { days: 30, unit: 'calendar' }, startedAt: p.now });
    expect(issued[0]).toEqual({ type: 'computeDueDates', clockIds: ['supervisionReply-1'] });
    expect(noticesOf(issued).map(describeNotice)).toEqual(['unit:supervision_notice:unit-housing']);
    expect(noticesOf(issued)[0]?.data).toMatchObject({ noticeId: 'sup-1', listed: true });

    const half = markerTimes(p, 'supervisionReply')['warn:0.5']!;
    expect(nextWakeAt(p.case)).toBe(Date.parse(half));
    p.tick(half);
    expect(p.lastEvent().data).toMatchObject({ clockId: 'supervisionReply-1', clockKind: 'supervisionReply', marker: 'warn:0.5' });

    p.advance(DAY);
    const answered = p.do({ type: 'answerSupervision', noticeId: 'sup-1', answer: 'Plan attached.' });
    expect(p.case.supervision[0]).toMatchObject({ answeredAt: p.now, answer: 'Plan attached.' });
    expect(p.clock('supervisionReply')).toMatchObject({ outcome: 'met', stoppedAt: p.now });
    expect(noticesOf(answered).map(describeNotice)).toEqual([`supervisor:supervision_answered:${supervisor.id}`]);
    expect(allowedActions(p.case)).not.toContain('answerSupervision');
    // Only the handling clock is left to wake for.
    expect(nextWakeAt(p.case)).toBe(Date.parse(markerTimes(p, 'handling')['warn:0.5']!));
  });

  it('a notice may set a shorter reply limit in working days', () => {
    const p = reach('in_handling');
    p.do({ type: 'supervise', instruction: 'Urgent.', replyLimit: { days: 3, unit: 'working' } });
    // Issued Wednesday 4 March: Thursday, Friday, Monday.
    expect(p.clock('supervisionReply')).toMatchObject({ limit: { days: 3, unit: 'working' }, dueDate: '2026-03-09' });
  });

  it('an unanswered notice escalates and criticises the unit it was sent to', () => {
    const p = reach('accepted');
    p.do({ type: 'supervise', instruction: 'Assign an officer.' });
    p.tick(plus(p.clock('supervisionReply').dueAt!, 4 * DAY));
    expect(p.case.escalations.map((e) => [e.level, e.clockId])).toEqual([[1, 'supervisionReply-1'], [2, 'supervisionReply-1']]);
    expect(p.case.criticisms.map((c) => c.unitId)).toEqual(['unit-office']);
  });
});

describe('nextWakeAt and the case at a glance', () => {
  it('is the earliest pending marker over all running clocks', () => {
    const p = reach('in_handling');
    const handling = markerTimes(p, 'handling');
    expect(nextWakeAt(p.case)).toBe(Date.parse(handling['warn:0.5']!));
    p.advance(20 * DAY);
    p.do({ type: 'supervise', instruction: 'Report.', replyLimit: { days: 5, unit: 'working' } });
    const sup = markerTimes(p, 'supervisionReply');
    const earliest = Math.min(...[handling, sup].flatMap((t) => Object.values(t).map(Date.parse)));
    expect(earliest).toBe(Date.parse(sup['warn:0.5']!));
    expect(nextWakeAt(p.case)).toBe(earliest);
    // It moves on as each marker is handled.
    p.tick(sup['warn:0.5']!);
    expect(nextWakeAt(p.case)).toBe(Date.parse(sup['warn:0.8']!));
    expect(nextDeadline(p.case)).toBe(p.clock('supervisionReply').dueAt);
  });

  it('waits for a window to lapse at the first instant after its due date', () => {
    const p = reach('awaiting_evaluation');
    expect(nextWakeAt(p.case)).toBe(Date.parse(p.clock('evaluation').dueAt!) + 1);
  });

  it('ignores clocks still waiting for their due date, and a closed case has nothing to wait for', () => {
    const p = reach('in_handling');
    const pending: PetitionCase = { ...p.case, clocks: p.case.clocks.map((k): Clock => ({ ...k, dueAt: undefined, dueDate: undefined })) };
    expect(nextWakeAt(pending)).toBeUndefined();
    expect(tick(pending, plus(p.now, 100 * DAY)).changed).toBe(false);
    expect(nextWakeAt(reach('closed').case)).toBeUndefined();
  });

  it('tick leaves its input alone and returns the same case when nothing is due', () => {
    const p = reach('in_handling');
    const before = clone(p.case);
    const quiet = tick(p.case, p.now);
    expect(quiet.case).toBe(p.case);
    const busy = tick(p.case, plus(p.clock('handling').dueAt!, 10 * DAY));
    expect(busy.changed).toBe(true);
    expect(p.case).toEqual(before);
  });
});

describe('notice keys', () => {
  it('no two notices of a whole lifecycle share a key; each key is petition id + event seq + recipient + kind', () => {
    const p = new Petition();
    const wakeThrough = (until: string) => {
      for (let wake = nextWakeAt(p.case); wake !== undefined && wake <= Date.parse(until); wake = nextWakeAt(p.case)) {
        p.tick(iso(Math.max(wake, Date.parse(p.now))));
      }
      p.advance(until);
    };
    const at = (days: number) => plus(T0, days * DAY);

    wakeThrough(at(14));
    p.do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing.' });
    wakeThrough(at(16));
    p.do({ type: 'objectRouting', reason: 'Not ours.' });
    p.do({ type: 'decideObjection', uphold: true, reason: 'Agreed.' });
    p.do({ type: 'supervise', instruction: 'Decide now.', listed: true });
    wakeThrough(at(25));
    p.do({ type: 'accept', officerId: officer.id, unitId: 'unit-housing' });
    p.do({ type: 'escalate', reason: 'Late acceptance.', level: 3, leaderOwnerId: 'leader-zhou' });
    wakeThrough(at(60));
    p.do({ type: 'answerSupervision', noticeId: 'sup-1', answer: 'Accepted.' });
    p.do({ type: 'requestExtension', days: 30, reason: 'Appraisal.' });
    p.do({ type: 'decideExtension', approve: true });
    wakeThrough(at(130));
    p.do({ type: 'reply', ...OPINION });
    wakeThrough(at(150));
    p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'Still cold.' });
    p.do({ type: 'requestReview', reason: 'Unfair.' });
    wakeThrough(at(200));
    p.do({ type: 'issueReviewOpinion', ...OPINION });
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    p.do({ type: 'requestReReview', reason: 'Still unfair.' });
    p.do({ type: 'requestPause', days: 3, reason: 'Hearing.', actor: reReviewer });
    p.do({ type: 'decidePause', approve: true });
    wakeThrough(at(210));
    p.do({ type: 'issueReReviewOpinion', ...OPINION });
    wakeThrough(at(240));
    expect(p.case.status).toBe('return_visit_required');
    p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'No change.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final' });

    const notices = p.notices;
    expect(notices.length).toBeGreaterThan(30);
    const keys = notices.map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    const seqs = new Set(p.case.timeline.map((e) => e.seq));
    for (const n of notices) {
      expect(n.key).toBe(`p-0001:${String(n.data.eventSeq)}:${n.recipient}:${n.kind}`);
      expect(n.petitionId).toBe('p-0001');
      expect(seqs.has(n.data.eventSeq as number)).toBe(true);
      expect(n.channel).toBe(n.recipient === 'petitioner' ? 'sms' : 'internal');
    }
    // The lifecycle did go through warnings, breaches and criticism as well as the ordinary steps.
    const kinds = new Set(notices.map((n) => n.kind));
    for (const k of [
      'deadline_warning', 'deadline_breached', 'deadline_escalated', 'criticism', 'return_visit_required', 'transfer', 'closing',
      'rating_recorded', 'review_assigned', 'pause', 'pause_requested',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('the due-date answers are exactly what the calendar says for each requested clock', () => {
    const p = reach('in_handling');
    const answers = dueDateAnswers(p.case, [{ type: 'computeDueDates', clockIds: ['handling-1', 'acceptance-1'] }]);
    expect(answers.map((a) => [a.clockId, a.dueDate])).toEqual([['acceptance-1', '2026-03-17'], ['handling-1', '2026-05-06']]);
  });
});
