// `npm run bench`: starts its own stack and measures, in one run on the same server, the API against the raw
// Temporal client (submission, an officer action, petition detail), whole lifecycles per second, history
// events per lifecycle, worker memory with many open petitions, and deadline lateness when many deadlines
// fall in the same minute. Prints one table; writes .bench/results-<time>.json and .bench/chart-<time>.svg.
//   --quick                smoke run (< 2 min)
//   --samples N            operations per side per cell (default 200, quick 20)
//   --concurrency 1,8,32   concurrencies of the API/raw cells (default 1,8,32; quick 1,8)
//   --lifecycles N         happy-path lifecycles per side (default 100, quick 16)
//   --open N               open petitions for the memory figure (default 10000, quick 300)
//   --deadlines N          deadlines in the same minute (default 1000; quick 100 in the same 10 s)
//   --only a,b             only these parts: submit, action, detail, overhead, lifecycles, history, console, memory, deadlines, readside
//   --console-cases N      cases in the console's inbox scope (default 10000, quick 1000)
//   --sizes 10000,...      readside: the database sizes, in cases (default 10000,100000,1000000; quick 2000,20000)
//   --read-samples N       readside: requests per request kind and size (default 200, quick 30)
//   --keep                 keep the run folder (Temporal and SQLite files, logs) under .bench/
//   --profile api,worker   run those processes under the V8 CPU profiler and print where their CPU went
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePolicy } from '../src/domain';
import { loadCalendar, loadPolicy } from '../src/policy/load';
import { parseArgs, num, stopOnSignals } from './lib/args';
import { chart } from './lib/chart';
import { summariseProfile } from './lib/cpuProfile';
import { table } from './lib/table';
import { apiDriver, rawDriver, registrationFor, relayDriver, startPetition, type Driver } from './lib/drivers';
import { submission } from './lib/fixtures';
import { jsonClient } from './lib/http';
import { say } from './lib/progress';
import { report } from './lib/report';
import { BENCH_DIR, ROOT, startStack, type Stack } from './lib/stack';
import { closedLoop } from './lib/stats';
import { compare, type Cell } from './scenarios/compare';
import { consoleFigures, type ConsoleResult } from './scenarios/console';
import { deadlines, type DeadlinesResult } from './scenarios/deadlines';
import { historyPerLifecycle, type PathHistory } from './scenarios/history';
import { lifecycles, type LifecycleResult } from './scenarios/lifecycles';
import { openPetitions, type OpenPetitionsResult } from './scenarios/openPetitions';
import { overhead, type Step as OverheadStep } from './scenarios/overhead';
import { readSide, readSideReport, type ReadSideResult } from './readside/run';

