// The OpenAPI document and interactive documentation (Swagger UI, served from the package: works offline).
import path from 'node:path';
import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Petition API</title>
<link rel="stylesheet" href="./swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script>
<script src="./swagger-ui-standalone-preset.js"></script>
<script src="./init.js"></script></body></html>`;

// A separate file, so the page runs under a strict Content-Security-Policy (no inline script).
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', persistAuthorization: true });`;

export function docsRouter(document: () => unknown): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => { res.json(document()); });
  r.get('/docs', (req, res, next) => (req.originalUrl.endsWith('/') ? next() : res.redirect(301, `${req.originalUrl}/`)));
  r.get('/docs/', (_req, res) => { res.type('html').send(PAGE); });
  r.get('/docs/init.js', (_req, res) => { res.type('js').send(INIT); });
  r.use('/docs', express.static(path.resolve(getAbsoluteFSPath()), { index: false }));
  return r;
}
