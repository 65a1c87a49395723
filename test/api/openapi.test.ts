// The OpenAPI document as a contract, on the real stack (API, Temporal dev server, worker, SQLite):
// the served document is the generated one; every real answer, success or error, conforms to the
// schema the document gives for that operation and status; the routes and the document match
// exactly; and the interactive documentation loads its assets under the Content-Security-Policy.
import { BODY_LIMIT_BYTES } from '../../src/api/app';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { API_VERSION, apiEndpoints, createApp, type AppDeps } from '../../src/api/app';
import { expressPath } from '../../src/api/http/endpoint';
import { openApiDocument } from '../../src/api/http/openapi';
import { loadPolicy } from '../../src/policy/load';
import { startApiStack, type ApiStack, type DemoUser } from '../support/apiStack';
import { eventually, type HttpResult } from '../support/http';
import { POLICY_FILE } from '../support/temporal';

type Json = Record<string, any>;
type Caller = DemoUser | 'anonymous';

let stack: ApiStack;
let doc: Json;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
/** Every answer checked against the document: operationId -> statuses seen. */
const checked = new Map<string, Set<number>>();

const URN = 'urn:petition-api:schema:';
/** Component refs point into the document; ajv knows each component by its own id. */
const retarget = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(retarget);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', URN) : retarget(v)]));
};

function pointer(ref: string): Json {
  return ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<any>((n, k) => n?.[k], doc);
}
const deref = (node: Json | undefined): Json | undefined => (node?.$ref ? deref(pointer(node.$ref)) : node);

/** Fails unless the document describes this answer: the operation, the status, and the body's schema. */
function assertDocumented(method: string, template: string, res: HttpResult): void {
  const op = doc.paths[template]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${template} is not in the document`);
  const response = deref(op.responses[res.status]);
  if (!response) throw new Error(`${op.operationId} answered ${res.status}, which the document does not list: ${JSON.stringify(res.body).slice(0, 500)}`);
  // A file, a printable document or an export: documented in its own media type.
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type !== 'application/json') {
    if (!response.content?.[type]?.schema) throw new Error(`${op.operationId} ${res.status}: answered ${type}, which the document does not list`);
    checked.set(op.operationId, (checked.get(op.operationId) ?? new Set()).add(res.status));
    return;
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${op.operationId} ${res.status}: the document gives no body schema`);
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) { validate = ajv.compile(retarget(schema) as Json); validators.set(key, validate); }
  if (!validate(res.body)) {
    throw new Error(`${op.operationId} ${res.status}: the body does not match the documented schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 1500)}`);
  }
  checked.set(op.operationId, (checked.get(op.operationId) ?? new Set()).add(res.status));
}

const fill = (template: string, params: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));

/** A request whose answer must be the documented one. */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
async function call(who: Caller, method: Method, template: string, params: Record<string, string> = {}, body?: unknown, headers?: Record<string, string>): Promise<HttpResult> {
  const client = who === 'anonymous' ? stack.http : stack.as(who);
  const res = await client.call(method.toUpperCase(), fill(template, params), method === 'get' || method === 'delete' ? undefined : (body ?? {}), headers);
  assertDocumented(method, template, res);
  return res;
}

const ACTION = '/api/v1/petitions/{id}/actions/';
const act = (who: Caller, action: string, id: string, body: unknown = {}, headers?: Record<string, string>) => call(who, 'post', `${ACTION}${action}`, { id }, body, headers);

const submission = (overrides: Record<string, unknown> = {}) => ({
  class: 'claim',
  title: `Unpaid wages ${Math.random().toString(36).slice(2)}`,
  content: 'The contractor has not paid the wages for March.',
  petitioner: { name: '刘芳', contact: '13900000000' },
  unitId: 'unit-labour',
  ...overrides,
});
const OPINION = { decision: 'support', facts: 'Wages unpaid for March.', legalBasis: 'Labour Contract Law art. 30', text: 'The contractor pays within 10 days.' };

