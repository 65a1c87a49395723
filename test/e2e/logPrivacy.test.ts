// The logs of the worker and the API, at debug level, as ops read and ship them: a report's lifecycle with
// a supervision notice, an appeal, refusals and a projection write that fails and is retried leaves no
// trace of the reporter's name, contact, ID number, title or text in either.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { DEMO_USERS, seedDemoOrganisation } from '../../src/accounts/demo';
import type { CaseView } from '../../src/domain';
import { CrashStack } from '../crash/stack';
import { actionPath, OPINION } from '../support/apiFixtures';
import { httpClient } from '../support/http';
import { plaintextIn } from '../support/rawHistory';

const REPORTER = { name: '诸葛清源 Zhuge-Qingyuan', contact: 'qingyuan.zhuge-4410@example.cn', idNumber: '32010219850611447X', address: '鼓楼区中山路9号 Zhongshan-Rd-9' };
const TITLE = '举报街道办截留低保金 OKAPI-TITLE-2288';
const CONTENT = '街道办主任截留低保金共计十二万元 OKAPI-CONTENT-6170。';
const SECRETS = ['诸葛清源', 'Zhuge-Qingyuan', REPORTER.contact, REPORTER.idNumber, '鼓楼区中山路9号', 'Zhongshan-Rd-9', 'OKAPI-TITLE-2288', '截留低保金', 'OKAPI-CONTENT-6170'];

const stack = new CrashStack('logs');
const token = (id: string) => DEMO_USERS.find((u) => u.id === id)!.token;
const as = (id: string) => httpClient(stack.api!.url, { authorization: `Bearer ${token(id)}` });

beforeAll(async () => {
  // Short lock waits in the worker, so that a held lock fails a projection write quickly (it is then retried).
  await stack.setup({ api: { LOG_LEVEL: 'debug' }, worker: { LOG_LEVEL: 'debug', SQLITE_BUSY_TIMEOUT_MS: '300' } });
  await seedDemoOrganisation(stack.db);
}, 120_000);

afterAll(async () => {
  await stack.teardown();
});

test('the worker\'s and the API\'s debug logs hold none of the reporter\'s data', async () => {
  const submitted = await as('petitioner-liu').post('/api/v1/petitions', { class: 'report', title: TITLE, content: CONTENT, petitioner: REPORTER, unitId: 'unit-labour' });
  expect(submitted.status).toBe(201);
  const id = (submitted.body.petition as CaseView).id;
  const step = async (user: string, action: string, body: Record<string, unknown>, expected: number) => {
    const res = await as(user).post(actionPath(id, action), body);
    expect([action, res.status]).toEqual([action, expected]);
  };
  await step('intake-wang', 'accept', { unitId: 'unit-labour', officerId: 'officer-li' }, 200);
  await step('supervisor-zhao', 'supervise', { instruction: `请答复举报人${REPORTER.name}` }, 202);

  // The projection write of the reply fails while the database is locked, and is retried. (The officer's
  // token is used once before: the API writes its last use, and that write must not be what waits.)
  expect((await as('officer-li').get(`/api/v1/petitions/${id}`)).status).toBe(200);
  const lock = new Database(stack.dbFile);
  lock.exec('BEGIN IMMEDIATE');
  const replying = step('officer-li', 'reply', { ...OPINION, text: `${REPORTER.name}（${REPORTER.idNumber}）举报属实。` }, 200);
  await sleep(2_500);
  lock.exec('ROLLBACK');
  lock.close();
  await replying;

  // Refusals carrying the data: an action the state does not allow, a field too long, a request from the wrong role.
  await step('officer-li', 'reply', { ...OPINION, text: `再次答复${REPORTER.name}` }, 409);
  await step('officer-li', 'evaluate', { rating: 'dissatisfied', comment: REPORTER.idNumber }, 403);
  const tooLong = await as('intake-wang').post('/api/v1/petitions', { class: 'report', title: TITLE, content: CONTENT, petitioner: { ...REPORTER, name: REPORTER.name.repeat(20) } });
  expect(tooLong.status).toBe(400);
  await step('petitioner-liu', 'evaluate', { rating: 'dissatisfied', comment: `本人${REPORTER.name}不满意` }, 200);
  await step('petitioner-liu', 'requestReview', { reason: `身份证号${REPORTER.idNumber}` }, 200);

  const logs = fs.readdirSync(stack.dir).filter((f) => /^(worker-\d+|api)\.log$/.test(f)).map((f) => ({ f, text: fs.readFileSync(path.join(stack.dir, f)) }));
  expect(logs.map((l) => l.f).sort()).toEqual(['api.log', 'worker-1.log']);
  // Debug output was on, and the retried write was logged: the check reads real log lines.
  const worker = logs.find((l) => l.f === 'worker-1.log')!.text.toString('utf8');
  expect(worker).toMatch(/DEBUG/);
  expect(worker).toMatch(/Activity failed.*attempt=1.*activityType=recordCaseChange/);
  expect(logs.map((l) => ({ file: l.f, found: plaintextIn(l.text, SECRETS) }))).toEqual([
    { file: 'api.log', found: [] },
    { file: 'worker-1.log', found: [] },
  ]);
}, 120_000);
