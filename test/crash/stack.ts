// The service as ops run it, for crash tests: a file-persisted Temporal dev server, the worker (and
// optionally the API) as real processes on a migrated SQLite file; the test holds a client and the db.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../src/db/client';
import type { PetitionCase } from '../../src/domain';
import { reconcile, type ReconcileOptions, type ReconcileReport } from '../../src/ops/reconcile';
import { workflowIdFor } from '../../src/temporal/ids';
import {
  DevServerProcess, freePort, killAllChildren, startApiProcess, startWorkerProcess, type ChildProc, type ServiceEnv,
} from '../support/processes';
import { testDataConverter } from '../support/codec';
import { migratedDatabaseFile } from '../support/testDb';
import { LifecycleDriver } from './lifecycle';

const ROOT = path.resolve(__dirname, '..', '..');

export class CrashStack {
  readonly dir: string;
  readonly taskQueue: string;
  readonly dbFile = migratedDatabaseFile();
  devServer!: DevServerProcess;
  worker?: ChildProc;
  api?: ChildProc & { url: string };
  apiPort?: number;
  private apiEnv: NodeJS.ProcessEnv = {};
  private workerEnv: NodeJS.ProcessEnv = {};
  client!: Client;
  db!: Db;
  workerStarts = 0;
  workerCrashes = 0;
  private standby?: Promise<ChildProc>;
  private readonly drivers: LifecycleDriver[] = [];
  /** Aborted at teardown: drivers stop retrying before the connection closes. */
  readonly stopping = new AbortController();

  constructor(name: string) {
    const id = crypto.randomUUID().slice(0, 8);
    this.dir = path.join(ROOT, '.data', 'test', `crash-${name}-${id}`);
    this.taskQueue = `crash-${name}-${id}`;
  }

  get env(): ServiceEnv {
    return { temporalAddress: this.devServer.address, databaseUrl: `file:${this.dbFile}`, taskQueue: this.taskQueue };
  }

  /**
   * With `api`, the API process starts alongside the worker (accounts can be seeded after: tokens are
   * read per request); with `standby`, a second worker too; `worker` adds to the workers' environment.
   */
  async setup(opts: { api?: NodeJS.ProcessEnv; standby?: boolean; worker?: NodeJS.ProcessEnv } = {}): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    this.workerEnv = opts.worker ?? {};
    this.devServer = new DevServerProcess(path.join(this.dir, 'temporal.db'), await freePort(), path.join(this.dir, 'temporal.log'));
    await this.devServer.start();
    // One connection for the whole test: gRPC reconnects by itself when the server comes back.
    const connection = await Connection.connect({ address: this.devServer.address });
    this.client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
    this.db = await createDb(`file:${this.dbFile}`);
    await Promise.all([this.startWorker(), opts.standby && this.standbyReady(), opts.api && this.startApi(opts.api)]);
  }

  async startWorker(): Promise<void> {
    this.worker = await this.spawnWorker();
  }

  /** A second worker process started ahead, as another replica would be: a crash is then covered at once. */
  async standbyReady(): Promise<void> {
    await (this.standby ??= this.spawnWorker());
  }

  /** Stops the standby, so that one worker runs (it has no work of its own between tests). */
  async retireStandby(): Promise<void> {
    const standby = await this.standby;
    this.standby = undefined;
    await standby?.kill9();
  }

  /** kill -9; the standby (or else a fresh worker) takes over, and must replay what the dead one had cached. */
  async crashWorker(): Promise<void> {
    this.workerCrashes++;
    await this.worker?.kill9();
    if (this.standby) {
      this.worker = await this.standby;
      this.standby = undefined;
    } else {
      await this.startWorker();
    }
  }

  private spawnWorker(): Promise<ChildProc> {
    this.workerStarts++;
    // One log per process: readiness is read from it.
    const started = startWorkerProcess(this.env, path.join(this.dir, `worker-${this.workerStarts}.log`), this.workerEnv);
    started.catch(() => undefined); // awaited by whoever uses it
    return started;
  }

  async startApi(extra: NodeJS.ProcessEnv = this.apiEnv): Promise<string> {
    this.apiEnv = extra;
    this.apiPort ??= await freePort();
    this.api = await startApiProcess(this.env, this.apiPort, path.join(this.dir, 'api.log'), extra);
    return this.api.url;
  }

  /** kill -9, then a fresh API process on the same port. */
  async crashApi(): Promise<void> {
    await this.api?.kill9();
    await this.startApi();
  }

  driver(): LifecycleDriver {
    const driver = new LifecycleDriver(this.client, this.taskQueue, this.stopping.signal);
    this.drivers.push(driver);
    return driver;
  }

  async teardown(): Promise<void> {
    this.stopping.abort();
    await killAllChildren();
    // Calls still waiting (after a failed test) end on the dead server; closing the connection under them
    // would crash the test process instead of reporting the failure.
    const pending = this.drivers.flatMap((d) => [...d.inFlight]);
    await Promise.race([Promise.allSettled(pending), sleep(20_000, undefined, { ref: false })]);
    await this.client?.connection.close().catch(() => undefined);
    await this.db?.$disconnect().catch(() => undefined);
    if (!process.env.KEEP_CRASH_DATA) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      for (const f of [this.dbFile, `${this.dbFile}-wal`, `${this.dbFile}-shm`]) fs.rmSync(f, { force: true });
    }
  }

  /** The workflow's final case: the run has completed (not just the projection). Bounded, with the logs on failure. */
  async result(id: string, timeoutMs = 60_000): Promise<PetitionCase> {
    const result = this.client.workflow.getHandle(workflowIdFor(id)).result() as Promise<PetitionCase>;
    const timer = new AbortController();
    const late = sleep(timeoutMs, undefined, { ref: false, signal: timer.signal }).then(() => {
      throw new Error(`petition ${id} did not complete within ${timeoutMs} ms:\n${this.logs()}`);
    });
    return Promise.race([result, late]).finally(() => timer.abort());
  }

  /** The notices a petition has in the outbox, without its id: `<seq>:<recipient>:<kind>`, sorted. */
  async noticeSignature(id: string): Promise<string[]> {
    const rows = await this.db.notification.findMany({ where: { petitionId: id }, select: { key: true } });
    return rows.map((r) => r.key.slice(id.length + 1)).sort();
  }

  async eventSeqs(id: string): Promise<number[]> {
    const rows = await this.db.petitionEvent.findMany({ where: { petitionId: id }, select: { seq: true }, orderBy: { seq: 'asc' } });
    return rows.map((r) => r.seq);
  }

  reconcile(options: Partial<ReconcileOptions> = {}): Promise<ReconcileReport> {
    return reconcile({ client: this.client, db: this.db, ...options });
  }

  logs(): string {
    return [this.devServer?.proc, this.worker, this.api].filter(Boolean).map((p) => `--- ${p!.name}\n${p!.tail(15)}`).join('\n');
  }
}