let petitionId: string;
let queryCode: string;

beforeAll(async () => {
  stack = await startApiStack();
  const served = await stack.http.get('/api/openapi.json');
  expect(served.status).toBe(200);
  doc = served.body;
  ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(doc.components.schemas as Json)) ajv.addSchema({ ...(retarget(schema) as Json), $id: `${URN}${name}` });
});

afterAll(async () => {
  const seen = [...checked.values()].reduce((n, s) => n + s.size, 0);
  const operations = Object.values(doc?.paths ?? {}).reduce((n: number, item) => n + Object.keys(item as Json).length, 0);
  console.log(`contract: ${checked.size} of ${operations} operations answered, ${seen} (operation, status) pairs validated against the document`);
  await stack?.close();
});

test('the served document is the one generated from the endpoint declarations', () => {
  const deps: AppDeps = { client: stack.env.client, db: stack.db, policy: loadPolicy(POLICY_FILE), taskQueue: 'unused' };
  expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(apiEndpoints(deps), { version: API_VERSION }))));
  expect(doc).toMatchObject({ openapi: '3.1.0', info: { version: API_VERSION } });
});

test('a case\'s life over HTTP: every answer is the documented one', async () => {
  const key = `contract-${Date.now()}-submit`;
  const submitted = await call('petitioner-liu', 'post', '/api/v1/petitions', {}, submission(), { 'Idempotency-Key': key });
  expect(submitted.status).toBe(201);
  ({ id: petitionId, queryCode } = submitted.body.petition);

  // A retry with the same key is the stored answer, and still the documented shape; another body with it is 422.
  const replay = await call('petitioner-liu', 'post', '/api/v1/petitions', {}, { ...submission(), title: submitted.body.petition.title }, { 'Idempotency-Key': key });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body.petition.id).toBe(petitionId);
  expect((await call('petitioner-liu', 'post', '/api/v1/petitions', {}, submission(), { 'Idempotency-Key': key })).status).toBe(422);

  expect((await call('officer-li', 'get', '/api/v1/petitions/{id}', { id: petitionId })).body.yourActions).toEqual(expect.arrayContaining(['accept']));
  expect((await act('officer-li', 'accept', petitionId)).status).toBe(200);
  expect((await act('supervisor-sun', 'assign', petitionId, { unitId: 'unit-labour', officerId: 'officer-li' })).body.petition.status).toBe('in_handling');

  const supervised = await act('supervisor-sun', 'supervise', petitionId, { instruction: 'Report progress within a week.', listed: true });
  expect(supervised.status).toBe(202);
  const notice = await eventually(async () => (await call('officer-li', 'get', '/api/v1/petitions/{id}', { id: petitionId })).body.petition.supervision[0], 'the supervision notice');
  expect((await act('officer-li', 'answerSupervision', petitionId, { noticeId: notice.id, answer: 'A hearing is scheduled.' })).status).toBe(200);

  expect((await act('officer-li', 'requestExtension', petitionId, { days: 10, reason: 'Witnesses abroad' })).body.petition.pendingExtension).toMatchObject({ days: 10 });
  expect((await act('supervisor-sun', 'decideExtension', petitionId, { approve: true })).status).toBe(202);
  await eventually(async () => ((await call('officer-li', 'get', '/api/v1/petitions/{id}', { id: petitionId })).body.petition.pendingExtension ? undefined : true), 'the extension decided');

  expect((await act('officer-li', 'reply', petitionId, OPINION)).body.petition.status).toBe('awaiting_evaluation');
  const refused = await act('officer-li', 'reply', petitionId, OPINION);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'action_not_allowed', details: { status: 'awaiting_evaluation', allowedActions: expect.arrayContaining(['evaluate']) } });

  expect((await act('petitioner-liu', 'evaluate', petitionId, { rating: 'dissatisfied', comment: 'Still unpaid.' })).body.petition.status).toBe('appeal_window');
  expect((await act('petitioner-liu', 'requestReview', petitionId, { reason: 'The contractor did not pay.' })).body.petition.status).toBe('in_review');
  // The review goes one level up, to the petition office: its supervisor and case officer act now.
  expect((await act('supervisor-zhao', 'escalate', petitionId, { reason: 'Repeated complaint', level: 1 })).status).toBe(202);
  expect((await act('supervisor-zhao', 'escalate', petitionId, { reason: 'Again', level: 1 })).status).toBe(409);

  const detail = await call('petitioner-liu', 'get', '/api/v1/petitions/{id}', { id: petitionId });
  // The petitioner's own detail is the public view: the steps and documents, none of the supervision.
  expect(detail.body.petition).toMatchObject({ id: petitionId, status: 'in_review' });
  const steps = detail.body.petition.steps.map((e: Json) => e.type);
  expect(steps).toEqual(expect.arrayContaining(['registered', 'accepted', 'replied', 'delivered', 'evaluated', 'review_requested', 'review_body_assigned']));
  expect(steps).not.toEqual(expect.arrayContaining(['supervision_issued']));
  expect(steps).not.toContain('escalated');
  expect(detail.body.petition.documents.find((d: Json) => d.kind === 'reply')).toMatchObject({ decision: 'support' });
  const staff = await call('supervisor-zhao', 'get', '/api/v1/petitions/{id}', { id: petitionId });
  expect(staff.body.petition).toMatchObject({ status: 'in_review', stage: 'handling', unitId: 'petition-office', reply: { decision: 'support' }, evaluations: [{ rating: 'dissatisfied' }] });
  expect(staff.body.petition.timeline.map((e: Json) => e.type)).toEqual(expect.arrayContaining(['registered', 'accepted', 'assigned', 'supervision_issued', 'replied', 'evaluated', 'review_requested', 'escalated']));

  // The review opinion, the re-review (复核) with a hearing pause a supervisor approves, and the final answer.
  expect((await act('officer-zhang', 'issueReviewOpinion', petitionId, { ...OPINION, decision: 'explain' })).body.petition.status).toBe('awaiting_evaluation');
  expect((await act('petitioner-liu', 'requestReReview', petitionId, { reason: 'Still unpaid.' })).body.petition.status).toBe('in_re_review');
  expect((await act('officer-zhang', 'requestPause', petitionId, { days: 5, reason: 'A hearing (听证)' })).body.petition.pendingPause).toMatchObject({ days: 5 });
  const paused = await act('supervisor-zhao', 'decidePause', petitionId, { approve: true });
  expect(paused.status).toBe(202);
  expect(paused.body.petition.clocks.some((c: Json) => c.kind === 'reReviewHandling' && c.paused)).toBe(true);
  expect((await act('officer-zhang', 'resumeClock', petitionId)).status).toBe(200);
  expect((await act('supervisor-zhao', 'issueReReviewOpinion', petitionId, OPINION)).body.petition.status).toBe('awaiting_evaluation');
  expect((await act('petitioner-liu', 'evaluate', petitionId, { rating: 'basically_satisfied' })).body.petition).toMatchObject({ status: 'closed', closingReason: 'final' });
});

