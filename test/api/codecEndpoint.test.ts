// The codec endpoint (Temporal's codec server protocol) on the real API: the payloads the server holds
// decode for an admin and for nobody else, and the Temporal Web UI's origin may call it with credentials.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DEMO_USERS } from '../../src/accounts/demo';
import { workflowIdFor } from '../../src/temporal/ids';
import { expectOk, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { testDataConverter } from '../support/codec';
import { rawRuns } from '../support/rawHistory';

const UI = 'http://127.0.0.1:8233';
const Payloads = temporal.api.common.v1.Payloads;
type PayloadsJson = { payloads: { metadata?: Record<string, string>; data?: string }[] };

/** Payloads as the Web UI sends them: protobuf JSON, bytes in base64. */
const toJson = (payloads: temporal.api.common.v1.IPayload[]): PayloadsJson =>
  Payloads.toObject(Payloads.fromObject({ payloads }), { bytes: String }) as PayloadsJson;
const fromJson = (json: PayloadsJson) => Payloads.fromObject(json).payloads;
const text = (p: temporal.api.common.v1.IPayload) => Buffer.from(p.data ?? []).toString('utf8');
const meta = (p: temporal.api.common.v1.IPayload, k: string) => Buffer.from(p.metadata?.[k] ?? []).toString('utf8');

let stack: ApiStack;
/** The registration input of a real petition, as the server holds it (encrypted). */
let startInput: PayloadsJson;
const NAME = '司马codec测试';

beforeAll(async () => {
  // CORS_ORIGINS '*' for the API at large: the codec endpoint must still answer only the Web UI's origin.
  stack = await startApiStack({ temporalUiOrigins: [UI], corsOrigins: '*' });
  const c = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ petitioner: { name: NAME, contact: '13700000002' } })), 'submission').body.petition;
  const [run] = await rawRuns(stack.env.connection as Connection, stack.env.namespace ?? 'default', workflowIdFor(c.id));
  startInput = toJson(run!.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads!);
});

afterAll(async () => {
  await stack?.close();
});

const decodeAs = (user: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  (user ? stack.as(user) : stack.http).post<PayloadsJson & { error?: { code: string; message: string; details: unknown } }>('/api/v1/codec/decode', body, { 'x-namespace': 'default', ...headers });

test('an admin gets the payloads in clear, in order; payloads written before encryption come back unchanged', async () => {
  expect(startInput.payloads.map((p) => Buffer.from(p.metadata!.encoding!, 'base64').toString())).toEqual(['binary/encrypted']);
  const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"before encryption"').toString('base64') };
  const res = await decodeAs('admin', { payloads: [...startInput.payloads, plain] });
  expect(res.status).toBe(200);
  const [registration, unchanged] = fromJson(res.body);
  expect(meta(registration!, 'encoding')).toBe('json/plain');
  expect(JSON.parse(text(registration!))).toMatchObject({ kind: 'new', registration: { petitioner: { name: NAME } } });
  expect(res.body.payloads[1]).toEqual(plain);
  expect(unchanged).toBeDefined();
});

test('encode encrypts with the current key, as the service does; decode reverses it', async () => {
  const value = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify({ name: NAME })).toString('base64') }] };
  const encoded = await stack.as('admin').post<PayloadsJson>('/api/v1/codec/encode', value, { 'x-namespace': 'default' });
  expect(encoded.status).toBe(200);
  const [sealed] = fromJson(encoded.body);
  expect([meta(sealed!, 'encoding'), meta(sealed!, 'encryption-key-id')]).toEqual(['binary/encrypted', 'test-1']);
  expect(text(sealed!)).not.toContain('codec');
  // The worker's own codec reads what the endpoint wrote.
  const [opened] = await testDataConverter().payloadCodecs![0]!.decode([sealed!]);
  expect(JSON.parse(Buffer.from(opened!.data!).toString())).toEqual({ name: NAME });
  expect((await decodeAs('admin', encoded.body)).body).toEqual(value);
});

