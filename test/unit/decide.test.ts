// The petition state machine as a petition office sees it: every transition, every refusal, the
// documents the petitioner is shown, and the rule that satisfaction is always recorded before closing.
// Cases run on rules 2 (issue 10); what petitions recorded under the first release replay on is in
// rules1.test.ts, and the statutory rules one by one in statutory*.test.ts.
import {
  allowedActions, decide, nextWakeAt, tick, viewCase,
  type CommandType, type DocumentKind, type Effect, type PetitionCase, type Status,
} from '../../src/domain';
import {
  DAY, HOUR, OPINION, Petition, T0, citizen, intake, noticesOf, officer, officer2, plus, reach, reReviewer, reviewer,
  rng, runEffects, supervisor, withActor,
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
  it('register -> accept -> assign -> reply (delivered online) -> satisfied -> the review window lapses -> closed', () => {
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
    expect(p.case.reply).toEqual({ ...OPINION, issuedAt: p.now, by: officer.id, unitId: 'unit-housing' });
    expect(p.clock('handling')).toMatchObject({ stoppedAt: p.now, outcome: 'met' });
    // Online, the reply is delivered (送达) when issued: the rating window and the 30-day review window (W35) run from it.
    expect(p.case.deliveries).toEqual([{ stage: 'handling', at: p.now, method: 'online', recordedBy: officer.id }]);
    expect(p.clock('evaluation')).toMatchObject({ startedAt: p.now, limit: { days: 7, unit: 'calendar' } });
    expect(p.clock('evaluation').dueAt).toBeDefined();
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: p.now, limit: { days: 30, unit: 'calendar' }, dueDate: '2026-04-23' });
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['replied', 'reply'], ['delivered', undefined]]);
    expect(p.events('replied')[0]?.data).toEqual({ decision: 'support', legalBasis: OPINION.legalBasis, unitId: 'unit-housing', clockId: 'handling-1', onTime: true });
    expect(noticesOf(replied)).toEqual([expect.objectContaining({ recipient: 'petitioner', kind: 'reply', data: expect.objectContaining({ decision: 'support' }) })]);
    expect(allowedActions(p.case)).not.toContain('reply');
    expect(allowedActions(p.case)).toEqual(expect.arrayContaining(['evaluate', 'requestReview']));

    p.advance(2 * DAY);
    const rated = p.do({ type: 'evaluate', rating: 'satisfied', comment: 'Repaired quickly.' });
    // The rating is recorded and counted; the right to a review does not depend on it.
    expect(p.case).toMatchObject({ status: 'appeal_window', stage: 'handling' });
    expect(p.case.evaluations).toEqual([{ stage: 'handling', rating: 'satisfied', via: 'petitioner', at: p.now, by: citizen.id, comment: 'Repaired quickly.' }]);
    expect(p.clock('evaluation').outcome).toBe('met');
    expect(kindsOf(p)).toEqual(['reviewRequest']);
    expect(allowedActions(p.case)).toContain('requestReview');
    // The petitioner rated it themselves: no "rating recorded" notice to them.
    expect(noticesOf(rated)).toEqual([]);
    const windowDue = p.clock('reviewRequest').dueAt!;
    expect(nextWakeAt(p.case)).toBe(Date.parse(windowDue) + 1);

    p.tick(plus(windowDue, 1));
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed', closedAt: p.now });
    expect(p.clock('reviewRequest').outcome).toBe('lapsed');
    expect(p.runningClocks()).toEqual([]);
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['appeal_window_lapsed', undefined], ['closed', 'closing']]);
    expect(allowedActions(p.case)).toEqual([]);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });

  it('"basically satisfied" is recorded and counted like any rating; the case stays open for the review window', () => {
    const p = reach('awaiting_evaluation');
    p.do({ type: 'evaluate', rating: 'basically_satisfied' });
    expect(p.case).toMatchObject({ status: 'appeal_window' });
    expect(p.case.evaluations.map((e) => e.rating)).toEqual(['basically_satisfied']);
    expect(allowedActions(p.case, p.now)).toContain('requestReview');
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


  it('route -> routed (objection window; the one acceptance clock moves on) -> objection decided by the routing office -> accept', () => {
    const p = new Petition();
    p.advance(DAY);
    const routed = p.do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing repairs belong to the housing bureau.' });
    expect(p.case).toMatchObject({ status: 'routed', unitId: 'unit-housing', previousUnitId: 'unit-office' });
    // W22: the 15 days run from the first office's receipt; the receiving unit takes over that clock.
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-1', unitId: 'unit-housing', startedAt: T0, dueDate: '2026-03-17' });
    expect(p.clock('acceptance').stoppedAt).toBeUndefined();
    // The receiving unit has 5 working days to object (Wed 4 .. Tue 10 March, W23).
    expect(p.clock('objection')).toMatchObject({ unitId: 'unit-housing', limit: { days: 5, unit: 'working' }, dueDate: '2026-03-10' });
    expect(kindsOf(p)).toEqual(['acceptance', 'objection']);
    expect(p.lastEvent()).toMatchObject({ type: 'routed', document: 'transfer', data: { fromUnitId: 'unit-office', toUnitId: 'unit-housing' } });
    expect(noticesOf(routed).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['petitioner', 'transfer', undefined],
      ['unit', 'petition_routed', 'unit-housing'],
    ]);
    expect(allowedActions(p.case)).toContain('objectRouting');

    p.advance(2 * DAY);
    const objected = p.do({ type: 'objectRouting', reason: 'Building 3 is a private estate.', actor: officer });
    // An objection is a request: the case stays with the objecting unit until the routing office decides.
    expect(p.case).toMatchObject({
      status: 'routed', unitId: 'unit-housing',
      pendingObjection: { reason: 'Building 3 is a private estate.', at: p.now, by: officer.id, unitId: 'unit-housing', routingUnitId: 'unit-office' },
    });
    expect(p.clock('objection')).toMatchObject({ outcome: 'met', stoppedAt: p.now });
    expect(p.lastEvent()).toMatchObject({ type: 'routing_objection_raised', data: { unitId: 'unit-housing', routingUnitId: 'unit-office' } });
    expect(p.lastEvent().document).toBeUndefined();
    expect(noticesOf(objected).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([['unit', 'routing_objection', 'unit-office']]);
    expect(allowedActions(p.case, p.now)).toContain('decideObjection');
    expect(allowedActions(p.case, p.now)).not.toContain('accept');

    p.advance(DAY);
    const upheld = p.do({ type: 'decideObjection', uphold: true, reason: 'Agreed: a private estate.' });
    expect(p.case).toMatchObject({ status: 'registered', unitId: 'unit-office', previousUnitId: 'unit-housing' });
    expect(p.case.pendingObjection).toBeUndefined();
    // Still the one clock, from the first receipt, now held by the office again.
    expect(p.case.clocks.filter((k) => k.kind === 'acceptance').map((k) => [k.id, k.unitId, k.startedAt, k.stoppedAt])).toEqual([['acceptance-1', 'unit-office', T0, undefined]]);
    // Back with the first unit: the petitioner's tracking page shows where the matter is now.
    expect(p.lastEvent()).toMatchObject({ type: 'routing_objection_upheld', document: 'transfer', data: { fromUnitId: 'unit-housing', toUnitId: 'unit-office' } });
    expect(noticesOf(upheld).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
      ['petitioner', 'transfer', undefined],
      ['unit', 'routing_objection_upheld', 'unit-office'],
    ]);

    p.advance(DAY);
    p.do({ type: 'accept' });
    expect(p.case).toMatchObject({ status: 'accepted', unitId: 'unit-office' });
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-1', outcome: 'met' });
  });

  it('route, then the objection window lapses: routing confirmed, no objection any more, the receiving unit accepts', () => {
    const p = reach('routed');
    const due = p.clock('objection').dueAt!;
    // The window's last instant still belongs to it (the acceptance clock's warning falls before it); it lapses at the next one.
    p.tick(due);
    expect(p.clock('objection').stoppedAt).toBeUndefined();
    expect(p.events('routing_confirmed')).toEqual([]);
    const t = p.tick(plus(due, 1));
    expect(t.changed).toBe(true);
    expect(p.case.status).toBe('routed');
    expect(p.clock('objection')).toMatchObject({ outcome: 'lapsed', stoppedAt: plus(due, 1) });
    expect(p.lastEvent()).toMatchObject({ type: 'routing_confirmed', actor: 'system', data: { unitId: 'unit-housing' } });
    expect(p.clock('acceptance').stoppedAt).toBeUndefined();

    const refused = p.try({ type: 'objectRouting', reason: 'too late', actor: officer });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('objection window') } });
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


  it('reply -> no rating in time -> return visit required -> recordReturnVisit records it; the review window still runs', () => {
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
    // The rating window is closed; the review window (30 days from delivery) is not.
    expect(allowedActions(p.case, p.now)).toEqual(expect.arrayContaining(['recordReturnVisit', 'requestReview']));
    expect(allowedActions(p.case, p.now)).not.toContain('evaluate');

    p.advance(3 * DAY);
    const visited = p.do({ type: 'recordReturnVisit', outcome: 'basically_satisfied', notes: 'Visited on site; heating works.' });
    expect(p.case).toMatchObject({ status: 'appeal_window' });
    expect(p.case.evaluations).toEqual([
      { stage: 'handling', rating: 'basically_satisfied', via: 'return_visit', at: p.now, by: officer.id, comment: 'Visited on site; heating works.' },
    ]);
    expect(p.clock('returnVisit').outcome).toBe('met');
    expect(p.lastEvent().type).toBe('return_visit_recorded');
    // Recorded on the petitioner's behalf: they are told what was recorded.
    expect(noticesOf(visited).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:rating_recorded']);
    expect(noticesOf(visited)[0]?.data).toMatchObject({ rating: 'basically_satisfied', stage: 'handling' });

    p.tick(plus(p.clock('reviewRequest').dueAt!, 1));
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
  });

  it('a rating after the rating window has closed is refused; the officer\'s return visit records it', () => {
    const p = reach('return_visit_required');
    expect(p.try({ type: 'evaluate', rating: 'dissatisfied' })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining(`rating window closed on ${p.clock('evaluation').dueDate}`) },
    });
    p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'Still cold; will ask for a review.' });
    expect(p.case.status).toBe('appeal_window');
    expect(p.clock('returnVisit').outcome).toBe('met');
    expect(p.case.evaluations.map((e) => e.via)).toEqual(['return_visit']);
  });

  it('a dissatisfied return visit leaves the review window open, still counted from the delivery', () => {
    const p = reach('return_visit_required');
    p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'Still cold.' });
    expect(p.case.status).toBe('appeal_window');
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: p.case.deliveries![0]!.at });
    expect(p.clock('reviewRequest').stoppedAt).toBeUndefined();
  });

  it('dissatisfied -> review (复查) one level up -> opinion -> dissatisfied -> re-review (复核) above that -> opinion -> rated: closed "final"', () => {
    const p = reach('awaiting_evaluation');
    const repliedAt = p.case.reply!.issuedAt;
    p.advance(DAY);
    p.do({ type: 'evaluate', rating: 'dissatisfied', comment: 'Only half repaired.' });
    expect(p.case).toMatchObject({ status: 'appeal_window', stage: 'handling' });
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: repliedAt, limit: { days: 30, unit: 'calendar' } });
    expect(allowedActions(p.case)).toContain('requestReview');
    expect(allowedActions(p.case)).not.toContain('requestReReview');

    p.advance(5 * DAY);
    const review = p.do({ type: 'requestReview', reason: 'The repair is incomplete.' });
    expect(p.case.status).toBe('in_review');
    expect(p.case.appeals).toEqual([{ stage: 'review', at: p.now, reason: 'The repair is incomplete.' }]);
    expect(p.clock('reviewRequest').outcome).toBe('met');
    // W35: the unit above the one that replied reviews it; the replying officer is off the case.
    expect(review).toContainEqual({ type: 'resolveReviewBody', stage: 'review', fromUnitId: 'unit-housing' });
    expect(p.case).toMatchObject({ unitId: 'unit-office', previousUnitId: 'unit-housing' });
    expect(p.case.officerId).toBeUndefined();
    expect(p.clock('reviewHandling')).toMatchObject({ startedAt: p.now, unitId: 'unit-office', limit: { days: 30, unit: 'calendar' } });
    expect(p.events().slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['review_requested', { reason: 'The repair is incomplete.' }],
      ['review_body_assigned', { stage: 'review', unitId: 'unit-office', fromUnitId: 'unit-housing', via: 'parent' }],
    ]);
    expect(noticesOf(review).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['supervisor:review_requested']);
    expect(p.notices.slice(-1).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([['unit', 'review_assigned', 'unit-office']]);
    expect(p.try({ type: 'issueReviewOpinion', ...OPINION, actor: officer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });

    p.advance(10 * DAY);
    p.do({ type: 'issueReviewOpinion', ...OPINION, decision: 'explain', actor: reviewer });
    expect(p.case).toMatchObject({ status: 'awaiting_evaluation', stage: 'review' });
    expect(p.case.reviewOpinion).toMatchObject({ decision: 'explain', issuedAt: p.now, by: reviewer.id, unitId: 'unit-office' });
    expect(p.clock('reviewHandling').outcome).toBe('met');
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['review_opinion_issued', 'review_opinion'], ['delivered', undefined]]);
    // The re-review window (W36) runs from the opinion's delivery.
    expect(p.clock('reReviewRequest')).toMatchObject({ startedAt: p.now, limit: { days: 30, unit: 'calendar' } });

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
    // The office has no unit above it: the policy names the re-review body (W36).
    expect(p.case.unitId).toBe('petition-office');
    expect(p.clock('reReviewHandling')).toMatchObject({ unitId: 'petition-office' });
    expect(p.lastEvent()).toMatchObject({ type: 'review_body_assigned', data: { stage: 're_review', unitId: 'petition-office', fromUnitId: 'unit-office', via: 'policy' } });
    expect(p.try({ type: 'issueReReviewOpinion', ...OPINION, actor: reviewer })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });

    p.advance(DAY);
    p.do({ type: 'issueReReviewOpinion', ...OPINION, decision: 'not_support', actor: reReviewer });
    expect(p.case).toMatchObject({ status: 'awaiting_evaluation', stage: 're_review' });
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['re_review_opinion_issued', 're_review_opinion'], ['delivered', undefined]]);
    // Nothing follows a re-review: no further appeal window.
    expect(kindsOf(p)).toEqual(['evaluation']);

    p.advance(DAY);
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final' });
    expect(p.case.evaluations.map((e) => `${e.stage}:${e.rating}`)).toEqual(['handling:dissatisfied', 'review:dissatisfied', 're_review:dissatisfied']);
    expect(p.runningClocks()).toEqual([]);
    expect(allowedActions(p.case)).toEqual([]);
  });

  it('a rating of the re-review opinion, satisfied or not, closes the case as final (W36)', () => {
    const p = reach('in_re_review');
    p.do({ type: 'issueReReviewOpinion', ...OPINION });
    p.do({ type: 'evaluate', rating: 'satisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final', stage: 're_review' });
    expect(p.case.evaluations.slice(-1).map((e) => e.rating)).toEqual(['satisfied']);
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

  const closesAtOnce: Reachable[] = [
    'registered', 'routed', 'routed_objected', 'accepted', 'in_handling', 'in_handling_extension_pending',
    'appeal_window', 'appeal_window_satisfied', 'in_review', 'in_re_review', 'in_re_review_pause_pending', 'in_re_review_paused',
  ];
  it.each(closesAtOnce)('withdrawal (撤回) from %s closes as "withdrawn" and cancels every running clock', (state) => {
    const p = reach(state);
    const running = p.runningClocks().map((k) => k.id);
    expect(running.length).toBeGreaterThan(0);
    p.advance(HOUR);
    const effects = p.do({ type: 'withdraw', reason: 'Resolved privately.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn', closedAt: p.now });
    expect(p.case.pendingExtension).toBeUndefined();
    expect(p.case.pendingPause).toBeUndefined();
    expect(p.case.pendingObjection).toBeUndefined();
    expect(p.runningClocks()).toEqual([]);
    for (const id of running) expect(p.case.clocks.find((k) => k.id === id)).toMatchObject({ outcome: 'cancelled', stoppedAt: p.now });
    expect(p.case.clocks.every((k) => k.pauses.every((x) => x.to !== undefined))).toBe(true);
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['withdrawn', undefined], ['closed', 'closing']]);
    expect(p.events('withdrawn')[0]?.data).toEqual({ reason: 'Resolved privately.' });
    expect(noticesOf(effects).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:closing']);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });

  it('withdrawal under supervision waits for a supervisor; approved, it closes and the notice stays open', () => {
    const p = reach('in_handling_supervised');
    const asked = p.do({ type: 'withdraw', reason: 'Resolved privately.' });
    expect(p.case).toMatchObject({ status: 'in_handling', pendingWithdrawal: { reason: 'Resolved privately.', at: p.now, by: citizen.id } });
    expect(p.lastEvent()).toMatchObject({ type: 'withdrawal_requested', data: { reason: 'Resolved privately.' } });
    expect(noticesOf(asked).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['supervisor:withdrawal_requested']);
    p.advance(HOUR);
    p.do({ type: 'decideWithdrawal', approve: true });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
    expect(p.events('withdrawn')[0]?.data).toEqual({ reason: 'Resolved privately.', approvedBy: supervisor.id });
    expect(p.clock('handling').outcome).toBe('cancelled');
    expect(kindsOf(p)).toEqual(['supervisionReply']);
  });

  it.each(['awaiting_evaluation', 'return_visit_required'] as const)('withdrawal from %s (answered, not rated) still waits for the return visit', (state) => {
    const p = reach(state);
    p.advance(HOUR);
    p.do({ type: 'withdraw', reason: 'Moved away.' });
    expect(p.case).toMatchObject({ status: 'return_visit_required', withdrawal: { reason: 'Moved away.', by: citizen.id } });
    expect(kindsOf(p)).toEqual(['returnVisit']);
    expect(allowedActions(p.case, p.now)).not.toContain('requestReview');
    p.advance(DAY);
    p.do({ type: 'recordReturnVisit', outcome: 'satisfied', notes: 'Confirmed the withdrawal by phone.' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
    expect(p.case.evaluations.map((e) => e.via)).toEqual(['return_visit']);
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
    // An escalation "to" a level not above the current one is refused, not recorded.
    expect(p.try({ type: 'escalate', reason: 'Minor.', level: 1 })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('already at escalation level 2') } });
    expect(p.try({ type: 'escalate', reason: 'Again.', level: 2 })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    p.do({ type: 'escalate', reason: 'The leadership takes it.', level: 3 });
    expect(p.case.escalations.map((e) => e.level)).toEqual([2, 3]);
    expect(allowedActions(p.case, p.now)).not.toContain('escalate');
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
    // Counted again from acceptance on 3 March (W34): 80 days end on Friday 22 May.
    expect(p.clock('handling').dueDate).toBe('2026-05-22');
    expect(approved[0]).toEqual({ type: 'computeDueDates', clockIds: ['handling-1'] });
    expect(p.lastEvent()).toMatchObject({ type: 'extension_approved', document: 'extension', data: { days: 20, reason: 'The appraisal was delayed.' } });
    expect(noticesOf(approved).map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:extension', 'officer:extension_approved']);
    expect(noticesOf(approved)[0]?.data).toMatchObject({ days: 20, reason: 'The appraisal was delayed.' });

    // 10 days are left of the 30: 11 is refused with the numbers, 10 is fine, and then extensions are used up.
    expect(p.try({ type: 'requestExtension', days: 11, reason: 'more' })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('11 extension days asked, 10 remain of the 30') },
    });
    p.do({ type: 'requestExtension', days: 10, reason: 'more' });
    p.do({ type: 'decideExtension', approve: true });
    expect(p.clock('handling').extensionDays).toBe(30);
    expect(p.clock('handling').dueDate).toBe('2026-06-01');
    expect(allowedActions(p.case)).not.toContain('requestExtension');
    expect(p.try({ type: 'requestExtension', days: 1, reason: 'more' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('all 30 extension days are used') } });
  });

  it('a reply closes an undecided extension request where the supervisor sees it', () => {
    const p = reach('in_handling_extension_pending');
    const effects = p.do({ type: 'reply', ...OPINION });
    expect(p.case.pendingExtension).toBeUndefined();
    expect(p.events('extension_request_closed').map((e) => e.data)).toEqual([{ days: 20, requestedBy: officer.id, why: 'answered' }]);
    expect(noticesOf(effects).map((n) => `${n.recipient}:${n.kind}`)).toContain('supervisor:extension_request_closed');
  });

  it('zhejiang allows 60 extension days', () => {
    const p = reach('in_handling', { organisationId: 'zhejiang' });
    expect(p.try({ type: 'requestExtension', days: 61, reason: 'x' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('of the 60 allowed') } });
    p.do({ type: 'requestExtension', days: 60, reason: 'complex' });
  });

  it('a hearing pause of the re-review clock (W36): asked by the officer, approved by a supervisor, resumed by the officer', () => {
    const p = reach('in_re_review');
    p.do({ type: 'requestPause', days: 5, reason: 'hearing (听证)', actor: reReviewer });
    expect(p.case.pendingPause).toEqual({ clockId: 'reReviewHandling-1', days: 5, reason: 'hearing (听证)', requestedAt: p.now, requestedBy: reReviewer.id });
    expect(allowedActions(p.case, p.now)).toContain('decidePause');
    p.advance(HOUR);
    p.do({ type: 'decidePause', approve: true });
    const pausedAt = p.now;
    expect(p.clock('reReviewHandling').pauses).toEqual([{ from: pausedAt, reason: 'hearing (听证)', by: reReviewer.id, approvedBy: supervisor.id, days: 5, until: plus(pausedAt, 5 * DAY) }]);
    expect(allowedActions(p.case, p.now)).toContain('resumeClock');
    p.advance(2 * DAY);
    p.do({ type: 'resumeClock', actor: reReviewer });
    expect(p.clock('reReviewHandling')).toMatchObject({ pausedMs: 2 * DAY });
    expect(p.clock('reReviewHandling').pauses[0]?.to).toBe(p.now);
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

/** Every command there is on rules 2 (pauseClock is the first release's: refused everywhere). */
const ALL_COMMANDS: CommandType[] = [
  'accept', 'notAccept', 'route', 'objectRouting', 'decideObjection', 'assign', 'requestExtension', 'decideExtension',
  'requestPause', 'decidePause', 'pauseClock', 'resumeClock', 'reply', 'recordDelivery', 'recordReturnVisit', 'evaluate',
  'requestReview', 'issueReviewOpinion', 'requestReReview', 'issueReReviewOpinion', 'withdraw', 'decideWithdrawal',
  'escalate', 'supervise', 'answerSupervision', 'reassign', 'linkRepeat', 'recomputeDueDates', 'reopen',
];

/** A well-formed command of each type, with an actor who may send it. */
function sample(type: CommandType, c: PetitionCase, now: string): Cmd {
  switch (type) {
    case 'accept': return { type };
    case 'notAccept': return { type, reason: 'Not ours.', redirectTo: 'the court' };
    case 'route': return { type, toUnitId: c.unitId === 'unit-planning' ? 'unit-water' : 'unit-planning', reason: 'Planning permits.' };
    case 'objectRouting': return { type, reason: 'Not ours.', actor: officer };
    case 'decideObjection': return { type, uphold: true, reason: 'Agreed.' };
    case 'assign': return { type, unitId: c.unitId ?? 'unit-housing', officerId: officer2.id };
    case 'requestExtension': return { type, days: 10, reason: 'Complex.' };
    case 'decideExtension': return { type, approve: true };
    case 'requestPause': return { type, days: 3, reason: 'hearing', actor: reReviewer };
    case 'decidePause': return { type, approve: true };
    case 'pauseClock': return { type, reason: 'hearing' };
    case 'resumeClock': return { type, actor: reReviewer };
    case 'reply': return { type, ...OPINION };
    case 'issueReviewOpinion': return { type, ...OPINION, actor: reviewer };
    case 'issueReReviewOpinion': return { type, ...OPINION, actor: reReviewer };
    case 'recordDelivery': return { type, deliveredAt: now, method: 'post' };
    case 'recordReturnVisit': return { type, outcome: 'satisfied', notes: 'Visited.' };
    case 'evaluate': return { type, rating: 'satisfied' };
    case 'requestReview': case 'requestReReview': return { type, reason: 'Unfair.' };
    case 'withdraw': return { type, reason: 'Settled.' };
    case 'decideWithdrawal': return { type, approve: true };
    case 'escalate': return { type, reason: 'Overdue.', level: Math.min(3, c.escalationLevel + 1) };
    case 'supervise': return { type, instruction: 'Report.' };
    case 'answerSupervision': return { type, noticeId: c.supervision.find((n) => !n.answeredAt)?.id ?? 'sup-1', answer: 'Done.' };
    case 'reassign': return { type, unitId: 'unit-planning', officerId: officer2.id };
    case 'linkRepeat': return { type, submissionId: 'sub-9', receivedAt: T0, channel: 'phone' };
    case 'recomputeDueDates': return { type, reason: 'The 2027 arrangement was published.', calendarYears: ['2027'] };
    case 'reopen': return { type, reason: 'The withdrawal was recorded on the wrong case.' };
  }
}

/** Open cases accept these in every state (escalate while below the highest level). */
const ALWAYS: CommandType[] = ['escalate', 'supervise', 'linkRepeat', 'recomputeDueDates'];
const EXPECTED_ALLOWED: Record<Reachable, CommandType[]> = {
  registered: ['accept', 'notAccept', 'route', 'withdraw', ...ALWAYS],
  routed: ['accept', 'notAccept', 'route', 'objectRouting', 'withdraw', ...ALWAYS],
  routed_confirmed: ['accept', 'notAccept', 'route', 'withdraw', ...ALWAYS],
  // An objection waits for the routing office: nothing else moves the case meanwhile (W23).
  routed_objected: ['decideObjection', 'withdraw', ...ALWAYS],
  accepted: ['assign', 'reassign', 'withdraw', ...ALWAYS],
  // The handling clock cannot be paused at all (only the re-review clock, W36).
  in_handling: ['reply', 'reassign', 'requestExtension', 'withdraw', ...ALWAYS],
  in_handling_extension_pending: ['reply', 'reassign', 'decideExtension', 'withdraw', ...ALWAYS],
  in_handling_supervised: ['reply', 'reassign', 'requestExtension', 'answerSupervision', 'withdraw', ...ALWAYS],
  // Past its due date: no extension any more (W34).
  in_handling_breached: ['reply', 'reassign', 'withdraw', ...ALWAYS],
  in_handling_withdrawal_pending: ['reply', 'reassign', 'requestExtension', 'decideWithdrawal', ...ALWAYS],
  awaiting_delivery: ['recordDelivery', 'withdraw', ...ALWAYS],
  // The review may be asked for before, with or after the rating (W35).
  awaiting_evaluation: ['evaluate', 'requestReview', 'withdraw', ...ALWAYS],
  awaiting_evaluation_review: ['evaluate', 'requestReReview', 'withdraw', ...ALWAYS],
  return_visit_required: ['recordReturnVisit', 'requestReview', 'withdraw', ...ALWAYS],
  return_visit_after_withdrawal: ['recordReturnVisit', ...ALWAYS],
  appeal_window: ['requestReview', 'withdraw', ...ALWAYS],
  appeal_window_satisfied: ['requestReview', 'withdraw', ...ALWAYS],
  appeal_window_review: ['requestReReview', 'withdraw', ...ALWAYS],
  // The review body assigns its own officer.
  in_review: ['issueReviewOpinion', 'assign', 'reassign', 'withdraw', ...ALWAYS],
  in_re_review: ['issueReReviewOpinion', 'assign', 'reassign', 'requestPause', 'withdraw', ...ALWAYS],
  in_re_review_pause_pending: ['issueReReviewOpinion', 'assign', 'reassign', 'decidePause', 'withdraw', ...ALWAYS],
  in_re_review_paused: ['issueReReviewOpinion', 'assign', 'reassign', 'resumeClock', 'withdraw', ...ALWAYS],
  closed: [],
  // A supervision notice is answered even after the case closed (T36); its clock may still be recounted.
  // ... and a withdrawal recorded wrongly is corrected by reopening the case (纠错).
  closed_supervised: ['answerSupervision', 'recomputeDueDates', 'reopen'],
};
const STATES = Object.keys(EXPECTED_ALLOWED) as Reachable[];

/** The precise reasons rules 2 gives instead of the generic "not allowed while …". */
const PRECISE_REASON = /\) closed on|window closed on|period ended on|cannot be paused|extension days are used|highest escalation level|already recorded|waits for the routing office/;

describe('refusals', () => {
  describe.each(STATES)('in state %s', (state) => {
    const p = reach(state);
    const expected = EXPECTED_ALLOWED[state];

    it('allows exactly the expected actions', () => {
      expect([...allowedActions(p.case, p.now)].sort()).toEqual([...expected].sort());
      expect(viewCase(p.case, p.now).allowedActions).toEqual(allowedActions(p.case, p.now));
    });

    const refused = ALL_COMMANDS.filter((t) => !expected.includes(t));
    if (refused.length) {
      it.each(refused)('refuses %s with not_allowed, the allowed list and the case untouched', (type) => {
        const before = clone(p.case);
        const result = decide(p.case, withActor(sample(type, p.case, p.now)), p.now);
        if (result.ok) throw new Error(`${type} was accepted in ${state}`);
        expect(result.refusal.code).toBe('not_allowed');
        if (p.case.status === 'closed') {
          expect(result.refusal.message).toBe(`the petition is closed (${p.case.closingReason}); "${type}" is no longer possible`);
        } else if (!PRECISE_REASON.test(result.refusal.message)) {
          expect(result.refusal.message).toBe(`"${type}" is not allowed while the petition is ${p.case.status}`);
        }
        expect([...result.allowedActions].sort()).toEqual([...expected].sort());
        expect(p.case).toEqual(before);
      });
    }

    if (expected.length) {
      it.each(expected)('accepts a well-formed %s without touching the input case', (type) => {
        const before = clone(p.case);
        const at = plus(p.now, HOUR);
        const result = decide(p.case, withActor(sample(type, p.case, at)), at);
        if (!result.ok) throw new Error(`${type} refused in ${state}: ${result.refusal.message}`);
        // Every due date here was counted with the year's arrangement: a recount has nothing to do.
        if (type === 'recomputeDueDates') expect(result.case).toEqual(before);
        else expect(result.case.seq).toBeGreaterThan(before.seq);
        expect(p.case).toEqual(before);
      });
    }
  });

  it('the precise reasons: a closed window, a period that ended, a clock that cannot be paused, a pending objection', () => {
    const lapsed = reach('appeal_window');
    lapsed.advance(plus(lapsed.clock('reviewRequest').dueAt!, 1));
    expect(lapsed.try({ type: 'requestReview', reason: 'x' })).toMatchObject({ ok: false, refusal: { message: expect.stringMatching(/^the review \(复查\) request window \(30 days from delivery, W35\) closed on \d{4}-\d{2}-\d{2}; "requestReview" is no longer possible$/) } });
    const breached = reach('in_handling_breached');
    expect(breached.try({ type: 'requestExtension', days: 5, reason: 'x' })).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('the handling period ended on 2026-05-06') } });
    const review = reach('in_review');
    expect(review.try({ type: 'requestPause', days: 5, reason: 'hearing', actor: reviewer })).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('the reviewHandling clock cannot be paused') } });
    const objected = reach('routed_objected');
    expect(objected.try({ type: 'accept' })).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('waits for the routing office\'s decision') } });
  });

  const invalid: { state: Reachable; cmd: Cmd; field: string; why: string }[] = [
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 0, reason: 'x' }, field: 'days', why: 'zero days' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 2.5, reason: 'x' }, field: 'days', why: 'not a whole number' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: -3, reason: 'x' }, field: 'days', why: 'negative' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: '5' as unknown as number, reason: 'x' }, field: 'days', why: 'a string' },
    { state: 'in_handling', cmd: { type: 'requestExtension', days: 5, reason: '  ' }, field: 'reason', why: 'blank reason' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: false }, field: 'reason', why: 'refusal without a reason' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: true, days: 21 }, field: 'days', why: 'more than requested' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: true, days: 0 }, field: 'days', why: 'zero days approved' },
    { state: 'in_handling_extension_pending', cmd: { type: 'decideExtension', approve: 'yes' as never }, field: 'approve', why: 'approve not a boolean' },
    { state: 'in_re_review', cmd: { type: 'requestPause', days: 0, reason: 'hearing', actor: reReviewer }, field: 'days', why: 'a zero-day pause' },
    { state: 'in_re_review', cmd: { type: 'requestPause', days: 31, reason: 'hearing', actor: reReviewer }, field: 'days', why: 'longer than the policy\'s 30 days' },
    { state: 'in_re_review', cmd: { type: 'requestPause', days: 1.5, reason: 'hearing', actor: reReviewer }, field: 'days', why: 'a pause in part days' },
    { state: 'in_re_review', cmd: { type: 'requestPause', days: 3, reason: '', actor: reReviewer }, field: 'reason', why: 'a pause without a reason' },
    { state: 'in_re_review_pause_pending', cmd: { type: 'decidePause', approve: false }, field: 'reason', why: 'a pause refused without a reason' },
    { state: 'in_re_review_pause_pending', cmd: { type: 'decidePause', approve: true, days: 6 }, field: 'days', why: 'more pause days than requested' },
    { state: 'in_re_review_pause_pending', cmd: { type: 'decidePause', approve: 1 as never }, field: 'approve', why: 'pause approve not a boolean' },
    { state: 'routed_objected', cmd: { type: 'decideObjection', uphold: 'yes' as never, reason: 'x' }, field: 'uphold', why: 'uphold not a boolean' },
    { state: 'routed_objected', cmd: { type: 'decideObjection', uphold: true, reason: '' }, field: 'reason', why: 'an objection decided without a reason' },
    { state: 'routed_objected', cmd: { type: 'decideObjection', uphold: true, reason: 'x', toUnitId: 'unit-housing' }, field: 'toUnitId', why: 'upheld "on" to the unit that objected' },
    { state: 'routed_objected', cmd: { type: 'decideObjection', uphold: false, reason: 'x', toUnitId: 'unit-water' }, field: 'toUnitId', why: 'a rejected objection that moves the case' },
    { state: 'registered', cmd: { type: 'notAccept', reason: '', redirectTo: 'court' }, field: 'reason', why: 'empty reason' },
    { state: 'registered', cmd: { type: 'notAccept', reason: 'x' } as Cmd, field: 'redirectTo', why: 'no redirect' },
    { state: 'registered', cmd: { type: 'route', toUnitId: 'unit-office', reason: 'x' }, field: 'toUnitId', why: 'route to itself' },
    { state: 'registered', cmd: { type: 'route', toUnitId: 'unit-x', reason: '' }, field: 'reason', why: 'route without reason' },
    { state: 'registered', cmd: { type: 'accept', officerId: '' }, field: 'officerId', why: 'empty officer' },
    { state: 'routed', cmd: { type: 'objectRouting', reason: '', actor: officer }, field: 'reason', why: 'objection without reason' },
    { state: 'accepted', cmd: { type: 'assign', unitId: 'unit-housing', officerId: '' }, field: 'officerId', why: 'no officer' },
    { state: 'accepted', cmd: { type: 'reassign', unitId: '', officerId: 'x' }, field: 'unitId', why: 'no unit' },
    { state: 'in_handling', cmd: { type: 'reply', ...OPINION, decision: 'maybe' as never }, field: 'decision', why: 'bad decision' },
    { state: 'in_handling', cmd: { type: 'reply', ...OPINION, legalBasis: '' }, field: 'legalBasis', why: 'no legal basis' },
    { state: 'awaiting_delivery', cmd: { type: 'recordDelivery', deliveredAt: T0, method: 'email' as never }, field: 'method', why: 'an unknown delivery method' },
    { state: 'awaiting_delivery', cmd: { type: 'recordDelivery', deliveredAt: 'last week', method: 'post' }, field: 'deliveredAt', why: 'a delivery date that is no date' },
    { state: 'awaiting_delivery', cmd: { type: 'recordDelivery', deliveredAt: T0, method: 'post' }, field: 'deliveredAt', why: 'delivered before the reply was issued' },
    { state: 'awaiting_delivery', cmd: { type: 'recordDelivery', deliveredAt: plus(T0, 400 * DAY), method: 'post' }, field: 'deliveredAt', why: 'delivered in the future' },
    { state: 'in_review', cmd: { type: 'issueReviewOpinion', ...OPINION, facts: ' ', actor: reviewer }, field: 'facts', why: 'no facts' },
    { state: 'in_re_review', cmd: { type: 'issueReReviewOpinion', ...OPINION, decision: undefined as never, actor: reReviewer }, field: 'decision', why: 'no decision' },
    { state: 'awaiting_evaluation', cmd: { type: 'evaluate', rating: 'happy' as never }, field: 'rating', why: 'bad rating' },
    { state: 'awaiting_evaluation', cmd: { type: 'evaluate', rating: 'satisfied', source: { channel: 'phone', receivedOn: '2026-03-05' } }, field: 'source', why: 'a petitioner sending a source' },
    { state: 'return_visit_required', cmd: { type: 'recordReturnVisit', outcome: 'ok' as never, notes: 'x' }, field: 'outcome', why: 'bad outcome' },
    { state: 'return_visit_required', cmd: { type: 'recordReturnVisit', outcome: 'satisfied', notes: '' }, field: 'notes', why: 'no notes' },
    { state: 'appeal_window', cmd: { type: 'requestReview', reason: '' }, field: 'reason', why: 'review without reason' },
    { state: 'appeal_window_review', cmd: { type: 'requestReReview', reason: '' }, field: 'reason', why: 're-review without reason' },
    { state: 'in_handling', cmd: { type: 'withdraw' }, field: 'reason', why: 'a withdrawal without a reason' },
    { state: 'in_handling', cmd: { type: 'withdraw', reason: ' ' }, field: 'reason', why: 'a withdrawal with a blank reason' },
    { state: 'in_handling_withdrawal_pending', cmd: { type: 'decideWithdrawal', approve: false }, field: 'reason', why: 'a withdrawal refused without a reason' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 4 }, field: 'level', why: 'level 4' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 0 }, field: 'level', why: 'level 0' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: 'x', level: 1.5 }, field: 'level', why: 'level 1.5' },
    { state: 'in_handling', cmd: { type: 'escalate', reason: '', level: 1 }, field: 'reason', why: 'escalation without reason' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: '' }, field: 'instruction', why: 'empty instruction' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: 'x', replyLimit: { days: 0, unit: 'calendar' } }, field: 'replyLimit', why: 'zero-day reply limit' },
    { state: 'in_handling', cmd: { type: 'supervise', instruction: 'x', replyLimit: { days: 5, unit: 'weeks' as never } }, field: 'replyLimit', why: 'unknown unit' },
    { state: 'in_handling_supervised', cmd: { type: 'answerSupervision', noticeId: 'sup-9', answer: 'x' }, field: 'noticeId', why: 'unknown notice' },
    { state: 'in_handling_supervised', cmd: { type: 'answerSupervision', noticeId: 'sup-1', answer: '' }, field: 'answer', why: 'empty answer' },
    { state: 'closed_supervised', cmd: { type: 'answerSupervision', noticeId: 'sup-1', answer: '' }, field: 'answer', why: 'an empty answer after closing' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: '', receivedAt: T0, channel: 'online' }, field: 'submissionId', why: 'no submission' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: 's', receivedAt: T0, channel: 'email' as never }, field: 'channel', why: 'unknown channel' },
    { state: 'in_handling', cmd: { type: 'linkRepeat', submissionId: 's', receivedAt: 'yesterday', channel: 'online' }, field: 'receivedAt', why: 'not a date' },
    { state: 'in_handling', cmd: { type: 'recomputeDueDates', reason: 'x', calendarYears: ['27'] }, field: 'calendarYears', why: 'a year that is not YYYY' },
    { state: 'in_handling', cmd: { type: 'recomputeDueDates', reason: '', calendarYears: ['2027'] }, field: 'reason', why: 'a recount without a reason' },
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
// Timeline and documents
// ---------------------------------------------------------------------------------------------

