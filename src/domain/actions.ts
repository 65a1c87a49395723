// Which commands a case accepts in its current state. Update validators and the API use this list,
// so an action not allowed never reaches the workflow history.
import { isPastDue, isPaused, isRunning, isWindowOpen, pauseDaysUsed } from './clocks';
import type { CommandType } from './commands';
import { maxPauseDaysOf, pausableClocksOf } from './policy';
import { CORRECTABLE } from './transitions/correction';
import { MAX_ESCALATION_LEVEL, type Clock, type ClockKind, type PetitionCase, type Stage, type Status } from './types';

/** Rules 1 (petitions recorded before rules 2 replay on it). */
const BY_STATUS_RULES_1: Record<Status, CommandType[]> = {
  registered: ['accept', 'notAccept', 'route'],
  routed: ['accept', 'notAccept', 'route'],
  accepted: ['assign', 'reassign'],
  in_handling: ['reply', 'reassign'],
  awaiting_delivery: [],
  awaiting_evaluation: ['evaluate'],
  return_visit_required: ['recordReturnVisit', 'evaluate'],
  appeal_window: [],
  in_review: ['issueReviewOpinion', 'reassign'],
  in_re_review: ['issueReReviewOpinion', 'reassign'],
  closed: [],
};

const BY_STATUS: Record<Status, CommandType[]> = {
  registered: ['accept', 'notAccept', 'route'],
  routed: ['accept', 'notAccept', 'route'],
  accepted: ['assign', 'reassign'],
  in_handling: ['reply', 'reassign'],
  awaiting_delivery: ['recordDelivery'],
  awaiting_evaluation: [],
  return_visit_required: ['recordReturnVisit'],
  appeal_window: [],
  // The review body's unit assigns its own officer (the original officer never reviews their reply).
  in_review: ['issueReviewOpinion', 'assign', 'reassign'],
  in_re_review: ['issueReReviewOpinion', 'assign', 'reassign'],
  closed: [],
};

export const isCurrentRules = (c: PetitionCase): boolean => (c.rules ?? 1) >= 2;

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

/** The latest running clock of a kind. */
export const runningClock = (c: PetitionCase, kind: ClockKind): Clock | undefined =>
  [...c.clocks].reverse().find((k) => k.kind === kind && isRunning(k));

/** The appeal window that follows an answer at this stage: review after the reply, re-review after the review opinion. */
export const appealWindowKind = (stage: Stage): ClockKind | undefined =>
  stage === 'handling' ? 'reviewRequest' : stage === 'review' ? 'reReviewRequest' : undefined;

/** Statuses in which the current answer has been delivered and its appeal window may run. */
const ANSWERED: readonly Status[] = ['awaiting_evaluation', 'return_visit_required', 'appeal_window'];

const hasOpenSupervision = (c: PetitionCase): boolean => c.supervision.some((n) => !n.answeredAt);

function allowedActionsRules1(c: PetitionCase): CommandType[] {
  if (c.status === 'closed') return [];
  const list = [...BY_STATUS_RULES_1[c.status]];
  if (c.status === 'routed' && c.clocks.some((k) => k.kind === 'objection' && isRunning(k))) list.push('objectRouting');
  if (c.status === 'appeal_window') list.push(c.stage === 'handling' ? 'requestReview' : 'requestReReview');
  if (c.status === 'in_handling') {
    if (c.pendingExtension) list.push('decideExtension');
    else if (extensionDaysUsed(c) < c.policy.maxExtensionDays) list.push('requestExtension');
  }
  const clock = activeHandlingClock(c);
  if (clock && c.status !== 'accepted') list.push(isPaused(clock) ? 'resumeClock' : 'pauseClock');
  if (hasOpenSupervision(c)) list.push('answerSupervision');
  list.push('escalate', 'supervise', 'withdraw', 'linkRepeat');
  return list;
}

/**
 * What the case accepts at `now`. Windows and due dates are read against `now` itself, so an action
 * arriving after a window's last instant is refused even if the wake-up that lapses it has not run.
 */
export function allowedActions(c: PetitionCase, now?: string): CommandType[] {
  if (!isCurrentRules(c)) return allowedActionsRules1(c);
  const at = now ?? c.timeline[c.timeline.length - 1]?.at ?? c.receivedAt;
  const open = (kind: ClockKind) => {
    const k = runningClock(c, kind);
    return k !== undefined && isWindowOpen(k, at);
  };
  if (c.status === 'closed') {
    const list: CommandType[] = [];
    if (hasOpenSupervision(c)) list.push('answerSupervision');
    if (c.clocks.some(isRunning)) list.push('recomputeDueDates');
    // A wrong non-acceptance or withdrawal can be corrected; a final or lapsed case cannot.
    if (c.closingReason && CORRECTABLE.includes(c.closingReason)) list.push('reopen');
    return list;
  }
  const withdrawal: CommandType[] = c.pendingWithdrawal ? ['decideWithdrawal'] : !c.anonymous && !c.withdrawal ? ['withdraw'] : [];
  // An objection waits for the routing office: nothing else moves the case meanwhile.
  if (c.pendingObjection) return ['decideObjection', ...withdrawal, ...staffAndSupervision(c)];
  const list = [...BY_STATUS[c.status]];
  if (c.status === 'routed' && open('objection')) list.push('objectRouting');
  if (c.status === 'awaiting_evaluation' && open('evaluation')) list.push('evaluate');
  if (ANSWERED.includes(c.status) && !c.withdrawal) {
    if (c.stage === 'handling' && open('reviewRequest')) list.push('requestReview');
    if (c.stage === 'review' && open('reReviewRequest')) list.push('requestReReview');
  }
  const clock = activeHandlingClock(c);
  const inPeriod = clock !== undefined && clock.breach === undefined && !isPastDue(clock, at);
  if (c.status === 'in_handling') {
    if (c.pendingExtension) list.push('decideExtension');
    else if (inPeriod && extensionDaysUsed(c) < c.policy.maxExtensionDays) list.push('requestExtension');
  }
  if (clock && c.status !== 'accepted') {
    if (isPaused(clock)) list.push('resumeClock');
    else if (c.pendingPause) list.push('decidePause');
    else if (inPeriod && pausableClocksOf(c.policy).includes(clock.kind) && pauseDaysUsed(clock) < maxPauseDaysOf(c.policy)) list.push('requestPause');
  }
  return [...list, ...withdrawal, ...staffAndSupervision(c)];
}

/** What stays possible in any open state: supervision, escalation, repeats, recomputed due dates. */
function staffAndSupervision(c: PetitionCase): CommandType[] {
  const list: CommandType[] = [];
  if (hasOpenSupervision(c)) list.push('answerSupervision');
  if (c.escalationLevel < MAX_ESCALATION_LEVEL) list.push('escalate');
  list.push('supervise', 'linkRepeat', 'recomputeDueDates');
  return list;
}
