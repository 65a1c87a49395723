// What the holder of a query code sees: every step with its date and every document issued to the
// petitioner, and nothing of the internal handling, however much of it the case went through.
import { PUBLIC_STEP_TYPES, publicStep, publicView } from '../../src/domain/publicView';
import { DAY, OPINION, Petition, officer, reReviewer, supervisor } from './domainFixtures';

const UNITS = { 'unit-office': '市信访局', 'unit-housing': '市住建局', 'petition-office': '省信访局' };

/** A case that went through everything internal there is, and every document the petitioner is shown. */
function eventfulCase(): Petition {
  const p = new Petition({ petitioner: { name: '陈明', contact: '13800000000', idNumber: '110101199001011234', address: '3 Hidden Lane' } });
  const step = (cmd: Parameters<Petition['do']>[0]) => { p.advance(DAY); p.do(cmd); };
  step({ type: 'route', toUnitId: 'unit-housing', reason: 'INTERNAL-ROUTING-REASON' });
  step({ type: 'accept' });
  step({ type: 'assign', unitId: 'unit-housing', officerId: officer.id, leaderOwnerId: 'leader-boss' });
  step({ type: 'escalate', level: 1, reason: 'INTERNAL-ESCALATION-REASON', leaderOwnerId: 'leader-boss' });
  step({ type: 'supervise', instruction: 'INTERNAL-SUPERVISION-INSTRUCTION', listed: true });
  step({ type: 'answerSupervision', noticeId: 'sup-1', answer: 'INTERNAL-SUPERVISION-ANSWER' });
  step({ type: 'requestExtension', days: 10, reason: 'The site survey needs another inspection' });
  step({ type: 'decideExtension', approve: true });
  // The handling deadline passes: warnings, breach, escalation a level higher, criticism of the unit.
  p.tick(80 * DAY);
  p.advance(DAY);
  p.do({ type: 'reply', ...OPINION });
  step({ type: 'evaluate', rating: 'dissatisfied', comment: 'INTERNAL-COMMENT-IS-NOT-A-DOCUMENT' });
  step({ type: 'requestReview', reason: 'The repair never happened' });
  step({ type: 'issueReviewOpinion', ...OPINION, text: 'On review: the repair is ordered again.', actor: supervisor });
  step({ type: 'evaluate', rating: 'dissatisfied' });
  step({ type: 'requestReReview', reason: 'Ordered but still not done' });
  // A hearing: the petitioner is told the time is not counted (W36), and when counting resumes.
  step({ type: 'requestPause', days: 5, reason: 'A public hearing on the repair', actor: reReviewer });
  step({ type: 'decidePause', approve: true });
  step({ type: 'resumeClock', actor: reReviewer });
  step({ type: 'issueReReviewOpinion', ...OPINION, text: 'On re-review: the repair is done at the city\'s cost.', actor: reReviewer });
  step({ type: 'evaluate', rating: 'satisfied' });
  return p;
}

test('every public step is shown in order with its date, and each document with its date and content', () => {
  const p = eventfulCase();
  expect(p.case.status).toBe('closed');
  const view = publicView(p.case, UNITS);

  expect(view.steps.map((s) => s.type)).toEqual([
    'registered', 'routed', 'accepted', 'extension_approved', 'replied', 'delivered', 'evaluated',
    'review_requested', 'review_body_assigned', 'review_opinion_issued', 'delivered', 'evaluated',
    're_review_requested', 'review_body_assigned', 'clock_paused', 'clock_resumed', 're_review_opinion_issued', 'delivered', 'evaluated', 'closed',
  ]);
  for (const s of view.steps) expect(s.at).toBe(p.case.timeline.find((e) => e.seq === s.seq)!.at);
  expect(view.steps[1]).toMatchObject({ type: 'routed', document: 'transfer', details: { unit: { id: 'unit-housing', name: '市住建局' } } });

  expect(view.documents.map((d) => [d.kind, d.issuedAt])).toEqual(
    p.case.timeline.filter((e) => e.document).map((e) => [e.document, e.at]),
  );
  expect(view.documents.map((d) => d.kind)).toEqual(['registration', 'transfer', 'acceptance', 'extension', 'reply', 'review_opinion', 'pause', 'pause', 're_review_opinion', 'closing']);
  // The review went one level up, the re-review to the body the policy names: the petitioner sees where.
  expect(view.steps.filter((s) => s.type === 'review_body_assigned').map((s) => s.details)).toEqual([
    { unit: { id: 'unit-office', name: '市信访局' }, stage: 'review' },
    { unit: { id: 'petition-office', name: '省信访局' }, stage: 're_review' },
  ]);
  expect(view.documents.find((d) => d.kind === 'pause')).toMatchObject({ days: 5, reason: 'A public hearing on the repair', until: expect.any(String) });
  const [reply, review] = [view.documents.find((d) => d.kind === 'reply')!, view.documents.find((d) => d.kind === 'review_opinion')!];
  expect(reply).toMatchObject({ title: expect.stringContaining('处理意见书'), decision: OPINION.decision, facts: OPINION.facts, legalBasis: OPINION.legalBasis, text: OPINION.text });
  expect(review.text).toBe('On review: the repair is ordered again.');
  expect(view.documents.find((d) => d.kind === 'extension')).toMatchObject({ days: 10, reason: 'The site survey needs another inspection' });
  expect(view.documents.find((d) => d.kind === 're_review_opinion')?.text).toBe('On re-review: the repair is done at the city\'s cost.');
  // Rated after the re-review: final (终结, W36).
  expect(view.documents.find((d) => d.kind === 'closing')).toMatchObject({ closingReason: 'final' });
  expect(view).toMatchObject({ queryCode: 'Q7K2M9', status: 'closed', closingReason: 'final', closedAt: p.case.closedAt, unit: { id: 'petition-office', name: '省信访局' } });
  expect(view.deadlines).toEqual([]);
});

