// What officers, petitioners and supervisors ask of a case, and what the workflow must do afterwards.
import type { Actor, Channel, PeriodLimit, Rating, ReplyDecision } from './types';

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
    | { type: 'requestExtension'; days: number; reason: string }
    | { type: 'decideExtension'; approve: boolean; days?: number; reason?: string }
    | { type: 'pauseClock'; reason: string }
    | { type: 'resumeClock' }
    | ({ type: 'reply' } & OpinionInput)
    | { type: 'recordReturnVisit'; outcome: Rating; notes: string }
    | { type: 'evaluate'; rating: Rating; comment?: string }
    | { type: 'requestReview'; reason: string }
    | ({ type: 'issueReviewOpinion' } & OpinionInput)
    | { type: 'requestReReview'; reason: string }
    | ({ type: 'issueReReviewOpinion' } & OpinionInput)
    | { type: 'withdraw'; reason?: string }
    | { type: 'escalate'; reason: string; level: number; leaderOwnerId?: string }
    | { type: 'supervise'; instruction: string; listed?: boolean; replyLimit?: PeriodLimit }
    | { type: 'answerSupervision'; noticeId: string; answer: string }
    | { type: 'reassign'; unitId: string; officerId: string }
    | { type: 'linkRepeat'; submissionId: string; receivedAt: string; channel: Channel }
  );

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

export type Effect = { type: 'computeDueDates'; clockIds: string[] } | { type: 'notify'; notice: Notice };

export type Refusal = { code: 'not_allowed' | 'invalid'; message: string; field?: string };
