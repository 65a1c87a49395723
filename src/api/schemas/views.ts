// Response shapes: the case as the workflow query returns it (src/domain/view.ts CaseView). The schema is
// the documentation of the answer, and a compile-time check at the bottom fails the build when it and the
// domain type drift apart in either direction, so it is never a copy kept in step by hand.
// Ids (.meta({ id })) make each shared shape one component of the OpenAPI document.
import { z } from 'zod';
import { MAX_ESCALATION_LEVEL, type CaseView, type PersonAction } from '../../domain';
import { ActSourceSchema, ChannelSchema, PetitionClassSchema, RatingSchema, StatusSchema } from './common';

// Documented formats, not runtime checks: these values come from the workflow, not from a client.
const instant = (description: string) => z.string().meta({ format: 'date-time', description: `${description} (ISO 8601 instant, UTC)` });
const userId = (description: string) => z.string().meta({ description: `${description} (user id, or "system" for the workflow itself)` });

export const CaseStatusSchema = StatusSchema.meta({
  id: 'CaseStatus',
  description: 'Where the case is. registered 登记 (acceptance clock runs) · routed 转送/交办 (the receiving unit may object) · '
    + 'accepted 受理 (no case officer yet) · in_handling 办理 · awaiting_delivery (the written answer waits to be delivered 送达 by post, in person or fax) · '
    + 'awaiting_evaluation (answer delivered; the 满意度评价 window and the appeal window run) · '
    + 'return_visit_required (no rating in time: the officer must do a 回访) · appeal_window (rated; 复查 or 复核 may still be requested until the window lapses) · '
    + 'in_review 复查 · in_re_review 复核 · closed 办结/终结 (the appeal window lapsed, or final after the re-review)',
});

export const CaseActionSchema = z.enum([
  'accept', 'notAccept', 'route', 'objectRouting', 'decideObjection', 'assign', 'requestExtension', 'decideExtension',
  'requestPause', 'decidePause', 'pauseClock', 'resumeClock', 'reply', 'recordDelivery', 'recordReturnVisit', 'evaluate',
  'requestReview', 'issueReviewOpinion', 'requestReReview', 'issueReReviewOpinion', 'withdraw', 'decideWithdrawal',
  'escalate', 'supervise', 'answerSupervision', 'reassign', 'linkRepeat', 'recomputeDueDates', 'reopen',
]).meta({
  id: 'CaseAction',
  description: 'A command the case accepts. Each is POST /api/v1/petitions/{id}/actions/{action}, except linkRepeat (the API sends it '
    + 'for a repeated submission), recomputeDueDates (the calendar command sends it) and pauseClock (the first release\'s, kept for replay; never allowed now).',
});

/** An action the API offers on a case: each case action endpoint (the domain's commands people send, and linkAsRepeat). */
export const API_ACTIONS = [
  'accept', 'notAccept', 'route', 'objectRouting', 'decideObjection', 'assign', 'requestExtension', 'decideExtension',
  'requestPause', 'decidePause', 'resumeClock', 'reply', 'recordDelivery', 'recordReturnVisit', 'evaluate',
  'requestReview', 'issueReviewOpinion', 'requestReReview', 'issueReReviewOpinion', 'withdraw', 'decideWithdrawal',
  'escalate', 'supervise', 'answerSupervision', 'reassign', 'reopen', 'linkAsRepeat',
] as const satisfies readonly (PersonAction | 'linkAsRepeat')[];
export type ApiAction = (typeof API_ACTIONS)[number];
// Every action a person sends has its place here: a new one fails compilation until it is listed.
const everyPersonAction: Exclude<PersonAction, ApiAction> extends never ? true : false = true;
void everyPersonAction;

export const YourActionSchema = z.enum(API_ACTIONS).meta({
  id: 'YourAction',
  description: 'An action you may take on the case now: POST /api/v1/petitions/{id}/actions/{action}',
});

