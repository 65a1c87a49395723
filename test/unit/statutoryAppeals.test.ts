// The petitioner's appeal rights, tried the way a reviewer with the regulation in hand would try to
// bend them (issue 10, points 4, 5, 6 and 10): delivery (送达) and the review (复查, W35) and re-review
// (复核, W36) windows, reviews one level up, hard windows, and final means final.
//
// Each test was written to fail on the first release's rules: run `PETITION_RULES=1 npx jest
// test/unit/statutoryAppeals.test.ts` to see it (the fixture then registers cases on rules 1). A comment
// "rules 1:" says how the first release fails it, or that the test cannot be expressed there.
import { allowedActions, decide, nextWakeAt, tick, type CommandType, type PetitionCase, type ResolvedPolicy } from '../../src/domain';
import {
  DAY, HOUR, OPINION, Petition, citizen, intake, noticesOf, officer, officer2, plus, policyFor, reach, reReviewer, reviewer, supervisor, withActor,
  type Cmd, type Reachable,
} from './domainFixtures';

const notices = (effects: Parameters<typeof noticesOf>[0]) => noticesOf(effects).map((n) => `${n.recipient}:${n.kind}`);
const fromLetter = (receivedOn: string) => ({ actor: intake, source: { channel: 'letter' as const, receivedOn } });

/** A petition by letter, from someone without an online account, replied on Thursday 5 March and not yet delivered. */
function replyByPost(): Petition {
  const p = reach('awaiting_delivery');
  expect(p.case).toMatchObject({ channel: 'letter', status: 'awaiting_delivery' });
  expect(p.case.petitionerUserId).toBeUndefined();
  return p;
}

