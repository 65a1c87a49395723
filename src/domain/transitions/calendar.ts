// The year's holiday arrangement arrived: due dates counted provisionally (statutory holidays only)
// are counted again, and the petitioner is told of every public due date that moved.
import { isRunning, isWindow } from '../clocks';
import type { CommandOf, Effect } from '../commands';
import { Draft } from '../draft';
import { PUBLIC_CLOCKS } from '../publicView';
import type { PetitionCase } from '../types';

const isProvisional = (k: { provisional?: boolean; calendarCovered?: boolean }) => k.provisional === true || k.calendarCovered === false;

export function recomputeDueDates(d: Draft, cmd: CommandOf<'recomputeDueDates'>): void {
  const c = d.case;
  const clocks = c.clocks.filter((k) => isRunning(k) && isProvisional(k));
  // Nothing counted provisionally: nothing to recount, and nothing left waiting for an announcement
  // (the workflow announces only after due-date answers, so a recount of no clock would hang until one).
  if (!clocks.length) return;
  const previous = Object.fromEntries(clocks.map((k) => [k.id, k.dueDate ?? k.dueAt ?? '']));
  const previousDueAt = Object.fromEntries(clocks.flatMap((k) => (k.dueAt ? [[k.id, k.dueAt]] : [])));
  c.recomputation = { reason: cmd.reason, calendarYears: cmd.calendarYears, previous, previousDueAt };
  d.computeDueDates(clocks.map((k) => k.id));
}

/**
 * Runs after the due-date activity answered a recomputation: one timeline event for it, and for each
 * due date that moved an event and (for the clocks the petitioner sees) a notice.
 */
export function announceRecomputedDueDates(c: PetitionCase, now: string): { case: PetitionCase; effects: Effect[] } {
  if (!c.recomputation) return { case: c, effects: [] };
  const d = new Draft(c, now, 'system');
  const { reason, calendarYears, previous, previousDueAt = {} } = d.case.recomputation!;
  d.case.recomputation = undefined;
  // A make-up working day (调休) that the provisional count could not know may bring a date forward.
  // Never a petitioner's window (W35, W36): their rights were announced with the later date.
  for (const k of d.case.clocks) {
    const was = previousDueAt[k.id];
    if (!isWindow(k) || !was || !k.dueAt || Date.parse(k.dueAt) >= Date.parse(was)) continue;
    k.dueAt = was;
    k.dueDate = previous[k.id];
  }
  const moved = d.case.clocks.filter((k) => k.id in previous && (k.dueDate ?? k.dueAt) !== previous[k.id]);
  d.event('due_dates_recounted', { reason, calendarYears, clocks: Object.keys(previous), moved: moved.map((k) => k.id) });
  for (const k of moved) {
    const isPublic = (PUBLIC_CLOCKS as readonly string[]).includes(k.kind);
    const data = { clockId: k.id, clockKind: k.kind, from: previous[k.id], to: k.dueDate, provisional: k.provisional === true };
    const e = d.event('due_date_changed', data, isPublic ? 'deadline_change' : undefined);
    if (isPublic) d.notifyPetitioner(e, 'deadline_change', { clockKind: k.kind, from: previous[k.id], to: k.dueDate });
    else d.notify(e, 'officer', 'deadline_changed', data, d.case.officerId ?? d.case.intakeOfficerId);
  }
  return { case: d.case, effects: d.effects() };
}