const PARTS = ['submit', 'action', 'detail', 'overhead', 'lifecycles', 'history', 'console', 'memory', 'deadlines', 'readside'] as const;

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  options: Record<string, unknown>;
  cells: Cell[];
  failures: { part: string; error: string }[];
  overhead?: OverheadStep[];
  lifecycles?: LifecycleResult;
  history?: PathHistory[];
  console?: ConsoleResult;
  memory?: OpenPetitionsResult;
  deadlines?: DeadlinesResult;
  readside?: ReadSideResult;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    quick: 'flag', keep: 'flag', profile: 'value', 'console-cases': 'value', samples: 'value', concurrency: 'value', lifecycles: 'value', open: 'value', deadlines: 'value', only: 'value',
    sizes: 'value', 'read-samples': 'value',
  });
  const quick = !!args.quick;
  const opts = {
    quick,
    samples: num(args.samples, quick ? 20 : 200),
    rounds: quick ? 2 : 4,
    concurrencies: typeof args.concurrency === 'string' ? args.concurrency.split(',').map((c) => num(c, 1)) : quick ? [1, 8] : [1, 8, 32],
    lifecycles: num(args.lifecycles, quick ? 16 : 100),
    lifecycleConcurrency: 8,
    open: num(args.open, quick ? 300 : 10_000),
    consoleCases: num(args['console-cases'], quick ? 1000 : 10_000),
    deadlines: num(args.deadlines, quick ? 100 : 1000),
    // A smoke run cannot wait for the next wall-clock minute: its deadlines share 10 seconds instead.
    deadlineWindowSeconds: quick ? 10 : 60,
    startConcurrency: 64,
    only: typeof args.only === 'string' ? args.only.split(',') : [...PARTS],
    sizes: typeof args.sizes === 'string' ? args.sizes.split(',').map((x) => num(x, 1)) : quick ? [2000, 20_000] : [10_000, 100_000, 1_000_000],
    readSamples: num(args['read-samples'], quick ? 30 : 200),
  };
  for (const p of opts.only) if (!PARTS.includes(p as never)) throw new Error(`--only: unknown part ${p} (one of ${PARTS.join(', ')})`);
  const want = (p: (typeof PARTS)[number]) => opts.only.includes(p);

  const t0 = Date.now();
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  if (opts.only.every((p) => p === 'readside')) return readSideOnly(opts, t0, loadAverageAtStart, !!args.keep);
  let stack: Stack | undefined;
  stopOnSignals(() => stack?.stop());
  const stamp = new Date(t0).toISOString().replace(/[:.]/g, '-');
  const profile = typeof args.profile === 'string' ? args.profile.split(',') as ('api' | 'worker')[] : [];
  for (const p of profile) if (p !== 'api' && p !== 'worker') throw new Error(`--profile: api or worker, not ${p}`);
  const profileDir = path.join(BENCH_DIR, `profiles-${stamp}`);
  stack = await startStack({ keep: !!args.keep, say, profile, profileDir, relay: true });
  try {
    const policy = loadPolicy(path.join(ROOT, 'policy', 'default.json'));
    const calendar = loadCalendar(path.join(ROOT, 'policy', 'calendars', 'CN.json'));
    const http = jsonClient(stack.apiUrl);
    const api = apiDriver(http, stack.accounts);
    const raw = rawDriver(stack.client, policy, stack.accounts);
    const relay = relayDriver(jsonClient(stack.relayUrl!));
    const s = stack;

    // Fresh registered petitions for the action cells, started with the raw client (not measured).
    const fresh = async (count: number): Promise<string[]> => {
      const ids: string[] = [];
      const run = await closedLoop(count, opts.startConcurrency, async () => {
        const body = submission();
        const reg = registrationFor(body, s.accounts.petitioner.actor);
        await startPetition(s.client, reg, resolvePolicy(policy, body.organisationId, body.class));
        ids.push(reg.id);
      });
      if (run.errors) throw new Error(`could not start ${run.errors} petitions: ${run.firstErrors.join(' | ')}`);
      return ids;
    };

    say('warming up both sides');
    await warmUp(api, raw, relay, await fresh(40));

    // Petitions registered by the submission cells (either side) wait in this pool to be accepted by the action cells.
    const registered: string[] = [];
    const take = async (n: number) => {
      if (registered.length < n) registered.push(...await fresh(n - registered.length));
      return registered.splice(0, n);
    };
    const cpu = () => s.cpu();
    const results: BenchResults = {
      startedAt: new Date(t0).toISOString(),
      seconds: 0,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart },
      options: opts,
      cells: [],
      failures: [],
    };
    // A part that fails is reported with the others' figures rather than losing a long run.
    const part = async (name: (typeof PARTS)[number], run: () => Promise<void>) => {
      if (!want(name)) return;
      try {
        await run();
      } catch (err) {
        say(`${name} failed: ${(err as Error).message}`);
        results.failures.push({ part: name, error: (err as Error).stack ?? (err as Error).message });
      }
    };
    const common = { concurrencies: opts.concurrencies, samples: opts.samples, rounds: opts.rounds };
    await part('submit', async () => {
      results.cells.push(...await compare({
        ...common, scenario: 'submit',
        prepare: async (n) => Array.from({ length: n }, () => submission()),
        op: async (d, body) => registered.push((await d.submit(body)).id),
      }, api, raw, cpu));
    });
    await part('action', async () => {
      results.cells.push(...await compare({ ...common, scenario: 'action (accept)', prepare: take, op: (d, id) => d.act(id, 'accept', {}, 'intake') }, api, raw, cpu));
    });
    await part('detail', async () => {
      const pool = await fresh(50);
      results.cells.push(...await compare({
        ...common, scenario: 'detail',
        prepare: async (n) => Array.from({ length: n }, (_, i) => pool[i % pool.length]!),
        op: (d, id) => d.detail(id),
      }, api, raw, cpu, relay));
    });
    await part('overhead', async () => {
      say('timing the steps the API adds, one by one');
      const [probe] = await fresh(1);
      results.overhead = await overhead(s.db, s.client, http, s.accounts, probe!, quick ? 50 : 200);
    });
    await part('lifecycles', async () => { results.lifecycles = await lifecycles(api, raw, opts.lifecycles, opts.lifecycleConcurrency, cpu); });
    await part('history', async () => {
      say('history events: one happy path and one appeal path through the API');
      results.history = await historyPerLifecycle(s.client, api);
    });
    await part('console', async () => {
      results.console = await consoleFigures(s.db, s.apiUrl, s.accounts.officer, opts.consoleCases, quick ? 3 : 5);
    });
    await part('memory', async () => {
      results.memory = await openPetitions(s.client, policy, s.accounts.petitioner, opts.open, opts.startConcurrency, () => s.memory(), cpu, quick ? 3 : 10);
    });
    await part('deadlines', async () => {
      const rate = results.memory?.startedPerSecond ?? 30;
      results.deadlines = await deadlines(s.client, s.db, policy, calendar, s.accounts.intake, opts.deadlines, opts.startConcurrency, rate, opts.deadlineWindowSeconds);
    });
    http.close();
    // Last, on its own databases and API process, once the stack is stopped.
    await stack.stop();
    await part('readside', async () => {
      results.readside = await readSide({ sizes: opts.sizes, samples: opts.readSamples, keep: !!args.keep, dir: path.join(BENCH_DIR, `readside-${stamp}`) });
    });
    results.seconds = Math.round((Date.now() - t0) / 1000);
    results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

    fs.mkdirSync(BENCH_DIR, { recursive: true });
    const jsonFile = path.join(BENCH_DIR, `results-${stamp}.json`);
    const svgFile = path.join(BENCH_DIR, `chart-${stamp}.svg`);
    fs.writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(svgFile, chart({
      title: `petition service bench ${results.startedAt} (${results.machine.cpus} cores)`,
      cells: results.cells,
      workerRss: results.memory?.workerRssCurve,
      lateness: results.deadlines ? [
        { label: 'handled p50', value: results.deadlines.handledLatenessMs.p50 },
        { label: 'handled p99', value: results.deadlines.handledLatenessMs.p99 },
        { label: 'handled max', value: results.deadlines.handledLatenessMs.max },
        { label: 'outbox p50', value: results.deadlines.outboxLatenessMs.p50 },
        { label: 'outbox p99', value: results.deadlines.outboxLatenessMs.p99 },
        { label: 'outbox max', value: results.deadlines.outboxLatenessMs.max },
      ] : undefined,
    }));
    process.stdout.write(`${report(results)}\n${results.readside ? `\n${readSideReport(results.readside)}\n` : ''}\nFigures: ${path.relative(ROOT, jsonFile)}\nChart:   ${path.relative(ROOT, svgFile)}\n`);
    if (results.failures.length) process.exitCode = 1;
  } finally {
    say('stopping the bench stack');
    await stack.stop();
  }
  // The profiles are written when the processes exit.
  for (const p of profile) {
    const dir = path.join(profileDir, p);
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')) : []) {
      const rows = summariseProfile(path.join(dir, f), ROOT);
      process.stdout.write(`\n## CPU profile of the ${p} process (${path.relative(ROOT, path.join(dir, f))}), self time\n\n` +
        `${table(['in', 'ms', '% of busy'], rows.map((r) => [r.owner, r.ms, r.pct]))}\n`);
    }
  }
}

