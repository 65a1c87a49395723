// The Express application: HTTP in, Temporal and the database behind. Every route is an endpoint
// declaration (src/api/routes), which also yields the OpenAPI document. Errors are mapped in one place.
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { PolicyDocument } from '../domain';
import { docsRouter } from './docs';
import { ApiError, errorHandler, unknownRoute } from './errors';
import type { Endpoint } from './http/endpoint';
import { mountEndpoints } from './http/mount';
import { openApiDocument } from './http/openapi';
import type { RateLimits } from './http/rateLimit';
import { accessLogEndpoint } from './routes/accessLog';
import { actionEndpoints } from './routes/actions';
import { boardEndpoint } from './routes/board';
import { listEndpoint } from './routes/list';
import { petitionEndpoints } from './routes/petitions';
import { statisticsEndpoint } from './routes/statistics';
import { timelineEndpoint } from './routes/timeline';
import { trackingEndpoint } from './routes/tracking';

export interface AppDeps {
  client: Client;
  db: Db;
  policy: PolicyDocument;
  taskQueue: string;
  log?: (msg: string, meta?: unknown) => void;
  /** Where online submissions go when they name no unit. */
  defaultUnitId?: string;
  rateLimits?: RateLimits;
  /** Origins allowed by CORS: a list, or '*' for any. None by default. */
  corsOrigins?: string[] | '*';
  /** Express "trust proxy": set behind a reverse proxy so rate limits see the client's address. */
  trustProxy?: boolean | number | string;
  bodyLimit?: string | number;
  /** List the demo tokens in the API guide: only where the demo organisation is seeded. */
  demoTokens?: boolean;
}

export const API_VERSION = '1.0.0';

/** Large enough for the longest valid action (a reply's facts and text in Chinese, 3 bytes a character). */
export const BODY_LIMIT_BYTES = 512 * 1024;

export function apiEndpoints(deps: AppDeps): Endpoint[] {
  return [
    ...petitionEndpoints({ ...deps, defaultUnitId: deps.defaultUnitId ?? 'petition-office' }),
    ...actionEndpoints(deps),
    listEndpoint(deps),
    timelineEndpoint(deps),
    boardEndpoint(deps),
    trackingEndpoint(deps),
    statisticsEndpoint(deps),
    accessLogEndpoint(deps),
  ];
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1). The parser would decode other charsets, and a body that decodes to
 * nothing would then read as {} and run the action with no fields: refuse it before parsing.
 */
const utf8Only: express.RequestHandler = (req, _res, next) => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.header('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return next(new ApiError(415, 'unsupported_media_type', `send the body as application/json in UTF-8, not ${charset}`));
  }
  next();
};

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(helmet());
  const origins = deps.corsOrigins ?? [];
  app.use(cors({
    origin: origins === '*' ? '*' : origins,
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Location', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
    maxAge: 600,
  }));
  app.use(utf8Only);
  app.use(express.json({ limit: deps.bodyLimit ?? BODY_LIMIT_BYTES }));

  app.get('/healthz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRawUnsafe('SELECT 1').then(() => 'ok', (e: Error) => `error: ${e.message}`),
      // A deadline: the client otherwise retries an unreachable server for many seconds.
      deps.client.connection.withDeadline(Date.now() + 2000, () => deps.client.workflowService.getSystemInfo({}))
        .then(() => 'ok', (e: Error) => `error: ${e.message}`),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal, namespace: deps.client.options.namespace });
  });

  const endpoints = apiEndpoints(deps);
  let document: unknown;
  app.use('/api', docsRouter(() => (document ??= openApiDocument(endpoints, { version: API_VERSION, demoTokens: deps.demoTokens ?? false }))));
  app.use(mountEndpoints(endpoints, deps.db, deps.rateLimits));
  app.use(unknownRoute);
  app.use(errorHandler(deps.log ?? ((msg, meta) => console.error(msg, meta))));
  return app;
}
