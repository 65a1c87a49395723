// The petition state machine as a petition office sees it: every transition, every refusal, the
// documents the petitioner is shown, and the rule that satisfaction is always recorded before closing.
import {
  allowedActions, decide, nextWakeAt, tick, viewCase,
  type CommandType, type DocumentKind, type Effect, type PetitionCase, type Status,
} from '../../src/domain';
import {
  DAY, HOUR, OPINION, Petition, applyAnswers, T0, citizen, intake, noticesOf, officer, officer2, plus, reach, rng, supervisor, withActor,
  type Cmd, type Reachable,
} from './domainFixtures';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const kindsOf = (p: Petition) => p.runningClocks().map((k) => k.kind).sort();

describe('registration (登记)', () => {
  it('issues the query code, starts the 15-day acceptance clock and shows the registration notice', () => {
    const p = new Petition();
    expect(p.case).toMatchObject({ status: 'registered', stage: 'handling', queryCode: 'Q7K2M9', unitId: 'unit-office', escalationLevel: 0, seq: 1 });
    // Received Monday 2 March 2026 09:00 in Shanghai; the day of receipt is not counted: 15 days end on 17 March.
    expect(p.clock('acceptance')).toMatchObject({ unitId: 'unit-office', startedAt: T0, dueDate: '2026-03-17', dueAt: '2026-03-17T15:59:59.999Z' });
    expect(p.case.timeline).toEqual([
      { seq: 1, at: T0, type: 'registered', actor: intake.id, document: 'registration', data: { channel: 'online', class: 'claim', unitId: 'unit-office' } },
    ]);
    expect(p.effects[0]).toEqual({ type: 'computeDueDates', clockIds: ['acceptance-1'] });
    expect(p.notices).toEqual([
      expect.objectContaining({ key: 'p-0001:1:petitioner:registration', recipient: 'petitioner', channel: 'sms', data: expect.objectContaining({ queryCode: 'Q7K2M9' }) }),
    ]);
  });

  it('sends a letter to a petitioner who wrote a letter', () => {
    const p = new Petition({ channel: 'letter' });
    expect(p.notices[0]?.channel).toBe('letter');
  });
});