/** `--only readside`: no Temporal stack; seeded databases and the API alone. */
async function readSideOnly(opts: { sizes: number[]; readSamples: number }, t0: number, loadAverageAtStart: number[], keep: boolean): Promise<void> {
  const stamp = new Date(t0).toISOString().replace(/[:.]/g, '-');
  const dir = path.join(BENCH_DIR, `readside-${stamp}`);
  const result = await readSide({ sizes: opts.sizes, samples: opts.readSamples, keep, dir });
  const file = path.join(BENCH_DIR, `readside-${stamp}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  fs.writeFileSync(file, `${JSON.stringify({ startedAt: new Date(t0).toISOString(), seconds: Math.round((Date.now() - t0) / 1000), machine, ...result }, null, 2)}\n`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${readSideReport(result)}\n\nMachine: ${machine.cpus} × ${machine.cpuModel}, load average ${loadAverageAtStart.join(' ')} at start, ${machine.loadAverageAtEnd.join(' ')} at the end\nFigures: ${path.relative(ROOT, file)}\n`);
}

/** A few of every operation on each side, so neither pays for connection set-up or JIT in its first cell. */
async function warmUp(api: Driver, raw: Driver, relay: Driver, ids: string[]): Promise<void> {
  const half = ids.length / 2;
  const relayed = await closedLoop(half, 4, (i) => relay.detail(ids[i]!));
  if (relayed.errors) throw new Error(`warm-up: ${relayed.errors} relay operations failed: ${relayed.firstErrors.join(' | ')}`);
  for (const [d, mine] of [[api, ids.slice(0, half)], [raw, ids.slice(half)]] as const) {
    for (const run of [
      await closedLoop(20, 4, () => d.submit(submission())),
      await closedLoop(mine.length, 4, (i) => d.detail(mine[i]!)),
      await closedLoop(mine.length, 4, (i) => d.act(mine[i]!, 'accept', {}, 'intake')),
    ]) {
      // A side that fails here (e.g. an API route missing) would only produce a table of errors.
      if (run.errors) throw new Error(`warm-up: ${run.errors} ${d.name} operations failed: ${run.firstErrors.join(' | ')}`);
    }
  }
}

main().then(() => process.exit(), (err: Error) => {
  process.stderr.write(`\nbench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
