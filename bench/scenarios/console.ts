// The console's figures: how much JavaScript (gzip) the first screen downloads, and how long until the
// inbox shows its first rows with 10,000 cases in the caller's scope, in real headless Chromium against the
// bench stack's API (which serves the built console). The cases are projection rows written straight into
// the database, as the read side would have written them: the inbox reads only the projection.
/// <reference lib="dom" />
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Db } from '../../src/db/client';
import { say } from '../lib/progress';
import { summarise, type Summary } from '../lib/stats';

export interface ConsoleResult {
  cases: number;
  initialJsGzipKiB: number;
  initialJsFiles: number;
  initialCssGzipKiB: number;
  /** Navigation to /cases until the first row is on screen, with an empty browser cache. */
  firstInboxColdMs: Summary;
  /** The same on a reload (assets cached). */
  firstInboxWarmMs: Summary;
  samples: number;
}

const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
const DAY = 86_400_000;

/** What index.html makes the browser fetch before the first render: the entry, its preloads and the CSS. */
export function initialAssets(dist = WEB_DIST): { js: string[]; css: string[] } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const js = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  return { js, css };
}

const gzipKiB = (files: string[], dist = WEB_DIST) =>
  Math.round(files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, f.replace(/^\//, '')))).length, 0) / 102.4) / 10;

/** 10,000 open cases of the unit, with deadlines spread over the next two months and a few overdue. */
async function seedProjection(db: Db, unitId: string, officerId: string, count: number): Promise<void> {
  const now = Date.now();
  const statuses = ['registered', 'accepted', 'in_handling', 'in_handling', 'in_handling', 'awaiting_evaluation', 'in_review'];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, j) => {
      const i = start + j;
      const id = `bench-console-${i}-${crypto.randomBytes(4).toString('hex')}`;
      const receivedAt = new Date(now - (i % 90) * DAY - (i % 1440) * 60_000);
      const status = statuses[i % statuses.length]!;
      return {
        id, workflowId: `petition-${id}`, queryCode: crypto.randomBytes(6).toString('hex').toUpperCase(), matterKey: id,
        status, class: ['claim', 'suggestion', 'report'][i % 3]!, channel: ['online', 'letter', 'visit', 'phone', 'fax'][i % 5]!,
        unitId, officerId: status === 'registered' || status === 'accepted' ? null : officerId, escalationLevel: i % 97 === 0 ? 1 : 0,
        overdue: i % 53 === 0, nextDeadline: new Date(now + ((i % 60) - 2) * DAY + (i % 1440) * 60_000), petitionerName: `信访人 ${i}`,
        petitionerContact: `139${String(i).padStart(8, '0')}`, title: `拖欠工资 Unpaid wages #${i}`, content: 'Bench case for the console inbox.',
        receivedAt, lastSeq: 1, openSupervision: i % 101 === 0 ? 1 : 0,
      };
    });
    await db.petition.createMany({ data: rows }); // the list rows follow by the read side's triggers
    await db.petitionSnapshot.createMany({ data: rows.map((r) => ({ petitionId: r.id, snapshot: '{}' })) });
  }
}

export async function consoleFigures(db: Db, apiUrl: string, account: { token: string; actor: { id: string; unitId?: string } }, cases: number, samples: number): Promise<ConsoleResult> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('the console is not built (web/dist): npm run bench builds it through scripts/setup.mjs');
  say(`console: writing ${cases} projection rows in the case officer's unit`);
  await seedProjection(db, account.actor.unitId!, account.actor.id, cases);
  const assets = initialAssets();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      say(`console: first inbox, sample ${i + 1} of ${samples}`);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      // Signed in already (the token the console keeps for the tab), as after the sign-in page.
      await context.addInitScript((token) => sessionStorage.setItem('petition-console.token', token), account.token);
      const page = await context.newPage();
      const firstRows = async () => {
        const t0 = Date.now();
        await page.goto(`${apiUrl}/cases`, { waitUntil: 'commit' });
        await page.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
        return Date.now() - t0;
      };
      cold.push(await firstRows());
      warm.push(await firstRows());
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    cases, samples,
    initialJsGzipKiB: gzipKiB(assets.js), initialJsFiles: assets.js.length, initialCssGzipKiB: gzipKiB(assets.css),
    firstInboxColdMs: summarise(cold, 0, 0), firstInboxWarmMs: summarise(warm, 0, 0),
  };
}
