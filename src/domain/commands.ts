// What officers, petitioners and supervisors ask of a case, and what the workflow must do afterwards.
import type { ActSource, Actor, Channel, Delivery, PeriodLimit, Rating, ReplyDecision, Stage } from './types';

interface Base {
  actor: Actor;
}
export interface OpinionInput {
  decision: ReplyDecision;
  facts: string;
  legalBasis: string;
  text: string;
}

export type Command = Base &
  (
    | { type: 'accept'; unitId?: string; officerId?: string }
    | { type: 'notAccept'; reason: string; redirectTo: string; legalProcedure?: boolean }
    | { type: 'route'; toUnitId: string; reason: string }
    | { type: 'objectRouting'; reason: string }
    | { type: 'assign'; unitId: string; officerId: string; leaderOwnerId?: string }
    | { type: 'decideObjection'; uphold: boolean; reason: string; toUnitId?: string }
    | { type: 'requestExtension'; days: number; reason: string }
    | { type: 'decideExtension'; approve: boolean; days?: number; reason?: string }
    | { type: 'requestPause'; days: number; reason: string }
    | { type: 'decidePause'; approve: boolean; days?: number; reason?: string }
    /** Rules 1 only: the officer paused the handling clock alone. Kept for petitions recorded under it. */
    | { type: 'pauseClock'; reason: string }
    | { type: 'resumeClock' }
    | ({ type: 'reply' } & OpinionInput)
    | { type: 'recordDelivery'; deliveredAt: string; method: Exclude<Delivery['method'], 'online'> }
    | { type: 'recordReturnVisit'; outcome: Rating; notes: string }
    | { type: 'evaluate'; rating: Rating; comment?: string; source?: ActSource }
    | { type: 'requestReview'; reason: string; source?: ActSource }
    | ({ type: 'issueReviewOpinion' } & OpinionInput)
    | { type: 'requestReReview'; reason: string; source?: ActSource }
    | ({ type: 'issueReReviewOpinion' } & OpinionInput)
    | { type: 'withdraw'; reason?: string; source?: ActSource }
    | { type: 'decideWithdrawal'; approve: boolean; reason?: string }
    | { type: 'escalate'; reason: string; level: number; leaderOwnerId?: string }
    | { type: 'supervise'; instruction: string; listed?: boolean; replyLimit?: PeriodLimit }
    | { type: 'answerSupervision'; noticeId: string; answer: string }
    | { type: 'reassign'; unitId: string; officerId: string }
    | ({ type: 'linkRepeat' } & RepeatSubmission)
    /** A supervisor corrects a wrong non-acceptance or withdrawal: the case is open again where it was. */
    | { type: 'reopen'; reason: string }
    /** The year's holiday arrangement was loaded: provisional due dates are counted again. */
    | { type: 'recomputeDueDates'; reason: string; calendarYears: string[] }
  );

/**
 * A repeat submission (重复信访) recorded on the open case of the same matter. Its text stays on the case's
 * timeline for the officer (internal: the public view never shows it). The fields after `channel` were
 * added with rules 2; commands recorded before carry only the first three.
 */
export interface RepeatSubmission {
  submissionId: string;
  receivedAt: string;
  channel: Channel;
  title?: string;
  content?: string;
  /** The receipt's query code: it tracks this case. */
  queryCode?: string;
  /**
   * Why it was linked: the same petitioner account submitted it, an intake officer checked the
   * petitioner's identity, or an officer linked a case flagged as a likely repeat.
   */
  basis?: 'same_account' | 'identity_checked' | 'officer';
}

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export type Recipient = 'petitioner' | 'officer' | 'supervisor' | 'senior_supervisor' | 'unit' | 'leader';

export interface Notice {
  /** petition id + event sequence + recipient + kind: the outbox's unique key. */
  key: string;
  petitionId: string;
  recipient: Recipient;
  recipientId?: string;
  kind: string;
  channel: 'sms' | 'letter' | 'web' | 'internal';
  data: Record<string, unknown>;
}

export type Effect =
  | { type: 'computeDueDates'; clockIds: string[] }
  | { type: 'notify'; notice: Notice }
  /** Finds the unit one level above `fromUnitId`: it handles the review (复查) or re-review (复核). */
  | { type: 'resolveReviewBody'; stage: Exclude<Stage, 'handling'>; fromUnitId?: string };

export type Refusal = { code: 'not_allowed' | 'invalid'; message: string; field?: string };
