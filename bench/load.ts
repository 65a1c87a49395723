// `npm run load`: many concurrent clients drive whole cases through the API for several minutes against
// its own stack. Prints a latency table per endpoint, the error count, and the resident memory of the
// API, the worker and the Temporal server sampled over the run: by sixth of the run, first minute against
// last, and the trend after warm-up and over the second half (a leak keeps climbing there; a cache that has
// filled does not).
//   --minutes N   how long (default 3)
//   --clients N   concurrent clients, each running case after case with no pause (default 32)
//   --keep        keep the run folder under .bench/
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { num, parseArgs, stopOnSignals } from './lib/args';
import { APPEAL_PATH, HAPPY_PATH, submission, type Step } from './lib/fixtures';
import { jsonClient, type JsonClient } from './lib/http';
import { Progress, say } from './lib/progress';
import { BENCH_DIR, ROOT, startStack, type Memory, type Person, type Stack } from './lib/stack';
import { round, summarise } from './lib/stats';
import { mib, ms, table } from './lib/table';

const SAMPLE_EVERY_MS = 5_000;

interface Endpoint { latencies: number[]; errors: number; firstErrors: string[] }

class Recorder {
  readonly endpoints = new Map<string, Endpoint>();
  private of(name: string): Endpoint {
    let e = this.endpoints.get(name);
    if (!e) this.endpoints.set(name, (e = { latencies: [], errors: 0, firstErrors: [] }));
    return e;
  }
  /** Times one request; a status outside `ok` or a network failure is an error. Returns the body or undefined. */
  async call(http: JsonClient, name: string, method: string, url: string, body: unknown, headers: Record<string, string>, ok: number[]): Promise<any> {
    const e = this.of(name);
    const t0 = performance.now();
    try {
      const r = await http.call(method, url, body, headers);
      if (!ok.includes(r.status)) throw new Error(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      e.latencies.push(performance.now() - t0);
      return r.body;
    } catch (err) {
      e.errors++;
      if (e.firstErrors.length < 3) e.firstErrors.push((err as Error).message);
      return undefined;
    }
  }
}

interface Sample { atSeconds: number; memory: Memory }

/** Least-squares slope of (seconds, MiB) points, in MiB per minute. */
function trendPerMinute(points: [number, number][]): number {
  if (points.length < 3) return NaN;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxy = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return sxx ? (sxy / sxx) * 60 : NaN;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { minutes: 'value', clients: 'value', keep: 'flag' });
  const minutes = num(args.minutes, 3);
  const clients = num(args.clients, 32);
  let stack: Stack | undefined;
  stopOnSignals(() => stack?.stop());
  stack = await startStack({ keep: !!args.keep, say });
  const s = stack;
  try {
    const http = jsonClient(s.apiUrl);
    const rec = new Recorder();
    const auth = (as: Person) => ({ authorization: `Bearer ${s.accounts[as].token}` });
    const key = () => ({ 'idempotency-key': `load-${crypto.randomUUID()}` });
    let cases = 0;
    let appeals = 0;

    /** One case from submission to closing, with the reads a UI makes on the way. */
    const oneCase = async (n: number): Promise<void> => {
      const sub = await rec.call(http, 'POST /petitions (submit)', 'POST', '/api/v1/petitions', submission(), { ...auth('petitioner'), ...key() }, [201]);
      if (!sub) return;
      const id: string = sub.petition.id;
      const act = (step: Step) => rec.call(http, `POST /petitions/{id}/actions/${step.action}`, 'POST', `/api/v1/petitions/${id}/actions/${step.action}`,
        step.fields, { ...auth(step.as), ...key() }, [200]);
      await rec.call(http, 'GET /petitions/{id}', 'GET', `/api/v1/petitions/${id}`, undefined, auth('officer'), [200]);
      // One case in five is rated dissatisfied and goes through a review and a re-review to its final close;
      // the others are rated satisfied and withdrawn (a rating no longer closes a case: bench/lib/fixtures.ts).
      const steps = n % 5 === 4 ? APPEAL_PATH : HAPPY_PATH;
      if (steps === APPEAL_PATH) appeals++;
      for (const [i, step] of steps.entries()) {
        if (!(await act(step))) return;
        if (i === 0) await rec.call(http, 'GET /petitions (list)', 'GET', '/api/v1/petitions?officerId=me&status=in_handling&limit=20', undefined, auth('officer'), [200]);
        if (i === 1) await rec.call(http, 'GET /tracking/{queryCode}', 'GET', `/api/v1/tracking/${sub.petition.queryCode}`, undefined, {}, [200]);
      }
      // Read by the office's supervisor: an appeal case has gone up to the office for its review and re-review.
      await rec.call(http, 'GET /petitions/{id}/timeline', 'GET', `/api/v1/petitions/${id}/timeline`, undefined, auth('supervisor'), [200]);
      cases++;
    };

    const started = Date.now();
    const until = started + minutes * 60_000;
    const samples: Sample[] = [{ atSeconds: 0, memory: s.memory() }];
    const sampler = setInterval(() => samples.push({ atSeconds: round((Date.now() - started) / 1000), memory: s.memory() }), SAMPLE_EVERY_MS);
    const progress = new Progress(`load: ${clients} clients for ${minutes} min`, Math.round(minutes * 60));
    const ticker = setInterval(() => progress.tick(1), 1_000);
    let next = 0;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (Date.now() < until) await oneCase(next++);
    }));
    clearInterval(ticker);
    clearInterval(sampler);
    progress.finish(`${cases} cases`);
    samples.push({ atSeconds: round((Date.now() - started) / 1000), memory: s.memory() });
    http.close();

    const seconds = (Date.now() - started) / 1000;
    const endpoints = [...rec.endpoints.entries()].map(([name, e]) => ({ name, ...summarise(e.latencies, e.errors, seconds * 1000), firstErrors: e.firstErrors }));
    const errors = endpoints.reduce((a, e) => a + e.errors, 0);
    const minuteMean = (from: number, to: number) => {
      const inRange = samples.filter((x) => x.atSeconds >= from && x.atSeconds <= to);
      const avg = (k: keyof Memory) => round(inRange.reduce((a, x) => a + (x.memory[k] ?? 0), 0) / (inRange.length || 1));
      return { temporal: avg('temporal'), worker: avg('worker'), api: avg('api') };
    };
    const sixths = Array.from({ length: 6 }, (_, i) => ({ from: round((seconds * i) / 6), to: round((seconds * (i + 1)) / 6) }))
      .map((w) => ({ ...w, ...minuteMean(w.from, w.to) }));
    const trend = (from: number) => Object.fromEntries((['api', 'worker', 'temporal'] as const).map((k) =>
      [k, round(trendPerMinute(samples.filter((x) => x.atSeconds >= from).map((x) => [x.atSeconds, x.memory[k] ?? 0])), 2)])) as Record<keyof Memory, number>;
    const first = minuteMean(0, 60);
    const last = minuteMean(seconds - 60, seconds);
    const result = {
      startedAt: new Date(started).toISOString(), minutes, clients, seconds: round(seconds), cases, appeals, errors,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version },
      endpoints,
      memory: {
        firstMinute: first, lastMinute: last, bySixth: sixths, samples,
        trendMiBPerMinute: trend(60),
        secondHalfTrendMiBPerMinute: trend(seconds / 2),
      },
    };
    const stamp = result.startedAt.replace(/[:.]/g, '-');
    fs.mkdirSync(BENCH_DIR, { recursive: true });
    const file = path.join(BENCH_DIR, `load-${stamp}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

    const total = endpoints.reduce((a, e) => a + e.n, 0);
    const out = [
      `# Load run, ${result.startedAt}: ${clients} clients, ${round(seconds)} s, ${cases} whole cases (${appeals} through a review and a re-review to a final close, the rest rated and withdrawn), ${total} requests (${(total / seconds).toFixed(1)}/s), ${errors} errors`,
      '',
      table(['endpoint', 'requests', 'per second', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors'],
        endpoints.map((e) => [e.name, e.n, e.perSecond.toFixed(1), ms(e.p50), ms(e.p90), ms(e.p99), ms(e.max), e.errors])),
      ...endpoints.flatMap((e) => e.firstErrors.map((m) => `  error in ${e.name}: ${m}`)),
      '',
      'Resident memory (mean of the samples taken every 5 s):',
      '',
      table(['process', 'first minute', 'last minute', 'change', 'min', 'max', 'trend after the first minute', 'trend over the second half'], (['api', 'worker', 'temporal'] as const).map((k) => {
        const values = samples.map((x) => x.memory[k] ?? 0);
        const change = (last[k] ?? 0) - (first[k] ?? 0);
        const slope = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(1)} MiB/min` : '-');
        return [k, mib(first[k]), mib(last[k]), `${change >= 0 ? '+' : ''}${change.toFixed(0)} MiB (${((change / (first[k] || 1)) * 100).toFixed(0)}%)`,
          mib(Math.min(...values)), mib(Math.max(...values)), slope(result.memory.trendMiBPerMinute[k]), slope(result.memory.secondHalfTrendMiBPerMinute[k])];
      })),
      '',
      'Mean resident memory by sixth of the run (MiB):',
      '',
      table(['process', ...sixths.map((w) => `${(w.from / 60).toFixed(seconds < 600 ? 1 : 0)}-${(w.to / 60).toFixed(seconds < 600 ? 1 : 0)} min`)],
        (['api', 'worker', 'temporal'] as const).map((k) => [k, ...sixths.map((w) => mib(w[k]))])),
      '',
      'Trend: least-squares slope of the samples after the first minute (warm-up: JIT, caches, connection pools); ' +
        'RSS includes garbage not yet collected, so single samples swing by tens of MiB.',
      '',
      `Figures: ${path.relative(ROOT, file)}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    say('stopping the load stack');
    await s.stop();
  }
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`\nload failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
