// The worker process: runs the petition workflows and their activities on the configured task queue.
import { DefaultLogger, Runtime, Worker, type LogEntry, type NativeConnection } from '@temporalio/worker';
import { createActivities } from './activities';
import { loadConfig, type Config } from './config';
import { createDb, type Db } from './db/client';
import { BRIEF_BUSY_WAIT_MS } from './db/writeLock';
import { createLogger, setLogLevel, type LogLevel } from './log';
import { loadCalendar } from './policy/load';
import { connectWorker } from './temporal/connection';
import { dataConverterFromConfig } from './temporal/dataConverter';

const log = createLogger('worker');

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped polling (after stop(), or on a fatal error: then it rejects). */
  done: Promise<void>;
  /** Drains the worker, then closes the database and the connection. Idempotent. */
  stop(): Promise<void>;
}

export async function startWorker(config: Config): Promise<RunningWorker> {
  // Fail fast on a broken calendar: otherwise every due-date activity would fail and retry forever.
  loadCalendar(config.CALENDAR_FILE);
  // Payloads are encrypted (petitioners' identities); no key, no worker.
  const dataConverter = dataConverterFromConfig(config, log);

  // Projection writes wait for a held lock on timers (withWriteLock), not in the driver, so one waiting
  // write does not stop every other workflow task and activity of this worker.
  const db: Db = await createDb(config.DATABASE_URL, BRIEF_BUSY_WAIT_MS);
  let connection: NativeConnection | undefined;
  let worker: Worker;
  try {
    connection = await connectWorker(config).catch((err: Error) => {
      throw new Error(`cannot connect to Temporal at ${config.temporalAddress}: ${err.message}`);
    });
    worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      workflowsPath: require.resolve('./workflows'),
      activities: createActivities({ db, calendarFile: config.CALENDAR_FILE, lockWaitMs: config.SQLITE_BUSY_TIMEOUT_MS }),
      ...(config.WORKER_MAX_CACHED_WORKFLOWS === undefined ? {} : { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }),
    });
  } catch (err) {
    await connection?.close().catch(() => undefined);
    await db.$disconnect();
    throw err;
  }

  const running = worker.run();
  const done = running.finally(async () => {
    await db.$disconnect();
    await connection!.close().catch(() => undefined);
  });
  done.catch(() => undefined); // observed by the caller; no unhandled rejection meanwhile
  log.info('polling', {
    taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, address: config.temporalAddress,
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await done;
  })());
  return { worker, done, stop };
}

const SDK_LEVELS: Record<LogLevel, 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  // The SDK logs through our logger; we handle the signals ourselves so the order is: drain, then close the db.
  const sdkLog = createLogger('sdk');
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(SDK_LEVELS[config.LOG_LEVEL], (e: LogEntry) => {
      // Multi-line info (webpack's bundle report) is only of interest when debugging.
      const level = e.level === 'TRACE' || (e.level === 'INFO' && e.message.includes('\n')) ? 'debug' : (e.level.toLowerCase() as LogLevel);
      sdkLog[level](e.message, e.meta);
    }),
  });

  const running = await startWorker(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info(`${signal}: draining, then closing the database`);
      void running.stop();
    });
  }
  await running.done;
  log.info('stopped');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      log.error(`cannot run: ${err.message}`);
      log.debug(err.stack ?? '');
      process.exit(1);
    },
  );
}
