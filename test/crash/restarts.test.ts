// kill -9 of the API process between actions, and of the file-persisted Temporal dev server in the middle
// of lifecycles: the API answers retries from its Idempotency-Key store, the dev server resumes from its
// file, the worker reconnects, every petition closes and the projection equals the workflows. Last, the
// reconciliation is shown to bite: hand-made damage to the projection is found, and --repair mends it.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import type { ReconcileReport } from '../../src/ops/reconcile';
import { exitCodeOf, formatReport } from '../../src/ops/reconcileCli';
import { TEST_PAYLOAD_ENV } from '../support/codec';
import { eventually, httpClient } from '../support/http';
import { HAPPY_PATH, type LifecycleDriver } from './lifecycle';
import { CrashStack, expectFinishedAndConsistent } from './stack';

const stack = new CrashStack('restarts');
let driver: LifecycleDriver;
let baseline: string[] = [];
const tokens: Record<'petitioner' | 'intake' | 'officer', string> = { petitioner: '', intake: '', officer: '' };

beforeAll(async () => {
  await stack.setup({ api: { RATE_LIMIT_PUBLIC_PER_MINUTE: '10000', RATE_LIMIT_PER_USER_PER_MINUTE: '10000' } });
  driver = stack.driver();
  const db = stack.db;
  await upsertUnit(db, { id: 'petition-office', name: 'Petition office' });
  await upsertUnit(db, { id: 'unit-housing', name: 'Housing bureau', parentId: 'petition-office' });
  await upsertUser(db, { id: 'crash-petitioner', name: 'Chen', role: 'petitioner' });
  await upsertUser(db, { id: 'crash-intake', name: 'Wang', role: 'intake_officer', unitId: 'unit-housing' });
  await upsertUser(db, { id: 'crash-officer', name: 'Li', role: 'case_officer', unitId: 'unit-housing' });
  tokens.petitioner = await issueToken(db, 'crash-petitioner');
  tokens.intake = await issueToken(db, 'crash-intake');
  tokens.officer = await issueToken(db, 'crash-officer');
  // The reference: a lifecycle without crashes.
  baseline = await stack.noticeSignature(await driver.run());
}, 120_000);
afterAll(() => stack.teardown(), 60_000);

const OPINION = { decision: 'support', facts: 'Inspected on site.', legalBasis: '《物业管理条例》第35条', text: 'Repaired by 1 December.' };
const API_STEPS = [
  { action: 'accept', who: 'intake', body: {}, status: 'accepted' },
  { action: 'assign', who: 'intake', body: { unitId: 'unit-housing', officerId: 'crash-officer' }, status: 'in_handling' },
  { action: 'reply', who: 'officer', body: OPINION, status: 'awaiting_evaluation' },
  { action: 'evaluate', who: 'petitioner', body: { rating: 'satisfied' }, status: 'appeal_window' },
  { action: 'withdraw', who: 'petitioner', body: { reason: 'Repaired; no review wanted.' }, status: 'closed' },
] as const;

test('kill -9 of the API after submission, assignment and closing: the case moves on through the new process, and a retried request gets the stored answer', async () => {
  const http = () => httpClient(stack.api!.url);
  const as = (who: keyof typeof tokens, key: string) => ({ authorization: `Bearer ${tokens[who]}`, 'idempotency-key': key });
  // Each restart costs a few seconds of start-up: three of them, one of which after the case closed.
  const crashAfter = new Set(['submit', 'assign', 'withdraw']);

  // Each request, then the same request again after the API was killed and restarted.
  const requests: { path: string; body: unknown; headers: Record<string, string>; status: number; caseStatus: string }[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const body = { class: 'claim', title: `Heating broken ${crypto.randomUUID()}`, content: 'No heating since October.', petitioner: { name: 'Chen', contact: '13800000000' }, unitId: 'unit-housing' };
    const headers = as('petitioner', `crash-submit-${crypto.randomUUID()}`);
    const res = await http().post('/api/v1/petitions', body, headers);
    expect(res.status).toBe(201);
    ids.push(res.body.petition.id);
    requests.push({ path: '/api/v1/petitions', body, headers, status: 201, caseStatus: 'registered' });
  }
  for (const step of [undefined, ...API_STEPS]) {
    if (step) {
      requests.length = 0;
      for (const id of ids) {
        const path = `/api/v1/petitions/${id}/actions/${step.action}`;
        const headers = as(step.who, `crash-${step.action}-${crypto.randomUUID()}`);
        const res = await http().post(path, step.body, headers);
        expect({ id, status: res.status, body: res.body?.petition?.status ?? res.body }).toEqual({ id, status: 200, body: step.status });
        requests.push({ path, body: step.body, headers, status: 200, caseStatus: step.status });
      }
    }
    if (!crashAfter.has(step?.action ?? 'submit')) continue;
    await stack.crashApi();
    for (const [i, r] of requests.entries()) {
      const again = await http().post(r.path, r.body, r.headers);
      expect({ status: again.status, replayed: again.headers.get('idempotent-replayed'), caseStatus: again.body.petition.status })
        .toEqual({ status: r.status, replayed: 'true', caseStatus: r.caseStatus });
      const detail = await http().get(`/api/v1/petitions/${ids[i]}`, { authorization: `Bearer ${tokens.petitioner}` });
      expect(detail.body.petition.status).toBe(r.caseStatus);
    }
  }
  await expectFinishedAndConsistent(stack, ids, baseline);
}, 120_000);

