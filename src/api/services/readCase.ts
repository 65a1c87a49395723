// The case as it is now: from the workflow while it runs, from its final projection once closed.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { viewCase, type CaseView } from '../../domain';
import { snapshotOf } from '../../db/snapshots';
import { workflowIdFor } from '../../temporal/ids';
import { getCaseQuery } from '../../workflows/messages';
import { notFound } from '../errors';

/**
 * Remaining time, overdue and allowed actions as of the request. A query answers with the workflow's
 * own clock, which stands still at its last task: an idle case would show the time left back then.
 */
export const freshView = (view: CaseView, now = new Date().toISOString()): CaseView => viewCase(view, now);

/** `status` is the projection's, from the scope check that precedes every read. */
export async function readCase(deps: { client: Client; db: Db }, petitionId: string, status: string): Promise<CaseView> {
  // A closed case's workflow has completed (and is deleted after the namespace's retention); the
  // projection holds the final state it wrote before completing, so no worker needs to replay it.
  if (status === 'closed') return freshView(await finalView(deps.db, petitionId));
  try {
    return freshView(await deps.client.workflow.getHandle(workflowIdFor(petitionId)).query(getCaseQuery));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return freshView(await finalView(deps.db, petitionId));
    throw err;
  }
}

async function finalView(db: Db, petitionId: string): Promise<CaseView> {
  const view = await snapshotOf(db, petitionId);
  if (!view) throw notFound('petition');
  return view;
}
