// Real Temporal servers for the tests: the time-skipping test server for long clocks.
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { Db } from '../../src/db/client';
import { temporalCliPath, temporalTestServerPath } from '../../src/temporal/binaries';
import { SEARCH_ATTRIBUTE_KEYS } from '../../src/temporal/searchAttributes';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes';
import { testDataConverter } from './codec';
import { BUNDLE_PATH } from './globalSetup';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CALENDAR_FILE = path.join(ROOT, 'policy', 'calendars', 'CN.json');
export const POLICY_FILE = path.join(ROOT, 'policy', 'default.json');

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** Every client and worker of the tests encrypts payloads as the service does (test key test-1). */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: testDataConverter() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export interface PetitionWorkerOptions {
  maxCachedWorkflows?: number;
  calendarFile?: string;
  /** Default: the suite's (test key test-1). */
  dataConverter?: DataConverter;
}

export async function petitionWorker(
  env: TestWorkflowEnvironment, db: Db, taskQueue: string, { calendarFile = CALENDAR_FILE, ...options }: PetitionWorkerOptions = {},
): Promise<Worker> {
  return Worker.create({
    dataConverter: testDataConverter(),
    ...options,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: BUNDLE_PATH },
    activities: createActivities({ db, calendarFile }),
  });
}

/** The Temporal dev server (the one ops run), with the project's search attributes, for end-to-end tests. */
export async function devServerEnv(extraArgs: string[] = [], options: { uiPort?: number } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
      searchAttributes: [...SEARCH_ATTRIBUTE_KEYS],
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF', '--log-level', 'error', ...extraArgs],
    },
    client: { dataConverter: testDataConverter() },
  });
}
