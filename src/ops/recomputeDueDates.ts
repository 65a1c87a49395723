// After a year's holiday arrangement is loaded (`npm run admin -- calendar load`): every running petition
// whose due dates are provisional (search attribute PetitionProvisionalDeadline) is sent the
// recomputeDueDates signal, and the workflow recomputes them. Safe to run again: the signal's request id
// is derived from the petition and the arrangement, and Temporal drops a signal whose request id that run
// has already seen, so a rerun (or a second `calendar load` of the same file) signals nobody twice.
import crypto from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { signalOnce } from '../temporal/signalOnce';
import { recomputeDueDatesSignal } from '../workflows/messages';

export const PROVISIONAL_RUNNING_QUERY = "PetitionProvisionalDeadline = true AND ExecutionStatus = 'Running'";

/** Signals in flight at once: enough to go through thousands of petitions in seconds, not a flood. */
const DEFAULT_CONCURRENCY = 16;

export interface RecomputeOptions {
  /** Said to the workflow (and so to the case's timeline), e.g. which arrangement was loaded. */
  reason: string;
  /** The years whose arrangement was loaded, e.g. ['2027']. */
  calendarYears: string[];
  /** Identifies what was loaded (see arrangementKey): the same key never reaches a petition twice. */
  key: string;
  /** Only find the petitions; send nothing. */
  dryRun?: boolean;
  concurrency?: number;
}

export interface RecomputeReport {
  /** Running petitions with a provisional due date, by workflow id. */
  matched: string[];
  /** Signals accepted by Temporal (a repeat of the same key is accepted and dropped by it). 0 on a dry run. */
  signalled: number;
  /** Petitions that closed between the search and the signal: nothing left to recompute. */
  closedMeanwhile: string[];
  failed: { workflowId: string; error: string }[];
}

/** A stable digest of the loaded years' arrangements: loading the same data again gives the same key. */
export function arrangementKey(years: { year: string; holidays: readonly string[]; workdays: readonly string[] }[]): string {
  const canonical = [...years]
    .sort((a, b) => a.year.localeCompare(b.year))
    .map((y) => `${y.year}:${[...y.holidays].sort().join(',')}/${[...y.workdays].sort().join(',')}`)
    .join(';');
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/** The signal's request id for one petition and one arrangement, shaped like a UUID. */
export function recomputeRequestId(workflowId: string, key: string): string {
  const h = crypto.createHash('sha256').update(`recomputeDueDates\n${workflowId}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Workflow ids of the running petitions whose due dates are provisional (from the visibility store). */
export async function findProvisionalPetitions(client: Client): Promise<string[]> {
  const ids = new Set<string>();
  for await (const execution of client.workflow.list({ query: PROVISIONAL_RUNNING_QUERY })) ids.add(execution.workflowId);
  return [...ids];
}

/**
 * Finds the running petitions with a provisional due date and sends each the recomputeDueDates signal.
 * The list is read whole before any signal, since recomputing clears the attribute under the listing.
 * One petition's failure does not stop the others: the report lists it, and a rerun sends only what is missing.
 */
export async function signalProvisionalPetitions(client: Client, options: RecomputeOptions): Promise<RecomputeReport> {
  const matched = await findProvisionalPetitions(client);
  const report: RecomputeReport = { matched, signalled: 0, closedMeanwhile: [], failed: [] };
  if (options.dryRun) return report;

  const payload = { reason: options.reason, calendarYears: [...options.calendarYears] };
  let next = 0;
  const sender = async () => {
    while (next < matched.length) {
      const workflowId = matched[next++]!;
      try {
        await signalOnce(client, workflowId, recomputeDueDatesSignal, [payload], recomputeRequestId(workflowId, options.key));
        report.signalled++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) report.closedMeanwhile.push(workflowId);
        else report.failed.push({ workflowId, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, sender));
  return report;
}