describe('lifecycle', () => {
  it('register -> accept -> assign -> reply -> satisfied -> closed "satisfied"', () => {
    const p = new Petition();
    p.advance(DAY);
    const accepted = p.do({ type: 'accept' });
    expect(p.case.status).toBe('accepted');
    expect(p.clock('acceptance')).toMatchObject({ stoppedAt: p.now, outcome: 'met' });
    // 60 days from 3 March end on Saturday 2 May, inside the May Day holiday: the next working day is 6 May.
    expect(p.clock('handling')).toMatchObject({ unitId: 'unit-office', startedAt: p.now, dueDate: '2026-05-06' });
    expect(p.lastEvent()).toMatchObject({ type: 'accepted', document: 'acceptance', at: p.now });
    expect(noticesOf(accepted).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:acceptance']);
    expect(allowedActions(p.case)).toEqual(expect.arrayContaining(['assign', 'reassign']));

    p.advance(DAY);
    const assigned = p.do({ type: 'assign', unitId: 'unit-housing', officerId: officer.id, leaderOwnerId: 'leader-zhou' });
    expect(p.case).toMatchObject({ status: 'in_handling', unitId: 'unit-housing', officerId: officer.id, leaderOwnerId: 'leader-zhou' });
    expect(p.clock('handling').unitId).toBe('unit-housing');
    expect(noticesOf(assigned).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['officer', 'case_assigned', officer.id],
      ['leader', 'case_owned', 'leader-zhou'],
    ]);

    p.advance(20 * DAY);
    const replied = p.do({ type: 'reply', ...OPINION });
    expect(p.case.status).toBe('awaiting_evaluation');
    expect(p.case.reply).toEqual({ ...OPINION, issuedAt: p.now, by: officer.id });
    expect(p.clock('handling')).toMatchObject({ stoppedAt: p.now, outcome: 'met' });
    expect(p.clock('evaluation')).toMatchObject({ startedAt: p.now, limit: { days: 7, unit: 'calendar' } });
    expect(p.clock('evaluation').dueAt).toBeDefined();
    expect(p.lastEvent()).toMatchObject({ type: 'replied', document: 'reply' });
    expect(noticesOf(replied)).toEqual([expect.objectContaining({ recipient: 'petitioner', kind: 'reply', data: expect.objectContaining({ decision: 'support' }) })]);
    expect(allowedActions(p.case)).not.toContain('reply');

    p.advance(2 * DAY);
    p.do({ type: 'evaluate', rating: 'satisfied', comment: 'Repaired quickly.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'satisfied', closedAt: p.now });
    expect(p.case.evaluations).toEqual([{ stage: 'handling', rating: 'satisfied', via: 'petitioner', at: p.now, by: citizen.id, comment: 'Repaired quickly.' }]);
    expect(p.clock('evaluation').outcome).toBe('met');
    expect(p.runningClocks()).toEqual([]);
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['evaluated', undefined], ['closed', 'closing']]);
    expect(allowedActions(p.case)).toEqual([]);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });

  it('"basically satisfied" also closes the case as satisfied', () => {
    const p = reach('awaiting_evaluation');
    p.do({ type: 'evaluate', rating: 'basically_satisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'satisfied' });
  });

  it('accept with an officer assigns the case in the same step', () => {
    const p = new Petition();
    p.advance(DAY);
    const effects = p.do({ type: 'accept', unitId: 'unit-housing', officerId: officer.id });
    expect(p.case).toMatchObject({ status: 'in_handling', unitId: 'unit-housing', officerId: officer.id });
    expect(p.clock('handling').unitId).toBe('unit-housing');
    expect(p.events().slice(1).map((e) => [e.type, e.document])).toEqual([['accepted', 'acceptance'], ['assigned', undefined]]);
    expect(noticesOf(effects).map((n) => `${n.recipient}:${n.kind}:${n.recipientId ?? ''}`)).toEqual([
      'petitioner:acceptance:',
      `officer:case_assigned:${officer.id}`,
    ]);
    expect(allowedActions(p.case)).toContain('reply');
  });

  it('reassign moves the case and its handling clock to another unit and officer', () => {
    const p = reach('accepted');
    p.do({ type: 'reassign', unitId: 'unit-planning', officerId: officer2.id });
    expect(p.case).toMatchObject({ status: 'in_handling', unitId: 'unit-planning', officerId: officer2.id });
    expect(p.clock('handling').unitId).toBe('unit-planning');
    expect(p.lastEvent()).toMatchObject({ type: 'reassigned', data: { from: { unitId: 'unit-office' }, unitId: 'unit-planning', officerId: officer2.id } });
  });

  it('not accepted: closes with the reason and where to go instead; the acceptance clock counts as answered', () => {
    const p = new Petition();
    p.advance(3 * DAY);
    const effects = p.do({ type: 'notAccept', reason: 'Not an administrative matter.', redirectTo: 'the residents\' committee' });
    expect(p.case).toMatchObject({
      status: 'closed', closingReason: 'not_accepted', closedAt: p.now,
      notAcceptance: { reason: 'Not an administrative matter.', redirectTo: 'the residents\' committee' },
    });
    expect(p.events().slice(1).map((e) => [e.type, e.document])).toEqual([['not_accepted', 'non_acceptance'], ['closed', 'closing']]);
    expect(p.events('not_accepted')[0]?.data).toEqual({ reason: 'Not an administrative matter.', redirectTo: 'the residents\' committee', legalProcedure: false });
    expect(noticesOf(effects).map((n) => n.kind)).toEqual(['non_acceptance', 'closing']);
    expect(noticesOf(effects)[0]?.data).toMatchObject({ redirectTo: 'the residents\' committee' });
    // The notice was given within the 15 days: on-time statistics count it as met.
    expect(p.clock('acceptance')).toMatchObject({ outcome: 'met', stoppedAt: p.now });
  });

  it('not accepted as a legal-procedure matter (诉访分离) closes with "legal_procedure", also from a routed case', () => {
    const p = reach('routed');
    p.do({ type: 'notAccept', reason: 'A court judgment is being enforced.', redirectTo: 'the district court', legalProcedure: true });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'legal_procedure' });
    expect(p.events('not_accepted')[0]?.data).toMatchObject({ legalProcedure: true, redirectTo: 'the district court' });
    expect(p.clock('objection').outcome).toBe('met');
    expect(p.runningClocks()).toEqual([]);
  });

  it('route -> routed (objection window, new acceptance clock) -> objectRouting returns it -> accept', () => {
    const p = new Petition();
    p.advance(DAY);
    const routed = p.do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing repairs belong to the housing bureau.' });
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-housing', previousUnitId: 'unit-office' });
    expect(p.case.clocks.find((k) => k.id === 'acceptance-1')).toMatchObject({ outcome: 'met', unitId: 'unit-office' });
    // The receiving unit: 5 working days to object (Wed 4 .. Tue 10 March), and its own 15-day acceptance clock.
    expect(p.clock('objection')).toMatchObject({ unitId: 'unit-housing', limit: { days: 5, unit: 'working' }, dueDate: '2026-03-10' });
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-2', unitId: 'unit-housing', startedAt: p.now, dueDate: '2026-03-18' });
    expect(kindsOf(p)).toEqual(['acceptance', 'objection']);
    expect(p.lastEvent()).toMatchObject({ type: 'routed', document: 'transfer', data: { fromUnitId: 'unit-office', toUnitId: 'unit-housing' } });
    expect(noticesOf(routed).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['petitioner', 'transfer', undefined],
      ['unit', 'petition_routed', 'unit-housing'],
    ]);
    expect(allowedActions(p.case)).toContain('objectRouting');

    p.advance(2 * DAY);
    const objected = p.do({ type: 'objectRouting', reason: 'Building 3 is a private estate.', actor: officer });
    expect(p.case).toMatchObject({ status: 'registered', unitId: 'unit-office', previousUnitId: 'unit-housing' });
    expect(p.clock('objection')).toMatchObject({ outcome: 'met', stoppedAt: p.now });
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-3', unitId: 'unit-office', startedAt: p.now });
    expect(kindsOf(p)).toEqual(['acceptance']);
    // Back with the first unit: the petitioner's tracking page shows where the matter is now.
    expect(p.lastEvent()).toMatchObject({ type: 'routing_objected', document: 'transfer', data: { unitId: 'unit-housing', toUnitId: 'unit-office' } });
    expect(noticesOf(objected).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['petitioner', 'transfer', undefined],
      ['unit', 'routing_objected', 'unit-office'],
    ]);

    p.advance(DAY);
    p.do({ type: 'accept' });
    expect(p.case).toMatchObject({ status: 'accepted', unitId: 'unit-office' });
    expect(p.clock('acceptance').outcome).toBe('met');
  });

  it('route, then the objection window lapses: routing confirmed, no objection any more, the receiving unit accepts', () => {
    const p = reach('routed');
    const due = p.clock('objection').dueAt!;
    expect(p.tick(plus(due, -1)).changed).toBe(false);
    const t = p.tick(due);
    expect(t.changed).toBe(true);
    expect(p.case.status).toBe('routed');
    expect(p.clock('objection')).toMatchObject({ outcome: 'lapsed', stoppedAt: due });
    expect(p.lastEvent()).toMatchObject({ type: 'routing_confirmed', actor: 'system', data: { unitId: 'unit-housing' } });
    expect(p.clock('acceptance').stoppedAt).toBeUndefined();

    const refused = p.try({ type: 'objectRouting', reason: 'too late' });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    p.do({ type: 'accept', actor: officer, officerId: officer.id });
    expect(p.case).toMatchObject({ status: 'in_handling', unitId: 'unit-housing', officerId: officer.id });
  });

  it('a routed case can be routed on, and never to the unit that already has it', () => {
    const p = reach('routed');
    expect(p.try({ type: 'route', toUnitId: 'unit-housing', reason: 'again' })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'toUnitId' } });
    p.do({ type: 'route', toUnitId: 'unit-planning', reason: 'Planning permits.' });
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-planning', previousUnitId: 'unit-housing' });
    expect(p.case.clocks.filter((k) => k.kind === 'objection').map((k) => k.outcome)).toEqual(['met', undefined]);
  });

  it('reply -> no rating in time -> return visit required -> recordReturnVisit closes it', () => {
    const p = reach('awaiting_evaluation');
    const due = p.clock('evaluation').dueAt!;
    const t = p.tick(plus(due, HOUR));
    expect(p.case.status).toBe('return_visit_required');
    expect(p.clock('evaluation')).toMatchObject({ outcome: 'lapsed' });
    expect(p.clock('returnVisit')).toMatchObject({ startedAt: p.now, limit: { days: 15, unit: 'calendar' } });
    expect(p.clock('returnVisit').dueAt).toBeDefined();
    expect(t.effects[0]).toEqual({ type: 'computeDueDates', clockIds: ['returnVisit-1'] });
    expect(noticesOf(t.effects)).toEqual([expect.objectContaining({ recipient: 'officer', recipientId: officer.id, kind: 'return_visit_required' })]);
    expect(p.lastEvent()).toMatchObject({ type: 'evaluation_lapsed', data: { stage: 'handling' } });
    expect(allowedActions(p.case)).toEqual(expect.arrayContaining(['recordReturnVisit', 'evaluate']));
    expect(p.try({ type: 'requestReview', reason: 'x' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });

    p.advance(3 * DAY);
    p.do({ type: 'recordReturnVisit', outcome: 'basically_satisfied', notes: 'Visited on site; heating works.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'satisfied' });
    expect(p.case.evaluations).toEqual([
      { stage: 'handling', rating: 'basically_satisfied', via: 'return_visit', at: p.now, by: officer.id, comment: 'Visited on site; heating works.' },
    ]);
    expect(p.clock('returnVisit').outcome).toBe('met');
    expect(p.events().map((e) => e.type).slice(-2)).toEqual(['return_visit_recorded', 'closed']);
  });

  it('a rating that arrives after the window, before the return visit, still counts', () => {
    const p = reach('return_visit_required');
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case.status).toBe('appeal_window');
    expect(p.clock('returnVisit').outcome).toBe('met');
    expect(p.case.evaluations.map((e) => e.via)).toEqual(['petitioner']);
  });

  it('a dissatisfied return visit opens the review window like a dissatisfied rating', () => {
    const p = reach('return_visit_required');
    p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'Still cold.' });
    expect(p.case.status).toBe('appeal_window');
    expect(p.clock('reviewRequest').stoppedAt).toBeUndefined();
  });

  it('dissatisfied -> review (复查) -> opinion -> dissatisfied -> re-review (复核) -> opinion -> closed "final"', () => {
    const p = reach('awaiting_evaluation');
    p.advance(DAY);
    p.do({ type: 'evaluate', rating: 'dissatisfied', comment: 'Only half repaired.' });
    expect(p.case).toMatchObject({ status: 'appeal_window', stage: 'handling' });
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: p.now, limit: { days: 30, unit: 'calendar' } });
    expect(allowedActions(p.case)).toContain('requestReview');
    expect(allowedActions(p.case)).not.toContain('requestReReview');

    p.advance(5 * DAY);
    const review = p.do({ type: 'requestReview', reason: 'The repair is incomplete.' });
    expect(p.case.status).toBe('in_review');
    expect(p.case.appeals).toEqual([{ stage: 'review', at: p.now, reason: 'The repair is incomplete.' }]);
    expect(p.clock('reviewRequest').outcome).toBe('met');
    expect(p.clock('reviewHandling')).toMatchObject({ startedAt: p.now, limit: { days: 30, unit: 'calendar' } });
    expect(noticesOf(review).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['supervisor:review_requested']);

    p.advance(10 * DAY);
    p.do({ type: 'issueReviewOpinion', ...OPINION, decision: 'explain', actor: supervisor });
    expect(p.case).toMatchObject({ status: 'awaiting_evaluation', stage: 'review' });
    expect(p.case.reviewOpinion).toMatchObject({ decision: 'explain', issuedAt: p.now, by: supervisor.id });
    expect(p.clock('reviewHandling').outcome).toBe('met');
    expect(p.lastEvent()).toMatchObject({ type: 'review_opinion_issued', document: 'review_opinion' });

    p.advance(DAY);
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case).toMatchObject({ status: 'appeal_window', stage: 'review' });
    expect(p.clock('reReviewRequest').stoppedAt).toBeUndefined();
    expect(allowedActions(p.case)).toContain('requestReReview');
    expect(allowedActions(p.case)).not.toContain('requestReview');

    p.advance(DAY);
    p.do({ type: 'requestReReview', reason: 'Ask the city.' });
    expect(p.case.status).toBe('in_re_review');
    expect(p.case.appeals.map((a) => a.stage)).toEqual(['review', 're_review']);
    expect(p.clock('reReviewHandling').stoppedAt).toBeUndefined();

    p.advance(DAY);
    p.do({ type: 'issueReReviewOpinion', ...OPINION, decision: 'not_support', actor: supervisor });
    expect(p.case).toMatchObject({ status: 'awaiting_evaluation', stage: 're_review' });
    expect(p.lastEvent()).toMatchObject({ type: 're_review_opinion_issued', document: 're_review_opinion' });

    p.advance(DAY);
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final' });
    expect(p.case.evaluations.map((e) => `${e.stage}:${e.rating}`)).toEqual(['handling:dissatisfied', 'review:dissatisfied', 're_review:dissatisfied']);
    expect(p.runningClocks()).toEqual([]);
    expect(allowedActions(p.case)).toEqual([]);
  });

  it('satisfied with the re-review opinion closes as satisfied', () => {
    const p = reach('in_re_review');
    p.do({ type: 'issueReReviewOpinion', ...OPINION });
    p.do({ type: 'evaluate', rating: 'satisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'satisfied', stage: 're_review' });
  });

  it('the review window lapses without a request: closed "appeal_window_lapsed"', () => {
    const p = reach('appeal_window');
    const due = p.clock('reviewRequest').dueAt!;
    p.tick(plus(due, -HOUR));
    expect(p.case.status).toBe('appeal_window');
    p.tick(plus(due, HOUR));
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed', closedAt: p.now });
    expect(p.clock('reviewRequest').outcome).toBe('lapsed');
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['appeal_window_lapsed', undefined], ['closed', 'closing']]);
    expect(p.try({ type: 'requestReview', reason: 'late' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('closed (appeal_window_lapsed)') } });
  });

  it('the re-review window lapses the same way', () => {
    const p = reach('appeal_window_review');
    p.tick(plus(p.clock('reReviewRequest').dueAt!, 1));
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed', stage: 'review' });
  });

  const withdrawFrom: Reachable[] = [
    'registered', 'routed', 'accepted', 'in_handling_paused', 'in_handling_extension_pending', 'in_handling_supervised',
    'awaiting_evaluation', 'return_visit_required', 'appeal_window', 'in_review', 'in_re_review',
  ];
  it.each(withdrawFrom)('withdrawal (撤回) from %s closes as "withdrawn" and cancels every running clock', (state) => {
    const p = reach(state);
    const running = p.runningClocks().map((k) => k.id);
    expect(running.length).toBeGreaterThan(0);
    p.advance(HOUR);
    const effects = p.do({ type: 'withdraw', reason: 'Resolved privately.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn', closedAt: p.now });
    expect(p.case.pendingExtension).toBeUndefined();
    expect(p.runningClocks()).toEqual([]);
    for (const id of running) expect(p.case.clocks.find((k) => k.id === id)).toMatchObject({ outcome: 'cancelled', stoppedAt: p.now });
    expect(p.case.clocks.every((k) => k.pauses.every((x) => x.to !== undefined))).toBe(true);
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['withdrawn', undefined], ['closed', 'closing']]);
    expect(noticesOf(effects).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:closing']);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });

  it('a repeat submission is linked, not registered again (W19), and the petitioner is told', () => {
    const p = reach('in_handling');
    const effects = p.do({ type: 'linkRepeat', submissionId: 'sub-2', receivedAt: p.now, channel: 'visit' });
    expect(p.case.linkedSubmissions).toEqual([{ submissionId: 'sub-2', receivedAt: p.now, channel: 'visit' }]);
    expect(p.case.status).toBe('in_handling');
    expect(p.lastEvent()).toMatchObject({ type: 'repeat_linked', document: 'repeat_linked' });
    expect(noticesOf(effects).map((n) => n.kind)).toEqual(['repeat_linked']);
  });

  it('a supervisor escalates and takes personal ownership (包案); the level never goes down', () => {
    const p = reach('in_handling');
    const effects = p.do({ type: 'escalate', reason: 'Repeated visits.', level: 2, leaderOwnerId: 'leader-zhou' });
    expect(p.case).toMatchObject({ escalationLevel: 2, leaderOwnerId: 'leader-zhou' });
    expect(p.case.escalations).toEqual([{ at: p.now, level: 2, reason: 'Repeated visits.', by: supervisor.id }]);
    expect(noticesOf(effects).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['officer', 'escalated', officer.id],
      ['leader', 'case_owned', 'leader-zhou'],
    ]);
    p.do({ type: 'escalate', reason: 'Minor.', level: 1 });
    expect(p.case.escalationLevel).toBe(2);
    expect(p.case.escalations.map((e) => e.level)).toEqual([2, 1]);
  });

  it('extension: requested by the officer, refused with a reason, then approved for fewer days', () => {
    const p = reach('in_handling');
    const requested = p.do({ type: 'requestExtension', days: 30, reason: 'Expert appraisal of the pipes.' });
    expect(p.case.pendingExtension).toEqual({ days: 30, reason: 'Expert appraisal of the pipes.', requestedAt: p.now, requestedBy: officer.id });
    expect(noticesOf(requested).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['supervisor:extension_requested']);
    expect(allowedActions(p.case)).toContain('decideExtension');
    expect(allowedActions(p.case)).not.toContain('requestExtension');

    const refused = p.do({ type: 'decideExtension', approve: false, reason: 'Appraisal can be done in time.' });
    expect(p.case.pendingExtension).toBeUndefined();
    expect(p.clock('handling').extensionDays).toBe(0);
    expect(p.lastEvent()).toMatchObject({ type: 'extension_refused' });
    expect(p.lastEvent().document).toBeUndefined();
    expect(noticesOf(refused).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([['officer', 'extension_refused', officer.id]]);
    expect(refused.some((e) => e.type === 'computeDueDates')).toBe(false);

    p.do({ type: 'requestExtension', days: 30, reason: 'The appraisal was delayed.' });
    const approved = p.do({ type: 'decideExtension', approve: true, days: 20 });
    expect(p.clock('handling').extensionDays).toBe(20);
    // Counted again from acceptance on 3 March: 80 days end on Friday 22 May.
    expect(p.clock('handling').dueDate).toBe('2026-05-22');
    expect(approved[0]).toEqual({ type: 'computeDueDates', clockIds: ['handling-1'] });
    expect(p.lastEvent()).toMatchObject({ type: 'extension_approved', document: 'extension', data: { days: 20, reason: 'The appraisal was delayed.' } });
    expect(noticesOf(approved).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:extension', 'officer:extension_approved']);
    expect(noticesOf(approved)[0]?.data).toMatchObject({ days: 20, reason: 'The appraisal was delayed.' });

    // 10 days are left of the 30: 11 is too many, 10 is fine, and then extensions are used up.
    expect(p.try({ type: 'requestExtension', days: 11, reason: 'more' })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'days' } });
    p.do({ type: 'requestExtension', days: 10, reason: 'more' });
    p.do({ type: 'decideExtension', approve: true });
    expect(p.clock('handling').extensionDays).toBe(30);
    expect(p.clock('handling').dueDate).toBe('2026-06-01');
    expect(allowedActions(p.case)).not.toContain('requestExtension');
    expect(p.try({ type: 'requestExtension', days: 1, reason: 'more' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
  });

  it('a reply drops an undecided extension request', () => {
    const p = reach('in_handling_extension_pending');
    p.do({ type: 'reply', ...OPINION });
    expect(p.case.pendingExtension).toBeUndefined();
  });

  it('zhejiang allows 60 extension days', () => {
    const p = reach('in_handling', { organisationId: 'zhejiang' });
    expect(p.try({ type: 'requestExtension', days: 61, reason: 'x' })).toMatchObject({ ok: false, refusal: { field: 'days', message: expect.stringContaining('60') } });
    p.do({ type: 'requestExtension', days: 60, reason: 'complex' });
  });

  it('pause and resume the review clock (hearing time is not counted)', () => {
    const p = reach('in_review');
    p.do({ type: 'pauseClock', reason: 'hearing' });
    expect(p.clock('reviewHandling').pauses).toEqual([{ from: p.now, reason: 'hearing', by: officer.id }]);
    expect(allowedActions(p.case)).toContain('resumeClock');
    p.advance(2 * DAY);
    p.do({ type: 'resumeClock' });
    expect(p.clock('reviewHandling')).toMatchObject({ pausedMs: 2 * DAY });
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

const ALL_COMMANDS: CommandType[] = [
  'accept', 'notAccept', 'route', 'objectRouting', 'assign', 'requestExtension', 'decideExtension', 'pauseClock',
  'resumeClock', 'reply', 'recordReturnVisit', 'evaluate', 'requestReview', 'issueReviewOpinion', 'requestReReview',
  'issueReReviewOpinion', 'withdraw', 'escalate', 'supervise', 'answerSupervision', 'reassign', 'linkRepeat',
];

/** A well-formed command of each type. */
function sample(type: CommandType, c: PetitionCase): Cmd {
  switch (type) {
    case 'accept': return { type };
    case 'notAccept': return { type, reason: 'Not ours.', redirectTo: 'the court' };
    case 'route': return { type, toUnitId: c.unitId === 'unit-planning' ? 'unit-water' : 'unit-planning', reason: 'Planning permits.' };
    case 'objectRouting': return { type, reason: 'Not ours.' };
    case 'assign': return { type, unitId: 'unit-housing', officerId: officer.id };
    case 'requestExtension': return { type, days: 10, reason: 'Complex.' };
    case 'decideExtension': return { type, approve: true };
    case 'pauseClock': return { type, reason: 'hearing' };
    case 'resumeClock': return { type };
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion': return { type, ...OPINION };
    case 'recordReturnVisit': return { type, outcome: 'satisfied', notes: 'Visited.' };
    case 'evaluate': return { type, rating: 'satisfied' };
    case 'requestReview': case 'requestReReview': return { type, reason: 'Unfair.' };
    case 'withdraw': return { type };
    case 'escalate': return { type, reason: 'Overdue.', level: 2 };
    case 'supervise': return { type, instruction: 'Report.' };
    case 'answerSupervision': return { type, noticeId: c.supervision.find((n) => !n.answeredAt)?.id ?? 'sup-1', answer: 'Done.' };
    case 'reassign': return { type, unitId: 'unit-planning', officerId: officer2.id };
    case 'linkRepeat': return { type, submissionId: 'sub-9', receivedAt: T0, channel: 'phone' };
  }
}

const ALWAYS: CommandType[] = ['escalate', 'supervise', 'withdraw', 'linkRepeat'];
const EXPECTED_ALLOWED: Record<Reachable, CommandType[]> = {
  registered: ['accept', 'notAccept', 'route', ...ALWAYS],
  routed: ['accept', 'notAccept', 'route', 'objectRouting', ...ALWAYS],
  routed_confirmed: ['accept', 'notAccept', 'route', ...ALWAYS],
  accepted: ['assign', 'reassign', ...ALWAYS],
  in_handling: ['reply', 'reassign', 'requestExtension', 'pauseClock', ...ALWAYS],
  in_handling_paused: ['reply', 'reassign', 'requestExtension', 'resumeClock', ...ALWAYS],
  in_handling_extension_pending: ['reply', 'reassign', 'decideExtension', 'pauseClock', ...ALWAYS],
  in_handling_supervised: ['reply', 'reassign', 'requestExtension', 'pauseClock', 'answerSupervision', ...ALWAYS],
  awaiting_evaluation: ['evaluate', ...ALWAYS],
  return_visit_required: ['recordReturnVisit', 'evaluate', ...ALWAYS],
  appeal_window: ['requestReview', ...ALWAYS],
  appeal_window_review: ['requestReReview', ...ALWAYS],
  in_review: ['issueReviewOpinion', 'reassign', 'pauseClock', ...ALWAYS],
  in_re_review: ['issueReReviewOpinion', 'reassign', 'pauseClock', ...ALWAYS],
  closed: [],
};
const STATES = Object.keys(EXPECTED_ALLOWED) as Reachable[];

describe('refusals', () => {
  describe.each(STATES)('in state %s', (state) => {
    const p = reach(state);
    const expected = EXPECTED_ALLOWED[state];

    it('allows exactly the expected actions', () => {
      expect([...allowedActions(p.case)].sort()).toEqual([...expected].sort());
      expect(viewCase(p.case, p.now).allowedActions).toEqual(allowedActions(p.case));
    });

    const refused = ALL_COMMANDS.filter((t) => !expected.includes(t));
    if (refused.length) {
      it.each(refused)('refuses %s with not_allowed, the allowed list and the case untouched', (type) => {
        const before = clone(p.case);
        const result = decide(p.case, withActor(sample(type, p.case)), p.now);
        if (result.ok) throw new Error(`${type} was accepted in ${state}`);
        expect(result.refusal.code).toBe('not_allowed');
        expect(result.refusal.message).toContain(`"${type}"`);
        expect(result.refusal.message).toContain(p.case.status === 'closed' ? 'closed (satisfied)' : `while the petition is ${p.case.status}`);
        expect([...result.allowedActions].sort()).toEqual([...expected].sort());
        expect(p.case).toEqual(before);
      });
    }

    if (expected.length) {
      it.each(expected)('accepts a well-formed %s without touching the input case', (type) => {
        const before = clone(p.case);
        const result = decide(p.case, withActor(sample(type, p.case)), plus(p.now, HOUR));
        if (!result.ok) throw new Error(`${type} refused in ${state}: ${result.refusal.message}`);
        expect(result.case.seq).toBeGreaterThan(before.seq);
        expect(p.case).toEqual(before);
      });
    }
  });

  const invalid: { state: Reachable; cmd: Cmd; field: string; why: string }[] = [
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 0, reason: 'x' }, field: 'days', why: 'zero days' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 31, reason: 'x' }, field: 'days', why: 'over the 30-day total' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 2.5, reason: 'x' }, field: 'days', why: 'not a whole number' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: -3, reason: 'x' }, field: 'days', why: 'negative' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: '5' as unknown as number, reason: 'x' }, field: 'days', why: 'a string' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 5, reason: '  ' }, field: 'reason', why: 'blank reason' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: false }, field: 'reason', why: 'refusal without a reason' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: true, days: 21 }, field: 'days', why: 'more than requested' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: true, days: 0 }, field: 'days', why: 'zero days approved' },
    { state: 'registered', cmd: { type: 'notAccept', reason: '', redirectTo: 'court' }, field: 'reason', why: 'empty reason' },
    { state: 'registered', cmd: { type: 'notAccept', reason: 'x' } as Cmd, field: 'redirectTo', why: 'no redirect' },
    { state: 'registered', cmd: { type: 'route', toUnitId: 'unit-office', reason: 'x' }, field: 'toUnitId', why: 'route to itself' },
    { state: 'registered', cmd: { type: 'route', toUnitId: 'unit-x', reason: '' }, field: 'reason', why: 'route without reason' },
    { state: 'registered', cmd: { type: 'accept', officerId: '' }, field: 'officerId', why: 'empty officer' },
    { state: 'routed', cmd: { type: 'objectRouting', reason: '' }, field: 'reason', why: 'objection without reason' },
    { state: 'accepted', cmd: { type: 'assign', unitId: 'unit-housing', officerId: '' }, field: 'officerId', why: 'no officer' },
    { state: 'accepted', cmd: { type: 'reassign', unitId: '', officerId: 'x' }, field: 'unitId', why: 'no unit' },
    { state: 'in_handling', cmd: { type: 'pauseClock', reason: '' }, field: 'reason', why: 'pause without reason' },
    { state: 'in_handling', cmd: { type: 'reply', ...OPINION, decision: 'maybe' as never }, field: 'decision', why: 'bad decision' },
    { state: 'in_handling', cmd: { type: 'reply', ...OPINION, legalBasis: '' }, field: 'legalBasis', why: 'no legal basis' },
    { state: 'in_review', cmd: { type: 'issueReviewOpinion', ...OPINION, facts: ' ' }, field: 'facts', why: 'no facts' },
    { state: 'in_re_review', cmd: { type: 'issueReReviewOpinion', ...OPINION, decision: undefined as never }, field: 'decision', why: 'no decision' },
    { state: 'awaiting_evaluation', cmd: { type: 'evaluate', rating: 'happy' as never }, field: 'rating', why: 'bad rating' },
    { state: 'return_visit_required', cmd: { type: 'recordReturnVisit', outcome: 'ok' as never, notes: 'x' }, field: 'outcome', why: 'bad outcome' },
    { state: 'return_visit_required', cmd: { type: 'recordReturnVisit', outcome: 'satisfied', notes: '' }, field: 'notes', why: 'no notes' },
    { state: 'appeal_window', cmd: { type: 'requestReview', reason: '' }, field: 'reason', why: 'review without reason' },
    { state: 'appeal_window_review', cmd: { type: 'requestReReview', reason: '' }, field: 'reason', why: 're-review without reason' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 4 }, field: 'level', why: 'level 4' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 0 }, field: 'level', why: 'level 0' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 1.5 }, field: 'level', why: 'level 1.5' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: '', level: 1 }, field: 'reason', why: 'escalation without reason' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: '' }, field: 'instruction', why: 'empty instruction' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: 'x', replyLimit: { days: 0, unit: 'calendar' } }, field: 'replyLimit', why: 'zero-day reply limit' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: 'x', replyLimit: { days: 5, unit: 'weeks' as never } }, field: 'replyLimit', why: 'unknown unit' },
    { state: 'in_handling_supervised', cmd: { type: 'answerSupervision', noticeId: 'sup-9', answer: 'x' }, field: 'noticeId', why: 'unknown notice' },
    { state: 'in_handling_supervised', cmd: { type: 'answerSupervision', noticeId: 'sup-1', answer: '' }, field: 'answer', why: 'empty answer' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: '', receivedAt: T0, channel: 'online' }, field: 'submissionId', why: 'no submission' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: 's', receivedAt: T0, channel: 'email' as never }, field: 'channel', why: 'unknown channel' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: 's', receivedAt: 'yesterday', channel: 'online' }, field: 'receivedAt', why: 'not a date' },
  ];
  it.each(invalid.map((x) => [x.why, x.cmd.type, x.field, x] as const))('%s: %s is invalid on field %s', (_why, _type, field, x) => {
    const p = reach(x.state);
    const before = clone(p.case);
    const result = p.try(x.cmd);
    expect(result).toMatchObject({ ok: false, refusal: { code: 'invalid', field } });
    if (result.ok) return;
    expect(result.refusal.message.length).toBeGreaterThan(10);
    expect([...result.allowedActions].sort()).toEqual([...EXPECTED_ALLOWED[x.state]].sort());
    expect(p.case).toEqual(before);
  });

  it('an answered supervision notice cannot be answered again', () => {
    const p = reach('in_handling_supervised');
    p.do({ type: 'supervise', instruction: 'Second notice.' });
    p.do({ type: 'answerSupervision', noticeId: 'sup-1', answer: 'Done.' });
    expect(p.try({ type: 'answerSupervision', noticeId: 'sup-1', answer: 'Again.' })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'noticeId' } });
    p.do({ type: 'answerSupervision', noticeId: 'sup-2', answer: 'Done too.' });
    expect(p.try({ type: 'answerSupervision', noticeId: 'sup-2', answer: 'x' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Timeline and documents
// ---------------------------------------------------------------------------------------------

const SHOWN: DocumentKind[] = [
  'registration', 'transfer', 'acceptance', 'non_acceptance', 'extension', 'reply', 'review_opinion', 're_review_opinion', 'closing',
];

function checkTimeline(c: PetitionCase): void {
  expect(c.timeline.map((e) => e.seq)).toEqual(c.timeline.map((_, i) => i + 1));
  expect(c.seq).toBe(c.timeline.length);
  for (let i = 1; i < c.timeline.length; i++) {
    expect(Date.parse(c.timeline[i]!.at)).toBeGreaterThanOrEqual(Date.parse(c.timeline[i - 1]!.at));
  }
  for (const e of c.timeline) {
    expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    if (e.document) expect(typeof e.at).toBe('string');
  }
}

describe('timeline: what the petitioner sees through the query code', () => {
  it('numbers every step 1, 2, 3 ... and dates every document, through a full review and re-review', () => {
    const p = new Petition();
    const steps: [Cmd, DocumentKind | undefined][] = [
      [{ type: 'route', toUnitId: 'unit-housing', reason: 'Housing.' }, 'transfer'],
      [{ type: 'objectRouting', reason: 'Not ours.' }, 'transfer'],
      [{ type: 'route', toUnitId: 'unit-planning', reason: 'Planning.' }, 'transfer'],
      [{ type: 'accept', officerId: officer2.id }, 'acceptance'],
      [{ type: 'requestExtension', days: 15, reason: 'Survey.' }, undefined],
      [{ type: 'decideExtension', approve: true }, 'extension'],
      [{ type: 'reply', ...OPINION }, 'reply'],
      [{ type: 'evaluate', rating: 'dissatisfied' }, undefined],
      [{ type: 'requestReview', reason: 'Unfair.' }, undefined],
      [{ type: 'issueReviewOpinion', ...OPINION }, 'review_opinion'],
      [{ type: 'evaluate', rating: 'dissatisfied' }, undefined],
      [{ type: 'requestReReview', reason: 'Still unfair.' }, undefined],
      [{ type: 'issueReReviewOpinion', ...OPINION }, 're_review_opinion'],
      [{ type: 'evaluate', rating: 'dissatisfied' }, 'closing'],
    ];
    const stepAt: Partial<Record<DocumentKind, string[]>> = { registration: [T0] };
    for (const [cmd, doc] of steps) {
      p.advance(DAY + 3 * HOUR);
      const effects = p.do(cmd);
      if (doc) (stepAt[doc] ??= []).push(p.now);
      // Each document the step issued is also sent to the petitioner, keyed by its event.
      for (const e of p.case.timeline.filter((x) => x.at === p.now && x.document)) {
        expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ key: `p-0001:${e.seq}:petitioner:${e.document}`, recipient: 'petitioner', kind: e.document }));
      }
    }
    checkTimeline(p.case);
    const docs = p.case.timeline.filter((e) => e.document);
    const byKind: Partial<Record<DocumentKind, string[]>> = {};
    for (const e of docs) (byKind[e.document!] ??= []).push(e.at);
    expect(byKind).toEqual(stepAt);
    expect(Object.keys(byKind).sort()).toEqual(SHOWN.filter((k) => k !== 'non_acceptance').sort());
    // Internal steps are not documents.
    for (const type of ['assigned', 'extension_requested', 'evaluated', 'review_requested', 're_review_requested']) {
      expect(p.events(type).length).toBeGreaterThan(0);
      expect(p.events(type).every((e) => e.document === undefined)).toBe(true);
    }
  });

  it('a non-acceptance notice is a dated document too', () => {
    const p = new Petition();
    p.advance(2 * DAY);
    p.do({ type: 'notAccept', reason: 'No.', redirectTo: 'arbitration commission' });
    checkTimeline(p.case);
    expect(p.case.timeline.filter((e) => e.document).map((e) => [e.document, e.at])).toEqual([
      ['registration', T0], ['non_acceptance', p.now], ['closing', p.now],
    ]);
  });

  it('a refused command adds nothing to the timeline', () => {
    const p = reach('in_handling');
    const seq = p.case.seq;
    expect(p.try({ type: 'evaluate', rating: 'satisfied' }).ok).toBe(false);
    expect(p.case.seq).toBe(seq);
  });
});

