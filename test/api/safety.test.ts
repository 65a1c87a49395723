// What a careless or hostile caller must not get, and what must hold over a case's whole life:
// no case handed to a stranger, no case moved out of scope, closed cases still readable, live clocks.
import { actionPath, driveTo, OPINION, submissionBody, today } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack({ rateLimits: { publicPerMinute: 5 } }); });
afterAll(async () => { await stack?.close(); });

const detail = (user: string, id: string) => stack.as(user).get(`/api/v1/petitions/${id}`);

test('a repeat of someone else\'s open matter is a case of its own, flagged for the officers, never that case', async () => {
  const original = await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({
    title: `Wages owed ${Math.random()}`, petitioner: { name: '刘女士', contact: '13911112222', idNumber: '110101199001011234', address: '1 Example Road' },
  }));
  expect(original.status).toBe(201);
  // A stranger who knows the ID number and the title, without a token and signed in as someone else.
  const copy = { ...submissionBody({ title: original.body.petition.title }), petitioner: { name: 'X', contact: '000', idNumber: '110101199001011234' } };
  for (const caller of [stack.http, stack.as('petitioner-zhou')]) {
    const repeat = await caller.post('/api/v1/petitions', copy);
    expect(repeat.status).toBe(201);
    expect(repeat.body.linkedTo).toBeNull();
    expect(repeat.body.petition.id).not.toBe(original.body.petition.id);
    for (const secret of ['13911112222', '1 Example Road', original.body.petition.queryCode, original.body.petition.id, 'likelyRepeatOf']) {
      expect(JSON.stringify(repeat.body)).not.toContain(secret);
    }
    const staff = (await detail('intake-wang', repeat.body.petition.id)).body.petition;
    expect(staff.likelyRepeatOf).toEqual({ id: original.body.petition.id, queryCode: original.body.petition.queryCode });
  }
  // The intake office, whose scope includes the case, links it only when it checked the petitioner's identity.
  const unchecked = await stack.as('intake-wang').post('/api/v1/petitions', { ...copy, channel: 'letter' });
  expect([unchecked.status, unchecked.body.petition.likelyRepeatOf?.id]).toEqual([201, original.body.petition.id]);
  const checked = await stack.as('intake-wang').post('/api/v1/petitions', { ...copy, channel: 'visit', identityChecked: true });
  expect([checked.status, checked.body.linkedTo]).toEqual([200, original.body.petition.id]);
});

test('a case is handed only to a unit in the caller\'s scope, and only to that unit\'s officer', async () => {
  const registered = await driveTo(stack, 'registered', { unitId: 'unit-labour' });
  const intoHousing = await stack.as('officer-li').post(actionPath(registered.id, 'accept'), { unitId: 'unit-housing' });
  expect(intoHousing.status).toBe(403);
  const foreignOfficer = await stack.as('officer-li').post(actionPath(registered.id, 'accept'), { officerId: 'officer-chen' });
  expect(foreignOfficer.status).toBe(400);
  expect(foreignOfficer.body.error.details).toEqual([{ field: 'officerId', message: 'officer-chen does not work in unit unit-labour' }]);
  expect((await detail('admin', registered.id)).body.petition).toMatchObject({ status: 'registered', unitId: 'unit-labour' });
});

test('after a supervisor reassigns (a signal), the new unit can act at once and the old one cannot', async () => {
  const c = await driveTo(stack, 'in_handling', { unitId: 'unit-labour' });
  const moved = await stack.as('supervisor-zhao').post(actionPath(c.id, 'reassign'), { unitId: 'unit-housing', officerId: 'officer-chen' });
  expect(moved.status).toBe(202);
  expect((await detail('officer-chen', c.id)).status).toBe(200);
  expect((await stack.as('officer-li').post(actionPath(c.id, 'reply'), OPINION)).status).toBe(403);
  expect((await stack.as('officer-chen').post(actionPath(c.id, 'reply'), OPINION)).status).toBe(200);
});

test('the detail counts time as of the request, not as of the workflow\'s last step', async () => {
  const c = await driveTo(stack, 'registered');
  const first = (await detail('admin', c.id)).body.petition;
  await new Promise((r) => setTimeout(r, 1500));
  const second = (await detail('admin', c.id)).body.petition;
  const left = (v: { clocks: { kind: string; remainingMs: number }[] }) => v.clocks.find((k) => k.kind === 'acceptance')!.remainingMs;
  expect(Date.parse(second.asOf) - Date.parse(first.asOf)).toBeGreaterThanOrEqual(1500);
  expect(left(first) - left(second)).toBeGreaterThanOrEqual(1500);
});

