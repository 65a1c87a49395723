import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { petitionWorkflow } from '../../src/workflows';
import { actionUpdates, getCaseQuery } from '../../src/workflows/messages';
import { createTestDb } from '../support/testDb';
import { petitionWorker, timeSkippingEnv } from '../support/temporal';
import { officer, policyFor, registration } from '../support/fixtures';

let env: TestWorkflowEnvironment;
let worker: Worker;
let dbh: Awaited<ReturnType<typeof createTestDb>>;
let running: Promise<void>;

beforeAll(async () => {
  env = await timeSkippingEnv();
  dbh = await createTestDb();
  worker = await petitionWorker(env, dbh.db, 'smoke');
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await dbh?.cleanup();
});

test('smoke: register and accept', async () => {
  const reg = registration();
  const handle = await env.client.workflow.start(petitionWorkflow, {
    taskQueue: 'smoke', workflowId: `petition-${reg.id}`, args: [{ kind: 'new', registration: reg, policy: policyFor() }],
  });
  const view = await handle.executeUpdate(actionUpdates.accept, { args: [{ type: 'accept', actor: officer }] });
  expect(view.status).toBe('accepted');
  const q = await handle.query(getCaseQuery);
  expect(q.clocks.find((c) => c.kind === 'handling')?.dueAt).toBeDefined();
  const row = await dbh.db.petition.findUnique({ where: { id: reg.id } });
  expect(row?.status).toBe('accepted');
});
