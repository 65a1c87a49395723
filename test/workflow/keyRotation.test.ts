// Rotating the payload key: a petition whose history was written under key test-1 goes on after test-2
// becomes current (test-1 still configured to decrypt): the new worker replays the old payloads, the new
// ones are written under test-2, and the whole history replays. Without test-1, every reader says which
// key is missing instead of failing obscurely.
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { CaseView } from '../../src/domain';
import { projectionWrites } from '../../src/ops/projectionWrites';
import { KEY_ID_METADATA, PayloadDecryptionError } from '../../src/temporal/encryptionCodec';
import { actionUpdates, getCaseQuery, supervisionSignals } from '../../src/workflows/messages';
import { testDataConverter } from '../support/codec';
import { intake, officer, supervisor } from '../support/fixtures';
import { BUNDLE_PATH } from '../support/globalSetup';
import { metadataText, payloadsIn } from '../support/rawHistory';
import { Harness } from './harness';

// No workflow cache: the worker after the rotation must replay everything written before it.
const h = new Harness('key-rotation', { maxCachedWorkflows: 0 });
beforeAll(() => h.setup());
afterAll(() => h.teardown());

const clientWith = (dataConverter = testDataConverter()) => new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default', dataConverter });
const ROTATED = testDataConverter('test-2', ['test-1', 'test-2']);

/** The key id of every payload the server holds, by event, in order (search attributes and markers are not encrypted). */
async function keyIdsByEvent(workflowId: string): Promise<{ eventId: number; keys: string[] }[]> {
  const { events } = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (events ?? []).map((e) => ({
    eventId: Number(e.eventId),
    keys: payloadsIn(e).filter((p) => !/searchAttributes|markerRecorded/.test(p.at)).map((p) => metadataText(p.payload, KEY_ID_METADATA) ?? 'clear'),
  })).filter((e) => e.keys.length > 0);
}

test('a history written under key 1 reads and goes on after key 2 becomes current; then every payload is under one of them, and it replays', async () => {
  const p = await h.start({ petitioner: { name: '轮换测试人', contact: '13700000001', idNumber: '110101199001011234' } });
  await p.act('accept', intake, { unitId: 'unit-housing', officerId: officer.id });
  const before = await keyIdsByEvent(p.handle.workflowId);
  expect(new Set(before.flatMap((e) => e.keys))).toEqual(new Set(['test-1']));

  // The rotation, as ops do it: every process restarts with PAYLOAD_KEYS=test-1,test-2 and PAYLOAD_KEY_CURRENT=test-2.
  await h.stopWorker();
  await h.startWorker({ dataConverter: ROTATED });
  const client = clientWith(ROTATED);
  const handle = client.workflow.getHandle(p.handle.workflowId);
  await handle.signal(supervisionSignals.supervise, { type: 'supervise', actor: supervisor, instruction: 'Answer within ten days.' });
  const replied: CaseView = await handle.executeUpdate(actionUpdates.reply, {
    args: [{ type: 'reply', actor: officer, decision: 'support', facts: 'Checked on site.', legalBasis: '《信访工作条例》第三十二条', text: 'Repaired.' }],
  });
  // The new worker rebuilt the case from payloads under test-1: the registration and the acceptance are there.
  expect(replied).toMatchObject({ status: 'awaiting_evaluation', officerId: officer.id, petitioner: { name: '轮换测试人', idNumber: '110101199001011234' } });
  const steps = ['registered', 'accepted', 'assigned', 'supervision_issued', 'replied'];
  expect(replied.timeline.map((e) => e.type).filter((t) => steps.includes(t))).toEqual(steps);
  expect((await handle.query(getCaseQuery)).seq).toBe(replied.seq);

  const after = await keyIdsByEvent(p.handle.workflowId);
  const written = after.filter((e) => !before.some((b) => b.eventId === e.eventId));
  expect(written.length).toBeGreaterThan(0);
  expect(new Set(written.flatMap((e) => e.keys))).toEqual(new Set(['test-2']));
  expect(new Set(after.flatMap((e) => e.keys))).toEqual(new Set(['test-1', 'test-2']));

  // The reconcile command reads every projection write from the history: old and new key alike.
  const writes = await projectionWrites(client, p.handle.workflowId, (await handle.describe()).runId);
  expect(writes[0]!.view).toMatchObject({ status: 'registered', petitioner: { name: '轮换测试人' } }); // under test-1
  expect(writes.at(-1)!.view).toMatchObject({ status: 'awaiting_evaluation', seq: replied.seq }); // under test-2

  // The recorded history (both keys) replays with both keys configured.
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH }, dataConverter: ROTATED }, history, p.handle.workflowId);
});

test('a payload under a key that is not configured fails with an error that names the key', async () => {
  await h.stopWorker();
  await h.startWorker(); // test-1 only, as the suite's client
  const p = await h.start();
  const workflowId = p.handle.workflowId;
  const withoutKey1 = clientWith(testDataConverter('test-2'));
  const notConfigured = /encrypted with key "test-1", which is not configured \(configured: test-2\)/;

  // Reading the history's payloads (what reconcile does)...
  const run = (await withoutKey1.workflow.getHandle(workflowId).describe()).runId;
  const err = await projectionWrites(withoutKey1, workflowId, run).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PayloadDecryptionError);
  expect((err as Error).message).toMatch(notConfigured);
  // ...and a worker replaying it.
  const history = await p.handle.fetchHistory();
  const replay = await Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH }, dataConverter: testDataConverter('test-2') }, history, workflowId)
    .catch((e: unknown) => e);
  // The replay fails; the workflow task's failure is itself encoded (failure messages go through the
  // codec too, src/temporal/failureConverter.ts), so even its text is not in clear.
  expect(replay).toBeInstanceOf(Error);
  expect(String((replay as Error).message)).toMatch(/Replay failed[\s\S]*Encoded failure/);
});
