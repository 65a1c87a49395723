// Clock arithmetic on plain data. Due dates themselves come from the calendar (an activity);
// here: when each warning and escalation falls, and which are due now.
import { WINDOW_CLOCKS, type Clock, type ClockKind, type PeriodLimit, type ResolvedPolicy } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startClock(id: string, kind: ClockKind, limit: PeriodLimit, now: string, unitId?: string): Clock {
  return { id, kind, unitId, startedAt: now, limit, extensionDays: 0, pausedMs: 0, pauses: [], fired: [] };
}

export const isRunning = (c: Clock): boolean => c.stoppedAt === undefined;
export const isPaused = (c: Clock): boolean => c.pauses.some((p) => p.to === undefined);
export const isWindow = (c: Clock): boolean => WINDOW_CLOCKS.includes(c.kind);

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
  const late = c.dueAt !== undefined && clockTimeMs(c, now) > Date.parse(c.dueAt);
  const outcome = lapsed ? 'lapsed' : isWindow(c) ? 'met' : late ? 'late' : 'met';
  // A pause still open when the clock stops ends now, and its time counts as paused like any other.
  const open = c.pauses.find((p) => p.to === undefined);
  const pausedMs = c.pausedMs + (open ? Math.max(0, Date.parse(now) - Date.parse(open.from)) : 0);
  const pauses = c.pauses.map((p) => (p.to === undefined ? { ...p, to: now } : p));
  return { ...c, stoppedAt: now, outcome, pauses, pausedMs };
}

export function cancelClock(c: Clock, now: string): Clock {
  return isRunning(c) ? { ...stopClock(c, now), outcome: 'cancelled' } : c;
}

/**
 * The markers of a clock and when each falls. Warnings spread over the unpaused part of the period;
 * `breach` is the due date (a lapse for window clocks); `grace` is the second escalation level.
 */
export function markers(c: Clock, policy: ResolvedPolicy): { id: string; at: number }[] {
  if (c.dueAt === undefined) return [];
  const due = Date.parse(c.dueAt);
  if (isWindow(c)) return [{ id: 'lapse', at: due }];
  const from = Date.parse(c.startedAt) + c.pausedMs;
  const span = Math.max(0, due - from);
  const list = policy.warningFractions.map((f) => ({ id: `warn:${f}`, at: from + Math.round(span * f) }));
  if (policy.warningDaysBefore > 0) list.push({ id: `warn:${policy.warningDaysBefore}d`, at: due - policy.warningDaysBefore * DAY_MS });
  list.push({ id: 'breach', at: due }, { id: 'grace', at: due + policy.escalationGraceDays * DAY_MS });
  return list.sort((a, b) => a.at - b.at);
}

/** Markers of a running, unpaused clock not yet handled, in time order. */
export function pendingMarkers(c: Clock, policy: ResolvedPolicy): { id: string; at: number }[] {
  if (!isRunning(c) || isPaused(c)) return [];
  return markers(c, policy).filter((m) => !c.fired.includes(m.id));
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