// ---------------------------------------------------------------------------------------------
// Mandatory satisfaction evaluation (property-style)
// ---------------------------------------------------------------------------------------------

const ANSWER_EVENTS = ['replied', 'review_opinion_issued', 're_review_opinion_issued'];
const RATING_EVENTS = ['evaluated', 'return_visit_recorded'];
const UNITS = ['unit-office', 'unit-housing', 'unit-planning', 'unit-water'];

/** A command of the given type with random, sometimes invalid, fields. */
function randomPayload(r: ReturnType<typeof rng>, type: CommandType, c: PetitionCase): Cmd {
  const text = () => (r.chance(0.05) ? '' : 'text');
  const rating = () => r.chance(0.03) ? ('meh' as never) : r.pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'dissatisfied'] as const);
  const opinion = { decision: r.chance(0.03) ? ('?' as never) : r.pick(['support', 'explain', 'not_support'] as const), facts: text(), legalBasis: 'law', text: 'reply' };
  switch (type) {
    case 'accept': return { type, ...(r.chance(0.5) ? { officerId: r.pick([officer.id, officer2.id]) } : {}), ...(r.chance(0.3) ? { unitId: r.pick(UNITS) } : {}) };
    case 'notAccept': return { type, reason: text(), redirectTo: 'court', legalProcedure: r.chance(0.5) };
    case 'route': return { type, toUnitId: r.pick(UNITS), reason: text() };
    case 'objectRouting': return { type, reason: text() };
    case 'assign': return { type, unitId: r.pick(UNITS), officerId: r.pick([officer.id, officer2.id]), ...(r.chance(0.2) ? { leaderOwnerId: 'leader-zhou' } : {}) };
    case 'reassign': return { type, unitId: r.pick(UNITS), officerId: r.pick([officer.id, officer2.id]) };
    case 'requestExtension': return { type, days: r.chance(0.1) ? 2.5 : r.int(40), reason: text() };
    case 'decideExtension': return r.chance(0.5) ? { type, approve: true, ...(r.chance(0.5) ? { days: r.int(35) } : {}) } : { type, approve: false, reason: text() };
    case 'pauseClock': return { type, reason: text() };
    case 'resumeClock': return { type };
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion': return { type, ...opinion };
    case 'recordReturnVisit': return { type, outcome: rating(), notes: text() };
    case 'evaluate': return { type, rating: rating() };
    case 'requestReview': case 'requestReReview': return { type, reason: text() };
    case 'withdraw': return { type };
    case 'escalate': return { type, reason: text(), level: r.int(5) };
    case 'supervise': return { type, instruction: text(), listed: r.chance(0.3), ...(r.chance(0.3) ? { replyLimit: { days: r.int(12), unit: r.pick(['calendar', 'working'] as const) } } : {}) };
    case 'answerSupervision': return { type, noticeId: r.chance(0.8) ? (c.supervision.find((n) => !n.answeredAt)?.id ?? 'sup-1') : 'sup-99', answer: text() };
    case 'linkRepeat': return { type, submissionId: text(), receivedAt: T0, channel: r.pick(['online', 'visit', 'email' as never]) };
  }
}