export const StageSchema = z.enum(['handling', 'review', 're_review']).meta({
  id: 'Stage',
  description: 'The latest written answer issued: handling (the reply) until the review opinion (复查意见) is issued, then review, then re_review (复核意见). '
    + 'A rating is of this answer, and a dissatisfied rating opens the next appeal: 复查 after handling, 复核 after review, final after re_review.',
});

export const ClockKindSchema = z.enum([
  'acceptance', 'objection', 'handling', 'evaluation', 'returnVisit',
  'reviewRequest', 'reviewHandling', 'reReviewRequest', 'reReviewHandling', 'supervisionReply',
]).meta({
  id: 'ClockKind',
  description: 'acceptance 受理告知 · objection (a receiving unit may object to a routing) · handling 处理意见书 · '
    + 'evaluation 满意度评价 · returnVisit 回访 · reviewRequest (复查 may be requested) · reviewHandling 复查意见 · '
    + 'reReviewRequest (复核 may be requested) · reReviewHandling 复核意见 · supervisionReply (answer to a 督办 notice). '
    + 'objection, evaluation, reviewRequest and reReviewRequest are windows: they lapse into a transition instead of becoming overdue.',
});

export const PeriodLimitSchema = z.object({
  days: z.number().int().min(1),
  unit: z.enum(['calendar', 'working']).meta({ description: 'calendar: every day counts; working: working days only (holiday calendar, make-up days count)' }),
}).meta({ id: 'PeriodLimit', description: 'A statutory period. The start day is not counted; a period ending on a rest day ends on the next working day.' });

export const ClockPauseSchema = z.object({
  from: instant('Paused at'),
  to: instant('Resumed at; absent while still paused').optional(),
  reason: z.string().meta({ description: 'e.g. a hearing (听证)' }),
  by: userId('Who asked for it'),
  approvedBy: userId('The supervisor who approved it').optional(),
  days: z.number().int().min(1).optional().meta({ description: 'Approved length in days' }),
  until: instant('When it ends by itself').optional(),
}).meta({ id: 'ClockPause', description: 'Time that does not count against the clock (hearing time, W36), counted in whole days' });

export const ClockSchema = z.object({
  id: z.string().meta({ description: 'kind-n, e.g. handling-1' }),
  kind: ClockKindSchema,
  unitId: z.string().optional().meta({ description: 'The unit the clock binds' }),
  startedAt: instant('Started at (the start day itself is not counted)'),
  limit: PeriodLimitSchema,
  extensionDays: z.number().int().min(0).meta({ description: 'Approved extension (延期), same unit as the limit' }),
  pausedMs: z.number().int().min(0).meta({ description: 'Paused time of closed pauses, in milliseconds' }),
  pauses: z.array(ClockPauseSchema),
  dueAt: instant('Due at: the end of the last day in the organisation\'s time zone. Absent for a moment after the clock starts, until the holiday calendar has been consulted').optional(),
  dueDate: z.string().optional().meta({ format: 'date', description: 'The local due date (YYYY-MM-DD), for display' }),
  calendarCovered: z.boolean().optional().meta({ description: 'false when the holiday calendar lacked a year\'s State Council arrangement' }),
  provisional: z.boolean().optional().meta({ description: 'Counted with the statutory holidays only, before the year\'s arrangement was loaded: the date may move (the petitioner is told if it does)' }),
  breach: z.object({ at: instant('Breached at'), unitId: z.string().optional().meta({ description: 'The unit that held the clock then: criticism and on-time figures are its' }) })
    .optional().meta({ description: 'Set once when the clock passed its due date while running; it then ends late whatever follows' }),
  recounting: z.boolean().optional().meta({ description: 'Its due date is being counted again (a moment after an extension, a pause\'s end or a new calendar)' }),
  fired: z.array(z.string()).meta({ description: 'Warning and escalation markers already handled (warn:0.5, warn:3d, breach, grace, lapse): each happens once' }),
  stoppedAt: instant('Stopped at; absent while running').optional(),
  outcome: z.enum(['met', 'late', 'lapsed', 'cancelled']).optional().meta({ description: 'How it ended: met in time, late, a window lapsed, cancelled (the case closed)' }),
  running: z.boolean().meta({ description: 'Not stopped yet' }),
  paused: z.boolean().meta({ description: 'A pause is open: the clock stands still' }),
  overdue: z.boolean().meta({ description: 'A running duty clock past its due date (windows are never overdue)' }),
  remainingMs: z.number().optional().meta({ description: 'Milliseconds to the due date as of asOf (negative when overdue; at stop time for a stopped clock); absent without a due date' }),
  pausedMsTotal: z.number().min(0).meta({ description: 'All paused time including an open pause, in milliseconds' }),
}).meta({ id: 'Clock', description: 'A statutory clock: a durable timer in the workflow, with warnings before and escalation after its due date' });

