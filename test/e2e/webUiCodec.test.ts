// The Temporal Web UI in headless Chromium, started as `npm start` starts it (--ui-codec-endpoint at the
// API): an admin opening a petition's workflow sees its input in clear; a case officer and a caller
// without credentials see only ciphertext, and the codec endpoint refused them.
//
// How the browser signs in: the Web UI can only send the browser's cookies to a codec server. Until the
// API's sign-in sessions exist, the codec requests carry the user's bearer token instead, added on the way
// out (`signIn` below); the codec endpoint resolves either the same way. With sessions, `signIn` sets the
// session cookie and nothing else here changes.
import type { Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_USERS } from '../../src/accounts/demo';
import { CODEC_PATH } from '../../src/api/routes/codec';
import { workflowIdFor } from '../../src/temporal/ids';
import { expectOk, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { rawRuns } from '../support/rawHistory';
import { codeViewerText, launchChromium, pageText, until, useCodecWithCredentials, waitForText } from '../support/webUi';

const NAME = '司马见微 Sima-Jianwei';
let stack: ApiStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let workflowId: string;
/** The start of the encrypted registration input as the server holds it (base64): what a refused caller sees. */
let ciphertext: string;

beforeAll(async () => {
  stack = await startApiStack({ webUi: true });
  const c = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ petitioner: { name: NAME, contact: '13700000004' } })), 'submission').body.petition;
  workflowId = workflowIdFor(c.id);
  const [run] = await rawRuns(stack.env.connection as Connection, 'default', workflowId);
  ciphertext = Buffer.from(run!.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!).toString('base64').slice(0, 40);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.dispose();
  await stack?.close();
});

/** The user's credentials on the browser's requests to the codec endpoint (see the note at the top). */
async function signIn(context: BrowserContext, user: string): Promise<void> {
  const token = DEMO_USERS.find((u) => u.id === user)!.token;
  await context.route(`${stack.baseUrl}${CODEC_PATH}/**`, (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }));
}

/** Opens the workflow's page as the given user (or nobody); returns the page and the codec's answers. */
async function openWorkflow(b: Browser, user?: string): Promise<{ page: Page; codecStatuses: number[]; close(): Promise<void> }> {
  const context = await b.newContext();
  await useCodecWithCredentials(context, `${stack.baseUrl}${CODEC_PATH}`); // the admin's one-time Web UI setting
  if (user) await signIn(context, user);
  const page = await context.newPage();
  const codecStatuses: number[] = [];
  page.on('response', (r) => { if (r.url().includes(`${CODEC_PATH}/decode`)) codecStatuses.push(r.status()); });
  await page.goto(`${stack.uiUrl}/namespaces/default/workflows/${workflowId}`);
  return { page, codecStatuses, close: () => context.close() };
}

test('an admin sees the petition\'s input decoded in the Web UI', async () => {
  const { page, codecStatuses, close } = await openWorkflow(browser, 'admin');
  await until(async () => (await codeViewerText(page)).includes(NAME), 'the petitioner\'s name in the Input pane');
  expect(codecStatuses.length).toBeGreaterThan(0);
  expect(codecStatuses.every((s) => s === 200)).toBe(true);
  await close();
}, 120_000);

test.each([['a case officer', 'officer-li', 403], ['a caller without credentials', undefined, 401]])('%s sees only ciphertext: the codec endpoint refuses', async (_who, user, status) => {
  const { page, codecStatuses, close } = await openWorkflow(browser, user);
  await waitForText(page, ciphertext); // the Input pane, shown as the server holds it
  await until(() => codecStatuses.length > 0, 'the Web UI to ask the codec endpoint');
  expect(new Set(codecStatuses)).toEqual(new Set([status]));
  expect(await pageText(page)).not.toContain('司马见微');
  expect(await codeViewerText(page)).not.toContain('司马见微');
  await close();
}, 120_000);
