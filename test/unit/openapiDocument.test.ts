// The generated OpenAPI document on its own (no server): valid OpenAPI 3.1, every operation complete
// enough to build a client from, every $ref resolving, and the generator's component handling.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { apiEndpoints, API_VERSION, type AppDeps } from '../../src/api/app';
import { openApiDocument, SchemaComponents } from '../../src/api/http/openapi';

type Json = Record<string, any>;

// Declarations only: building the endpoint list runs no handler, so no Temporal or database is needed.
const endpoints = apiEndpoints({} as AppDeps);
const doc: Json = openApiDocument(endpoints, { version: API_VERSION });
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const operations = (): { path: string; method: string; op: Json }[] =>
  Object.entries(doc.paths as Json).flatMap(([p, item]) =>
    Object.entries(item as Json).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path: p, method, op: op as Json })));

function pointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, key) => (node === undefined ? undefined : node[key]), doc);
}
const deref = (node: Json): Json => (node?.$ref ? deref(pointer(node.$ref) as Json) : node);

/** Every value under `key` anywhere in the document, except inside examples (they are data, not schema). */
function collect(node: unknown, visit: (key: string, value: unknown, parent: Json) => void): void {
  if (Array.isArray(node)) { node.forEach((n) => collect(n, visit)); return; }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'example' || k === 'examples') continue;
    visit(k, v, node as Json);
    collect(v, visit);
  }
}

