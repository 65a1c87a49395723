// Time passing: which warnings, escalations, window lapses and pause ends are due at `now`.
// The workflow sleeps until nextWakeAt() and then calls tick(); each marker is recorded as fired,
// so it happens exactly once however often the workflow wakes or replays.
import { isCurrentRules, runningClock } from './actions';
import { isOverdue, isPaused, isRunning, isWindow, markers, pauseEndsAt, pendingMarkers } from './clocks';
import type { Effect } from './commands';
import { Draft } from './draft';
import { closePendingRequests, endPause } from './transitions/handling';
import type { Clock, PetitionCase } from './types';

const rulesOf = (c: PetitionCase) => c.rules ?? 1;

export function nextWakeAt(c: PetitionCase): number | undefined {
  let next: number | undefined;
  const consider = (at: number | undefined) => {
    if (at !== undefined && (next === undefined || at < next)) next = at;
  };
  for (const clock of c.clocks) {
    consider(pendingMarkers(clock, c.policy, rulesOf(c))[0]?.at);
    if (isCurrentRules(c)) consider(pauseEndsAt(clock));
  }
  return next;
}

export function isCaseOverdue(c: PetitionCase, now: string): boolean {
  return c.clocks.some((k) => isOverdue(k, now));
}

/**
 * The earliest due date among running clocks: what ops sort by. A paused clock has none until it
 * resumes (its due date moves by the paused time). `countPaused` is the first release's rule, kept
 * for workflows that replay under it.
 */
export function nextDeadline(c: PetitionCase, { countPaused = false } = {}): string | undefined {
  return c.clocks
    .filter((k) => isRunning(k) && (countPaused || !isPaused(k)) && k.dueAt !== undefined)
    .map((k) => k.dueAt!)
    .sort()[0];
}

/** The clock that sets the next deadline, and how far along its warnings are: what a case list shows. */
export interface DeadlineClock {
  clock: Clock;
  /** Warning markers (warn:*) of this clock already fired. */
  warningsFired: number;
  /** Warning markers the policy gives this clock (0 for a window such as the objection period). */
  warningsTotal: number;
}

/** The running, unpaused clock whose due date is nextDeadline (the first of them if two fall together). */
export function nextDeadlineClock(c: PetitionCase): DeadlineClock | undefined {
  const due = nextDeadline(c);
  const clock = due === undefined ? undefined : c.clocks.find((k) => isRunning(k) && !isPaused(k) && k.dueAt === due);
  if (!clock) return undefined;
  const warnings = markers(clock, c.policy, rulesOf(c)).filter((m) => m.id.startsWith('warn:')).map((m) => m.id);
  return { clock, warningsFired: warnings.filter((id) => clock.fired.includes(id)).length, warningsTotal: warnings.length };
}

/** A case is closed and the workflow may end: nothing left open, not even a supervision notice (rules 2). */
export function isFinished(c: PetitionCase): boolean {
  return c.status === 'closed' && !(isCurrentRules(c) && c.clocks.some(isRunning));
}

function lapse(d: Draft, clock: Clock): void {
  const c = d.case;
  d.stopClocks([clock.kind], true);
  switch (clock.kind) {
    case 'objection':
      d.event('routing_confirmed', { unitId: clock.unitId });
      return;
    case 'evaluation': {
      // 满意度评价 is mandatory: without a rating the officer must do a return visit (回访).
      if (d.current && c.status !== 'awaiting_evaluation') return;
      c.status = 'return_visit_required';
      d.startClock('returnVisit');
      const e = d.event('evaluation_lapsed', { stage: c.stage });
      d.notify(e, 'officer', 'return_visit_required', {}, c.officerId);
      return;
    }
    case 'reviewRequest':
    case 'reReviewRequest':
      d.event('appeal_window_lapsed', { stage: c.stage });
      // Rules 2: the window ran beside the rating; without a rating yet, the case closes when it comes.
      if (d.current && c.status !== 'appeal_window') return;
      d.close('appeal_window_lapsed');
      return;
    default:
      return;
  }
}

