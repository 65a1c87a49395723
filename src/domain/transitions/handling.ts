// Handling (办理): assignment, extensions (延期, W34), approved pauses (听证, W36), the answers and the ratings.
import { activeHandlingClock } from '../actions';
import type { CommandOf } from '../commands';
import type { Draft } from '../draft';
import { noteBreach } from '../clocks';
import type { Clock } from '../types';
import { answered, appealed, deliver, opinion, rated } from './answers';

const DAY_MS = 24 * 60 * 60 * 1000;

export function assign(d: Draft, cmd: CommandOf<'assign'>): void {
  const c = d.case;
  const from = c.unitId;
  c.unitId = cmd.unitId;
  c.officerId = cmd.officerId;
  if (cmd.leaderOwnerId) c.leaderOwnerId = cmd.leaderOwnerId;
  // Rules 2: in a review the review body assigns its own officer; the case stays in review.
  if (!d.current || c.status === 'accepted') c.status = 'in_handling';
  if (d.current) {
    const clock = activeHandlingClock(c);
    if (clock) noteBreach(clock, d.now, from);
    if (clock) clock.unitId = cmd.unitId;
  } else {
    for (const k of c.clocks) if (k.kind === 'handling' && k.stoppedAt === undefined) k.unitId = cmd.unitId;
  }
  const e = d.event('assigned', { unitId: cmd.unitId, officerId: cmd.officerId, leaderOwnerId: cmd.leaderOwnerId });
  d.notify(e, 'officer', 'case_assigned', {}, cmd.officerId);
  if (cmd.leaderOwnerId) d.notify(e, 'leader', 'case_owned', {}, cmd.leaderOwnerId);
}

/** The clock moves with the case; a breach already recorded stays with the unit that held it then. */
export function reassign(d: Draft, cmd: CommandOf<'reassign'>): void {
  const c = d.case;
  const from = { unitId: c.unitId, officerId: c.officerId };
  c.unitId = cmd.unitId;
  c.officerId = cmd.officerId;
  const clock = activeHandlingClock(c);
  // Overdue before the wake-up ran: the breach is still the unit's that held the clock.
  if (clock && d.current) noteBreach(clock, d.now, from.unitId);
  if (clock) clock.unitId = cmd.unitId;
  if (c.status === 'accepted') c.status = 'in_handling';
  const e = d.event('reassigned', { from, unitId: cmd.unitId, officerId: cmd.officerId });
  d.notify(e, 'officer', 'case_assigned', {}, cmd.officerId);
}

export function requestExtension(d: Draft, cmd: CommandOf<'requestExtension'>): void {
  d.case.pendingExtension = { days: cmd.days, reason: cmd.reason, requestedAt: d.now, requestedBy: d.actorId };
  const e = d.event('extension_requested', { days: cmd.days, reason: cmd.reason });
  d.notify(e, 'supervisor', 'extension_requested', { days: cmd.days });
}

export function decideExtension(d: Draft, cmd: CommandOf<'decideExtension'>): void {
  const c = d.case;
  const pending = c.pendingExtension!;
  c.pendingExtension = undefined;
  if (!cmd.approve) {
    const e = d.event('extension_refused', { reason: cmd.reason });
    d.notify(e, 'officer', 'extension_refused', { reason: cmd.reason }, c.officerId);
    return;
  }
  const days = cmd.days ?? pending.days;
  const clock = activeHandlingClock(c)!;
  clock.extensionDays += days;
  d.recomputeDueDate(clock.id);
  // The petitioner is told why (W34).
  const e = d.event('extension_approved', { days, reason: pending.reason, clockId: clock.id }, 'extension');
  d.notifyPetitioner(e, 'extension', { days, reason: pending.reason });
  d.notify(e, 'officer', 'extension_approved', { days }, c.officerId);
}

/** A pending request that can no longer be granted (the answer came, or the period ended) is closed where the supervisor sees it. */
export function closePendingRequests(d: Draft, why: 'answered' | 'due_date_passed'): void {
  const c = d.case;
  const e = (type: string, data: Record<string, unknown>) => d.event(type, { ...data, why });
  if (c.pendingExtension) {
    const ev = e('extension_request_closed', { days: c.pendingExtension.days, requestedBy: c.pendingExtension.requestedBy });
    d.notify(ev, 'supervisor', 'extension_request_closed', { days: c.pendingExtension.days, why });
    c.pendingExtension = undefined;
  }
  if (c.pendingPause) {
    const ev = e('pause_request_closed', { days: c.pendingPause.days, requestedBy: c.pendingPause.requestedBy });
    d.notify(ev, 'supervisor', 'pause_request_closed', { days: c.pendingPause.days, why });
    c.pendingPause = undefined;
  }
}

