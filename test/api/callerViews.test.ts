// Issue 11, point 3: each caller sees only what they may, in every answer. A petitioner and an anonymous
// caller get the public view of a case (steps, dates, documents) in every answer that carries one: the
// submission (201, and 200 for a repeat), the detail, every action's answer, a refusal, the timeline,
// the list and tracking. Never the matter key, the policy, who did what, escalations, supervision, the
// contact data or the actions staff may take. Staff get the whole case.
import { actionPath, expectOk, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import type { HttpResult } from '../support/http';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.close(); });

/** Internal names: keys of the staff view and the staff's own actions, and the staff users. */
const INTERNAL_KEYS = ['matterKey', 'policy', 'timeline', 'actor', 'officerId', 'leaderOwnerId', 'escalationLevel', 'escalations', 'supervision',
  'criticisms', 'petitioner', 'petitionerUserId', 'intakeOfficerId', 'allowedActions', 'clocks', 'likelyRepeatOf', 'linkedSubmissions', 'evaluations'];
const INTERNAL_TEXT = ['linkRepeat', 'recomputeDueDates', 'escalate', 'supervise', 'reassign', 'officer-li', 'intake-wang', 'supervisor-zhao', 'SECRET'];

function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keysOf(x, out); }
  return out;
}

/** What a petitioner or an anonymous caller may be shown: nothing internal, anywhere in the answer. */
function expectPublic(what: string, res: HttpResult, contact: string): void {
  const keys = keysOf(res.body);
  // A refusal's details name the caller's own allowed actions (checked below): the error shape's key, not the case's.
  const internal = INTERNAL_KEYS.filter((k) => !(res.status === 409 && k === 'allowedActions'));
  expect({ what, internalKeys: internal.filter((k) => keys.has(k)) }).toEqual({ what, internalKeys: [] });
  const text = JSON.stringify(res.body);
  expect({ what, internalText: [...INTERNAL_TEXT, contact].filter((t) => text.includes(t)) }).toEqual({ what, internalText: [] });
}

test('a petitioner\'s and an anonymous caller\'s answers carry the public view only, from submission to closing; staff get the whole case', async () => {
  const contact = '13977778888';
  const body = submissionBody({ petitioner: { name: '刘女士', contact, idNumber: '110101199003030033' } });

  // Submission: 201 as the petitioner and anonymously; the intake officer's is the staff view.
  const own = await stack.as('petitioner-liu').post('/api/v1/petitions', body);
  expect(own.status).toBe(201);
  expectPublic('201 petitioner', own, contact);
  expect(own.body.petition).toMatchObject({ id: expect.any(String), queryCode: expect.any(String), status: 'registered', steps: expect.any(Array), deadlines: expect.any(Array) });
  const anonymous = await stack.http.post('/api/v1/petitions', submissionBody({ petitioner: { name: '某人', contact: '13800001111' } }));
  expect(anonymous.status).toBe(201);
  expectPublic('201 anonymous', anonymous, '13800001111');
  const registered = await stack.as('intake-wang').post('/api/v1/petitions', submissionBody({ channel: 'letter' }));
  expect(registered.body.petition).toMatchObject({ matterKey: expect.any(String), policy: expect.any(Object), allowedActions: expect.any(Array) });
  const id = own.body.petition.id as string;

  // A repeat by the same account: 200, the public view of her case and the receipt.
  const repeat = await stack.as('petitioner-liu').post('/api/v1/petitions', { ...body, content: 'SECRET text of the repeat' });
  expect(repeat.status).toBe(200);
  expectPublic('200 repeat', repeat, contact);

  // Staff steps, with internal notes the petitioner must never see.
  expectOk(await stack.as('intake-wang').post(actionPath(id, 'accept'), { unitId: 'unit-labour', officerId: 'officer-li' }), 'accept');
  expectOk(await stack.as('supervisor-zhao').post(actionPath(id, 'supervise'), { instruction: 'SECRET instruction', listed: true }), 'supervise');
  expectOk(await stack.as('supervisor-zhao').post(actionPath(id, 'escalate'), { reason: 'SECRET escalation', level: 1 }), 'escalate');
  expectOk(await stack.as('officer-li').post(actionPath(id, 'reply'), OPINION), 'reply');

  expectPublic('detail', await stack.as('petitioner-liu').get(`/api/v1/petitions/${id}`), contact);
  expectPublic('timeline', await stack.as('petitioner-liu').get(`/api/v1/petitions/${id}/timeline`), contact);
  expectPublic('list', await stack.as('petitioner-liu').get('/api/v1/petitions?limit=100'), contact);
  expectPublic('tracking', await stack.http.get(`/api/v1/tracking/${own.body.petition.queryCode}`), contact);
  expectPublic('tracking by the repeat\'s receipt', await stack.http.get(`/api/v1/tracking/${repeat.body.submission.queryCode}`), contact);

  // Her own actions' answers, and a refusal: the refusal names what she may do, not what staff may.
  const rated = await stack.as('petitioner-liu').post(actionPath(id, 'evaluate'), { rating: 'dissatisfied' });
  expect(rated.status).toBe(200);
  expectPublic('evaluate', rated, contact);
  const refused = await stack.as('petitioner-liu').post(actionPath(id, 'evaluate'), { rating: 'satisfied' });
  expect(refused.status).toBe(409);
  expectPublic('409', refused, contact);
  expect(refused.body.error.details).toEqual({ status: 'appeal_window', allowedActions: ['requestReview', 'withdraw'] });
  const withdrawing = await stack.as('petitioner-liu').post(actionPath(id, 'withdraw'), { reason: 'Paid meanwhile' });
  expect(withdrawing.status).toBe(200);
  expectPublic('withdraw (waits for a supervisor)', withdrawing, contact);

  // The staff answer to the same case: the whole of it.
  const staff = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/petitions/${id}`), 'staff').body;
  expect(staff.petition).toMatchObject({ matterKey: expect.any(String), escalationLevel: 1, pendingWithdrawal: { by: 'petitioner-liu' } });
  expect(staff.yourActions).toContain('decideWithdrawal');
  const closed = await stack.as('supervisor-zhao').post(actionPath(id, 'decideWithdrawal'), { approve: true });
  expect(closed.body.petition).toMatchObject({ status: 'closed', supervision: [expect.objectContaining({ instruction: 'SECRET instruction' })] });
  expectPublic('detail when closed', await stack.as('petitioner-liu').get(`/api/v1/petitions/${id}`), contact);
});
