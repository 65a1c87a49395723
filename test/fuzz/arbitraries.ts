// Requests for one operation of the document, in arms that between them cover bad input of every kind.
// Against the watched petitions every arm is one that must change nothing: the body is invalid (by the
// document), or the caller may not act (no token, wrong role, out of scope), or the case is not in a
// state for the action, or a header is broken. Valid, allowed actions would rightly change a case.
import fc from 'fast-check';
import { fillPath, type Operation } from './document';
import { GARBAGE_AUTHORIZATION, HOSTILE_KEYS, HOSTILE_STRINGS, RAW_PATH_SEGMENTS } from './hostile';
import type { RawRequest } from './rawHttp';
import { conforms, invalidBody, invalidValue, validValue, type IdPool } from './schemas';
import { ON_BEHALF_ACTIONS, OUT_OF_SCOPE_USERS, type Watched } from './snapshots';

export interface FuzzContext {
  watched: readonly Watched[];
  users: readonly { id: string; role: string; token: string }[];
  ids: IdPool;
}

export type Caller = { anonymous: true } | { user: string } | { authorization: string };

export interface FuzzCase {
  arm: 'invalidBody' | 'deniedCaller' | 'notAllowedNow' | 'staffForPetitioner' | 'hostilePath' | 'query' | 'brokenHeader' | 'rawBody';
  caller: Caller;
  /** Path parameter values, as sent (encoded, or deliberately broken). */
  path: Record<string, string>;
  /** '' or '?…' as sent. */
  query: string;
  body?: { contentType?: string; text: string | Buffer; encoding?: string };
  headers: Record<string, string>;
  /** A 2xx answer would be a finding: the request is invalid or not allowed. */
  mustRefuse: boolean;
}

/** encodeURIComponent refuses lone surrogates: send their WTF-8 bytes (not valid UTF-8) instead. */
const encode = (s: string): string => { try { return encodeURIComponent(s); } catch { return '%ED%A0%80'; } };
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
const latin1 = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8'];
const NOT_JSON_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'text/html', 'image/png', 'application/octet-stream'];
const EXOTIC_TYPES = ['application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=nonsense', '', ';;;', '*/*', 'application/', '/json', 'application/json, text/plain', 'application/json-patch+json', 'application/vnd.api+json'];

/** Text a JSON parser must refuse: syntax errors, truncations, scalars at the top (strict mode), bad bytes. */
const MALFORMED_JSON: (string | Buffer)[] = [
  "{'class':'claim'}", '{class:"claim"}', '{"a":1,}', '[1,]', 'NaN', '{"a":NaN}', '{"a":undefined}', '/* c */{}', '{"a":1}//',
  '{"a":"\\x41"}', '{"a":"\u0001"}', '{"a":1}{"b":2}', '{"__proto__":', '<xml/>', 'a=1&b=2', '--x\r\n', '"just a string"', '42', 'true',
  'null', '\ufeff', '{"a":"\\ud800"', '{"a":1e999999}', '[[[[[[[[[[', '}{', '{"a" 1}', '{"a":01}', '{"a":.5}', '{"a":+1}', '{"a":0x10}',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from([0xc0, 0xaf]), Buffer.from([0x00, 0x7b, 0x7d]),
];

/** Idempotency-Key values the document's schema refuses (as the server will see them: trimmed, latin-1). */
function brokenKeys(schema: Record<string, unknown>): string[] {
  return ['', 'short', 'a'.repeat(201), 'has space inside', 'tab\tinside-key', 'é'.repeat(10), 'ÿ'.repeat(12), 'key\u0080\u0085xxxxx', '"; DROP TABLE x;--', '../../etc/passwd 🙂']
    .map(latin1).filter((k) => !conforms(schema, k.trim()));
}

