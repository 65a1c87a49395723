// Which commands a case accepts in its current state. Update validators and the API use this list,
// so an action not allowed never reaches the workflow history.
import { isPaused, isRunning } from './clocks';
import type { CommandType } from './commands';
import type { Clock, PetitionCase, Status } from './types';

const BY_STATUS: Record<Status, CommandType[]> = {
  registered: ['accept', 'notAccept', 'route'],
  routed: ['accept', 'notAccept', 'route'],
  accepted: ['assign', 'reassign'],
  in_handling: ['reply', 'reassign'],
  awaiting_evaluation: ['evaluate'],
  return_visit_required: ['recordReturnVisit', 'evaluate'],
  appeal_window: [],
  in_review: ['issueReviewOpinion', 'reassign'],
  in_re_review: ['issueReReviewOpinion', 'reassign'],
  closed: [],
};

/** The duty clock an officer is working against now: handling, review or re-review. */
export function activeHandlingClock(c: PetitionCase): Clock | undefined {
  const kind = c.status === 'in_handling' || c.status === 'accepted' ? 'handling'
    : c.status === 'in_review' ? 'reviewHandling'
    : c.status === 'in_re_review' ? 'reReviewHandling' : undefined;
  return kind ? c.clocks.find((k) => k.kind === kind && isRunning(k)) : undefined;
}

export function extensionDaysUsed(c: PetitionCase): number {
  return c.clocks.filter((k) => k.kind === 'handling').reduce((sum, k) => sum + k.extensionDays, 0);
}

export function allowedActions(c: PetitionCase): CommandType[] {
  if (c.status === 'closed') return [];
  const list = [...BY_STATUS[c.status]];
  if (c.status === 'routed' && c.clocks.some((k) => k.kind === 'objection' && isRunning(k))) list.push('objectRouting');
  if (c.status === 'appeal_window') list.push(c.stage === 'handling' ? 'requestReview' : 'requestReReview');
  if (c.status === 'in_handling') {
    if (c.pendingExtension) list.push('decideExtension');
    else if (extensionDaysUsed(c) < c.policy.maxExtensionDays) list.push('requestExtension');
  }
  const clock = activeHandlingClock(c);
  if (clock && c.status !== 'accepted') list.push(isPaused(clock) ? 'resumeClock' : 'pauseClock');
  if (c.supervision.some((n) => !n.answeredAt)) list.push('answerSupervision');
  list.push('escalate', 'supervise', 'withdraw', 'linkRepeat');
  return list;
}
