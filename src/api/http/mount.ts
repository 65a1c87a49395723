// Turns endpoint declarations into Express routes: authenticate (token or session cookie, CSRF on cookie
// writes), rate limit, check the role, validate, then run the handler (through the idempotency store when
// a key is sent) and send its answer: JSON, bytes or a stream.
import crypto from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../../accounts/sessions';
import type { Db } from '../../db/client';
import { ApiError } from '../errors';
import { IdempotencyKeySchema } from '../schemas/common';
import { expressPath, type Endpoint, type Reply } from './endpoint';
import { idempotent } from './idempotency';
import { resolveCaller, type Caller } from './principal';
import { rateLimiters, type RateLimits } from './rateLimit';

const run = (mw: RequestHandler, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) =>
  new Promise<void>((resolve, reject) => void mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));

export interface MountOptions {
  limits?: RateLimits;
  sessions?: SessionSettings;
}

/** The request's bytes, for an endpoint that takes a file: within its size limit, in one of its media types. */
async function rawBody(e: Endpoint, req: Request, res: Response): Promise<Buffer> {
  const spec = e.rawBody!;
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!spec.mediaTypes.includes(type)) {
    throw new ApiError(415, 'unsupported_media_type', `send the file with its Content-Type, one of: ${spec.mediaTypes.join(', ')}`);
  }
  await run(express.raw({ type: () => true, limit: spec.maxBytes }), req, res);
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

async function send(res: Response, reply: Reply): Promise<void> {
  if (reply.headers) res.set(reply.headers);
  res.status(reply.status ?? 200);
  if ('body' in reply) return void res.json(reply.body);
  res.type(reply.contentType);
  if ('raw' in reply) return void res.send(reply.raw);
  // A stream (an export of every page): written as it is read, waiting whenever the client is slower.
  try {
    for await (const chunk of reply.stream) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
      if (res.destroyed) return;
    }
    res.end();
  } catch (err) {
    // The status and part of the body are sent: the only honest signal left is a cut connection.
    res.destroy(err as Error);
  }
}

export function mountEndpoints(endpoints: Endpoint[], db: Db, options: MountOptions = {}): Router {
  const router = Router();
  const limiter = rateLimiters(options.limits);
  const sessions = options.sessions ?? DEFAULT_SESSION_SETTINGS;
  // A documented path asked with a method it does not have: 405 with the methods it has (RFC 9110 §15.5.6).
  // Checked before any route; where several documented paths match, the most literal one names the methods
  // (as OpenAPI matches paths): GET /tracking/resend is 405, not a lookup of the query code "resend".
  const methods = new Map<string, Set<string>>();
  for (const e of endpoints) methods.set(e.path, (methods.get(e.path) ?? new Set()).add(e.method.toUpperCase()));
  for (const [path, allowed] of methods) {
    const params = (path.match(/\{/g) ?? []).length;
    router.all(expressPath(path), (_req, res, next) => {
      const best = res.locals.documentedPath as { params: number } | undefined;
      if (!best || params < best.params) res.locals.documentedPath = { params, allowed };
      next();
    });
  }
  router.use((req, res, next) => {
    const allowed = (res.locals.documentedPath as { allowed: Set<string> } | undefined)?.allowed;
    if (!allowed || allowed.has(req.method === 'HEAD' ? 'GET' : req.method)) return next();
    methodNotAllowed([...allowed])(req, res, next);
  });
  for (const e of endpoints) {
    router[e.method](expressPath(e.path), async (req, res) => {
      res.locals.operationId = e.operationId;
      res.locals.publicLimitFactor = e.publicLimitFactor;
      let caller: Caller;
      try {
        caller = await resolveCaller(db, req, res, { sessions, authenticate: e.auth !== 'public' });
      } catch (err) {
        // A wrong token or an ended session counts against the address's limit, so guessing is throttled like any anonymous call.
        await run(limiter.anonymous, req, res);
        throw err;
      }
      const principal = caller.principal;
      if (e.auth === 'bearer' && !principal) {
        throw new ApiError(401, 'unauthorized', 'this endpoint needs a signed-in caller: "Authorization: Bearer <token>", or the session cookie from POST /api/v1/session');
      }
      res.locals.principal = principal;
      await run(principal ? limiter.perUser : limiter.anonymous, req, res);
      if (caller.session?.passwordChangeRequired && !e.beforePasswordChange) {
        throw new ApiError(403, 'password_change_required', 'you signed in with a one-time password: choose your own first (POST /api/v1/session/password)');
      }
      if (principal && e.roles && !e.roles.includes(principal.role)) {
        throw new ApiError(403, 'forbidden', `a ${principal.role} may not ${e.summary.charAt(0).toLowerCase()}${e.summary.slice(1)}`, { role: principal.role, allowedRoles: e.roles });
      }

      // A body in another format would otherwise read as empty and fail field by field.
      // (An empty POST, as curl -X POST sends it, is an empty object.)
      const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
      if (e.body && hasBody && !req.is('application/json')) {
        throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
      }
      const params = e.params ? e.params.parse(req.params) : undefined;
      const query = e.query ? e.query.parse(req.query) : undefined;
      const body = e.rawBody ? await rawBody(e, req, res) : e.body ? e.body.parse(req.body ?? {}) : undefined;
      const rawKey = req.header('idempotency-key');
      let idempotencyKey: string | undefined;
      if (rawKey !== undefined && e.idempotent) {
        const parsed = IdempotencyKeySchema.safeParse(rawKey);
        if (!parsed.success) throw new ApiError(400, 'validation_failed', `Idempotency-Key: ${parsed.error.issues[0]?.message}`, [{ field: 'Idempotency-Key', message: parsed.error.issues[0]?.message }]);
        idempotencyKey = parsed.data;
      }

      const ctx = { params, query, body, principal, caller, idempotencyKey, req, res };
      // A file's bytes are fingerprinted, not stored as JSON, in the idempotency record.
      const fingerprint = Buffer.isBuffer(body) ? { params, bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') } : { params, body };
      const reply = idempotencyKey
        ? await idempotent(db, `${principal?.userId ?? 'anonymous'}|${e.operationId}|${req.path}|${idempotencyKey}`, fingerprint, () => e.handle(ctx))
        : await e.handle(ctx);
      await send(res, reply);
    });
  }
  return router;
}

/** Answers 405 `method_not_allowed` with `Allow` (a GET route also answers HEAD). */
export function methodNotAllowed(methods: string[]): RequestHandler {
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const allow = [...new Set(methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return (req, res, next) => {
    res.set('Allow', allow.join(', '));
    next(new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}`, { allow }));
  };
}
