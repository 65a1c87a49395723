// Throttling of guessable requests (wrong passwords, query-code resends) per key, in the database so that
// every API process counts the same attempts: at most `maxFailures` in a window, then blocked until the
// window ends. Keys name what is counted: "sign-in:user:<name>", "sign-in:ip:<address>", ...
import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

export interface Blocked { key: string; retryAfterMs: number }

/** The longest-blocked of the keys that are blocked now, with how long it stays blocked. */
export async function blockedKey(db: Db, keys: readonly string[], now = new Date()): Promise<Blocked | undefined> {
  const rows = await db.attemptThrottle.findMany({ where: { key: { in: [...keys] }, blockedUntil: { gt: now } } });
  const row = rows.sort((a, b) => b.blockedUntil!.getTime() - a.blockedUntil!.getTime())[0];
  return row ? { key: row.key, retryAfterMs: row.blockedUntil!.getTime() - now.getTime() } : undefined;
}

/**
 * Counts one failure against each key (a new window when the last one is over); a key that reaches its
 * rule's maximum is blocked until its window ends. One statement per key, so concurrent failures in
 * several processes all count and none waits on a read-then-write transaction.
 */
export async function recordFailure(db: Db, keys: readonly { key: string; rule: ThrottleRule }[], now = new Date()): Promise<void> {
  for (const { key, rule } of keys) {
    const newEnd = new Date(now.getTime() + rule.windowMs);
    const over = Prisma.sql`t."windowEndsAt" <= ${now}`;
    const failures = Prisma.sql`CASE WHEN ${over} THEN 1 ELSE t."failures" + 1 END`;
    const windowEnd = Prisma.sql`CASE WHEN ${over} THEN ${newEnd} ELSE t."windowEndsAt" END`;
    await db.$executeRaw`INSERT INTO "AttemptThrottle" AS t ("key", "failures", "windowEndsAt", "blockedUntil")
      VALUES (${key}, 1, ${newEnd}, ${rule.maxFailures <= 1 ? newEnd : null})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = ${failures},
        "windowEndsAt" = ${windowEnd},
        "blockedUntil" = CASE WHEN ${failures} >= ${rule.maxFailures} THEN ${windowEnd} ELSE NULL END`;
  }
}

/** Forgets the failures of these keys (a successful sign-in clears its user name, not its address). */
export async function clearFailures(db: Db, keys: readonly string[]): Promise<void> {
  await db.attemptThrottle.deleteMany({ where: { key: { in: [...keys] } } });
}

/** Deletes counters whose window is over and that block nothing. */
export async function purgeThrottles(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.attemptThrottle.deleteMany({
    where: { windowEndsAt: { lt: now }, OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }] },
  });
  return count;
}
