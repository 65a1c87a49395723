// Serves the console (web/, built by scripts/setup.mjs into web/dist) at `/`: the hashed assets with
// immutable caching, and index.html for every client route (SPA fallback). The page runs under a strict
// Content-Security-Policy: scripts and styles only from this origin, plus one nonce per page load for the
// <style> elements Ant Design's CSS-in-JS inserts (no 'unsafe-inline'). The nonce reaches the app through
// <meta name="csp-nonce">, and Ant Design puts it on each <style> (ConfigProvider csp).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import helmet from 'helmet';

export interface ConsoleOptions {
  /** The built console: web/dist. */
  dir: string;
  /** The Temporal Web UI, for the case detail's link to its workflow (none: no link). */
  temporalUiUrl?: string;
}

/** Paths that belong to the API, never to the console's client routes. */
const API_PATH = /^\/(api|healthz)(\/|$)/;

export function consoleCsp(nonce: string): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", `'nonce-${nonce}'`],
    'upgrade-insecure-requests': [],
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The console router, or undefined when the console was not built (the API works without it). */
export function consoleRouter(options: ConsoleOptions): Router | undefined {
  const indexFile = path.join(options.dir, 'index.html');
  if (!fs.existsSync(indexFile)) return undefined;
  // Read again when a new build replaced it (a rebuild while the API runs), else from memory.
  let cached: { mtimeMs: number; html: string } | undefined;
  const template = (): string => {
    const { mtimeMs } = fs.statSync(indexFile);
    if (cached?.mtimeMs !== mtimeMs) {
      const html = fs.readFileSync(indexFile, 'utf8')
        .replace('</head>', `    <meta name="temporal-ui" content="${escapeAttr(options.temporalUiUrl ?? '')}" />\n  </head>`);
      cached = { mtimeMs, html };
    }
    return cached.html;
  };

  const r = Router();
  // Hashed file names: a new build has new names, so a year's immutable caching is safe.
  r.use('/assets', express.static(path.join(options.dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  r.use(express.static(options.dir, { index: false, maxAge: 0 }));

  const page: express.RequestHandler = (req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    helmet.contentSecurityPolicy({ useDefaults: false, directives: consoleCsp(nonce) })(req, res, (err?: unknown) => {
      if (err) return next(err);
      // A nonce per answer: never cached.
      res.set('Cache-Control', 'no-store').type('html').send(template().replace('__CSP_NONCE__', nonce));
    });
  };
  const wantsPage = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !API_PATH.test(req.path) && !path.extname(req.path);
  r.use((req, res, next) => (wantsPage(req) ? page(req, res, next) : next()));
  return r;
}
