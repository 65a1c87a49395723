// Console sessions: a random secret in an HttpOnly cookie, its SHA-256 in the Session table (shared by
// every API process), an idle timeout that slides with use and an absolute maximum. The CSRF token is
// derived from the secret (HMAC), so it needs no storage and nobody who reads the database can forge it.
import crypto from 'node:crypto';
import type { Db } from '../db/client';

export const SESSION_COOKIE = 'petition_session';

export interface SessionSettings {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after signing in, however active. */
  maxMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** The stored id of a cookie's secret. */
export const sessionIdOf = (secret: string): string => sha256(`session|${secret}`);

/** The per-session CSRF token: sent back by the console in X-CSRF-Token on every write. */
export const csrfTokenOf = (secret: string): string => crypto.createHmac('sha256', secret).update('csrf').digest('base64url');

export function csrfTokenMatches(secret: string, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const given = Buffer.from(sent);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** How often lastSeenAt is written: a slide of the idle timeout needs no write on every request. */
const touchEvery = (s: SessionSettings) => Math.min(60_000, Math.floor(s.idleMs / 4));

export interface StartedSession { secret: string; csrfToken: string; idleExpiresAt: Date; expiresAt: Date }

export async function startSession(db: Db, userId: string, settings: SessionSettings, userAgent?: string, now = new Date()): Promise<StartedSession> {
  const secret = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.maxMs);
  await db.session.create({
    data: { id: sessionIdOf(secret), userId, createdAt: now, lastSeenAt: now, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null },
  });
  return { secret, csrfToken: csrfTokenOf(secret), idleExpiresAt: idleEnd(now, expiresAt, settings), expiresAt };
}

const idleEnd = (lastSeenAt: Date, expiresAt: Date, s: SessionSettings) => new Date(Math.min(lastSeenAt.getTime() + s.idleMs, expiresAt.getTime()));

export interface ActiveSession {
  id: string;
  userId: string;
  role: string;
  unitId: string | null;
  passwordChangeRequired: boolean;
  createdAt: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
}

/**
 * The session a cookie's secret stands for, its idle timeout moved forward; undefined when there is none,
 * it has timed out (then its row is deleted), or its user is disabled.
 */
export async function useSession(db: Db, secret: string, settings: SessionSettings, now = new Date()): Promise<ActiveSession | undefined> {
  const id = sessionIdOf(secret);
  const row = await db.session.findUnique({ where: { id }, include: { user: { select: { role: true, unitId: true, disabledAt: true, passwordChangeRequired: true } } } });
  if (!row) return undefined;
  const idle = now.getTime() - row.lastSeenAt.getTime() > settings.idleMs;
  if (idle || now >= row.expiresAt || row.user.disabledAt) {
    await db.session.deleteMany({ where: { id } });
    return undefined;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() >= touchEvery(settings)) {
    lastSeenAt = now;
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return {
    id, userId: row.userId, role: row.user.role, unitId: row.user.unitId, passwordChangeRequired: row.user.passwordChangeRequired,
    createdAt: row.createdAt, idleExpiresAt: idleEnd(lastSeenAt, row.expiresAt, settings), expiresAt: row.expiresAt,
  };
}

export async function endSession(db: Db, secret: string): Promise<boolean> {
  return (await db.session.deleteMany({ where: { id: sessionIdOf(secret) } })).count > 0;
}

/** Signs a user out everywhere (password changed or reset, user disabled), except perhaps the current session. */
export async function endSessionsOf(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) } });
  return count;
}

/** Deletes sessions past their idle timeout or their absolute end. */
export async function purgeExpiredSessions(db: Db, settings: SessionSettings, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { OR: [{ lastSeenAt: { lt: new Date(now.getTime() - settings.idleMs) } }, { expiresAt: { lte: now } }] },
  });
  return count;
}
