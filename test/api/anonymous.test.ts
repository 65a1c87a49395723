// 匿名 over HTTP: an anonymous report is registered, answered and closed; the public follows it by query code.
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.close(); });

const report = (overrides: Record<string, unknown> = {}) => ({
  class: 'report', anonymous: true, title: `Dumping at night ${Math.random()}`,
  content: 'A truck dumps construction waste by the river every night.', unitId: 'unit-housing', ...overrides,
});
const opinion = { decision: 'support', facts: 'Inspected on site.', legalBasis: 'Solid Waste Law art. 20', text: 'The site is fenced and fined.' };

test('an anonymous report is answered and closed without evaluation, and its query code shows the reply', async () => {
  // Signed in or not, an anonymous report is linked to no account.
  const submitted = await stack.as('petitioner-liu').post('/api/v1/petitions', report());
  expect(submitted.status).toBe(201);
  const { id, queryCode } = submitted.body.petition;
  // The submitter is answered with the public view; the case itself carries no account and no contact.
  for (const internal of ['petitioner', 'petitionerUserId', 'matterKey', 'timeline']) expect(submitted.body.petition).not.toHaveProperty(internal);
  const staff = (await stack.as('admin').get(`/api/v1/petitions/${id}`)).body.petition;
  expect(staff.anonymous).toBe(true);
  expect(staff.petitionerUserId).toBeUndefined();
  expect(staff.petitioner.contact).toBe('');
  expect((await stack.as('petitioner-liu').get(`/api/v1/petitions/${id}`)).status).toBe(403);

  expect((await stack.as('intake-wang').post(`/api/v1/petitions/${id}/actions/accept`, {})).status).toBe(200);
  expect((await stack.as('supervisor-zhao').post(`/api/v1/petitions/${id}/actions/assign`, { unitId: 'unit-housing', officerId: 'officer-chen' })).status).toBe(200);
  const replied = await stack.as('officer-chen').post(`/api/v1/petitions/${id}/actions/reply`, opinion);
  expect(replied.status).toBe(200);
  expect(replied.body.petition).toMatchObject({ status: 'closed', closingReason: 'answered_anonymous' });
  expect(replied.body.yourActions).toEqual([]);

  // Nobody to notify: the outbox holds officer notices only.
  const notices = await stack.db.notification.findMany({ where: { petitionId: id } });
  expect(notices.length).toBeGreaterThan(0);
  expect(notices.filter((n) => n.recipient === 'petitioner')).toEqual([]);

  const tracking = await stack.http.get(`/api/v1/tracking/${queryCode}`);
  expect(tracking.status).toBe(200);
  expect(JSON.stringify(tracking.body)).toContain('reply');
  expect(JSON.stringify(tracking.body)).toContain('answered_anonymous');
});

test('a claim cannot be anonymous, and an anonymous petition carries no petitioner: 400 naming the field', async () => {
  const claim = await stack.http.post('/api/v1/petitions', report({ class: 'claim' }));
  expect(claim.status).toBe(400);
  expect(claim.body.error.details).toEqual([expect.objectContaining({ field: 'anonymous' })]);

  const named = await stack.http.post('/api/v1/petitions', report({ petitioner: { name: '张三', contact: '13700000000' } }));
  expect(named.status).toBe(400);
  expect(named.body.error.details).toEqual([expect.objectContaining({ field: 'petitioner' })]);

  const nobody = await stack.http.post('/api/v1/petitions', report({ anonymous: false }));
  expect(nobody.status).toBe(400);
  expect(nobody.body.error.details).toEqual([expect.objectContaining({ field: 'petitioner' })]);
});

test('two anonymous reports with the same title are two cases, never linked as a repeat', async () => {
  const body = report();
  const first = await stack.http.post('/api/v1/petitions', body);
  const second = await stack.http.post('/api/v1/petitions', body);
  expect([first.status, second.status]).toEqual([201, 201]);
  expect(second.body.linkedTo).toBeNull();
  expect(second.body.petition.id).not.toBe(first.body.petition.id);
});