/**
 * After the crashes: every petition's workflow completed closed (rated satisfied, then withdrawn: see
 * HAPPY_PATH), its row says closed, its timeline is projected seq for seq, its notices are exactly the
 * ones a run without crashes emits, and the reconciliation finds nothing.
 */
export async function expectFinishedAndConsistent(stack: CrashStack, ids: string[], baseline: string[]): Promise<void> {
  for (const id of ids) {
    const result = await stack.result(id);
    expect(result.status).toBe('closed');
    expect(result.closingReason).toBe('withdrawn');
    expect(result.evaluations.map((e) => e.rating)).toEqual(['satisfied']);
    const row = await stack.db.petition.findUniqueOrThrow({ where: { id } });
    expect({ id, status: row.status, lastSeq: row.lastSeq }).toEqual({ id, status: 'closed', lastSeq: result.seq });
    expect(await stack.eventSeqs(id)).toEqual(result.timeline.map((e) => e.seq));
    expect({ id, notices: await stack.noticeSignature(id) }).toEqual({ id, notices: baseline });
  }
  const report = await stack.reconcile();
  expect(report).toMatchObject({ mismatches: [], missingRows: [], missingWorkflows: [], errors: [] });
  expect(report.consistent).toBe(report.checked);
  expect(report.checked).toBeGreaterThanOrEqual(ids.length);
  // The read model too: counters equal what the events say (nothing counted twice by a retried or
  // replayed projection write), gauges and list rows equal the rows.
  expect(report.readSide).toMatchObject({
    counters: { differing: 0 }, undatedEvents: 0, gauges: { differing: 0 }, listRows: { missing: 0, extra: 0 },
    unitTree: { missing: 0, extra: 0 }, searchIndex: { unnumbered: 0, unindexed: 0 }, repaired: [],
  });
  expect(await counterTotals(stack)).toEqual(await rowTotals(stack));
}

/** What the day counters add up to, over every unit and day. */
async function counterTotals(stack: CrashStack) {
  const [t] = await stack.db.$queryRawUnsafe<Record<string, bigint | number | null>[]>(`SELECT sum("received") AS received, sum("replied") AS replied,
    sum("ratedSatisfied" + "ratedBasicallySatisfied" + "ratedDissatisfied") AS rated FROM "StatCounter" WHERE "grain" = 'day'`);
  return { received: Number(t?.received ?? 0), replied: Number(t?.replied ?? 0), rated: Number(t?.rated ?? 0) };
}

/** The same figures counted from the projection rows themselves: cases, replies, ratings. */
async function rowTotals(stack: CrashStack) {
  return {
    received: await stack.db.petition.count(),
    replied: await stack.db.petition.count({ where: { repliedAt: { not: null } } }),
    rated: await stack.db.petitionEvent.count({ where: { type: { in: ['evaluated', 'return_visit_recorded'] } } }),
  };
}
