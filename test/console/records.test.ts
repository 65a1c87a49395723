/// <reference lib="dom" />
// The case's records in the console, in real headless Chromium against the real API, worker and dev
// server: files attached on intake and on an action (uploaded, listed, downloaded with the same bytes),
// internal notes (staff write, the admin reads), the printable documents the case has issued (HTML and
// PDF), the server's CSV of the inbox, the board and the statistics, and the portal's "lost your query
// code?" form. Each step clicks and types, and checks the page and the API's state.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { act, expectOk, staffView } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { choose, fill, openAction, submit } from './actions';
import { checkPage, launchBrowser, openSession, signIn, signInWithToken, type Session } from './browser';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
const STEP_MS = 180_000;

let stack: ApiStack;
let browser: Browser;
const sessions: Session[] = [];
const TITLE = `工伤待遇未落实 Injury benefits ${Date.now().toString(36)}`;
const CONTACT = '13900007788';
const SCAN = Buffer.from('来信扫描件：工伤认定决定书 第 2026-118 号\nScanned letter: the work-injury decision.\n', 'utf8');
const SIGNED_REPLY = Buffer.from('处理意见书签收回执 Signed receipt of the reply\n', 'utf8');
let petitionId = '';
let queryCode = '';

async function session(opts: Parameters<typeof openSession>[2] = {}): Promise<Session> {
  const s = await openSession(browser, stack.baseUrl, opts);
  sessions.push(s);
  return s;
}

/** Clicks a link that downloads, and answers the file's name and bytes. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

/** A CSV file's text: UTF-8 with the byte-order mark that makes a spreadsheet read Chinese right (the test client's text drops it). */
function csvText(bytes: Buffer): string {
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return bytes.subarray(3).toString('utf8');
}

const attachmentsOf = async (user = 'officer-li') =>
  expectOk(await stack.as(user).get(`/api/v1/petitions/${petitionId}/attachments`), 'attachments').body.attachments as Array<{ id: string; fileName: string; size: number; linkedVia: string }>;

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('the console is not built: npm test builds it (scripts/setup.mjs --test)');
  stack = await startApiStack({ console: { dir: WEB_DIST } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
});

test('intake attaches the scanned letter: a file of another type is refused with the reason, the case lists the letter and it downloads with the same bytes', async () => {
  const s = await session();
  await signIn(s.page, 'intake-wang', '/intake');
  await s.page.locator('#intake-title').fill(TITLE);
  await s.page.locator('#intake-content').fill('信访人来信反映工伤待遇未落实，附工伤认定决定书。The letter encloses the work-injury decision.');
  await s.page.locator('#intake-name').fill('周先生');
  await s.page.locator('#intake-contact').fill(CONTACT);
  await s.page.locator('#intake-unit').click();
  await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Labour Bureau' }).click();

  const files = s.page.locator('input[type=file]');
  // Not a PNG, whatever its name says: the API recognises the type from the content.
  await files.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  const refused = s.page.locator('[data-upload-status="error"]');
  await refused.locator('[role=alert]').waitFor();
  await expect(refused.innerText()).resolves.toContain('photo.png');
  await files.setInputFiles({ name: '来信扫描件.txt', mimeType: 'text/plain', buffer: SCAN });
  await s.page.locator('[data-upload-status="done"]', { hasText: '来信扫描件.txt' }).waitFor();
  await checkPage(s, 'intake-attachments-zh');

  await s.page.getByTestId('intake-submit').click();
  queryCode = (await s.page.getByTestId('intake-query-code').innerText()).trim();
  await s.page.getByTestId('intake-open').click();
  await s.page.getByTestId('case-title').filter({ hasText: TITLE }).waitFor();
  petitionId = new URL(s.page.url()).pathname.split('/').pop()!;

  // Only the letter was attached, on the submission; the refused file never reached the case.
  expect(await attachmentsOf()).toEqual([expect.objectContaining({ fileName: '来信扫描件.txt', size: SCAN.length, linkedVia: 'submission', mediaType: 'text/plain' })]);

  await s.page.getByRole('tab', { name: '附件' }).click();
  const link = s.page.getByTestId('case-attachments').getByRole('link', { name: '来信扫描件.txt' });
  await link.waitFor();
  await expect(s.page.getByTestId('case-attachments').innerText()).resolves.toContain('登记时提交');
  await expect(download(s.page, link)).resolves.toEqual({ name: '来信扫描件.txt', bytes: SCAN });
  await checkPage(s, 'case-attachments-zh');
}, STEP_MS);

