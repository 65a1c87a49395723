// The read-side bench (`npm run bench -- --only readside`): for each size (10,000, 100,000 and 1,000,000
// cases by default), a fresh database seeded with projected petitions and their events (seed.ts, no
// workflows), the real API started on it as its own process, and each request of issue 13's table (and a
// few more) sent one at a time: p50 and p99 per request and size, the seed time and database size, and
// the ratio p99(largest) / p99(smallest) per request, which stays near 1 when a read does not grow with
// the number of cases.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { encodeCursor, fingerprint } from '../../src/api/queries/cursor';
import { createDb } from '../../src/db/client';
import { checkReadSide, readSideConsistent } from '../../src/ops/readSide';
import { jsonClient, type JsonClient } from '../lib/http';
import { spawnNode, type Child } from '../lib/proc';
import { Progress, say } from '../lib/progress';
import { percentile } from '../lib/stats';
import { ms, table } from '../lib/table';
import { seed, type SeedResult } from './seed';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ReadSideOptions { sizes: number[]; samples: number; keep: boolean; dir: string }

export interface RequestFigures { name: string; url: string; p50: number; p99: number; errors: number; firstError?: string }
export interface SizeResult {
  cases: number; seedSeconds: number; megabytes: number; events: number; listRows: number;
  /** The read model checked against the rows (smallest size only: it reads everything). */
  readModel?: string;
  requests: RequestFigures[];
  loadAverage: number[];
}
export interface ReadSideResult { sizes: SizeResult[]; samples: number }

type As = 'officer' | 'intake' | 'supervisor' | 'admin' | 'petitioner' | 'anonymous';
interface Request { name: string; as: As; url: () => string }

const month = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const lastDay = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
};
const monthsAgo = (n: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - n); return month(d); };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

/** The cursor of a list page deep in the intake officer's list (the row at `offset`), as the API encodes it. */
function deepCursor(file: string, offset: number): string {
  const sqlite = new Database(file, { readonly: true });
  try {
    const row = sqlite.prepare(`SELECT "receivedAt", "petitionId" FROM "PetitionScope" INDEXED BY "PetitionScope_receivedAt_idx"
      WHERE "scope" = 't:office' ORDER BY "receivedAt" DESC, "petitionId" DESC LIMIT 1 OFFSET ?`).get(offset) as { receivedAt: string; petitionId: string };
    const keys = [{ type: 'date' as const }, { type: 'string' as const }];
    return encodeCursor({ kind: 'petitions', keys, query: fingerprint({ f: {}, s: 'receivedAt', o: 'desc' }) }, [new Date(row.receivedAt), row.petitionId]);
  } finally {
    sqlite.close();
  }
}

