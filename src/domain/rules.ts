// Moving a case from rules 1 to rules 2. The workflow does it at the case's first live step after the
// deploy (guarded by patched(), so recorded histories replay on rules 1); validators and queries, which
// only run live, see the case as it will be after that step.
import { appealWindowKind, isCurrentRules, runningClock } from './actions';
import type { Effect } from './commands';
import { Draft } from './draft';
import { CURRENT_RULES, type PetitionCase } from './types';

export function adoptCurrentRules(c: PetitionCase, now: string): { case: PetitionCase; effects: Effect[] } {
  if (isCurrentRules(c) || c.status === 'closed') return { case: c, effects: [] };
  const d = new Draft(c, now, 'system');
  const k = d.case;
  k.rules = CURRENT_RULES;
  // A breach under rules 1 left an event (its marker may have been re-armed by a late extension since):
  // record it as rules 2 does, with the unit the event or the clock names.
  for (const clock of k.clocks) {
    const breached = k.timeline.find((e) => e.type === 'deadline_breached' && e.data.clockId === clock.id);
    if (clock.breach || (!breached && !clock.fired.includes('breach'))) continue;
    const unitId = (breached?.data.unitId as string | undefined) ?? clock.unitId ?? k.unitId;
    clock.breach = { at: breached?.at ?? clock.dueAt ?? now, unitId };
    if (!clock.fired.includes('breach')) clock.fired.push('breach');
  }
  // Rules 1 opened the appeal window only after a dissatisfied rating; rules 2 runs it from the answer's delivery.
  const window = appealWindowKind(k.stage);
  const answer = k.stage === 'handling' ? k.reply : k.stage === 'review' ? k.reviewOpinion : undefined;
  const opened = window && answer && (k.status === 'awaiting_evaluation' || k.status === 'return_visit_required') && !runningClock(k, window);
  if (opened) {
    k.deliveries = [...(k.deliveries ?? []), { stage: k.stage, at: answer.issuedAt, method: 'online', recordedBy: 'system' }];
    d.startClock(window, k.unitId, answer.issuedAt);
  }
  d.event('rules_adopted', { rules: CURRENT_RULES, appealWindowOpened: !!opened });
  return { case: d.case, effects: d.effects() };
}

/** The case as validators and queries should judge it: on the current rules. */
export const asCurrentRules = (c: PetitionCase, now: string): PetitionCase => adoptCurrentRules(c, now).case;