test('kill -9 of the Temporal dev server twice in mid-lifecycle: it resumes from its file, the worker reconnects, every case closes', async () => {
  const health = async () => (await httpClient(stack.api!.url).get('/healthz')).status;
  const worker = stack.worker!;
  /** Starts the step for every petition, kills the server while they are in flight, brings it back. */
  const withServerCrash = async <T>(work: () => Promise<T>): Promise<T> => {
    const inFlight = work();
    inFlight.catch(() => undefined); // awaited below
    await sleep(Math.floor(Math.random() * 60));
    await stack.devServer.kill9();
    await sleep(500); // down for a moment: pollers, the API's connection and the driver's calls fail meanwhile
    await stack.devServer.start(); // the same file on the same port
    return inFlight;
  };

  const ids = await Promise.all([1, 2, 3, 4].map(() => driver.register()));
  for (const step of HAPPY_PATH) {
    const all = () => Promise.all(ids.map((id) => driver.act(id, step)));
    await (step.action === 'assign' || step.action === 'withdraw' ? withServerCrash(all) : all());
  }
  expect(worker.running()).toBe(true); // the same worker process throughout: it reconnected by itself
  await eventually(async () => ((await health()) === 200 ? true : undefined), 'the API to see Temporal again');
  await expectFinishedAndConsistent(stack, ids, baseline);
}, 150_000);

function reconcileCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/ops/reconcileCli.ts', ...args], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, TEMPORAL_ADDRESS: stack.devServer.address, DATABASE_URL: `file:${stack.dbFile}`, ...TEST_PAYLOAD_ENV },
      timeout: 60_000,
    }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 2) : 0, stdout, stderr }));
  });
}

test('reconcile bites: a wrong status, a lost event, a lost notice, a lost row and a row without workflow are found; --repair mends what the workflows know', async () => {
  const [wrongStatus, lostNotice, lostRow] = await Promise.all([1, 2, 3].map(() => driver.run()));
  const running = await driver.register();
  for (const step of HAPPY_PATH.slice(0, 2)) await driver.act(running, step); // in handling, queried live
  const phantom = crypto.randomUUID();

  const sqlite = new Database(stack.dbFile);
  try {
    sqlite.prepare(`UPDATE Petition SET status = 'in_handling' WHERE id = ?`).run(wrongStatus);
    sqlite.prepare(`DELETE FROM Notification WHERE key = ?`).run(`${lostNotice}:8:petitioner:closing`);
    sqlite.prepare(`DELETE FROM PetitionEvent WHERE petitionId = ? AND seq = 3`).run(running);
    sqlite.prepare(`UPDATE Petition SET officerId = 'someone-else' WHERE id = ?`).run(running);
    sqlite.prepare(`DELETE FROM PetitionEvent WHERE petitionId = ?`).run(lostRow);
    sqlite.prepare(`DELETE FROM Petition WHERE id = ?`).run(lostRow);
    sqlite.prepare(`INSERT INTO Petition (id, workflowId, queryCode, matterKey, status, class, channel, petitionerName, petitionerContact, title, content, receivedAt, lastSeq, updatedAt)
      VALUES (?, ?, ?, 'm', 'in_handling', 'claim', 'online', 'x', 'x', 'x', 'x', 0, 1, 0)`).run(phantom, `petition-${phantom}`, phantom.slice(0, 10));
  } finally {
    sqlite.close();
  }

  const report = await stack.reconcile({ settleMs: 200 });
  expect(report.mismatches).toEqual(expect.arrayContaining([
    { petitionId: wrongStatus, field: 'status', projection: 'in_handling', workflow: 'closed' },
    { petitionId: lostNotice, field: 'notice:8:petitioner:closing', projection: null, workflow: 'closing' },
    { petitionId: running, field: 'officerId', projection: 'someone-else', workflow: 'officer-li' },
    { petitionId: running, field: 'event:3', projection: null, workflow: 'assigned' },
  ]));
  expect(report.mismatches).toHaveLength(4);
  expect(report).toMatchObject({ missingRows: [lostRow], missingWorkflows: [phantom], errors: [] });

  const cli = await reconcileCli(['--settle-ms', '200']);
  expect(cli.code).toBe(1);
  expect(cli.stdout).toContain('INCONSISTENT');
  for (const id of [wrongStatus, lostNotice, running, lostRow, phantom]) expect(cli.stdout).toContain(id);

  const repair = await reconcileCli(['--repair', '--json', '--settle-ms', '200']);
  expect(repair.code).toBe(1); // the row without a workflow stays: there is nothing to rebuild it from
  const repaired = JSON.parse(repair.stdout) as ReconcileReport;
  expect(repaired).toMatchObject({ mismatches: [], missingRows: [], missingWorkflows: [phantom], errors: [] });
  expect(repaired.repaired).toEqual([wrongStatus, lostNotice, lostRow, running].sort());

  await stack.db.petition.delete({ where: { id: phantom } });
  const clean = await stack.reconcile();
  expect(exitCodeOf(clean)).toBe(0);
  expect(formatReport(clean, stack.dbFile)).toMatch(/\nCONSISTENT$/);
}, 120_000);