function requests(s: SeedResult, page21: string, deep: string): Request[] {
  const oneMonth = monthsAgo(6);
  const lastMonth = monthsAgo(1);
  const yearStart = monthsAgo(12);
  let code = 0;
  const enc = encodeURIComponent;
  return [
    { name: 'officer\'s first page (one unit)', as: 'officer', url: () => '/api/v1/petitions?limit=20' },
    { name: 'officer\'s cases in handling by deadline', as: 'officer', url: () => '/api/v1/petitions?status=in_handling&sort=nextDeadline&order=asc&limit=20' },
    { name: 'intake officer\'s first page (unit tree)', as: 'intake', url: () => '/api/v1/petitions?limit=20' },
    { name: 'page 21 by cursor', as: 'intake', url: () => `/api/v1/petitions?limit=20&cursor=${page21}` },
    { name: 'deep page by cursor (middle of the list)', as: 'intake', url: () => `/api/v1/petitions?limit=20&cursor=${deep}` },
    { name: 'received in one month', as: 'intake', url: () => `/api/v1/petitions?receivedFrom=${oneMonth}-01&receivedTo=${lastDay(oneMonth)}&limit=20` },
    { name: 'overdue cases (unit tree)', as: 'intake', url: () => '/api/v1/petitions?overdue=true&sort=nextDeadline&order=asc&limit=20' },
    { name: 'text search q (two Chinese characters)', as: 'intake', url: () => `/api/v1/petitions?q=${enc('工资')}&limit=20` },
    { name: 'text search q (four characters)', as: 'intake', url: () => `/api/v1/petitions?q=${enc('拖欠工资')}&limit=20` },
    { name: 'petitioner search (ID number)', as: 'intake', url: () => `/api/v1/petitions?petitioner=${enc(s.samples.idNumbers[code++ % s.samples.idNumbers.length]!)}&limit=20` },
    { name: 'petitioner search (name)', as: 'intake', url: () => `/api/v1/petitions?petitioner=${enc(s.samples.names[code++ % s.samples.names.length]!)}&limit=20` },
    { name: 'petitioner\'s own list', as: 'petitioner', url: () => '/api/v1/petitions?limit=20' },
    { name: 'supervision board', as: 'supervisor', url: () => '/api/v1/board?limit=50' },
    { name: 'statistics, one month', as: 'supervisor', url: () => `/api/v1/statistics?from=${lastMonth}-01&to=${lastDay(lastMonth)}` },
    { name: 'statistics, one year', as: 'supervisor', url: () => `/api/v1/statistics?from=${yearStart}-01&to=${lastDay(lastMonth)}` },
    { name: 'tracking by query code', as: 'anonymous', url: () => `/api/v1/tracking/${s.samples.queryCodes[code++ % s.samples.queryCodes.length]}` },
    { name: 'access log (admin)', as: 'admin', url: () => '/api/v1/admin/access-log?limit=50' },
  ];
}

