// The API against the raw client, cell by cell (scenario x concurrency), on the same server in the same run.
// Each cell runs in rounds ordered API, raw, raw, API, ... so a drift of the server (a growing database,
// a warming cache) cannot favour one side.
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

export async function compare<T>(spec: CompareSpec<T>, api: Driver, raw: Driver, cpu: () => Cpu): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const c of spec.concurrencies) {
    // Every round runs at least twice the concurrency, or the cell would mostly measure a lower one.
    const samples = Math.max(spec.samples, spec.rounds * c * 2);
    const items = await spec.prepare(samples * 2, c);
    const progress = new Progress(`${spec.scenario} c=${c}`, samples * 2);
    const perRound = Math.ceil(samples / spec.rounds);
    const runs: Record<'api' | 'raw', RunResult[]> = { api: [], raw: [] };
    const used = { api: 0, raw: 0 };
    const meters = { api: new CpuMeter(cpu), raw: new CpuMeter(cpu) };
    for (let r = 0; r < spec.rounds; r++) {
      const order: Driver[] = r % 2 === 0 ? [api, raw] : [raw, api];
      for (const d of order) {
        const count = Math.min(perRound, samples - used[d.name]);
        if (count <= 0) continue;
        const base = (d.name === 'api' ? 0 : samples) + used[d.name];
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
    progress.finish(`API p50 ${cell.api.p50.toFixed(1)} ms, raw p50 ${cell.raw.p50.toFixed(1)} ms`);
    cells.push(cell);
  }
  return cells;
}
