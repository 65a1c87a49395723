// Reconciliation: does the database projection equal the workflow state for every petition?
// Temporal holds the truth of each case; the projection (row, timeline events, notices outbox) is
// written by the workflow's recordCaseChange activity and must match it once that write has run.
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { projectionActivities } from '../activities/projection';
import type { Db } from '../db/client';
import { viewCase, type CaseView, type Notice, type PetitionCase } from '../domain';
import { WORKFLOW_ID_PREFIX, workflowIdFor } from '../temporal/ids';
import { getCaseQuery } from '../workflows/messages';
import { compareCase, type Mismatch } from './compare';
import { emittedNotices, projectionWrites } from './projectionWrites';
import { checkReadSide, readSideConsistent, type ReadSideReport } from './readSide';
import { API_NOTICE_KEY_PREFIX } from '../db/outboxKeys';

export type { Mismatch } from './compare';

export interface ReconcileOptions {
  client: Client;
  db: Db;
  /** Default: the client's namespace. */
  namespace?: string;
  /** Check only these petitions; default every petition in the projection or in Temporal. */
  petitionIds?: string[];
  /** Re-run the projection write for a mismatched case (idempotent; see repairCase). */
  repair?: boolean;
  /** A running case that differs is checked again for this long: its projection write may be in flight. Default 5 s. */
  settleMs?: number;
  /** Queries of running workflows need a worker; this bounds the wait when there is none. Default 10 s. */
  queryTimeoutMs?: number;
  /** Cases checked at once. Default 8. */
  concurrency?: number;
  /**
   * Also check the read model (statistics counters, gauges, list rows, unit tree, search index) against
   * the rows and events; with `repair`, rebuild what differs after the cases are repaired. Default: when
   * every petition is checked.
   */
  readSide?: boolean;
}

export interface ReconcileReport {
  namespace: string;
  checkedAt: string;
  /** Petitions examined (found in the projection, in Temporal, or both). */
  checked: number;
  /** Petitions whose projection equals the workflow state. */
  consistent: number;
  mismatches: Mismatch[];
  /** Petitions with a workflow but no projection row. */
  missingRows: string[];
  /** Open projection rows whose workflow Temporal does not know. */
  missingWorkflows: string[];
  /** Closed rows whose workflow Temporal no longer keeps (past the namespace's retention): not checkable. */
  pastRetention: string[];
  /** Petitions that could not be checked, and projection writes that keep failing. */
  errors: { petitionId: string; message: string }[];
  /** Petitions whose projection --repair rewrote and that match now. */
  repaired: string[];
  /** The read model against the rows and events (src/ops/readSide.ts), when checked. */
  readSide?: ReadSideReport;
}

export const isConsistent = (r: ReconcileReport): boolean =>
  !r.mismatches.length && !r.missingRows.length && !r.missingWorkflows.length && !r.errors.length
  && (!r.readSide || readSideConsistent(r.readSide));

type Outcome =
  | { kind: 'ok' }
  | { kind: 'differs'; running: boolean; mismatches: Mismatch[]; missingRow: boolean; view: CaseView; notices: Notice[]; retrying?: string }
  | { kind: 'missingWorkflow' | 'pastRetention' }
  | { kind: 'error'; message: string };

const PETITION_WORKFLOWS = `WorkflowType = 'petitionWorkflow'`;

export async function reconcile(opts: ReconcileOptions): Promise<ReconcileReport> {
  const client = opts.namespace && opts.namespace !== opts.client.options.namespace
    ? new Client({ connection: opts.client.connection, namespace: opts.namespace, dataConverter: opts.client.options.dataConverter })
    : opts.client;
  const report: ReconcileReport = {
    namespace: client.options.namespace, checkedAt: new Date().toISOString(), checked: 0, consistent: 0,
    mismatches: [], missingRows: [], missingWorkflows: [], pastRetention: [], errors: [], repaired: [],
  };
  const ids = opts.petitionIds ?? (await allPetitionIds(client, opts.db));
  report.checked = ids.length;
  const settleMs = opts.settleMs ?? 5_000;

  await forEach(ids, opts.concurrency ?? 8, async (id) => {
    let outcome = await checkCase(client, opts, id);
    // A running case may be between its state change and its projection write: look again a little later.
    for (const until = Date.now() + settleMs; outcome.kind === 'differs' && outcome.running && Date.now() < until;) {
      await sleep(250);
      outcome = await checkCase(client, opts, id);
    }
    if (outcome.kind === 'differs' && opts.repair && !outcome.retrying) {
      try {
        await repairCase(opts.db, outcome.view, outcome.notices);
        outcome = await checkCase(client, opts, id);
        if (outcome.kind === 'ok') report.repaired.push(id);
      } catch (err) {
        report.errors.push({ petitionId: id, message: `repair failed: ${oneLine((err as Error).message)}` }); // the differences stay reported
      }
    }
    switch (outcome.kind) {
      case 'ok': report.consistent++; break;
      case 'missingWorkflow': report.missingWorkflows.push(id); break;
      case 'pastRetention': report.pastRetention.push(id); break;
      case 'error': report.errors.push({ petitionId: id, message: outcome.message }); break;
      case 'differs':
        if (outcome.missingRow) report.missingRows.push(id);
        report.mismatches.push(...outcome.mismatches);
        if (outcome.retrying) report.errors.push({ petitionId: id, message: outcome.retrying });
    }
  });
  for (const list of [report.missingRows, report.missingWorkflows, report.pastRetention, report.repaired]) list.sort();
  report.errors.sort((a, b) => a.petitionId.localeCompare(b.petitionId));
  report.mismatches.sort((a, b) => a.petitionId.localeCompare(b.petitionId));
  // After the repairs: a re-projected case adds its events to the counters again, which a rebuild evens out.
  if (opts.readSide ?? !opts.petitionIds) report.readSide = await checkReadSide(opts.db, { repair: opts.repair });
  return report;
}