/** @seriousme/openapi-schema-validator is ESM only, which jest's CommonJS runtime cannot load: run it in node itself. */
function validateOpenApi(document: unknown): { valid: boolean; version?: string; errors?: unknown } {
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
let input = '';
process.stdin.on('data', (c) => { input += c; }).on('end', async () => {
  const v = new Validator();
  const r = await v.validate(JSON.parse(input));
  process.stdout.write(JSON.stringify({ valid: r.valid, version: v.version, errors: r.errors }));
});`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document), cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8',
  });
  return JSON.parse(out);
}

test('the document is valid OpenAPI 3.1', () => {
  const result = validateOpenApi(doc);
  expect(result.errors).toBeUndefined();
  expect(result).toMatchObject({ valid: true, version: '3.1' });
  // The validator does look: a document without its info is refused.
  expect(validateOpenApi({ ...doc, info: undefined }).valid).toBe(false);
});

test('every declared endpoint is documented once, at its path and method, and nothing else is', () => {
  const documented = operations().map(({ path: p, method, op }) => `${method} ${p} ${op.operationId}`).sort();
  expect(documented).toEqual(endpoints.map((e) => `${e.method} ${e.path} ${e.operationId}`).sort());
  const ids = operations().map(({ op }) => op.operationId);
  expect(new Set(ids).size).toBe(ids.length);
});

test('every operation has a summary, described tags, security, described parameters and body, and its responses', () => {
  const tags = new Map((doc.tags as Json[]).map((t) => [t.name, t.description]));
  for (const { path: p, op } of operations()) {
    const where = `${op.operationId}`;
    expect([where, op.summary]).toEqual([where, expect.stringMatching(/\S/)]);
    expect([where, op.tags.length > 0 && op.tags.every((t: string) => typeof tags.get(t) === 'string' && tags.get(t).length > 0)]).toEqual([where, true]);
    expect([where, Array.isArray(op.security)]).toEqual([where, true]);

    const params = (op.parameters ?? []).map(deref);
    for (const param of params) expect([where, param.name, param.description, !!param.schema]).toEqual([where, param.name, expect.stringMatching(/\S/), true]);
    const pathNames = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect([where, params.filter((x: Json) => x.in === 'path').map((x: Json) => x.name).sort()]).toEqual([where, pathNames]);
    if (op.requestBody) {
      // JSON, or (a file upload) each accepted media type, each with its schema.
      const media = Object.values(op.requestBody.content as Json);
      expect([where, op.requestBody.description, media.length > 0 && media.every((m: Json) => !!m.schema)]).toEqual([where, expect.stringMatching(/\S/), true]);
    }

    const statuses = Object.keys(op.responses).map(Number);
    const success = statuses.filter((s) => s < 400);
    expect([where, success.length > 0]).toEqual([where, true]);
    // JSON, or another documented media type (a CSV export, a printable document, a downloaded file), each with its schema.
    for (const s of success) {
      const media = Object.values((op.responses[s].content ?? {}) as Json);
      expect([where, s, media.length > 0 && media.every((m: Json) => !!m.schema)]).toEqual([where, s, true]);
    }
    const required = [429, 500, ...(op.security.length ? [401, 403] : []), ...(op.parameters?.length || op.requestBody ? [400] : [])];
    expect([where, required.filter((s) => !statuses.includes(s))]).toEqual([where, []]);
    for (const s of statuses.filter((x) => x >= 400)) {
      const response = deref(op.responses[s]);
      expect([where, s, response.description, response.content['application/json'].schema]).toEqual([where, s, expect.stringMatching(/\S/), { $ref: '#/components/schemas/Error' }]);
    }
  }
});

test('security: a bearer token or the session cookie (with the CSRF header on writes); optional on online submission; none on public endpoints', () => {
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'petition_session' });
  expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
  for (const e of endpoints) {
    const op = doc.paths[e.path][e.method];
    const signedIn = [{ bearer: [] }, e.method === 'get' ? { session: [] } : { session: [], csrf: [] }];
    expect([e.operationId, op.security]).toEqual([e.operationId, e.auth === 'public' ? [] : e.auth === 'optional' ? [{}, ...signedIn] : signedIn]);
  }
});

test('every $ref resolves inside the document, and no zod leftovers ($defs, $schema, id) remain', () => {
  const refs: string[] = [];
  const leftovers: string[] = [];
  collect(doc, (key, value) => {
    if (key === '$ref') refs.push(value as string);
    if (key === '$defs' || key === '$schema' || (key === 'id' && typeof value === 'string')) leftovers.push(`${key}: ${JSON.stringify(value)}`);
  });
  expect(refs.length).toBeGreaterThan(0);
  expect(refs.filter((r) => pointer(r) === undefined)).toEqual([]);
  expect(leftovers).toEqual([]);
});

test('every component is used, and shared shapes are components (the case view once, not per operation)', () => {
  const text = JSON.stringify({ ...doc, components: undefined });
  const componentText = JSON.stringify(doc.components);
  for (const [kind, entries] of Object.entries(doc.components as Json)) {
    if (kind === 'securitySchemes') continue;
    for (const name of Object.keys(entries as Json)) {
      const ref = `"#/components/${kind}/${name}"`;
      expect([ref, text.includes(ref) || componentText.includes(ref)]).toEqual([ref, true]);
    }
  }
  for (const name of ['CaseView', 'Clock', 'TimelineEvent', 'Opinion', 'SupervisionNotice', 'ResolvedPolicy', 'Error']) {
    expect(doc.components.schemas[name]).toBeDefined();
  }
  // Staff get the CaseView, a petitioner the PetitionerCase: both by reference, never inlined.
  expect(doc.paths['/api/v1/petitions/{id}'].get.responses[200].content['application/json'].schema.properties.petition.anyOf)
    .toEqual([{ $ref: '#/components/schemas/CaseView' }, { $ref: '#/components/schemas/PetitionerCase' }]);
});

test('the case view documents every field the domain type has, and which are always present', () => {
  const caseView = doc.components.schemas.CaseView;
  expect(caseView.additionalProperties).toBe(false);
  for (const field of ['id', 'queryCode', 'status', 'stage', 'clocks', 'timeline', 'allowedActions', 'overdue', 'asOf', 'policy', 'evaluations', 'supervision']) {
    expect(caseView.required).toContain(field);
  }
  for (const field of ['officerId', 'reply', 'pendingExtension', 'nextDeadline', 'closedAt']) expect(caseView.required).not.toContain(field);
  expect(doc.components.schemas.Clock.properties.dueAt).toMatchObject({ type: 'string', format: 'date-time' });
  expect(Object.keys(doc.components.schemas.ResolvedPolicy.properties.limits.properties).sort()).toEqual([...doc.components.schemas.ClockKind.enum].sort());
  // Descriptions carry the Chinese terms a UI shows.
  expect(doc.components.schemas.CaseView.properties.queryCode.description).toContain('查询码');
});

test('the error examples conform to the Error schema', () => {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(doc.components.schemas.Error);
  for (const [name, response] of Object.entries(doc.components.responses as Json)) {
    const example = (response as Json).content['application/json'].example;
    expect([name, validate(example), validate.errors ?? null]).toEqual([name, true, null]);
  }
});

test('the guide explains auth, errors, idempotency, rate limits and the lifecycle, and its links reach operations', () => {
  const guide: string = doc.info.description;
  for (const heading of ['## Authentication and roles', '### Demo tokens', '## Errors', '## Idempotency', '## Rate limits', '## Case lifecycle']) {
    expect(guide).toContain(heading);
  }
  expect(guide).toContain('`demo-officer-labour-token`');
  for (const status of doc.components.schemas.CaseStatus.enum) expect(guide).toContain(`| \`${status}\` |`);
  const links = [...guide.matchAll(/\]\(#\/(\w+)\/(\w+)\)/g)];
  expect(links.length).toBeGreaterThan(20);
  const byId = new Map(operations().map(({ op }) => [op.operationId, op]));
  for (const [, tag, id] of links) expect([id, byId.get(id!)?.tags[0]]).toEqual([id, tag]);
  // The table is the domain's rule: a registered case is accepted or routed, never replied to.
  const registered = guide.split('\n').find((l) => l.startsWith('| `registered` |'))!;
  expect(registered).toContain('[accept]');
  expect(registered).not.toContain('[reply]');

  const withoutDemo = openApiDocument(endpoints, { version: API_VERSION, demoTokens: false });
  expect(withoutDemo.info.description).not.toContain('demo-');
});

