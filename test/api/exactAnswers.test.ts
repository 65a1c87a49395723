// Issue 11, point 4: answers are current and exact. A supervisor's approval answers with the new due date;
// a refusal that depends on the case (more days than remain, a level not above the current one) is 409
// action_not_allowed with the reason, never a 400 and never recorded; one documented maximum escalation
// level; a wrong method is 405 with Allow on every documented path; no input of any length gets an
// undocumented status (a 2,000-character cursor of emoji was a 431).
import { actionPath, expectOk, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.close(); });

const post = (who: string, id: string, action: string, body: Record<string, unknown>) => stack.as(who).post(actionPath(id, action), body);
const staff = async (id: string) => expectOk(await stack.as('admin').get(`/api/v1/petitions/${id}`), 'detail').body.petition;

async function inHandling(): Promise<string> {
  const id = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody()), 'submit').body.petition.id as string;
  expectOk(await post('intake-wang', id, 'accept', { unitId: 'unit-labour', officerId: 'officer-li' }), 'accept');
  return id;
}

const handlingOf = (c: { clocks: { kind: string; dueAt?: string; extensionDays: number }[] }) => c.clocks.find((k) => k.kind === 'handling')!;

test('a supervisor\'s extension approval (a signal, 202) answers with the new due date, counted before the answer', async () => {
  const id = await inHandling();
  const before = handlingOf(await staff(id)).dueAt!;
  expectOk(await post('officer-li', id, 'requestExtension', { days: 20, reason: 'An expert opinion is needed' }), 'request');
  const approved = await post('supervisor-zhao', id, 'decideExtension', { approve: true });
  expect(approved.status).toBe(202);
  const answered = handlingOf(approved.body.petition);
  expect(answered.extensionDays).toBe(20);
  expect(Date.parse(answered.dueAt!) - Date.parse(before)).toBeGreaterThanOrEqual(19 * 86_400_000);
  // The same date the case shows afterwards, and the same the list shows at once.
  expect(answered.dueAt).toBe(handlingOf(await staff(id)).dueAt);
  const row = await stack.db.petition.findUniqueOrThrow({ where: { id } });
  expect(row.nextDeadline?.toISOString()).toBe(answered.dueAt);
});

test('more extension days than remain: 409 action_not_allowed with the numbers, not a 400; nothing recorded', async () => {
  const id = await inHandling();
  const thirtyOne = await post('officer-li', id, 'requestExtension', { days: 31, reason: 'complex' });
  expect({ status: thirtyOne.status, code: thirtyOne.body.error?.code }).toEqual({ status: 409, code: 'action_not_allowed' });
  expect(thirtyOne.body.error.message).toMatch(/31 extension days asked, 30 remain of the 30 allowed/);
  expect(thirtyOne.body.error.details).toEqual({ status: 'in_handling', allowedActions: expect.arrayContaining(['requestExtension']) });
  expectOk(await post('officer-li', id, 'requestExtension', { days: 20, reason: 'complex' }), 'twenty');
  expect((await post('supervisor-zhao', id, 'decideExtension', { approve: true })).status).toBe(202);
  const eleven = await post('officer-li', id, 'requestExtension', { days: 11, reason: 'more' });
  expect({ status: eleven.status, message: eleven.body.error?.message }).toEqual({ status: 409, message: expect.stringMatching(/11 extension days asked, 10 remain/) });
  expect((await staff(id)).pendingExtension).toBeUndefined();
  // A value no case could accept is still the field's 400.
  const half = await post('officer-li', id, 'requestExtension', { days: 1.5, reason: 'x' });
  expect({ status: half.status, field: half.body.error?.details?.[0]?.field }).toEqual({ status: 400, field: 'days' });
});

