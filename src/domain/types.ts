// The petition case as plain data: the workflow holds it, the domain functions transform it.
import type { DayUnit } from './calendar/types';

export type PetitionClass = 'suggestion' | 'report' | 'claim'; // 建议意见类 / 检举控告类 / 申诉求决类

/** A claim asks something for the petitioner, so it needs one; suggestions and reports may be anonymous. */
export const mayBeAnonymous = (cls: PetitionClass): boolean => cls !== 'claim';
export type Channel = 'online' | 'letter' | 'phone' | 'fax' | 'visit';
export type Role = 'petitioner' | 'intake_officer' | 'case_officer' | 'supervisor' | 'admin' | 'system';

export type Status =
  | 'registered' // 登记: acceptance clock runs
  | 'routed' // 转送/交办: the receiving unit may object within its own clock
  | 'accepted' // 受理: handling clock runs, no case officer yet
  | 'in_handling' // 办理
  | 'awaiting_evaluation' // reply or opinion issued (答复/意见书), 满意度评价 window open
  | 'return_visit_required' // no rating in time: the officer must do a 回访
  | 'appeal_window' // dissatisfied: 复查 (or 复核) may be requested
  | 'in_review' // 复查
  | 'in_re_review' // 复核
  | 'closed'; // 办结/终结

/** Which written answer the case is at: the reply, the review opinion or the re-review opinion. */
export type Stage = 'handling' | 'review' | 're_review';

export type ClosingReason =
  | 'satisfied'
  | 'answered_anonymous' // an anonymous matter is answered: nobody can rate or appeal it
  | 'not_accepted' // 不予受理
  | 'legal_procedure' // 诉访分离: belongs to a court, arbitration or another legal procedure
  | 'withdrawn' // 撤回
  | 'appeal_window_lapsed'
  | 'final'; // 终结 after re-review

export type ReplyDecision = 'support' | 'explain' | 'not_support';
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export type ClockKind =
  | 'acceptance' // 受理告知 within 15 days of receipt
  | 'objection' // a receiving unit may object within 5 working days
  | 'handling' // 处理意见书 within 60 days of acceptance (+ up to 30)
  | 'evaluation' // petitioner rates the answer
  | 'returnVisit' // 回访 when no rating arrived
  | 'reviewRequest' // 复查 may be requested within 30 days
  | 'reviewHandling' // 复查意见 within 30 days
  | 'reReviewRequest' // 复核 may be requested within 30 days
  | 'reReviewHandling' // 复核意见 within 30 days
  | 'supervisionReply'; // a unit answers a 督办 notice within 30 days

/** A duty clock binds an officer (warnings, escalation on breach); a window clock lapses into a transition. */
export const WINDOW_CLOCKS: readonly ClockKind[] = ['objection', 'evaluation', 'reviewRequest', 'reReviewRequest'];

export interface PeriodLimit {
  days: number;
  unit: DayUnit;
}

export interface ClockPause {
  from: string;
  to?: string;
  reason: string;
  by: string;
}

export interface Clock {
  id: string;
  kind: ClockKind;
  unitId?: string;
  startedAt: string;
  limit: PeriodLimit;
  extensionDays: number;
  pausedMs: number;
  pauses: ClockPause[];
  /** Set by the due-date activity; a clock without it waits for the calendar. */
  dueAt?: string;
  dueDate?: string;
  calendarCovered?: boolean;
  /** Warning and escalation markers already handled, so each happens exactly once. */
  fired: string[];
  stoppedAt?: string;
  outcome?: 'met' | 'late' | 'lapsed' | 'cancelled';
}

export interface Actor {
  id: string;
  role: Role;
  unitId?: string;
}

export interface Petitioner {
  name: string;
  contact: string; // phone or address; personal data: never in search attributes or memo
  idNumber?: string;
  address?: string;
}

export interface Opinion {
  decision: ReplyDecision;
  facts: string;
  legalBasis: string;
  text: string;
  issuedAt: string;
  by: string;
}

export interface Evaluation {
  stage: Stage;
  rating: Rating;
  via: 'petitioner' | 'return_visit';
  at: string;
  by: string;
  comment?: string;
}

export interface SupervisionNotice {
  id: string;
  clockId: string;
  issuedAt: string;
  by: string;
  instruction: string;
  listed: boolean; // 挂牌督办
  unitId?: string;
  answeredAt?: string;
  answer?: string;
}

export interface Escalation {
  at: string;
  level: number;
  reason: string;
  by: string;
  clockId?: string;
}

export interface Criticism {
  at: string;
  unitId: string;
  reason: string;
  clockId: string;
}

export interface PendingExtension {
  days: number;
  reason: string;
  requestedAt: string;
  requestedBy: string;
}

export type DocumentKind =
  | 'registration'
  | 'transfer'
  | 'acceptance'
  | 'non_acceptance'
  | 'extension'
  | 'reply'
  | 'review_opinion'
  | 're_review_opinion'
  | 'closing'
  | 'repeat_linked';

export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  /** A document issued to the petitioner by this step, shown on the public tracking page. */
  document?: DocumentKind;
  data: Record<string, unknown>;
}

export interface ResolvedPolicy {
  policyId: string;
  organisationId: string;
  timeZone: string;
  limits: Record<ClockKind, PeriodLimit>;
  maxExtensionDays: number;
  warningFractions: number[];
  warningDaysBefore: number;
  escalationGraceDays: number;
}

export interface PetitionCase {
  id: string;
  queryCode: string;
  matterKey: string;
  organisationId: string;
  class: PetitionClass;
  channel: Channel;
  receivedAt: string;
  petitioner: Petitioner;
  petitionerUserId?: string;
  /** 匿名: no name or contact. Allowed for suggestions and reports; it cannot be evaluated or appealed. */
  anonymous?: boolean;
  title: string;
  content: string;
  intakeOfficerId?: string;

  status: Status;
  stage: Stage;
  closingReason?: ClosingReason;
  closedAt?: string;

  unitId?: string;
  previousUnitId?: string;
  officerId?: string;
  leaderOwnerId?: string; // 包案
  escalationLevel: number;

  policy: ResolvedPolicy;
  clocks: Clock[];
  pendingExtension?: PendingExtension;
  notAcceptance?: { reason: string; redirectTo: string };
  reply?: Opinion;
  reviewOpinion?: Opinion;
  reReviewOpinion?: Opinion;
  appeals: { stage: 'review' | 're_review'; at: string; reason: string }[];
  evaluations: Evaluation[];
  supervision: SupervisionNotice[];
  escalations: Escalation[];
  criticisms: Criticism[];
  linkedSubmissions: { submissionId: string; receivedAt: string; channel: Channel }[];
  timeline: TimelineEvent[];
  seq: number;
}
