// The embedded Temporal dev server (`temporal server start-dev`) with a persisted SQLite file, so petitions
// survive a restart. Used by `npm start` and by the tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createLogger, type Logger } from '../log';
import { temporalCliPath } from './binaries';
import { registerSearchAttributes } from './registerSearchAttributes';
import { SEARCH_ATTRIBUTE_KEYS, searchAttributeCliArgs } from './searchAttributes';

export interface DevServerOptions {
  host: string;
  port: number;
  uiPort: number;
  /** SQLite file holding the server's state; created (with its folder) on first start. */
  dbFile: string;
  /** Where the server's stdout and stderr go (appended). Default: temporal.log next to dbFile. */
  logFile?: string;
  /** Namespace the service uses; `default` is always created. */
  namespace?: string;
  /** The codec server the Web UI calls to show encrypted payloads (the API's /api/v1/codec). */
  uiCodecEndpoint?: string;
  /** More `start-dev` flags, e.g. ['--sqlite-pragma', 'journal_mode=WAL']. */
  extraArgs?: string[];
  /** How long to wait for the frontend to answer. Default 30 s. */
  readyTimeoutMs?: number;
  log?: Logger;
}

export interface DevServer {
  /** host:port of the gRPC frontend, for TEMPORAL_ADDRESS. */
  address: string;
  /** Base URL of the Web UI. */
  uiUrl: string;
  logFile: string;
  /** Settles when the server process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. Idempotent. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 20;
// Routine while the server starts or stops; they would crowd the lines that explain a failure.
const NOISE = /msg="(network dial error|Failed to poll for task\.)"/;

/** A host for URLs and dialling: wildcard binds are reached on loopback; IPv6 literals get brackets. */
export function hostForUrl(host: string): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return h.includes(':') ? `[${h}]` : h;
}

function assertPortFree(host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE'
        ? `${what} port ${host}:${port} is already in use (another Temporal dev server still running?). ` +
          'Stop it, choose other ports (TEMPORAL_DEV_PORT, TEMPORAL_UI_PORT) or point TEMPORAL_ADDRESS at it.'
        : `cannot bind ${what} port ${host}:${port}: ${err.message}`)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function tailOf(file: string, from: number): string {
  try {
    const text = fs.readFileSync(file).subarray(from).toString('utf8');
    return text.trimEnd().split('\n').filter((l) => !NOISE.test(l)).slice(-TAIL_LINES).map((l) => `    ${l}`).join('\n');
  } catch {
    return '    (no output)';
  }
}

/** The search attributes the file already has with another type: upserts of those would fail every workflow task. */
async function wrongTypes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const names = temporal.api.enums.v1.IndexedValueType;
  return SEARCH_ATTRIBUTE_KEYS.flatMap((k) => {
    const have = customAttributes?.[k.name];
    const want = `INDEXED_VALUE_TYPE_${k.type}`;
    const short = (t: string | undefined) => t?.replace('INDEXED_VALUE_TYPE_', '');
    return have !== undefined && names[have] !== want ? [`${k.name} is ${short(names[have])}, needs ${short(want)}`] : [];
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const log = opts.log ?? createLogger('temporal');
  const namespace = opts.namespace ?? 'default';
  const dbFile = path.resolve(opts.dbFile);
  const logFile = path.resolve(opts.logFile ?? path.join(path.dirname(dbFile), 'temporal.log'));
  const address = `${hostForUrl(opts.host)}:${opts.port}`;
  const uiUrl = `http://${hostForUrl(opts.host)}:${opts.uiPort}`;
  const cli = temporalCliPath();

  await assertPortFree(opts.host, opts.port, 'Temporal frontend');
  await assertPortFree(opts.host, opts.uiPort, 'Temporal Web UI');
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  // start-dev applies --search-attribute only when it creates the file; on an existing file the flags are
  // silently ignored (CLI 1.9.1). So: flags on first start, and registerSearchAttributes below for any
  // attribute an older file lacks.
  const firstStart = !fs.existsSync(dbFile);
  const args = [
    'server', 'start-dev',
    '--ip', opts.host, '--port', String(opts.port), '--ui-port', String(opts.uiPort),
    '--db-filename', dbFile,
    '--namespace', 'default', ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    ...(firstStart ? searchAttributeCliArgs() : []),
    '--log-level', 'warn',
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...(opts.extraArgs ?? []),
  ];

  // The server writes straight into the log file (no pipe to us that could break); its tail explains failures.
  const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} ${cli} ${args.join(' ')}\n`);
  // Own process group: a Ctrl-C in the terminal reaches only the orchestrator, which stops this server last.
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);

  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { running = false; resolve({ code, signal }); });
    child.once('error', (err) => { running = false; log.error('cannot run the Temporal CLI', { cli, error: err }); resolve({ code: null, signal: null }); });
  });
  // Last resort if the owner exits without stop() (uncaught error, process.exit): never leave the server behind.
  const killOnExit = () => { if (running) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    if (running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { log.warn('dev server ignored SIGTERM for 10 s; killing it'); child.kill('SIGKILL'); }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
  })());

  let connection: Connection | undefined;
  const fail = async (why: string, withOutput = true): Promise<never> => {
    await connection?.close().catch(() => undefined);
    await stop();
    throw new Error(`Temporal dev server ${why}` +
      (withOutput ? `. Last lines of ${logFile}:\n${tailOf(logFile, logFrom)}` : ''));
  };

  log.debug('starting Temporal dev server', { cli, dbFile, firstStart, logFile });
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    if (!running) {
      const { code, signal } = await exited;
      await fail(`exited during start-up (${signal ?? `code ${code}`})`);
    }
    if (Date.now() > deadline) await fail(`did not answer on ${address} within ${opts.readyTimeoutMs ?? 30_000} ms (${(lastError as Error)?.message ?? 'no answer'})`);
    try {
      connection ??= await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      break;
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }

  try {
    const added = await registerSearchAttributes(connection, namespace);
    if (added.length) log.info('registered search attributes missing from the existing db file', { added: added.join(',') });
    const wrong = await wrongTypes(connection, namespace);
    if (wrong.length) {
      await fail(`has search attributes of the wrong type in ${dbFile}: ${wrong.join('; ')}. ` +
        'Move that file away to start afresh (existing petitions there are lost to Temporal)', false);
    }
  } catch (err) {
    if (!stopping) await fail(`could not check its search attributes: ${(err as Error).message}`);
    throw err;
  } finally {
    await connection.close().catch(() => undefined);
  }

  return { address, uiUrl, logFile, exited, stop };
}
