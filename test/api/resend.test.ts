// A lost query code on the real stack: sent again as an outbox notice to the contact on file when the
// details match, the same answer when they do not, throttled per contact and per address in the database,
// and left out of the reconciliation of the workflow's own notices.
import { isConsistent, reconcile } from '../../src/ops/reconcile';
import { expectOk, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
let nextAddress = 1;
const from = () => ({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });
beforeAll(async () => { stack = await startApiStack({ trustProxy: true, resend: { perContact: 3, perAddress: 5, windowMs: 60_000 } }); });
afterAll(async () => stack?.close());

const resend = (body: Record<string, unknown>, headers = from()) => stack.http.post('/api/v1/tracking/resend', body, headers);
const sent = (petitionId: string) => stack.db.notification.findMany({ where: { petitionId, kind: 'query_code_resent' } });

test('matching contact and title (or ID number): the code goes to the contact on file as an SMS notice; the answer never shows it', async () => {
  const c = expectOk(await stack.http.post('/api/v1/petitions', submissionBody({
    title: '小区供暖不热 Heating', petitioner: { name: '周先生', contact: '139-0000-4321', idNumber: '110101199001011234' }, unitId: 'unit-housing',
  })), 'submit').body.petition;
  const matched = await resend({ contact: '+86 139 0000 4321', title: '小区供暖不热  heating' });
  const unmatched = await resend({ contact: '13900004321', title: 'Another title' });
  expect([matched.status, unmatched.status]).toEqual([202, 202]);
  expect(matched.body).toEqual(unmatched.body);
  expect(JSON.stringify(matched.body)).not.toContain(c.queryCode);
  expect(matched.headers.get('cache-control')).toBe('no-store');

  const notices = await sent(c.id);
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ recipient: 'petitioner', channel: 'sms', key: expect.stringMatching(/^api:query_code_resent:/) });
  expect(JSON.parse(notices[0]!.body)).toMatchObject({ queryCode: c.queryCode });

  expect((await resend({ contact: '13900004321', idNumber: '110101199001011234' })).status).toBe(202);
  expect(await sent(c.id)).toHaveLength(2);
  // The workflow's own notices are still exactly those in its history: the API's do not count.
  const report = await reconcile({ client: stack.env.client, db: stack.db, petitionIds: [c.id] });
  expect({ consistent: isConsistent(report), mismatches: report.mismatches }).toEqual({ consistent: true, mismatches: [] });
});

test('a letter case gets its code by letter; an anonymous case (no contact) is never matched', async () => {
  const letter = expectOk(await stack.as('intake-wang').post('/api/v1/petitions', submissionBody({
    channel: 'letter', title: '道路积水', petitioner: { name: '王先生', contact: '青年路12号', address: '青年路12号' }, unitId: 'unit-housing',
  })), 'register').body.petition;
  expect((await resend({ contact: '青年路 12号', title: '道路积水' })).status).toBe(202);
  expect((await sent(letter.id)).map((n) => n.channel)).toEqual(['letter']);
  const anonymous = expectOk(await stack.http.post('/api/v1/petitions', { class: 'suggestion', anonymous: true, title: '匿名建议', content: 'x' }), 'anonymous').body.petition;
  expect((await resend({ contact: '-', title: '匿名建议' })).status).toBe(202);
  expect(await sent(anonymous.id)).toHaveLength(0);
});

test('the title or the ID number is required as well as the contact', async () => {
  const res = await resend({ contact: '13900004321' });
  expect(res.status).toBe(400);
  expect(res.body.error.details).toEqual([{ field: 'title', message: 'give the title or the ID number as well as the contact' }]);
  expect((await resend({ contact: '13900004321', title: 'x', code: 'ABC' })).status).toBe(400);
});

test('throttled per contact and per address, matched or not (429 with Retry-After); a garbage token is refused', async () => {
  for (let i = 0; i < 3; i++) expect((await resend({ contact: '13811112222', title: `guess ${i}` })).status).toBe(202);
  const blocked = await resend({ contact: '138 1111 2222', title: 'guess 4' });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(blocked.body.error.message).toContain('to this contact');

  const address = from();
  for (let i = 0; i < 5; i++) expect((await resend({ contact: `1370000000${i}`, title: 'x' }, address)).status).toBe(202);
  const fromHere = await resend({ contact: '13799999999', title: 'x' }, address);
  expect([fromHere.status, fromHere.body.error.message]).toEqual([429, expect.stringContaining('from this address')]);
  expect((await stack.http.post('/api/v1/tracking/resend', { contact: '1', title: 'x' }, { authorization: 'Bearer nonsense', ...from() })).status).toBe(401);
});