export function requestPause(d: Draft, cmd: CommandOf<'requestPause'>): void {
  const clock = activeHandlingClock(d.case)!;
  d.case.pendingPause = { clockId: clock.id, days: cmd.days, reason: cmd.reason, requestedAt: d.now, requestedBy: d.actorId };
  const e = d.event('pause_requested', { clockId: clock.id, days: cmd.days, reason: cmd.reason });
  d.notify(e, 'supervisor', 'pause_requested', { days: cmd.days });
}

/** Approved, the pause starts now and ends by itself after the approved days; the petitioner is told. */
export function decidePause(d: Draft, cmd: CommandOf<'decidePause'>): void {
  const c = d.case;
  const pending = c.pendingPause!;
  c.pendingPause = undefined;
  if (!cmd.approve) {
    const e = d.event('pause_refused', { reason: cmd.reason });
    d.notify(e, 'officer', 'pause_refused', { reason: cmd.reason }, pending.requestedBy);
    return;
  }
  const clock = c.clocks.find((k) => k.id === pending.clockId)!;
  const days = cmd.days ?? pending.days;
  const until = new Date(Date.parse(d.now) + days * DAY_MS).toISOString();
  clock.pauses.push({ from: d.now, reason: pending.reason, by: pending.requestedBy, approvedBy: d.actorId, days, until });
  const e = d.event('clock_paused', { clockId: clock.id, clockKind: clock.kind, days, until, reason: pending.reason }, 'pause');
  d.notifyPetitioner(e, 'pause', { days, until, reason: pending.reason });
  d.notify(e, 'officer', 'pause_approved', { days, until }, pending.requestedBy);
}

/** Rules 1 only: the officer paused the clock alone. */
export function pauseClock(d: Draft, cmd: CommandOf<'pauseClock'>): void {
  const clock = activeHandlingClock(d.case)!;
  clock.pauses.push({ from: d.now, reason: cmd.reason, by: d.actorId });
  d.event('clock_paused', { clockId: clock.id, reason: cmd.reason });
}

/** Ends the open pause at `at` (now, or the approved end): its time is not counted. */
export function endPause(d: Draft, clock: Clock, at: string, auto: boolean): void {
  const open = clock.pauses.find((p) => p.to === undefined)!;
  open.to = at;
  const pausedMs = Date.parse(at) - Date.parse(open.from);
  clock.pausedMs += pausedMs;
  d.recomputeDueDate(clock.id);
  if (!d.current) {
    d.event('clock_resumed', { clockId: clock.id, pausedMs });
    return;
  }
  const e = d.event('clock_resumed', { clockId: clock.id, clockKind: clock.kind, pausedMs, auto }, 'pause');
  d.notifyPetitioner(e, 'pause', { resumed: true });
}

export function resumeClock(d: Draft): void {
  endPause(d, activeHandlingClock(d.case)!, d.now, false);
}

export function reply(d: Draft, cmd: CommandOf<'reply'>): void {
  const op = opinion(d, cmd);
  d.case.reply = op;
  if (d.current) closePendingRequests(d, 'answered');
  d.case.pendingExtension = undefined;
  d.stopClocks(['handling']);
  answered(d, 'handling', 'reply', op, lastClock(d, 'handling'));
}

export function issueReviewOpinion(d: Draft, cmd: CommandOf<'issueReviewOpinion'>): void {
  const op = opinion(d, cmd);
  d.case.reviewOpinion = op;
  if (d.current) closePendingRequests(d, 'answered');
  d.stopClocks(['reviewHandling']);
  answered(d, 'review', 'review_opinion', op, lastClock(d, 'reviewHandling'));
}

export function issueReReviewOpinion(d: Draft, cmd: CommandOf<'issueReReviewOpinion'>): void {
  const op = opinion(d, cmd);
  d.case.reReviewOpinion = op;
  if (d.current) closePendingRequests(d, 'answered');
  d.stopClocks(['reReviewHandling']);
  answered(d, 're_review', 're_review_opinion', op, lastClock(d, 'reReviewHandling'));
}

const lastClock = (d: Draft, kind: Clock['kind']): Clock | undefined => [...d.case.clocks].reverse().find((k) => k.kind === kind);

/** 送达 by post, in person or fax: recorded with the day it happened. */
export function recordDelivery(d: Draft, cmd: CommandOf<'recordDelivery'>): void {
  deliver(d, d.case.stage, cmd.deliveredAt, cmd.method);
}

export function evaluate(d: Draft, cmd: CommandOf<'evaluate'>): void {
  rated(d, cmd.rating, 'petitioner', cmd.comment, cmd.source);
}

export function recordReturnVisit(d: Draft, cmd: CommandOf<'recordReturnVisit'>): void {
  rated(d, cmd.outcome, 'return_visit', cmd.notes);
}

export function requestReview(d: Draft, cmd: CommandOf<'requestReview'>): void {
  appealed(d, 'review', cmd.reason, cmd.source);
}

export function requestReReview(d: Draft, cmd: CommandOf<'requestReReview'>): void {
  appealed(d, 're_review', cmd.reason, cmd.source);
}

