// Clock arithmetic on plain data. Due dates themselves come from the calendar (an activity);
// here: when each warning and escalation falls, and which are due now.
import { WINDOW_CLOCKS, type Clock, type ClockKind, type PeriodLimit, type ResolvedPolicy, type RulesVersion } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startClock(id: string, kind: ClockKind, limit: PeriodLimit, now: string, unitId?: string): Clock {
  return { id, kind, unitId, startedAt: now, limit, extensionDays: 0, pausedMs: 0, pauses: [], fired: [] };
}

export const isRunning = (c: Clock): boolean => c.stoppedAt === undefined;
export const isPaused = (c: Clock): boolean => c.pauses.some((p) => p.to === undefined);
export const isWindow = (c: Clock): boolean => WINDOW_CLOCKS.includes(c.kind);

/** Past its due date at `now`: the last instant of the period (23:59:59.999 local) still counts as inside it. */
export const isPastDue = (c: Clock, now: string): boolean =>
  // While its due date is counted again (a pause ended, an extension) the old one no longer holds; the
  // new one is never earlier for a duty clock, so nothing is late in that moment.
  c.dueAt !== undefined && !c.recounting && clockTimeMs(c, now) > Date.parse(c.dueAt);

/** Whole days of approved pauses a clock has had (the policy's maximum is for all of them together). */
export const pauseDaysUsed = (c: Clock): number => c.pauses.reduce((sum, p) => sum + (p.days ?? 0), 0);

/**
 * A window (objection, rating, review or re-review request) is open while it runs and `now` has not
 * passed its due time: the same test the wake-up uses to lapse it, so an action and the lapse that
 * arrive in the same instant always get the same answer.
 */
export const isWindowOpen = (c: Clock, now: string): boolean => isRunning(c) && !isPastDue(c, now);

/**
 * The moment a clock has counted up to at `now`: while it is paused it stands still at the start of
 * the pause, so paused time never makes it late or overdue.
 */
export function clockTimeMs(c: Clock, now: string): number {
  const open = c.pauses.find((p) => p.to === undefined);
  return open ? Math.min(Date.parse(now), Date.parse(open.from)) : Date.parse(now);
}

export function isOverdue(c: Clock, now: string): boolean {
  return !isWindow(c) && isRunning(c) && c.dueAt !== undefined && clockTimeMs(c, now) > Date.parse(c.dueAt);
}

export function stopClock(c: Clock, now: string, lapsed = false): Clock {
  if (!isRunning(c)) return c;
  // A recorded breach is final: a later extension, pause or reassignment never makes it on time.
  const late = c.breach !== undefined || isPastDue(c, now);
  const outcome = lapsed ? 'lapsed' : isWindow(c) ? 'met' : late ? 'late' : 'met';
  // A pause still open when the clock stops ends now, and its time counts as paused like any other.
  const open = c.pauses.find((p) => p.to === undefined);
  const pausedMs = c.pausedMs + (open ? Math.max(0, Date.parse(now) - Date.parse(open.from)) : 0);
  const pauses = c.pauses.map((p) => (p.to === undefined ? { ...p, to: now } : p));
  return { ...c, stoppedAt: now, outcome, pauses, pausedMs };
}

/**
 * Rules 2: a duty clock past its due date has breached, whether or not the wake-up that records the
 * breach has run yet. Before a command moves or ends such a clock, the breach is recorded as the
 * wake-up would have recorded it: at the first instant after the period, charged to the unit holding
 * the clock then. The wake-up keeps a breach recorded this way (and still escalates it).
 */
export function noteBreach(c: Clock, now: string, holderUnitId?: string): void {
  if (!isRunning(c) || isWindow(c) || c.breach || c.dueAt === undefined || !isPastDue(c, now)) return;
  c.breach = { at: new Date(Date.parse(c.dueAt) + 1).toISOString(), unitId: c.unitId ?? holderUnitId };
}

/** A clock that no longer matters (the case closed or moved on). One that breached stays `late`. */
export function cancelClock(c: Clock, now: string): Clock {
  if (!isRunning(c)) return c;
  const stopped = stopClock(c, now);
  return c.breach ? stopped : { ...stopped, outcome: 'cancelled' };
}

/**
 * The markers of a clock and when each falls. Warnings spread over the unpaused part of the period;
 * `breach` is the due date (a lapse for window clocks); `grace` is the second escalation level.
 */
export function markers(c: Clock, policy: ResolvedPolicy, rules: RulesVersion = 1): { id: string; at: number }[] {
  if (c.dueAt === undefined) return [];
  const due = Date.parse(c.dueAt);
  // Rules 2: a window lapses at the first instant after its last one, when isWindowOpen turns false.
  if (isWindow(c)) return [{ id: 'lapse', at: rules >= 2 ? due + 1 : due }];
  const from = Date.parse(c.startedAt) + c.pausedMs;
  const span = Math.max(0, due - from);
  const list = policy.warningFractions.map((f) => ({ id: `warn:${f}`, at: from + Math.round(span * f) }));
  if (policy.warningDaysBefore > 0) list.push({ id: `warn:${policy.warningDaysBefore}d`, at: due - policy.warningDaysBefore * DAY_MS });
  // Rules 2: breached at the first instant after the period, when isPastDue turns true.
  const after = rules >= 2 ? due + 1 : due;
  list.push({ id: 'breach', at: after }, { id: 'grace', at: after + policy.escalationGraceDays * DAY_MS });
  return list.sort((a, b) => a.at - b.at);
}

/** Markers of a running, unpaused clock not yet handled, in time order. */
export function pendingMarkers(c: Clock, policy: ResolvedPolicy, rules: RulesVersion = 1): { id: string; at: number }[] {
  // A clock whose due date is being counted again waits for the new date before anything fires.
  if (!isRunning(c) || isPaused(c) || c.recounting) return [];
  return markers(c, policy, rules).filter((m) => !c.fired.includes(m.id));
}

/** When an approved pause ends by itself (rules 2). */
export function pauseEndsAt(c: Clock): number | undefined {
  const open = c.pauses.find((p) => p.to === undefined);
  return isRunning(c) && open?.until ? Date.parse(open.until) : undefined;
}

export function remainingMs(c: Clock, now: string): number | undefined {
  if (c.dueAt === undefined) return undefined;
  const end = isRunning(c) ? Date.parse(now) : Date.parse(c.stoppedAt!);
  const pausedNow = c.pauses.find((p) => p.to === undefined);
  // While paused the clock stands still: remaining time is measured at the start of the pause.
  const at = pausedNow ? Math.min(end, Date.parse(pausedNow.from)) : end;
  return Date.parse(c.dueAt) - at;
}

export function pausedMsNow(c: Clock, now: string): number {
  const open = c.pauses.find((p) => p.to === undefined);
  return c.pausedMs + (open ? Date.parse(now) - Date.parse(open.from) : 0);
}