export function casesFor(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const { watched, users } = ctx;
  const anyUser = fc.constantFrom(...users.map((u) => u.id)).map((user): Caller => ({ user }));
  const garbage = fc.oneof(
    fc.constantFrom(...GARBAGE_AUTHORIZATION),
    fc.string({ maxLength: 60 }).map((s) => `Bearer ${latin1(s).replace(/\s/g, '')}x`),
  ).filter((a) => !users.some((u) => new RegExp(`^Bearer\\s+${u.token}\\s*$`, 'i').test(a.trim()))).map((authorization): Caller => ({ authorization }));
  const anonymous = fc.constant<Caller>({ anonymous: true });
  // Mostly callers who get past authentication, role and scope, so the input itself is what is judged.
  const permitted = users.filter((u) => (!op.roles || op.roles.includes(u.role)) && !OUT_OF_SCOPE_USERS.includes(u.id)).map((u) => u.id);
  const anyCaller = fc.oneof(
    { weight: 6, arbitrary: permitted.length ? fc.constantFrom(...permitted).map((user): Caller => ({ user })) : anyUser },
    { weight: 2, arbitrary: anyUser },
    { weight: op.anonymous ? 3 : 1, arbitrary: anonymous },
    { weight: 1, arbitrary: garbage },
  );

  // Path parameters: a watched petition (its id, sometimes its query code), or something hostile.
  const onWatched = (w: Watched) => fc.constantFrom(w.id, w.id, w.id, w.queryCode).map((v) => Object.fromEntries(op.pathParams.map((p) => [p.name, v])));
  const watchedPath = fc.constantFrom(...watched).chain(onWatched);
  const hostileValue = (schema: Record<string, any>) => fc.oneof(
    fc.constantFrom(...RAW_PATH_SEGMENTS),
    fc.constantFrom(...HOSTILE_STRINGS).map(encode),
    fc.uuid().map(encode),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
    ...(invalidValue(schema) ? [invalidValue(schema)!.map((v) => encode(asText(v)))] : []),
    ...(schema.pattern ? [fc.stringMatching(new RegExp(schema.pattern)).map(encode)] : []),
  ).filter((v) => v !== ''); // an empty segment may make another route's path: /api/v1/petitions/ is the list
  const hostilePath = fc.tuple(...op.pathParams.map((p) => hostileValue(p.schema).map((v) => [p.name, v] as const))).map((e) => Object.fromEntries(e));
  const noPath = fc.constant<Record<string, string>>({});
  const somePath = op.pathParams.length ? fc.oneof({ weight: 3, arbitrary: watchedPath }, { weight: 1, arbitrary: hostilePath }) : noPath;

  // Query strings: each documented parameter absent or valid (a clean query, answered 200), or some
  // broken; plus unknown, repeated and bracketed keys.
  const paramValue = (schema: Record<string, any>, clean: boolean) => fc.oneof(
    { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 2, arbitrary: validValue(schema, ctx.ids).map((v) => encode(asText(v))) },
    ...(clean ? [] : [
      { weight: 2, arbitrary: (invalidValue(schema) ?? fc.constantFrom(...HOSTILE_STRINGS)).map((v) => encode(asText(v)).slice(0, 3000)) },
      { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%00', 'a&b', '+', '%2B', '') },
    ]),
  );
  const extraPairs = fc.array(fc.tuple(
    fc.oneof(fc.constantFrom(...HOSTILE_KEYS, ...op.queryParams.map((p) => p.name), ...op.queryParams.map((p) => `${p.name}[]`), 'a[b][c]', '__proto__[x]', 'constructor[prototype][x]').map(encode), fc.constantFrom('%', '')),
    fc.constantFrom(...HOSTILE_STRINGS).map(encode),
  ), { minLength: 1, maxLength: 3 });
  const serialise = (pairs: (readonly [string, string | undefined])[]) => {
    const present = pairs.filter(([, v]) => v !== undefined);
    return present.length ? `?${present.map(([k, v]) => `${k}=${v}`).join('&')}`.slice(0, 5000) : '';
  };
  const known = (clean: boolean) => fc.tuple(...op.queryParams.map((p) => paramValue(p.schema, clean).map((v) => [p.name, v] as const)));
  const query = fc.oneof(
    known(true).map(serialise),
    known(false).map(serialise),
    fc.tuple(known(false), extraPairs).map(([k, extra]) => serialise([...k, ...extra])),
  );

  // Headers: mostly none; a valid or a broken Idempotency-Key; a junk header.
  const validKey = fc.stringMatching(/^[\x21-\x7e]{8,64}$/);
  const keys = op.idempotencyKey ? brokenKeys(op.idempotencyKey) : [];
  const headers = fc.tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: validKey }, ...(keys.length ? [{ weight: 1, arbitrary: fc.constantFrom(...keys) }] : [])),
    fc.option(fc.string({ maxLength: 1500 }).map(latin1), { freq: 8 }),
  ).map(([key, junk]) => ({ ...(key === undefined ? {} : { 'idempotency-key': key }), ...(junk === null ? {} : { 'x-fuzz': junk }) }));

  const json = (value: unknown) => fc.constantFrom(...JSON_TYPES).map((contentType) => ({ contentType, text: JSON.stringify(value) }));
  const validBody = op.body ? validValue(op.body, ctx.ids).chain(json) : fc.constant(undefined);
  const badBody = op.body ? invalidBody(op.body, ctx.ids)?.chain(json) : undefined;

  const arms: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
  const arm = (weight: number, arbitrary: fc.Arbitrary<FuzzCase>) => arms.push({ weight, arbitrary });

  if (badBody) {
    arm(6, fc.record({ caller: anyCaller, path: somePath, query: fc.constant(''), body: badBody, headers })
      .map((c) => ({ ...c, arm: 'invalidBody' as const, mustRefuse: true })));
  }
  if (op.mutating && op.pathParams.length) {
    // Valid bodies from callers who may not act on the watched petitions.
    const deniedUsers = users.filter((u) => (op.roles && !op.roles.includes(u.role)) || OUT_OF_SCOPE_USERS.includes(u.id)).map((u) => u.id);
    const denied = fc.oneof(garbage, ...(op.anonymous ? [] : [anonymous]), ...(deniedUsers.length ? [fc.constantFrom(...deniedUsers).map((user): Caller => ({ user }))] : []));
    arm(3, fc.record({ caller: denied, path: watchedPath, query: fc.constant(''), body: validBody, headers })
      .map((c) => ({ ...c, arm: 'deniedCaller' as const, mustRefuse: true })));
  }
  const notNow = watched.filter((w) => !w.allowedActions.includes(op.id));
  if (op.isAction && notNow.length) {
    // Valid bodies from anyone, even the right role, on a case whose state does not allow the action.
    arm(3, fc.record({ caller: anyCaller, path: fc.constantFrom(...notNow).chain(onWatched), query: fc.constant(''), body: validBody, headers })
      .map((c) => ({ ...c, arm: 'notAllowedNow' as const, mustRefuse: true })));
  }
  const accountCases = watched.filter((w) => w.label.startsWith('account holder') || w.label === 'withdrawal pending');
  if (op.isAction && ON_BEHALF_ACTIONS.includes(op.id) && accountCases.length) {
    // Valid bodies (with a source or without) from the intake officer, who may act for a petitioner only
    // without an online account, and withdraws a supervised or escalated case only with a supervisor.
    const intake = users.filter((u) => u.role === 'intake_officer').map((u) => u.id);
    arm(4, fc.record({ caller: fc.constantFrom(...intake).map((user): Caller => ({ user })), path: fc.constantFrom(...accountCases).chain(onWatched), query: fc.constant(''), body: validBody, headers })
      .map((c) => ({ ...c, arm: 'staffForPetitioner' as const, mustRefuse: true })));
  }
  if (op.pathParams.length) {
    arm(3, fc.record({ caller: anyCaller, path: hostilePath, query, body: badBody ? fc.oneof(validBody, badBody) : validBody, headers })
      .map((c) => ({ ...c, arm: 'hostilePath' as const, mustRefuse: true })));
  }
  if (!op.mutating) {
    arm(6, fc.record({ caller: anyCaller, path: op.pathParams.length ? watchedPath : noPath, query, headers })
      .map((c) => ({ ...c, body: undefined, arm: 'query' as const, mustRefuse: false })));
  }
  // A caller who would be allowed, but with a token that is not one, or (on idempotent operations) a broken key.
  const brokenHeader = fc.oneof(
    fc.record({ caller: garbage, headers }),
    ...(keys.length && op.mutating ? [fc.record({ caller: anyCaller, headers: fc.constantFrom(...keys).map((k) => ({ 'idempotency-key': k })) })] : []),
  );
  arm(2, fc.record({ h: brokenHeader, path: op.pathParams.length ? watchedPath : noPath, body: validBody })
    .map(({ h, path, body }) => ({ caller: h.caller, headers: h.headers, path, body, query: '', arm: 'brokenHeader' as const, mustRefuse: op.mutating || !op.anonymous })));
  if (op.mutating && op.body) {
    // Bodies a JSON parser refuses, or JSON in a body that says it is something else, or compressed wrongly.
    const valid = validBody as fc.Arbitrary<{ contentType: string; text: string }>;
    const raw = fc.oneof(
      // Never valid JSON for the body, whatever the content type claims.
      fc.tuple(fc.constantFrom(...JSON_TYPES, ...EXOTIC_TYPES), fc.oneof(fc.constantFrom(...MALFORMED_JSON), valid.map((b) => b.text.slice(0, Math.max(1, b.text.length - 1)))))
        .map(([contentType, text]) => ({ contentType, text })).filter((b) => !parsesAsValid(op, b.contentType, b.text)),
      // A valid body, but declared as something else (or not declared), or "compressed" when it is not.
      fc.tuple(fc.constantFrom(...NOT_JSON_TYPES, undefined), valid).map(([contentType, b]) => ({ contentType, text: b.text })),
      fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, br'), valid).map(([encoding, b]) => ({ contentType: 'application/json', text: b.text, encoding })),
    );
    arm(3, fc.record({ caller: anyCaller, path: somePath, query: fc.constant(''), body: raw, headers })
      .map((c) => ({ ...c, arm: 'rawBody' as const, mustRefuse: true })));
  }
  return fc.oneof(...arms);
}

