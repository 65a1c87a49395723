// Correction (纠错) of a petition whose workflow has ended (a non-acceptance or a withdrawal closed it):
// a new run of the same workflow id starts from the closed case and reopens it. While the workflow
// still runs (an open supervision notice keeps it alive), the reopen is an ordinary supervisor signal.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Db } from '../../db/client';
import { caseFromView, decide, type CaseView, type CommandOf } from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { PetitionClass, PetitionStatus, PetitionUnit } from '../../temporal/searchAttributes';
import { petitionWorkflow } from '../../workflows';
import { refusalError } from '../errors';
import { readCase } from './readCase';

export interface ReopenDeps { client: Client; db: Db; taskQueue: string }

/** Whether the petition's workflow still runs (then signals reach it). */
export async function workflowRunning(client: Client, petitionId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowIdFor(petitionId)).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Starts the reopening run; answers with the case as it was before (the caller waits for the projection). */
export async function reopenEnded(deps: ReopenDeps, petitionId: string, command: CommandOf<'reopen'>): Promise<CaseView> {
  const before = await readCase(deps, petitionId, 'closed');
  const decision = decide(before, command, before.asOf);
  if (!decision.ok) throw refusalError(decision.refusal, before);
  try {
    await deps.client.workflow.start(petitionWorkflow, {
      taskQueue: deps.taskQueue,
      workflowId: workflowIdFor(petitionId),
      // The earlier run ended; this one continues the same case under the same id (the Web UI lists both runs).
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: PetitionStatus, value: decision.case.status },
        { key: PetitionClass, value: before.class },
        { key: PetitionUnit, value: before.unitId ?? '' },
      ]),
      args: [{ kind: 'reopened', case: caseFromView(before), reopen: command }],
    });
  } catch (err) {
    // Another reopen of the same case started it a moment ago: the case is open again either way.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return before;
}
