// Requests below the level of a schema, for every path of the document: methods it does not have,
// broken percent-encoding in each path parameter, bodies at and over the size limit, huge headers and
// query strings, malformed JSON, garbage credentials. Each says whether only Node's parser may answer it.
import { BODY_LIMIT_BYTES as BODY_LIMIT } from '../../src/api/app';
import type { Operation } from './document';
import { fillPath } from './document';
import { GARBAGE_AUTHORIZATION, RAW_PATH_SEGMENTS } from './hostile';
import type { RawRequest } from './rawHttp';

export interface RawCase { label: string; op?: Operation; req: RawRequest; transport?: boolean; expect?: number[] }


/** A JSON object of exactly `bytes` bytes (one long string field). */
export function jsonOfSize(bytes: number, field = 'content'): string {
  const frame = JSON.stringify({ [field]: '' }).length;
  return JSON.stringify({ [field]: 'x'.repeat(Math.max(0, bytes - frame)) });
}

const OTHER_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE', 'GET', 'POST'];
/** Method tokens Node's parser does not know: it answers 400 itself. */
const UNKNOWN_METHODS = ['FOO', 'BREW', 'GETS'];

export function rawCases(ops: readonly Operation[], petitionId: string, auth: string): RawCase[] {
  const out: RawCase[] = [];
  const json = { 'content-type': 'application/json', authorization: auth };
  const pathOf = (op: Operation, value = petitionId) => fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, value])));

  for (const path of new Set(ops.map((op) => pathOf(op)))) {
    const own = new Set(ops.filter((op) => pathOf(op) === path).map((op) => op.method.toUpperCase()));
    for (const method of OTHER_METHODS.filter((m) => !own.has(m))) {
      // 405 with Allow; OPTIONS is CORS's preflight (204); HEAD of a GET path is that GET without its body.
      const expect = method === 'OPTIONS' ? [204] : method === 'HEAD' && own.has('GET') ? undefined : [405];
      out.push({ label: `method ${method}`, req: { method, path, headers: { authorization: auth } }, expect });
    }
    for (const method of UNKNOWN_METHODS) out.push({ label: 'unknown method', req: { method, path, headers: {} }, transport: true });
  }

  // Every broken segment on one operation of each path shape; a few on every other operation.
  const shapes = new Map(ops.map((op) => [op.path.replace(/\/actions\/\w+$/, '/actions/*'), op]));
  const firstOfShape = new Set(shapes.values());
  ops.forEach((op, i) => {
    const method = op.method.toUpperCase();
    const rotate = <T>(list: readonly T[], n: number) => (firstOfShape.has(op) ? list : Array.from({ length: n }, (_, k) => list[(i * n + k) % list.length]!));
    for (const seg of op.pathParams.length ? rotate(RAW_PATH_SEGMENTS, 3) : []) {
      out.push({ label: 'raw path segment', op, req: { method, path: pathOf(op, seg), headers: json, body: op.body ? '{}' : undefined } });
    }
    for (const authorization of rotate(GARBAGE_AUTHORIZATION, 4)) {
      out.push({ label: 'garbage authorization', op, req: { method, path: pathOf(op), headers: { 'content-type': 'application/json', authorization }, body: op.body ? '{}' : undefined } });
    }
    // Over Node's default header limit (16 KB), within the API's (64 KB): the application answers.
    out.push({ label: 'query string 20 KB', op, req: { method, path: `${pathOf(op)}?q=${'a'.repeat(20_000)}`, headers: { authorization: auth } } });
    out.push({ label: 'cursor of 2,000 emoji', op, req: { method, path: `${pathOf(op)}?cursor=${'%F0%9F%99%82'.repeat(2000)}`, headers: { authorization: auth } } });
    // Over the API's: the request line counts too. A 400 in the error shape.
    out.push({ label: 'query string 70 KB', op, req: { method, path: `${pathOf(op)}?q=${'a'.repeat(70_000)}`, headers: { authorization: auth } }, transport: true, expect: [400] });
    out.push({ label: 'query string 10 KB', op, req: { method, path: `${pathOf(op)}?q=${'%F0%9F%99%82'.repeat(800)}`, headers: { authorization: auth } } });
    out.push({ label: 'query string 1000 parameters', op, req: { method, path: `${pathOf(op)}?${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}`, headers: { authorization: auth } } });
    out.push({ label: 'header 8 KB', op, req: { method, path: pathOf(op), headers: { authorization: auth, 'x-junk': 'j'.repeat(8 * 1024) } } });
    out.push({ label: 'headers 24 KB', op, req: { method, path: pathOf(op), headers: { authorization: auth, 'x-junk': 'j'.repeat(24 * 1024) } } });
    out.push({ label: 'headers 70 KB', op, req: { method, path: pathOf(op), headers: { authorization: auth, 'x-junk': 'j'.repeat(70 * 1024) } }, transport: true, expect: [400] });
    out.push({ label: '100 headers', op, req: { method, path: pathOf(op), headers: { authorization: auth, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-junk-${i}`, 'ü'.repeat(50)])) } } });
    if (!op.mutating) return;
    // At and over the body limit: the parser answers 413 before anything else looks at the request.
    out.push({ label: 'body at the limit', op, req: { method, path: pathOf(op), headers: json, body: jsonOfSize(BODY_LIMIT) } });
    out.push({ label: 'body 1 byte over the limit', op, req: { method, path: pathOf(op), headers: json, body: jsonOfSize(BODY_LIMIT + 1), fresh: true }, expect: [413] });
    if (firstOfShape.has(op)) {
      out.push({ label: 'body 2 MB', op, req: { method, path: pathOf(op), headers: json, body: jsonOfSize(2 * 1024 * 1024), fresh: true }, expect: [413] });
      out.push({ label: 'body 1 MB chunked', op, req: { method, path: pathOf(op), headers: { ...json, 'transfer-encoding': 'chunked' }, body: jsonOfSize(1024 * 1024), fresh: true }, expect: [413] });
      out.push({ label: 'body 2 MB of emoji', op, req: { method, path: pathOf(op), headers: json, body: JSON.stringify({ content: '🙂'.repeat(512 * 1024) }), fresh: true }, expect: [413] });
    }
    out.push({ label: 'deeply nested JSON', op, req: { method, path: pathOf(op), headers: json, body: '['.repeat(20_000) + ']'.repeat(20_000) } });
    out.push({ label: 'deeply nested object', op, req: { method, path: pathOf(op), headers: json, body: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) } });
    out.push({ label: 'unclosed nesting', op, req: { method, path: pathOf(op), headers: json, body: '{"a":['.repeat(10_000) } });
    out.push({ label: 'duplicate keys', op, req: { method, path: pathOf(op), headers: json, body: '{"__proto__":{"x":1},"__proto__":{"y":2},"constructor":{"prototype":{"z":3}}}' } });
    out.push({ label: 'number overflow', op, req: { method, path: pathOf(op), headers: json, body: '{"days":1e400,"level":-1e400}' } });
  });
  return out;
}
