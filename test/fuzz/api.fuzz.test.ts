// Bad input, generated from the live OpenAPI document, thousands of requests against the real stack
// (API, Temporal dev server, worker, SQLite). For every answer: never a 5xx, every error exactly
// {"error":{code,message,details}} with a documented status and nothing of the server's insides; and
// the petitions that exist stay exactly as they were. Valid submissions full of emoji, right-to-left
// text and injection-looking strings are accepted and come back intact.
//
// Every operation of the document is walked, so endpoints added later are fuzzed too. A failure prints
// the shrunk request, the answer and the seed; FUZZ_SEED=<n> replays it, FUZZ_REQUESTS=<n> sets the volume.
import fc from 'fast-check';
import { DEMO_UNITS, DEMO_USERS } from '../../src/accounts/demo';
import type { CaseView } from '../../src/domain';
import { expectOk, inBatches } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { casesFor, requestFor, type FuzzCase, type FuzzContext } from './arbitraries';
import { checkAnswer, describeExchange } from './checks';
import { fillPath, operationsOf, type Json, type Operation } from './document';
import { rawCases } from './rawCases';
import { rawClient, type RawRequest, type RawResponse } from './rawHttp';
import { validValue, wellFormed } from './schemas';
import { createWatched, snapshotOf, type Watched } from './snapshots';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_601);
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 5000);
/** Valid submissions (each starts a workflow, so they are the expensive ones). */
const VALID_RUNS = Number(process.env.FUZZ_VALID_RUNS ?? 30);
/** Requests in flight at once: the machine has two cores, shared by the API, the worker and Temporal. */
const LANES = 6;

let stack: ApiStack;
let ops: Operation[];
let watched: Watched[];
let before: Awaited<ReturnType<typeof snapshotOf>>;
let petitionsBefore: number;
let created = 0;
let client: ReturnType<typeof rawClient>;
let ctx: FuzzContext;
const started = Date.now();

/** Requests sent, by operation (or "other" for methods and paths the document does not have) and by kind. */
const sent = { byOperation: new Map<string, number>(), byKind: new Map<string, number>() };
function count(op: Operation | string | undefined, kind: 'generated' | 'raw' | 'valid') {
  const id = typeof op === 'string' ? op : op?.id ?? 'other';
  sent.byOperation.set(id, (sent.byOperation.get(id) ?? 0) + 1);
  sent.byKind.set(kind, (sent.byKind.get(kind) ?? 0) + 1);
}

async function send(op: Operation | undefined, kind: 'generated' | 'raw', req: RawRequest): Promise<RawResponse> {
  count(op, kind);
  return client.send(req);
}

/** A stable seed per operation, so one endpoint's run does not shift when another is added. */
const seedFor = (op: Operation) => [...op.id].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

beforeAll(async () => {
  stack = await startApiStack();
  const doc = expectOk(await stack.http.get<Json>('/api/openapi.json'), 'the OpenAPI document').body;
  ops = operationsOf(doc);
  client = rawClient(stack.baseUrl, LANES * 2);
  watched = await createWatched(stack);
  const ids = [...DEMO_UNITS.map((u) => u.id), ...DEMO_USERS.map((u) => u.id), ...watched.map((w) => w.id)];
  ctx = { watched, users: DEMO_USERS.map((u) => ({ id: u.id, role: u.role, token: u.token })), ids: () => ids };
  before = await snapshotOf(stack, watched);
  petitionsBefore = await stack.db.petition.count();
});

afterAll(async () => {
  client?.close();
  const total = [...sent.byKind.values()].reduce((a, b) => a + b, 0);
  const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`fuzz: ${total} requests in ${Math.round((Date.now() - started) / 1000)} s, seed ${SEED} (${list(sent.byKind)}); per operation: ${list(sent.byOperation)}`);
  if (stack) await endUnprojectedCases();
  await stack?.close();
});

test('the document has operations to fuzz, and the watched petitions are in the states chosen', () => {
  expect(ops.length).toBeGreaterThan(5);
  expect(watched.map((w) => [w.label, w.state])).toEqual([
    ['registered', 'registered'], ['in_handling', 'in_handling'], ['awaiting_evaluation', 'awaiting_evaluation'], ['closed', 'closed'],
    ['account holder\'s, awaiting_evaluation', 'awaiting_evaluation'], ['withdrawal pending', 'in_handling'],
  ]);
  // The account holder's case accepts a rating and a review request, but not from the intake officer.
  expect(watched[4]!.allowedActions).toEqual(expect.arrayContaining(['evaluate', 'requestReview', 'withdraw']));
});

/**
 * Regression examples, replayed before the random runs: requests that once answered wrongly, by
 * operation id. (So far every finding was fixed in src/api before it needed one here; see the plain
 * regression test at the end of this file.)
 */
