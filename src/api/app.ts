// The Express application: HTTP in, Temporal and the database behind. Every route is an endpoint
// declaration (src/api/routes), which also yields the OpenAPI document. Errors are mapped in one place.
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../accounts/sessions';
import type { Db } from '../db/client';
import type { PolicyDocument } from '../domain';
import { consoleRouter, type ConsoleOptions } from './console';
import { docsRouter } from './docs';
import { ApiError, errorHandler, unknownRoute } from './errors';
import type { Endpoint } from './http/endpoint';
import { methodNotAllowed, mountEndpoints } from './http/mount';
import { openApiDocument } from './http/openapi';
import type { RateLimits } from './http/rateLimit';
import { accessLogEndpoint } from './routes/accessLog';
import { actionEndpoints } from './routes/actions';
import { adminEndpoints } from './routes/admin';
import { attachmentEndpoints } from './routes/attachments';
import { boardEndpoint } from './routes/board';
import { CODEC_PATH, codecEndpoints } from './routes/codec';
import { documentEndpoints } from './routes/documents';
import { filterEndpoints } from './routes/filters';
import { listEndpoint } from './routes/list';
import { noteEndpoints } from './routes/notes';
import { noticeEndpoints } from './routes/notices';
import { petitionEndpoints } from './routes/petitions';
import { linkAsRepeatEndpoint } from './routes/repeats';
import { resendEndpoint } from './routes/resend';
import { sessionEndpoints } from './routes/session';
import { statisticsEndpoint } from './routes/statistics';
import { timelineEndpoint } from './routes/timeline';
import { trackingEndpoint } from './routes/tracking';
import { unitEndpoints } from './routes/units';
import { directoryStore } from './services/attachmentStore';
import { clockReadings } from './services/clockReading';
import { findPdfFont, pdfRenderer } from './services/documents/pdf';
import type { AttachmentSettings } from './services/attachments';
import { DEFAULT_RESEND_SETTINGS, type ResendSettings } from './services/queryCodeResend';
import { DEFAULT_SIGN_IN_SETTINGS, type SignInSettings } from './services/signIn';
import { PROJECT_ROOT } from '../config';

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
  /** Origins of the Temporal Web UI: the codec endpoint answers them, with credentials. None by default. */
  temporalUiOrigins?: string[];
  /** Express "trust proxy": set behind a reverse proxy so rate limits see the client's address. */
  trustProxy?: boolean | number | string;
  bodyLimit?: string | number;
  /** List the demo tokens in the API guide: only where the demo organisation is seeded. */
  demoTokens?: boolean;
  /** Serve the built console (web/dist) at `/`; absent or not built: the API alone. */
  console?: ConsoleOptions;
  /** Console sessions: idle timeout and absolute maximum. */
  sessions?: SessionSettings;
  /** Throttling of wrong passwords. */
  signIn?: SignInSettings;
  /** Printed on documents and shown by the console; default: the name of the top unit. */
  organisationName?: string;
  /** Where attachment bytes are kept (default .data/attachments) and the largest file accepted (default 10 MB). */
  attachments?: { dir?: string; maxBytes?: number };
  /** A CJK font for PDF documents (file, or file#PostScriptName in a .ttc); default: Noto CJK from the machine. */
  pdfFontFile?: string;
  /** How often a lost query code may be sent again, per contact and per address. */
  resend?: ResendSettings;
  /** The holiday calendar file the worker's due dates use (default policy/calendars/CN.json), for the days left on lists. */
  calendarFile?: string;
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export function attachmentSettings(deps: Pick<AppDeps, 'attachments'>): AttachmentSettings {
  return {
    store: directoryStore(deps.attachments?.dir ?? path.join(PROJECT_ROOT, '.data', 'attachments')),
    maxBytes: deps.attachments?.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
  };
}

export const API_VERSION = '1.0.0';

/** Large enough for the longest valid action (a reply's facts and text in Chinese, 3 bytes a character). */
export const BODY_LIMIT_BYTES = 512 * 1024;

export function apiEndpoints(deps: AppDeps): Endpoint[] {
  const sessions = deps.sessions ?? DEFAULT_SESSION_SETTINGS;
  const signIn = deps.signIn ?? DEFAULT_SIGN_IN_SETTINGS;
  const attachments = attachmentSettings(deps);
  // Made on the first list read (the declarations are also built without dependencies, for the OpenAPI document).
  let readings: ReturnType<typeof clockReadings> | undefined;
  const clockReading = () => (readings ??= clockReadings(deps.db, deps.calendarFile ?? path.join(PROJECT_ROOT, 'policy', 'calendars', 'CN.json'), deps.policy.timeZone))();
  return [
    ...sessionEndpoints({ ...deps, sessions, signIn }),
    ...petitionEndpoints({ ...deps, defaultUnitId: deps.defaultUnitId ?? 'petition-office' }),
    ...actionEndpoints(deps),
    linkAsRepeatEndpoint(deps),
    listEndpoint({ ...deps, clockReading }),
    timelineEndpoint(deps),
    boardEndpoint({ ...deps, clockReading }),
    trackingEndpoint(deps),
    resendEndpoint({ ...deps, resend: deps.resend ?? DEFAULT_RESEND_SETTINGS }),
    statisticsEndpoint(deps),
    accessLogEndpoint(deps),
    ...codecEndpoints(deps),
    ...unitEndpoints(deps),
    ...noticeEndpoints(deps),
    ...adminEndpoints(deps),
    ...filterEndpoints(deps),
    ...noteEndpoints(deps),
    ...attachmentEndpoints({ ...deps, attachments }),
    ...documentEndpoints({ ...deps, pdf: pdfRenderer(findPdfFont(deps.pdfFontFile)) }),
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
  const apiCors = cors({
    origin: origins === '*' ? '*' : origins,
    // Never X-CSRF-Token: a page of another origin must not be able to send it (the session cookie's CSRF defence).
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-File-Name'],
    exposedHeaders: ['Location', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
  // The codec endpoint is called by the Temporal Web UI from its own origin, with the admin's credentials
  // (cookies or a token): only those origins, never '*', whatever CORS_ORIGINS says.
  const uiOrigins = deps.temporalUiOrigins ?? [];
  const codecCors = cors((req, callback) => callback(null, uiOrigins.includes(String(req.headers.origin ?? '')) ? {
    origin: true, // the request's own origin, checked just above
    credentials: true,
    methods: ['POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
    exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After'],
    maxAge: 600,
  } : { origin: [], methods: ['POST'] })); // another origin: a preflight is answered (204) without any Access-Control-Allow-* header
  app.use((req, res, next) => (req.path.startsWith(`${CODEC_PATH}/`) ? codecCors : apiCors)(req, res, next));
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

  app.all('/healthz', methodNotAllowed(['GET']));

  const endpoints = apiEndpoints(deps);
  let document: unknown;
  app.use('/api', docsRouter(() => (document ??= openApiDocument(endpoints, { version: API_VERSION, demoTokens: deps.demoTokens ?? false }))));
  app.use(mountEndpoints(endpoints, deps.db, { limits: deps.rateLimits, sessions: deps.sessions }));
  const consolePages = deps.console ? consoleRouter(deps.console) : undefined;
  if (consolePages) app.use(consolePages);
  app.use(unknownRoute);
  app.use(errorHandler(deps.log ?? ((msg, meta) => console.error(msg, meta))));
  return app;
}