const SHOWN: DocumentKind[] = [
  'registration', 'transfer', 'acceptance', 'non_acceptance', 'extension', 'reply', 'review_opinion', 're_review_opinion', 'pause', 'closing',
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
      [{ type: 'objectRouting', reason: 'Not ours.', actor: officer }, undefined],
      [{ type: 'decideObjection', uphold: true, reason: 'Planning it is.', toUnitId: 'unit-planning' }, 'transfer'],
      [{ type: 'accept', officerId: officer2.id }, 'acceptance'],
      [{ type: 'requestExtension', days: 15, reason: 'Survey.', actor: officer2 }, undefined],
      [{ type: 'decideExtension', approve: true }, 'extension'],
      [{ type: 'reply', ...OPINION, actor: officer2 }, 'reply'],
      [{ type: 'evaluate', rating: 'dissatisfied' }, undefined],
      [{ type: 'requestReview', reason: 'Unfair.' }, undefined],
      [{ type: 'issueReviewOpinion', ...OPINION }, 'review_opinion'],
      [{ type: 'evaluate', rating: 'dissatisfied' }, undefined],
      [{ type: 'requestReReview', reason: 'Still unfair.' }, undefined],
      [{ type: 'requestPause', days: 3, reason: 'Public hearing (听证).', actor: reReviewer }, undefined],
      [{ type: 'decidePause', approve: true }, 'pause'],
      [{ type: 'resumeClock', actor: reReviewer }, 'pause'],
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
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final' });
    checkTimeline(p.case);
    const docs = p.case.timeline.filter((e) => e.document);
    const byKind: Partial<Record<DocumentKind, string[]>> = {};
    for (const e of docs) (byKind[e.document!] ??= []).push(e.at);
    expect(byKind).toEqual(stepAt);
    expect(Object.keys(byKind).sort()).toEqual(SHOWN.filter((k) => k !== 'non_acceptance').sort());
    // Internal steps are not documents.
    for (const type of [
      'assigned', 'extension_requested', 'evaluated', 'review_requested', 're_review_requested', 'routing_objection_raised',
      'pause_requested', 'delivered', 'review_body_assigned',
    ]) {
      expect([type, p.events(type).length > 0]).toEqual([type, true]);
      expect([type, p.events(type).every((e) => e.document === undefined)]).toEqual([type, true]);
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
// Mandatory satisfaction evaluation and the statutory clocks (property over random command sequences)
// ---------------------------------------------------------------------------------------------

const ANSWER_EVENTS = ['replied', 'review_opinion_issued', 're_review_opinion_issued'];
const RATING_EVENTS = ['evaluated', 'return_visit_recorded'];
const APPEAL_EVENTS = ['review_requested', 're_review_requested'];
const UNITS = ['unit-office', 'unit-housing', 'unit-planning', 'unit-water'];
const APPEAL_WINDOWS = ['reviewRequest', 'reReviewRequest'];
const WINDOWS = ['objection', 'evaluation', 'reviewRequest', 'reReviewRequest'];

/** The petitioner acts online; for a case without an account an intake officer records their letter. */
function petitionerAct(c: PetitionCase, now: string): Pick<Cmd, 'actor'> & { source?: { channel: 'letter'; receivedOn: string } } {
  return c.petitionerUserId ? { actor: citizen } : { actor: intake, source: { channel: 'letter', receivedOn: now.slice(0, 10) } };
}

/** A command of the given type with random, sometimes invalid, fields and sometimes the wrong person. */
function randomPayload(r: ReturnType<typeof rng>, type: CommandType, c: PetitionCase, now: string): Cmd {
  const text = () => (r.chance(0.05) ? '' : 'text');
  const rating = () => r.chance(0.03) ? ('meh' as never) : r.pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'dissatisfied'] as const);
  const opinion = { decision: r.chance(0.03) ? ('?' as never) : r.pick(['support', 'explain', 'not_support'] as const), facts: text(), legalBasis: 'law', text: 'reply' };
  // Mostly the petitioner (or the officer recording their letter); sometimes the other one, which is refused.
  const act = () => (r.chance(0.9) ? petitionerAct(c, now) : c.petitionerUserId ? { actor: intake, source: { channel: 'letter' as const, receivedOn: now.slice(0, 10) } } : { actor: citizen });
  switch (type) {
    case 'accept': return { type, ...(r.chance(0.5) ? { officerId: r.pick([officer.id, officer2.id]) } : {}), ...(r.chance(0.3) ? { unitId: r.pick(UNITS) } : {}) };
    case 'notAccept': return { type, reason: text(), redirectTo: 'court', legalProcedure: r.chance(0.5) };
    case 'route': return { type, toUnitId: r.pick(UNITS), reason: text() };
    case 'objectRouting': return { type, reason: text(), actor: officer };
    case 'decideObjection': return r.chance(0.5)
      ? { type, uphold: true, reason: text(), ...(r.chance(0.4) ? { toUnitId: r.pick(UNITS) } : {}) }
      : { type, uphold: false, reason: text() };
    case 'assign': return { type, unitId: r.pick(UNITS), officerId: r.pick([officer.id, officer2.id, reviewer.id]), ...(r.chance(0.2) ? { leaderOwnerId: 'leader-zhou' } : {}) };
    case 'reassign': return { type, unitId: r.pick(UNITS), officerId: r.pick([officer.id, officer2.id]) };
    case 'requestExtension': return { type, days: r.chance(0.1) ? 2.5 : r.int(40), reason: text() };
    case 'decideExtension': return r.chance(0.6) ? { type, approve: true, ...(r.chance(0.5) ? { days: r.int(35) } : {}) } : { type, approve: false, reason: text() };
    case 'requestPause': return { type, days: r.chance(0.05) ? r.pick([0, 31]) : 1 + r.int(30), reason: text(), actor: reReviewer };
    case 'decidePause': return r.chance(0.8) ? { type, approve: true, ...(r.chance(0.3) ? { days: 1 + r.int(10) } : {}) } : { type, approve: false, reason: text() };
    case 'pauseClock': return { type, reason: text() };
    case 'resumeClock': return { type, actor: reReviewer };
    case 'reply': return { type, ...opinion };
    // The review body's officer, or sometimes the one who gave the earlier answer (refused).
    case 'issueReviewOpinion': return { type, ...opinion, actor: r.chance(0.85) ? reviewer : officer };
    case 'issueReReviewOpinion': return { type, ...opinion, actor: r.chance(0.85) ? reReviewer : reviewer };
    case 'recordDelivery': {
      const answer = c.stage === 'handling' ? c.reply : c.stage === 'review' ? c.reviewOpinion : c.reReviewOpinion;
      const from = Date.parse(answer?.issuedAt ?? now);
      const at = r.chance(0.05) ? plus(now, DAY) : new Date(from + r.int(Math.max(1, Date.parse(now) - from))).toISOString();
      return { type, deliveredAt: at, method: r.chance(0.03) ? ('email' as never) : r.pick(['post', 'in_person', 'fax'] as const) };
    }
    case 'recordReturnVisit': return { type, outcome: rating(), notes: text() };
    case 'evaluate': return { type, rating: rating(), ...act() };
    case 'requestReview': case 'requestReReview': return { type, reason: text(), ...act() };
    case 'withdraw': return r.chance(0.1) ? { type, ...petitionerAct(c, now) } : { type, reason: text(), ...act() };
    case 'decideWithdrawal': return r.chance(0.6) ? { type, approve: true } : { type, approve: false, reason: text() };
    case 'escalate': return { type, reason: text(), level: r.int(5) };
    case 'supervise': return { type, instruction: text(), listed: r.chance(0.3), ...(r.chance(0.3) ? { replyLimit: { days: r.int(12), unit: r.pick(['calendar', 'working'] as const) } } : {}) };
    case 'answerSupervision': return { type, noticeId: r.chance(0.8) ? (c.supervision.find((n) => !n.answeredAt)?.id ?? 'sup-1') : 'sup-99', answer: text() };
    case 'linkRepeat': return { type, submissionId: text(), receivedAt: T0, channel: r.pick(['online', 'visit', 'email' as never]) };
    case 'recomputeDueDates': return { type, reason: text(), calendarYears: r.chance(0.05) ? ['27'] : ['2027'] };
    case 'reopen': return { type, reason: text() };
  }
}