const REGRESSIONS: Record<string, ((ctx: FuzzContext) => FuzzCase)[]> = {};

test('generated requests for every operation: no 5xx, the one error shape, a documented status, nothing invalid accepted', async () => {
  const numRuns = Math.max(50, Math.round(BUDGET / ops.length));
  const failures: string[] = [];
  await inBatches(ops, LANES, async (op) => {
    const property = fc.asyncProperty(casesFor(op, ctx), async (c) => {
      const req = requestFor(op, c, ctx);
      const res = await send(op, 'generated', req);
      const problems = checkAnswer(op, req, res);
      if (c.mustRefuse && res.status >= 200 && res.status < 300) problems.push(`accepted a request it must refuse (${c.arm})`);
      if (problems.length) throw new Error(`${problems.join('; ')}\n  ${describeExchange(req, res)}`);
    });
    const examples = (REGRESSIONS[op.id] ?? []).map((make) => [make(ctx)] as [FuzzCase]);
    const run = await fc.check(property, { seed: seedFor(op), numRuns, examples });
    if (run.failed) {
      failures.push(`${op.id} (FUZZ_SEED=${SEED}, seed ${run.seed}, path ${run.counterexamplePath}, ${run.numShrinks} shrinks): `
        + `${run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance)}\n  case: ${JSON.stringify(run.counterexample?.[0]).slice(0, 1500)}`);
    }
  });
  expect(failures).toEqual([]);
}, Math.max(180_000, BUDGET * 40));

test('raw requests: other methods, broken percent-encoding, garbage credentials, huge headers and query strings, bodies over the limit, malformed JSON', async () => {
  const cases = rawCases(ops, watched[0]!.id, `Bearer ${DEMO_USERS.find((u) => u.id === 'admin')!.token}`);
  const failures: string[] = [];
  await inBatches(cases, LANES, async (c) => {
    const res = await send(c.op, 'raw', c.req);
    const problems = checkAnswer(c.op, c.req, res, { transport: c.transport });
    if (c.expect && !c.expect.includes(res.status)) problems.push(`expected ${c.expect.join(' or ')}`);
    if (problems.length) failures.push(`${c.label}: ${problems.join('; ')}\n  ${describeExchange(c.req, res)}`);
  });
  expect(failures).toEqual([]);
});

test('valid submissions with emoji, right-to-left text, control characters and injection-looking strings are stored and returned exactly', async () => {
  const submit = ops.find((op) => op.id === 'submitPetition');
  const track = ops.find((op) => op.method === 'get' && op.pathParams.some((p) => p.name === 'queryCode'));
  expect(submit?.body).toBeDefined();
  const fields = submit!.body!.properties as Json;
  const units = () => DEMO_UNITS.map((u) => u.id);
  // The document's own field schemas, with the rules the server adds on top: a named petitioner (not
  // anonymous), online unless an intake officer registers it, a unit and an organisation that exist.
  const submission = fc.record({
    caller: fc.constantFrom('anonymous', 'petitioner-liu', 'petitioner-zhou', 'intake-wang'),
    body: fc.record({
      class: validValue(fields.class, units),
      title: validValue(fields.title, units),
      content: validValue(fields.content, units),
      petitioner: validValue(fields.petitioner, units),
      unitId: fc.constantFrom(...units()),
      channel: validValue(fields.channel, units),
      organisationId: fc.constant('national'),
    }, { requiredKeys: ['class', 'title', 'content', 'petitioner'] }),
  }).map(({ caller, body }) => ({ caller, body: { ...body, channel: caller === 'intake-wang' ? body.channel : 'online' } as Json }));

  const admin = stack.as('admin');
  const property = fc.asyncProperty(submission, async ({ caller, body }) => {
    const http = caller === 'anonymous' ? stack.http : stack.as(caller);
    count(submit, 'valid');
    const res = await http.post('/api/v1/petitions', body);
    if (res.status !== 201 && res.status !== 200) throw new Error(`${caller}: ${res.status} ${JSON.stringify(res.body)}\n  body: ${JSON.stringify(body)}`);
    if (res.status === 200) return; // linked to an open case with the same petitioner and title: not a new case
    created += 1;
    const id = (res.body.petition as CaseView).id;
    count('getPetition', 'valid');
    const stored = expectOk(await admin.get(`/api/v1/petitions/${id}`), 'detail').body.petition as CaseView;
    expect({ title: stored.title, content: stored.content, petitioner: stored.petitioner }).toEqual({ title: body.title, content: body.content, petitioner: body.petitioner });
    if (track) {
      count(track, 'valid');
      const code = (res.body.petition as { queryCode: string }).queryCode;
      const tracked = await stack.http.get(fillPath(track.path, { queryCode: encodeURIComponent(code) }));
      expect({ status: tracked.status, title: tracked.body?.title }).toEqual({ status: 200, title: body.title });
    }
  });
  await fc.assert(property, { seed: SEED, numRuns: VALID_RUNS });
});

