// The real API on a real dev server, worker and SQLite file, with the demo organisation seeded:
// what the API tests (endpoints, authorisation matrix, lifecycle over HTTP, fuzzing) run against.
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DEMO_USERS, seedDemoOrganisation } from '../../src/accounts/demo';
import { createApp, type AppDeps } from '../../src/api/app';
import { answerClientErrors } from '../../src/api/clientError';
import { loadPolicy } from '../../src/policy/load';
import { devServerEnv, petitionWorker, POLICY_FILE } from './temporal';
import { createTestDb } from './testDb';
import { httpClient } from './http';

export type DemoUser = (typeof DEMO_USERS)[number]['id'];

export interface ApiStack {
  env: TestWorkflowEnvironment;
  /** What the app was built with (to build another app on the same database and Temporal). */
  deps: AppDeps;
  db: Awaited<ReturnType<typeof createTestDb>>['db'];
  baseUrl: string;
  /** Anonymous HTTP. */
  http: ReturnType<typeof httpClient>;
  /** HTTP as one of the demo users (src/accounts/demo.ts), with their bearer token. */
  as(user: DemoUser | string): ReturnType<typeof httpClient>;
  close(): Promise<void>;
}

export type StackOptions = Partial<Pick<AppDeps, 'rateLimits' | 'corsOrigins' | 'bodyLimit' | 'sessions' | 'signIn' | 'trustProxy' | 'organisationName' | 'console'>>;

export async function startApiStack(options: StackOptions = {}): Promise<ApiStack> {
  const env = await devServerEnv();
  const dbh = await createTestDb();
  await seedDemoOrganisation(dbh.db);
  const taskQueue = `api-${crypto.randomUUID()}`;
  const worker: Worker = await petitionWorker(env, dbh.db, taskQueue);
  const running = worker.run();
  const deps: AppDeps = {
    client: env.client, db: dbh.db, policy: loadPolicy(POLICY_FILE), taskQueue, log: () => undefined,
    rateLimits: { publicPerMinute: 100_000, perUserPerMinute: 100_000, ...options.rateLimits },
    corsOrigins: options.corsOrigins, bodyLimit: options.bodyLimit, demoTokens: true,
    sessions: options.sessions, signIn: options.signIn, trustProxy: options.trustProxy, organisationName: options.organisationName,
    console: options.console,
  };
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  answerClientErrors(server); // as src/server.ts does
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tokens = new Map(DEMO_USERS.map((u) => [u.id, u.token]));
  return {
    env,
    deps,
    db: dbh.db,
    baseUrl,
    http: httpClient(baseUrl),
    as: (user) => httpClient(baseUrl, { authorization: `Bearer ${tokens.get(user) ?? user}` }),
    async close() {
      await new Promise((r) => server.close(r));
      worker.shutdown();
      await running;
      await env.teardown();
      await dbh.cleanup();
    },
  };
}
