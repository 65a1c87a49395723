// Issue 11, point 1: staff act for a petitioner only where the petitioner cannot. An intake officer records
// a rating, a review request or a withdrawal only for a petitioner without an online account on the case
// (a letter, a visit, a call), with where and when it arrived; a case under supervision (督办, 挂牌督办)
// or escalation is withdrawn only when a supervisor agrees. Written over plain HTTP with the demo
// organisation, so the same file runs against the release before the statutory rules.
import type { CaseView } from '../../src/domain';
import { actionPath, expectOk, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.close(); });

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
const source = () => ({ channel: 'letter', receivedOn: today() });
const post = (who: string, id: string, action: string, body: Record<string, unknown>) => stack.as(who).post(actionPath(id, action), body);
const staff = async (id: string): Promise<CaseView> => expectOk(await stack.as('admin').get(`/api/v1/petitions/${id}`), 'detail').body.petition;
const buttons = async (who: string, id: string): Promise<string[]> => expectOk(await stack.as(who).get(`/api/v1/petitions/${id}`), `${who} detail`).body.yourActions;
/** What a refusal must leave alone. */
const state = async (id: string) => {
  const c = await staff(id);
  return { status: c.status, seq: c.seq, evaluations: c.evaluations.length, appeals: c.appeals.length, closedAt: c.closedAt ?? null };
};

/** Submitted online by petitioner-liu (an account), or registered from a letter by the intake officer; accepted with officer-li. */
async function inHandling(by: 'petitioner-liu' | 'letter'): Promise<CaseView> {
  const letter = by === 'letter';
  const res = await stack.as(letter ? 'intake-wang' : by).post('/api/v1/petitions', submissionBody(letter ? { channel: 'letter' } : {}));
  const id = expectOk(res, 'submit').body.petition.id as string;
  expectOk(await post('intake-wang', id, 'accept', { unitId: 'unit-labour', officerId: 'officer-li' }), 'accept');
  return staff(id);
}

/** Replied; a letter writer's reply is delivered by post and recorded by the officer. */
async function replied(by: 'petitioner-liu' | 'letter'): Promise<CaseView> {
  const c = await inHandling(by);
  const answer = expectOk(await post('officer-li', c.id, 'reply', { ...OPINION }), 'reply').body.petition as CaseView;
  if (answer.status === 'awaiting_delivery') expectOk(await post('officer-li', c.id, 'recordDelivery', { deliveredAt: answer.reply!.issuedAt, method: 'post' }), 'delivery');
  return staff(c.id);
}

test('for a petitioner with an online account the intake officer can neither rate, nor ask for a review, nor withdraw: 409 with the reason, nothing changes, and no such button', async () => {
  const c = await replied('petitioner-liu');
  expect(c).toMatchObject({ status: 'awaiting_evaluation', petitionerUserId: 'petitioner-liu' });
  for (const [action, body] of [
    ['evaluate', { rating: 'satisfied' }],
    ['evaluate', { rating: 'satisfied', comment: 'By phone' }],
    ['requestReview', { reason: 'By phone' }],
    ['withdraw', { reason: 'By phone' }],
  ] as const) {
    const before = await state(c.id);
    const res = await post('intake-wang', c.id, action, body);
    expect({ action, status: res.status, code: res.body.error?.code }).toEqual({ action, status: 409, code: 'action_not_allowed' });
    expect(res.body.error.message).toMatch(/online account/);
    expect(await state(c.id)).toEqual(before);
  }
  expect(await buttons('intake-wang', c.id)).toEqual([]);
  // She acts herself.
  expect(await buttons('petitioner-liu', c.id)).toEqual(expect.arrayContaining(['evaluate', 'requestReview', 'withdraw']));
});

