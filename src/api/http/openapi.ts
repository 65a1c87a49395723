// The OpenAPI 3.1 document, generated from the endpoint declarations and their zod schemas.
import { z } from 'zod';
import { ErrorSchema } from '../schemas/errors';
import type { Endpoint } from './endpoint';

type Json = Record<string, any>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: details lists each field and why',
  401: 'No token, or an unknown or revoked token',
  403: 'The caller\'s role or scope does not allow this',
  404: 'No such petition (or route)',
  409: 'Not allowed in the current state: details has the status and the allowed actions',
  413: 'The body is larger than the limit',
  422: 'The Idempotency-Key was already used for a different request',
  429: 'Rate limited: see the Retry-After header',
  500: 'Unexpected failure (never for bad input)',
};

/** zod's JSON Schema, with its $defs moved into components so shared shapes appear once. */
function converter(components: Json) {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$schema' || k === 'id' && typeof v === 'string' && components[v] !== undefined) continue;
      if (k === '$defs') continue;
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewrite(v);
    }
    return out;
  };
  return (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    for (const [name, def] of Object.entries((json.$defs ?? {}) as Json)) {
      components[name] = true; // mark first so nested ids are recognised
      components[name] = rewrite(def);
    }
    return rewrite(json) as Json;
  };
}

function parameters(e: Endpoint, toJson: ReturnType<typeof converter>): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', e.params], ['query', e.query]] as const) {
    if (!schema) continue;
    const json = toJson(schema, 'input');
    const required = new Set<string>(json.required ?? []);
    for (const [name, prop] of Object.entries((json.properties ?? {}) as Json)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), description: prop.description, schema: prop });
    }
  }
  if (e.idempotent) {
    out.push({
      name: 'Idempotency-Key', in: 'header', required: false,
      description: 'Send a fresh key per intended request; a retry with the same key returns the first answer (header Idempotent-Replayed: true) and never acts twice.',
      schema: { type: 'string', minLength: 8, maxLength: 200 },
    });
  }
  return out;
}

export function openApiDocument(endpoints: Endpoint[], info: { version: string; serverUrl?: string }): Json {
  const components: Json = {};
  const toJson = converter(components);
  const errorRef = { $ref: '#/components/schemas/Error' };
  components.Error = toJson(ErrorSchema, 'output');
  delete components.Error.id;

  const paths: Json = {};
  for (const e of endpoints) {
    const responses: Json = {};
    for (const [status, r] of Object.entries(e.responses)) {
      responses[status] = { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: toJson(r.schema, 'output') } } } : {}) };
    }
    const errors = new Set([400, 429, 500, ...(e.errors ?? [])]);
    if (e.auth !== 'public') errors.add(401);
    if (e.auth === 'bearer' || e.roles) errors.add(403);
    if (e.idempotent) { errors.add(409); errors.add(422); }
    if (e.body) errors.add(413);
    for (const status of [...errors].sort()) responses[status] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorRef } } };

    const roles = e.roles ? `\n\nRoles: ${e.roles.join(', ')}.` : '';
    paths[e.path] ??= {};
    paths[e.path][e.method] = {
      operationId: e.operationId,
      summary: e.summary,
      description: `${e.description ?? ''}${roles}`.trim() || undefined,
      tags: e.tags,
      security: e.auth === 'public' ? [] : e.auth === 'optional' ? [{}, { bearer: [] }] : [{ bearer: [] }],
      parameters: parameters(e, toJson),
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(e.body, 'input') } } } } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Petition (信访) case handling API',
      version: info.version,
      description: 'Each petition is a durable Temporal workflow. Detail reads the workflow; lists read the database projection. Every error has the shape {"error":{"code","message","details"}}.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token issued with `npm run admin -- token issue`' } },
    },
    paths,
  };
}
