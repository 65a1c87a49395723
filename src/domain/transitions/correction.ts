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
  // The clocks the closing ended: cancelled then (or, for a non-acceptance, the acceptance clock it answered).
  const stopped = c.clocks.filter((k) => k.stoppedAt === closedAt && k.kind !== 'supervisionReply'
    && (k.outcome === 'cancelled' || (closingReason !== 'withdrawn' && k.kind === 'acceptance')));
  const resumed: string[] = [];
  for (const k of stopped) {
    const id = d.startClock(k.kind, k.unitId, k.startedAt);
    const clock = c.clocks.find((x) => x.id === id)!;
    clock.limit = k.limit;
    clock.extensionDays = k.extensionDays;
    clock.pausedMs = k.pausedMs;
    clock.pauses = [...k.pauses, { from: closedAt, to: d.now, reason: `closed as ${closingReason} until corrected`, by: d.actorId, approvedBy: d.actorId }];
    clock.fired = [...k.fired];
    if (k.breach) clock.breach = k.breach;
    resumed.push(id);
  }
  const status: Status = closingReason === 'withdrawn' ? c.closedFrom ?? 'registered' : 'registered';
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
}