test('refusals and errors answer in the documented Error shape, with the documented status', async () => {
  expect(petitionId).toBeDefined();
  const invalid = await call('anonymous', 'post', '/api/v1/petitions', {}, submission({ title: '' }));
  expect(invalid.status).toBe(400);
  expect(invalid.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'title' }] });
  expect((await call('anonymous', 'post', '/api/v1/petitions', {}, '{"class":', { 'content-type': 'application/json' })).body.error.code).toBe('malformed_json');
  expect((await call('anonymous', 'post', '/api/v1/petitions', {}, submission({ content: 'x'.repeat(BODY_LIMIT_BYTES + 1) }))).status).toBe(413);

  const noToken = await call('anonymous', 'get', '/api/v1/petitions/{id}', { id: petitionId });
  expect([noToken.status, noToken.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
  const unknownToken = await stack.as('not-a-token').get(`/api/v1/petitions/${petitionId}`);
  assertDocumented('get', '/api/v1/petitions/{id}', unknownToken);
  expect(unknownToken.status).toBe(401);

  const wrongRole = await act('petitioner-liu', 'accept', petitionId);
  expect(wrongRole.status).toBe(403);
  expect(wrongRole.body.error.details).toMatchObject({ role: 'petitioner' });
  expect((await call('officer-chen', 'get', '/api/v1/petitions/{id}', { id: petitionId })).status).toBe(403);
  expect((await call('petitioner-zhou', 'get', '/api/v1/petitions/{id}', { id: petitionId })).status).toBe(403);
  expect((await call('intake-wang', 'post', '/api/v1/petitions', {}, submission({ channel: 'letter', unitId: 'no-such-unit' }))).status).toBe(400);

  expect((await call('admin', 'get', '/api/v1/petitions/{id}', { id: 'no-such-petition' })).status).toBe(404);
  expect((await act('admin', 'accept', 'no-such-petition')).status).toBe(403); // an admin acts on no case: the role is checked first
  expect((await act('officer-li', 'accept', 'no-such-petition')).status).toBe(404);
  expect((await call('anonymous', 'get', '/api/v1/tracking/{queryCode}', { queryCode: 'NOSUCHCODE' })).status).toBe(404);
  expect((await act('officer-li', 'requestPause', petitionId, { days: 5, reason: 'x', extra: 1 })).status).toBe(400);
  expect((await act('intake-wang', 'linkAsRepeat', petitionId, {})).status).toBe(409); // closed: nothing to link
  expect((await act('officer-li', 'reply', petitionId, OPINION, { 'Idempotency-Key': 'short' })).status).toBe(400);
});

