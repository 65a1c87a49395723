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
  | 'awaiting_delivery' // the written answer is issued but not yet delivered (送达) to a petitioner without an online account
  | 'awaiting_evaluation' // reply or opinion delivered (答复/意见书 送达), 满意度评价 window open
  | 'return_visit_required' // no rating in time: the officer must do a 回访
  | 'appeal_window' // rated: the review (复查) or re-review (复核) window still runs
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

/**
 * The rules a case runs on. 1: the first release (kept so that petitions recorded under it replay);
 * 2: the statutory rules of issue 10 (approved pauses, extensions inside the period, breaches that stay
 * breached, appeal windows from delivery whatever the rating, reviews one level up, hard windows, one
 * acceptance clock across routings, supervision answered after closing, final means final).
 */
export type RulesVersion = 1 | 2;
export const CURRENT_RULES: RulesVersion = 2;

/** The highest escalation level (3: the petition office's leadership); the automatic escalations reach 2. */
export const MAX_ESCALATION_LEVEL = 3;

/** How a petitioner's act (rating, appeal request, withdrawal) reached an intake officer who records it. */
export type OfflineSource = 'letter' | 'phone' | 'visit' | 'fax';
export interface ActSource {
  channel: OfflineSource;
  /** The local date the letter, call or visit was received (YYYY-MM-DD). */
  receivedOn: string;
}

export interface PeriodLimit {
  days: number;
  unit: DayUnit;
}

export interface ClockPause {
  from: string;
  to?: string;
  reason: string;
  /** Who asked for it (rules 1: who paused it). */
  by: string;
  /** The supervisor who approved it (rules 2). */
  approvedBy?: string;
  /** Approved length in days; the pause ends by itself at `until` (rules 2). */
  days?: number;
  until?: string;
}

/** A breach as it happened: the unit that held the clock then answers for it (通报, on-time figures). */
export interface ClockBreach {
  at: string;
  unitId?: string;
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
  /** The due date was counted without the year's State Council holiday arrangement (statutory holidays only). */
  provisional?: boolean;
  /** Warning and escalation markers already handled, so each happens exactly once. */
  fired: string[];
  stoppedAt?: string;
  outcome?: 'met' | 'late' | 'lapsed' | 'cancelled';
  /** Set once, when the clock passes its due date while running; it then ends `late` whatever follows (rules 2). */
  breach?: ClockBreach;
  /** Its due date is being counted again (an extension, a pause's end, a new calendar): no marker fires until it is (rules 2). */
  recounting?: boolean;
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
  /** The unit that issued it: the review goes to the unit above it (rules 2). */
  unitId?: string;
}

/** 送达: when a written answer reached the petitioner; the appeal window runs from it (W35, W36). */
export interface Delivery {
  stage: Stage;
  at: string;
  method: 'online' | 'post' | 'in_person' | 'fax';
  recordedBy: string;
}

export interface Evaluation {
  stage: Stage;
  rating: Rating;
  via: 'petitioner' | 'return_visit';
  at: string;
  by: string;
  comment?: string;
  /** A rating an intake officer recorded from a letter, call or visit (rules 2). */
  source?: ActSource;
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

/** A hearing pause the case officer asked for, waiting for a supervisor (rules 2). */
export interface PendingPause {
  clockId: string;
  days: number;
  reason: string;
  requestedAt: string;
  requestedBy: string;
}

/** A receiving unit's objection to a routing (W23), waiting for the routing office's decision. */
export interface PendingObjection {
  reason: string;
  at: string;
  by: string;
  /** The unit that objects (it holds the case meanwhile) and the office that routed it there. */
  unitId?: string;
  routingUnitId?: string;
}

/** A withdrawal of a case under supervision or escalation, waiting for a supervisor. */
export interface PendingWithdrawal {
  reason: string;
  at: string;
  by: string;
  source?: ActSource;
}

/** Another case, by id and query code. */
export interface RepeatRef {
  id: string;
  queryCode: string;
}

/** The final case (终结) a new submission of the same matter repeats: it is not accepted again (W36). */
export interface FinalCaseRef {
  id: string;
  queryCode: string;
  closedAt: string;
  closingReason: ClosingReason;
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
  | 'repeat_linked'
  | 'pause' // 听证 time not counted: the petitioner is told of the pause and its end
  | 'deadline_change' // a provisional due date recomputed with the year's holiday arrangement
  | 'reopening'; // a wrong non-acceptance or withdrawal corrected by a supervisor

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
  /** Clocks a supervisor may pause (W36: hearing time on the re-review clock). Absent: the national default. */
  pausableClocks?: ClockKind[];
  /** The longest approved pause, in days. Absent: the national default. */
  maxPauseDays?: number;
  /** The reviewing body for an answer from a unit with no unit above it (原办理机关的上一级 outside this register). */
  topReviewBodyUnitId?: string;
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
  /** The status the case closed from (rules 2): a supervisor's correction reopens it there. */
  closedFrom?: Status;
  /** Supervisors' corrections of a wrong non-acceptance or withdrawal (audited). */
  reopenings?: { at: string; by: string; reason: string; closingReason: ClosingReason }[];

  unitId?: string;
  previousUnitId?: string;
  officerId?: string;
  leaderOwnerId?: string; // 包案
  escalationLevel: number;

  /** Absent on cases registered before rules 2: they run on rules 1 until the workflow adopts rules 2. */
  rules?: RulesVersion;
  policy: ResolvedPolicy;
  clocks: Clock[];
  pendingExtension?: PendingExtension;
  pendingPause?: PendingPause;
  pendingObjection?: PendingObjection;
  pendingWithdrawal?: PendingWithdrawal;
  /** A withdrawal after an answer: the case closes once the return visit is recorded. */
  withdrawal?: { reason: string; at: string; by: string; source?: ActSource };
  /** 送达 of each written answer. */
  deliveries?: Delivery[];
  /** The same matter was closed finally before: registered and not accepted (W36). */
  precludedBy?: FinalCaseRef;
  /** Due dates being counted again with a newly loaded holiday arrangement: the dates before. */
  recomputation?: { reason: string; calendarYears: string[]; previous: Record<string, string>; previousDueAt?: Record<string, string> };
  notAcceptance?: { reason: string; redirectTo: string };
  reply?: Opinion;
  reviewOpinion?: Opinion;
  reReviewOpinion?: Opinion;
  appeals: { stage: 'review' | 're_review'; at: string; reason: string; source?: ActSource }[];
  evaluations: Evaluation[];
  supervision: SupervisionNotice[];
  escalations: Escalation[];
  criticisms: Criticism[];
  linkedSubmissions: { submissionId: string; receivedAt: string; channel: Channel }[];
  /**
   * An open case of the same matter this one probably repeats (重复信访): the submitter could not be
   * confirmed as its petitioner, so it was opened as a case of its own for an officer to link or keep.
   */
  likelyRepeatOf?: RepeatRef;
  timeline: TimelineEvent[];
  seq: number;
}