test('internal notes: a supervisor writes one in English, the case officer reads it through the API, the admin reads it without a form', async () => {
  const s = await session({ language: 'en' });
  await signIn(s.page, 'supervisor-zhao', `/cases/${petitionId}`);
  await s.page.getByTestId('case-title').filter({ hasText: TITLE }).waitFor();
  await s.page.getByRole('tab', { name: 'Internal notes' }).click();
  await s.page.getByText('No notes yet').waitFor();
  await s.page.locator('#note-text').fill('Called the employer: the insurer has the file since May.');
  await s.page.getByRole('button', { name: 'Save note' }).click();
  const notes = s.page.getByTestId('case-notes');
  await notes.getByText('Called the employer: the insurer has the file since May.').waitFor();
  await expect(notes.innerText()).resolves.toContain('赵督办 Zhao');
  await expect(s.page.locator('#note-text').inputValue()).resolves.toBe('');
  await checkPage(s, 'case-notes-en');

  const listed = expectOk(await stack.as('officer-li').get(`/api/v1/petitions/${petitionId}/notes`), 'notes').body.notes;
  expect(listed).toEqual([expect.objectContaining({ authorId: 'supervisor-zhao', text: 'Called the employer: the insurer has the file since May.' })]);
  // Never in the public view.
  expect(JSON.stringify((await stack.http.get(`/api/v1/tracking/${queryCode}`)).body)).not.toContain('insurer');

  const a = await session();
  await signIn(a.page, 'admin', `/cases/${petitionId}`);
  await a.page.getByRole('tab', { name: '内部备注' }).click();
  await a.page.getByText('Called the employer: the insurer has the file since May.').waitFor();
  await a.page.getByText('管理员只能查看备注。').waitFor();
  expect(await a.page.locator('#note-text').count()).toBe(0);
  await checkPage(a, 'case-notes-admin-zh');
}, STEP_MS);

