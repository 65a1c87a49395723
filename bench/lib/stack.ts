// A whole service started for one bench run and torn down after it: the Temporal dev server (file in the
// run folder, WAL, no fsync), a migrated SQLite file with bench accounts, the worker and the API as
// separate processes (so each one's memory can be read), and a raw Temporal client for the bench itself.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Client } from '@temporalio/client';
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/client';
import type { Actor } from '../../src/domain';
import { createLogger } from '../../src/log';
import { connectClient } from '../../src/temporal/connection';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { newKeyBase64 } from '../../src/temporal/payloadKeys';
import { cpuSeconds, findPidByArg, rssMiB, spawnNode, type Child } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_DIR = path.join(ROOT, '.bench');
export const UNIT_ID = 'unit-bench';
/** The unit above it: the review body (复查) of its replies and, being the top, the re-review body the policy names (复核). */
export const OFFICE_ID = 'petition-office';
export const TASK_QUEUE = 'bench';

/**
 * The people the bench acts as: each has a token for the API and the same identity as a raw actor. The
 * reviewer is a case officer of the office above the unit (the review goes one level up); the office's
 * supervisor issues the re-review opinion (the reviewer may not answer twice).
 */
export type Person = 'petitioner' | 'intake' | 'officer' | 'supervisor' | 'reviewer';
export interface Account { actor: Actor; token: string }

export interface Memory { temporal?: number; worker?: number; api?: number }
/**
 * CPU seconds used so far by each process of the stack, and by the bench process itself. `api` is the
 * HTTP tier: the API process plus the relay, which idles while the API is measured and vice versa.
 */
export interface Cpu { temporal: number; worker: number; api: number; bench: number }

export interface Stack {
  runDir: string;
  temporalAddress: string;
  apiUrl: string;
  /** The bare HTTP relay of the query (lib/relay.ts), when started: the floor of any HTTP hop in front of Temporal. */
  relayUrl?: string;
  databaseFile: string;
  db: Db;
  client: Client;
  accounts: Record<Person, Account>;
  worker: Child;
  api: Child;
  /** Resident memory of each process now, in MiB. */
  memory(): Memory;
  cpu(): Cpu;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The project's migrations applied as written (as the tests do). */
export function migrate(file: string): void {
  const sqlite = new Database(file);
  const dir = path.join(ROOT, 'prisma', 'migrations');
  for (const name of fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort()) {
    sqlite.exec(fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));
  }
  sqlite.close();
}

async function seedAccounts(db: Db): Promise<Record<Person, Account>> {
  await upsertUnit(db, { id: OFFICE_ID, name: 'Bench petition office' });
  await upsertUnit(db, { id: UNIT_ID, name: 'Bench handling unit', parentId: OFFICE_ID });
  const people: Record<Person, { id: string; role: Actor['role']; unitId?: string }> = {
    petitioner: { id: 'bench-petitioner', role: 'petitioner' },
    intake: { id: 'bench-intake', role: 'intake_officer', unitId: UNIT_ID },
    officer: { id: 'bench-officer', role: 'case_officer', unitId: UNIT_ID },
    supervisor: { id: 'bench-supervisor', role: 'supervisor', unitId: OFFICE_ID },
    reviewer: { id: 'bench-reviewer', role: 'case_officer', unitId: OFFICE_ID },
  };
  const out = {} as Record<Person, Account>;
  for (const [key, p] of Object.entries(people) as [Person, (typeof people)[Person]][]) {
    await upsertUser(db, { id: p.id, name: p.id, role: p.role as never, unitId: p.unitId ?? null });
    out[key] = { actor: { id: p.id, role: p.role, unitId: p.unitId }, token: await issueToken(db, p.id, 'bench') };
  }
  return out;
}

