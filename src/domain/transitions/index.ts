// One handler per command: each changes the working copy of the case and records what the workflow must do.
import type { CommandOf, CommandType } from '../commands';
import type { Draft } from '../draft';
import { recomputeDueDates } from './calendar';
import { reopen } from './correction';
import {
  assign, decideExtension, decidePause, evaluate, issueReReviewOpinion, issueReviewOpinion, pauseClock, reassign,
  recordDelivery, recordReturnVisit, reply, requestExtension, requestPause, requestReReview, requestReview, resumeClock,
} from './handling';
import { accept, decideObjection, linkRepeat, notAccept, objectRouting, route } from './intake';
import { answerSupervision, escalate, supervise } from './supervision';
import { decideWithdrawal, withdraw } from './withdrawal';

export type Handler<T extends CommandType> = (d: Draft, cmd: CommandOf<T>) => void;

export const handlers: { [T in CommandType]: Handler<T> } = {
  accept, notAccept, route, objectRouting, decideObjection, assign, reassign,
  requestExtension, decideExtension, requestPause, decidePause, pauseClock, resumeClock,
  reply, recordDelivery, recordReturnVisit, evaluate, requestReview, issueReviewOpinion, requestReReview, issueReReviewOpinion,
  withdraw, decideWithdrawal, escalate, supervise, answerSupervision, linkRepeat, recomputeDueDates, reopen,
};
