// Query strings and answers of the read endpoints: lists, timeline, supervision board, public tracking
// and statistics. The descriptions are the documentation a UI is built from (OpenAPI).
import { z } from 'zod';
import { MAX_ESCALATION_LEVEL, type ClosingReason } from '../../domain';
import { PUBLIC_CLOCKS, PUBLIC_STEP_TYPES, type PublicCaseView } from '../../domain/publicView';
import { PublicAttachmentsSchema } from './attachments';
import { ChannelSchema, PetitionClassSchema, RatingSchema, StatusSchema } from './common';
import { CaseStatusSchema, ClockKindSchema, DocumentKindSchema, StageSchema } from './views';

// ---------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------

const MAX_LIST_ITEMS = 20;

/** The escalation levels, documented once: MAX_ESCALATION_LEVEL is the highest. */
export const ESCALATION_LEVELS = `0 none, 1 the supervisor, 2 a level higher (with a criticism record), ${MAX_ESCALATION_LEVEL} the petition office's leadership (the highest)`;
const ID = '[A-Za-z0-9._-]{1,64}';

/** A comma-separated list: one parameter, never repeated; duplicates are ignored. */
function commaList(item: string, description: string) {
  return z.string()
    .regex(new RegExp(`^${item}(?:,${item}){0,${MAX_LIST_ITEMS - 1}}$`), `a comma-separated list (at most ${MAX_LIST_ITEMS}) of: ${description}`)
    .meta({ description: `Comma-separated, e.g. a,b (give the parameter once; a case matches any of the values). ${description}` })
    .transform((s) => [...new Set(s.split(','))]);
}

const enumList = <T extends string>(values: readonly T[], description: string) =>
  commaList(`(?:${values.join('|')})`, `${description} One or more of: ${values.join(', ')}.`)
    .transform((a) => a as T[]);

const booleanParam = (description: string) =>
  z.enum(['true', 'false']).meta({ description }).transform((v) => v === 'true');

const DATE_TEXT = 'An ISO date (YYYY-MM-DD: the whole day in the organisation\'s time zone, Asia/Shanghai by default) '
  + 'or an ISO date-time with Z or an offset (2026-03-01T09:00:00+08:00).';
const dateParam = (description: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).meta({ description: `${description} ${DATE_TEXT}` });

const limitParam = (def: number, max: number) =>
  z.coerce.number().int('a whole number').min(1).max(max).default(def).meta({ description: `Page size, 1 to ${max} (default ${def}).` });

const cursorParam = z.string().max(2000).meta({
  description: 'Opaque: the nextCursor of the previous page, with the same filters and sort. Pages are keyset-based, so cases '
    + 'registered meanwhile neither repeat nor skip rows. A cursor that was altered, or used with other filters, is a 400 on the field "cursor".',
});

const instant = (description: string) => z.string().meta({ format: 'date-time', description: `${description} (ISO 8601 instant, UTC)` });
const nullableInstant = (description: string) => z.string().meta({ format: 'date-time' }).nullable().meta({ description: `${description} (ISO 8601 instant, UTC; null if none)` });

const CLOSING_REASONS = [
  'satisfied', 'answered_anonymous', 'not_accepted', 'legal_procedure', 'withdrawn', 'appeal_window_lapsed', 'final',
] as const satisfies readonly ClosingReason[];
// Every closing reason of the domain is listed: a new one fails compilation here until it is documented.
const allClosingReasons: Exclude<ClosingReason, (typeof CLOSING_REASONS)[number]> extends never ? true : false = true;
void allClosingReasons;
export const ClosingReasonSchema = z.enum(CLOSING_REASONS).meta({
  description: 'satisfied · answered_anonymous (an anonymous matter answered; nobody to rate it) · not_accepted (不予受理) · '
    + 'legal_procedure (诉访分离) · withdrawn (撤回) · appeal_window_lapsed · final (终结 after re-review)',
});
const DecisionSchema = z.enum(['support', 'explain', 'not_support']).meta({ description: '支持 support · 解释说明 explain · 不支持 not_support' });

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/petitions
// ---------------------------------------------------------------------------------------------------

export const LIST_SORT_FIELDS = ['receivedAt', 'nextDeadline', 'escalationLevel', 'updatedAt'] as const;

