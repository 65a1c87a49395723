// Saved filters on the real stack: a user's named query strings of the petition list, checked against the
// list's own parameters, replaced by name, private to their owner, and usable as they are stored.
import { driveTo, expectOk } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { signInAs } from '../support/session';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => stack?.close());

test('save, list, replace by name, delete; each user sees only their own', async () => {
  const li = stack.as('officer-li');
  const saved = await li.post('/api/v1/filters', { name: '逾期 overdue', query: '?overdue=true&sort=nextDeadline&order=asc' });
  expect(saved.status).toBe(201);
  expect(saved.body).toMatchObject({ name: '逾期 overdue', query: 'overdue=true&sort=nextDeadline&order=asc' });
  expect((await li.post('/api/v1/filters', { name: 'Mine in handling', query: 'officerId=me&status=in_handling,accepted' })).status).toBe(201);

  const replaced = await li.post('/api/v1/filters', { name: '逾期 overdue', query: 'overdue=true' });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({ id: saved.body.id, query: 'overdue=true' });
  expect(Date.parse(replaced.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(saved.body.updatedAt));

  const list = expectOk(await li.get('/api/v1/filters'), 'list').body.filters;
  expect(list.map((f: { name: string }) => f.name)).toEqual(['Mine in handling', '逾期 overdue']);
  expect((await stack.as('officer-chen').get('/api/v1/filters')).body.filters).toEqual([]);
  expect((await stack.as('officer-chen').call('DELETE', `/api/v1/filters/${saved.body.id}`)).status).toBe(404);

  expect(expectOk(await li.call('DELETE', `/api/v1/filters/${saved.body.id}`), 'delete').body).toEqual({ deleted: true });
  expect((await li.get('/api/v1/filters')).body.filters.map((f: { name: string }) => f.name)).toEqual(['Mine in handling']);
  expect((await li.call('DELETE', `/api/v1/filters/${saved.body.id}`)).status).toBe(404);
});

test('the query is checked against the list\'s parameters: the parameter and why, on the field "query"', async () => {
  const cases: [string, RegExp][] = [
    ['status=lost', /^status: /],
    ['colour=red', /^colour: not a parameter of the petition list$/],
    ['cursor=abc', /cursor is a position in one list/],
    ['status=registered&status=closed', /status is given twice/],
    ['q=%E0%A4%A', /broken percent-encoding/],
    ['limit=1000', /^limit: /],
  ];
  for (const [query, message] of cases) {
    const res = await stack.as('officer-li').post('/api/v1/filters', { name: `bad ${query}`, query });
    expect({ query, status: res.status, field: res.body.error.details[0].field }).toEqual({ query, status: 400, field: 'query' });
    expect(res.body.error.details[0].message).toMatch(message);
  }
  expect((await stack.as('officer-li').post('/api/v1/filters', { name: '', query: '' })).body.error.details[0].field).toBe('name');
  expect((await stack.as('officer-li').post('/api/v1/filters', { name: 'All', query: '' })).status).toBe(201);
});

test('a stored filter is the list query it names: appended to /api/v1/petitions it lists those cases', async () => {
  const c = await driveTo(stack, 'in_handling', { unitId: 'unit-labour' });
  const s = await signInAs(stack.baseUrl, 'officer-li');
  const saved = expectOk(await s.post('/api/v1/filters', { name: 'This one', query: `q=${encodeURIComponent(c.title)}&status=in_handling` }), 'save').body;
  const listed = expectOk(await s.get(`/api/v1/petitions?${saved.query}`), 'list').body.items;
  expect(listed.map((p: { id: string }) => p.id)).toEqual([c.id]);
  expect((await s.post('/api/v1/filters', { name: 'No CSRF', query: '' }, { csrf: false })).status).toBe(403);
  // A petitioner saves filters too (their own cases).
  expect((await stack.as('petitioner-liu').post('/api/v1/filters', { name: 'Open', query: 'status=registered' })).status).toBe(201);
});
