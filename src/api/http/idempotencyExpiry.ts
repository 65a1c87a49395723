// Idempotency records are kept for a day (clients retry within minutes), then purged by the API process.
import type { Db } from '../../db/client';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export async function purgeIdempotencyRecords(db: Db, olderThanMs = IDEMPOTENCY_TTL_MS, now = Date.now()): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(now - olderThanMs) } } });
  return count;
}

/** Purges every `everyMs` in the background; the timer never keeps the process alive. */
export function schedulePurge(db: Db, log: (msg: string) => void, everyMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    purgeIdempotencyRecords(db).then(
      (n) => { if (n) log(`purged ${n} idempotency records older than a day`); },
      (err: Error) => log(`idempotency purge failed: ${err.message}`),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