const CLOCK_OF_STATUS: Partial<Record<Status, string>> = {
  registered: 'acceptance', routed: 'acceptance', accepted: 'handling', in_handling: 'handling',
  awaiting_evaluation: 'evaluation', return_visit_required: 'returnVisit', in_review: 'reviewHandling', in_re_review: 'reReviewHandling',
};

/** Commands open cases accept in any state: the walk sends them less often than those that move the case. */
const PAUSE_COMMANDS: CommandType[] = ['requestPause', 'decidePause', 'resumeClock'];
const BACKGROUND: CommandType[] = ['escalate', 'supervise', 'linkRepeat', 'recomputeDueDates', 'answerSupervision'];
const dueMs = (k: { dueAt?: string }) => Date.parse(k.dueAt!);
/** The window each petitioner act must arrive within. */
const WINDOW_OF_EVENT: Record<string, string> = {
  routing_objection_raised: 'objection', evaluated: 'evaluation', review_requested: 'reviewRequest', re_review_requested: 'reReviewRequest',
};

/** What must hold after every step (`before` is the case before it); returns the problems found. */
function violations(c: PetitionCase, before: PetitionCase, now: string, afterTick: boolean): string[] {
  const out: string[] = [];
  const running = c.clocks.filter((k) => k.stoppedAt === undefined);
  if (c.timeline.some((e, i) => e.seq !== i + 1) || c.seq !== c.timeline.length) out.push('timeline seq not 1..n');

  // A breached clock ends late, never met or cancelled; a duty clock stopped after its due date is late.
  for (const k of c.clocks) {
    if (k.breach && k.stoppedAt && k.outcome !== 'late') out.push(`${k.id} breached but ended ${k.outcome}`);
    const endedByStop = k.pauses.some((x) => x.to === k.stoppedAt);
    if (!WINDOWS.includes(k.kind) && k.stoppedAt && k.dueAt && !endedByStop && Date.parse(k.stoppedAt) > dueMs(k) && k.outcome !== 'late') {
      out.push(`${k.id} stopped after its due date but ended ${k.outcome}`);
    }
    // Windows are hard: a lapse never comes before the window's last instant has passed.
    if (k.outcome === 'lapsed' && Date.parse(k.stoppedAt!) <= dueMs(k)) out.push(`${k.id} lapsed at or before its last instant`);
    // Each marker fires once per clock.
    if (new Set(k.fired).size !== k.fired.length) out.push(`${k.id} fired ${k.fired.join(',')}`);
  }
  // ... and an objection, a rating or an appeal request is never accepted after the window's last instant.
  for (const e of c.timeline.filter((x) => x.type in WINDOW_OF_EVENT)) {
    const used = c.clocks.find((k) => k.kind === WINDOW_OF_EVENT[e.type] && k.stoppedAt === e.at && k.outcome === 'met');
    if (!used) out.push(`${e.type} at ${e.at} without its window`);
    else if (Date.parse(e.at) > dueMs(used)) out.push(`${e.type} accepted after ${used.id} closed`);
  }
  const perClock = (type: string, level?: number) => c.timeline.filter((e) => e.type === type && (level === undefined || e.data.level === level)).map((e) => e.data.clockId);
  for (const [what, ids] of [['breach', perClock('deadline_breached')], ['grace escalation', perClock('escalated', 2)], ['criticism', c.criticisms.map((x) => x.clockId)]] as const) {
    if (new Set(ids).size !== ids.length) out.push(`${what} twice for one clock: ${ids.join(',')}`);
  }
  // A breach is the unit's that held the clock at that instant, not whoever holds it after this step.
  for (const k of c.clocks) {
    const was = before.clocks.find((b) => b.id === k.id);
    if (k.breach && was && !was.breach && k.breach.unitId !== (was.unitId ?? before.unitId)) {
      out.push(`${k.id} breached under ${String(was.unitId)} but charged to ${String(k.breach.unitId)}`);
    }
  }

  if (c.status === 'closed') {
    if (running.some((k) => k.kind !== 'supervisionReply')) out.push(`closed with running clocks ${running.map((k) => k.id).join(',')}`);
    if (!c.closingReason || !c.closedAt) out.push('closed without reason or date');
    if (c.closingReason === 'satisfied') out.push('closed "satisfied": a rating never closes the case before its appeal window (rules 2)');
    const lastAnswer = [...c.timeline].reverse().find((e) => ANSWER_EVENTS.includes(e.type));
    if (lastAnswer) {
      const after = (types: string[]) => c.timeline.some((e) => types.includes(e.type) && e.seq > lastAnswer.seq);
      const answered = after(RATING_EVENTS) || after(APPEAL_EVENTS);
      // Withdrawn before the answer reached the petitioner: nothing to rate yet.
      const beforeDelivery = c.closingReason === 'withdrawn' && !after(['delivered']);
      if (!answered && !beforeDelivery) out.push(`closed "${c.closingReason}" after ${lastAnswer.type} without a rating or return visit`);
      if (c.closingReason !== 'withdrawn' && !after(RATING_EVENTS)) out.push(`closed "${c.closingReason}" without a rating of the last answer`);
    } else if (!['withdrawn', 'not_accepted', 'legal_procedure'].includes(c.closingReason ?? '')) {
      out.push(`closed "${c.closingReason}" without any answer`);
    }
    // No case closes inside an open appeal window but by withdrawal (or before any answer, by non-acceptance).
    // (A window a withdrawal ended earlier stays ended, even if a correction let another one run on.)
    for (const k of c.clocks.filter((x) => APPEAL_WINDOWS.includes(x.kind) && x.stoppedAt === c.closedAt)) {
      if (k.outcome === 'cancelled' && c.closingReason !== 'withdrawn') out.push(`${k.id} cut short by closing "${c.closingReason}"`);
      if ((c.closingReason === 'final' || c.closingReason === 'appeal_window_lapsed') && k.outcome !== 'met' && Date.parse(c.closedAt!) <= dueMs(k)) {
        out.push(`closed "${c.closingReason}" while ${k.id} was open`);
      }
    }
  } else {
    const kind = CLOCK_OF_STATUS[c.status];
    if (kind && running.filter((k) => k.kind === kind).length !== 1) out.push(`${c.status} without exactly one running ${kind} clock`);
    if (c.status === 'appeal_window') {
      const want = c.stage === 'handling' ? 'reviewRequest' : 'reReviewRequest';
      if (running.filter((k) => k.kind === want).length !== 1) out.push(`appeal_window (${c.stage}) without a running ${want} clock`);
    }
    const objection = running.find((k) => k.kind === 'objection');
    if (c.status === 'routed' && !c.pendingObjection && (objection !== undefined && Date.parse(now) <= dueMs(objection)) !== allowedActions(c, now).includes('objectRouting')) {
      out.push('objection window and objectRouting disagree');
    }
    const kinds = running.filter((k) => k.kind !== 'supervisionReply').map((k) => k.kind);
    if (new Set(kinds).size !== kinds.length) out.push(`two running clocks of one kind: ${kinds.join(',')}`);
    if (allowedActions(c, now).includes('pauseClock')) out.push('the officer alone may pause a clock');
  }
  const open = c.supervision.filter((n) => !n.answeredAt).map((n) => n.clockId).sort();
  const supClocks = running.filter((k) => k.kind === 'supervisionReply').map((k) => k.id).sort();
  if (JSON.stringify(open) !== JSON.stringify(supClocks)) out.push('open supervision notices and their clocks disagree');
  if (c.escalationLevel < Math.max(0, ...c.escalations.map((e) => e.level)) || c.escalationLevel > 3) out.push('escalation level out of step');
  if (c.clocks.some((k) => k.pauses.filter((x) => x.to === undefined).length > 1)) out.push('two open pauses');
  if (c.clocks.some((k) => k.pauses.some((x) => !x.approvedBy))) out.push('a pause nobody approved');
  if (c.clocks.some((k) => k.stoppedAt === undefined && k.dueAt === undefined)) out.push('a running clock without its due date');
  if (afterTick) {
    const wake = nextWakeAt(c);
    if (wake !== undefined && wake <= Date.parse(now)) out.push('tick left a due marker unhandled');
  }
  return out;
}