test('a valid action with the same kind of text (not accepted: the reason and where to go) is stored and shown exactly, to staff and on tracking', async () => {
  const notAccept = ops.find((op) => op.id === 'notAccept');
  const track = ops.find((op) => op.method === 'get' && op.pathParams.some((p) => p.name === 'queryCode'));
  expect(notAccept?.body).toBeDefined();
  // attachmentIds name uploads that exist: no schema can generate those, so the property leaves them out.
  const bodies = validValue(notAccept!.body!, () => []).map((b) => { const { attachmentIds: _files, ...rest } = b as Json; return rest; });
  const property = fc.asyncProperty(bodies, async (body) => {
    count('submitPetition', 'valid');
    const c = expectOk(await stack.http.post('/api/v1/petitions', { class: 'claim', title: 'Declined with unicode', content: 'c', petitioner: { name: 'n', contact: `decline-${Math.random()}` }, unitId: 'unit-labour' }), 'submit').body.petition as CaseView;
    created += 1;
    count(notAccept, 'valid');
    expectOk(await stack.as('intake-wang').post(fillPath(notAccept!.path, { id: c.id }), body), 'not accept');
    const { reason, redirectTo } = body as { reason: string; redirectTo: string };
    count('getPetition', 'valid');
    const stored = expectOk(await stack.as('admin').get(`/api/v1/petitions/${c.id}`), 'detail').body.petition as CaseView;
    expect(stored.notAcceptance).toEqual({ reason, redirectTo });
    if (track) {
      count(track, 'valid');
      const tracked = await stack.http.get(fillPath(track.path, { queryCode: c.queryCode }));
      expect(tracked.body.documents.find((d: { kind: string }) => d.kind === 'non_acceptance')).toMatchObject({ reason, redirectTo });
    }
  });
  await fc.assert(property, { seed: SEED, numRuns: Math.ceil(VALID_RUNS / 3) });
});

test('names the server looks up (organisation, unit) that are prototype keys are refused, not resolved', async () => {
  for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
    for (const field of ['organisationId', 'unitId']) {
      const req: RawRequest = {
        method: 'POST', path: '/api/v1/petitions', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ class: 'claim', title: `Prototype ${field}`, content: 'c', petitioner: { name: 'n', contact: `proto-${name}` }, [field]: name }),
      };
      const submit = ops.find((op) => op.id === 'submitPetition');
      const res = await send(submit, 'raw', req);
      expect({ problems: checkAnswer(submit, req, res), status: res.status, code: (res.json as any)?.error?.code, field })
        .toEqual({ problems: [], status: 400, code: 'validation_failed', field });
    }
  }
});

test('generated withdrawals by the intake officer of a letter case under listed supervision (挂牌督办) never close it: the first waits for a supervisor, the rest are refused', async () => {
  const withdraw = ops.find((op) => op.id === 'withdraw')!;
  const source = { channel: 'letter', receivedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) };
  count('submitPetition', 'valid');
  const c = expectOk(await stack.as('intake-wang').post('/api/v1/petitions', { class: 'claim', channel: 'letter', title: 'Supervised, by letter', content: 'c', petitioner: { name: 'n', contact: `supervised-${Math.random()}` }, unitId: 'unit-labour' }), 'register').body.petition as CaseView;
  created += 1;
  expectOk(await stack.as('intake-wang').post(fillPath(withdraw.path.replace('withdraw', 'accept'), { id: c.id }), {}), 'accept');
  expectOk(await stack.as('supervisor-zhao').post(fillPath(withdraw.path.replace('withdraw', 'supervise'), { id: c.id }), { instruction: 'Listed', listed: true }), 'supervise');
  const answers: number[] = [];
  const property = fc.asyncProperty(validValue(withdraw.body!, ctx.ids), fc.boolean(), async (body, withSource) => {
    count(withdraw, 'generated');
    const res = await stack.as('intake-wang').post(fillPath(withdraw.path, { id: c.id }), { ...(body as Json), ...(withSource ? { source } : {}) });
    answers.push(res.status);
    const now = expectOk(await stack.as('admin').get(`/api/v1/petitions/${c.id}`), 'detail').body.petition as CaseView;
    expect({ status: now.status, closedAt: now.closedAt }).toEqual({ status: 'accepted', closedAt: undefined });
    if (res.status === 200) expect(now.pendingWithdrawal).toMatchObject({ by: 'intake-wang' });
  });
  await fc.assert(property, { seed: SEED, numRuns: 40 });
  expect(answers.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
  expect(answers.every((s) => [200, 400, 409].includes(s))).toBe(true);
});

