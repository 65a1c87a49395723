/// <reference lib="dom" />
// Real headless Chromium (Debian's `chromium`) driven by playwright-core, for the console's end-to-end
// tests: sign-in as a demo user, accessibility checks with axe-core, screenshots, CSP violations.
import fs from 'node:fs';
import { expect } from '@jest/globals';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_USERS } from '../../src/accounts/demo';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
/** Every page's screenshot (ignored); the README's three are copied to docs/console with UPDATE_DOCS_SCREENSHOTS=1. */
export const SHOTS_DIR = path.join(ROOT, '.cache', 'console-screenshots');
export const DOCS_SHOTS_DIR = path.join(ROOT, 'docs', 'console');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`);
  // playwright-core starts Chromium on a fresh temporary profile (its own --user-data-dir) every launch.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export interface Session { context: BrowserContext; page: Page; cspViolations: string[]; pageErrors: string[] }

/** A fresh browser context (its own storage): one person at one screen, in a language. */
export async function openSession(browser: Browser, baseUrl: string, opts: { width?: number; height?: number; language?: 'zh-CN' | 'en' } = {}): Promise<Session> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 }, locale: opts.language ?? 'zh-CN' });
  await context.addInitScript((lng) => {
    localStorage.setItem('petition-console.language', lng);
    document.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  }, opts.language ?? 'zh-CN');
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.text().startsWith('CSP violation')) cspViolations.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page, cspViolations, pageErrors };
}

const tokenOf = (user: string) => DEMO_USERS.find((u) => u.id === user)?.token ?? user;
/** The demo users' public passwords (README). */
export const passwordOf = (user: string) => `demo-${user}-pass`;

/** Signs in on the sign-in page with user name and password: a session cookie, writes with X-CSRF-Token. */
export async function signIn(page: Page, user: string, next = '/'): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.locator('#signin-username').fill(user);
  await page.locator('#signin-password').fill(passwordOf(user));
  await page.locator('#signin-password').press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/** The console's development sign-in: an API token (bearer), e.g. the README's demo tokens. */
export async function signInWithToken(page: Page, user: string, next = '/'): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole('tab', { name: /令牌|Token/ }).click();
  await page.locator('#signin-token').fill(tokenOf(user));
  await page.locator('#signin-token').press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

export async function switchLanguage(page: Page, to: 'zh-CN' | 'en'): Promise<void> {
  await page.getByText(to === 'en' ? 'English' : '中文', { exact: true }).first().click();
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string; help: string; nodes: string[] }

/** axe-core on the page as it is: the serious and critical violations (none expected). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not a <script>: the page's CSP stays as strict as served.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** axe-core finds no serious or critical violation, and the page broke no CSP rule and threw no error; a screenshot is saved. */
export async function checkPage(s: Session, name: string, docs = false): Promise<void> {
  await s.page.waitForLoadState('networkidle');
  await screenshot(s.page, name, docs);
  expect({ page: name, violations: await seriousViolations(s.page) }).toEqual({ page: name, violations: [] });
  expect({ page: name, csp: s.cspViolations }).toEqual({ page: name, csp: [] });
  expect({ page: name, errors: s.pageErrors }).toEqual({ page: name, errors: [] });
}

export async function screenshot(page: Page, name: string, docs = false): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    fs.mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_SHOTS_DIR, `${name}.png`), fullPage: false });
  }
}
