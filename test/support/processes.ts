// Real processes for crash tests: the file-persisted Temporal dev server, the worker and the API run as
// children, each in its own process group, so a test can SIGKILL them the way a crash would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../../src/temporal/binaries';
import { searchAttributeCliArgs } from '../../src/temporal/searchAttributes';
import { TEST_PAYLOAD_ENV } from './codec';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ChildProc {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** kill -9 of the whole process group; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** The last lines of its output, for failure messages. */
  tail(lines?: number): string;
}

const live = new Set<ChildProc>();
// Last resort if jest exits without afterAll (a crash of the test process itself).
process.once('exit', () => { for (const p of live) killGroup(p.pid); });

function killGroup(pid: number): void {
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** Spawns a child in its own process group, its output appended to logFile. */
export function spawnChild(name: string, command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; logFile: string }): ChildProc {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const out = fs.openSync(opts.logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} start ${name}\n`);
  const child = spawn(command, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { alive = false; live.delete(proc); resolve({ code, signal }); });
    child.once('error', () => { alive = false; live.delete(proc); resolve({ code: null, signal: null }); });
  });
  const proc: ChildProc = {
    name,
    pid: child.pid!,
    logFile: opts.logFile,
    exited,
    running: () => alive,
    async kill9() {
      if (alive) killGroup(child.pid!);
      await exited;
    },
    tail(lines = 30) {
      try {
        return fs.readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no output)';
      }
    },
  };
  live.add(proc);
  return proc;
}

/** SIGKILLs every child still running (afterAll, even after a failure). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill9()));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, proc: ChildProc, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running()) throw new Error(`${what} exited during start-up:\n${proc.tail()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > until) {
      await proc.kill9();
      throw new Error(`${what} not ready within ${timeoutMs} ms:\n${proc.tail()}`);
    }
    await sleep(100);
  }
}

/** Waits until the child's output (from now on) contains a line matching the pattern. */
function outputMatches(logFile: string, pattern: RegExp): () => Promise<boolean> {
  const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  return async () => pattern.test(fs.readFileSync(logFile).subarray(from).toString('utf8'));
}

/** A `temporal server start-dev` persisted to one SQLite file, restartable on the same port after a kill -9. */
export class DevServerProcess {
  proc?: ChildProc;
  constructor(readonly dbFile: string, readonly port: number, readonly logFile: string) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // The search attributes are stored in the file on its first start; later starts ignore the flags.
    const firstStart = !fs.existsSync(this.dbFile);
    const args = [
      'server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(this.port),
      '--db-filename', this.dbFile, '--log-level', 'error', '--sqlite-pragma', 'journal_mode=WAL',
      ...(firstStart ? searchAttributeCliArgs() : []),
    ];
    const proc = spawnChild('temporal', temporalCliPath(), args, { logFile: this.logFile });
    this.proc = proc;
    await waitFor('Temporal dev server', proc, async () => {
      const connection = await Connection.connect({ address: this.address, connectTimeout: 1_000 });
      try {
        // A deadline per probe: the client's own retries would otherwise wait ~10 s for a booting server.
        await connection.withDeadline(Date.now() + 1_000, () => connection.workflowService.describeNamespace({ namespace: 'default' }));
        return true;
      } finally {
        await connection.close();
      }
    }, 60_000);
  }

  async kill9(): Promise<void> {
    await this.proc?.kill9();
  }
}

export interface ServiceEnv {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
}

function serviceEnv(s: ServiceEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: s.temporalAddress,
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_TASK_QUEUE: s.taskQueue,
    LOG_LEVEL: 'info',
    // A test that holds the database lock kills the worker while its writes wait: they must still be
    // waiting then (attempt 1), not failed by the default 10 s busy timeout on a slow machine.
    SQLITE_BUSY_TIMEOUT_MS: '60000',
    // The suite's payload key, as the test's own client has it.
    ...TEST_PAYLOAD_ENV,
    ...extra,
  };
}

/** `node --import tsx src/worker.ts`, ready once it logs that it is polling. */
export async function startWorkerProcess(s: ServiceEnv, logFile: string, extra: NodeJS.ProcessEnv = {}): Promise<ChildProc> {
  const ready = outputMatches(logFile, /\[worker\] polling/);
  const proc = spawnChild('worker', process.execPath, ['--import', 'tsx', 'src/worker.ts'], { env: serviceEnv(s, extra), logFile });
  await waitFor('worker', proc, ready, 60_000);
  return proc;
}

/** `node --import tsx src/server.ts` on a port, ready once /healthz answers 200. */
export async function startApiProcess(s: ServiceEnv, port: number, logFile: string, extra: NodeJS.ProcessEnv = {}): Promise<ChildProc & { url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnChild('api', process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: serviceEnv(s, { API_HOST: '127.0.0.1', API_PORT: String(port), ...extra }), logFile,
  });
  await waitFor('API', proc, async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok, 60_000);
  return Object.assign(proc, { url });
}
