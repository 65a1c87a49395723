// What the Temporal server itself holds, read with the bare gRPC service (no data converter, no codec):
// what anyone with access to the server, its database or its Web UI sees.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

/** Every event of one run, page by page. */
export async function rawHistory(connection: Connection, namespace: string, workflowId: string, runId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace, execution: { workflowId, runId }, maximumPageSize: 100, nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** Every run of a workflow, oldest first, following continue-as-new back from the latest run. */
export async function rawRuns(connection: Connection, namespace: string, workflowId: string): Promise<{ runId: string; events: HistoryEvent[] }[]> {
  const latest = await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } });
  const runs: { runId: string; events: HistoryEvent[] }[] = [];
  for (let runId = latest.workflowExecutionInfo?.execution?.runId ?? undefined; runId;) {
    const events = await rawHistory(connection, namespace, workflowId, runId);
    runs.unshift({ runId, events });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

/** The event's kind: the name of its attributes field, e.g. `activityTaskScheduled`. */
export function eventKind(e: HistoryEvent): string {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k]);
  return key ? key.slice(0, -'EventAttributes'.length) : 'unknown';
}

/** Every payload anywhere inside a message (inputs, results, memo, headers, failure details, markers), with where it was. */
export function payloadsIn(message: unknown, at = ''): { at: string; payload: Payload }[] {
  if (!message || typeof message !== 'object' || message instanceof Uint8Array) return [];
  const m = message as Record<string, unknown>;
  if (m.data instanceof Uint8Array && (m.metadata === undefined || typeof m.metadata === 'object')) return [{ at, payload: m as Payload }];
  return Object.entries(m).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x, i) => payloadsIn(x, `${at}.${k}[${i}]`)) : payloadsIn(v, `${at}.${k}`)));
}

export const metadataText = (p: Payload, key: string): string | undefined => {
  const v = p.metadata?.[key];
  return v ? Buffer.from(v).toString('utf8') : undefined;
};

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

/**
 * The secrets found in some bytes: as UTF-8, as JSON's \u escapes, and inside any base64 run in them
 * (decoded, recursively one level), so that neither a nested encoding nor a JSON escape hides plaintext.
 */
export function plaintextIn(bytes: Uint8Array, secrets: readonly string[]): string[] {
  const forms = (s: string) => [Buffer.from(s, 'utf8'), Buffer.from(JSON.stringify(s).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'utf8')];
  const search = (buf: Buffer, depth: number): Set<string> => {
    const found = new Set(secrets.filter((s) => forms(s).some((f) => buf.includes(f))));
    if (depth > 0) {
      for (const run of buf.toString('latin1').match(BASE64_RUN) ?? []) {
        for (const s of search(Buffer.from(run, 'base64'), depth - 1)) found.add(s);
      }
    }
    return found;
  };
  return [...search(Buffer.from(bytes), 2)];
}

/** The serialised event, as the server stores and sends it. */
export const eventBytes = (e: HistoryEvent): Uint8Array => temporal.api.history.v1.HistoryEvent.encode(e).finish();
