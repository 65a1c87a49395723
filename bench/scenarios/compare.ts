// The API against the raw client, cell by cell (scenario x concurrency), on the same server in the same run.
// Each cell runs in rounds ordered API, raw, raw, API, ... so a drift of the server (a growing database,
// a warming cache) cannot favour one side. The detail also runs through a bare HTTP relay (lib/relay.ts).
import type { Driver } from '../lib/drivers';
import { Progress } from '../lib/progress';
import type { Cpu } from '../lib/stack';
import { closedLoop, CpuMeter, merge, summarise, type CpuMs, type RunResult, type Summary } from '../lib/stats';

export interface Cell {
  scenario: string;
  concurrency: number;
  api: Summary;
  raw: Summary;
  /** (API p50 - raw p50) / raw p50, in percent. */
  overheadP50Pct: number;
  /** The bare HTTP relay of the same operation, where measured (detail): the floor of any HTTP hop. */
  relay?: Summary;
  relayCpuMsPerOp?: CpuMs;
  /** CPU per operation of each process (the machine is shared: CPU time says more than wall time). */
  cpuMsPerOp: { api: CpuMs; raw: CpuMs };
  firstErrors: string[];
}

export interface CompareSpec<T> {
  scenario: string;
  concurrencies: number[];
  /** Operations per side per cell (at least 2 x rounds x concurrency). */
  samples: number;
  rounds: number;
  /** What each operation works on (e.g. fresh petitions to accept); `count` items for both sides together. */
  prepare(count: number, concurrency: number): Promise<T[]>;
  op(driver: Driver, item: T): Promise<unknown>;
}

export async function compare<T>(spec: CompareSpec<T>, api: Driver, raw: Driver, cpu: () => Cpu, relay?: Driver): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const c of spec.concurrencies) {
    // Every round runs at least twice the concurrency, or the cell would mostly measure a lower one.
    const samples = Math.max(spec.samples, spec.rounds * c * 2);
    const sides = relay ? 3 : 2;
    const items = await spec.prepare(samples * sides, c);
    const progress = new Progress(`${spec.scenario} c=${c}`, samples * sides);
    const perRound = Math.ceil(samples / spec.rounds);
    const runs: Record<Driver['name'], RunResult[]> = { api: [], raw: [], relay: [] };
    const used = { api: 0, raw: 0, relay: 0 };
    const offset = { api: 0, raw: samples, relay: samples * 2 };
    const meters = { api: new CpuMeter(cpu), raw: new CpuMeter(cpu), relay: new CpuMeter(cpu) };
    for (let r = 0; r < spec.rounds; r++) {
      const order: Driver[] = r % 2 === 0 ? [api, raw, ...(relay ? [relay] : [])] : [...(relay ? [relay] : []), raw, api];
      for (const d of order) {
        const count = Math.min(perRound, samples - used[d.name]);
        if (count <= 0) continue;
        const base = offset[d.name] + used[d.name];
        used[d.name] += count;
        runs[d.name].push(await meters[d.name].measure(count, () => closedLoop(count, c, (i) => spec.op(d, items[base + i]!), () => progress.tick())));
      }
    }
    const a = merge(runs.api);
    const w = merge(runs.raw);
    const cell: Cell = {
      scenario: spec.scenario,
      concurrency: c,
      api: summarise(a.latencies, a.errors, a.wallMs),
      raw: summarise(w.latencies, w.errors, w.wallMs),
      overheadP50Pct: 0,
      cpuMsPerOp: { api: meters.api.perOp(), raw: meters.raw.perOp() },
      firstErrors: [...a.firstErrors.map((e) => `api: ${e}`), ...w.firstErrors.map((e) => `raw: ${e}`)],
    };
    cell.overheadP50Pct = ((cell.api.p50 - cell.raw.p50) / cell.raw.p50) * 100;
    if (relay) {
      const l = merge(runs.relay);
      cell.relay = summarise(l.latencies, l.errors, l.wallMs);
      cell.relayCpuMsPerOp = meters.relay.perOp();
      cell.firstErrors.push(...l.firstErrors.map((e) => `relay: ${e}`));
    }
    progress.finish(`API p50 ${cell.api.p50.toFixed(1)} ms, raw p50 ${cell.raw.p50.toFixed(1)} ms`);
    cells.push(cell);
  }
  return cells;
}
