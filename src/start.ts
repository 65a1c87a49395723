// `npm start`: the whole service in one command. (npm's prestart already ran scripts/setup.mjs: npm packages,
// Temporal CLI, Prisma client.) Migrates the database, starts the embedded Temporal dev server unless
// TEMPORAL_ADDRESS points at a cluster, then runs the worker and the API as child processes.
// A database without users gets the demo organisation (unless SEED_DEMO=false); `npm start -- --seed` also
// adds the demo petitions (src/seed.ts) once the API answers.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '@temporalio/client';
import { applyMigrations } from './admin/migrations';
import { CODEC_PATH } from './api/routes/codec';
import { loadConfig, PROJECT_ROOT, type Config } from './config';
import { createDb } from './db/client';
import { sqliteFileFromUrl } from './db/url';
import { createLogger, setLogLevel } from './log';
import { connectClient } from './temporal/connection';
import { payloadKeysFor } from './temporal/dataConverter';
import { hostForUrl, startDevServer, type DevServer } from './temporal/devServer';
import { registerSearchAttributes } from './temporal/registerSearchAttributes';
import { seedDemo, seedDemoOrganisationIfEmpty } from './seed';

const log = createLogger('start');
const STOP_GRACE_MS = 10_000;
const API_READY_MS = 30_000;

interface Child { name: string; proc: ChildProcess; exited: Promise<void> }

let stopping: { at: number } | undefined;
let devServer: Promise<DevServer | undefined> = Promise.resolve(undefined);
const children: Child[] = [];

/** Stops the children, then the dev server, then exits. Only the first call counts. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = { at: Date.now() };
  await Promise.all(children.map(stopChild));
  const server = await devServer.catch(() => undefined);
  if (server) {
    log.info('stopping the Temporal dev server');
    await server.stop();
  }
  log.info(code === 0 ? 'stopped' : 'stopped after a failure');
  process.exit(code);
}

async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => {
    log.warn(`${c.name} still running ${STOP_GRACE_MS / 1000} s after SIGTERM; killing it`);
    killGroup(c.proc);
  }, STOP_GRACE_MS);
  await c.exited;
  clearTimeout(timer);
}

function killGroup(proc: ChildProcess): void {
  try { process.kill(-proc.pid!, 'SIGKILL'); } catch { proc.kill('SIGKILL'); }
}

function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    log.info(`${signal}: stopping`);
    void shutdown(0);
  } else if (Date.now() - stopping.at > 2_000) {
    // A repeated Ctrl-C forces. (Duplicates right after the first are npm/tsx relaying the same one.)
    log.warn(`${signal} again: killing everything`);
    for (const c of children) if (c.proc.exitCode === null) killGroup(c.proc);
    process.exit(1); // the dev server's exit hook SIGKILLs it
  }
}

/** Prefixes every line of a child's stream, so the three logs stay apart in one terminal. */
function relay(from: NodeJS.ReadableStream, to: NodeJS.WriteStream, prefix: string): void {
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix} ${line}\n`));
}

function spawnChild(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  // `node --import tsx` (tsx 4, Node >= 20.6): one process per child, so SIGTERM reaches the code itself.
  // Own process group: a terminal Ctrl-C reaches only us, and we stop the children in order.
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  relay(proc.stdout!, process.stdout, `[${name}]`);
  relay(proc.stderr!, process.stderr, `[${name}]`);
  const exited = new Promise<void>((resolve) => {
    proc.once('error', (err) => { log.error(`cannot start ${name}: ${err.message}`); resolve(); });
    proc.once('exit', (code, signal) => {
      if (!stopping) {
        log.error(`${name} exited unexpectedly (${signal ?? `exit code ${code}`}); stopping everything`);
        void shutdown(1);
      }
      resolve();
    });
  });
  process.once('exit', () => { if (proc.exitCode === null && proc.signalCode === null) killGroup(proc); });
  return { name, proc, exited };
}

async function migrate(config: Config): Promise<void> {
  const output = await applyMigrations(config.DATABASE_URL);
  for (const line of output.split('\n')) if (line.trim()) log.debug(`prisma: ${line}`);
}

/** A database without users gets the demo organisation, so the API can be tried at once. */
async function seedOrganisation(config: Config): Promise<void> {
  const db = await createDb(config.DATABASE_URL);
  try {
    if (!config.SEED_DEMO) {
      if ((await db.user.count()) === 0) log.warn('the database has no users (SEED_DEMO=false): create them with `npm run admin` (README "Accounts")');
    } else if (await seedDemoOrganisationIfEmpty(db)) {
      log.info('seeded the demo organisation: its users and public tokens are in README.md "Demo organisation"; set SEED_DEMO=false in production');
    }
  } finally {
    await db.$disconnect();
  }
}

/** An external cluster gets the search attributes through the operator API (the dev server has them already). */
async function prepareExternalCluster(config: Config): Promise<void> {
  const client = await connectClient(config).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at TEMPORAL_ADDRESS=${config.temporalAddress}: ${err.message}`);
  });
  const connection = client.connection as Connection; // connectClient builds a full Connection
  try {
    const added = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    log.info(added.length ? `registered search attributes: ${added.join(', ')}` : 'search attributes already registered');
  } catch (err) {
    log.warn(`could not register the search attributes on ${config.TEMPORAL_NAMESPACE} (${(err as Error).message}); ` +
      'create them with `temporal operator search-attribute create` or your cloud console');
  } finally {
    await connection.close();
  }
}

