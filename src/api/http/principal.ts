// Who is calling: a bearer token (API clients, scripts) or the console's session cookie. Both resolve to
// the same Principal: the user, their role and their unit scope, read on every request and never cached,
// so a revoked token or an ended session stops working at once. Writes made with the cookie must carry the
// session's CSRF token in X-CSRF-Token: a header a page on another site cannot set without a CORS preflight,
// which this API refuses. A bearer token is never sent by a browser on its own, so it needs no such proof.
import type { Request, Response } from 'express';
import { hashToken, subtreeOf } from '../../accounts';
import { csrfTokenMatches, SESSION_COOKIE, useSession, type ActiveSession, type SessionSettings } from '../../accounts/sessions';
import { accessReadsFor, type AccessReads } from '../../db/accessReads';
import type { Db } from '../../db/client';
import type { Principal, UserRole } from '../../domain';
import { ApiError } from '../errors';

export const CSRF_HEADER = 'X-CSRF-Token';

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);

/** lastUsedAt is informative: write it at most once a minute per token, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Methods that change nothing: no CSRF token needed with the cookie. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return m[1];
}

/** The session cookie's secret, if the request carries one. */
export function sessionSecret(req: Request): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** The cookie as Set-Cookie: HttpOnly, SameSite=Strict, whole site; Secure when the request came over TLS (req.secure respects TRUST_PROXY). */
export function sessionCookie(req: Request, secret: string | null): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(req.secure ? ['Secure'] : [])];
  // A session cookie (no Max-Age): the browser forgets it when it closes; the server enforces the timeouts.
  return secret === null
    ? [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ')
    : [`${SESSION_COOKIE}=${secret}`, ...attributes].join('; ');
}

/** A user's principal: their unit, and for supervisors and intake officers every unit below it. */
export async function principalOfUser(reads: AccessReads, user: { userId: string; role: string; unitId: string | null }): Promise<Principal> {
  const role = user.role as UserRole;
  const unitIds = !user.unitId ? [] : role === 'supervisor' || role === 'intake_officer' ? subtreeOf(await reads.units(), user.unitId) : [user.unitId];
  return { userId: user.userId, role, unitId: user.unitId ?? undefined, unitIds };
}

export async function principalFor(db: Db, token: string): Promise<Principal> {
  const reads = accessReadsFor(db);
  const row = await reads.tokenOwner(hashToken(token));
  if (!row || row.revoked) throw unauthorized('the token is unknown or revoked');
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date(now) } });
  }
  return principalOfUser(reads, row);
}

export interface Caller {
  principal?: Principal;
  /** How the caller proved who they are. */
  via?: 'bearer' | 'session';
  /** With the cookie: the session and its secret (the CSRF token derives from it). */
  session?: ActiveSession & { secret: string };
}

export interface CallerOptions {
  sessions: SessionSettings;
  /** false on public endpoints: neither a token nor a cookie is looked at. */
  authenticate: boolean;
}

/**
 * The caller of a request: a bearer token first (sent on purpose, so it wins over a cookie), else the
 * session cookie, else nobody. An unknown token, or a cookie whose session has ended, is a 401 (the
 * ended cookie is cleared); a cookie write without the right CSRF token a 403.
 */
export async function resolveCaller(db: Db, req: Request, res: Response, options: CallerOptions): Promise<Caller> {
  if (!options.authenticate) return {};
  const token = bearerToken(req);
  if (token !== undefined) return { principal: await principalFor(db, token), via: 'bearer' };
  const secret = sessionSecret(req);
  if (secret === undefined) return {};
  const session = await useSession(db, secret, options.sessions);
  if (!session) {
    res.append('Set-Cookie', sessionCookie(req, null));
    throw unauthorized('your session has ended (signed out, idle too long, or past its time limit): sign in again');
  }
  if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(secret, req.header(CSRF_HEADER))) {
    throw new ApiError(403, 'csrf_failed', `a change made with the session cookie needs the session's CSRF token in the ${CSRF_HEADER} header (from POST or GET /api/v1/session)`);
  }
  const principal = await principalOfUser(accessReadsFor(db), session);
  return { principal, via: 'session', session: { ...session, secret } };
}
