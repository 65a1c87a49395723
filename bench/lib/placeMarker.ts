// Statutory deadlines are days away, and a policy limit is at least one day. To make many deadline
// markers fall inside one chosen minute, the bench registers letters that were *received* days ago
// (the acceptance clock starts at receipt, as the law says): for a target instant it finds the receipt
// time whose acceptance clock puts a warning marker exactly there, using the domain's own calendar and
// marker arithmetic, so the workflow computes the same instant.
import { computeDueDate, localDateOf, type HolidayCalendar } from '../../src/domain/calendar';
import { markers } from '../../src/domain/clocks';
import { CURRENT_RULES, type Clock, type ResolvedPolicy } from '../../src/domain';

const DAY_MS = 86_400_000;

export interface Placement { receivedAt: string; marker: string; dueAt: string }

export function placeWarning(target: number, policy: ResolvedPolicy, calendar: HolidayCalendar, now = Date.now()): Placement | undefined {
  const limit = policy.limits.acceptance;
  const cal = { ...calendar, timeZone: policy.timeZone };
  // Only the policy's first warning can be a clock's first marker.
  const f = policy.warningFractions[0];
  if (f === undefined) return undefined;
  {
    for (let back = 0; back <= 60; back++) {
      const day = localDateOf(target - back * DAY_MS, cal.timeZone);
      const probe = new Date(Date.parse(`${day}T12:00:00Z`)).toISOString();
      if (localDateOf(probe, cal.timeZone) !== day) continue;
      const due = Date.parse(computeDueDate({ start: probe, days: limit.days, unit: limit.unit }, cal).dueAt);
      // The marker falls at from + f * (due - from); solve for `from` and keep it if it lies on `day`.
      const from = Math.round((target - f * due) / (1 - f));
      if (from > now - 60_000 || localDateOf(from, cal.timeZone) !== day) continue;
      const receivedAt = new Date(from).toISOString();
      const dueAt = computeDueDate({ start: receivedAt, days: limit.days, unit: limit.unit }, cal).dueAt;
      const clock: Clock = { id: 'c', kind: 'acceptance', startedAt: receivedAt, limit, extensionDays: 0, pausedMs: 0, pauses: [], fired: [], dueAt };
      // It must be the clock's first marker: an earlier one would already be due and fire at registration.
      const [first] = markers(clock, policy, CURRENT_RULES);
      if (first?.id === `warn:${f}` && Math.abs(first.at - target) <= 1) return { receivedAt, marker: first.id, dueAt };
    }
  }
  return undefined;
}
