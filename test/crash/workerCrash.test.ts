// kill -9 of the worker process: in the middle of lifecycles (a fresh worker replays each workflow's
// history) and in the middle of the projection activity (Temporal retries it). Every petition still
// closes, nothing reaches the projection or the outbox twice, and the projection equals the workflows.
//
// Mid-activity: the test holds the SQLite write lock (BEGIN EXCLUSIVE), so recordCaseChange waits for it
// (its transaction's first statement is a write; the worker starts it again on timers until
// SQLITE_BUSY_TIMEOUT_MS, 60 s here, so all three writes wait on this worker at once). The worker is killed
// while the server shows the writes running on it; those attempts are lost, and Temporal retries them after
// their start-to-close timeout (15 s) on the new worker.
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../src/temporal/ids';
import { eventually } from '../support/http';
import { HAPPY_PATH, type LifecycleDriver } from './lifecycle';
import { CrashStack, expectFinishedAndConsistent } from './stack';

const { PENDING_ACTIVITY_STATE_STARTED: STARTED } = temporal.api.enums.v1.PendingActivityState;
const { TIMEOUT_TYPE_START_TO_CLOSE } = temporal.api.enums.v1.TimeoutType;
const stack = new CrashStack('worker');
let driver: LifecycleDriver;
let reference: Promise<string[]> | undefined;
/** The notices of a lifecycle without crashes (run once per file, by whichever test asks first). */
const baseline = () => (reference ??= driver.run().then((id) => stack.noticeSignature(id)));

beforeAll(async () => {
  await stack.setup({ standby: true });
  driver = stack.driver();
}, 120_000);
afterAll(() => stack.teardown(), 60_000);

test('a lifecycle without crashes is the reference: one notice per step to whom it concerns', async () => {
  // 5 delivered (online, at once), 6 rated, 7 withdrawn: no notice; 8 closed.
  expect(await baseline()).toEqual(['1:petitioner:registration', '2:petitioner:acceptance', '3:officer:case_assigned', '4:petitioner:reply', '8:petitioner:closing']);
  const ids = (await stack.db.petition.findMany({ select: { id: true } })).map((r) => r.id);
  await expectFinishedAndConsistent(stack, ids, await baseline());
}, 60_000);

test('kill -9 of the worker while six lifecycles are in flight, at registration, assignment and closing: all close, each notice once, projection equals workflow', async () => {
  // Each kill costs the workflow task timeout (10 s) of the tasks the dead worker held, so three, not six.
  const crashAt = new Set(['register', 'assign', 'withdraw']);
  let crashesLeft = crashAt.size;
  /** Starts the step for every petition, kills the worker while they are in flight, waits for them. */
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if (!crashAt.has(name)) return work();
    await stack.standbyReady(); // it takes over at once; the next one starts while the dead worker's tasks time out
    const inFlight = work();
    inFlight.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    // Mostly inside workflow tasks (a kill there costs their 10 s timeout); a projection write caught
    // now and then costs its 15 s start-to-close timeout, and is what the next test does on purpose.
    await sleep(Math.floor(Math.random() * 25));
    await stack.crashWorker();
    if (--crashesLeft > 0) void stack.standbyReady().catch(() => undefined);
    return inFlight;
  };
  const crashes = stack.workerCrashes;
  const ids = await step('register', () => Promise.all(Array.from({ length: 6 }, () => driver.register())));
  for (const s of HAPPY_PATH) await step(s.action, () => Promise.all(ids.map((id) => driver.act(id, s))));
  expect(stack.workerCrashes - crashes).toBe(3);
  await expectFinishedAndConsistent(stack, ids, await baseline());
}, 180_000);

async function projectionWrite(id: string) {
  const { raw } = await stack.client.workflow.getHandle(workflowIdFor(id)).describe();
  return raw.pendingActivities?.find((a) => a.activityType?.name === 'recordCaseChange');
}

/** The attempt that finally ran each recordCaseChange, and why the one before it failed, from the history. */
async function projectionRuns(id: string) {
  const history = await stack.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
  const names = new Map<string, string>();
  const runs: { attempt: number; previousFailure?: temporal.api.failure.v1.IFailure | null }[] = [];
  for (const e of history.events ?? []) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) names.set(String(e.eventId), name);
    const started = e.activityTaskStartedEventAttributes;
    if (started && names.get(String(started.scheduledEventId)) === 'recordCaseChange') {
      runs.push({ attempt: started.attempt ?? 1, previousFailure: started.lastFailure });
    }
  }
  return runs;
}

test('kill -9 while three projection writes wait inside their transaction: the retries write every event and notice once', async () => {
  await stack.retireStandby(); // one worker: the one that holds the writes
  const ids = await Promise.all([1, 2, 3].map(() => driver.register()));
  await Promise.all(ids.map((id) => driver.act(id, HAPPY_PATH[0]!)));

  const worker = stack.worker!;
  const lock = new Database(stack.dbFile);
  let assigning: Promise<unknown>;
  try {
    lock.exec('BEGIN EXCLUSIVE');
    assigning = Promise.all(ids.map((id) => driver.act(id, HAPPY_PATH[1]!)));
    assigning.catch(() => undefined); // awaited below
    // Each write is running on this worker (identity <pid>@<host>), waiting for the lock (the test's busy
    // timeout is 60 s); the kill must come before the 15 s start-to-close timeout retries them.
    const running = async (id: string) => {
      const a = await projectionWrite(id);
      return a?.state === STARTED && a.attempt === 1 && a.lastWorkerIdentity?.startsWith(`${worker.pid}@`);
    };
    await eventually(async () => ((await Promise.all(ids.map(running))).every(Boolean) ? true : undefined), 'the three projection writes running', 10_000);
    await worker.kill9();
    const rows = lock.prepare(`SELECT status FROM Petition WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { status: string }[];
    expect(rows.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']); // nothing committed
  } finally {
    lock.exec('COMMIT');
    lock.close();
  }
  await stack.startWorker();
  await assigning!; // the lost attempts time out after start-to-close (15 s); the second runs on the new worker
  for (const step of HAPPY_PATH.slice(2)) await Promise.all(ids.map((id) => driver.act(id, step)));

  for (const id of ids) {
    const retried = (await projectionRuns(id)).filter((r) => r.attempt > 1);
    expect(retried).toHaveLength(1); // the assignment's write, and no other
    expect(retried[0]).toMatchObject({ attempt: 2, previousFailure: { timeoutFailureInfo: { timeoutType: TIMEOUT_TYPE_START_TO_CLOSE } } });
  }
  await expectFinishedAndConsistent(stack, ids, await baseline());
}, 150_000);