export const ListQuerySchema = z.object({
  status: enumList(StatusSchema.options, 'Current state.').optional(),
  class: enumList(PetitionClassSchema.options, 'Petition class.').optional(),
  channel: enumList(ChannelSchema.options, 'Channel it came by.').optional(),
  unitId: commaList(ID, 'Unit ids: the unit the case is with now.').optional(),
  officerId: commaList(ID, 'Case officer ids; "me" is the caller. Staff only.').optional(),
  overdue: booleanParam('true: only cases with a duty deadline passed; false: only cases without.').optional(),
  escalationLevel: commaList(`[0-${MAX_ESCALATION_LEVEL}]`, `Escalation levels (${ESCALATION_LEVELS}). Staff only.`).transform((a) => a.map(Number)).optional(),
  minEscalationLevel: z.coerce.number().int().min(0).max(MAX_ESCALATION_LEVEL).meta({ description: `Only cases escalated to at least this level (0 to ${MAX_ESCALATION_LEVEL}). Staff only.` }).optional(),
  likelyRepeat: booleanParam('true: only cases flagged as a likely repeat of another petition (likelyRepeatOf); false: only those not flagged. Staff only.').optional(),
  receivedFrom: dateParam('Received on or after.').optional(),
  receivedTo: dateParam('Received on or before (a date includes that whole day).').optional(),
  dueFrom: dateParam('Next deadline on or after.').optional(),
  dueTo: dateParam('Next deadline on or before.').optional(),
  closedFrom: dateParam('Closed on or after.').optional(),
  closedTo: dateParam('Closed on or before.').optional(),
  q: z.string().trim().min(1).max(200).meta({
    description: 'Text search: cases whose title or content contains this text (a substring: 工资 finds 拖欠工资; % and _ match themselves). '
      + 'Case-insensitive; for 1 or 2 characters, for ASCII letters only. Answered from a search index, not by reading every case.',
  }).optional(),
  petitioner: z.string().trim().min(1).max(100).meta({
    description: 'Staff only: cases of the petitioner with exactly this name, contact (phone or address) or ID number, within your scope. '
      + 'Spaces are ignored, full-width digits read as digits, ASCII letters in any case. Every such search is recorded in the access log (who, when, what, how many cases it showed).',
  }).optional(),
  sort: z.enum(LIST_SORT_FIELDS).default('receivedAt').meta({
    description: 'Sort field; ties are broken by id. nextDeadline sorts cases without a running deadline last in either order. Staff only: escalationLevel.',
  }),
  order: z.enum(['asc', 'desc']).default('desc').meta({ description: 'Sort direction (default desc: newest, latest or highest first).' }),
  limit: limitParam(20, 100),
  cursor: cursorParam.optional(),
  includeTotal: booleanParam('true: also count every matching case (total). Costs an extra query.').optional(),
}).strict();
export type ListQuery = z.output<typeof ListQuerySchema>;

export const NextClockSchema = z.object({
  kind: ClockKindSchema.nullable().meta({ description: 'Which clock sets nextDeadline. null: not recorded yet (a row projected before this field existed, until the case next changes); its days are then counted as calendar days and no warning is known.' }),
  counts: z.enum(['working_days', 'calendar_days']).meta({ description: 'How the clock counts its period, and so daysLeft: working_days (the holiday calendar the due dates are counted with: weekends and public holidays off, make-up working days on) or calendar_days (every day)' }),
  dueDate: z.string().meta({ format: 'date', description: 'The local date of nextDeadline in the organisation\'s time zone (YYYY-MM-DD): the last day of the period' }),
  daysLeft: z.number().int().meta({
    description: 'Counted when this answer was made, in the organisation\'s time zone, in the unit of counts: calendar_days: the due date minus today; '
      + 'working_days: the working days after today up to and including the due date. 0: due today. Negative when the due date has passed: '
      + 'minus the days (of the same unit, today included) since the due date, at least -1.',
  }),
  warningLevel: z.number().int().min(0).meta({ description: 'How many of this clock\'s deadline warnings (the policy\'s warning fractions of the period, e.g. 50% and 80%, and the warning a day before) have been sent: 0 none yet, warningsTotal all of them' }),
  warningsTotal: z.number().int().min(0).meta({ description: 'How many deadline warnings the policy gives this clock (0 for a window such as the objection period, which lapses instead of warning; 0 when kind is null)' }),
}).meta({ id: 'NextClock', description: 'The running clock behind nextDeadline: days left as it counts them and how far its warnings have gone (a console colours the row by warningLevel, and as overdue when daysLeft < 0)' });
export type NextClock = z.output<typeof NextClockSchema>;

