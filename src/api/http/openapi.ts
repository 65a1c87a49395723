// The OpenAPI 3.1 document, generated from the endpoint declarations and the very zod schemas that
// validate requests: nothing here describes a route or a field by hand.
import { z } from 'zod';
import { apiGuide } from '../docs';
import { IdempotencyKeySchema } from '../schemas/common';
import { ErrorSchema } from '../schemas/errors';
import type { Endpoint } from './endpoint';
import { SESSION_COOKIE } from '../../accounts/sessions';
import { CSRF_HEADER } from './principal';
import { DEFAULT_RATE_LIMITS } from './rateLimit';

type Json = Record<string, any>;

/** Tag descriptions, in the order Swagger UI shows them; a tag not listed here goes last, undescribed. */
const TAGS: Record<string, string> = {
  petitions: 'Submit or register a petition and read one case (from its workflow).',
  actions: 'Officer and petitioner actions on a case (workflow updates): validated against the case\'s state before anything is recorded; a refusal is 409 with the allowed actions.',
  supervision: 'Supervisor signals (督办): escalate, supervise, decide an extension, reassign. Checked against the case first; answered with 202 and the case as it is now.',
  lists: 'Work lists of cases in the caller\'s scope, read from the database projection (a moment behind the workflow).',
  timeline: 'A case\'s history: every step with its date and the documents shown to the petitioner.',
  board: 'Overview boards for officers and supervisors: what is due, overdue or escalated.',
  tracking: 'Public tracking by query code (查询码): no account needed; shows the steps and documents, no personal data.',
  statistics: 'Periodic statistics (W41): volume by class and channel, on-time rate, overdue by unit, satisfaction.',
  accounts: 'The caller\'s own account.',
  operations: 'For operators: the codec server that shows the encrypted Temporal payloads (petitioners\' data) in clear to an admin in the Temporal Web UI.',
  units: 'The organisation\'s units and their people: the choices the console offers for units, case officers and leaders.',
  notices: 'Your internal notices (deadline warnings, escalations, supervision, assignments), unread first, with read marks.',
  admin: 'Administration (the admin role): the unit tree, users and roles, disabling, password resets and API tokens: what `npm run admin` does, over HTTP; and the access log of staff searches for a person (name, contact or ID number).',
  filters: 'Your saved filters of the petition list: named query strings, per user.',
  notes: 'Internal notes on a case by staff in its scope: never shown to the petitioner or in the public view.',
  attachments: 'Files (scanned letters, evidence, signed documents): uploaded, then attached to a case by a submission or an action; downloaded within scope only.',
  documents: 'A case\'s notices and opinions ready to print (HTML for A4) or as PDF: 受理告知书, 不予受理告知书, 处理意见书, 复查意见书, 复核意见书.',
  session: 'Signing in to the console with user name and password: a session cookie (HttpOnly, SameSite=Strict) and its CSRF token for writes.',
};

