// Internal notes on the real stack: staff in the case's scope write and read them; nobody else does, and
// they appear in no answer a petitioner or the public gets.
import { driveTo, expectOk } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { signInAs } from '../support/session';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => stack?.close());

test('staff in scope add notes and read them in order, with author and time', async () => {
  const c = await driveTo(stack, 'in_handling', { unitId: 'unit-labour', petitioner: 'petitioner-liu' });
  const first = await stack.as('officer-li').post(`/api/v1/petitions/${c.id}/notes`, { text: '电话联系了用人单位，承诺周五前答复。Called the employer.' });
  expect(first.status).toBe(201);
  expect(first.body).toEqual({
    id: expect.any(String), petitionId: c.id, authorId: 'officer-li', authorName: '李承办 Li (labour case officer)',
    text: '电话联系了用人单位，承诺周五前答复。Called the employer.', createdAt: expect.any(String),
  });
  const s = await signInAs(stack.baseUrl, 'supervisor-sun');
  expect((await s.post(`/api/v1/petitions/${c.id}/notes`, { text: 'Without CSRF' }, { csrf: false })).status).toBe(403);
  expect((await s.post(`/api/v1/petitions/${c.id}/notes`, { text: 'Keep me informed.' })).status).toBe(201);

  for (const reader of ['officer-li', 'supervisor-sun', 'supervisor-zhao', 'intake-wang', 'admin']) {
    const notes = expectOk(await stack.as(reader).get(`/api/v1/petitions/${c.id}/notes`), reader).body.notes;
    expect({ reader, notes: notes.map((n: { authorId: string }) => n.authorId) }).toEqual({ reader, notes: ['officer-li', 'supervisor-sun'] });
  }
  // Outside the scope, a petitioner, or an admin writing: refused.
  expect((await stack.as('officer-chen').get(`/api/v1/petitions/${c.id}/notes`)).status).toBe(403);
  expect((await stack.as('officer-chen').post(`/api/v1/petitions/${c.id}/notes`, { text: 'x' })).status).toBe(403);
  expect((await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}/notes`)).status).toBe(403);
  expect((await stack.as('admin').post(`/api/v1/petitions/${c.id}/notes`, { text: 'x' })).status).toBe(403);
  expect((await stack.as('officer-li').get('/api/v1/petitions/no-such-case/notes')).status).toBe(404);
  expect((await stack.as('officer-li').post(`/api/v1/petitions/${c.id}/notes`, { text: '   ' })).body.error.details).toEqual([{ field: 'text', message: 'must not be empty' }]);
  expect((await stack.as('officer-li').post(`/api/v1/petitions/${c.id}/notes`, { text: 'x'.repeat(5001) })).status).toBe(400);

  // The case itself is untouched (a note is not a step), and no petitioner or public answer carries a note.
  const staff = expectOk(await stack.as('admin').get(`/api/v1/petitions/${c.id}`), 'detail').body.petition;
  expect(staff.seq).toBe(c.seq);
  const seen = [
    await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}`),
    await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}/timeline`),
    await stack.as('petitioner-liu').get('/api/v1/petitions'),
    await stack.http.get(`/api/v1/tracking/${c.queryCode}`),
    await stack.as('officer-li').get(`/api/v1/petitions/${c.id}`),
  ];
  for (const res of seen) {
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/Called the employer|Keep me informed/);
  }
});

test('a retried note with the same Idempotency-Key is added once', async () => {
  const c = await driveTo(stack, 'registered', { unitId: 'unit-housing', petitioner: 'petitioner-zhou' });
  const headers = { 'Idempotency-Key': `note-${c.id}` };
  const a = await stack.as('officer-chen').post(`/api/v1/petitions/${c.id}/notes`, { text: 'Once' }, headers);
  const b = await stack.as('officer-chen').post(`/api/v1/petitions/${c.id}/notes`, { text: 'Once' }, headers);
  expect([a.status, b.status, b.headers.get('idempotent-replayed'), b.body.id]).toEqual([201, 201, 'true', a.body.id]);
  expect((await stack.as('officer-chen').get(`/api/v1/petitions/${c.id}/notes`)).body.notes).toHaveLength(1);
});
