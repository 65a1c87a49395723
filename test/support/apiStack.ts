// The real API on a real dev server, worker and SQLite file, with the demo organisation seeded:
// what the API tests (endpoints, authorisation matrix, lifecycle over HTTP, fuzzing) run against.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DEMO_USERS, seedDemoOrganisation } from '../../src/accounts/demo';
import { createApp, type AppDeps } from '../../src/api/app';
import { CODEC_PATH } from '../../src/api/routes/codec';
import { listenApi } from '../../src/api/clientError';
import { loadPolicy } from '../../src/policy/load';
import { devServerEnv, petitionWorker, POLICY_FILE } from './temporal';
import { createTestDb } from './testDb';
import { httpClient } from './http';
import { freePort } from './processes';

export type DemoUser = (typeof DEMO_USERS)[number]['id'];

export interface ApiStack {
  env: TestWorkflowEnvironment;
  /** What the app was built with (to build another app on the same database and Temporal). */
  deps: AppDeps;
  db: Awaited<ReturnType<typeof createTestDb>>['db'];
  baseUrl: string;
  /** The dev server's Web UI (with `webUi`). */
  uiUrl?: string;
  /** Anonymous HTTP. */
  http: ReturnType<typeof httpClient>;
  /** HTTP as one of the demo users (src/accounts/demo.ts), with their bearer token. */
  as(user: DemoUser | string): ReturnType<typeof httpClient>;
  close(): Promise<void>;
}

export type ApiStackOptions = Partial<Pick<AppDeps,
  'rateLimits' | 'corsOrigins' | 'bodyLimit' | 'temporalUiOrigins' | 'sessions' | 'signIn' | 'trustProxy' | 'organisationName' | 'attachments' | 'resend'
>> & {
  /** More `temporal server start-dev` flags, e.g. a dynamic config value. */
  devServerArgs?: string[];
  /** Also the dev server's Web UI, using this API as its codec server (as `npm start` runs it). */
  webUi?: boolean;
};

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const [apiPort, uiPort] = options.webUi ? [await freePort(), await freePort()] : [0, undefined];
  const uiUrl = uiPort ? `http://127.0.0.1:${uiPort}` : undefined;
  const env = await devServerEnv([
    ...(options.devServerArgs ?? []),
    ...(uiPort ? ['--ui-codec-endpoint', `http://127.0.0.1:${apiPort}${CODEC_PATH}`] : []),
  ], { uiPort });
  const dbh = await createTestDb();
  await seedDemoOrganisation(dbh.db);
  const taskQueue = `api-${crypto.randomUUID()}`;
  const worker: Worker = await petitionWorker(env, dbh.db, taskQueue);
  const running = worker.run();
  const deps: AppDeps = {
    client: env.client, db: dbh.db, policy: loadPolicy(POLICY_FILE), taskQueue, log: () => undefined,
    rateLimits: { publicPerMinute: 100_000, perUserPerMinute: 100_000, ...options.rateLimits },
    corsOrigins: options.corsOrigins, temporalUiOrigins: options.temporalUiOrigins ?? (uiUrl ? [uiUrl] : undefined), bodyLimit: options.bodyLimit, demoTokens: true,
    sessions: options.sessions, signIn: options.signIn, trustProxy: options.trustProxy, organisationName: options.organisationName,
    // Attachment files of this stack only, removed with it.
    attachments: { dir: `${dbh.file}-attachments`, ...options.attachments },
    resend: options.resend,
  };
  const app = createApp(deps);
  const server: Server = await listenApi(app, apiPort, '127.0.0.1'); // as src/server.ts does
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tokens = new Map(DEMO_USERS.map((u) => [u.id, u.token]));
  return {
    env,
    deps,
    db: dbh.db,
    baseUrl,
    uiUrl,
    http: httpClient(baseUrl),
    as: (user) => httpClient(baseUrl, { authorization: `Bearer ${tokens.get(user) ?? user}` }),
    async close() {
      await new Promise((r) => server.close(r));
      worker.shutdown();
      await running;
      await env.teardown();
      await dbh.cleanup();
      fs.rmSync(`${dbh.file}-attachments`, { recursive: true, force: true });
    },
  };
}
