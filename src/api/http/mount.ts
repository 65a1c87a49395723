// Turns endpoint declarations into Express routes: authenticate, rate limit, check the role,
// validate, then run the handler (through the idempotency store when a key is sent).
import { Router, type RequestHandler } from 'express';
import type { Db } from '../../db/client';
import { ApiError } from '../errors';
import { IdempotencyKeySchema } from '../schemas/common';
import { expressPath, type Endpoint } from './endpoint';
import { idempotent } from './idempotency';
import { bearerToken, principalFor } from './principal';
import { rateLimiters, type RateLimits } from './rateLimit';

const run = (mw: RequestHandler, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) =>
  new Promise<void>((resolve, reject) => void mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));

export function mountEndpoints(endpoints: Endpoint[], db: Db, limits?: RateLimits): Router {
  const router = Router();
  const limiter = rateLimiters(limits);
  for (const e of endpoints) {
    router[e.method](expressPath(e.path), async (req, res) => {
      const token = e.auth === 'public' ? undefined : bearerToken(req);
      if (e.auth === 'bearer' && token === undefined) throw new ApiError(401, 'unauthorized', 'this endpoint needs "Authorization: Bearer <token>"');
      res.locals.operationId = e.operationId;
      let principal;
      try {
        principal = token === undefined ? undefined : await principalFor(db, token);
      } catch (err) {
        // A wrong token counts against the address's limit, so guessing is throttled like any anonymous call.
        await run(limiter.anonymous, req, res);
        throw err;
      }
      res.locals.principal = principal;
      await run(principal ? limiter.perUser : limiter.anonymous, req, res);
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
      const body = e.body ? e.body.parse(req.body ?? {}) : undefined;
      const rawKey = req.header('idempotency-key');
      let idempotencyKey: string | undefined;
      if (rawKey !== undefined && e.idempotent) {
        const parsed = IdempotencyKeySchema.safeParse(rawKey);
        if (!parsed.success) throw new ApiError(400, 'validation_failed', `Idempotency-Key: ${parsed.error.issues[0]?.message}`, [{ field: 'Idempotency-Key', message: parsed.error.issues[0]?.message }]);
        idempotencyKey = parsed.data;
      }

      const ctx = { params, query, body, principal, idempotencyKey, req, res };
      const reply = idempotencyKey
        ? await idempotent(db, `${principal?.userId ?? 'anonymous'}|${e.operationId}|${req.path}|${idempotencyKey}`, { params, body }, () => e.handle(ctx))
        : await e.handle(ctx);
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status ?? 200).json(reply.body);
    });
  }
  // A documented path asked with a method it does not have: 405 with the methods it has (RFC 9110 §15.5.6).
  const methods = new Map<string, Set<string>>();
  for (const e of endpoints) methods.set(e.path, (methods.get(e.path) ?? new Set()).add(e.method.toUpperCase()));
  for (const [path, allowed] of methods) router.all(expressPath(path), methodNotAllowed([...allowed]));
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