async function waitFor(what: string, child: Child, probe: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (!child.running()) throw new Error(`${what} exited during start-up; its output (${child.logFile}):\n${child.output().slice(-3000)}`);
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs / 1000} s; see ${child.logFile}`);
    await sleep(200);
  }
}

export interface StackOptions {
  /** Keep the run folder (Temporal and SQLite files, logs) after the run. */
  keep?: boolean;
  /** Say what is happening (stderr). */
  say?: (msg: string) => void;
  /** Processes to run under the V8 CPU profiler; each writes a .cpuprofile into `profileDir` when it stops. */
  profile?: ('api' | 'worker')[];
  profileDir?: string;
  /** Also start the bare query relay (lib/relay.ts); the bench's detail cells use it, the load run does not. */
  relay?: boolean;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const say = opts.say ?? (() => undefined);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = path.join(BENCH_DIR, `run-${stamp}`);
  fs.mkdirSync(runDir, { recursive: true });
  const stoppers: (() => Promise<unknown>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= (async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    if (!opts.keep) fs.rmSync(runDir, { recursive: true, force: true });
  })());

  try {
    const [temporalPort, uiPort, apiPort, relayPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    say('starting the Temporal dev server');
    const temporalDb = path.join(runDir, 'temporal.db');
    const server: DevServer = await startDevServer({
      host: '127.0.0.1', port: temporalPort, uiPort, dbFile: temporalDb, logFile: path.join(runDir, 'temporal.log'),
      // BENCH_TEMPORAL_ARGS: more start-dev flags for an experiment, e.g. --dynamic-config-value K=V.
      extraArgs: ['--headless', '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF', '--log-level', 'error',
        ...(process.env.BENCH_TEMPORAL_ARGS?.split(' ').filter(Boolean) ?? [])],
      log: createLogger('temporal'),
    });
    stoppers.push(() => server.stop());
    const temporalPid = findPidByArg(temporalDb);

    say('migrating the database and creating bench accounts');
    const databaseFile = path.join(runDir, 'petitions.db');
    migrate(databaseFile);
    const databaseUrl = `file:${databaseFile}`;
    const db = await createDb(databaseUrl);
    stoppers.push(() => db.$disconnect());
    const accounts = await seedAccounts(db);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: databaseUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      // The bench is one client sending thousands of requests a minute; rate limiting is not what it measures.
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // Payloads encrypted as in production (the cost is part of what is measured), with a key for this run only.
      PAYLOAD_KEYS: `bench:${newKeyBase64()}`,
      PAYLOAD_KEY_FILE: undefined,
      PAYLOAD_KEY_CURRENT: undefined,
    };
    say('starting the worker and the API');
    const profiled = (name: 'api' | 'worker'): string[] => {
      if (!opts.profile?.includes(name) || !opts.profileDir) return [];
      const dir = path.join(opts.profileDir, name);
      fs.mkdirSync(dir, { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    };
    const worker = spawnNode('worker', path.join('src', 'worker.ts'), ROOT, env, path.join(runDir, 'worker.log'), profiled('worker'));
    stoppers.push(() => worker.stop());
    const api = spawnNode('api', path.join('src', 'server.ts'), ROOT, env, path.join(runDir, 'api.log'), profiled('api'));
    stoppers.push(() => api.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const relay = opts.relay
      ? spawnNode('relay', path.join('bench', 'lib', 'relay.ts'), ROOT, { ...env, RELAY_PORT: String(relayPort) }, path.join(runDir, 'relay.log'))
      : undefined;
    if (relay) stoppers.push(() => relay.stop());
    const relayUrl = relay ? `http://127.0.0.1:${relayPort}` : undefined;

    // The bench's own raw client: the same configuration (and payload key) as the API and the worker.
    const client = await connectClient(loadConfig(env));
    stoppers.push(() => client.connection.close());

    await waitFor('the API', api, async () => {
      try { return (await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok; } catch { return false; }
    });
    if (relay) await waitFor('the relay', relay, async () => relay.output().includes('relay listening'));
    // The worker logs nothing at warn level when it starts; it is ready once its pollers are on the task queue.
    await waitFor('the worker', worker, async () => {
      const d = await client.workflowService.describeTaskQueue({
        namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType: 1 /* workflow */,
      });
      return (d.pollers?.length ?? 0) > 0;
    });

    return {
      runDir, temporalAddress: server.address, apiUrl, relayUrl, databaseFile, db, client, accounts, worker, api,
      memory: () => ({ temporal: rssMiB(temporalPid), worker: rssMiB(worker.pid), api: rssMiB(api.pid) }),
      cpu: () => {
        const own = process.cpuUsage();
        return {
          temporal: cpuSeconds(temporalPid) ?? 0, worker: cpuSeconds(worker.pid) ?? 0, api: (cpuSeconds(api.pid) ?? 0) + (relay ? cpuSeconds(relay.pid) ?? 0 : 0),
          bench: (own.user + own.system) / 1e6,
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