export const PetitionerViewSchema = z.object({
  name: z.string(),
  contact: z.string().meta({ description: 'Phone number or postal address for notices' }),
  idNumber: z.string().optional(),
  address: z.string().optional(),
}).meta({ id: 'PetitionerView', description: 'The petitioner (信访人). Personal data: only shown to those whose scope covers the case' });

export const OpinionSchema = z.object({
  decision: z.enum(['support', 'explain', 'not_support']).meta({ description: '支持 · 解释说明 · 不支持' }),
  facts: z.string(),
  legalBasis: z.string(),
  text: z.string(),
  issuedAt: instant('Issued at'),
  by: userId('Issued by'),
  unitId: z.string().optional().meta({ description: 'The unit that issued it: a review goes to the unit above it' }),
}).meta({ id: 'Opinion', description: 'A written answer: the reply 处理意见书, the review opinion 复查意见书 or the re-review opinion 复核意见书' });

export const EvaluationSchema = z.object({
  stage: StageSchema,
  rating: RatingSchema,
  via: z.enum(['petitioner', 'return_visit']).meta({ description: 'Rated by the petitioner, or recorded by the officer\'s return visit (回访)' }),
  at: instant('Recorded at'),
  by: userId('Recorded by'),
  comment: z.string().optional(),
  source: ActSourceSchema.optional(),
}).meta({ id: 'Evaluation', description: 'A satisfaction evaluation (满意度评价) of one stage\'s answer' });

export const SupervisionNoticeSchema = z.object({
  id: z.string().meta({ description: 'The noticeId to answer with (answerSupervision)' }),
  clockId: z.string().meta({ description: 'Its own supervisionReply clock' }),
  issuedAt: instant('Issued at'),
  by: userId('Issued by'),
  instruction: z.string(),
  listed: z.boolean().meta({ description: '挂牌督办: listed supervision for serious cases' }),
  unitId: z.string().optional().meta({ description: 'The unit that must answer' }),
  answeredAt: instant('Answered at; absent while open').optional(),
  answer: z.string().optional(),
}).meta({ id: 'SupervisionNotice', description: 'A supervision notice (督办) with its own reply clock' });

export const EscalationSchema = z.object({
  at: instant('Escalated at'),
  level: z.number().int().min(1).max(MAX_ESCALATION_LEVEL).meta({ description: `1 the supervisor, 2 a level higher (a criticism is recorded), up to ${MAX_ESCALATION_LEVEL} by hand (the highest)` }),
  reason: z.string(),
  by: userId('Escalated by'),
  clockId: z.string().optional().meta({ description: 'The breached clock, for an automatic escalation' }),
}).meta({ id: 'Escalation', description: 'An escalation (升级), by a supervisor or by a breached deadline' });

export const CriticismSchema = z.object({
  at: instant('Recorded at'),
  unitId: z.string().meta({ description: 'The unit criticised' }),
  reason: z.string(),
  clockId: z.string().meta({ description: 'The clock it missed' }),
}).meta({ id: 'Criticism', description: 'A criticism record (通报批评) of a unit that stayed overdue past the grace period' });

export const PendingExtensionSchema = z.object({
  days: z.number().int().min(1),
  reason: z.string(),
  requestedAt: instant('Requested at'),
  requestedBy: userId('Requested by'),
}).meta({ id: 'PendingExtension', description: 'An extension (延期) awaiting the supervisor\'s decideExtension' });