/** The standard error answers, each a component (components/responses/<name>) with the Error schema. */
const ERRORS: Record<number, { name: string; text: string; example: Json }> = {
  400: { name: 'BadRequest', text: 'Invalid input: details lists each field and why (validation_failed); malformed JSON (malformed_json); a path that does not decode (bad_request); the request line and headers over 64 KB (request_too_large)', example: { code: 'validation_failed', message: 'title: must not be empty', details: [{ field: 'title', message: 'must not be empty' }] } },
  401: { name: 'Unauthorized', text: 'Not signed in: no token or session cookie, an unknown or revoked token, a session that has ended, or (signing in) a wrong user name or password', example: { code: 'unauthorized', message: 'the token is unknown or revoked', details: null } },
  403: { name: 'Forbidden', text: 'The caller\'s role or unit scope does not allow this (forbidden); a write with the session cookie lacks the CSRF token (csrf_failed); a one-time password must be changed first (password_change_required)', example: { code: 'forbidden', message: 'a petitioner may not accept the petition (受理)', details: { role: 'petitioner', allowedRoles: ['intake_officer', 'case_officer'] } } },
  404: { name: 'NotFound', text: 'No such petition', example: { code: 'not_found', message: 'petition not found', details: null } },
  409: { name: 'Conflict', text: 'Not allowed for this case now, with the reason (action_not_allowed: its state, a closed window, an ended period, more days than remain, who may act on it; details has the status and the allowed actions; nothing changed), or a request with the same Idempotency-Key is still in progress (request_in_progress), or (administration) the thing to create already exists or the change is not allowed', example: { code: 'action_not_allowed', message: '31 extension days asked, 30 remain of the 30 allowed in total (W34)', details: { status: 'in_handling', allowedActions: ['reply', 'requestExtension', 'reassign', 'withdraw', 'escalate', 'supervise'] } } },
  413: { name: 'PayloadTooLarge', text: 'The body is larger than the limit', example: { code: 'payload_too_large', message: 'the request body is too large', details: null } },
  415: { name: 'UnsupportedMediaType', text: 'The body is not sent as application/json (or, for a file, not in an accepted type)', example: { code: 'unsupported_media_type', message: 'send the body as application/json', details: null } },
  422: { name: 'IdempotencyKeyReused', text: 'The Idempotency-Key was already used for a different request', example: { code: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different request', details: [{ field: 'Idempotency-Key', message: 'use a new key for a new request' }] } },
  429: { name: 'RateLimited', text: 'Rate limited: retry after the Retry-After header\'s seconds', example: { code: 'rate_limited', message: 'too many requests from this address: at most 30 a minute; retry after 42 s', details: null } },
  500: { name: 'InternalError', text: 'Unexpected failure (never for bad input); safe to retry with the same Idempotency-Key', example: { code: 'internal', message: 'internal error', details: null } },
  503: { name: 'Unavailable', text: 'Temporal is not answering (or no worker answered in time); nothing was lost: retry shortly with the same Idempotency-Key', example: { code: 'temporal_unavailable', message: 'the workflow service is not answering; retry shortly', details: null } },
};

function errorResponse(status: number): Json {
  const { text, example } = ERRORS[status]!;
  const headers = status === 429 ? { 'Retry-After': header('Retry-After') } : status === 401 ? { 'WWW-Authenticate': header('WWW-Authenticate') } : undefined;
  return { description: text, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error: example } } } };
}

const HEADERS: Json = {
  RateLimit: { description: 'Remaining requests in the current window (IETF draft-8)', schema: { type: 'string' } },
  'RateLimit-Policy': { description: 'The limit and window (IETF draft-8)', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds until a request may succeed', schema: { type: 'integer' } },
  'Idempotent-Replayed': { description: '"true" when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
  Location: { description: 'The petition\'s URL', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } },
};
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

// JSON Schema keywords whose values are schemas (or maps / lists of schemas): the only places walked,
// so an `id` or `$ref` inside an example or a default is never touched.
const SUB_SCHEMA = new Set(['items', 'additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema']);
const SUB_SCHEMA_LIST = new Set(['prefixItems', 'allOf', 'anyOf', 'oneOf']);
const SUB_SCHEMA_MAP = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);

/** Rewrites a zod JSON Schema for OpenAPI: refs into components (renamed by `names`), no $schema, no zod `id`. */
function rewrite(node: unknown, names: Map<string, string>): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema' || k === '$defs' || (k === 'id' && typeof v === 'string')) continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out[k] = `#/components/schemas/${names.get(name) ?? name}`;
    } else if (SUB_SCHEMA.has(k)) out[k] = rewrite(v, names);
    else if (SUB_SCHEMA_LIST.has(k) && Array.isArray(v)) out[k] = v.map((s) => rewrite(s, names));
    else if (SUB_SCHEMA_MAP.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, rewrite(s, names)]));
    else out[k] = v;
  }
  return out;
}

