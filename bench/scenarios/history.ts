// History events per lifecycle: one happy path and one appeal path through the API, then each
// workflow's history counted by event type and split by the update that caused it.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../src/temporal/ids';
import type { Driver } from '../lib/drivers';
import { APPEAL_PATH, HAPPY_PATH, submission, type Step } from '../lib/fixtures';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where a step's time went, from the history's event times (ms). */
export interface Timing { total: number; taskWait: number; taskRun: number; activityWait: number; activityRun: number }
export interface Segment { name: string; events: number; byType: Record<string, number>; sequence: string[]; timing: Timing }
export interface PathHistory { path: string; actions: string[]; events: number; byType: Record<string, number>; segments: Segment[] }

const EventType = temporal.api.enums.v1.EventType;

/** EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> WorkflowTaskCompleted */
export function eventTypeName(e: HistoryEvent): string {
  const raw = EventType[e.eventType ?? 0] ?? String(e.eventType);
  return raw.replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
}

/** The event type, with the attribute names for an upsert (TemporalChangeVersion comes from patched()). */
function describe(e: HistoryEvent): string {
  const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
  return fields ? `${eventTypeName(e)}(${Object.keys(fields).join(',')})` : eventTypeName(e);
}

const timeOf = (e: HistoryEvent): number => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);

/** Queue wait (scheduled to started) and run time (started to completed) of workflow tasks and activities. */
function timing(events: HistoryEvent[]): Timing {
  const t: Timing = { total: events.length ? timeOf(events.at(-1)!) - timeOf(events[0]!) : 0, taskWait: 0, taskRun: 0, activityWait: 0, activityRun: 0 };
  const at = new Map<string, number>();
  for (const e of events) {
    const name = eventTypeName(e);
    const kind = name.startsWith('WorkflowTask') ? 'task' : name.startsWith('ActivityTask') ? 'activity' : undefined;
    if (!kind) continue;
    const phase = name.replace(/^(WorkflowTask|ActivityTask)/, '');
    if (phase === 'Started' && at.has(`${kind}:Scheduled`)) t[kind === 'task' ? 'taskWait' : 'activityWait'] += timeOf(e) - at.get(`${kind}:Scheduled`)!;
    if (phase === 'Completed' && at.has(`${kind}:Started`)) t[kind === 'task' ? 'taskRun' : 'activityRun'] += timeOf(e) - at.get(`${kind}:Started`)!;
    at.set(`${kind}:${phase}`, timeOf(e));
  }
  return t;
}

function countTypes(events: HistoryEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[eventTypeName(e)] = (out[eventTypeName(e)] ?? 0) + 1;
  return out;
}

/**
 * Splits a history at each accepted update: a segment starts at the workflow task in which the update was
 * accepted and runs until the next one, so it holds what that action cost (its activities, the workflow
 * tasks that followed them, the timer re-armed for the next deadline).
 */
export function segments(events: HistoryEvent[]): Segment[] {
  const starts: { at: number; name: string }[] = [];
  events.forEach((e, i) => {
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (!accepted) return;
    let at = i;
    while (at > 0 && eventTypeName(events[at]!) !== 'WorkflowTaskScheduled') at--;
    starts.push({ at: starts.length === 0 ? 0 : at, name: accepted.acceptedRequest?.input?.name ?? '?' });
  });
  return starts.map((s, k) => {
    const slice = events.slice(s.at, starts[k + 1]?.at ?? events.length);
    return { name: k === 0 ? `start + ${s.name}` : s.name, events: slice.length, byType: countTypes(slice), sequence: slice.map(describe), timing: timing(slice) };
  });
}

async function runPath(client: Client, d: Driver, name: string, steps: Step[]): Promise<PathHistory> {
  const p = await d.submit(submission());
  for (const s of steps) await d.act(p.id, s.action, s.fields, s.as);
  const handle = client.workflow.getHandle(workflowIdFor(p.id));
  await handle.result();
  const events = (await handle.fetchHistory()).events ?? [];
  return { path: name, actions: ['submit', ...steps.map((s) => s.action)], events: events.length, byType: countTypes(events), segments: segments(events) };
}

export async function historyPerLifecycle(client: Client, d: Driver): Promise<PathHistory[]> {
  return [await runPath(client, d, 'happy', HAPPY_PATH), await runPath(client, d, 'appeal', APPEAL_PATH)];
}