async function startApi(file: string, dir: string): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = spawnNode('api', path.join(ROOT, 'bench', 'readside', 'api.ts'), ROOT,
    { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', READSIDE_DATABASE: file, READSIDE_PORT: String(port) }, path.join(dir, `api-${path.basename(file)}.log`));
  const until = Date.now() + 120_000;
  while (!child.output().includes('listening on')) {
    if (!child.running() || Date.now() > until) throw new Error(`the bench API did not start:\n${child.output().slice(-2000)}`);
    await sleep(100);
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

/** One request, timed; an answer other than 200 is an error. */
async function timed(http: JsonClient, headers: Record<string, string>, url: string): Promise<{ ms: number; error?: string }> {
  const t0 = performance.now();
  const res = await http.call('GET', url, undefined, headers);
  const ms = performance.now() - t0;
  return res.status === 200 ? { ms } : { ms, error: `${res.status} ${JSON.stringify(res.body).slice(0, 200)}` };
}

interface Target { size: number; seeded: SeedResult; file: string; api: { child: Child; url: string }; http: JsonClient; requests: Request[] }

const headersOf = (s: SeedResult) => (as: As): Record<string, string> => (as === 'anonymous' ? {} : { authorization: `Bearer ${s.tokens[as]}` });

export async function readSide(opts: ReadSideOptions): Promise<ReadSideResult> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const targets: Target[] = [];
  const checks = new Map<number, string>();
  try {
    for (const size of opts.sizes) {
      const file = path.join(opts.dir, `readside-${size}.db`);
      const progress = new Progress(`seeding ${size.toLocaleString('en')} projected petitions`, size);
      let done = 0;
      const seeded = await seed(file, size, (n) => { progress.tick(n - done); done = n; });
      progress.finish(`${seeded.seconds.toFixed(0)} s, ${seeded.megabytes.toFixed(0)} MiB`);
      if (size === Math.min(...opts.sizes)) {
        say(`checking the read model of the ${size.toLocaleString('en')}-case database against its rows`);
        const db = await createDb(`file:${file}`);
        const report = await checkReadSide(db);
        await db.$disconnect();
        checks.set(size, readSideConsistent(report) ? 'consistent' : `INCONSISTENT ${JSON.stringify(report).slice(0, 500)}`);
      }
      const api = await startApi(file, opts.dir);
      const http = jsonClient(api.url);
      // Page 21: the cursor the first 20 pages lead to (not measured).
      let cursor = '';
      for (let p = 0; p < 20; p++) {
        const res = await http.call('GET', `/api/v1/petitions?limit=20${cursor ? `&cursor=${cursor}` : ''}`, undefined, headersOf(seeded)('intake'));
        cursor = res.body?.nextCursor ?? cursor;
      }
      targets.push({ size, seeded, file, api, http, requests: requests(seeded, cursor, deepCursor(file, Math.floor(size / 2))) });
    }

    // Every size is measured in the same rounds, one request to each in turn, so that the machine's load
    // (other processes, the page cache) weighs on all sizes alike and the ratios compare like with like.
    const kinds = targets[0]!.requests.length;
    const latencies = targets.map(() => Array.from({ length: kinds }, () => [] as number[]));
    const errors = targets.map(() => Array.from({ length: kinds }, () => ({ count: 0, first: undefined as string | undefined })));
    const bar = new Progress(`requests, ${opts.samples} of each kind on each size in turn`, kinds);
    for (let k = 0; k < kinds; k++) {
      for (let i = 0; i < opts.samples + 10; i++) {
        for (const [t, target] of targets.entries()) {
          const r = target.requests[k]!;
          const { ms: took, error } = await timed(target.http, headersOf(target.seeded)(r.as), r.url());
          if (error) {
            errors[t]![k]!.count++;
            errors[t]![k]!.first ??= error;
          } else if (i >= 10) latencies[t]![k]!.push(took); // the first ten warm the statement cache and the pages
        }
      }
      bar.tick();
    }
    bar.finish();
    const loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
    return {
      samples: opts.samples,
      sizes: targets.map((target, t) => ({
        cases: target.size, seedSeconds: target.seeded.seconds, megabytes: target.seeded.megabytes, events: target.seeded.events,
        listRows: target.seeded.listRows, ...(checks.has(target.size) ? { readModel: checks.get(target.size)! } : {}), loadAverage,
        requests: target.requests.map((r, k) => {
          const sorted = latencies[t]![k]!.sort((a, b) => a - b);
          const e = errors[t]![k]!;
          return { name: r.name, url: r.url(), p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: e.count, ...(e.first ? { firstError: e.first } : {}) };
        }),
      })),
    };
  } finally {
    for (const target of targets) {
      target.http.close();
      await target.api.child.stop();
      if (!opts.keep) for (const f of [target.file, `${target.file}-wal`, `${target.file}-shm`]) fs.rmSync(f, { force: true });
    }
  }
}

export function readSideReport(r: ReadSideResult): string {
  const sizes = r.sizes;
  const n = (v: number) => v.toLocaleString('en');
  const first = sizes[0]!;
  const last = sizes.at(-1)!;
  const rows = first.requests.map((q, i) => [
    q.name,
    ...sizes.map((s) => { const f = s.requests[i]!; return f.errors ? `${f.errors} errors` : `${ms(f.p50)} / ${ms(f.p99)}`; }),
    sizes.length > 1 ? `${(last.requests[i]!.p99 / first.requests[i]!.p99).toFixed(2)}` : '-',
  ]);
  const seedRows = [
    ['seed time (s)', ...sizes.map((s) => s.seedSeconds.toFixed(0)), ''],
    ['database size (MiB)', ...sizes.map((s) => s.megabytes.toFixed(0)), ''],
    ['events', ...sizes.map((s) => n(s.events)), ''],
    ['list rows (PetitionScope)', ...sizes.map((s) => n(s.listRows)), ''],
  ];
  const header = ['request (p50 / p99 ms)', ...sizes.map((s) => n(s.cases)), `p99 ratio ${n(last.cases)} / ${n(first.cases)}`];
  const errors = sizes.flatMap((s) => s.requests.filter((q) => q.firstError).map((q) => `  ${n(s.cases)} ${q.name}: ${q.firstError}`));
  return [
    `## Read side: lists, board, statistics and tracking through the API (${r.samples} requests of each kind per size, one at a time, the sizes in turn)`,
    '',
    table(header, [...rows, ...seedRows]),
    ...(first.readModel ? ['', `Read model of the ${n(first.cases)}-case database against its rows: ${first.readModel}`] : []),
    ...(errors.length ? ['', 'Errors:', ...errors] : []),
  ].join('\n');
}