test('every documented operation is routed and answers only documented statuses and shapes, anonymously and as each role', async () => {
  expect(petitionId).toBeDefined();
  const params = { id: petitionId, queryCode };
  const callers: Caller[] = ['anonymous', 'admin', 'supervisor-zhao', 'officer-li', 'petitioner-liu'];
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    for (const method of Object.keys(item as Json) as Method[]) {
      for (const who of callers) {
        // Every JSON body is strict, so an unknown field makes this a 400 (after auth and role): nothing is applied.
        const res = await call(who, method, template, params, { probe: true });
        expect([template, who, res.body?.error?.message ?? '']).not.toEqual([template, who, expect.stringMatching(/^no route for/)]);
      }
    }
  }
  // With the data of the case above, the reads answer with content (not only empty pages).
  expect((await call('anonymous', 'get', '/api/v1/tracking/{queryCode}', { queryCode })).status).toBe(200);
  const operations = Object.values(doc.paths as Json).flatMap((item) => Object.values(item as Json).map((op) => (op as Json).operationId));
  expect(operations.filter((id) => !checked.has(id))).toEqual([]);
});

test('every route the application serves is documented, besides health and the documentation itself; every documented path answers other methods with 405', () => {
  const app = createApp({ client: stack.env.client, db: stack.db, policy: loadPolicy(POLICY_FILE), taskQueue: 'unused' }) as unknown as { router: { stack: Json[] } };
  const routes: string[] = [];
  /** Paths with a route for every method: their 405 answer (methodNotAllowed). */
  const answersOtherMethods = new Set<string>();
  const walk = (layers: Json[], prefix: string) => {
    for (const layer of layers) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods);
        // router.all marks its route _all; app.all adds every method one by one.
        if (methods.includes('_all') || methods.includes('propfind')) answersOtherMethods.add(`${prefix}${layer.route.path}`);
        else for (const m of methods) routes.push(`${m} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack, layer.rawPath && layer.rawPath !== '/' ? `${prefix}${layer.rawPath}` : prefix);
    }
  };
  walk(app.router.stack, '');
  const documented = Object.entries(doc.paths as Json).flatMap(([p, item]) => Object.keys(item as Json).map((m) => `${m} ${expressPath(p)}`));
  const infrastructure = ['get /healthz', 'get /api/openapi.json', 'get /api/docs', 'get /api/docs/', 'get /api/docs/init.js'];
  expect(routes.filter((r) => !documented.includes(r) && !infrastructure.includes(r))).toEqual([]);
  expect(documented.filter((r) => !routes.includes(r))).toEqual([]);
  expect(Object.keys(doc.paths as Json).map(expressPath).filter((p) => !answersOtherMethods.has(p))).toEqual([]);
  expect(answersOtherMethods).toEqual(new Set([...Object.keys(doc.paths as Json).map(expressPath), '/healthz', '/api/openapi.json']));
});

describe('/api/docs', () => {
  const ASSETS: [string, RegExp][] = [
    ['swagger-ui.css', /^text\/css/],
    ['swagger-ui-bundle.js', /^(application|text)\/javascript/],
    ['swagger-ui-standalone-preset.js', /^(application|text)\/javascript/],
    ['init.js', /^(application|text)\/javascript/],
  ];

  test('redirects to /api/docs/, which loads Swagger UI from this server only, with no inline script', async () => {
    const redirect = await fetch(`${stack.baseUrl}/api/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');

    const page = await fetch(`${stack.baseUrl}/api/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => [/src="\.\/[\w.-]+"/.test(m[1]!), m[2]!.trim()])).toEqual(scripts.map(() => [true, '']));
    const referenced = [...html.matchAll(/(?:src|href)="\.\/([\w.-]+)"/g)].map((m) => m[1]);
    expect(referenced).toEqual(expect.arrayContaining(ASSETS.map(([name]) => name)));
    for (const name of referenced) expect([name, (await fetch(`${stack.baseUrl}/api/docs/${name}`)).status]).toEqual([name, 200]);
  });

  test.each(ASSETS)('%s is served with its content type', async (name, type) => {
    const res = await fetch(`${stack.baseUrl}/api/docs/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect((await res.text()).length).toBeGreaterThan(name === 'init.js' ? 50 : 10_000);
  });

  test('the Content-Security-Policy lets the page run its own scripts and styles and fetch the document, nothing from elsewhere', async () => {
    const res = await fetch(`${stack.baseUrl}/api/docs/`);
    const csp = Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    const allows = (directive: string, source: string) => (csp[directive] ?? csp['default-src'] ?? []).includes(source);
    expect(allows('script-src', "'self'")).toBe(true);
    expect(allows('script-src', "'unsafe-inline'") || allows('script-src', "'unsafe-eval'")).toBe(false);
    expect(allows('style-src', "'self'")).toBe(true);
    expect(allows('connect-src', "'self'")).toBe(true);

    // init.js asks for the document by a relative URL, resolved against the page: it must be the served document.
    const init = await (await fetch(`${stack.baseUrl}/api/docs/init.js`)).text();
    expect(init).toContain('validatorUrl: null'); // no call to the online validator
    const url = /url:\s*'([^']+)'/.exec(init)![1]!;
    const target = new URL(url, `${stack.baseUrl}/api/docs/`);
    expect(target.pathname).toBe('/api/openapi.json');
    expect(await (await fetch(target)).json()).toEqual(doc);
  });

  test('only the page\'s own assets are served: not the package\'s Petstore page or its initializer', async () => {
    for (const name of ['index.html', 'swagger-initializer.js', 'package.json', '../../package.json']) {
      expect([name, (await fetch(`${stack.baseUrl}/api/docs/${name}`)).status]).toEqual([name, 404]);
    }
  });
});