async function waitForApi(url: string, api: Child): Promise<boolean> {
  const deadline = Date.now() + API_READY_MS;
  while (Date.now() < deadline && !stopping && api.proc.exitCode === null) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

async function seed(config: Config): Promise<void> {
  log.info('--seed: seeding demo petitions');
  const seeded = await seedDemo(config);
  log.info(`--seed: done (${seeded.length} of the demo petitions are there)`);
}

async function main(): Promise<void> {
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  const databaseFile = sqliteFileFromUrl(config.DATABASE_URL);
  // Payloads in Temporal are encrypted: without a key (in production) nothing starts. A development key
  // is created here once, and the worker and the API are pointed at the same file.
  const { development } = payloadKeysFor(config, log);
  const apiUrl = `http://${hostForUrl(config.API_HOST)}:${config.API_PORT}`;
  const codecEndpoint = config.API_PORT !== 0 ? `${apiUrl}${CODEC_PATH}` : undefined;

  log.info('applying database migrations', { file: databaseFile });
  await migrate(config);
  if (stopping) return;
  await seedOrganisation(config);
  if (stopping) return;

  let temporalAddress = config.temporalAddress;
  if (config.TEMPORAL_ADDRESS) {
    log.info(`using the Temporal cluster at ${temporalAddress} (TEMPORAL_ADDRESS)`);
    await prepareExternalCluster(config);
  } else {
    log.info('starting the Temporal dev server', { state: config.temporalDbFile });
    devServer = startDevServer({
      host: config.TEMPORAL_DEV_HOST,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: config.temporalDbFile,
      logFile: path.join(config.DATA_DIR, 'temporal.log'),
      namespace: config.TEMPORAL_NAMESPACE,
      uiCodecEndpoint: codecEndpoint,
      log: createLogger('temporal'),
    });
    const server = (await devServer)!;
    temporalAddress = server.address;
    void server.exited.then(({ code, signal }) => {
      if (stopping) return;
      log.error(`the Temporal dev server exited unexpectedly (${signal ?? `exit code ${code}`}); see ${server.logFile}`);
      void shutdown(1);
    });
  }
  if (stopping) return;

  const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress, ...(development ? { PAYLOAD_KEY_FILE: development.file } : {}) };
  children.push(spawnChild('worker', path.join('src', 'worker.ts'), env));
  const api = spawnChild('api', path.join('src', 'server.ts'), env);
  children.push(api);

  const apiUp = config.API_PORT !== 0 && (await waitForApi(apiUrl, api));
  if (stopping) return;
  if (!apiUp) log.warn(`the API did not answer ${apiUrl}/healthz within ${API_READY_MS / 1000} s; see its [api] lines`);

  const server = await devServer;
  log.info(`Temporal frontend  ${temporalAddress}${server ? '' : ' (external)'}`);
  if (server) {
    log.info(`Temporal Web UI    ${server.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`);
    if (codecEndpoint) log.info(`Codec endpoint     ${codecEndpoint} (payloads are encrypted; the Web UI shows them in clear to a signed-in admin)`);
    log.info(`Temporal state     ${path.resolve(config.temporalDbFile)} (server log: ${server.logFile})`);
  }
  log.info(`API                ${apiUrl}${apiUp ? '' : ' (not answering yet)'}`);
  log.info(`Database           ${databaseFile}`);
  log.info(`Task queue         ${config.TEMPORAL_TASK_QUEUE} in namespace ${config.TEMPORAL_NAMESPACE}`);
  log.info('ready; Ctrl-C stops everything (petitions persist and resume on the next start)');

  if (process.argv.includes('--seed')) {
    if (!apiUp) log.warn('--seed skipped: the API is not up');
    else await seed(config).catch((err: Error) => log.error(`--seed failed: ${err.message}`));
  }
}

main().catch(async (err: Error) => {
  if (stopping) return; // a failure caused by the stop itself (e.g. Ctrl-C during the migration)
  log.error(err.message);
  log.debug(err.stack ?? '');
  await shutdown(1);
});
