// Correction (纠错): a supervisor reopens a petition that was wrongly not accepted or wrongly recorded
// as withdrawn. The clocks that the closing stopped run on, and the days the case stood closed are
// not counted (a pause from the closing to the reopening), so the petitioner loses no time and the
// unit gains none; a clock that had breached stays breached.
import type { CommandOf } from '../commands';
import type { Draft } from '../draft';
import type { ClosingReason, Status } from '../types';

/** Closings a supervisor may correct. */
export const CORRECTABLE: readonly ClosingReason[] = ['not_accepted', 'legal_procedure', 'withdrawn'];

export function reopen(d: Draft, cmd: CommandOf<'reopen'>): void {
  const c = d.case;
  const closedAt = c.closedAt!;
  const closingReason = c.closingReason!;
  // A withdrawal after an answer ended the appeal window when it was recorded; the case closed later,
  // at the return visit. Correcting it, the window runs on from the withdrawal (its days not counted).
  const afterAnswer = closingReason === 'withdrawn' ? c.withdrawal : undefined;
  // The clocks the closing ended: cancelled then, or late if they had breached (or, for a non-acceptance,
  // the acceptance clock it answered). After an answer the closing was the return visit: it ended none.
  const stopped = afterAnswer ? [] : c.clocks.filter((k) => k.stoppedAt === closedAt && k.kind !== 'supervisionReply'
    && (k.outcome === 'cancelled' || k.breach !== undefined || (closingReason !== 'withdrawn' && k.kind === 'acceptance')));
  const windows = afterAnswer
    ? c.clocks.filter((k) => k.stoppedAt === afterAnswer.at && k.outcome === 'cancelled' && (k.kind === 'reviewRequest' || k.kind === 'reReviewRequest'))
    : [];
  const resumed: string[] = [];
  for (const k of [...stopped, ...windows]) {
    const from = k.stoppedAt!;
    const id = d.startClock(k.kind, k.unitId, k.startedAt);
    const clock = c.clocks.find((x) => x.id === id)!;
    clock.limit = k.limit;
    clock.extensionDays = k.extensionDays;
    clock.pausedMs = k.pausedMs;
    clock.pauses = [...k.pauses, { from, to: d.now, reason: `closed as ${closingReason} until corrected`, by: d.actorId, approvedBy: d.actorId }];
    clock.fired = [...k.fired];
    if (k.breach) clock.breach = k.breach;
    resumed.push(id);
  }
  // After an answer the return visit has given the rating by now: the case stands as that rating left it.
  const status: Status = afterAnswer && windows.length ? 'appeal_window'
    : closingReason === 'withdrawn' ? c.closedFrom ?? 'registered' : 'registered';
  c.reopenings = [...(c.reopenings ?? []), { at: d.now, by: d.actorId, reason: cmd.reason, closingReason }];
  c.status = status;
  c.closingReason = undefined;
  c.closedAt = undefined;
  c.closedFrom = undefined;
  if (closingReason !== 'withdrawn') c.notAcceptance = undefined;
  c.withdrawal = undefined;
  const e = d.event('reopened', { reason: cmd.reason, previousClosingReason: closingReason, status, resumedClocks: resumed }, 'reopening');
  d.notifyPetitioner(e, 'reopening', { reason: cmd.reason });
  d.notify(e, 'unit', 'case_reopened', { reason: cmd.reason }, c.unitId);
  // No window to run on (the re-review was answered, or the window had lapsed): the rating closes it, as it would have.
  if (afterAnswer && !windows.length) d.close(c.stage === 're_review' ? 'final' : 'appeal_window_lapsed');
}