test('nothing internal: no escalation, supervision, criticism, notes, officers, leaders, matter key or contact data', () => {
  const p = eventfulCase();
  // The case really had all of it.
  expect(p.case.escalations.length).toBeGreaterThanOrEqual(2);
  expect(p.case.criticisms.length).toBe(1);
  expect(p.case.timeline.some((e) => e.type === 'deadline_breached')).toBe(true);

  const text = JSON.stringify(publicView(p.case, UNITS));
  for (const secret of [
    'INTERNAL-', officer.id, supervisor.id, 'leader-boss', 'intake-wang', 'citizen-chen', p.case.matterKey,
    '13800000000', '110101199001011234', 'Hidden Lane', '陈明', 'escalat', 'supervis', 'criticis', 'deadline_', 'warning',
    // Pauses are public since rules 2 (the petitioner is told, W36); who asked for and approved one is not.
    'approvedBy', 'pause_requested', reReviewer.id, 'pausedMs',
    '"assigned"', 'officerId', 'leaderOwnerId', '"by"', 'actor', 'clockId', 'policy', 'onTime', 'breach',
  ]) {
    expect([secret, text.includes(secret)]).toEqual([secret, false]);
  }
});

test('only allowlisted event types become steps, and only their allowlisted facts', () => {
  const p = eventfulCase();
  for (const e of p.case.timeline) {
    expect([e.type, publicStep(e) !== undefined]).toEqual([e.type, (PUBLIC_STEP_TYPES as readonly string[]).includes(e.type)]);
  }
  // A fact added to an event later stays private until someone decides to show it.
  const routed = { seq: 9, at: '2026-03-03T01:00:00.000Z', type: 'routed', actor: 'intake-wang', document: 'transfer' as const, data: { toUnitId: 'unit-housing', officerId: 'x', reason: 'internal' } };
  expect(publicStep(routed)).toEqual({ seq: 9, at: routed.at, type: 'routed', document: 'transfer', details: { unit: { id: 'unit-housing' } } });
});

test('a running case shows the time limits the petitioner waits on, not the internal ones', () => {
  const p = new Petition();
  p.advance(DAY).do({ type: 'accept' });
  p.advance(DAY).do({ type: 'assign', unitId: 'unit-housing', officerId: officer.id });
  p.advance(DAY).do({ type: 'supervise', instruction: 'answer soon' });
  const handling = p.clock('handling');
  const view = publicView(p.case);
  expect(view.deadlines).toEqual([{ kind: 'handling', dueAt: handling.dueAt, dueDate: handling.dueDate }]);
  expect(view.status).toBe('in_handling');
  expect(view.unit).toEqual({ id: 'unit-housing' });
});

test('a non-acceptance notice carries the reason and where to go instead, then the case closes', () => {
  const p = new Petition();
  p.advance(DAY).do({ type: 'notAccept', reason: 'A court case is pending', redirectTo: 'The district court', legalProcedure: true });
  const view = publicView(p.case);
  expect(view.documents.map((d) => d.kind)).toEqual(['registration', 'non_acceptance', 'closing']);
  expect(view.documents[1]).toMatchObject({ reason: 'A court case is pending', redirectTo: 'The district court', issuedAt: p.now });
  expect(view.documents[2]).toMatchObject({ closingReason: 'legal_procedure' });
  expect(view.steps.find((s) => s.type === 'not_accepted')?.details).toEqual({ reason: 'A court case is pending', redirectTo: 'The district court' });
});