/**
 * Every rating leaves the appeal right intact: after a rating of the reply (or of the review opinion)
 * the review (re-review) can be requested up to the window's last instant; or the window had already
 * lapsed and the case closes with the rating, or the petitioner had withdrawn.
 */
function appealRightAfterRating(c: PetitionCase, before: PetitionCase, now: string): string[] {
  const rating = c.timeline.slice(before.timeline.length).find((e) => RATING_EVENTS.includes(e.type));
  const stage = rating?.data.stage;
  if (!rating || (stage !== 'handling' && stage !== 'review')) return [];
  const kind = stage === 'handling' ? 'reviewRequest' : 'reReviewRequest';
  const type = stage === 'handling' ? 'requestReview' : 'requestReReview';
  const window = c.clocks.find((k) => k.kind === kind && k.stoppedAt === undefined);
  if (!window) {
    const lapsed = c.clocks.some((k) => k.kind === kind && k.outcome === 'lapsed');
    return (c.closingReason === 'appeal_window_lapsed' && lapsed) || c.closingReason === 'withdrawn' ? [] : [`rated ${stage} and no ${kind} window left, case ${c.status}`];
  }
  // Past its last instant, the wake-up that lapses it (and closes the case) is due: nothing to ask for any more.
  if (Date.parse(now) > dueMs(window)) return [];
  const out: string[] = [];
  if (!allowedActions(c, now).includes(type)) out.push(`rated ${stage}: ${type} not allowed while ${kind} runs`);
  const atLastInstant = decide(c, withActor({ type, reason: 'Still not repaired.', ...petitionerAct(c, window.dueAt!) } as Cmd), window.dueAt!);
  if (!atLastInstant.ok) out.push(`rated ${stage}: ${type} refused at the window's last instant: ${atLastInstant.refusal.message}`);
  return out;
}

