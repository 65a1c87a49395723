// What every answer to bad input must be: never a 5xx; an error has exactly the one documented shape,
// as JSON, with no trace of the server's insides; its status is one the operation documents, or one any
// route may answer with.
import type { Operation } from './document';
import type { RawRequest, RawResponse } from './rawHttp';

/** Any route may answer these: no token, not allowed, no such thing, body too large, rate limited. */
export const GENERIC_STATUSES = new Set([401, 403, 404, 413, 429]);

/**
 * Node's HTTP parser refuses some requests before the application sees them: the request line and
 * headers over MAX_HEADER_BYTES (64 KB), an unparsable request line or an unknown method token; each is
 * a 400 in the error shape (src/api/clientError.ts), never the 431 no operation documents. Only requests
 * built to cross those limits may see them.
 */
export const TRANSPORT_STATUSES = new Set([400]);

/** Stack frames, source paths, library names: what a leaked exception looks like. */
const LEAKS = [/\sat [\w.<>]+ \(/, /node_modules/, /\/src\//, /\.[jt]s:\d+/, /prisma/i, /\bzod\b/i, /sqlite/i, /temporal/i, /Error:/, /\/work\//];

export function checkAnswer(op: Operation | undefined, req: RawRequest, res: RawResponse, options: { transport?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (res.error) return [`no answer: ${res.error}`];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  if (res.status < 400) return problems;
  const transport = options.transport && TRANSPORT_STATUSES.has(res.status);
  if (op && !transport && !op.statuses.has(res.status) && !GENERIC_STATUSES.has(res.status)) problems.push(`status ${res.status} is not documented for ${op.id}`);
  if (req.method === 'HEAD') return problems;
  if (!/^application\/json\b/.test(String(res.headers['content-type'] ?? ''))) problems.push(`content-type ${res.headers['content-type']}`);
  const body = res.json as { error?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [...problems, `not a JSON object: ${res.text.slice(0, 200)}`];
  if (Object.keys(body).join() !== 'error') problems.push(`top-level keys ${Object.keys(body).join()}`);
  const e = body.error;
  if (!e || typeof e !== 'object') return [...problems, 'no error object'];
  if (Object.keys(e).sort().join() !== 'code,details,message') problems.push(`error keys ${Object.keys(e).sort().join()}`);
  if (typeof e.code !== 'string' || !/^[a-z][a-z_]*$/.test(e.code)) problems.push(`code ${JSON.stringify(e.code)}`);
  if (typeof e.message !== 'string' || e.message === '') problems.push(`message ${JSON.stringify(e.message)}`);
  // The answer may echo the request (a field name, the path); a leak is what the request did not contain.
  const sent = `${req.path} ${JSON.stringify(req.headers)} ${req.body ?? ''}`;
  for (const leak of LEAKS) if (leak.test(res.text) && !leak.test(sent)) problems.push(`leaks ${leak}: ${res.text.slice(0, 300)}`);
  return problems;
}

/** One line for a report: the request and the answer, cut to a readable length. */
export function describeExchange(req: RawRequest, res: RawResponse): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const body = req.body === undefined ? '' : ` body=${cut(typeof req.body === 'string' ? req.body : `<${req.body.length} bytes>`, 400)}`;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v, 80)]));
  return `${req.method} ${cut(req.path, 300)} headers=${JSON.stringify(headers)}${body}\n  -> ${res.status} ${res.error ?? cut(res.text, 500)}`;
}
