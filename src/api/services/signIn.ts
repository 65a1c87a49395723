// Signing in with user name and password: throttled per user name and per address (in the database, so
// every API process counts the same failures), the same answer whether or not the user exists.
import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { hashPassword, needsRehash, verifyPassword } from '../../accounts/passwords';
import type { ActiveSession } from '../../accounts/sessions';
import { blockedKey, clearFailures, recordFailure, type ThrottleRule } from '../../accounts/throttle';
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import { ApiError } from '../errors';

export interface SignInSettings {
  /** Failed sign-ins per user name in a window before that name is refused for the rest of it. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address (an IPv6 /56) in a window: an office behind one NAT shares it. */
  maxFailuresPerAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_SETTINGS: SignInSettings = { maxFailuresPerUser: 5, maxFailuresPerAddress: 50, windowMs: 15 * 60_000 };

const keysFor = (username: string, req: Request, s: SignInSettings) => [
  { key: `sign-in:user:${username.toLowerCase()}`, rule: { maxFailures: s.maxFailuresPerUser, windowMs: s.windowMs } satisfies ThrottleRule },
  { key: `sign-in:ip:${ipKeyGenerator(req.ip ?? '')}`, rule: { maxFailures: s.maxFailuresPerAddress, windowMs: s.windowMs } satisfies ThrottleRule },
];

export const WRONG_CREDENTIALS = 'the user name or the password is wrong';

async function refuseIfBlocked(db: Db, keys: { key: string }[], res: Response): Promise<void> {
  const blocked = await blockedKey(db, keys.map((k) => k.key));
  if (!blocked) return;
  const seconds = Math.max(1, Math.ceil(blocked.retryAfterMs / 1000));
  res.set('Retry-After', String(seconds));
  const what = blocked.key.startsWith('sign-in:user:') ? 'for this user name' : 'from this address';
  throw new ApiError(429, 'too_many_failed_sign_ins', `too many failed sign-ins ${what}; retry after ${seconds} s`);
}

/**
 * Checks a user name and password. The user is returned only when both are right and the user may sign in;
 * otherwise one 401 for every reason (unknown user, no password set, disabled, wrong password).
 */
export async function checkPassword(db: Db, settings: SignInSettings, req: Request, res: Response, username: string, password: string) {
  const keys = keysFor(username, req, settings);
  await refuseIfBlocked(db, keys, res);
  const user = await db.user.findUnique({ where: { id: username } });
  // An unknown or disabled user is checked against a decoy hash: the answer takes as long and says the same.
  const stored = user && !user.disabledAt ? user.passwordHash : null;
  if (!(await verifyPassword(password, stored)) || !user) {
    await recordFailure(db, keys);
    throw new ApiError(401, 'invalid_credentials', WRONG_CREDENTIALS);
  }
  await clearFailures(db, [keys[0]!.key]);
  if (needsRehash(stored!)) await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  return user;
}

/** The current password again, before it is changed: a wrong one counts as a failed sign-in. */
export async function checkCurrentPassword(db: Db, settings: SignInSettings, req: Request, res: Response, userId: string, password: string): Promise<void> {
  try {
    await checkPassword(db, settings, req, res, userId, password);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new ApiError(400, 'validation_failed', 'currentPassword: wrong password', [{ field: 'currentPassword', message: 'wrong password' }]);
    }
    throw err;
  }
}

export interface SessionAnswerInput {
  principal: Principal;
  via: 'session' | 'bearer';
  session?: Pick<ActiveSession, 'idleExpiresAt' | 'expiresAt' | 'passwordChangeRequired'>;
  csrfToken?: string;
  timeZone: string;
  organisationName?: string;
}

/** The organisation's name: configured, or the name of the top unit of the tree. */
export async function organisationNameOf(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  const top = await db.unit.findFirst({ where: { parentId: null }, orderBy: { createdAt: 'asc' }, select: { name: true } });
  return top?.name ?? '';
}

export async function sessionAnswer(db: Db, a: SessionAnswerInput) {
  const user = await db.user.findUniqueOrThrow({ where: { id: a.principal.userId }, include: { unit: { select: { name: true } } } });
  return {
    user: { id: user.id, name: user.name, role: a.principal.role, unitId: user.unitId, unitName: user.unit?.name ?? null },
    organisation: { name: await organisationNameOf(db, a.organisationName), timeZone: a.timeZone },
    via: a.via,
    csrfToken: a.csrfToken ?? null,
    idleExpiresAt: a.session?.idleExpiresAt.toISOString() ?? null,
    expiresAt: a.session?.expiresAt.toISOString() ?? null,
    passwordChangeRequired: a.session?.passwordChangeRequired ?? user.passwordChangeRequired,
  };
}
