import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './db/url';
import { parseKeyList, PayloadKeyError } from './temporal/payloadKeys';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting comes from the environment; the table in the README lists them. */
const schema = z.object({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  // How long a write waits for SQLite's lock before failing (and being retried by its activity).
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  POLICY_FILE: z.string().default(path.join(PROJECT_ROOT, 'policy', 'default.json')),
  CALENDAR_FILE: z.string().default(path.join(PROJECT_ROOT, 'policy', 'calendars', 'CN.json')),
  // External cluster: when TEMPORAL_ADDRESS is set, `npm start` does not run the embedded dev server.
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('petitions'),
  // Sticky cache of the worker: bounds its memory (unset: the SDK sizes it from the heap limit).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_CA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  // Embedded dev server
  TEMPORAL_DEV_HOST: z.string().default('127.0.0.1'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_DEV_DB_FILE: z.string().optional(),
  // Payload encryption (src/temporal/payloadKeys.ts): `id:base64key,...` or a key file; in development a
  // generated key in DATA_DIR; in production (NODE_ENV=production) one of them is required.
  PAYLOAD_KEYS: z.string().optional().superRefine((v, ctx) => {
    if (v === undefined) return;
    try {
      parseKeyList(v);
    } catch (err) {
      if (!(err instanceof PayloadKeyError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message.replace(/^PAYLOAD_KEYS: /, '') });
    }
  }),
  PAYLOAD_KEY_CURRENT: z.string().optional(),
  PAYLOAD_KEY_FILE: z.string().optional(),
  NODE_ENV: z.string().optional(),
  // Origins of the Temporal Web UI allowed to call the codec endpoint with credentials (unset: the embedded UI's).
  TEMPORAL_UI_ORIGINS: z.string().optional().describe('comma-separated origins'),
  // API
  DEFAULT_UNIT_ID: z.string().default('petition-office'),
  CORS_ORIGINS: z.string().default('').describe('comma-separated origins, or *'),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  TRUST_PROXY: z.string().optional().describe('Express trust proxy: true, a hop count, or addresses'),
  // Console sign-in: sessions and the throttling of wrong passwords (per user name and per address).
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  SIGN_IN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).default(5),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  // Attachments: files named by their SHA-256 in this directory (unset: DATA_DIR/attachments), and the largest accepted.
  ATTACHMENTS_DIR: z.string().optional(),
  ATTACHMENT_MAX_MB: z.coerce.number().min(0.01).max(200).default(10),
  // A CJK font for PDF documents: a file, or file#PostScriptName for a .ttc (unset: Noto CJK from fonts-noto-cjk).
  PDF_FONT_FILE: z.string().optional(),
  // Printed on documents and shown in the console (unset: the name of the top unit).
  ORGANISATION_NAME: z.string().trim().min(1).optional(),
  // `npm start` seeds the demo organisation (public tokens) into a database without users unless this is false.
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof schema> & {
  temporalAddress: string;
  temporalDbFile: string;
  corsOrigins: string[] | '*';
  /** Where the Temporal Web UI runs: the only origins allowed to ask the codec endpoint to decode. */
  temporalUiOrigins: string[];
};

const list = (v: string): string[] => v.split(',').map((o) => o.trim()).filter(Boolean);

/** The embedded dev server's Web UI, under the two names a browser may use for it. */
function embeddedUiOrigins(host: string, port: number): string[] {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const names = h === '127.0.0.1' || h === 'localhost' ? ['127.0.0.1', 'localhost'] : [h.includes(':') ? `[${h}]` : h];
  return names.map((n) => `http://${n}:${port}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${problems}`);
  }
  const c = parsed.data;
  return {
    ...c,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `${c.TEMPORAL_DEV_HOST}:${c.TEMPORAL_DEV_PORT}`,
    temporalDbFile: c.TEMPORAL_DEV_DB_FILE ?? path.join(c.DATA_DIR, 'temporal.db'),
    corsOrigins: c.CORS_ORIGINS.trim() === '*' ? '*' : list(c.CORS_ORIGINS),
    temporalUiOrigins: c.TEMPORAL_UI_ORIGINS !== undefined ? list(c.TEMPORAL_UI_ORIGINS) : embeddedUiOrigins(c.TEMPORAL_DEV_HOST, c.TEMPORAL_UI_PORT),
  };
}