export const DocumentKindSchema = z.enum([
  'registration', 'transfer', 'acceptance', 'non_acceptance', 'extension', 'reply',
  'review_opinion', 're_review_opinion', 'closing', 'repeat_linked', 'pause', 'deadline_change', 'reopening',
]).meta({ id: 'DocumentKind', description: 'A document the petitioner is shown, with its date (registration, transfer, acceptance or non-acceptance notice, extension notice, reply 处理意见书, review opinion 复查意见书, re-review opinion 复核意见书, closing, a hearing pause and its end, a changed due date)' });

export const TimelineEventSchema = z.object({
  seq: z.number().int().min(1).meta({ description: 'Position in the case\'s history, from 1, without gaps' }),
  at: instant('When it happened'),
  type: z.string().meta({
    description: 'What happened: registered, accepted, not_accepted, routed, routing_objection_raised, routing_objection_upheld, '
      + 'routing_objection_rejected, routing_confirmed, assigned, reassigned, extension_requested, extension_approved, extension_refused, '
      + 'extension_request_closed, pause_requested, pause_refused, pause_request_closed, clock_paused, clock_resumed, replied, delivered, '
      + 'review_opinion_issued, re_review_opinion_issued, evaluated, return_visit_recorded, evaluation_lapsed, evaluation_superseded, '
      + 'review_requested, re_review_requested, review_body_assigned, appeal_window_lapsed, withdrawal_requested, withdrawal_refused, '
      + 'withdrawn, escalated, supervision_issued, supervision_answered, deadline_warning, deadline_breached, due_dates_recounted, '
      + 'due_date_changed, repeat_linked, rules_adopted, closed (routing_objected: the first release\'s immediate objection)',
    examples: ['registered', 'accepted', 'deadline_warning'],
  }),
  actor: userId('Who did it'),
  document: DocumentKindSchema.optional(),
  data: z.record(z.string(), z.unknown()).meta({ description: 'The facts of the step, by type (e.g. routed: fromUnitId, toUnitId, reason; escalated: level, reason)' }),
}).meta({ id: 'TimelineEvent', description: 'One step of the case\'s history' });

const limitOf = (description: string) => PeriodLimitSchema.meta({ description });

export const ResolvedPolicySchema = z.object({
  policyId: z.string(),
  organisationId: z.string().meta({ description: 'Whose time limits apply' }),
  timeZone: z.string().meta({ description: 'IANA zone the days are counted in, e.g. Asia/Shanghai' }),
  limits: z.object({
    acceptance: limitOf('受理告知: whether it is accepted (national default 15 days)'),
    objection: limitOf('A receiving unit may object to a routing (5 working days)'),
    handling: limitOf('处理意见书 after acceptance (60 days, plus extensions)'),
    evaluation: limitOf('满意度评价 window'),
    returnVisit: limitOf('回访 when no rating came'),
    reviewRequest: limitOf('复查 may be requested (30 days)'),
    reviewHandling: limitOf('复查意见 (30 days)'),
    reReviewRequest: limitOf('复核 may be requested (30 days)'),
    reReviewHandling: limitOf('复核意见 (30 days)'),
    supervisionReply: limitOf('Answer to a 督办 notice (30 days)'),
  }).meta({ description: 'The limit of every clock kind' }),
  maxExtensionDays: z.number().int().min(0).meta({ description: 'Most handling days that extensions may add in total' }),
  warningFractions: z.array(z.number()).meta({ description: 'Warnings at these fractions of a duty clock\'s period, e.g. [0.5, 0.8]' }),
  warningDaysBefore: z.number().int().min(0).meta({ description: 'And this many days before the due date (0: none)' }),
  escalationGraceDays: z.number().int().min(0).meta({ description: 'After a breach, days until the escalation a level higher' }),
  pausableClocks: z.array(ClockKindSchema).optional().meta({ description: 'Clocks a supervisor may pause (hearing time, W36); absent: the national default (reReviewHandling)' }),
  maxPauseDays: z.number().int().min(1).optional().meta({ description: 'The longest approved pause; absent: 30' }),
  topReviewBodyUnitId: z.string().optional().meta({ description: 'The reviewing body for an answer from a unit with no unit above it' }),
}).meta({ id: 'ResolvedPolicy', description: 'The time limits resolved at registration (policy/default.json): the case keeps them' });

