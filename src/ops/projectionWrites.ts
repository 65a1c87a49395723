// What a petition workflow handed to its projection activity, read back from its recorded history.
// The notices a case emitted live only there (the case state does not keep them), so this is the
// reference the outbox is checked against.
import type { Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { CaseChange } from '../activities';
import type { Notice } from '../domain';

const ACTIVITY = 'recordCaseChange';

/** The recordCaseChange inputs of every run of a workflow, oldest run first (continue-as-new starts new runs). */
export async function projectionWrites(client: Client, workflowId: string, latestRunId: string): Promise<CaseChange[]> {
  const runs: CaseChange[][] = [];
  const seen = new Set<string>();
  for (let runId: string | undefined = latestRunId; runId && !seen.has(runId);) {
    seen.add(runId);
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const writes: CaseChange[] = [];
    let previousRun: string | undefined;
    for (const event of history.events ?? []) {
      const started = event.workflowExecutionStartedEventAttributes;
      if (started) previousRun = started.continuedExecutionRunId || undefined;
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== ACTIVITY) continue;
      const [change] = await decodeArrayFromPayloads(client.options.loadedDataConverter, scheduled.input?.payloads);
      writes.push(change as CaseChange);
    }
    runs.unshift(writes);
    runId = previousRun;
  }
  return runs.flat();
}

/** Every notice the workflow emitted, once per key, in the order emitted. */
export function emittedNotices(writes: CaseChange[]): Notice[] {
  const byKey = new Map<string, Notice>();
  for (const w of writes) for (const n of w.notices) if (!byKey.has(n.key)) byKey.set(n.key, n);
  return [...byKey.values()];
}
