// Waiting for SQLite's write lock without blocking the process. better-sqlite3 is synchronous: its busy
// handler would hold the worker's only JavaScript thread for the whole wait, so no other workflow task
// or activity runs while one projection write waits. The driver's own wait is kept brief instead, and the
// rest of the wait happens here, between attempts, on timers.
import { setTimeout as sleep } from 'node:timers/promises';

/** The driver's synchronous busy wait per attempt, for a process that waits with withWriteLock. */
export const BRIEF_BUSY_WAIT_MS = 20;

/** SQLITE_BUSY as Prisma's driver adapter reports it (the error's meta, or its cause). */
export function isSqliteBusy(err: unknown): boolean {
  const e = err as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } }; cause?: { originalCode?: string; code?: string }; code?: string };
  const code = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode ?? e?.cause?.code ?? e?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs a write transaction, starting it again while the database is locked, for up to `waitMs` in all.
 * The transaction must take the write lock with its first statement, so an attempt that meets the lock
 * has written nothing and rolls back whole.
 */
export async function withWriteLock<T>(waitMs: number, run: () => Promise<T>): Promise<T> {
  const until = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await run();
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() + pause > until) throw err;
      await sleep(pause);
    }
  }
}