const refsOf = (node: unknown): string[] => {
  const text = JSON.stringify(node);
  return [...text.matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
};

/**
 * zod's JSON Schema with every schema that has an id (.meta({ id })) moved into components, once.
 * A shape reads differently as a request (defaults optional, unknown keys stripped) than as a response:
 * when its input form differs it becomes `<id>Input`, so neither form is misdescribed.
 */
export class SchemaComponents {
  readonly schemas: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = this.raw(schema, io);
    const defs: Json = { ...(json.$defs ?? {}) };
    delete json.$defs;
    let root: Json = json;
    if (typeof json.id === 'string') { defs[json.id] = json; root = { $ref: `#/$defs/${json.id}` }; }

    const names = new Map<string, string>(Object.keys(defs).map((n) => [n, n]));
    if (io === 'input') for (const n of this.differingFromOutput(schema, defs)) names.set(n, `${n}Input`);
    for (const [n, def] of Object.entries(defs)) this.add(names.get(n)!, rewrite(def, names) as Json);
    return rewrite(root, names) as Json;
  }

  private raw(schema: z.ZodType, io: 'input' | 'output'): Json {
    return z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  }

  /** Ids whose input form differs from their output form, directly or through a schema they refer to. */
  private differingFromOutput(schema: z.ZodType, inputDefs: Json): Set<string> {
    const out = this.raw(schema, 'output');
    const outDefs: Json = { ...(out.$defs ?? {}), ...(typeof out.id === 'string' ? { [out.id]: { ...out, $defs: undefined } } : {}) };
    const strip = (d: Json) => JSON.stringify({ ...d, $defs: undefined });
    const differing = new Set(Object.keys(inputDefs).filter((n) => !outDefs[n] || strip(inputDefs[n]) !== strip(outDefs[n])));
    for (let grew = true; grew;) {
      grew = false;
      for (const n of Object.keys(inputDefs)) {
        if (!differing.has(n) && refsOf({ ...inputDefs[n], $defs: undefined }).some((r) => differing.has(r))) { differing.add(n); grew = true; }
      }
    }
    return differing;
  }

  private add(name: string, def: Json): void {
    const prior = this.schemas[name];
    if (prior && JSON.stringify(prior) !== JSON.stringify(def)) {
      throw new Error(`OpenAPI: two different schemas carry the id "${name}"; give each shape its own id`);
    }
    this.schemas[name] = def;
  }
}

function parameters(e: Endpoint, components: SchemaComponents): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', e.params], ['query', e.query]] as const) {
    if (!schema) continue;
    const json = components.convert(schema, 'input');
    const required = new Set<string>(json.required ?? []);
    for (const [name, prop] of Object.entries((json.properties ?? {}) as Json)) {
      const { description, ...schema } = prop; // said once, on the parameter
      out.push({ name, in: where, required: where === 'path' || required.has(name), description, schema });
    }
  }
  if (e.idempotent) out.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return out;
}

function requestBody(e: Endpoint, components: SchemaComponents): Json | undefined {
  if (e.rawBody) {
    const content = Object.fromEntries(e.rawBody.mediaTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]));
    return { required: true, description: e.rawBody.description, content };
  }
  if (!e.body) return undefined;
  const schema = components.convert(e.body, 'input');
  const empty = schema.type === 'object' && Object.keys(schema.properties ?? {}).length === 0;
  const description = schema.description ?? (empty ? 'An empty JSON object: {}' : `${e.summary}: the fields as JSON. Unknown fields are refused.`);
  return { required: true, description, content: { 'application/json': { schema } } };
}

/** The errors an endpoint can answer with, from what its declaration says it does. */
function errorStatuses(e: Endpoint): number[] {
  const s = new Set([429, 500, 503, ...(e.errors ?? [])]);
  // Any request but a GET may carry a body, and a malformed one is a 400 even where none is expected.
  if (e.params || e.query || e.body || e.idempotent || e.method !== 'get') s.add(400);
  if (e.auth !== 'public') { s.add(401); s.add(403); }
  if (e.idempotent) { s.add(409); s.add(422); }
  if (e.body || e.rawBody) { s.add(413); s.add(415); }
  return [...s].sort((a, b) => a - b);
}