function dutyMarker(d: Draft, clock: Clock, id: string, notifyNow: boolean): void {
  const c = d.case;
  const info = { clockId: clock.id, clockKind: clock.kind, dueAt: clock.dueAt };
  if (id.startsWith('warn:')) {
    if (!notifyNow) return; // a later marker is also due: only the latest warning is worth sending
    const e = d.event('deadline_warning', { ...info, marker: id });
    // Before a case officer is assigned, the intake officer (首办责任人) answers for the deadline.
    d.notify(e, 'officer', 'deadline_warning', { ...info, marker: id }, c.officerId ?? c.intakeOfficerId);
    if (id.endsWith('d')) d.notify(e, 'supervisor', 'deadline_warning', { ...info, marker: id });
    return;
  }
  if (id === 'breach') {
    c.escalationLevel = Math.max(c.escalationLevel, 1);
    c.escalations.push({ at: d.now, level: 1, reason: `${clock.kind} deadline missed`, by: 'system', clockId: clock.id });
    if (!d.current) {
      const e = d.event('deadline_breached', { ...info, level: 1 });
      d.notify(e, 'supervisor', 'deadline_breached', info);
      return;
    }
    // The unit holding the clock now answers for the breach, whoever holds the case later (a command
    // that moved or ended the overdue clock before this wake-up has recorded the breach already).
    clock.breach ??= { at: d.now, unitId: clock.unitId ?? c.unitId };
    const e = d.event('deadline_breached', { ...info, level: 1, unitId: clock.breach.unitId });
    d.notify(e, 'supervisor', 'deadline_breached', { ...info, unitId: clock.breach.unitId });
    // An extension or pause asked for and not decided can no longer be granted (W34: inside the period).
    if (runningClock(c, clock.kind) === clock && (c.pendingExtension || c.pendingPause)) closePendingRequests(d, 'due_date_passed');
    return;
  }
  // grace: still overdue after the grace period: a level higher, and 通报 (criticism) of the unit.
  const unitId = d.current ? clock.breach?.unitId ?? clock.unitId ?? c.unitId : clock.unitId ?? c.unitId;
  c.escalationLevel = Math.max(c.escalationLevel, 2);
  c.escalations.push({ at: d.now, level: 2, reason: `${clock.kind} still overdue after grace period`, by: 'system', clockId: clock.id });
  if (unitId) c.criticisms.push({ at: d.now, unitId, reason: `${clock.kind} deadline missed`, clockId: clock.id });
  const e = d.event('escalated', { ...info, level: 2, criticisedUnitId: unitId });
  d.notify(e, 'senior_supervisor', 'deadline_escalated', { ...info, level: 2 });
  if (unitId) d.notify(e, 'unit', 'criticism', info, unitId);
}

export function tick(c: PetitionCase, now: string): { case: PetitionCase; effects: Effect[]; changed: boolean } {
  const at = Date.parse(now);
  const d = new Draft(c, now, 'system');
  let changed = false;
  // Approved pauses end by themselves (rules 2); their clocks then count again from the pause's end.
  if (isCurrentRules(c)) {
    for (const clock of c.clocks) {
      const ends = pauseEndsAt(clock);
      if (ends === undefined || ends > at) continue;
      changed = true;
      endPause(d, d.case.clocks.find((k) => k.id === clock.id)!, new Date(ends).toISOString(), true);
    }
  }
  // A resumed clock's markers wait for its new due date (pendingMarkers skips a recounting clock).
  const clocks = changed ? d.case.clocks : c.clocks;
  for (const clock of clocks) {
    const due = pendingMarkers(clock, d.case.policy, rulesOf(d.case)).filter((m) => m.at <= at);
    if (!due.length || (d.case.status === 'closed' && !(d.current && clock.kind === 'supervisionReply'))) continue;
    changed = true;
    const live = d.case.clocks.find((k) => k.id === clock.id)!;
    if (isWindow(clock)) {
      live.fired.push('lapse');
      lapse(d, live);
      continue;
    }
    const lastWarning = due.filter((m) => m.id.startsWith('warn:')).pop()?.id;
    const laterEscalation = due.some((m) => !m.id.startsWith('warn:'));
    for (const m of due) {
      live.fired.push(m.id);
      dutyMarker(d, live, m.id, m.id === lastWarning && !laterEscalation);
    }
  }
  return changed ? { case: d.case, effects: d.effects(), changed } : { case: c, effects: [], changed };
}
