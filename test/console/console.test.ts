/// <reference lib="dom" />
// The console end to end, in real headless Chromium against the real API, worker and Temporal dev server,
// the built console served by the same app: every step by clicking and typing, asserted on the page and
// on the API's state; axe-core on every page, the action panel by keyboard only, a 390-pixel portal and
// both languages, with a screenshot of each page (.cache/console-screenshots).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { choose, fill, openAction, panel, pick, submit } from './actions';
import { checkPage, launchBrowser, openSession, signIn, switchLanguage, type Session } from './browser';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
const STEP_MS = 180_000;

let stack: ApiStack;
let browser: Browser;
const sessions: Session[] = [];
const TITLE = `宏达公司拖欠工资 Unpaid wages ${Date.now().toString(36)}`;
let petitionId = '';
let queryCode = '';

const caseOf = async (user = 'supervisor-zhao') => (await stack.as(user).get(`/api/v1/petitions/${petitionId}`)).body.petition;

async function session(opts: Parameters<typeof openSession>[2] = {}): Promise<Session> {
  const s = await openSession(browser, stack.baseUrl, opts);
  sessions.push(s);
  return s;
}

async function openCaseFromInbox(page: Page): Promise<void> {
  await page.goto('/cases');
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByTestId('case-title').filter({ hasText: TITLE }).waitFor();
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('the console is not built: npm test builds it (scripts/setup.mjs --test)');
  stack = await startApiStack({ console: { dir: WEB_DIST, temporalUiUrl: 'http://127.0.0.1:8233' } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
});

test('the portal on a 390-pixel phone: a signed-in petitioner submits online and is given the query code', async () => {
  const s = await session({ width: 390, height: 844 });
  await s.page.goto('/portal');
  await s.page.getByRole('heading', { name: '网上信访' }).waitFor();
  await checkPage(s, 'portal-home-zh');
  // No horizontal scrolling on a phone.
  expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await signIn(s.page, 'petitioner-liu', '/portal/mine');
  await s.page.getByRole('link', { name: '提交信访' }).click();
  await s.page.locator('#portal-title').fill(TITLE);
  await s.page.locator('#portal-content').fill('公司自今年三月起拖欠工资，多次讨要无果。The company has not paid wages since March.');
  await s.page.locator('#portal-name').fill('刘女士');
  await s.page.locator('#portal-contact').fill('13900001111');
  await checkPage(s, 'portal-submit-zh');
  expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await s.page.getByRole('button', { name: '我要信访' }).click();
  queryCode = (await s.page.getByTestId('portal-query-code').innerText()).trim();
  expect(queryCode).toMatch(/^[A-Z0-9]{6,}$/);
  await checkPage(s, 'portal-submitted-zh');

  const mine = await stack.as('petitioner-liu').get('/api/v1/petitions');
  const row = mine.body.items.find((p: { queryCode: string }) => p.queryCode === queryCode);
  expect(row).toMatchObject({ title: TITLE, channel: 'online', status: 'registered' });
  petitionId = row.id;
}, STEP_MS);

test('an intake officer registers her visit: the console warns of the likely repeat, records it on the open case, and routes the case to the labour bureau', async () => {
  const s = await session();
  await signIn(s.page, 'intake-wang');
  await s.page.getByRole('link', { name: '来信来访登记' }).click();
  await s.page.locator('#intake-title').fill(TITLE);
  await s.page.locator('#intake-content').fill('信访人来访，反映同一欠薪事项。She came in person about the same unpaid wages.');
  await s.page.locator('#intake-name').fill('刘女士');
  await s.page.locator('#intake-contact').fill('13900001111');
  await s.page.getByTestId('intake-identity-checked').check(); // she showed her ID card at the counter
  await s.page.getByTestId('intake-submit').click();
  const warning = s.page.getByTestId('repeat-warning');
  await warning.waitFor();
  await expect(warning.innerText()).resolves.toContain(queryCode);
  await checkPage(s, 'intake-repeat-warning-zh');

  await s.page.getByTestId('intake-submit').click(); // registered anyway: recorded on the open case
  await s.page.getByText('已记入在办事项（重复信访）').waitFor();
  await s.page.getByTestId('intake-open').click();
  await s.page.getByTestId('case-title').filter({ hasText: TITLE }).waitFor();
  const linked = await caseOf('intake-wang');
  expect(linked.linkedSubmissions).toEqual([expect.objectContaining({ channel: 'visit' })]);

  const form = await openAction(s.page, 'route');
  await pick(form, 'toUnitId', 'Labour Bureau');
  await fill(form, 'reason', '属劳动保障部门职责 A labour matter');
  await submit(s.page, form);
  await s.page.locator('[data-status="routed"]').first().waitFor();
  expect(await caseOf()).toMatchObject({ status: 'routed', unitId: 'unit-labour' });
}, STEP_MS);

test('the case officer finds it in his cases, accepts it and requests an extension with the keyboard only', async () => {
  const s = await session();
  await signIn(s.page, 'officer-li');
  await s.page.getByRole('link', { name: TITLE }).waitFor();
  // The routed case's running clock is the labour bureau's objection window: five working days from today.
  const row = s.page.locator('tr', { has: s.page.getByRole('link', { name: TITLE }) });
  await expect(row.locator('[data-counts="working_days"]').innerText()).resolves.toBe('还剩 5 个工作日');
  await checkPage(s, 'inbox-zh', true);
  await openCaseFromInbox(s.page);

  const accept = await openAction(s.page, 'accept');
  await pick(accept, 'officerId', 'officer-li');
  await submit(s.page, accept);
  await s.page.locator('[data-status="in_handling"]').first().waitFor();
  expect(await caseOf('officer-li')).toMatchObject({ status: 'in_handling', officerId: 'officer-li' });

  // Keyboard only: Tab to the action, Enter opens its form with the first field focused, Tab between
  // fields, Enter submits.
  await s.page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 80; i++) {
    await s.page.keyboard.press('Tab');
    if (await s.page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'requestExtension')) break;
  }
  expect(await s.page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('requestExtension');
  await s.page.keyboard.press('Enter');
  await s.page.getByTestId('action-form-requestExtension').waitFor();
  expect(await s.page.evaluate(() => document.activeElement?.id)).toBe('field-days');
  await s.page.keyboard.type('10');
  await s.page.keyboard.press('Tab');
  expect(await s.page.evaluate(() => document.activeElement?.id)).toBe('field-reason');
  await s.page.keyboard.type('需要调取三个月的考勤记录 Attendance records are needed');
  // Past the attachment picker to the submit button.
  for (let i = 0; i < 5; i++) {
    await s.page.keyboard.press('Tab');
    if (await s.page.evaluate(() => document.activeElement?.getAttribute('type') === 'submit')) break;
  }
  expect(await s.page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');
  await s.page.keyboard.press('Enter'); // the focused submit button
  await panel(s.page).locator('[role=status]').waitFor();
  const c = await caseOf('officer-li');
  expect(c.pendingExtension).toMatchObject({ days: 10, requestedBy: 'officer-li' });
  await checkPage(s, 'case-detail-officer-zh');
}, STEP_MS);

test('a supervisor, working in English, reads the notice of the extension request, approves the extension and escalates on the case, then supervises from the board', async () => {
  const s = await session({ language: 'en' });
  await signIn(s.page, 'supervisor-sun');
  await s.page.getByRole('heading', { name: 'My cases' }).waitFor();
  // The extension request reached the supervisor's notices, unread, linked to the case.
  await s.page.getByRole('link', { name: /^Notices/ }).click();
  const notice = s.page.locator('[data-notice="extension_requested"][data-read="false"]', { has: s.page.getByRole('link', { name: TITLE }) });
  await notice.waitFor();
  await checkPage(s, 'notices-en');
  await notice.getByRole('button', { name: 'Mark read' }).click();
  await s.page.locator('[data-notice="extension_requested"][data-read="true"]', { has: s.page.getByRole('link', { name: TITLE }) }).waitFor();
  const inbox = await stack.as('supervisor-sun').get('/api/v1/notices?status=all&limit=100');
  expect(inbox.body.items.find((n: { petitionId: string; kind: string }) => n.petitionId === petitionId && n.kind === 'extension_requested')).toMatchObject({ read: true });
  await openCaseFromInbox(s.page);
  await s.page.getByText('Extension awaiting decision').waitFor();
  await checkPage(s, 'case-detail-en');

  const decide = await openAction(s.page, 'decideExtension');
  await choose(decide, 'Yes');
  await expect(submit(s.page, decide)).resolves.toContain('Sent: Decide extension');
  await eventually(async () => ((await caseOf()).clocks.find((k: { kind: string; running: boolean }) => k.kind === 'handling' && k.running)?.extensionDays === 10 ? true : undefined), 'the approved extension');

  await s.page.reload();
  const escalate = await openAction(s.page, 'escalate');
  await fill(escalate, 'reason', 'Wages owed to many workers: handle with priority');
  await fill(escalate, 'level', 1);
  await submit(s.page, escalate);
  await eventually(async () => ((await caseOf()).escalationLevel === 1 ? true : undefined), 'the escalation');

  await s.page.getByRole('link', { name: 'Supervision board' }).click();
  await s.page.getByRole('link', { name: TITLE }).waitFor();
  await checkPage(s, 'board-en', true);
  await s.page.locator(`[data-testid="board-act-${petitionId}"]`).click();
  const supervise = await openAction(s.page, 'supervise');
  await fill(supervise, 'instruction', 'Report progress within ten days');
  await submit(s.page, supervise);
  await eventually(async () => ((await caseOf()).supervision.length === 1 ? true : undefined), 'the supervision notice');

  // The other language: the same board in Chinese.
  await switchLanguage(s.page, 'zh-CN');
  await s.page.getByRole('heading', { name: '督办台' }).waitFor();
  await checkPage(s, 'board-zh');
  await s.page.getByRole('link', { name: '统计分析' }).click();
  await s.page.getByRole('heading', { name: '统计分析' }).waitFor();
  await s.page.locator('canvas').first().waitFor();
  await checkPage(s, 'statistics-zh');
  await switchLanguage(s.page, 'en');
  await s.page.getByRole('heading', { name: 'Statistics' }).waitFor();
  await checkPage(s, 'statistics-en');
}, STEP_MS);

test('the case officer answers the supervision notice and replies', async () => {
  const s = await session();
  await signIn(s.page, 'officer-li');
  await openCaseFromInbox(s.page);
  await checkPage(s, 'case-detail-zh', true);

  const answer = await openAction(s.page, 'answerSupervision');
  await fill(answer, 'answer', '已约谈企业负责人，十日内支付。');
  await submit(s.page, answer);

  const reply = await openAction(s.page, 'reply');
  await choose(reply, '支持');
  await fill(reply, 'facts', '经查，公司拖欠三月至五月工资属实。');
  await fill(reply, 'legalBasis', '《劳动合同法》第三十条');
  await fill(reply, 'text', '责令公司于十日内足额支付所欠工资。');
  await submit(s.page, reply);
  const c = await caseOf('officer-li');
  expect(c.reply).toMatchObject({ decision: 'support', by: 'officer-li' });
  expect(c.supervision[0].answeredAt).toEqual(expect.any(String));
}, STEP_MS);

test('the petitioner tracks by query code on her phone, then signs in, rates the reply dissatisfied and requests a review', async () => {
  const s = await session({ width: 390, height: 844 });
  await s.page.goto('/portal/track');
  await s.page.locator('#track-code').fill(queryCode.toLowerCase());
  await s.page.getByRole('button', { name: '查询', exact: true }).click();
  await s.page.getByTestId('public-title').filter({ hasText: TITLE }).waitFor();
  await s.page.locator('[data-document="reply"]').waitFor();
  await expect(s.page.locator('[data-document="reply"]').innerText()).resolves.toContain('责令公司于十日内足额支付所欠工资');
  await checkPage(s, 'portal-track-zh');
  expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The public view shows nothing internal.
  expect(await s.page.locator('main').innerText()).not.toContain('officer-li');

  await signIn(s.page, 'petitioner-liu', '/portal/mine');
  await s.page.getByRole('link', { name: TITLE }).click();
  const evaluate = await openAction(s.page, 'evaluate');
  await choose(evaluate, '不满意');
  await fill(evaluate, 'comment', '至今未收到工资。');
  await submit(s.page, evaluate);
  await eventually(async () => ((await caseOf()).evaluations.some((e: { rating: string }) => e.rating === 'dissatisfied') ? true : undefined), 'the rating');
  await checkPage(s, 'portal-case-zh');

  await s.page.reload();
  const review = await openAction(s.page, 'requestReview');
  await fill(review, 'reason', '公司仍未支付工资，申请复查。');
  await submit(s.page, review);
  const c = await caseOf();
  expect(c.status).toBe('in_review');
  expect(c.appeals).toEqual([expect.objectContaining({ stage: 'review' })]);
  expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}, STEP_MS);

test('the reviewing unit sees the case in review among its cases', async () => {
  const c = await caseOf();
  // Whoever holds the review: the unit the case is with now (rules v2 move it to the unit above).
  const reviewer = c.unitId === 'unit-labour' ? 'officer-li' : c.unitId === 'unit-housing' ? 'officer-chen' : 'supervisor-zhao';
  const s = await session();
  await signIn(s.page, reviewer);
  await s.page.goto('/cases');
  const row = s.page.locator('tr', { has: s.page.getByRole('link', { name: TITLE }) });
  await row.locator('[data-status="in_review"]').waitFor();
  await expect(row.innerText()).resolves.toContain('复查中');
}, STEP_MS);

test('the admin console and the English inbox pass the same checks', async () => {
  const s = await session({ language: 'en' });
  await signIn(s.page, 'supervisor-zhao');
  await s.page.getByRole('heading', { name: 'My cases' }).waitFor();
  await s.page.getByRole('link', { name: TITLE }).waitFor();
  await checkPage(s, 'inbox-en');
  // A saved filter is kept by the API for this user, and shown as a shortcut.
  await s.page.getByRole('textbox', { name: 'Filter name' }).fill('Open, by deadline');
  await s.page.getByTestId('save-filter').click();
  await s.page.getByRole('link', { name: 'Open, by deadline' }).waitFor();
  const filters = await stack.as('supervisor-zhao').get('/api/v1/filters');
  expect(filters.body.filters).toEqual([expect.objectContaining({ name: 'Open, by deadline', query: expect.stringContaining('sort=nextDeadline') })]);

  const a = await session({ language: 'en' });
  await signIn(a.page, 'admin');
  await a.page.getByRole('heading', { name: 'Administration' }).waitFor();
  await checkPage(a, 'admin-en');
  // A password reset shows the one-time password once; the user must change it at the next sign-in.
  await a.page.locator('[data-user="officer-chen"]').getByRole('button', { name: 'Reset password' }).click();
  await a.page.getByTestId('admin-secret').waitFor();
  const users = await stack.as('admin').get('/api/v1/admin/users');
  expect(users.body.users.find((u: { id: string }) => u.id === 'officer-chen')).toMatchObject({ password: 'one_time' });
}, STEP_MS);