/**
 * Whether a body, read as leniently as the server's JSON parser reads it, is one the document accepts:
 * decoded in the declared charset (UTF-16 too), a byte-order mark dropped, and a body that decodes to
 * nothing taken as an empty object (see the regression test on UTF-16 bodies).
 */
function parsesAsValid(op: Operation, contentType: string | undefined, text: string | Buffer): boolean {
  if (!op.body) return false;
  const bytes = Buffer.from(text);
  const t = (/charset=\s*"?utf-?16/i.test(contentType ?? '') ? bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le') : bytes.toString('utf8')).replace(/^\uFEFF/, '');
  try { return conforms(op.body, t === '' ? {} : JSON.parse(t)); } catch { return false; }
}

export function requestFor(op: Operation, c: FuzzCase, ctx: FuzzContext): RawRequest {
  const headers: Record<string, string> = { ...c.headers };
  if ('user' in c.caller) headers.authorization = `Bearer ${ctx.users.find((u) => u.id === (c.caller as { user: string }).user)!.token}`;
  if ('authorization' in c.caller) headers.authorization = c.caller.authorization;
  if (c.body?.contentType !== undefined) headers['content-type'] = c.body.contentType;
  if (c.body?.encoding) headers['content-encoding'] = c.body.encoding;
  return { method: op.method.toUpperCase(), path: fillPath(op.path, c.path) + c.query, headers, body: c.body?.text };
}