const CLOCK_OF_STATUS: Partial<Record<Status, string>> = {
  registered: 'acceptance', routed: 'acceptance', accepted: 'handling', in_handling: 'handling',
  awaiting_evaluation: 'evaluation', return_visit_required: 'returnVisit', in_review: 'reviewHandling', in_re_review: 'reReviewHandling',
};

/** What must hold after every step; returns the problems found. */
function violations(c: PetitionCase, now: string, afterTick: boolean): string[] {
  const out: string[] = [];
  const running = c.clocks.filter((k) => k.stoppedAt === undefined);
  if (c.timeline.some((e, i) => e.seq !== i + 1) || c.seq !== c.timeline.length) out.push('timeline seq not 1..n');
  if (c.status === 'closed') {
    if (running.length) out.push(`closed with running clocks ${running.map((k) => k.id).join(',')}`);
    if (!c.closingReason || !c.closedAt) out.push('closed without reason or date');
    const lastAnswer = [...c.timeline].reverse().find((e) => ANSWER_EVENTS.includes(e.type));
    if (lastAnswer && c.closingReason !== 'withdrawn') {
      const ratedAfter = c.timeline.some((e) => RATING_EVENTS.includes(e.type) && e.seq > lastAnswer.seq);
      const evaluation = c.evaluations[c.evaluations.length - 1];
      if (!ratedAfter || !evaluation || evaluation.stage !== c.stage || Date.parse(evaluation.at) < Date.parse(lastAnswer.at)) {
        out.push(`closed "${c.closingReason}" after ${lastAnswer.type} without an evaluation or return visit`);
      }
      if (c.closingReason === 'satisfied' && evaluation?.rating === 'dissatisfied') out.push('closed satisfied on a dissatisfied rating');
      if ((c.closingReason === 'final' || c.closingReason === 'appeal_window_lapsed') && evaluation?.rating !== 'dissatisfied') out.push(`closed ${c.closingReason} without dissatisfaction`);
    }
    if (!lastAnswer && !['withdrawn', 'not_accepted', 'legal_procedure'].includes(c.closingReason ?? '')) out.push(`closed "${c.closingReason}" without any answer`);
  } else {
    const kind = CLOCK_OF_STATUS[c.status];
    if (kind && running.filter((k) => k.kind === kind).length !== 1) out.push(`${c.status} without exactly one running ${kind} clock`);
    if (c.status === 'appeal_window') {
      const want = c.stage === 'handling' ? 'reviewRequest' : 'reReviewRequest';
      if (running.filter((k) => k.kind === want).length !== 1) out.push(`appeal_window (${c.stage}) without a running ${want} clock`);
    }
    if (c.status === 'routed' && running.some((k) => k.kind === 'objection') !== allowedActions(c).includes('objectRouting')) out.push('objection clock and objectRouting disagree');
    const kinds = running.filter((k) => k.kind !== 'supervisionReply').map((k) => k.kind);
    if (new Set(kinds).size !== kinds.length) out.push(`two running clocks of one kind: ${kinds.join(',')}`);
    const open = c.supervision.filter((n) => !n.answeredAt).map((n) => n.clockId).sort();
    const supClocks = running.filter((k) => k.kind === 'supervisionReply').map((k) => k.id).sort();
    if (JSON.stringify(open) !== JSON.stringify(supClocks)) out.push('open supervision notices and their clocks disagree');
  }
  if (c.escalationLevel < Math.max(0, ...c.escalations.map((e) => e.level)) || c.escalationLevel > 3) out.push('escalation level out of step');
  if (c.clocks.some((k) => k.pauses.filter((x) => x.to === undefined).length > 1)) out.push('two open pauses');
  if (c.clocks.some((k) => k.stoppedAt === undefined && k.dueAt === undefined)) out.push('a running clock without its due date');
  if (afterTick) {
    const wake = nextWakeAt(c);
    if (wake !== undefined && wake <= Date.parse(now)) out.push('tick left a due marker unhandled');
  }
  return out;
}

