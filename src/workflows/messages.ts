// The petition workflow's messages, imported by the workflow and by the API alike.
// Officer and petitioner actions are updates (validated before they reach history);
// supervisor steering is by signal; the full case is a query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView, CommandOf, CommandType } from '../domain';

export const UPDATE_ACTIONS = [
  'accept', 'notAccept', 'route', 'objectRouting', 'decideObjection', 'assign', 'requestExtension', 'requestPause',
  'resumeClock', 'reply', 'recordDelivery', 'recordReturnVisit', 'evaluate', 'requestReview', 'issueReviewOpinion',
  'requestReReview', 'issueReReviewOpinion', 'withdraw', 'answerSupervision', 'linkRepeat',
  // The first release's officer-alone pause: no longer offered, kept so that recorded petitions replay.
  'pauseClock',
] as const satisfies readonly CommandType[];
export type UpdateAction = (typeof UPDATE_ACTIONS)[number];

export const SIGNAL_ACTIONS = [
  'escalate', 'supervise', 'decideExtension', 'reassign', 'decidePause', 'decideWithdrawal', 'reopen',
] as const satisfies readonly CommandType[];
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

export const actionUpdates = Object.fromEntries(
  UPDATE_ACTIONS.map((name) => [name, defineUpdate<CaseView, [CommandOf<typeof name>]>(name)]),
) as { [K in UpdateAction]: ReturnType<typeof defineUpdate<CaseView, [CommandOf<K>], K>> };

export const supervisionSignals = Object.fromEntries(
  SIGNAL_ACTIONS.map((name) => [name, defineSignal<[CommandOf<typeof name>]>(name)]),
) as { [K in SignalAction]: ReturnType<typeof defineSignal<[CommandOf<K>], K>> };

export const getCaseQuery = defineQuery<CaseView>('getCase');

/** Sent with the start (update-with-start): answers once registration's due dates and projection are written. */
export const registrationUpdate = defineUpdate<CaseView>('registration');

/** The year's holiday arrangement was loaded: provisional due dates are counted again (sent by the calendar command). */
export const recomputeDueDatesSignal = defineSignal<[{ reason: string; calendarYears: string[] }]>('recomputeDueDates');

/** Error types an update validator throws; the API maps them to 409 and 400. */
export const REFUSAL_ERROR_TYPES = { not_allowed: 'ActionNotAllowed', invalid: 'InvalidAction' } as const;
