// Rate limits: anonymous callers per IP address and endpoint (online submission, public tracking), signed-in callers per user.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ApiError } from '../errors';

export interface RateLimits {
  publicPerMinute?: number;
  perUserPerMinute?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimits> = { publicPerMinute: 30, perUserPerMinute: 600 };

export function rateLimiters(limits: RateLimits = {}): { anonymous: RequestHandler; perUser: RequestHandler } {
  const l = { ...DEFAULT_RATE_LIMITS, ...limits };
  const tooMany = (who: string, per: number): RequestHandler => (_req, res, next) =>
    next(new ApiError(429, 'rate_limited', `too many requests ${who}: at most ${per} a minute; retry after ${res.getHeader('Retry-After') ?? 60} s`));
  return {
    anonymous: rateLimit({
      // An endpoint may allow a multiple (signing in: a whole office behind one address at the start of the day).
      windowMs: 60_000, limit: (_req, res) => l.publicPerMinute * (Number(res.locals.publicLimitFactor) || 1), standardHeaders: 'draft-8', legacyHeaders: false,
      // Per address and per endpoint: a busy submission day does not lock people out of tracking.
      keyGenerator: (req, res) => `ip:${ipKeyGenerator(req.ip ?? '')}|${String(res.locals.operationId ?? '')}`,
      handler: (req, res, next) => tooMany('from this address', l.publicPerMinute * (Number(res.locals.publicLimitFactor) || 1))(req, res, next),
    }),
    perUser: rateLimit({
      windowMs: 60_000, limit: l.perUserPerMinute, standardHeaders: 'draft-8', legacyHeaders: false,
      keyGenerator: (_req, res) => `user:${(res.locals.principal as { userId: string }).userId}`,
      handler: (req, res, next) => tooMany('for this user', l.perUserPerMinute)(req, res, next),
    }),
  };
}
