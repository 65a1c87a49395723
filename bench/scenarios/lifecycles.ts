// Whole happy-path lifecycles per second: submit, accept (with the case officer), reply, satisfied rating,
// and the petitioner's withdrawal that closes it (a rating no longer closes a case: see HAPPY_PATH).
import type { Driver } from '../lib/drivers';
import { HAPPY_PATH, submission } from '../lib/fixtures';
import { Progress } from '../lib/progress';
import type { Cpu } from '../lib/stack';
import { closedLoop, CpuMeter, merge, summarise, type CpuMs, type RunResult, type Summary } from '../lib/stats';

export interface LifecycleResult {
  concurrency: number; requestsPerLifecycle: number; api: Summary; raw: Summary;
  cpuMsPerLifecycle: { api: CpuMs; raw: CpuMs }; firstErrors: string[];
}

export async function lifecycle(d: Driver): Promise<void> {
  const p = await d.submit(submission());
  let last = p;
  for (const step of HAPPY_PATH) last = await d.act(p.id, step.action, step.fields, step.as);
  if (last.status !== 'closed') throw new Error(`lifecycle ended in ${last.status}, not closed`);
}

export async function lifecycles(api: Driver, raw: Driver, count: number, concurrency: number, cpu: () => Cpu): Promise<LifecycleResult> {
  const progress = new Progress(`lifecycles c=${concurrency}`, count * 2);
  const runs: Record<'api' | 'raw', RunResult[]> = { api: [], raw: [] };
  const half = Math.ceil(count / 2);
  const meters = { api: new CpuMeter(cpu), raw: new CpuMeter(cpu) };
  // API, raw, raw, API: no side gets only the early or only the late part of the run.
  for (const d of [api, raw, raw, api]) {
    const side = d.name as 'api' | 'raw';
    const n = Math.min(half, count - runs[side].reduce((a, r) => a + r.latencies.length + r.errors, 0));
    if (n > 0) runs[side].push(await meters[side].measure(n, () => closedLoop(n, concurrency, () => lifecycle(d), () => progress.tick())));
  }
  const a = merge(runs.api);
  const w = merge(runs.raw);
  const result = {
    concurrency,
    requestsPerLifecycle: 1 + HAPPY_PATH.length,
    api: summarise(a.latencies, a.errors, a.wallMs),
    raw: summarise(w.latencies, w.errors, w.wallMs),
    cpuMsPerLifecycle: { api: meters.api.perOp(), raw: meters.raw.perOp() },
    firstErrors: [...a.firstErrors.map((e) => `api: ${e}`), ...w.firstErrors.map((e) => `raw: ${e}`)],
  };
  progress.finish(`API ${result.api.perSecond.toFixed(1)}/s, raw ${result.raw.perSecond.toFixed(1)}/s`);
  return result;
}
