// 匿名: anonymous suggestions and reports are handled, but nobody can rate, appeal or be notified.
import { allowedActions, mayBeAnonymous, nextWakeAt, type Effect } from '../../src/domain';
import { DAY, OPINION, Petition } from './domainFixtures';

const petitionerNotices = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'notify' && e.notice.recipient === 'petitioner');

const anonymousReport = () => new Petition({
  class: 'report', anonymous: true, petitioner: { name: '匿名 (anonymous)', contact: '' }, petitionerUserId: undefined,
});

describe('anonymous petitions (匿名)', () => {
  it('only suggestions and reports may be anonymous; a claim needs a petitioner', () => {
    expect(mayBeAnonymous('suggestion')).toBe(true);
    expect(mayBeAnonymous('report')).toBe(true);
    expect(mayBeAnonymous('claim')).toBe(false);
  });

  it('registers with the acceptance clock, but sends the petitioner nothing: there is no address', () => {
    const p = anonymousReport();
    expect(p.case).toMatchObject({ status: 'registered', anonymous: true });
    expect(p.clock('acceptance').dueAt).toBeDefined();
    expect(petitionerNotices(p.effects)).toEqual([]);
  });

  it('is answered and then closed "answered_anonymous": no evaluation window, no return visit, no appeal', () => {
    const p = anonymousReport();
    p.advance(DAY);
    expect(petitionerNotices(p.do({ type: 'accept' }))).toEqual([]);
    p.do({ type: 'assign', unitId: 'unit-housing', officerId: 'officer-li' });
    p.advance(10 * DAY);
    const replied = p.do({ type: 'reply', ...OPINION });
    expect(p.case).toMatchObject({ status: 'closed', closingReason: 'answered_anonymous', closedAt: p.now, stage: 'handling' });
    expect(p.case.reply).toMatchObject({ decision: OPINION.decision });
    expect(p.events().slice(-2).map((e) => [e.type, e.document])).toEqual([['replied', 'reply'], ['closed', 'closing']]);
    expect(p.clock('handling')).toMatchObject({ outcome: 'met' });
    expect(p.case.clocks.some((k) => k.kind === 'evaluation')).toBe(false);
    expect(petitionerNotices(replied)).toEqual([]);
    expect(allowedActions(p.case)).toEqual([]);
    expect(nextWakeAt(p.case)).toBeUndefined();
  });

  it('a named petition still waits for the rating after the reply', () => {
    const p = new Petition({ class: 'report' });
    p.advance(DAY);
    p.do({ type: 'accept' });
    p.do({ type: 'assign', unitId: 'unit-housing', officerId: 'officer-li' });
    p.do({ type: 'reply', ...OPINION });
    expect(p.case.status).toBe('awaiting_evaluation');
  });
});