export const PetitionSummarySchema = z.object({
  id: z.string(),
  queryCode: z.string().meta({ description: '查询码: what the petitioner tracks the case with' }),
  title: z.string(),
  class: PetitionClassSchema,
  channel: ChannelSchema,
  status: CaseStatusSchema,
  unitId: z.string().nullable().meta({ description: 'The unit the case is with now' }),
  officerId: z.string().nullable().optional().meta({ description: 'The case officer (承办人). Staff only: absent for petitioners.' }),
  leaderOwnerId: z.string().nullable().optional().meta({ description: 'A leader who took personal ownership (包案). Staff only.' }),
  escalationLevel: z.number().int().optional().meta({ description: `${ESCALATION_LEVELS}. Staff only.` }),
  openSupervision: z.number().int().optional().meta({ description: 'Supervision notices (督办) not answered yet. Staff only.' }),
  likelyRepeatOf: z.string().nullable().optional().meta({ description: 'The id of a petition of the same matter this one probably repeats (the submitter was not confirmed as its petitioner): link it (linkAsRepeat) or handle it. Staff only.' }),
  overdue: z.boolean().meta({ description: 'A duty deadline has passed and the step is still not done' }),
  nextDeadline: nullableInstant('The earliest due date among running clocks'),
  provisionalDeadline: z.boolean().meta({ description: 'true when nextDeadline was counted without the holiday arrangement of its year (not published yet): weekends only, so it may still move' }),
  nextClock: NextClockSchema.nullable().meta({ description: 'The clock behind nextDeadline with its days left; null when no clock runs (nextDeadline null)' }),
  receivedAt: instant('When the petition was received'),
  repliedAt: nullableInstant('When the written reply (处理意见书) was issued'),
  closedAt: nullableInstant('When the case closed'),
  closingReason: ClosingReasonSchema.nullable(),
  satisfaction: RatingSchema.nullable().meta({ description: 'The latest rating (满意度评价 or from the return visit), null if none yet' }),
  petitionerName: z.string(),
  updatedAt: instant('When the projection row last changed'),
}).meta({ id: 'PetitionSummary', description: 'A petition as lists show it. Read the detail (GET /api/v1/petitions/{id}) for the content, the clocks and the actions.' });
export type PetitionSummary = z.output<typeof PetitionSummarySchema>;

export const PetitionPageSchema = z.object({
  items: z.array(PetitionSummarySchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last page' }),
  total: z.number().int().optional().meta({ description: 'Every matching case, when includeTotal=true' }),
});
export type PetitionPage = z.output<typeof PetitionPageSchema>;

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/petitions/{id}/timeline
// ---------------------------------------------------------------------------------------------------

export const TimelineQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).meta({ description: 'Only events after this sequence number (to poll for what is new).' }).optional(),
}).strict();

export const TimelineEntrySchema = z.object({
  seq: z.number().int().meta({ description: 'Position in the case, from 1, without gaps for staff' }),
  at: instant('When it happened'),
  type: z.string().meta({
    description: 'What happened: registered, routed, routing_objected, routing_confirmed, accepted, not_accepted, assigned, reassigned, '
      + 'extension_requested, extension_approved, extension_refused, clock_paused, clock_resumed, replied, evaluated, evaluation_lapsed, '
      + 'return_visit_recorded, review_requested, review_opinion_issued, re_review_requested, re_review_opinion_issued, appeal_window_lapsed, '
      + 'supervision_issued, supervision_answered, escalated, deadline_warning, deadline_breached, withdrawn, repeat_linked, closed. '
      + `A petitioner sees only: ${PUBLIC_STEP_TYPES.join(', ')}.`,
  }),
  document: DocumentKindSchema.optional().meta({ description: 'The document this step issued to the petitioner, if any' }),
  actor: z.string().optional().meta({ description: 'Who did it: a user id, "system" for deadlines, "anonymous" for an online submission. Staff only.' }),
  data: z.record(z.string(), z.unknown()).meta({ description: 'Facts of the step (e.g. toUnitId, officerId, level, reason). For a petitioner only the public details: unit, reason, redirectTo, days, decision, rating, stage, closingReason.' }),
});