function responses(e: Endpoint, components: SchemaComponents): Json {
  const out: Json = {};
  for (const [status, r] of Object.entries(e.responses)) {
    const headers: Json = { RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimit-Policy') };
    if (e.idempotent) headers['Idempotent-Replayed'] = header('Idempotent-Replayed');
    if (status === '201') headers.Location = header('Location');
    const content: Json = {};
    if (r.schema && !r.jsonless) content['application/json'] = { schema: components.convert(r.schema, 'output') };
    for (const [type, alt] of Object.entries(r.alternatives ?? {})) {
      content[type] = { schema: { type: 'string', ...(alt.binary ? { contentMediaType: type } : {}), ...(alt.description ? { description: alt.description } : {}) } };
    }
    out[status] = { description: r.description, headers, ...(Object.keys(content).length ? { content } : {}) };
  }
  for (const status of errorStatuses(e)) {
    const known = ERRORS[status];
    if (!known) throw new Error(`OpenAPI: ${e.operationId} declares error ${status}, which has no standard answer here`);
    out[status] = { $ref: `#/components/responses/${known.name}` };
  }
  return out;
}

/** A bearer token, or the session cookie (with its CSRF token on writes). */
export function security(e: Endpoint): Json[] {
  if (e.auth === 'public') return [];
  const signedIn = [{ bearer: [] }, e.method === 'get' ? { session: [] } : { session: [], csrf: [] }];
  return e.auth === 'optional' ? [{}, ...signedIn] : signedIn;
}

export interface DocumentOptions {
  version: string;
  serverUrl?: string;
  /** List the demo organisation's tokens in the guide (they exist only where it is seeded). */
  demoTokens?: boolean;
}

export function openApiDocument(endpoints: Endpoint[], options: DocumentOptions): Json {
  const components = new SchemaComponents();
  components.convert(ErrorSchema, 'output');

  const idempotencyKey = {
    name: 'Idempotency-Key', in: 'header', required: false,
    description: 'A fresh key (8 to 200 printable ASCII characters, e.g. a UUID) per intended request: a retry with the same key returns the first answer '
      + '(with Idempotent-Replayed: true) and never acts twice. The same key with a different body is refused with 422.',
    schema: components.convert(IdempotencyKeySchema, 'input'),
  };

  const paths: Json = {};
  for (const e of endpoints) {
    const roles = e.roles ? `\n\nRoles: ${e.roles.join(', ')}.` : '';
    const auth = e.auth === 'public' ? '\n\nPublic: no token needed.' : e.auth === 'optional' ? '\n\nSigning in is optional (a token or the session cookie identifies the caller): anonymous callers are rate limited per address.' : '';
    paths[e.path] ??= {};
    paths[e.path][e.method] = {
      operationId: e.operationId,
      summary: e.summary,
      description: `${e.description ?? ''}${auth}${roles}`.trim(),
      tags: e.tags,
      security: security(e),
      parameters: parameters(e, components),
      ...(e.body ? { requestBody: requestBody(e, components) } : {}),
      responses: responses(e, components),
    };
  }

  const statuses = [...new Set(endpoints.flatMap(errorStatuses))].sort((a, b) => a - b);
  const used = [...new Set(endpoints.flatMap((e) => e.tags))];
  const tags = [...Object.keys(TAGS).filter((t) => used.includes(t)), ...used.filter((t) => !(t in TAGS))]
    .map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Petition (信访) case handling API',
      version: options.version,
      summary: 'Petitions as durable workflows: statutory clocks, supervision, satisfaction evaluation.',
      description: apiGuide(endpoints, { demoTokens: options.demoTokens ?? true, rateLimits: DEFAULT_RATE_LIMITS }),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags,
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: components.schemas,
      responses: Object.fromEntries(statuses.map((s) => [ERRORS[s]!.name, errorResponse(s)])),
      parameters: { IdempotencyKey: idempotencyKey },
      headers: HEADERS,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token: `Authorization: Bearer <token>`. Tokens are issued per user by an administrator and stored hashed; see the guide above for the demo tokens.' },
        session: {
          type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
          description: 'The console\'s session, set by POST /api/v1/session (sign in with user name and password): HttpOnly, SameSite=Strict, Path=/, Secure over TLS. '
            + 'It ends after a time without requests (sliding) and at an absolute limit; DELETE /api/v1/session signs out. Writes made with it also need the csrf header.',
        },
        csrf: {
          type: 'apiKey', in: 'header', name: CSRF_HEADER,
          description: 'The session\'s CSRF token (csrfToken in the answer of POST or GET /api/v1/session), required on every POST, PUT, PATCH and DELETE made with the session cookie. '
            + 'A page on another site cannot send this header without a CORS preflight, which the API refuses. Not needed with a bearer token.',
        },
      },
    },
  };
}