describe('schema components', () => {
  const Shape = z.object({ name: z.string(), tags: z.array(z.string()).default([]) }).meta({ id: 'TestShape' });
  const Holder = z.object({ shape: Shape }).meta({ id: 'TestHolder' });
  const Plain = z.strictObject({ n: z.number() }).meta({ id: 'TestPlain' }); // strict: the same as request and response
  const Impostor = z.object({ other: z.boolean() }).meta({ id: 'TestImpostor' });

  test('a shape with an id becomes one component, referred to wherever it is used', () => {
    const c = new SchemaComponents();
    expect(c.convert(z.object({ a: Plain, b: z.array(Plain) }), 'output')).toMatchObject({
      properties: { a: { $ref: '#/components/schemas/TestPlain' }, b: { items: { $ref: '#/components/schemas/TestPlain' } } },
    });
    expect(c.convert(Plain, 'output')).toEqual({ $ref: '#/components/schemas/TestPlain' });
    expect(c.convert(Plain, 'input')).toEqual({ $ref: '#/components/schemas/TestPlain' });
    expect(Object.keys(c.schemas)).toEqual(['TestPlain']);
    expect(c.schemas.TestPlain).toEqual({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false });
  });

  test('a shape that reads differently as a request gets its own <id>Input component, and so does what contains it', () => {
    const c = new SchemaComponents();
    expect(c.convert(Holder, 'output')).toEqual({ $ref: '#/components/schemas/TestHolder' });
    expect(c.convert(Holder, 'input')).toEqual({ $ref: '#/components/schemas/TestHolderInput' });
    expect(c.schemas.TestShape!.required).toEqual(['name', 'tags']);
    expect(c.schemas.TestShapeInput!.required).toEqual(['name']);
    expect(c.schemas.TestHolderInput!.properties.shape).toEqual({ $ref: '#/components/schemas/TestShapeInput' });
    expect(c.schemas.TestHolder!.properties.shape).toEqual({ $ref: '#/components/schemas/TestShape' });
  });

  test('two different shapes under one id are refused, not silently merged', () => {
    const c = new SchemaComponents();
    c.convert(Impostor, 'output');
    // zod's registry refuses a second schema with a taken id; free it to stand for one defined elsewhere.
    z.globalRegistry.remove(Impostor);
    const clash = z.object({ n: z.string() }).meta({ id: 'TestImpostor' });
    expect(() => c.convert(clash, 'output')).toThrow(/two different schemas carry the id "TestImpostor"/);
  });
});
