// A projection write that meets a held SQLite lock waits for it without stopping the process: the
// worker's other workflow tasks and activities keep running, and the write lands once the lock is free.
import Database from 'better-sqlite3';
import { projectionActivities } from '../../src/activities/projection';
import { createDb, type Db } from '../../src/db/client';
import { BRIEF_BUSY_WAIT_MS, isSqliteBusy } from '../../src/db/writeLock';
import { register, viewCase, type CaseView } from '../../src/domain';
import { createTestDb } from '../support/testDb';
import { applyAnswers, policyFor, registration, T0 } from '../unit/domainFixtures';

/** A registered case as the workflow projects it, at sequence `seq`. */
function caseView(id: string, seq: number): CaseView {
  const { case: c, effects } = register(registration({ id, queryCode: `Q-${id}` }), policyFor());
  return { ...viewCase(applyAnswers(c, effects), T0), seq };
}

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = await createDb(t.url, BRIEF_BUSY_WAIT_MS); // as the worker opens it
});
afterAll(async () => {
  await db.$disconnect();
  await t.cleanup();
});

/** Counts timer ticks while `work` runs: a blocked event loop cannot tick. */
async function ticksDuring<T>(work: Promise<T>, releaseAfterMs?: () => void): Promise<{ ticks: number; result: PromiseSettledResult<T> }> {
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  if (releaseAfterMs) setTimeout(releaseAfterMs, 1_500);
  const [result] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { ticks, result };
}

test('a write waiting 1.5 s for a held lock leaves the process running, then commits', async () => {
  const lock = new Database(t.file);
  lock.exec('BEGIN EXCLUSIVE');
  const write = projectionActivities(db, 10_000).recordCaseChange({ view: caseView('p-wait', 3), events: [], notices: [] });
  const { ticks, result } = await ticksDuring(write, () => { lock.exec('COMMIT'); lock.close(); });
  expect(result.status).toBe('fulfilled');
  expect(ticks).toBeGreaterThan(20); // about 150 in 1.5 s on an idle machine; a blocked loop counts close to none
  expect(await db.petition.findUnique({ where: { id: 'p-wait' }, select: { lastSeq: true } })).toEqual({ lastSeq: 3 });
});

test('a lock held past the wait fails the write with SQLITE_BUSY, having written nothing, so the activity retries', async () => {
  const lock = new Database(t.file);
  lock.exec('BEGIN EXCLUSIVE');
  try {
    const write = projectionActivities(db, 1_000).recordCaseChange({ view: caseView('p-late', 1), events: [], notices: [] });
    const { ticks, result } = await ticksDuring(write);
    expect(result.status).toBe('rejected');
    expect(isSqliteBusy((result as PromiseRejectedResult).reason)).toBe(true);
    expect(ticks).toBeGreaterThan(10); // about 100 in the 1 s wait; a blocked loop counts close to none
  } finally {
    lock.exec('COMMIT');
    lock.close();
  }
  expect(await db.petition.findUnique({ where: { id: 'p-late' } })).toBeNull();
});
