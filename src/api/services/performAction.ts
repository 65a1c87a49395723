// A case action: scope, references, then an update (validated in the workflow) or a supervisor signal
// (checked against the case first, since a signal cannot answer back).
import crypto from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { ACTION_ROLES, decide, type CaseView, type Command, type CommandOf, type PersonAction, type Principal } from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { signalOnce } from '../../temporal/signalOnce';
import { actionUpdates, getCaseQuery, SIGNAL_ACTIONS, supervisionSignals, type SignalAction, type UpdateAction } from '../../workflows/messages';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { ApiError, closedCaseError, refusalError, toApiError } from '../errors';
import { freshView } from './readCase';
import { reopenEnded, workflowRunning } from './reopenPetition';
import { assertInScope, assertReferences } from './caseAccess';

export interface ActionDeps { client: Client; db: Db; taskQueue: string }

/** Derived from the Idempotency-Key when there is one, so a retry carries the same id. */
const requestIdFor = (p: Principal, petitionId: string, action: string, key?: string): string =>
  key ? crypto.createHash('sha256').update(`${p.userId}|${petitionId}|${action}|${key}`).digest('hex').slice(0, 32) : crypto.randomUUID();

export const isSignalAction = (a: PersonAction): a is SignalAction => (SIGNAL_ACTIONS as readonly string[]).includes(a);

/**
 * A refusal tells a petitioner what they may do now, not what staff may: the case's allowed actions
 * are narrowed to their role's (the status is public anyway, on the tracking page).
 */
function forCaller(err: unknown, principal: Principal): unknown {
  if (principal.role !== 'petitioner') return err;
  const api = toApiError(err);
  if (api.code !== 'action_not_allowed') return err;
  const details = api.details as { status: string; allowedActions: string[] };
  const own = details.allowedActions.filter((a) => Object.hasOwn(ACTION_ROLES, a) && ACTION_ROLES[a as PersonAction].includes('petitioner'));
  return new ApiError(api.status, api.code, api.message, { ...details, allowedActions: own });
}

export async function performAction(
  deps: ActionDeps, principal: Principal, petitionId: string, action: PersonAction, body: Record<string, unknown>, idempotencyKey?: string,
): Promise<{ signalled: boolean; petition: CaseView }> {
  try {
    return await act(deps, principal, petitionId, action, body, idempotencyKey);
  } catch (err) {
    throw forCaller(err, principal);
  }
}

async function act(
  deps: ActionDeps, principal: Principal, petitionId: string, action: PersonAction, body: Record<string, unknown>, idempotencyKey?: string,
): Promise<{ signalled: boolean; petition: CaseView }> {
  // The office that routed the case decides the receiving unit's objection, though the case sits there (W23).
  const owner = await assertInScope(deps.db, principal, petitionId, { routingOffice: action === 'decideObjection' });
  petitionId = owner.id;
  await assertReferences(deps.db, principal, body, owner.unitId);
  const command = { ...body, type: action, actor: { id: principal.userId, role: principal.role, unitId: principal.unitId } } as Command;
  const handle = deps.client.workflow.getHandle(workflowIdFor(petitionId));

  if (action === 'reopen' && !(await workflowRunning(deps.client, petitionId))) {
    const before = await reopenEnded(deps, petitionId, command as CommandOf<'reopen'>);
    await projected(deps.db, petitionId, before.seq + 1);
    return { signalled: true, petition: freshView(await handle.query(getCaseQuery)) };
  }

  if (isSignalAction(action)) {
    const before = freshView(await handle.query(getCaseQuery));
    const decision = decide(before, command, before.asOf);
    if (!decision.ok) throw refusalError(decision.refusal, before);
    // The request id makes a retried signal (same Idempotency-Key) a no-op in Temporal itself.
    await signalOnce(deps.client, handle.workflowId, supervisionSignals[action] as SignalDefinition<[Command]>, [command], requestIdFor(principal, petitionId, action, idempotencyKey));
    // A query after a signal is answered once the signal is processed, so this shows its effect, or
    // that the case moved on between the check and the signal and the workflow refused it.
    const after = freshView(await handle.query(getCaseQuery));
    // Unchanged with an Idempotency-Key: a retry whose first attempt applied it (Temporal dropped the
    // duplicate), so the answer is the case as it is. Unchanged without one: the workflow refused it.
    if (after.seq === before.seq && !idempotencyKey) {
      throw refusalError({ code: 'not_allowed', message: `the petition changed before "${action}" arrived; nothing was done` }, after);
    }
    // Scope and lists read the projection: answer once it shows the signal, as an update does. The
    // projection is written after the signal's effects (a new due date), so the case read then shows them.
    await projected(deps.db, petitionId, after.seq);
    return { signalled: true, petition: freshView(await handle.query(getCaseQuery)) };
  }

  // The update id makes a retried action (same Idempotency-Key) a no-op in the workflow as well.
  const updateId = requestIdFor(principal, petitionId, action, idempotencyKey);
  const update = actionUpdates[action as UpdateAction] as UpdateDefinition<CaseView, [Command]>;
  try {
    const petition = await handle.executeUpdate(update, { args: [command], updateId });
    return { signalled: false, petition };
  } catch (err) {
    // A closed case's workflow has completed: nothing more is allowed, which is a 409, not a 404.
    if (err instanceof WorkflowNotFoundError && (await isClosed(deps.db, petitionId))) throw closedCaseError(action);
    throw err;
  }
}

/** Waits (briefly) until the projection row reflects the case's sequence number. */
async function projected(db: Db, petitionId: string, seq: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const row = await db.petition.findUnique({ where: { id: petitionId }, select: { lastSeq: true } });
    if (row && row.lastSeq >= seq) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function isClosed(db: Db, petitionId: string): Promise<boolean> {
  return (await db.petition.findUnique({ where: { id: petitionId }, select: { status: true } }))?.status === 'closed';
}