test('every other role is refused with 403 and anonymous callers or wrong tokens with 401, in the one error shape, with nothing decoded', async () => {
  const others = DEMO_USERS.filter((u) => u.role !== 'admin');
  expect(others.length).toBeGreaterThan(5);
  for (const u of others) {
    for (const op of ['decode', 'encode']) {
      const res = await stack.as(u.id).post(`/api/v1/codec/${op}`, startInput, { 'x-namespace': 'default' });
      expect([u.id, op, res.status, res.body.error?.code]).toEqual([u.id, op, 403, 'forbidden']);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining(`a ${u.role} may not`), details: { role: u.role, allowedRoles: ['admin'] } } });
    }
  }
  for (const res of [await decodeAs(undefined, startInput), await decodeAs(undefined, startInput, { authorization: 'Bearer not-a-token' })]) {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String), details: null } });
  }
});

test('refusals that say why: another namespace, an undecodable payload (named by index), a malformed body', async () => {
  const other = await decodeAs('admin', startInput, { 'x-namespace': 'someone-else' });
  expect(other.status).toBe(400);
  expect(other.body.error).toEqual({ code: 'validation_failed', message: 'this codec serves namespace "default", not "someone-else"', details: [{ field: 'X-Namespace', message: expect.any(String) }] });

  const [sealed] = startInput.payloads;
  const unknownKey = { ...sealed, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('retired-2019').toString('base64') } };
  const tampered = { ...sealed, data: Buffer.from(Buffer.from(sealed!.data!, 'base64').map((b, i) => (i === 30 ? b ^ 1 : b))).toString('base64') };
  const bad = await decodeAs('admin', { payloads: [sealed, unknownKey, tampered] });
  expect(bad.status).toBe(400);
  expect(bad.body.error!.code).toBe('validation_failed');
  expect(bad.body.error!.details).toEqual([
    { field: 'payloads.1', message: expect.stringContaining('encrypted with key "retired-2019", which is not configured') },
    { field: 'payloads.2', message: expect.stringContaining('does not decrypt') },
  ]);
  expect(JSON.stringify(bad.body)).not.toContain(NAME);

  for (const body of [{}, { payloads: 'x' }, { payloads: [{ data: 'not base64!' }] }, { payloads: [], extra: 1 }]) {
    const res = await decodeAs('admin', body);
    expect([body, res.status, res.body.error?.code]).toEqual([body, 400, 'validation_failed']);
  }
  const notJson = await stack.as('admin').post('/api/v1/codec/decode', 'payloads', { 'content-type': 'text/plain' });
  expect([notJson.status, notJson.body.error.code]).toEqual([415, 'unsupported_media_type']);
});

describe('CORS for the Temporal Web UI', () => {
  const preflight = (origin: string, path = '/api/v1/codec/decode') => fetch(`${stack.baseUrl}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
  });

  test('a preflight from the Web UI\'s origin is answered with that origin, credentials allowed, and the codec headers', async () => {
    const res = await preflight(UI);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',').sort()).toEqual(['authorization', 'content-type', 'x-namespace']);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  test('the decode itself, sent from the Web UI\'s origin with credentials, is readable there', async () => {
    const res = await decodeAs('admin', startInput, { origin: UI });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  test('any other origin gets no CORS answer from the codec, even though the API allows every origin', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:8234', 'null']) {
      const res = await preflight(origin);
      expect([origin, res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-credentials')]).toEqual([origin, null, null]);
      const post = await decodeAs('admin', startInput, { origin });
      expect([origin, post.headers.get('access-control-allow-origin')]).toEqual([origin, null]);
    }
    // The rest of the API keeps its own policy ('*' here, never with credentials).
    const api = await preflight(UI, '/api/v1/petitions');
    expect([api.headers.get('access-control-allow-origin'), api.headers.get('access-control-allow-credentials')]).toEqual(['*', null]);
  });
});
