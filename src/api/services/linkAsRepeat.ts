// An officer links a case flagged as a likely repeat (重复信访) to the open case of the same matter: the
// open case records it with its text (for the officer; never public), and this case closes as not
// accepted on its own (W19). The submitter is told that their submission was added to a case being
// handled, not which one: the matter key alone never proves they are that case's petitioner.
import crypto from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CaseView, Command, Principal } from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { actionUpdates, getCaseQuery } from '../../workflows/messages';
import { ApiError, closedCaseError, refusalError } from '../errors';
import { assertInScope } from './caseAccess';
import type { ActionDeps } from './performAction';
import { freshView } from './readCase';

export const REPEAT_NOT_ACCEPTED = {
  reason: '重复信访 (W19): the same matter is already being handled as an open petition; this submission was added to it and is answered there.',
  redirectTo: 'The answer to the open petition of the same matter, which now includes this submission.',
};

export async function linkAsRepeat(
  deps: ActionDeps, principal: Principal, petitionId: string, body: { repeatOf?: string }, idempotencyKey?: string,
): Promise<CaseView> {
  const owner = await assertInScope(deps.db, principal, petitionId);
  if (owner.status === 'closed') throw closedCaseError('linkAsRepeat');
  const handle = deps.client.workflow.getHandle(workflowIdFor(owner.id));
  const c = freshView(await handle.query(getCaseQuery));
  if (!c.allowedActions.includes('notAccept')) {
    throw refusalError({ code: 'not_allowed', message: `only a registered or routed petition can be linked as a repeat; this one is ${c.status} and is handled as a case of its own` }, c);
  }
  const targetId = body.repeatOf ?? c.likelyRepeatOf?.id;
  const bad = (message: string) => new ApiError(400, 'validation_failed', `repeatOf: ${message}`, [{ field: 'repeatOf', message }]);
  if (!targetId) throw bad('required: this petition is not flagged as a likely repeat, so name the open petition it repeats');
  const target = await assertInScope(deps.db, principal, targetId);
  if (target.id === owner.id) throw bad('a petition cannot repeat itself');
  if (target.status === 'closed') {
    throw refusalError({ code: 'not_allowed', message: `the petition it repeats (${target.id}) is closed; a repeat of a closed matter is declined on its own (notAccept)` }, c);
  }

  // The open case records the submission once (its update id is this case's), with the text the petitioner sent.
  const link: Command = {
    type: 'linkRepeat', actor: { id: principal.userId, role: principal.role, unitId: principal.unitId },
    submissionId: owner.id, receivedAt: c.receivedAt, channel: c.channel, title: c.title, content: c.content, queryCode: c.queryCode, basis: 'officer',
  };
  try {
    await deps.client.workflow.getHandle(workflowIdFor(target.id)).executeUpdate(actionUpdates.linkRepeat, { args: [link], updateId: `link-${owner.id}` });
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
    throw refusalError({ code: 'not_allowed', message: `the petition it repeats (${target.id}) no longer accepts it (it closed or moved on); nothing was done` }, c);
  }
  const decline: Command = { type: 'notAccept', actor: link.actor, ...REPEAT_NOT_ACCEPTED };
  const updateId = idempotencyKey
    ? crypto.createHash('sha256').update(`${principal.userId}|${owner.id}|linkAsRepeat|${idempotencyKey}`).digest('hex').slice(0, 32)
    : `repeat-${owner.id}`;
  return handle.executeUpdate(actionUpdates.notAccept, { args: [decline as Extract<Command, { type: 'notAccept' }>], updateId });
}