/**
 * The same write the workflow's activity makes (recordCaseChange), from the workflow's current view, its
 * whole timeline and every notice it emitted. Safe at any time: the row only moves forward (lastSeq), and
 * events and notices are upserts on their unique keys, so a write racing the workflow's own changes nothing
 * twice. It cannot lower a lastSeq that is ahead of the workflow: such a row stays reported.
 */
export async function repairCase(db: Db, view: CaseView, notices: Notice[]): Promise<void> {
  await projectionActivities(db).recordCaseChange({ view, events: view.timeline, notices });
}

async function allPetitionIds(client: Client, db: Db): Promise<string[]> {
  const ids = new Set<string>();
  for (let cursor: string | undefined; ;) {
    const page = await db.petition.findMany({
      select: { id: true }, orderBy: { id: 'asc' }, take: 500, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const r of page) ids.add(r.id);
    if (page.length < 500) break;
    cursor = page.at(-1)!.id;
  }
  // Every run of every petition workflow, open or closed; continue-as-new runs share the workflow id.
  for await (const wf of client.workflow.list({ query: PETITION_WORKFLOWS })) {
    if (wf.workflowId.startsWith(WORKFLOW_ID_PREFIX)) ids.add(wf.workflowId.slice(WORKFLOW_ID_PREFIX.length));
  }
  return [...ids].sort();
}

async function checkCase(client: Client, opts: ReconcileOptions, id: string): Promise<Outcome> {
  const handle = client.workflow.getHandle(workflowIdFor(id));
  try {
    const row = await opts.db.petition.findUnique({
      where: { id },
      select: {
        id: true, status: true, unitId: true, officerId: true, leaderOwnerId: true, escalationLevel: true, overdue: true,
        nextDeadline: true, closingReason: true, closedAt: true, satisfaction: true, lastSeq: true,
        repliedAt: true, replyOnTime: true, ratedAt: true, openSupervision: true, provisionalDeadline: true, likelyRepeatOfId: true,
        nextClockKind: true, nextClockUnit: true, nextClockWarnings: true, nextClockWarningsTotal: true,
      },
    });
    let description;
    try {
      description = await handle.describe();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (!row) return { kind: 'error', message: 'neither a projection row nor a workflow' };
      return { kind: row.status === 'closed' ? 'pastRetention' : 'missingWorkflow' };
    }
    const status = description.status.name;
    const view = await workflowView(client, handle, status, opts.queryTimeoutMs ?? 10_000);
    const notices = emittedNotices(await projectionWrites(client, handle.workflowId, description.runId));
    const projectionWrite = description.raw.pendingActivities?.find((a) => a.activityType?.name === 'recordCaseChange');
    const retrying = projectionWrite && (projectionWrite.attempt ?? 1) > 1
      ? `projection write failing (attempt ${projectionWrite.attempt}): ${oneLine(projectionWrite.lastFailure?.message ?? 'no failure recorded')}`
      : undefined;
    const running = status === 'RUNNING';
    if (!row) {
      return { kind: 'differs', running, missingRow: true, view, notices, retrying, mismatches: [] };
    }
    const [events, outbox] = await Promise.all([
      opts.db.petitionEvent.findMany({ where: { petitionId: id }, select: { seq: true, type: true } }),
      // Notices the API sent itself (a query code sent again) are not the workflow's: not compared with its history.
      opts.db.notification.findMany({ where: { petitionId: id, NOT: { key: { startsWith: API_NOTICE_KEY_PREFIX } } }, select: { key: true, kind: true, recipient: true } }),
    ]);
    const mismatches = compareCase(id, { row, events, notices: outbox }, { view, notices });
    return mismatches.length ? { kind: 'differs', running, missingRow: false, view, notices, retrying, mismatches } : { kind: 'ok' };
  } catch (err) {
    return { kind: 'error', message: oneLine((err as Error).message) };
  }
}

/** Driver errors span lines (Prisma quotes the code): one line of at most 300 characters for a report. */
const oneLine = (message: string): string => {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
};

/** The workflow's view of the case: its result once completed (no worker needed), else the getCase query. */
async function workflowView(client: Client, handle: WorkflowHandle, status: string, timeoutMs: number): Promise<CaseView> {
  if (status === 'COMPLETED') {
    const c = (await handle.result()) as PetitionCase;
    return viewCase(c, c.closedAt ?? new Date().toISOString());
  }
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => handle.query(getCaseQuery));
  } catch (err) {
    throw new Error(`workflow ${status.toLowerCase()}; its state cannot be queried (is a worker running?): ${(err as Error).message}`);
  }
}

async function forEach<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
