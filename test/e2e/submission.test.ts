// The thin end-to-end path: HTTP -> Temporal dev server -> worker -> activities -> SQLite.
import { BODY_LIMIT_BYTES } from '../../src/api/app';
import { PetitionStatus, PetitionUnit } from '../../src/temporal/searchAttributes';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';

let stack: ApiStack;
let http: ApiStack['http'];
let env: ApiStack['env'];
let dbh: { db: ApiStack['db'] };

const submission = (overrides: Record<string, unknown> = {}) => ({
  class: 'claim',
  title: `Unpaid wages ${Math.random()}`,
  content: 'The contractor has not paid the wages for March.',
  petitioner: { name: '李华', contact: '13900000000' },
  unitId: 'unit-labour',
  ...overrides,
});

beforeAll(async () => {
  stack = await startApiStack();
  ({ http, env } = stack);
  dbh = { db: stack.db };
});

afterAll(async () => {
  await stack?.close();
});

test('a submitted petition runs as workflow petition-<id>, is projected to the database and is found by its search attributes', async () => {
  const res = await http.post('/api/v1/petitions', submission());
  expect(res.status).toBe(201);
  const { petition } = res.body;
  expect(petition.status).toBe('registered');
  expect(petition.queryCode).toMatch(/^[A-Z2-9]{10}$/);
  expect(res.headers.get('location')).toBe(`/api/v1/petitions/${petition.id}`);

  // An anonymous submitter is answered with the public view: the acceptance due date, nothing internal.
  expect(petition.deadlines).toEqual([expect.objectContaining({ kind: 'acceptance', dueAt: expect.any(String) })]);
  expect(petition).not.toHaveProperty('matterKey');

  const detail = await stack.as('officer-li').get(`/api/v1/petitions/${petition.id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.petition).toMatchObject({ id: petition.id, status: 'registered', title: petition.title });
  const acceptance = detail.body.petition.clocks.find((c: { kind: string }) => c.kind === 'acceptance');
  expect(acceptance.limit).toEqual({ days: 15, unit: 'calendar' });
  expect(acceptance.dueAt).toBe(petition.deadlines[0].dueAt);

  const row = await eventually(() => dbh.db.petition.findUnique({ where: { id: petition.id } }).then((r) => r ?? undefined), 'projection row');
  expect(row).toMatchObject({ workflowId: `petition-${petition.id}`, status: 'registered', queryCode: petition.queryCode });
  const notices = await dbh.db.notification.findMany({ where: { petitionId: petition.id } });
  expect(notices.map((n) => n.kind)).toEqual(['registration']);

  const description = await env.client.workflow.getHandle(`petition-${petition.id}`).describe();
  expect(description.typedSearchAttributes.get(PetitionStatus)).toBe('registered');
  expect(description.typedSearchAttributes.get(PetitionUnit)).toBe('unit-labour');
  const found = await eventually(async () => {
    for await (const wf of env.client.workflow.list({ query: `PetitionStatus = 'registered' AND PetitionUnit = 'unit-labour'` })) {
      if (wf.workflowId === `petition-${petition.id}`) return wf;
    }
    return undefined;
  }, 'visibility listing');
  expect(found.type).toBe('petitionWorkflow');
});

test('a retried submission with the same Idempotency-Key returns the same petition', async () => {
  const body = submission();
  const first = await http.post('/api/v1/petitions', body, { 'Idempotency-Key': 'retry-key-0001' });
  const second = await http.post('/api/v1/petitions', body, { 'Idempotency-Key': 'retry-key-0001' });
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(second.body.petition.id).toBe(first.body.petition.id);
  expect(await dbh.db.petition.count({ where: { title: body.title } })).toBe(1);
  expect(second.body.petition.queryCode).toBe(first.body.petition.queryCode);
});

test('a repeat submission of an open matter by the same petitioner (identity checked at intake) is recorded on the existing case with its text, not started again', async () => {
  const body = submission();
  const first = await http.post('/api/v1/petitions', body);
  await eventually(() => dbh.db.petition.findUnique({ where: { id: first.body.petition.id } }).then((r) => r ?? undefined), 'projection row');
  const repeat = await stack.as('intake-wang').post('/api/v1/petitions', { ...body, channel: 'letter', content: 'Writing again about the same wages.', identityChecked: true });
  expect(repeat.status).toBe(200);
  expect(repeat.body.linkedTo).toBe(first.body.petition.id);
  expect(repeat.body.petition.linkedSubmissions).toHaveLength(1);
  expect(repeat.body.petition.timeline.at(-1)).toMatchObject({
    type: 'repeat_linked', data: { channel: 'letter', title: body.title, content: 'Writing again about the same wages.', basis: 'identity_checked', queryCode: repeat.body.submission.queryCode },
  });
  expect(await dbh.db.petition.count({ where: { title: body.title } })).toBe(1);
});

test('bad input gets a 400 naming the field; unknown ids and routes a 404; all in one error shape', async () => {
  const missing = await http.post('/api/v1/petitions', submission({ title: '' }));
  expect(missing.status).toBe(400);
  expect(missing.body.error).toMatchObject({ code: 'validation_failed' });
  expect(missing.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));

  const wrongClass = await http.post('/api/v1/petitions', submission({ class: 'gossip' }));
  expect(wrongClass.status).toBe(400);
  expect(wrongClass.body.error.details[0].field).toBe('class');

  const malformed = await http.post('/api/v1/petitions', '{"class": ', { 'content-type': 'application/json' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.code).toBe('malformed_json');

  const huge = await http.post('/api/v1/petitions', submission({ content: 'x'.repeat(BODY_LIMIT_BYTES + 1) }));
  expect(huge.status).toBe(413);
  expect(huge.body.error.code).toBe('payload_too_large');

  const unknown = await stack.as('supervisor-zhao').get('/api/v1/petitions/does-not-exist');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('not_found');

  const route = await http.get('/api/v1/nothing-here');
  expect(route.status).toBe(404);
  expect(route.body.error).toEqual({ code: 'not_found', message: 'no route for GET /api/v1/nothing-here', details: null });
});

test('GET /healthz reports the database and Temporal connections', async () => {
  const res = await http.get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'ok', database: 'ok', temporal: 'ok' });
});
