// The Temporal Web UI in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), as an
// operator would open it: for checking what each caller sees of the encrypted payloads.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags that work here; Playwright gives each launch a fresh profile. */
export async function launchChromium(): Promise<Browser & { dispose(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return Object.assign(browser, { dispose: () => browser.close().catch(() => undefined) });
}

/**
 * The Web UI's own codec setting (Codec Server: "use my browser setting", the endpoint, "Include
 * cross-origin credentials"), as an admin sets it once per browser so that the UI sends the session
 * cookie to the codec endpoint. Stored by the UI in localStorage.
 */
export async function useCodecWithCredentials(context: BrowserContext, endpoint: string): Promise<void> {
  // Functions run in the page (the Web UI's CSP forbids evaluating strings); this file is type-checked
  // without the DOM library, hence `globalThis`.
  await context.addInitScript((url: string) => {
    const storage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage;
    storage.setItem('overrideRemoteCodecConfiguration', 'true');
    storage.setItem('endpoint', JSON.stringify(url));
    storage.setItem('includeCredentials', 'true');
  }, endpoint);
}

const bodyText = (): string => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText;

/** The page's visible text. */
export const pageText = (page: Page): Promise<string> => page.evaluate(bodyText);

/** Waits until the page shows the text. */
export async function waitForText(page: Page, text: string, timeoutMs = 90_000): Promise<void> {
  await page.waitForFunction((t: string) => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(t), text, { timeout: timeoutMs });
}

/**
 * Everything the page's code viewers (the Input, Result and event panes) hold. They render only the lines
 * in view, so each is scrolled through.
 */
export async function codeViewerText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ scrollTop: number; scrollHeight: number; innerText: string }> } }).document;
    const seen: string[] = [];
    for (const scroller of doc.querySelectorAll('.cm-scroller')) {
      for (let top = 0; top <= scroller.scrollHeight; top += 200) {
        scroller.scrollTop = top;
        await new Promise((resolve) => setTimeout(resolve, 30));
        seen.push(scroller.innerText);
      }
    }
    return seen.join('\n');
  });
}

/** Polls until `probe` holds, or fails with `what`. */
export async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