test('a closed case stays readable after Temporal has deleted its workflow (retention)', async () => {
  const c = await driveTo(stack, 'closed');
  await stack.env.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: `petition-${c.id}` } });
  const read = await detail('admin', c.id);
  expect(read.status).toBe(200);
  expect(read.body.petition).toMatchObject({ id: c.id, status: 'closed', closingReason: 'withdrawn' });
  const late = await stack.as('petitioner-liu').post(actionPath(c.id, 'withdraw'), { reason: 'Again' });
  expect(late.status).toBe(409);
  expect(late.body.error.details).toEqual({ status: 'closed', allowedActions: [] });
});

test('a submission retried long after its case closed returns that case, and never starts a second run', async () => {
  const key = { 'Idempotency-Key': `retry-after-close-${Math.random()}` };
  const body = submissionBody({ title: `Retried ${Math.random()}` });
  const first = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
  expect(first.status).toBe(201);
  const { id } = first.body.petition;
  expect((await stack.as('petitioner-liu').post(actionPath(id, 'withdraw'), { reason: 'Settled' })).status).toBe(200);
  await stack.db.idempotencyRecord.deleteMany({}); // as after the record expires
  const retry = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
  expect(retry.status).toBe(201);
  expect(retry.body.petition).toMatchObject({ id, status: 'closed' });
  const runs = [];
  for await (const wf of stack.env.client.workflow.list({ query: `WorkflowId = 'petition-${id}'` })) runs.push(wf.runId);
  expect(runs).toHaveLength(1);
});

test('an intake officer records the rating and the review request of a petitioner who wrote a letter, with its source', async () => {
  const letter = await stack.as('intake-wang').post('/api/v1/petitions', submissionBody({ channel: 'letter', unitId: 'unit-labour', title: `By letter ${Math.random()}` }));
  const { id } = letter.body.petition;
  const source = { channel: 'letter', receivedOn: today() };
  expect((await stack.as('intake-wang').post(actionPath(id, 'accept'), { unitId: 'unit-labour', officerId: 'officer-li' })).status).toBe(200);
  const replied = await stack.as('officer-li').post(actionPath(id, 'reply'), OPINION);
  // Sent by post: the case waits until the officer records the delivery, from which the windows run.
  expect(replied.body.petition.status).toBe('awaiting_delivery');
  const delivered = await stack.as('officer-li').post(actionPath(id, 'recordDelivery'), { deliveredAt: replied.body.petition.reply.issuedAt, method: 'post' });
  expect(delivered.body.petition.status).toBe('awaiting_evaluation');
  const rated = await stack.as('intake-wang').post(actionPath(id, 'evaluate'), { rating: 'dissatisfied', comment: 'By letter of 3 May', source });
  expect(rated.status).toBe(200);
  expect(rated.body.petition.evaluations).toEqual([expect.objectContaining({ rating: 'dissatisfied', by: 'intake-wang', source })]);
  expect((await stack.as('intake-wang').post(actionPath(id, 'requestReview'), { reason: 'Letter of 10 May', source })).body.petition.status).toBe('in_review');
});

test('small things: an empty POST is an empty object, an unknown organisation is refused, wrong tokens are throttled', async () => {
  const c = await driveTo(stack, 'paused'); // the re-review clock, at the petition office
  const res = await fetch(`${stack.baseUrl}${actionPath(c.id, 'resumeClock')}`, { method: 'POST', headers: { authorization: 'Bearer demo-officer-office-token', 'content-length': '0' } });
  expect(res.status).toBe(200);

  const org = await stack.http.post('/api/v1/petitions', submissionBody({ organisationId: '__proto__' }));
  expect(org.status).toBe(400);
  expect(org.body.error.details[0].field).toBe('organisationId');

  const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => stack.as(`pt_guess${i}`).get('/api/v1/board')));
  expect(guesses.map((g) => g.status)).toContain(429);
  expect(guesses.every((g) => g.status === 401 || g.status === 429)).toBe(true);
});