test('documents: only those the case has issued are offered; the acceptance notice prints as HTML and PDF; a reply with a signed receipt attached adds the reply', async () => {
  await act(stack, 'officer-li', await staffView(stack, petitionId), 'accept', { officerId: 'officer-li' });
  // What the API answers for a document not issued yet (the console does not offer it).
  expect((await stack.as('officer-li').get(`/api/v1/petitions/${petitionId}/documents/reply`)).status).toBe(404);

  const s = await session();
  await signIn(s.page, 'officer-li', `/cases/${petitionId}`);
  await s.page.getByTestId('case-title').filter({ hasText: TITLE }).waitFor();
  await s.page.getByRole('tab', { name: '文书' }).click();
  const printable = s.page.getByTestId('printable-documents');
  await printable.waitFor();
  expect(await printable.locator('[data-printable]').evaluateAll((els) => els.map((e) => e.getAttribute('data-printable')))).toEqual(['acceptance']);

  const [tab] = await Promise.all([s.page.waitForEvent('popup'), printable.getByRole('link', { name: '打印: 受理告知书' }).click()]);
  await tab.waitForLoadState();
  const printed = await tab.locator('body').innerText();
  expect(printed).toContain('受理告知书');
  expect(printed).toContain(queryCode);
  await tab.close();
  // The PDF link, with the same cookie the page has.
  const pdf = await s.context.request.get(`${stack.baseUrl}${await printable.getByRole('link', { name: 'PDF: 受理告知书' }).getAttribute('href')}`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await checkPage(s, 'case-documents-zh');

  // The action panel's form offers the files of its attachmentIds field.
  const reply = await openAction(s.page, 'reply');
  await choose(reply, '支持');
  await fill(reply, 'facts', '经查，工伤保险待遇尚未核发。');
  await fill(reply, 'legalBasis', '《工伤保险条例》第六十二条');
  await fill(reply, 'text', '责成经办机构于十五日内核发工伤保险待遇。');
  await reply.locator('input[type=file]').setInputFiles({ name: '签收回执.txt', mimeType: 'text/plain', buffer: SIGNED_REPLY });
  await reply.locator('[data-upload-status="done"]').waitFor();
  await submit(s.page, reply);
  await eventually(async () => ((await attachmentsOf()).some((f) => f.linkedVia === 'reply') ? true : undefined), 'the attachment of the reply');
  expect((await attachmentsOf()).map((f) => [f.fileName, f.linkedVia])).toEqual([['来信扫描件.txt', 'submission'], ['签收回执.txt', 'reply']]);
  await printable.locator('[data-printable="reply"]').waitFor();
  expect(await printable.locator('[data-printable]').evaluateAll((els) => els.map((e) => e.getAttribute('data-printable')))).toEqual(['acceptance', 'reply']);

  // Signed in with a token (which a link cannot carry), the download is fetched with it: the same bytes.
  const t = await session();
  await signInWithToken(t.page, 'officer-li', `/cases/${petitionId}`);
  await t.page.getByRole('tab', { name: '附件' }).click();
  await expect(download(t.page, t.page.getByRole('link', { name: '签收回执.txt' }))).resolves.toEqual({ name: '签收回执.txt', bytes: SIGNED_REPLY });
}, STEP_MS);

test('CSV exports are the server\'s: the inbox with its filters, the board and the statistics of the chosen period', async () => {
  const s = await session();
  await signIn(s.page, 'officer-li', '/cases?q=' + encodeURIComponent('工伤待遇未落实'));
  await s.page.getByRole('link', { name: TITLE }).waitFor();
  const inboxLink = s.page.getByTestId('inbox-csv');
  const href = (await inboxLink.getAttribute('href'))!;
  expect(new URL(href, stack.baseUrl).searchParams.get('q')).toBe('工伤待遇未落实');
  const inbox = await download(s.page, inboxLink);
  expect(inbox.name).toMatch(/^petitions-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvText(inbox.bytes).trim().split(/\r\n/);
  expect(lines).toHaveLength(2); // the header and the one case the search matches
  expect(lines[0]).toContain('查询码 queryCode');
  expect(lines[1]).toContain(queryCode);
  expect(lines[1]).toContain(TITLE);
  // The same file the API gives for the same query.
  expect(csvText(inbox.bytes)).toBe(expectOk(await stack.as('officer-li').get(href), 'inbox csv').body);

  // On the board once escalated.
  const sup = await session();
  expectOk(await stack.as('supervisor-zhao').post(`/api/v1/petitions/${petitionId}/actions/escalate`, { reason: 'Benefits overdue for months', level: 1 }), 'escalate');
  await eventually(async () => ((await staffView(stack, petitionId)).escalationLevel === 1 ? true : undefined), 'the escalation');
  await signIn(sup.page, 'supervisor-zhao', '/board');
  await sup.page.getByRole('link', { name: TITLE }).waitFor();
  const board = await download(sup.page, sup.page.getByTestId('board-csv'));
  expect(csvText(board.bytes)).toContain(queryCode);
  expect(csvText(board.bytes)).toBe(expectOk(await stack.as('supervisor-zhao').get('/api/v1/board?format=csv'), 'board csv').body);

  await sup.page.getByRole('link', { name: '统计分析' }).click();
  await sup.page.locator('canvas').first().waitFor();
  const statsLink = sup.page.getByTestId('statistics-csv');
  const stats = await download(sup.page, statsLink);
  const text = csvText(stats.bytes);
  expect(text).toContain('合计 total');
  expect(text.split(/\r\n/).find((l) => l.includes('unit-labour'))).toMatch(/,"unit-labour","[1-9]/); // received at least this case
  expect(text).toBe(expectOk(await stack.as('supervisor-zhao').get((await statsLink.getAttribute('href'))!), 'statistics csv').body);
  await checkPage(sup, 'statistics-csv-zh');
}, STEP_MS);

test('a petitioner who lost the query code asks for it on her phone: the page says the same whatever matched, and the code goes to the contact on file', async () => {
  const s = await session({ width: 390, height: 844 });
  await s.page.goto('/portal/track');
  await s.page.getByTestId('lost-code').click();
  await s.page.locator('#resend-contact').fill(CONTACT);
  await s.page.getByRole('button', { name: '发送查询码' }).click();
  await s.page.getByText('请填写标题或身份证号').waitFor(); // the title or the ID number as well, as the API asks
  await s.page.locator('#resend-title').fill(TITLE);
  await s.page.getByRole('button', { name: '发送查询码' }).click();
  await s.page.getByTestId('resend-sent').waitFor();
  expect(await s.page.locator('main').innerText()).not.toContain(queryCode);
  const sent = await eventually(async () => {
    const rows = await stack.db.notification.findMany({ where: { petitionId, kind: 'query_code_resent' } });
    return rows.length ? rows : undefined;
  }, 'the notice in the outbox');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ recipient: 'petitioner', channel: 'sms' });
  expect(JSON.parse(sent[0]!.body)).toMatchObject({ queryCode });
  await checkPage(s, 'portal-resend-zh');
  expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Details that match nothing: the same message, and nothing sent.
  await s.page.locator('#resend-contact').fill('13900000000');
  await s.page.locator('#resend-title').fill('No such petition');
  const [answer] = await Promise.all([
    s.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tracking/resend'),
    s.page.getByRole('button', { name: '发送查询码' }).click(),
  ]);
  expect(answer.status()).toBe(202);
  await s.page.getByTestId('resend-sent').waitFor();
  expect(await stack.db.notification.count({ where: { kind: 'query_code_resent' } })).toBe(1);
}, STEP_MS);