export const TimelineSchema = z.object({
  petitionId: z.string(),
  events: z.array(TimelineEntrySchema).meta({ description: 'Ordered by seq' }),
});

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/board
// ---------------------------------------------------------------------------------------------------

export const BoardQuerySchema = z.object({
  unitId: commaList(ID, 'Only these units (within your scope).').optional(),
  class: enumList(PetitionClassSchema.options, 'Petition class.').optional(),
  limit: limitParam(50, 100),
  cursor: cursorParam.optional(),
}).strict();

export const BoardItemSchema = PetitionSummarySchema.extend({
  reasons: z.array(z.enum(['overdue', 'escalated', 'supervision'])).meta({ description: 'Why it is on the board: a deadline passed, escalated (level > 0), an unanswered supervision notice' }),
  overdueForMs: z.number().int().nullable().meta({ description: 'How long overdue at asOf (now minus the earliest running due date), null when not overdue' }),
}).meta({ id: 'BoardItem' });
export type BoardItem = z.output<typeof BoardItemSchema>;

export const BoardSchema = z.object({
  asOf: instant('When the board was read'),
  counts: z.object({
    total: z.number().int().meta({ description: 'Cases on the board (all pages)' }),
    overdue: z.number().int(),
    escalated: z.number().int(),
    openSupervision: z.number().int().meta({ description: 'Cases with an unanswered supervision notice' }),
  }),
  items: z.array(BoardItemSchema),
  nextCursor: z.string().nullable(),
});
export type Board = z.output<typeof BoardSchema>;

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/tracking/{queryCode}
// ---------------------------------------------------------------------------------------------------

export const TrackingParams = z.object({
  queryCode: z.string().min(1).max(64).meta({ description: '查询码, as issued at registration (letters and digits; case does not matter)' }),
});

const PublicUnitSchema = z.object({ id: z.string(), name: z.string().optional() });

export const PublicStepSchema = z.object({
  seq: z.number().int(),
  at: instant('When the step happened'),
  type: z.enum(PUBLIC_STEP_TYPES),
  document: DocumentKindSchema.optional(),
  details: z.object({
    unit: PublicUnitSchema.optional().meta({ description: 'registered, routed, routing_objected, routing_objection_upheld (the unit it went to), accepted, review_body_assigned (the reviewing body)' }),
    reason: z.string().optional().meta({ description: 'not_accepted, extension_approved, clock_paused, withdrawal_refused' }),
    redirectTo: z.string().optional().meta({ description: 'not_accepted: where to go instead' }),
    days: z.number().int().optional().meta({ description: 'extension_approved: days added; clock_paused: days of hearing time' }),
    decision: DecisionSchema.optional(),
    rating: RatingSchema.optional(),
    stage: StageSchema.optional().meta({ description: 'evaluated, return_visit_recorded, delivered, review_body_assigned: which answer' }),
    closingReason: ClosingReasonSchema.optional(),
    deliveredAt: instant('delivered: when the written answer reached you (送达); the appeal window runs from it').optional(),
    until: instant('clock_paused: when the pause ends by itself').optional(),
    clockKind: ClockKindSchema.optional().meta({ description: 'due_date_changed: which time limit' }),
    from: z.string().optional().meta({ description: 'due_date_changed: the date before' }),
    to: z.string().optional().meta({ description: 'due_date_changed: the new date' }),
  }),
});

export const PublicDocumentSchema = z.object({
  kind: DocumentKindSchema,
  title: z.string().meta({ description: 'The document\'s name, Chinese and English' }),
  seq: z.number().int().meta({ description: 'The step that issued it' }),
  issuedAt: instant('Date of the document'),
  unit: PublicUnitSchema.optional().meta({ description: 'transfer: the receiving unit; acceptance: the accepting unit' }),
  reason: z.string().optional().meta({ description: 'non_acceptance, extension, pause' }),
  redirectTo: z.string().optional().meta({ description: 'non_acceptance' }),
  days: z.number().int().optional().meta({ description: 'extension, pause' }),
  until: instant('pause: when it ends by itself').optional(),
  from: z.string().optional().meta({ description: 'deadline_change: the date before' }),
  to: z.string().optional().meta({ description: 'deadline_change: the new date' }),
  decision: DecisionSchema.optional().meta({ description: 'reply, review_opinion, re_review_opinion' }),
  facts: z.string().optional().meta({ description: 'reply, review_opinion, re_review_opinion: the facts found' }),
  legalBasis: z.string().optional().meta({ description: 'reply, review_opinion, re_review_opinion' }),
  text: z.string().optional().meta({ description: 'reply, review_opinion, re_review_opinion: the answer itself' }),
  closingReason: ClosingReasonSchema.optional().meta({ description: 'closing' }),
});

