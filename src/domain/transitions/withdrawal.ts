// Withdrawal (撤回) is the petitioner's act: their own, or recorded by an intake officer from their
// letter, call or visit. Under supervision or escalation a supervisor must agree.
import { noteBreach } from '../clocks';
import type { CommandOf } from '../commands';
import type { Draft } from '../draft';
import type { ActSource } from '../types';

/** Under supervision (督办) or escalation the office has taken the case up: a supervisor decides. */
export const needsSupervisorForWithdrawal = (d: Draft): boolean =>
  d.case.escalationLevel > 0 || d.case.supervision.some((n) => !n.answeredAt);

export function withdraw(d: Draft, cmd: CommandOf<'withdraw'>): void {
  if (!d.current) {
    d.event('withdrawn', { reason: cmd.reason });
    return d.close('withdrawn');
  }
  const request = { reason: cmd.reason ?? '', at: d.now, by: d.actorId, ...(cmd.source ? { source: cmd.source } : {}) };
  if (needsSupervisorForWithdrawal(d)) {
    d.case.pendingWithdrawal = request;
    const e = d.event('withdrawal_requested', { reason: request.reason, ...(cmd.source ? { source: cmd.source } : {}) });
    d.notify(e, 'supervisor', 'withdrawal_requested', {});
    return;
  }
  withdrawNow(d, request);
}

export function decideWithdrawal(d: Draft, cmd: CommandOf<'decideWithdrawal'>): void {
  const request = d.case.pendingWithdrawal!;
  d.case.pendingWithdrawal = undefined;
  if (!cmd.approve) {
    const e = d.event('withdrawal_refused', { reason: cmd.reason });
    d.notify(e, 'petitioner', 'withdrawal_refused', { reason: cmd.reason });
    return;
  }
  withdrawNow(d, request, d.actorId);
}

/**
 * Overdue clocks stay late (the close cancels only what has not breached). After an answer that has
 * no rating yet, the return visit is still owed: the case closes once it is recorded.
 */
function withdrawNow(d: Draft, request: { reason: string; at: string; by: string; source?: ActSource }, approvedBy?: string): void {
  const c = d.case;
  // A clock already past its due date stays late, even if the wake-up that records the breach has not run.
  for (const k of c.clocks) noteBreach(k, d.now, c.unitId);
  const e = d.event('withdrawn', { reason: request.reason, ...(request.source ? { source: request.source } : {}), ...(approvedBy ? { approvedBy } : {}) });
  if (c.status !== 'awaiting_evaluation' && c.status !== 'return_visit_required') return d.close('withdrawn');
  c.withdrawal = request;
  d.cancelClocks(['evaluation', 'reviewRequest', 'reReviewRequest']);
  if (c.status === 'awaiting_evaluation') {
    c.status = 'return_visit_required';
    d.startClock('returnVisit');
    d.notify(e, 'officer', 'return_visit_required', {}, c.officerId);
  }
}