test('escalating to a level that is not higher is 409 and neither recorded nor counted; the highest level is documented once', async () => {
  const id = await inHandling();
  expect((await post('supervisor-zhao', id, 'escalate', { reason: 'Slow', level: 2 })).status).toBe(202);
  for (const level of [1, 2]) {
    const res = await post('supervisor-zhao', id, 'escalate', { reason: 'Again', level });
    expect({ level, status: res.status, code: res.body.error?.code }).toEqual({ level, status: 409, code: 'action_not_allowed' });
    expect(res.body.error.message).toMatch(/already at escalation level 2/);
  }
  const c = await staff(id);
  expect({ level: c.escalationLevel, escalations: c.escalations.length, events: c.timeline.filter((e: { type: string }) => e.type === 'escalated').length })
    .toEqual({ level: 2, escalations: 1, events: 1 });
  expect((await stack.db.petitionEvent.count({ where: { petitionId: id, type: 'escalated' } }))).toBe(1);
  expect((await post('supervisor-zhao', id, 'escalate', { reason: 'To the leadership', level: 3 })).status).toBe(202);
  const above = await post('supervisor-zhao', id, 'escalate', { reason: 'Higher still', level: 4 });
  expect({ status: above.status, field: above.body.error?.details?.[0]?.field }).toEqual({ status: 400, field: 'level' });
  const atTop = (await stack.as('supervisor-zhao').get(`/api/v1/petitions/${id}`)).body;
  expect(atTop.yourActions).not.toContain('escalate');

  const doc = expectOk(await stack.http.get('/api/openapi.json'), 'document').body;
  const level = doc.paths['/api/v1/petitions/{id}/actions/escalate'].post.requestBody.content['application/json'].schema.properties.level;
  expect(level).toMatchObject({ minimum: 1, maximum: 3 });
  const listParams = doc.paths['/api/v1/petitions'].get.parameters;
  expect(listParams.find((p: { name: string }) => p.name === 'minEscalationLevel').schema.maximum).toBe(3);
  expect((await stack.as('admin').get('/api/v1/petitions?escalationLevel=4')).status).toBe(400);
  expect((await stack.as('admin').get('/api/v1/petitions?escalationLevel=3')).status).toBe(200);
});

test('a wrong method on every documented path answers 405 with Allow, in the error shape', async () => {
  const doc = expectOk(await stack.http.get('/api/openapi.json'), 'document').body as { paths: Record<string, Record<string, unknown>> };
  const id = await inHandling();
  for (const [template, item] of Object.entries(doc.paths)) {
    const path = template.replace('{id}', id).replace('{queryCode}', 'ABCDEFGHJK');
    const own = Object.keys(item).map((m) => m.toUpperCase());
    const allow = [...(own.includes('GET') ? ['GET', 'HEAD'] : []), ...own.filter((m) => m !== 'GET')];
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !own.includes(m))) {
      const res = await stack.as('admin').call(method, path, method === 'GET' ? undefined : {});
      expect({ template, method, status: res.status, allow: res.headers.get('allow'), code: res.body?.error?.code })
        .toEqual({ template, method, status: 405, allow: allow.join(', '), code: 'method_not_allowed' });
      expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
    }
  }
});

test('a 2,000-character cursor of emoji is a 400 naming the cursor, not a 431; a request head over the documented 64 KB is a 400 too', async () => {
  const emoji = encodeURIComponent('🙂'.repeat(2000));
  for (const path of [`/api/v1/petitions?cursor=${emoji}`, `/api/v1/board?cursor=${emoji}`]) {
    const res = await stack.as('admin').get(path);
    expect({ path: path.slice(0, 20), status: res.status, code: res.body?.error?.code, field: res.body?.error?.details?.[0]?.field })
      .toEqual({ path: path.slice(0, 20), status: 400, code: 'validation_failed', field: 'cursor' });
  }
  // The longest cursor the document allows, of characters that take most bytes, reaches the application.
  const longest = await stack.as('admin').get(`/api/v1/petitions?cursor=${encodeURIComponent('字'.repeat(2000))}`);
  expect({ status: longest.status, field: longest.body?.error?.details?.[0]?.field }).toEqual({ status: 400, field: 'cursor' });
  const huge = await stack.as('admin').get(`/api/v1/petitions?q=${'a'.repeat(70 * 1024)}`);
  expect({ status: huge.status, error: huge.body.error }).toEqual({ status: 400, error: { code: 'request_too_large', message: expect.stringContaining('64 KB'), details: null } });
  const doc = expectOk(await stack.http.get('/api/openapi.json'), 'document').body;
  expect(doc.components.responses.BadRequest.description).toMatch(/request_too_large/);
  expect(doc.info.description).toMatch(/request_too_large/);
});
