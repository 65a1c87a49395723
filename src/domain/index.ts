export * from './types';
export * from './commands';
export { decide, type Decision } from './decide';
export { allowedActions, activeHandlingClock } from './actions';
export { register, type Registration } from './register';
export { tick, nextWakeAt, nextDeadline, isCaseOverdue } from './tick';
export { applyDueDates, dueDateRequests, type DueDateAnswer, type DueDateRequest } from './dueDates';
export { viewCase, type CaseView, type ClockView } from './view';
export { resolvePolicy, validatePolicy, type PolicyDocument } from './policy';