describe('mandatory satisfaction evaluation (property over random command sequences)', () => {
  it('no replied case closes without a rating or return visit after the last answer, except by withdrawal', () => {
    const reasons = new Map<string, number>();
    const visited = new Set<string>();
    const keys = new Set<string>();
    let refusedUnchanged = 0;
    const failures: string[] = [];

    for (let seed = 1; seed <= 400 && failures.length === 0; seed++) {
      const r = rng(seed);
      const p = new Petition({ id: `p-${seed}`, organisationId: r.chance(0.3) ? 'zhejiang' : 'national' });
      const log: string[] = [];
      for (const n of p.notices) keys.add(n.key);
      for (let step = 0; step < 80 && p.case.status !== 'closed'; step++) {
        visited.add(p.case.status);
        const before = JSON.stringify(p.case);
        const roll = r.next();
        let afterTick = false;
        let effects: Effect[] = [];
        if (roll < 0.6) {
          p.advance(r.int(3 * DAY));
          const allowed = allowedActions(p.case);
          const pool = r.chance(0.9) ? allowed.filter((t) => t !== 'withdraw' || r.chance(0.1)) : ALL_COMMANDS;
          const type = r.pick(pool.length ? pool : ALL_COMMANDS);
          const cmd = withActor(randomPayload(r, type, p.case));
          const result = decide(p.case, cmd, p.now);
          log.push(`${p.now} ${type}${result.ok ? '' : ` refused ${result.refusal.code}`}`);
          if (JSON.stringify(p.case) !== before) failures.push(`seed ${seed}: decide changed its input`);
          if (!result.ok) {
            refusedUnchanged++;
            continue;
          }
          effects = result.effects;
          p.effects.push(...result.effects);
          p.case = applyAnswers(result.case, result.effects);
        } else {
          const wake = nextWakeAt(p.case);
          const to = roll < 0.85 && wake !== undefined ? Math.max(wake + r.int(2 * HOUR), Date.parse(p.now)) : Date.parse(p.now) + r.int(20 * DAY);
          p.advance(new Date(to).toISOString());
          const input = p.case;
          const t = tick(input, p.now);
          if (JSON.stringify(input) !== before) failures.push(`seed ${seed}: tick changed its input`);
          log.push(`${p.now} tick${t.changed ? '' : ' (nothing)'}`);
          if (t.changed) {
            effects = t.effects;
            p.effects.push(...t.effects);
            p.case = applyAnswers(t.case, t.effects);
          }
          afterTick = true;
        }
        for (const n of noticesOf(effects)) {
          if (keys.has(n.key)) failures.push(`seed ${seed}: notice key ${n.key} used twice`);
          keys.add(n.key);
        }
        const problems = violations(p.case, p.now, afterTick);
        if (problems.length) failures.push(`seed ${seed} step ${step}: ${problems.join('; ')}\n  ${log.slice(-12).join('\n  ')}`);
        if (failures.length) break;
      }
      if (p.case.status === 'closed') reasons.set(p.case.closingReason!, (reasons.get(p.case.closingReason!) ?? 0) + 1);
    }

    expect(failures).toEqual([]);
    // The walk really went everywhere: every state and every way of closing was reached.
    expect([...visited].sort()).toEqual(['accepted', 'appeal_window', 'awaiting_evaluation', 'in_handling', 'in_re_review', 'in_review', 'registered', 'return_visit_required', 'routed']);
    expect([...reasons.keys()].sort()).toEqual(['appeal_window_lapsed', 'final', 'legal_procedure', 'not_accepted', 'satisfied', 'withdrawn']);
    expect(refusedUnchanged).toBeGreaterThan(100);
  });
});
