// How the API serves the built console: the page under a strict CSP with a fresh nonce per load, hashed
// assets cached for good, client routes answered with the page, and the API's paths left to the API.
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { consoleRouter } from '../../src/api/console';

let server: Server;
let base: string;
let dist: string;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__" /></head><body><script type="module" src="/assets/index-abc123.js"></script></body></html>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("console")');
  const app = express();
  app.use(consoleRouter({ dir: dist, temporalUiUrl: 'http://127.0.0.1:8233' })!);
  app.use((req, res) => { res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}`, details: null } }); });
  server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dist, { recursive: true, force: true });
});

const nonceOf = (html: string) => /<meta name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];

test('every client route gets the page, with a fresh nonce in both the CSP header and the page, never cached', async () => {
  const pages = await Promise.all(['/', '/cases', '/cases/abc123', '/portal/track/QWERTY'].map((p) => fetch(`${base}${p}`)));
  const nonces = new Set<string>();
  for (const res of pages) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const nonce = nonceOf(html)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    nonces.add(nonce);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).toContain('<meta name="temporal-ui" content="http://127.0.0.1:8233" />');
  }
  expect(nonces.size).toBe(pages.length);
});

test('hashed assets are cached for a year as immutable; a missing asset is a 404, not the page', async () => {
  const asset = await fetch(`${base}/assets/index-abc123.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await asset.text()).toBe('console.log("console")');
  const missing = await fetch(`${base}/assets/index-gone.js`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).not.toContain('csp-nonce');
});

test('the API\'s paths and writes are left to the API', async () => {
  for (const p of ['/api/v1/nothing-here', '/api', '/healthz']) {
    const res = await fetch(`${base}${p}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe(`no route for GET ${p}`);
  }
  const post = await fetch(`${base}/cases`, { method: 'POST' });
  expect(post.status).toBe(404);
});

test('without a build there is no console, only the API', () => {
  expect(consoleRouter({ dir: path.join(dist, 'missing') })).toBeUndefined();
});