export const PublicCaseSchema = z.object({
  queryCode: z.string(),
  title: z.string(),
  class: PetitionClassSchema,
  channel: ChannelSchema,
  status: CaseStatusSchema,
  receivedAt: instant('Received'),
  closedAt: instant('Closed').optional(),
  closingReason: ClosingReasonSchema.optional(),
  unit: PublicUnitSchema.optional().meta({ description: 'The unit handling it now' }),
  steps: z.array(PublicStepSchema).meta({ description: 'Every step the petitioner is told of, with its date, in order' }),
  documents: z.array(PublicDocumentSchema).meta({ description: 'Each document issued, with its date and content' }),
  deadlines: z.array(z.object({
    kind: z.enum(PUBLIC_CLOCKS).meta({ description: 'acceptance: decision whether to accept; handling: the written reply; evaluation: your rating; reviewRequest/reReviewRequest: your window to ask for 复查/复核; reviewHandling/reReviewHandling: the opinion' }),
    dueAt: instant('Due'),
    dueDate: z.string().optional().meta({ description: 'The due date in the organisation\'s time zone (YYYY-MM-DD)' }),
    provisional: z.boolean().optional().meta({ description: 'Counted with the statutory holidays only: the year\'s holiday arrangement is not published yet, so the date may move (you are told if it does)' }),
  })).meta({ description: 'Running time limits the petitioner waits on or must act within, earliest first' }),
  attachments: PublicAttachmentsSchema.optional(),
}).meta({ id: 'PublicCase', description: 'What the holder of a query code sees: steps, dates and documents; nothing internal (no officers, escalations, supervision, notes or contact data).' });

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/statistics
// ---------------------------------------------------------------------------------------------------

export const MAX_STATISTICS_DAYS = 366;

export const StatisticsQuerySchema = z.object({
  from: dateParam('First day of the period (an instant counts from the start of its local day).'),
  to: dateParam(`Last day of the period, at most ${MAX_STATISTICS_DAYS} days after from (an instant counts to the end of its local day).`),
  unitId: commaList(ID, 'Only these units (within your scope).').optional(),
}).strict();

const count = (description: string) => z.number().int().min(0).meta({ description });
const rateOf = (description: string) => z.number().min(0).max(1).nullable().meta({ description: `${description}; a fraction from 0 to 1, null when the denominator is 0` });

const UnitFiguresSchema = z.object({
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  received: count('Cases received in the period by this unit (the unit they were registered to)'),
  replied: count('Written replies issued in the period by this unit (the unit that held the handling clock)'),
  repliedOnTime: count('Of those, issued by the handling due date'),
  onTimeRate: rateOf('repliedOnTime / replied'),
  overdueNow: count('Open cases with this unit that are overdue now'),
  deadlinesMissed: count('Duty deadlines this unit held and missed in the period'),
  escalations: count('Escalations in the period of cases this unit held (missed deadlines included)'),
  criticised: count('Criticism notices (通报) against this unit in the period: a deadline still missed after the grace period'),
});

