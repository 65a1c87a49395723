// The first release's rules (rules 1), kept only so that petitions recorded under them replay exactly
// as they ran, and the step that moves such a petition onto the current rules (adoptCurrentRules).
// Each test here pins a behaviour rules 2 changed on purpose (issue 10); the rules-2 side of each is in
// decide.test.ts and statutory*.test.ts.
import { adoptCurrentRules, allowedActions, asCurrentRules, CURRENT_RULES, decide } from '../../src/domain';
import { markers } from '../../src/domain/clocks';
import { DAY, HOUR, OPINION, Petition, applyAnswers, citizen, officer, plus, policyFor, withActor } from './domainFixtures';

/** A petition registered on the first release's rules. */
const rules1 = (): Petition => new Petition({}, policyFor(), 1);

/** A rules-1 petition in handling (accepted day 1, assigned to housing day 2), as recorded histories have them. */
function inHandling(): Petition {
  const p = rules1();
  p.advance(DAY).do({ type: 'accept' });
  p.advance(DAY).do({ type: 'assign', unitId: 'unit-housing', officerId: officer.id });
  return p;
}

function replied(): Petition {
  const p = inHandling();
  p.advance(20 * DAY).do({ type: 'reply', ...OPINION });
  return p;
}

describe('rules 1: what recorded petitions replay on', () => {
  it('a case without a rules mark runs on rules 1', () => {
    const p = rules1();
    expect(p.case.rules).toBeUndefined();
    expect(CURRENT_RULES).toBe(2);
  });

  it('a reply is not "delivered" and opens only the rating window; a satisfied rating closes the case at once', () => {
    const p = replied();
    expect(p.case.status).toBe('awaiting_evaluation');
    expect(p.case.deliveries).toBeUndefined();
    expect(p.runningClocks().map((k) => k.kind)).toEqual(['evaluation']);
    p.advance(DAY).do({ type: 'evaluate', rating: 'satisfied' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'satisfied', closedAt: p.now });
    expect(p.case.clocks.some((k) => k.kind === 'reviewRequest')).toBe(false);
  });

  it('only a dissatisfied rating opens the review window, counted from the rating', () => {
    const p = replied();
    p.advance(3 * DAY).do({ type: 'evaluate', rating: 'dissatisfied' });
    expect(p.case.status).toBe('appeal_window');
    expect(p.clock('reviewRequest').startedAt).toBe(p.now);
  });

  it('the case officer pauses the handling clock alone and resumes it; the paused time counts to the millisecond', () => {
    // Accepted Saturday 7 March: the 60th day is Wednesday 6 May, no rest day to roll over.
    const p = new Petition({ receivedAt: '2026-03-06T01:00:00.000Z' }, policyFor(), 1);
    p.advance(DAY).do({ type: 'accept', officerId: officer.id });
    const due = p.clock('handling').dueAt!;
    expect(due).toBe('2026-05-06T15:59:59.999Z');
    expect(allowedActions(p.case)).toContain('pauseClock');
    p.advance(DAY).do({ type: 'pauseClock', reason: 'hearing' });
    expect(p.clock('handling').pauses).toEqual([{ from: p.now, reason: 'hearing', by: officer.id }]);
    p.advance(2 * HOUR).do({ type: 'resumeClock' });
    expect(p.clock('handling').pausedMs).toBe(2 * HOUR);
    expect(p.clock('handling').dueAt).toBe(plus(due, 2 * HOUR));
  });

  it('routing restarts the acceptance clock, and an objection moves the case back at once with yet another one', () => {
    const p = rules1();
    p.advance(DAY).do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing.' });
    expect(p.case.clocks.filter((k) => k.kind === 'acceptance').map((k) => [k.id, k.outcome, k.startedAt])).toEqual([
      ['acceptance-1', 'met', p.case.receivedAt],
      ['acceptance-2', undefined, p.now],
    ]);
    p.advance(DAY).do({ type: 'objectRouting', reason: 'Not ours.', actor: officer });
    expect(p.case).toMatchObject({ status: 'registered', unitId: 'unit-office' });
    expect(p.case.pendingObjection).toBeUndefined();
    expect(p.clock('acceptance')).toMatchObject({ id: 'acceptance-3', startedAt: p.now });
    expect(p.lastEvent()).toMatchObject({ type: 'routing_objected', document: 'transfer' });
  });

  it('a window lapses, and a breach fires, at the due date\'s last instant itself', () => {
    const routed = rules1();
    routed.advance(DAY).do({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing.' });
    const objectionDue = routed.clock('objection').dueAt!;
    routed.tick(objectionDue);
    expect(routed.clock('objection')).toMatchObject({ outcome: 'lapsed', stoppedAt: objectionDue });

    const p = inHandling();
    const due = p.clock('handling').dueAt!;
    expect(markers(p.clock('handling'), p.case.policy, 1).find((m) => m.id === 'breach')?.at).toBe(Date.parse(due));
    p.tick(due);
    expect(p.lastEvent()).toMatchObject({ type: 'deadline_breached', at: due });
    expect(p.clock('handling').breach).toBeUndefined();
  });

  it('an extension may still be approved after the breach, and the breach is armed again for the new due date', () => {
    const p = inHandling();
    p.tick(plus(p.clock('handling').dueAt!, HOUR));
    p.do({ type: 'requestExtension', days: 20, reason: 'Late appraisal.' });
    p.do({ type: 'decideExtension', approve: true });
    expect(p.clock('handling').fired).not.toContain('breach');
    p.tick(plus(p.clock('handling').dueAt!, HOUR));
    expect(p.events('deadline_breached')).toHaveLength(2);
  });

  it('a withdrawal needs no reason and closes at once, even under supervision', () => {
    const p = inHandling();
    p.do({ type: 'supervise', instruction: 'Report.' });
    p.do({ type: 'withdraw' });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
    expect(p.clock('supervisionReply').outcome).toBe('cancelled');
  });

  it('an escalation to a lower level is recorded (the level stays)', () => {
    const p = inHandling();
    p.do({ type: 'escalate', reason: 'Serious.', level: 2 });
    p.do({ type: 'escalate', reason: 'Minor.', level: 1 });
    expect(p.case.escalationLevel).toBe(2);
    expect(p.case.escalations.map((e) => e.level)).toEqual([2, 1]);
  });
});

describe('adoptCurrentRules: a recorded petition moves onto rules 2 at its next live step', () => {
  it('in awaiting_evaluation: the review window is opened from the reply\'s issue time, and a later rating leaves it open', () => {
    const p = replied();
    const repliedAt = p.case.reply!.issuedAt;
    p.advance(2 * DAY);
    const adopted = adoptCurrentRules(p.case, p.now);
    expect(adopted.case.rules).toBe(2);
    // The reply was online: delivered when issued; W35's 30 days run from then, not from the adoption.
    expect(adopted.case.deliveries).toEqual([{ stage: 'handling', at: repliedAt, method: 'online', recordedBy: 'system' }]);
    expect(adopted.case.clocks.find((k) => k.kind === 'reviewRequest')).toMatchObject({ id: 'reviewRequest-1', startedAt: repliedAt });
    expect(adopted.effects).toEqual([{ type: 'computeDueDates', clockIds: ['reviewRequest-1'] }]);
    expect(adopted.case.timeline.slice(-1)).toEqual([
      { seq: p.case.seq + 1, at: p.now, type: 'rules_adopted', actor: 'system', data: { rules: 2, appealWindowOpened: true } },
    ]);
    // The input is untouched (a validator may call it on the live state).
    expect(p.case.rules).toBeUndefined();

    p.case = applyAnswers(adopted.case, adopted.effects, p.now);
    // Replied Tuesday 24 March: the 30 days end on Thursday 23 April.
    expect(p.clock('reviewRequest').dueDate).toBe('2026-04-23');
    p.advance(DAY).do({ type: 'evaluate', rating: 'satisfied' });
    expect(p.case.status).toBe('appeal_window');
    const due = p.clock('reviewRequest').dueAt!;
    expect(decide(p.case, withActor({ type: 'requestReview', reason: 'Changed my mind.' }), due).ok).toBe(true);
  });

  it('in return_visit_required the window is opened the same way', () => {
    const p = replied();
    p.tick(plus(p.clock('evaluation').dueAt!, HOUR));
    expect(p.case.status).toBe('return_visit_required');
    const adopted = adoptCurrentRules(p.case, p.now);
    expect(adopted.case.clocks.find((k) => k.kind === 'reviewRequest')?.startedAt).toBe(p.case.reply!.issuedAt);
    expect(asCurrentRules(p.case, p.now)).toEqual(adopted.case);
  });

  it('in appeal_window the window a dissatisfied rating opened is kept, not opened twice', () => {
    const p = replied();
    p.advance(DAY).do({ type: 'evaluate', rating: 'dissatisfied' });
    const adopted = adoptCurrentRules(p.case, p.now);
    expect(adopted.case.clocks.filter((k) => k.kind === 'reviewRequest')).toHaveLength(1);
    expect(adopted.effects).toEqual([]);
    expect(adopted.case.timeline.slice(-1)[0]?.data).toEqual({ rules: 2, appealWindowOpened: false });
  });

  it('a rules-1 breach marker becomes a breach record with the unit that held the clock: the clock stays late', () => {
    const p = inHandling();
    const due = p.clock('handling').dueAt!;
    p.tick(plus(due, HOUR));
    expect(p.clock('handling').fired).toContain('breach');
    const adopted = adoptCurrentRules(p.case, p.now);
    expect(adopted.case.clocks.find((k) => k.kind === 'handling')?.breach).toEqual({ at: plus(due, HOUR), unitId: 'unit-housing' });
    p.case = adopted.case;
    // On rules 2 no extension is possible after the period, and the reply counts as late.
    expect(p.try({ type: 'requestExtension', days: 10, reason: 'Late.' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
    p.do({ type: 'reply', ...OPINION });
    expect(p.clock('handling').outcome).toBe('late');
    expect(p.events('replied')[0]?.data).toMatchObject({ unitId: 'unit-housing', onTime: false });
  });

  it('a closed case is left untouched, and so is a case already on rules 2', () => {
    const closed = replied();
    closed.do({ type: 'evaluate', rating: 'satisfied' });
    const r1 = adoptCurrentRules(closed.case, closed.now);
    expect(r1.case).toBe(closed.case);
    expect(r1.effects).toEqual([]);

    const current = new Petition({}, policyFor(), CURRENT_RULES);
    const r2 = adoptCurrentRules(current.case, current.now);
    expect(r2.case).toBe(current.case);
    expect(r2.effects).toEqual([]);
  });

  it('the petitioner acts on the adopted case under rules 2: a review may be asked for before any rating', () => {
    const p = replied();
    expect(p.try({ type: 'requestReview', reason: 'Unfair.', actor: citizen }).ok).toBe(false);
    p.case = applyAnswers(adoptCurrentRules(p.case, p.now).case, adoptCurrentRules(p.case, p.now).effects, p.now);
    p.do({ type: 'requestReview', reason: 'Unfair.', actor: citizen });
    expect(p.case.status).toBe('in_review');
    expect(p.case.unitId).toBe('unit-office');
  });

  it('a rules-1 breach whose marker a late extension re-armed is still found (in the timeline): it stays late and never fires again', () => {
    const p = inHandling();
    const due = p.clock('handling').dueAt!;
    p.tick(plus(due, HOUR));
    // Rules 1 allowed an extension after the breach; it re-armed the breach marker.
    p.advance(HOUR).do({ type: 'requestExtension', days: 20, reason: 'Late, but rules 1 allowed it.' });
    p.advance(HOUR).do({ type: 'decideExtension', approve: true });
    expect(p.clock('handling').fired).not.toContain('breach');
    const adopted = adoptCurrentRules(p.case, p.now);
    const clock = adopted.case.clocks.find((k) => k.kind === 'handling')!;
    expect(clock.breach).toEqual({ at: plus(due, HOUR), unitId: 'unit-housing' });
    expect(clock.fired).toContain('breach');
    p.case = adopted.case;
    const extended = p.clock('handling').dueAt!;
    expect(p.tick(plus(extended, HOUR)).effects.filter((e) => e.type === 'notify' && e.notice.kind === 'deadline_breached')).toEqual([]);
    p.do({ type: 'reply', ...OPINION });
    expect(p.clock('handling').outcome).toBe('late');
  });
});