export const CaseViewSchema = z.object({
  id: z.string().meta({ description: 'Petition id' }),
  queryCode: z.string().meta({ description: '查询码: lets the petitioner track the case without an account' }),
  matterKey: z.string().meta({ description: 'Identifies the matter (petitioner, unit, title): a repeat submission of an open matter is linked to it' }),
  organisationId: z.string(),
  class: PetitionClassSchema,
  channel: ChannelSchema,
  receivedAt: instant('Received at'),
  petitioner: PetitionerViewSchema,
  petitionerUserId: z.string().optional().meta({ description: 'The petitioner\'s account, when they submitted signed in' }),
  anonymous: z.boolean().optional().meta({ description: '匿名: a suggestion or report without name or contact; it closes when answered, without evaluation or appeal' }),
  title: z.string(),
  content: z.string(),
  intakeOfficerId: z.string().optional().meta({ description: 'The officer who registered it (首办责任人), for letters, visits and calls' }),
  status: CaseStatusSchema,
  stage: StageSchema,
  closingReason: z.enum(['satisfied', 'answered_anonymous', 'not_accepted', 'legal_procedure', 'withdrawn', 'appeal_window_lapsed', 'final']).optional()
    .meta({ description: 'Set once closed: satisfied · not_accepted 不予受理 · legal_procedure 诉访分离 · withdrawn 撤回 · appeal_window_lapsed · final 终结 after re-review' }),
  closedAt: instant('Closed at').optional(),
  closedFrom: StatusSchema.optional().meta({ description: 'The status it closed from: a correction (reopen) returns it there' }),
  reopenings: z.array(z.object({
    at: instant('Reopened at'), by: userId('The supervisor'), reason: z.string(),
    closingReason: z.enum(['satisfied', 'answered_anonymous', 'not_accepted', 'legal_procedure', 'withdrawn', 'appeal_window_lapsed', 'final']),
  })).optional().meta({ description: 'Corrections (纠错) of a wrong non-acceptance or withdrawal' }),
  unitId: z.string().optional().meta({ description: 'The unit that owns the case now' }),
  previousUnitId: z.string().optional().meta({ description: 'The unit before the last routing' }),
  officerId: z.string().optional().meta({ description: 'The case officer (承办人)' }),
  leaderOwnerId: z.string().optional().meta({ description: '包案: the leader who took personal ownership' }),
  escalationLevel: z.number().int().min(0).max(MAX_ESCALATION_LEVEL).meta({ description: `0 none, 1 the supervisor, 2 a level higher (with a criticism record), ${MAX_ESCALATION_LEVEL} the petition office's leadership (the highest, MAX_ESCALATION_LEVEL)` }),
  rules: z.union([z.literal(1), z.literal(2)]).optional().meta({ description: 'The rules the case runs on: 2 (absent: 1, a case registered before the statutory rules of 2026-11, until its next step)' }),
  policy: ResolvedPolicySchema,
  clocks: z.array(ClockSchema).meta({ description: 'Every clock the case has started, running or stopped, in start order' }),
  pendingExtension: PendingExtensionSchema.optional(),
  pendingPause: z.object({ clockId: z.string(), days: z.number().int().min(1), reason: z.string(), requestedAt: instant('Requested at'), requestedBy: userId('Requested by') })
    .optional().meta({ description: 'A hearing pause awaiting the supervisor\'s decidePause' }),
  pendingObjection: z.object({
    reason: z.string(), at: instant('Raised at'), by: userId('Raised by'),
    unitId: z.string().optional().meta({ description: 'The unit that objects (it holds the case meanwhile)' }),
    routingUnitId: z.string().optional().meta({ description: 'The office that routed it, which decides (decideObjection)' }),
  }).optional().meta({ description: 'A receiving unit\'s objection to a routing (W23), awaiting the routing office' }),
  pendingWithdrawal: z.object({ reason: z.string(), at: instant('Asked at'), by: userId('Asked by'), source: ActSourceSchema.optional() })
    .optional().meta({ description: 'A withdrawal of a case under supervision or escalation, awaiting a supervisor\'s decideWithdrawal' }),
  withdrawal: z.object({ reason: z.string(), at: instant('Withdrawn at'), by: userId('Recorded by'), source: ActSourceSchema.optional() })
    .optional().meta({ description: 'A withdrawal after an answer without a rating: the case closes once the return visit is recorded' }),
  deliveries: z.array(z.object({
    stage: StageSchema, at: instant('Delivered at'), method: z.enum(['online', 'post', 'in_person', 'fax']), recordedBy: userId('Recorded by'),
  })).optional().meta({ description: '送达 of each written answer: the appeal window runs from it' }),
  precludedBy: z.object({
    id: z.string(), queryCode: z.string(), closedAt: instant('Closed at'),
    closingReason: z.enum(['satisfied', 'answered_anonymous', 'not_accepted', 'legal_procedure', 'withdrawn', 'appeal_window_lapsed', 'final']),
  }).optional().meta({ description: 'The final case (终结) of the same matter: this one was not accepted (W36)' }),
  recomputation: z.object({
    reason: z.string(), calendarYears: z.array(z.string()), previous: z.record(z.string(), z.string()),
    previousDueAt: z.record(z.string(), z.string()).optional(),
  })
    .optional().meta({ description: 'Due dates being counted again with a newly loaded holiday arrangement (a moment)' }),
  notAcceptance: z.object({ reason: z.string(), redirectTo: z.string().meta({ description: 'Where to go instead' }) }).optional()
    .meta({ description: '不予受理: why, and where to go instead' }),
  reply: OpinionSchema.optional(),
  reviewOpinion: OpinionSchema.optional(),
  reReviewOpinion: OpinionSchema.optional(),
  appeals: z.array(z.object({ stage: z.enum(['review', 're_review']), at: instant('Requested at'), reason: z.string(), source: ActSourceSchema.optional() }))
    .meta({ description: 'Requests for review (复查) and re-review (复核)' }),
  evaluations: z.array(EvaluationSchema),
  supervision: z.array(SupervisionNoticeSchema),
  escalations: z.array(EscalationSchema),
  criticisms: z.array(CriticismSchema),
  linkedSubmissions: z.array(z.object({ submissionId: z.string(), receivedAt: instant('Received at'), channel: ChannelSchema }))
    .meta({ description: 'Repeat submissions of the same open matter, linked instead of opened as new cases; each one\'s title and text are on its repeat_linked timeline event' }),
  likelyRepeatOf: z.object({ id: z.string(), queryCode: z.string() }).optional().meta({
    description: 'An open case of the same matter (petitioner, unit, title) that this one probably repeats: the submitter could not be confirmed '
      + 'as that case\'s petitioner (another or no account, no identity check), so it was opened as a case of its own. An officer links it '
      + '(linkAsRepeat) or handles it as a case of its own.',
  }),
  timeline: z.array(TimelineEventSchema).meta({ description: 'The history, oldest first' }),
  seq: z.number().int().min(0).meta({ description: 'The last timeline seq' }),
  overdue: z.boolean().meta({ description: 'A duty clock is past its due date' }),
  nextDeadline: instant('The earliest due date among running, unpaused clocks').optional(),
  allowedActions: z.array(CaseActionSchema).meta({ description: 'What the case accepts now, whoever asks; yourActions narrows it to the caller\'s role' }),
  asOf: instant('The moment the derived fields (overdue, remainingMs, allowedActions) were computed'),
}).meta({ id: 'CaseView', description: 'A petition case as its workflow holds it, with what an officer needs at a glance' });

// The contract: the schema's output type and the domain's CaseView are the same type. Exact identity
// (not only mutual assignability): an added, dropped, renamed or retyped field, or one that changed
// between optional and required, fails compilation here.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const caseViewMatchesDomain: Equals<z.output<typeof CaseViewSchema>, CaseView> = true;
void caseViewMatchesDomain;