test('the watched petitions are exactly as before: workflow state, projection row, events and notices; no petition was created by bad input', async () => {
  expect(await snapshotOf(stack, watched)).toEqual(before);
  expect(await stack.db.petition.count()).toBe(petitionsBefore + created);
  expectOk(await stack.http.get('/healthz'), 'health after the fuzzing');
});

// Finding: body-parser reads a body in the declared charset and takes a body that decodes to nothing as
// {}. One byte declared as UTF-16 decodes to nothing, so POST …/withdraw with the body "{" withdrew the
// case (found by the generated requests, seed 7). The same mechanism makes a lone byte-order mark an
// empty object. JSON between systems is UTF-8 (RFC 8259 §8.1): another charset should be refused (415).
test('a body that decodes to nothing (one byte declared as UTF-16) is not an empty object: the action is refused and the case unchanged', async () => {
  const c = expectOk(await stack.http.post('/api/v1/petitions', { class: 'claim', title: 'A body in UTF-16', content: 'c', petitioner: { name: 'n', contact: 'utf16-contact' }, unitId: 'unit-labour' }), 'submit').body.petition as CaseView;
  const withdraw = ops.find((op) => op.id === 'withdraw')!;
  const req: RawRequest = {
    method: 'POST', path: fillPath(withdraw.path, { id: c.id }), body: '{',
    headers: { 'content-type': 'application/json; charset=utf-16', authorization: `Bearer ${ctx.users.find((u) => u.id === 'intake-wang')!.token}` },
  };
  const res = await send(withdraw, 'raw', req);
  const after = expectOk(await stack.as('admin').get(`/api/v1/petitions/${c.id}`), 'detail').body.petition as CaseView;
  expect({ answer: `${res.status} ${(res.json as any)?.error?.code}`, problems: checkAnswer(withdraw, req, res), status: after.status })
    .toEqual({ answer: expect.stringMatching(/^(400|415) /), problems: [], status: 'registered' });
});

// Finding: a lone surrogate in a submitted text field ("\ud800" in JSON) passes validation; the workflow
// starts, but the projection activity cannot write the row (Prisma: "unexpected end of hex escape") and
// retries for ever, so the request never answers and the case is never readable, listed or tracked.
// Runs last: until fixed it leaves that activity retrying in the background.
test('a submission whose text is not well-formed Unicode (a lone surrogate) is answered promptly: refused, or stored well-formed', async () => {
  const cases = [
    { field: 'title', title: 'Heating \uD800 broken', name: 'Chen' },
    { field: 'petitioner.name', title: 'Lone surrogate in the name', name: '\uDC00Chen' },
  ];
  for (const { field, title, name } of cases) {
    const sentBody = { class: 'claim', title, content: 'Text that is not well-formed.', petitioner: { name, contact: `lone-${field}` }, unitId: 'unit-labour' };
    count(ops.find((op) => op.id === 'submitPetition'), 'valid');
    const res = await client.send({
      method: 'POST', path: '/api/v1/petitions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sentBody), timeoutMs: 15_000,
    });
    const answer = res.error ?? `${res.status} ${(res.json as any)?.error?.code ?? ''}`.trim();
    expect({ field, answer }).toEqual({ field, answer: expect.stringMatching(/^(400 validation_failed|201)$/) });
    if (res.status === 201) {
      const stored = expectOk(await stack.as('admin').get(`/api/v1/petitions/${(res.json as any).petition.id}`), 'detail').body.petition as CaseView;
      expect({ title: stored.title, name: stored.petitioner?.name }).toEqual({ title: wellFormed(sentBody.title), name: wellFormed(sentBody.petitioner.name) });
    }
  }
});

/**
 * A case whose registration never reached the database (the finding above) would retry its projection
 * for ever and keep its request open past the end of the file: end it, so the stack closes cleanly.
 */
async function endUnprojectedCases(): Promise<void> {
  const stuck: string[] = [];
  for await (const wf of stack.env.client.workflow.list({ query: `WorkflowType = 'petitionWorkflow' AND ExecutionStatus = 'Running'` })) {
    const id = wf.workflowId.replace(/^petition-/, '');
    if (!(await stack.db.petition.findUnique({ where: { id }, select: { id: true } }))) stuck.push(wf.workflowId);
  }
  await Promise.all(stuck.map((workflowId) => stack.env.client.workflow.getHandle(workflowId).terminate('never projected: ended by the fuzz tests')));
}