describe('W35, W36: rating never takes away the right to appeal (point 4)', () => {
  it.each(['satisfied', 'basically_satisfied', 'dissatisfied'] as const)('a "%s" rating leaves the review right for 30 days from the delivery', (rating) => {
    const p = reach('awaiting_evaluation');
    const deliveredAt = p.case.deliveries![0]!.at;
    p.advance(DAY).do({ type: 'evaluate', rating });
    // rules 1: "satisfied" and "basically satisfied" closed the case at once; "dissatisfied" counted the 30 days from the rating.
    expect(p.case.status).toBe('appeal_window');
    // Delivered Thursday 5 March: 30 days end on Saturday 4 April, in the Qingming holiday: Tuesday 7 April.
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: deliveredAt, dueDate: '2026-04-07' });
    const due = p.clock('reviewRequest').dueAt!;
    p.advance(due);
    p.do({ type: 'requestReview', reason: 'On reflection the repair is not enough.' });
    expect(p.case.status).toBe('in_review');
  });

  it('the case becomes final only when the window lapses without a request', () => {
    const p = reach('appeal_window_satisfied');
    const due = p.clock('reviewRequest').dueAt!;
    // rules 1: closed "satisfied" at the rating.
    p.tick(due);
    expect(p.case.status).toBe('appeal_window');
    p.tick(plus(due, 1));
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
    expect(p.case.evaluations.map((e) => e.rating)).toEqual(['satisfied']);
  });

  it('a review may be asked for before any rating: the rating of that answer is superseded, not faked', () => {
    const p = reach('awaiting_evaluation');
    // rules 1: the review could be asked for only after a dissatisfied rating.
    p.advance(HOUR).do({ type: 'requestReview', reason: 'The reply ignores the broken radiator.' });
    expect(p.case.status).toBe('in_review');
    expect(p.clock('evaluation').outcome).toBe('cancelled');
    expect(p.case.evaluations).toEqual([]);
    expect(p.events().map((e) => e.type)).toEqual(expect.arrayContaining(['evaluation_superseded', 'review_requested']));
  });

  it('a reply by post is delivered when the officer records it: until then no window runs, and then both run from the delivery', () => {
    const p = replyByPost();
    const issuedAt = p.case.reply!.issuedAt;
    // rules 1: cannot be expressed (no delivery step); the windows ran from the issue (and the rating).
    expect(p.runningClocks()).toEqual([]);
    expect(p.notices.slice(-1).map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([['officer', 'delivery_required', officer.id]]);
    expect(p.try({ type: 'evaluate', rating: 'satisfied', ...fromLetter('2026-03-06') })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    expect(p.try({ type: 'requestReview', reason: 'x', ...fromLetter('2026-03-06') })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    // The letter reached the petitioner on Monday 9 March; the officer records it on Wednesday 11 March.
    p.advance('2026-03-11T02:00:00.000Z');
    expect(p.try({ type: 'recordDelivery', deliveredAt: plus(issuedAt, -HOUR), method: 'post' })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'deliveredAt' } });
    expect(p.try({ type: 'recordDelivery', deliveredAt: plus(p.now, HOUR), method: 'post' })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'deliveredAt' } });
    p.do({ type: 'recordDelivery', deliveredAt: '2026-03-09T06:00:00.000Z', method: 'post', actor: intake });
    expect(p.case.deliveries).toEqual([{ stage: 'handling', at: '2026-03-09T06:00:00.000Z', method: 'post', recordedBy: intake.id }]);
    expect(p.lastEvent()).toMatchObject({ type: 'delivered', data: { stage: 'handling', method: 'post', deliveredAt: '2026-03-09T06:00:00.000Z' } });
    // 30 days from Monday 9 March: Wednesday 8 April (from the issue on 5 March they would have ended on 7 April).
    expect(p.clock('reviewRequest')).toMatchObject({ startedAt: '2026-03-09T06:00:00.000Z', dueDate: '2026-04-08' });
    expect(p.clock('evaluation')).toMatchObject({ startedAt: '2026-03-09T06:00:00.000Z', dueDate: '2026-03-16' });
    expect(p.case.status).toBe('awaiting_evaluation');
  });

  it('a rating recorded by an intake officer needs its source, and the petitioner is told what was recorded', () => {
    const p = replyByPost();
    p.advance(DAY).do({ type: 'recordDelivery', deliveredAt: p.now, method: 'in_person' });
    p.advance(DAY);
    // rules 1: an intake officer recorded any rating for anyone, with no source and no word to the petitioner.
    expect(p.try({ type: 'evaluate', rating: 'satisfied', actor: intake })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'source' } });
    expect(p.try({ type: 'evaluate', rating: 'satisfied', actor: intake, source: { channel: 'email' as never, receivedOn: '2026-03-07' } })).toMatchObject({ ok: false, refusal: { field: 'source.channel' } });
    expect(p.try({ type: 'evaluate', rating: 'satisfied', actor: intake, source: { channel: 'phone', receivedOn: '2026-04-30' } })).toMatchObject({ ok: false, refusal: { field: 'source.receivedOn', message: expect.stringContaining('future') } });
    expect(p.try({ type: 'evaluate', rating: 'satisfied', actor: intake, source: { channel: 'phone', receivedOn: '2026-02-01' } })).toMatchObject({ ok: false, refusal: { field: 'source.receivedOn', message: expect.stringContaining('before the petition was received') } });
    const rated = p.do({ type: 'evaluate', rating: 'satisfied', actor: intake, source: { channel: 'phone', receivedOn: '2026-03-07' } });
    expect(p.case.evaluations).toEqual([{ stage: 'handling', rating: 'satisfied', via: 'petitioner', at: p.now, by: intake.id, source: { channel: 'phone', receivedOn: '2026-03-07' } }]);
    expect(p.lastEvent()).toMatchObject({ type: 'evaluated', data: { rating: 'satisfied', source: { channel: 'phone', receivedOn: '2026-03-07' } } });
    const told = noticesOf(rated).find((n) => n.kind === 'rating_recorded');
    // Sent the way the petitioner wrote: by letter.
    expect(told).toMatchObject({ recipient: 'petitioner', channel: 'letter', data: { rating: 'satisfied', stage: 'handling', source: { channel: 'phone', receivedOn: '2026-03-07' } } });
    expect(p.case.status).toBe('appeal_window');
  });

  it('a petitioner with an online account rates and appeals for themselves: staff cannot do it for them, and they send no source', () => {
    const p = reach('awaiting_evaluation');
    // rules 1: the intake officer's rating was recorded.
    expect(p.try({ type: 'evaluate', rating: 'satisfied', ...fromLetter('2026-03-06') })).toMatchObject({ ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('online account') } });
    expect(p.try({ type: 'requestReview', reason: 'x', ...fromLetter('2026-03-06') })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    expect(p.try({ type: 'evaluate', rating: 'satisfied', actor: citizen, source: { channel: 'letter', receivedOn: '2026-03-06' } })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'source' } });
  });

  it('a review asked for by letter is recorded with its source too', () => {
    const p = replyByPost();
    p.advance(DAY).do({ type: 'recordDelivery', deliveredAt: p.now, method: 'post' });
    // rules 1: cannot be expressed (no delivery step, and no review before a rating).
    expect(p.try({ type: 'requestReview', reason: 'Unfair.', actor: intake })).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'source' } });
    p.advance(DAY).do({ type: 'requestReview', reason: 'Unfair.', ...fromLetter('2026-03-07') });
    expect(p.case.appeals).toEqual([{ stage: 'review', at: p.now, reason: 'Unfair.', source: { channel: 'letter', receivedOn: '2026-03-07' } }]);
  });

  it('a rating from a return visit is told to the petitioner', () => {
    const p = reach('return_visit_required');
    const effects = p.do({ type: 'recordReturnVisit', outcome: 'dissatisfied', notes: 'Still cold.' });
    // rules 1: nobody told the petitioner what the officer recorded for them.
    expect(notices(effects)).toEqual(['petitioner:rating_recorded']);
  });

  it('W36: the re-review window runs 30 days from the review opinion\'s delivery, whatever its rating; a rating of the re-review is final', () => {
    const p = reach('awaiting_evaluation_review');
    const deliveredAt = p.case.deliveries!.find((x) => x.stage === 'review')!.at;
    p.advance(DAY).do({ type: 'evaluate', rating: 'satisfied' });
    // rules 1: closed "satisfied" at once; the re-review right was gone.
    expect(p.case).toMatchObject({ status: 'appeal_window', stage: 'review' });
    expect(p.clock('reReviewRequest')).toMatchObject({ startedAt: deliveredAt, dueDate: '2026-04-07' });
    p.advance(p.clock('reReviewRequest').dueAt!).do({ type: 'requestReReview', reason: 'The review did not look at the pipes.' });
    p.advance(DAY).do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    p.advance(DAY).do({ type: 'evaluate', rating: 'satisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'final' });
  });
});