test('for a letter writer without an account the intake officer records the rating with its source, the petitioner is told; without the source it is refused, and a petitioner never sends one', async () => {
  const letter = await replied('letter');
  expect(letter.petitionerUserId).toBeUndefined();
  const before = await state(letter.id);
  const bare = await post('intake-wang', letter.id, 'evaluate', { rating: 'dissatisfied' });
  expect({ status: bare.status, details: bare.body.error?.details }).toEqual({ status: 400, details: [{ field: 'source', message: expect.stringMatching(/required/) }] });
  expect(await state(letter.id)).toEqual(before);

  const rated = await post('intake-wang', letter.id, 'evaluate', { rating: 'dissatisfied', source: source() });
  expect(rated.status).toBe(200);
  expect(rated.body.petition.evaluations).toEqual([expect.objectContaining({ rating: 'dissatisfied', by: 'intake-wang', source: source() })]);
  // The review right is intact after any rating: the case waits in the appeal window.
  expect(rated.body.petition.status).toBe('appeal_window');
  const told = await stack.db.notification.findMany({ where: { petitionId: letter.id, kind: 'rating_recorded' } });
  expect(told.map((n) => [n.recipient, n.channel])).toEqual([['petitioner', 'letter']]);

  const online = await replied('petitioner-liu');
  const own = await post('petitioner-liu', online.id, 'evaluate', { rating: 'satisfied', source: source() });
  expect({ status: own.status, field: own.body.error?.details?.[0]?.field }).toEqual({ status: 400, field: 'source' });

  // Submitted online without a token: no account either, so the rating that comes by phone is recorded for them.
  const submitted = expectOk(await stack.http.post('/api/v1/petitions', submissionBody()), 'anonymous submission').body.petition;
  expectOk(await post('intake-wang', submitted.id, 'accept', { unitId: 'unit-labour', officerId: 'officer-li' }), 'accept');
  expectOk(await post('officer-li', submitted.id, 'reply', { ...OPINION }), 'reply');
  expect((await staff(submitted.id)).petitionerUserId).toBeUndefined();
  const byPhone = await post('intake-wang', submitted.id, 'evaluate', { rating: 'satisfied', source: { channel: 'phone', receivedOn: today() } });
  expect({ status: byPhone.status, source: byPhone.body.petition?.evaluations?.[0]?.source?.channel }).toEqual({ status: 200, source: 'phone' });
});

test('a case under listed supervision (挂牌督办) or escalation is not withdrawn by asking: the request waits for a supervisor, who decides', async () => {
  const supervised = await inHandling('petitioner-liu');
  expect((await post('supervisor-zhao', supervised.id, 'supervise', { instruction: 'Report weekly', listed: true })).status).toBe(202);
  const asked = await post('petitioner-liu', supervised.id, 'withdraw', { reason: 'The wages were paid' });
  expect(asked.status).toBe(200);
  expect(await staff(supervised.id)).toMatchObject({ status: 'in_handling', pendingWithdrawal: { by: 'petitioner-liu', reason: 'The wages were paid' } });
  expect((await stack.db.notification.findMany({ where: { petitionId: supervised.id, kind: 'withdrawal_requested' } })).map((n) => n.recipient)).toEqual(['supervisor']);
  const again = await post('petitioner-liu', supervised.id, 'withdraw', { reason: 'Again' });
  expect({ status: again.status, message: again.body.error?.message }).toEqual({ status: 409, message: expect.stringMatching(/already recorded/) });
  expect(await buttons('supervisor-zhao', supervised.id)).toContain('decideWithdrawal');
  const agreed = await post('supervisor-zhao', supervised.id, 'decideWithdrawal', { approve: true });
  expect(agreed.status).toBe(202);
  expect(agreed.body.petition).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });

  // A letter writer's withdrawal of an escalated case, recorded by the intake officer: the same.
  const escalated = await inHandling('letter');
  expect((await post('supervisor-zhao', escalated.id, 'escalate', { reason: 'Third complaint', level: 1 })).status).toBe(202);
  expect((await post('intake-wang', escalated.id, 'withdraw', { reason: 'By letter', source: source() })).status).toBe(200);
  expect(await staff(escalated.id)).toMatchObject({ status: 'in_handling', pendingWithdrawal: { by: 'intake-wang', source: source() } });
  const refused = await post('supervisor-zhao', escalated.id, 'decideWithdrawal', { approve: false, reason: 'The escalation stands' });
  expect(refused.status).toBe(202);
  const after = await staff(escalated.id);
  expect(after.status).toBe('in_handling');
  expect(after.pendingWithdrawal).toBeUndefined();
  expect(after.timeline.at(-1)).toMatchObject({ type: 'withdrawal_refused', data: { reason: 'The escalation stands' } });
});
