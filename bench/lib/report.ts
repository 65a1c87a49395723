// The printed result: one table per figure, then what the history counts mean.
import type { BenchResults } from '../bench';
import type { PathHistory } from '../scenarios/history';
import { mib, ms, pct, table } from './table';

const TARGET_PCT = 10;

const pctOver = (v: number, base: number) => ((v - base) / base) * 100;

export function report(r: BenchResults): string {
  const out: string[] = [];
  out.push(`# Petition service bench, ${r.startedAt} (${r.seconds} s; ${r.machine.cpus} cores ${r.machine.cpuModel}, node ${r.machine.node}; ` +
    `load average ${r.machine.loadAverageAtStart[0]} at start, ${r.machine.loadAverageAtEnd?.[0] ?? '?'} at end)`);
  if (r.cells.length) {
    out.push('', '## API against the raw Temporal client (same server, same run; rounds alternate API/raw)', '');
    out.push(table(
      ['scenario', 'conc', 'n/side', 'API p50', 'raw p50', 'p50 overhead', 'API p99', 'raw p99', 'API ops/s', 'raw ops/s', 'errors API/raw', 'API proc CPU/op', 'CPU/op all API/raw'],
      r.cells.map((c) => [c.scenario, c.concurrency, c.api.n + c.api.errors, ms(c.api.p50), ms(c.raw.p50), pct(c.overheadP50Pct),
        ms(c.api.p99), ms(c.raw.p99), c.api.perSecond.toFixed(1), c.raw.perSecond.toFixed(1), `${c.api.errors}/${c.raw.errors}`,
        `${ms(c.cpuMsPerOp.api.api)} ms`, `${ms(c.cpuMsPerOp.api.total)}/${ms(c.cpuMsPerOp.raw.total)} ms`]),
    ));
    out.push('', 'Latency in ms. CPU/op: CPU time per operation, from /proc, of the API process alone, and of all processes ' +
      '(Temporal server, worker, API, bench client) for each side: on a shared machine CPU time is steadier than wall time.');
    const over = r.cells.filter((c) => c.overheadP50Pct > TARGET_PCT);
    const errors = r.cells.reduce((a, c) => a + c.api.errors + c.raw.errors, 0);
    out.push('', `Aim: API p50 within ${TARGET_PCT}% of raw, zero errors. ` +
      (over.length ? `Over the aim: ${over.map((c) => `${c.scenario} c=${c.concurrency} (${pct(c.overheadP50Pct)}` +
        `${c.relay ? `; a bare HTTP relay of the same query: ${pct(pctOver(c.relay.p50, c.raw.p50))}` : ''})`).join(', ')}.` : 'Every cell is within the aim.') +
      ` Errors: ${errors}.`);
    for (const c of r.cells) for (const e of c.firstErrors) out.push(`  error in ${c.scenario} c=${c.concurrency}: ${e}`);
    const relayed = r.cells.filter((c) => c.relay);
    if (relayed.length) {
      out.push('', '### The detail through a bare HTTP relay: what any HTTP hop in front of the query costs', '');
      out.push(table(
        ['conc', 'raw p50', 'relay p50', 'relay vs raw', 'API p50', 'API vs relay', 'HTTP proc CPU/op relay/API', 'CPU/op all relay/API/raw'],
        relayed.map((c) => [c.concurrency, ms(c.raw.p50), ms(c.relay!.p50), pct(pctOver(c.relay!.p50, c.raw.p50)), ms(c.api.p50), pct(pctOver(c.api.p50, c.relay!.p50)),
          `${ms(c.relayCpuMsPerOp!.api)}/${ms(c.cpuMsPerOp.api.api)} ms`, `${ms(c.relayCpuMsPerOp!.total)}/${ms(c.cpuMsPerOp.api.total)}/${ms(c.cpuMsPerOp.raw.total)} ms`]),
      ));
      out.push('', 'The relay (bench/lib/relay.ts) is a node:http server in its own process that answers GET /petitions/{id} with the same ' +
        'query and nothing else: no framework, authentication, scope check or database. "relay vs raw" is the price of the extra process ' +
        'and HTTP hop alone, which no API in front of Temporal avoids; "API vs relay" is what this API adds on top of that floor.');
    }
  }
  if (r.overhead) {
    out.push('', '## What the API adds to a request, step by step (each timed alone at concurrency 1, same database and server)', '');
    out.push(table(['step', 'paid by', 'p50 ms', 'p99 ms', 'note'], r.overhead.map((o) => [o.step, o.usedBy, ms(o.p50), ms(o.p99), o.note ?? ''])));
  }
  if (r.lifecycles) {
    const l = r.lifecycles;
    out.push('', `## Happy-path lifecycles (${l.requestsPerLifecycle} requests each: submit, accept with officer, reply, satisfied rating, the petitioner's withdrawal that closes it), ${l.concurrency} concurrent`, '');
    out.push(table(['side', 'lifecycles', 'per second', 'p50 ms', 'p99 ms', 'errors', 'CPU ms per lifecycle (temporal/worker/API/bench)'], (['api', 'raw'] as const).map((s) => {
      const c = l.cpuMsPerLifecycle[s];
      return [s, l[s].n, l[s].perSecond.toFixed(1), ms(l[s].p50), ms(l[s].p99), l[s].errors, `${ms(c.total)} (${ms(c.temporal)}/${ms(c.worker)}/${ms(c.api)}/${ms(c.bench)})`];
    })));
    for (const e of l.firstErrors) out.push(`  error: ${e}`);
  }
  if (r.history) {
    out.push('', '## History events per lifecycle', '');
    out.push(table(['path', 'actions', 'events', 'by type'], r.history.map((h) => [
      h.path, h.actions.join(' > '), h.events, Object.entries(h.byType).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '),
    ])));
    out.push('', 'Per step (a step starts at the workflow task that accepts its update):', '');
    out.push(table(['path', 'step', 'events', 'made of'], r.history.flatMap((h) => h.segments.map((s) => [
      h.path, s.name, s.events, Object.entries(s.byType).map(([k, v]) => `${k} ${v}`).join(', '),
    ]))));
    out.push('', ...explainHistory(r.history));
    const happy = r.history[0]!;
    out.push('', `Where the time of each ${happy.path}-path step went, from the history's event times (ms; one case at a time; ` +
      'wait = scheduled to started, run = started to completed; the rest is the server between them):', '');
    out.push(table(['step', 'total', 'workflow tasks wait', 'workflow tasks run', 'activities wait', 'activities run'],
      happy.segments.map((s) => [s.name, s.timing.total, s.timing.taskWait, s.timing.taskRun, s.timing.activityWait, s.timing.activityRun])));
  }
  if (r.memory) {
    const m = r.memory;
    out.push('', `## Worker memory with ${m.petitions} open petitions holding live timers`, '');
    out.push(table(['petitions', 'started in', 'per second', 'errors', 'open before / after', 'worker RSS before', 'worker RSS peak', 'worker RSS after', 'API RSS', 'Temporal RSS', 'sticky cache'], [[
      m.petitions, `${m.startSeconds} s`, m.startedPerSecond, m.errors, `${m.runningBefore} / ${m.runningWorkflows}`, mib(m.memoryBefore.worker), mib(m.workerRssPeakMiB),
      mib(m.memoryAfter.worker), mib(m.memoryAfter.api), mib(m.memoryAfter.temporal), `${m.maxCachedWorkflows} (SDK default)`,
    ]]));
    out.push('', `Worker RSS by petitions started: ${m.workerRssCurve.filter((_, i, a) => i % Math.ceil(a.length / 10) === 0 || i === a.length - 1).map((c) => `${c.started}: ${c.rssMiB.toFixed(0)}`).join(', ')} MiB.`);
    const c = m.cpuMsPerStart;
    out.push('', `CPU per petition started: ${ms(c.total)} ms (Temporal server ${ms(c.temporal)}, worker ${ms(c.worker)}, bench client ${ms(c.bench)}).`);
    out.push('', `The worker keeps at most ${m.maxCachedWorkflows} workflows in its sticky cache (the SDK default for a ${m.workerHeapLimitMiB} MiB heap; ` +
      `src/worker.ts sets none), so memory stops growing once the cache is full: a petition outside the cache costs the worker nothing ` +
      `until its timer fires, when its history is replayed. A sample petition's last events: ${m.sampleLastEvents.join(', ')}.`);
    for (const e of m.firstErrors) out.push(`  error: ${e}`);
  }
  if (r.deadlines) {
    const d = r.deadlines;
    out.push('', `## ${d.deadlines} deadlines in the ${d.windowSeconds === 60 ? 'minute' : `${d.windowSeconds} s`} from ${d.minute}`, '');
    out.push(table(['measured from the marker to', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'min ms'], [
      ['the workflow handling it (deadline_warning event)', ms(d.handledLatenessMs.p50), ms(d.handledLatenessMs.p90), ms(d.handledLatenessMs.p99), ms(d.handledLatenessMs.max), ms(d.handledLatenessMs.min)],
      ['its notice in the outbox (projection written)', ms(d.outboxLatenessMs.p50), ms(d.outboxLatenessMs.p90), ms(d.outboxLatenessMs.p99), ms(d.outboxLatenessMs.max), ms(d.outboxLatenessMs.min)],
    ]));
    out.push('', `${d.handled} of ${d.deadlines} handled; started in ${d.startSeconds} s (${d.startedBeforeMinute} before the window opened); ` +
      `last notice ${d.drainedSecondsAfterMinute} s after the window closed; errors ${d.errors}. ` +
      `Markers: ${Object.entries(d.markers).map(([k, v]) => `${k} ${v}`).join(', ')}; organisations: ${Object.entries(d.organisations).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
      'Each petition is a letter received days ago and registered now, so its acceptance clock (which starts at receipt) ' +
      'has its first warning inside the window (bench/lib/placeMarker.ts); bench organisations with an earlier first warning ' +
      'make every minute of the day reachable (bench/scenarios/deadlines.ts).');
    for (const e of d.firstErrors) out.push(`  error: ${e}`);
  }
  for (const f of r.failures) out.push('', `## FAILED: ${f.part}`, '', f.error);
  return out.join('\n');
}

const CATEGORIES: [RegExp, string, number][] = [
  [/^WorkflowTask/, 'workflow task', 3],
  [/^WorkflowExecutionUpdate/, 'update accepted/completed', 0],
  [/^ActivityTask/, 'activity', 3],
  [/^Timer/, 'timer', 0],
  [/^MarkerRecorded/, 'patch marker', 0],
  [/^UpsertWorkflowSearchAttributes/, 'search-attribute upsert', 0],
  [/^WorkflowExecution(Started|Completed)/, 'start/end', 0],
];

/** "20 = 9 (3 workflow tasks) + 6 (2 activities) + ..." from a step's event types. */
function breakdown(byType: Record<string, number>): string {
  const parts = CATEGORIES.map(([re, name, per]) => {
    const n = Object.entries(byType).filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0);
    if (!n) return undefined;
    const plural = (w: string) => (w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`);
    return per ? `${n} (${n / per} ${n / per === 1 ? name : plural(name)})` : `${n} ${name}`;
  }).filter(Boolean);
  return parts.join(' + ');
}

function explainHistory(history: PathHistory[]): string[] {
  const seen = new Map<string, Set<string>>();
  for (const h of history) for (const s of h.segments) {
    const key = `${s.events}|${breakdown(s.byType)}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(s.name));
  }
  return [
    'How each step adds up:',
    ...[...seen.entries()].map(([key, names]) => `- ${[...names].join(', ')}: ${key.split('|')[0]} = ${key.split('|')[1]}`),
    '',
    'Why: a step is one update (accepted and completed events). Its workflow task accepts it, cancels the wake-up',
    'timer and schedules the due-date activity when the step starts a clock (a workflow task follows each activity);',
    'the next task upserts the Web UI search attributes and schedules the projection activity (database row,',
    'timeline, notices outbox); the last one completes the update and arms the timer for the next deadline. The',
    'closing step starts no clock, so it has no due-date activity and no new timer, and ends with',
    'WorkflowExecutionCompleted. At registration the three patched() guards each record a marker plus an upsert of',
    "Temporal's TemporalChangeVersion attribute, once per workflow. On the statutory rules a reply or opinion is",
    'delivered at once online and starts two clocks (the rating and the appeal window); a review request also runs',
    'the review-body activity (the unit above). The appeal path (review, then re-review, to a final close) costs more',
    'than the happy path by those extra steps; the happy path closes by the petitioner\'s withdrawal after the rating.',
  ];
}