describe('W35, W36: reviews go up (point 5)', () => {
  it('W35: the review goes to the unit above the one that replied, and the replying officer cannot issue the opinion even when assigned to it', () => {
    const p = reach('appeal_window');
    const effects = p.do({ type: 'requestReview', reason: 'Unfair.' });
    // rules 1: the review stayed with unit-housing, and officer-li reviewed his own reply.
    expect(effects).toContainEqual({ type: 'resolveReviewBody', stage: 'review', fromUnitId: 'unit-housing' });
    expect(p.case).toMatchObject({ status: 'in_review', unitId: 'unit-office' });
    expect(p.case.officerId).toBeUndefined();
    expect(p.clock('reviewHandling').unitId).toBe('unit-office');
    // Someone assigns the original officer to the review: still not theirs to decide.
    p.do({ type: 'assign', unitId: 'unit-office', officerId: officer.id });
    expect(p.try({ type: 'issueReviewOpinion', ...OPINION, actor: officer })).toMatchObject({
      ok: false, refusal: { code: 'not_allowed', message: expect.stringContaining('cannot issue its review opinion') },
    });
    // The review body assigns its own officer; the case stays in review.
    p.do({ type: 'assign', unitId: 'unit-office', officerId: reviewer.id });
    expect(p.case).toMatchObject({ status: 'in_review', officerId: reviewer.id });
    p.do({ type: 'issueReviewOpinion', ...OPINION, actor: reviewer });
    expect(p.events('review_opinion_issued')[0]?.data).toMatchObject({ unitId: 'unit-office', onTime: true });
  });

  it('W36: the re-review goes to the body above the reviewer; neither the replying nor the reviewing officer can issue it', () => {
    const p = reach('appeal_window_review');
    p.do({ type: 'requestReReview', reason: 'Still unfair.' });
    // rules 1: the re-review stayed where the review was.
    expect(p.case.unitId).toBe('petition-office');
    for (const actor of [officer, reviewer]) {
      expect(p.try({ type: 'issueReReviewOpinion', ...OPINION, actor })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    }
    p.do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    expect(p.case.reReviewOpinion).toMatchObject({ by: reReviewer.id, unitId: 'petition-office' });
  });

  it('a supervisor who gave the review opinion cannot give the re-review opinion either', () => {
    const p = reach('in_review');
    p.do({ type: 'issueReviewOpinion', ...OPINION, actor: supervisor });
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    p.do({ type: 'requestReReview', reason: 'Again.' });
    // rules 1: allowed.
    expect(p.try({ type: 'issueReReviewOpinion', ...OPINION, actor: supervisor })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
  });

  it('where there is no unit above, the policy names the reviewing body; with none named the case stays, and the replying officer still cannot review', () => {
    // The office itself replied: no unit above it in the register.
    const named = new Petition();
    named.advance(DAY).do({ type: 'accept', officerId: officer2.id });
    named.advance(DAY).do({ type: 'reply', ...OPINION, actor: officer2 });
    named.advance(DAY).do({ type: 'requestReview', reason: 'Unfair.' });
    // rules 1: the office reviewed its own reply.
    expect(named.lastEvent()).toMatchObject({ type: 'review_body_assigned', data: { stage: 'review', unitId: 'petition-office', fromUnitId: 'unit-office', via: 'policy' } });

    const policy: ResolvedPolicy = { ...policyFor() };
    delete policy.topReviewBodyUnitId;
    const unnamed = new Petition({}, policy);
    unnamed.advance(DAY).do({ type: 'accept', officerId: officer2.id });
    unnamed.advance(DAY).do({ type: 'reply', ...OPINION, actor: officer2 });
    unnamed.advance(DAY).do({ type: 'requestReview', reason: 'Unfair.' });
    expect(unnamed.lastEvent()).toMatchObject({ type: 'review_body_assigned', data: { unitId: 'unit-office', via: 'unchanged' } });
    expect(unnamed.try({ type: 'issueReviewOpinion', ...OPINION, actor: officer2 })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    unnamed.do({ type: 'issueReviewOpinion', ...OPINION, actor: reviewer });
  });
});

describe('windows are hard (point 6)', () => {
  const WINDOWS: { window: string; state: Reachable; kind: 'objection' | 'evaluation' | 'reviewRequest' | 'reReviewRequest'; cmd: Cmd }[] = [
    { window: 'the objection window (W23)', state: 'routed', kind: 'objection', cmd: { type: 'objectRouting', reason: 'Not ours.', actor: officer } },
    { window: 'the rating window', state: 'awaiting_evaluation', kind: 'evaluation', cmd: { type: 'evaluate', rating: 'dissatisfied' } },
    { window: 'the review request window (W35)', state: 'appeal_window', kind: 'reviewRequest', cmd: { type: 'requestReview', reason: 'Unfair.' } },
    { window: 'the re-review request window (W36)', state: 'appeal_window_review', kind: 'reReviewRequest', cmd: { type: 'requestReReview', reason: 'Unfair.' } },
  ];

  const answer = (c: PetitionCase, cmd: Cmd, at: string) => {
    const d = decide(c, withActor(cmd), at);
    return d.ok ? 'accepted' : `${d.refusal.code}: ${d.refusal.message}`;
  };

  it.each(WINDOWS)('$window: an action at its due time is allowed, one a millisecond later refused even before the wake-up ran', ({ state, kind, cmd }) => {
    const p = reach(state);
    const due = p.clock(kind).dueAt!;
    expect(answer(p.case, cmd, due)).toBe('accepted');
    expect(allowedActions(p.case, due)).toContain(cmd.type as CommandType);
    // rules 1: accepted until the wake-up lapsed the window.
    expect(answer(p.case, cmd, plus(due, 1))).toMatch(/^not_allowed: the .* closed on \d{4}-\d{2}-\d{2}; ".*" is no longer possible$/);
    expect(allowedActions(p.case, plus(due, 1))).not.toContain(cmd.type as CommandType);
  });

  it.each(WINDOWS)('$window: the wake-up and an action in the same instant get the same answer, whichever runs first', ({ state, kind, cmd }) => {
    const p = reach(state);
    const due = p.clock(kind).dueAt!;
    // The wake-up for it falls at the first instant after the window.
    expect(nextWakeAt({ ...p.case, clocks: p.case.clocks.filter((k) => k.kind === kind) })).toBe(Date.parse(due) + 1);
    for (const at of [due, plus(due, 1)]) {
      const before = answer(p.case, cmd, at);
      const woken = tick(p.case, at);
      const after = answer(woken.case, cmd, at);
      // rules 1: at the due time itself the wake-up lapsed the window and the action that came first was accepted.
      expect([at, woken.case.clocks.find((k) => k.id === p.clock(kind).id)!.outcome === 'lapsed']).toEqual([at, at !== due]);
      expect([at, after === 'accepted']).toEqual([at, before === 'accepted']);
      expect([at, before === 'accepted']).toEqual([at, at === due]);
      // And the same again, every time it is asked.
      expect(answer(p.case, cmd, at)).toBe(before);
    }
  });
});

describe('W36: final means final (point 10)', () => {
  const FINAL = { id: 'p-0000', queryCode: 'F1N4L0', closedAt: '2025-11-20T08:00:00.000Z', closingReason: 'final' as const };

  it('a new submission of the same matter after 终结 is registered and closed as not accepted, citing the final case', () => {
    const p = new Petition({ id: 'p-0002', precludedBy: FINAL });
    // rules 1: a fresh case was opened and the whole procedure ran again.
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'not_accepted', precludedBy: FINAL, closedAt: p.case.receivedAt });
    expect(p.case.notAcceptance?.reason).toContain('F1N4L0');
    expect(p.case.notAcceptance?.reason).toContain('第三十六条');
    expect(p.events().map((e) => [e.type, e.document])).toEqual([['registered', 'registration'], ['not_accepted', 'non_acceptance'], ['closed', 'closing']]);
    expect(p.events('not_accepted')[0]?.data).toMatchObject({ finalCaseId: 'p-0000', finalQueryCode: 'F1N4L0', legalProcedure: false });
    expect(p.notices.map((n) => `${n.recipient}:${n.kind}`)).toEqual(['petitioner:registration', 'petitioner:non_acceptance', 'petitioner:closing']);
    expect(p.notices[1]?.data).toMatchObject({ finalQueryCode: 'F1N4L0' });
    // The acceptance clock was answered in time by the non-acceptance.
    expect(p.clock('acceptance')).toMatchObject({ outcome: 'met' });
    expect(p.runningClocks()).toEqual([]);
  });

  it('a final case accepts nothing more: no appeal, no correction', () => {
    // rules 1: holds there too (a final case accepted nothing); kept so that no later command reopens one.
    const p = reach('in_re_review');
    p.do({ type: 'issueReReviewOpinion', ...OPINION, actor: reReviewer });
    p.do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case.closingReason).toBe('final');
    expect(allowedActions(p.case, p.now)).toEqual([]);
    for (const cmd of [{ type: 'requestReReview', reason: 'x' }, { type: 'reopen', reason: 'x' }, { type: 'withdraw', reason: 'x' }] as const) {
      expect(p.try(cmd)).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    }
  });
});