describe('mandatory satisfaction evaluation and the statutory clocks (property over random command sequences)', () => {
  it('no rating closes a case, breaches stay breached, markers fire once, windows are hard, whatever is sent when', () => {
    const reasons = new Map<string, number>();
    const visited = new Set<string>();
    const accepted = new Set<CommandType>();
    const keys = new Set<string>();
    let refusedUnchanged = 0;
    let refusedLate = 0;
    let breaches = 0;
    let lateApprovals = 0;
    let pausesEnded = 0;
    const failures: string[] = [];

    for (let seed = 1; seed <= 200 && failures.length === 0; seed++) {
      const r = rng(seed);
      const byLetter = r.chance(0.3);
      const p = new Petition({
        id: `p-${seed}`,
        organisationId: r.chance(0.3) ? 'zhejiang' : 'national',
        ...(byLetter ? { channel: 'letter', petitionerUserId: undefined } : {}),
      });
      const log: string[] = [];
      for (const n of p.notices) keys.add(n.key);
      for (let step = 0; step < 150; step++) {
        // A closed case ends the walk, unless a supervisor may correct its closing (纠错) and sometimes does.
        if (p.case.status === 'closed' && (!allowedActions(p.case, p.now).includes('reopen') || r.chance(0.6))) break;
        visited.add(p.case.status);
        const before = p.case;
        const snapshot = JSON.stringify(before);
        const roll = r.next();
        let afterTick = false;
        let effects: Effect[] = [];
        if (roll < 0.65) {
          // A command, sometimes exactly at a running clock's last instant or just after it, before any wake-up ran.
          const edge = r.chance(0.15) ? r.pick(p.runningClocks().filter((k) => k.dueAt && Date.parse(k.dueAt) >= Date.parse(p.now)).map((k) => k.dueAt!).concat(p.now)) : undefined;
          if (edge) p.advance(plus(edge, r.pick([0, 1, HOUR])));
          else p.advance(r.int(3 * DAY));
          const allowed = allowedActions(p.case, p.now);
          // Mostly what moves the case on; sometimes supervision and the like; sometimes anything at all.
          const moving = allowed.filter((t) => !BACKGROUND.includes(t) && ((t !== 'withdraw' && t !== 'notAccept') || r.chance(0.15)));
          const pool = r.chance(0.9) ? (r.chance(0.75) && moving.length ? moving : allowed) : ALL_COMMANDS;
          // Hearings are rare but must be walked through: their commands are picked first now and then.
          const hearing = allowed.filter((t) => PAUSE_COMMANDS.includes(t));
          const type = hearing.length && r.chance(0.4) ? r.pick(hearing) : r.pick(pool.length ? pool : ALL_COMMANDS);
          const cmd = withActor(randomPayload(r, type, p.case, p.now));
          const result = decide(p.case, cmd, p.now);
          log.push(`${p.now} ${type}${result.ok ? '' : ` refused ${result.refusal.code}: ${result.refusal.message}`}`);
          if (JSON.stringify(p.case) !== snapshot) failures.push(`seed ${seed}: decide changed its input`);
          if (!result.ok) {
            refusedUnchanged++;
            if (/period ended|\) closed on|window closed/.test(result.refusal.message)) refusedLate++;
            if ((type === 'decideExtension' || type === 'decidePause') && /period ended/.test(result.refusal.message)) lateApprovals++;
            continue;
          }
          accepted.add(type);
          effects = result.effects;
          p.effects.push(...result.effects);
          const settled = runEffects(result.case, result.effects, p.now);
          p.case = settled.case;
          effects = [...effects, ...settled.effects];
        } else {
          const wake = nextWakeAt(p.case);
          const to = roll < 0.9 && wake !== undefined ? Math.max(wake + r.pick([0, 0, r.int(2 * HOUR)]), Date.parse(p.now)) : Date.parse(p.now) + r.int(20 * DAY);
          p.advance(new Date(to).toISOString());
          // As the workflow does: wake again at once while a recounted due date leaves a marker due.
          for (let round = 0; round < 5; round++) {
            const input = p.case;
            const inputJson = JSON.stringify(input);
            const t = tick(input, p.now);
            if (JSON.stringify(input) !== inputJson) failures.push(`seed ${seed}: tick changed its input`);
            log.push(`${p.now} tick${t.changed ? '' : ' (nothing)'}`);
            if (!t.changed) break;
            const settled = runEffects(t.case, t.effects, p.now);
            p.case = settled.case;
            effects = [...effects, ...t.effects, ...settled.effects];
          }
          afterTick = true;
        }
        for (const n of noticesOf(effects)) {
          if (keys.has(n.key)) failures.push(`seed ${seed}: notice key ${n.key} used twice`);
          keys.add(n.key);
        }
        const added = p.case.timeline.slice(before.timeline.length);
        breaches += added.filter((e) => e.type === 'deadline_breached').length;
        pausesEnded += added.filter((e) => e.type === 'clock_resumed' && e.data.auto === true).length;
        const problems = [...violations(p.case, before, p.now, afterTick), ...appealRightAfterRating(p.case, before, p.now)];
        if (problems.length) failures.push(`seed ${seed} step ${step}: ${problems.join('; ')}\n  ${log.slice(-12).join('\n  ')}`);
        if (p.case.status === 'closed' && before.status !== 'closed') reasons.set(p.case.closingReason!, (reasons.get(p.case.closingReason!) ?? 0) + 1);
        if (failures.length) break;
      }
    }

    expect(failures).toEqual([]);
    // The walk really went everywhere: every state, every way of closing, every kind of command.
    expect([...visited].sort()).toEqual([
      'accepted', 'appeal_window', 'awaiting_delivery', 'awaiting_evaluation', 'closed', 'in_handling', 'in_re_review', 'in_review',
      'registered', 'return_visit_required', 'routed',
    ]);
    expect([...reasons.keys()].sort()).toEqual(['appeal_window_lapsed', 'final', 'legal_procedure', 'not_accepted', 'withdrawn']);
    expect([...accepted].sort()).toEqual([...ALL_COMMANDS.filter((t) => t !== 'pauseClock')].sort());
    expect(refusedUnchanged).toBeGreaterThan(100);
    expect(refusedLate).toBeGreaterThan(10);
    expect(breaches).toBeGreaterThan(20);
    // Approvals sent after the period ended were refused, and approved hearings ended by themselves.
    expect(lateApprovals).toBeGreaterThan(0);
    expect(pausesEnded).toBeGreaterThan(0);
  });
});
