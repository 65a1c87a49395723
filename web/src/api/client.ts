// The API client, typed from the OpenAPI document (schema.d.ts is generated at build time from the
// endpoint declarations: a changed schema breaks this build, not the user). Credentials are added by the
// auth layer (src/auth), so pages never see a token or a CSRF header.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type CaseView = Schemas['CaseView'];
export type PetitionerCase = Schemas['PetitionerCase'];
export type PublicCase = Schemas['PublicCase'];
export type Clock = Schemas['Clock'];
export type PetitionSummary = Schemas['PetitionSummary'];
export type BoardItem = Schemas['BoardItem'];
export type CaseAction = Schemas['CaseAction'];
export type CaseStatus = Schemas['CaseStatus'];
export type ListQuery = NonNullable<paths['/api/v1/petitions']['get']['parameters']['query']>;
export type Statistics = paths['/api/v1/statistics']['get']['responses'][200]['content']['application/json'];
export type Board = paths['/api/v1/board']['get']['responses'][200]['content']['application/json'];
export type Timeline = paths['/api/v1/petitions/{id}/timeline']['get']['responses'][200]['content']['application/json'];
export type Detail = paths['/api/v1/petitions/{id}']['get']['responses'][200]['content']['application/json'];
export type Submission = NonNullable<paths['/api/v1/petitions']['post']['requestBody']>['content']['application/json'];
export type Attachment = Schemas['Attachment'];
export type CaseNote = Schemas['CaseNote'];
export type DocumentKindPrintable = paths['/api/v1/petitions/{id}/documents/{kind}']['get']['parameters']['path']['kind'];

/** Headers the auth layer adds to a request (a bearer token, or the CSRF token for cookie sessions). */
type HeaderSource = (method: string) => Record<string, string>;
let authHeaders: HeaderSource = () => ({});
let onUnauthorized: () => void = () => undefined;

export function setAuth(headers: HeaderSource, unauthorized: () => void): void {
  authHeaders = headers;
  onUnauthorized = unauthorized;
}

/** The API's one error shape, as thrown by every call here. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown) {
    super(message);
  }
}

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    for (const [k, v] of Object.entries(authHeaders(request.method))) request.headers.set(k, v);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/session')) onUnauthorized();
    return response;
  },
});

function failure(status: number, body: unknown): ApiFailure {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  return new ApiFailure(status, e?.code ?? 'network', e?.message ?? `HTTP ${status}`, e?.details ?? null);
}

/**
 * Unwraps an openapi-fetch answer: the data, or an ApiFailure with the API's code, message and details.
 * The list, board and statistics also answer text/csv when asked for it; the console asks for JSON (the
 * client's default Accept), so the CSV form is taken out of the type.
 */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Exclude<T, string>> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) throw failure(response.status, error);
  return data as Exclude<T, string>;
}

/** A fresh Idempotency-Key: one per intended request (a retry of the same submit reuses it). */
export const newIdempotencyKey = (): string => crypto.randomUUID();

/**
 * A call to a path known only at run time (the action endpoints, named by yourActions): same credentials
 * and error shape as the typed client.
 */
export async function callPath<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...authHeaders(method), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw failure(res.status, parsed);
  return { status: res.status, body: parsed as T };
}

/**
 * Uploads a file as the raw body (POST /api/v1/attachments): its type as Content-Type, its name
 * percent-encoded in X-File-Name. Answers the stored attachment, whose id goes into attachmentIds.
 */
export async function uploadAttachment(file: File, idempotencyKey = newIdempotencyKey()): Promise<Attachment> {
  const res = await fetch('/api/v1/attachments', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      'idempotency-key': idempotencyKey,
      ...authHeaders('POST'),
    },
    body: file,
  });
  const parsed = await res.json().catch(() => undefined);
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw failure(res.status, parsed);
  return parsed as Attachment;
}

/**
 * A file the API serves by GET (an attachment, a printable document, a CSV export), fetched with the
 * caller's credentials: for a bearer session, whose token a plain link cannot carry.
 */
export async function fetchFile(path: string): Promise<Blob> {
  const res = await fetch(path, { credentials: 'same-origin', headers: authHeaders('GET') });
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw failure(res.status, await res.json().catch(() => undefined));
  return res.blob();
}
