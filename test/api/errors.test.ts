// One error shape for every failure, {"error":{"code","message","details"}}, with the right status and
// never a stack trace or a 500 for bad input; then the security headers and CORS.
import { issueToken, revokeTokens, upsertUser } from '../../src/accounts';
import { BODY_LIMIT_BYTES, createApp } from '../../src/api/app';
import type { CaseView } from '../../src/domain';
import { loadPolicy } from '../../src/policy/load';
import { actionPath, driveTo, listen, OPINION, ownWorker, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually, type HttpResult } from '../support/http';
import { POLICY_FILE } from '../support/temporal';

let stack: ApiStack;
let registered: CaseView;
let inHandling: CaseView;

beforeAll(async () => {
  stack = await startApiStack({ corsOrigins: ['https://ui.example'] });
  [registered, inHandling] = await Promise.all([driveTo(stack, 'registered'), driveTo(stack, 'in_handling')]);
});

afterAll(async () => {
  await stack?.close();
});

/** The one shape, nothing else in it, no trace of the server's insides. */
function expectError(res: HttpResult, status: number, code: string) {
  // On a mismatch the whole answer is shown.
  expect({ status: res.status, code: res.body?.error?.code, ...(res.status === status ? {} : { body: res.body }) }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(res.body.error.message).toEqual(expect.any(String));
  expect(JSON.stringify(res.body)).not.toMatch(/\sat [\w.<>]+ \(|node_modules|\/src\/|\.[jt]s:\d+|prisma|zod/i);
  return res.body.error as { code: string; message: string; details: any };
}

const detailPath = (c: CaseView) => `/api/v1/petitions/${c.id}`;
const json = { 'content-type': 'application/json' };

describe('400: invalid input, with the path of each field', () => {
  test('nested fields are named by their path, every problem listed', async () => {
    const res = await stack.http.post('/api/v1/petitions', submissionBody({ class: 'gossip', petitioner: { name: '', contact: '1390000' } }));
    const error = expectError(res, 400, 'validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([
      { field: 'class', message: expect.any(String) },
      { field: 'petitioner.name', message: expect.any(String) },
    ]));
    expect(error.message).toMatch(/^(class|petitioner\.name): /);
  });

  test('an unknown field is refused, not ignored', async () => {
    const error = expectError(await stack.http.post('/api/v1/petitions', submissionBody({ priority: 'urgent' })), 400, 'validation_failed');
    expect(JSON.stringify(error.details)).toContain('priority');
  });

  test('an action body: by its schema (days not whole) and by the domain (a pause longer than the policy allows)', async () => {
    const officer = stack.as('officer-li');
    const schema = expectError(await officer.post(actionPath(inHandling.id, 'requestExtension'), { days: 1.5, reason: 'complex' }), 400, 'validation_failed');
    expect(schema.details).toEqual([{ field: 'days', message: expect.any(String) }]);
    const reason = expectError(await officer.post(actionPath(inHandling.id, 'requestExtension'), { days: 10, reason: '   ' }), 400, 'validation_failed');
    expect(reason.details).toEqual([{ field: 'reason', message: expect.any(String) }]);
  });

  test('a malformed petition id and a malformed Idempotency-Key', async () => {
    const id = expectError(await stack.as('admin').get('/api/v1/petitions/not%20an%20id'), 400, 'validation_failed');
    expect(id.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    const key = expectError(await stack.http.post('/api/v1/petitions', submissionBody(), { 'Idempotency-Key': 'short' }), 400, 'validation_failed');
    expect(key.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  test('query strings: an unknown value, a bad number, an unknown parameter, a period the wrong way round', async () => {
    const admin = stack.as('admin');
    expect(expectError(await admin.get('/api/v1/petitions?status=bogus'), 400, 'validation_failed').details).toEqual([{ field: 'status', message: expect.any(String) }]);
    expect(expectError(await admin.get('/api/v1/petitions?limit=0'), 400, 'validation_failed').details).toEqual([{ field: 'limit', message: expect.any(String) }]);
    expect(JSON.stringify(expectError(await admin.get('/api/v1/petitions?colour=red'), 400, 'validation_failed').details)).toContain('colour');
    const period = expectError(await admin.get('/api/v1/statistics?from=2026-03-31&to=2026-03-01'), 400, 'validation_failed');
    expect(period.details).toEqual([{ field: 'to', message: expect.any(String) }]);
  });

  test('malformed JSON, a bare JSON value, an array, the wrong content type', async () => {
    expectError(await stack.http.post('/api/v1/petitions', '{"class": ', json), 400, 'malformed_json');
    expectError(await stack.http.post('/api/v1/petitions', 'null', json), 400, 'malformed_json');
    expectError(await stack.http.post('/api/v1/petitions', '[1, 2]', json), 400, 'validation_failed');
    // Not JSON at all: the body is not read, so the request is incomplete (or refused as an unsupported type).
    const text = await stack.http.post('/api/v1/petitions', JSON.stringify(submissionBody()), { 'content-type': 'text/plain' });
    expect([400, 415]).toContain(text.status);
    expectError(text, text.status, text.body.error.code);
  });
});

describe('401: no valid token', () => {
  const cases: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['"Bearer" without a token', { authorization: 'Bearer' }],
    ['two tokens', { authorization: 'Bearer a b' }],
    ['an unknown token', { authorization: 'Bearer pt_not-a-real-token' }],
  ];
  test.each(cases)('%s: 401 on a read and on an action, with WWW-Authenticate', async (_what, headers) => {
    const read = await stack.http.get(detailPath(registered), headers);
    const action = await stack.http.post(actionPath(registered.id, 'accept'), {}, headers);
    for (const res of [read, action]) {
      expectError(res, 401, 'unauthorized');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  test('a revoked token stops working at once', async () => {
    await upsertUser(stack.db, { id: 'officer-temp', name: 'Temporary officer', role: 'case_officer', unitId: 'unit-labour' });
    const token = await issueToken(stack.db, 'officer-temp', 'errors test');
    expect((await stack.as(token).get(detailPath(registered))).status).toBe(200);
    expect(await revokeTokens(stack.db, 'officer-temp')).toBe(1);
    const error = expectError(await stack.as(token).get(detailPath(registered)), 401, 'unauthorized');
    expect(error.message).toMatch(/revoked/);
  });
});

test('403: by role (with the roles that may) and by scope', async () => {
  const role = expectError(await stack.as('admin').post(actionPath(registered.id, 'accept'), {}), 403, 'forbidden');
  expect(role.details).toEqual({ role: 'admin', allowedRoles: ['intake_officer', 'case_officer'] });
  const scope = expectError(await stack.as('officer-chen').get(detailPath(registered)), 403, 'forbidden');
  expect(scope.message).toMatch(/unit-labour/);
  expectError(await stack.as('petitioner-zhou').get(detailPath(registered)), 403, 'forbidden');
  expectError(await stack.as('petitioner-liu').get('/api/v1/petitions?officerId=officer-li'), 403, 'forbidden');
  expectError(await stack.as('officer-li').get('/api/v1/statistics?from=2026-03-01&to=2026-03-31'), 403, 'forbidden');
});

describe('404', () => {
  test('an unknown petition, read or acted on', async () => {
    expectError(await stack.as('admin').get('/api/v1/petitions/does-not-exist'), 404, 'not_found');
    expectError(await stack.as('intake-wang').post(actionPath('does-not-exist', 'accept'), {}), 404, 'not_found');
    expectError(await stack.as('admin').get('/api/v1/petitions/does-not-exist/timeline'), 404, 'not_found');
    expectError(await stack.http.get('/api/v1/tracking/NOSUCHCODE'), 404, 'not_found');
  });

  test.each([
    ['GET', '/api/v1/nothing-here'],
    ['POST', '/api/v2/petitions'],
    ['POST', '/api/v1/petitions/ID/actions/fly'],
    ['GET', '/api/v1/petitions/ID/actions/fly'],
  ])('%s %s: no such route', async (method, path) => {
    const url = path.replace('ID', registered.id);
    const error = expectError(await stack.as('admin').call(method, url, method === 'POST' ? {} : undefined), 404, 'not_found');
    expect(error).toEqual({ code: 'not_found', message: `no route for ${method} ${url}`, details: null });
  });
});

describe('405: a documented path with a method it does not have, with Allow', () => {
  test.each([
    ['GET', '/api/v1/petitions/ID/actions/accept', 'POST'],
    ['DELETE', '/api/v1/petitions/ID', 'GET, HEAD'],
    ['PUT', '/api/v1/petitions', 'GET, HEAD, POST'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s: Allow %s', async (method, path, allow) => {
    const url = path.replace('ID', registered.id);
    const error = expectError(await stack.as('admin').call(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}), 405, 'method_not_allowed');
    expect(error.details).toEqual({ allow: allow.split(', ') });
    expect(error.message).toContain(method);
  });

  test('the Allow header lists the path\'s methods', async () => {
    const res = await stack.as('admin').call('PATCH', `/api/v1/petitions/${registered.id}/timeline`, {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('409: not allowed in the current state, with the state and the allowed actions', () => {
  test('a refusal that depends on the case (more extension days than remain) is 409 with the numbers, not a 400', async () => {
    const error = expectError(await stack.as('officer-li').post(actionPath(inHandling.id, 'requestExtension'), { days: 31, reason: 'complex' }), 409, 'action_not_allowed');
    expect(error.message).toMatch(/31 extension days asked, 30 remain/);
    expect(error.details).toEqual({ status: 'in_handling', allowedActions: expect.arrayContaining(['reply', 'requestExtension']) });
  });

  test('an update (reply before acceptance)', async () => {
    const error = expectError(await stack.as('officer-li').post(actionPath(registered.id, 'reply'), { ...OPINION }), 409, 'action_not_allowed');
    expect(error.details).toEqual({ status: 'registered', allowedActions: expect.arrayContaining(['accept', 'notAccept', 'route']) });
    expect(error.details.allowedActions).not.toContain('reply');
  });

  test('a supervisor signal (deciding an extension nobody asked for)', async () => {
    const error = expectError(await stack.as('supervisor-zhao').post(actionPath(inHandling.id, 'decideExtension'), { approve: true }), 409, 'action_not_allowed');
    expect(error.details).toEqual({ status: 'in_handling', allowedActions: expect.arrayContaining(['reply', 'requestExtension']) });
  });

  test.each([
    // A withdrawn case accepts only a supervisor's correction (reopen): the petitioner is offered nothing.
    ['petitioner-liu', 'withdraw', { reason: 'Again' }, []],
    ['supervisor-zhao', 'escalate', { reason: 'Too slow', level: 1 }, ['reopen']],
  ])('anything on a closed case: %s %s', async (user, action, body, allowed) => {
    const closed = await driveTo(stack, 'closed');
    const res = await stack.as(user).post(actionPath(closed.id, action), body);
    const error = expectError(res, 409, 'action_not_allowed');
    expect(error.details).toEqual({ status: 'closed', allowedActions: allowed });
    expect(error.message).toMatch(/closed/);
  });

  test('request_in_progress: a retry while the first request with that key is still running (its worker is down)', async () => {
    // A second app on the same server and database, whose task queue is served by a worker we can stop.
    const own = await ownWorker(stack);
    const app = await listen(createApp({ client: stack.env.client, db: stack.db, policy: loadPolicy(POLICY_FILE), taskQueue: own.taskQueue, log: () => undefined }));
    const intake = { authorization: 'Bearer demo-intake-token' };
    try {
      const c: CaseView = (await app.http.post('/api/v1/petitions', submissionBody(), { authorization: 'Bearer demo-petitioner-token' })).body.petition;
      await own.stop();
      const claimed = await stack.db.idempotencyRecord.count({ where: { status: 0 } });
      const key = { ...intake, 'Idempotency-Key': `in-flight-${c.id}` };
      const first = app.http.post(actionPath(c.id, 'accept'), {}, key);
      await eventually(async () => ((await stack.db.idempotencyRecord.count({ where: { status: 0 } })) > claimed ? true : undefined), 'the first request to claim its key');

      const error = expectError(await app.http.post(actionPath(c.id, 'accept'), {}, key), 409, 'request_in_progress');
      expect(error.details).toBeNull();

      const again = await ownWorker(stack, own.taskQueue);
      try {
        expect((await first).status).toBe(200);
        const replay = await app.http.post(actionPath(c.id, 'accept'), {}, key);
        expect(replay.status).toBe(200);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
      } finally {
        await again.stop();
      }
    } finally {
      await app.close();
    }
  });
});

test('413: a body over the limit, on submission and on an action, before anything else is looked at', async () => {
  expectError(await stack.http.post('/api/v1/petitions', submissionBody({ content: 'x'.repeat(BODY_LIMIT_BYTES + 1) })), 413, 'payload_too_large');
  expectError(await stack.as('officer-li').post(actionPath(inHandling.id, 'reply'), { ...OPINION, text: '字'.repeat(BODY_LIMIT_BYTES / 3 + 1) }), 413, 'payload_too_large');
  expectError(await stack.http.post(actionPath(inHandling.id, 'reply'), { text: 'x'.repeat(BODY_LIMIT_BYTES + 1) }), 413, 'payload_too_large');
});

test('422: an Idempotency-Key used again for a different request', async () => {
  const key = { 'Idempotency-Key': `reuse-${Date.now()}` };
  expect((await stack.http.post('/api/v1/petitions', submissionBody(), key)).status).toBe(201);
  const error = expectError(await stack.http.post('/api/v1/petitions', submissionBody(), key), 422, 'idempotency_key_reused');
  expect(error.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
});

describe('429: rate limits, per address for anonymous callers and per user for signed-in ones', () => {
  let limited: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // Refused requests count too, so no workflow is needed: the task queue is never used.
    limited = await listen(createApp({
      client: stack.env.client, db: stack.db, policy: loadPolicy(POLICY_FILE), taskQueue: 'unused', log: () => undefined,
      rateLimits: { publicPerMinute: 3, perUserPerMinute: 3 },
    }));
  });
  afterAll(() => limited?.close());

  test('anonymous: the fourth request in a minute is refused, with Retry-After and the RateLimit headers', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await limited.http.post('/api/v1/petitions', { title: '' });
      expect(res.status).toBe(400);
      expect(res.headers.get('ratelimit-policy')).toMatch(/q=3/);
    }
    const res = await limited.http.post('/api/v1/petitions', { title: '' });
    expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('ratelimit')).toMatch(/r=0/);
  });

  test('per user: one user is limited, another is not', async () => {
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    for (let i = 0; i < 3; i++) expect((await limited.http.get('/api/v1/petitions/nope', as('demo-officer-labour-token'))).status).toBe(404);
    expectError(await limited.http.get('/api/v1/petitions/nope', as('demo-officer-labour-token')), 429, 'rate_limited');
    expect((await limited.http.get('/api/v1/petitions/nope', as('demo-officer-housing-token'))).status).toBe(404);
  });
});

describe('never a 500 for bad input', () => {
  const bodies: [string, string][] = [
    ['a string', '"petition"'],
    ['a number', '42'],
    ['an empty object', '{}'],
    ['nulls', '{"class":null,"title":null,"content":null,"petitioner":null}'],
    ['wrong types', '{"class":1,"title":[],"content":{},"petitioner":"me"}'],
    ['__proto__', '{"__proto__":{"isAdmin":true},"class":"claim"}'],
    ['constructor', '{"constructor":{"prototype":{"x":1}}}'],
    ['a huge number', '{"class":"claim","title":1e400}'],
    ['deep nesting', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`],
    ['a duplicated key', '{"class":"claim","class":"nonsense"}'],
  ];
  test.each(bodies)('submission with %s: 4xx in the error shape', async (_what, body) => {
    const res = await stack.http.post('/api/v1/petitions', body, json);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectError(res, res.status, res.body.error.code);
  });

  const actionBodies: [string, string, unknown][] = [
    ['requestExtension', 'days as a string', { days: '10', reason: 'x' }],
    ['requestExtension', 'days too large for a number', { days: 1e308, reason: 'x' }],
    ['reply', 'an unknown decision', { ...OPINION, decision: 'maybe' }],
    ['reply', 'blank text', { ...OPINION, text: '   ' }],
    ['assign', 'a unit that does not exist', { unitId: 'unit-nowhere', officerId: 'officer-li' }],
    ['reassign', 'a petitioner as the officer', { unitId: 'unit-labour', officerId: 'petitioner-liu' }],
    ['supervise', 'a reply limit in hours', { instruction: 'x', replyLimit: { days: 1, unit: 'hours' } }],
    ['answerSupervision', 'a notice that does not exist', { noticeId: 'sup-9', answer: 'x' }],
  ];
  test.each(actionBodies)('%s with %s: 4xx in the error shape', async (action, _what, body) => {
    const user = ['assign', 'reassign', 'supervise'].includes(action) ? 'supervisor-zhao' : 'officer-li';
    const res = await stack.as(user).post(actionPath(inHandling.id, action), body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectError(res, res.status, res.body.error.code);
  });

  test('a path that does not decode', async () => {
    const res = await stack.as('admin').get('/api/v1/petitions/%E0%A4%A');
    expectError(res, 400, 'bad_request');
  });
});

describe('security headers and CORS', () => {
  test.each([
    ['a success', '/healthz'],
    ['an error', '/api/v1/nothing-here'],
  ])('on %s: the helmet headers, and no X-Powered-By', async (_what, path) => {
    const res = await stack.http.get(path);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  const preflight = (origin: string) => stack.http.call('OPTIONS', actionPath(registered.id, 'accept'), undefined, {
    origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,idempotency-key,content-type',
  });

  test('a configured origin may call with Authorization and Idempotency-Key, and read the replay and rate-limit headers', async () => {
    const res = await preflight('https://ui.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ui.example');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'idempotency-key', 'content-type']));

    const get = await stack.as('admin').get(detailPath(registered), { origin: 'https://ui.example' });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://ui.example');
    expect(get.headers.get('access-control-expose-headers')!.toLowerCase().split(',')).toEqual(expect.arrayContaining(['idempotent-replayed', 'retry-after']));
    expect(get.headers.get('vary')).toMatch(/Origin/i);
  });

  test('an unknown origin gets no Access-Control-Allow-Origin', async () => {
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const get = await stack.as('admin').get(detailPath(registered), { origin: 'https://evil.example' });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
