// Rows that only age: ended sessions and throttling counters whose window is over. The API process
// deletes them in the background (every API process may: the deletes are idempotent).
import type { Db } from '../db/client';
import { purgeExpiredSessions, type SessionSettings } from './sessions';
import { purgeThrottles } from './throttle';

export async function accountHousekeeping(db: Db, sessions: SessionSettings, now = new Date()): Promise<{ sessions: number; throttles: number }> {
  return { sessions: await purgeExpiredSessions(db, sessions, now), throttles: await purgeThrottles(db, now) };
}

/** Every `everyMs` in the background; the timer never keeps the process alive. */
export function scheduleAccountHousekeeping(db: Db, sessions: SessionSettings, log: (msg: string) => void, everyMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    accountHousekeeping(db, sessions).then(
      (n) => { if (n.sessions || n.throttles) log(`purged ${n.sessions} ended sessions and ${n.throttles} old sign-in counters`); },
      (err: Error) => log(`account housekeeping failed: ${err.message}`),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
