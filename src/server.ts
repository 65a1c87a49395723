// The API process: HTTP on API_HOST:API_PORT, talking to Temporal and the projection database.
import type { Server } from 'node:http';
import path from 'node:path';
import { scheduleAccountHousekeeping } from './accounts/housekeeping';
import { attachmentSettings, createApp } from './api/app';
import { scheduleAttachmentPurge } from './api/services/attachments';
import { listenApi } from './api/clientError';
import { schedulePurge } from './api/http/idempotencyExpiry';
import { loadConfig, PROJECT_ROOT, type Config } from './config';
import { createDb } from './db/client';
import { createLogger } from './log';
import { loadPolicy } from './policy/load';
import { connectClient } from './temporal/connection';
import { payloadKeysFor } from './temporal/dataConverter';

export async function startApi(config: Config): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const policy = loadPolicy(config.POLICY_FILE); // fail fast on a broken policy file
  payloadKeysFor(config, createLogger('api')); // payloads are encrypted: no key, no API (before anything is opened)
  const db = await createDb(config.DATABASE_URL, config.SQLITE_BUSY_TIMEOUT_MS);
  const client = await connectClient(config);
  const trust = config.TRUST_PROXY;
  const attachmentsDir = config.ATTACHMENTS_DIR ?? path.join(config.DATA_DIR, 'attachments');
  const app = createApp({
    client, db, policy,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    defaultUnitId: config.DEFAULT_UNIT_ID,
    corsOrigins: config.corsOrigins,
    temporalUiOrigins: config.temporalUiOrigins,
    demoTokens: config.SEED_DEMO,
    rateLimits: { publicPerMinute: config.RATE_LIMIT_PUBLIC_PER_MINUTE, perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE },
    // The console (web/), built by `npm start`'s set-up; the Web UI link only for the embedded dev server.
    console: {
      dir: path.join(PROJECT_ROOT, 'web', 'dist'),
      temporalUiUrl: process.env.TEMPORAL_UI_URL ?? (config.TEMPORAL_ADDRESS ? undefined : `http://${config.TEMPORAL_DEV_HOST}:${config.TEMPORAL_UI_PORT}`),
    },
    trustProxy: trust === undefined ? undefined : trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust,
    sessions: { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3600_000 },
    signIn: {
      maxFailuresPerUser: config.SIGN_IN_MAX_FAILURES_PER_USER,
      maxFailuresPerAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      windowMs: config.SIGN_IN_WINDOW_MINUTES * 60_000,
    },
    organisationName: config.ORGANISATION_NAME,
    attachments: { dir: attachmentsDir, maxBytes: Math.round(config.ATTACHMENT_MAX_MB * 1024 * 1024) },
    pdfFontFile: config.PDF_FONT_FILE,
    calendarFile: config.CALENDAR_FILE,
  });
  const stopPurge = schedulePurge(db, (msg) => console.log(msg));
  const attachments = attachmentSettings({ attachments: { dir: attachmentsDir } });
  const stopAttachmentPurge = scheduleAttachmentPurge(db, attachments.store, (msg) => console.log(msg));
  const stopHousekeeping = scheduleAccountHousekeeping(db, { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3600_000 }, (msg) => console.log(msg));
  // The demo tokens are public (README): say so at every start while any of them still works.
  const demoTokens = await db.apiToken.count({ where: { label: 'demo', revokedAt: null } });
  if (demoTokens > 0) {
    console.warn(`WARNING: ${demoTokens} demo tokens from the README are active. For real use start with SEED_DEMO=false on a new database, or revoke them: npm run admin -- token revoke <user>`);
  }
  const server = await listenApi(app, config.API_PORT, config.API_HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.API_PORT;
  return {
    server,
    url: `http://${config.API_HOST}:${port}`,
    async close() {
      stopPurge();
      stopHousekeeping();
      stopAttachmentPurge();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.connection.close();
      await db.$disconnect();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  startApi(config).then(
    (api) => {
      console.log(`API listening on ${api.url} (health: ${api.url}/healthz)`);
      const stop = () => void api.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: Error) => {
      console.error(`API failed to start: ${err.message}`);
      process.exit(1);
    },
  );
}