export const StatisticsSchema = z.object({
  period: z.object({ from: instant('Start, inclusive: the first instant of the first day'), to: instant('End, inclusive: the last instant of the last day'), timeZone: z.string().meta({ description: 'Zone the dates were read in' }) }),
  asOf: instant('When computed; the "now" figures are as of this moment'),
  received: z.object({
    total: count('Cases received in the period (by receivedAt), registered to units in your scope'),
    byClass: z.object({ suggestion: z.number().int(), report: z.number().int(), claim: z.number().int() }),
    byChannel: z.object({ online: z.number().int(), letter: z.number().int(), phone: z.number().int(), fax: z.number().int(), visit: z.number().int() }),
  }),
  onTime: z.object({
    replied: count('Cases whose written reply (处理意见书) was issued in the period'),
    onTime: count('Of those, replies issued by the due date of the handling clock (approved extensions added, paused time not counted)'),
    late: count('replied - onTime'),
    rate: rateOf('On-time rate = onTime / replied'),
  }),
  satisfaction: z.object({
    rated: count('Ratings recorded in the period (by the petitioner or from a return visit), each with its rating: a case rated after its reply and again after a review counts twice'),
    satisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
    dissatisfied: z.number().int(),
    rate: rateOf('Satisfaction rate = (satisfied + basicallySatisfied) / rated'),
  }),
  overdue: z.object({
    openNow: count('Open cases overdue at asOf (not limited to the period)'),
    deadlinesMissed: count('Duty deadlines (acceptance, handling, review, return visit, supervision reply) that passed in the period'),
  }),
  escalations: z.object({
    total: count('Escalations in the period: automatic on a missed deadline (level 1), a level higher after the grace period (level 2), and by supervisors'),
    criticised: count('Of those, criticism notices (通报) against a unit'),
  }),
  byUnit: z.array(UnitFiguresSchema).meta({ description: 'The same figures per unit, most cases received first; units with nothing to count are left out. '
    + 'Each event counts for the unit it concerns: a receipt for the unit it was registered to, a reply or a missed deadline for the unit that held the clock, '
    + 'a criticism for the criticised unit, anything else for the unit the case was with at the time.' }),
  mostComplainedUnits: z.array(z.object({ unitId: z.string().nullable(), unitName: z.string().nullable(), received: z.number().int() }))
    .meta({ description: 'The (up to 5) units with the most petitions received in the period' }),
});
export type Statistics = z.output<typeof StatisticsSchema>;

// The contract with the domain's public view (src/domain/publicView.ts): the same type, so a fact added
// there fails compilation here until it is documented, and the other way round.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
// (attachments are the API's, added beside the domain's view: files never enter the workflow)
const publicCaseMatchesDomain: Equals<Omit<z.output<typeof PublicCaseSchema>, 'attachments'>, PublicCaseView> = true;
void publicCaseMatchesDomain;

/** A petitioner's own case, in the detail and action answers: the public view plus the petition id. */
export const PetitionerCaseSchema = PublicCaseSchema.extend({ id: z.string() }).meta({
  id: 'PetitionerCase',
  description: 'What a petitioner sees of their own case: the public view (as on the tracking page) with the petition id.',
});

// ---------------------------------------------------------------------------------------------------
// GET /api/v1/admin/access-log
// ---------------------------------------------------------------------------------------------------

export const AccessLogQuerySchema = z.object({
  userId: commaList(ID, 'Only searches by these users.').optional(),
  from: dateParam('Searches on or after.').optional(),
  to: dateParam('Searches on or before (a date includes that whole day).').optional(),
  limit: limitParam(50, 200),
  cursor: cursorParam.optional(),
}).strict();
export type AccessLogQuery = z.output<typeof AccessLogQuerySchema>;

export const AccessLogEntrySchema = z.object({
  id: z.number().int().meta({ description: 'Sequence number; newer entries have higher numbers' }),
  at: instant('When the search was made'),
  userId: z.string().meta({ description: 'Who searched' }),
  role: z.string().meta({ description: 'Their role at the time' }),
  unitId: z.string().nullable().meta({ description: 'Their unit at the time' }),
  action: z.enum(['petitioner_search']).meta({ description: 'petitioner_search: a list filtered by a petitioner\'s name, contact or ID number' }),
  query: z.record(z.string(), z.unknown()).meta({ description: 'The query string the search ran with (petitioner, and any other filter, sort or cursor)' }),
  resultCount: z.number().int().min(0).meta({ description: 'Cases the answer showed' }),
  petitionIds: z.array(z.string()).meta({ description: 'The ids of those cases' }),
}).meta({ id: 'AccessLogEntry' });
export type AccessLogEntry = z.output<typeof AccessLogEntrySchema>;

export const AccessLogPageSchema = z.object({
  items: z.array(AccessLogEntrySchema).meta({ description: 'Newest first' }),
  nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next (older) page; null on the last page' }),
});
export type AccessLogPage = z.output<typeof AccessLogPageSchema>;
