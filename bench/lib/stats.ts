// Latency samples and closed-loop load: `concurrency` callers, each starting its next operation when
// the previous one answers, until `count` operations have run.
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Completed operations per second of wall time. */
  perSecond: number;
  wallMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(latencies: number[], errors: number, wallMs: number): Summary {
  const s = [...latencies].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length, errors, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99),
    max: s.at(-1) ?? NaN, mean, perSecond: wallMs > 0 ? (s.length / wallMs) * 1000 : 0, wallMs,
  };
}

export interface RunResult { latencies: number[]; errors: number; wallMs: number; firstErrors: string[] }

/** Runs op(0..count-1) with `concurrency` callers; an operation that throws counts as an error. */
export async function closedLoop(count: number, concurrency: number, op: (i: number) => Promise<unknown>, onDone?: () => void): Promise<RunResult> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const caller = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push((err as Error).message);
      }
      onDone?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  return { latencies, errors, wallMs: performance.now() - started, firstErrors };
}

export function merge(runs: RunResult[]): RunResult {
  return {
    latencies: runs.flatMap((r) => r.latencies),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    wallMs: runs.reduce((a, r) => a + r.wallMs, 0),
    firstErrors: runs.flatMap((r) => r.firstErrors).slice(0, 5),
  };
}

export const round = (v: number, digits = 1): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

/** CPU milliseconds per operation, per process, over a stretch of work. */
export type CpuMs = Record<'temporal' | 'worker' | 'api' | 'bench' | 'total', number>;
type CpuSample = Record<'temporal' | 'worker' | 'api' | 'bench', number>;

export class CpuMeter {
  private spent: CpuSample = { temporal: 0, worker: 0, api: 0, bench: 0 };
  private ops = 0;
  constructor(private readonly read: () => CpuSample) {}

  /** Runs `work` and charges the CPU every process used meanwhile to `ops` operations. */
  async measure<T>(ops: number, work: () => Promise<T>): Promise<T> {
    const before = this.read();
    const out = await work();
    const after = this.read();
    for (const k of Object.keys(this.spent) as (keyof CpuSample)[]) this.spent[k] += after[k] - before[k];
    this.ops += ops;
    return out;
  }

  perOp(): CpuMs {
    const per = (v: number) => round((v / Math.max(1, this.ops)) * 1000, 2);
    const s = this.spent;
    return { temporal: per(s.temporal), worker: per(s.worker), api: per(s.api), bench: per(s.bench), total: per(s.temporal + s.worker + s.api + s.bench) };
  }
}
