// Worker memory with many open petitions, each waiting on a live timer (its acceptance clock's next marker).
// They are started with the raw client at high concurrency, which is also how long a backlog takes to load.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { resolvePolicy, type PolicyDocument } from '../../src/domain';
import { workflowIdFor } from '../../src/temporal/ids';
import { registrationFor, startPetition } from '../lib/drivers';
import { submission } from '../lib/fixtures';
import { Progress } from '../lib/progress';
import { TASK_QUEUE, type Account, type Cpu, type Memory } from '../lib/stack';
import { closedLoop, CpuMeter, round, type CpuMs } from '../lib/stats';
import { eventTypeName } from './history';

export interface OpenPetitionsResult {
  petitions: number;
  concurrency: number;
  startSeconds: number;
  startedPerSecond: number;
  errors: number;
  /** CPU each process spent per petition started. */
  cpuMsPerStart: CpuMs;
  runningWorkflows: number;
  /** Open before this part started (left by the earlier parts). */
  runningBefore: number;
  workerRssPeakMiB: number;
  sampleLastEvents: string[];
  /** The SDK's default sticky cache size for the worker process (src/worker.ts does not set one). */
  maxCachedWorkflows: number;
  workerHeapLimitMiB: number;
  memoryBefore: Memory;
  memoryAfter: Memory;
  /** Worker RSS while they were being started, by petitions started so far. */
  workerRssCurve: { started: number; rssMiB: number }[];
  firstErrors: string[];
}

/** What Worker.create computes when maxCachedWorkflows is not given (@temporalio/worker 1.24, reuseV8Context). */
export function defaultMaxCachedWorkflows(): { max: number; heapMiB: number } {
  const out = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'], { encoding: 'utf8' });
  const heapMiB = Number(out.stdout) / 1024 / 1024;
  return { max: Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10), heapMiB: Math.round(heapMiB) };
}

const meanMemory = (samples: Memory[]): Memory => {
  const avg = (k: keyof Memory) => round(samples.reduce((a, s) => a + (s[k] ?? 0), 0) / samples.length);
  return { temporal: avg('temporal'), worker: avg('worker'), api: avg('api') };
};

export async function openPetitions(
  client: Client, policy: PolicyDocument, as: Account, count: number, concurrency: number, memory: () => Memory, cpu: () => Cpu, settleSeconds = 10,
): Promise<OpenPetitionsResult> {
  const meter = new CpuMeter(cpu);
  const open = async () => (await client.workflow.count(`TaskQueue = '${TASK_QUEUE}' AND ExecutionStatus = 'Running'`)).count;
  const runningBefore = await open();
  const before = meanMemory([memory()]);
  const progress = new Progress(`starting ${count} open petitions`, count);
  const curve: { started: number; rssMiB: number }[] = [{ started: 0, rssMiB: before.worker ?? 0 }];
  let started = 0;
  const every = Math.max(1, Math.floor(count / 20));
  const ids: string[] = [];
  const run = await meter.measure(count, () => closedLoop(count, concurrency, async () => {
    const body = submission();
    const reg = registrationFor(body, as.actor);
    await startPetition(client, reg, resolvePolicy(policy, body.organisationId, body.class));
    ids.push(reg.id);
  }, () => {
    progress.tick();
    if (++started % every === 0) curve.push({ started, rssMiB: round(memory().worker ?? 0) });
  }));
  progress.finish(`${(run.latencies.length / (run.wallMs / 1000)).toFixed(0)} per second`);

  // Let the last projections and the GC settle, then average a few samples.
  await sleep(settleSeconds * 1000);
  const samples: Memory[] = [];
  for (let i = 0; i < 5; i++) { samples.push(memory()); await sleep((settleSeconds * 1000) / 10); }

  const runningWorkflows = await open();
  // Each one should be asleep on its wake-up timer: the last events of a sample show it.
  const sample = ids[Math.floor(ids.length / 2)];
  const events = (sample ? (await client.workflow.getHandle(workflowIdFor(sample)).fetchHistory()).events : undefined) ?? [];
  const cache = defaultMaxCachedWorkflows();
  return {
    petitions: count,
    concurrency,
    startSeconds: round(run.wallMs / 1000),
    startedPerSecond: round(run.latencies.length / (run.wallMs / 1000)),
    errors: run.errors,
    cpuMsPerStart: meter.perOp(),
    runningWorkflows,
    runningBefore,
    workerRssPeakMiB: Math.max(...curve.map((c) => c.rssMiB), ...samples.map((m) => m.worker ?? 0)),
    sampleLastEvents: events.slice(-3).map(eventTypeName),
    maxCachedWorkflows: cache.max,
    workerHeapLimitMiB: cache.heapMiB,
    memoryBefore: before,
    memoryAfter: meanMemory(samples),
    workerRssCurve: curve,
    firstErrors: run.firstErrors,
  };
}
