// What the petitioner, or anyone holding the query code (查询码), may see of a case: every step with its
// date and each document issued to them, with its content. Nothing internal: no escalations,
// supervision notices, criticisms, officer or leader ids, internal notes, matter key or contact data.
// Built from an allowlist, so a field added to an event or to the case later stays private until
// someone decides to show it here.
import type {
  Channel, ClockKind, ClosingReason, DocumentKind, Opinion, PetitionCase, PetitionClass, Rating, ReplyDecision,
  Stage, Status, TimelineEvent,
} from './types';

/** The parts of a case the public view is computed from (a CaseView or a projection snapshot fits). */
export type PublicSource = Pick<
  PetitionCase,
  | 'queryCode' | 'title' | 'class' | 'channel' | 'status' | 'receivedAt' | 'closedAt' | 'closingReason' | 'unitId'
  | 'timeline' | 'reply' | 'reviewOpinion' | 'reReviewOpinion' | 'notAcceptance' | 'clocks'
>;

export interface PublicUnit { id: string; name?: string }

/** Facts of a step the petitioner is told; each appears only on the steps named in PUBLIC_STEPS. */
export interface PublicDetails {
  unit?: PublicUnit;
  reason?: string;
  redirectTo?: string;
  days?: number;
  decision?: ReplyDecision;
  rating?: Rating;
  stage?: Stage;
  closingReason?: ClosingReason;
  /** When a written answer reached the petitioner (送达): the appeal window runs from it. */
  deliveredAt?: string;
  /** A pause (hearing time not counted): until when. */
  until?: string;
  /** A due date counted again with the year's holiday arrangement: which clock, and the dates. */
  clockKind?: ClockKind;
  from?: string;
  to?: string;
}

export const PUBLIC_STEP_TYPES = [
  'registered', 'routed', 'routing_objected', 'accepted', 'not_accepted', 'extension_approved', 'replied',
  'review_requested', 'review_opinion_issued', 're_review_requested', 're_review_opinion_issued', 'evaluated',
  'return_visit_recorded', 'withdrawn', 'appeal_window_lapsed', 'repeat_linked', 'closed',
  // rules 2
  'routing_objection_upheld', 'delivered', 'review_body_assigned', 'clock_paused', 'clock_resumed', 'due_date_changed',
  'withdrawal_requested', 'withdrawal_refused', 'reopened',
] as const;
export type PublicStepType = (typeof PUBLIC_STEP_TYPES)[number];

export interface PublicStep {
  seq: number;
  at: string;
  type: PublicStepType;
  /** The document this step issued to the petitioner, if any. */
  document?: DocumentKind;
  details: PublicDetails;
}

export interface PublicDocument {
  kind: DocumentKind;
  /** Its name on paper, Chinese and English. */
  title: string;
  seq: number;
  issuedAt: string;
  unit?: PublicUnit;
  reason?: string;
  redirectTo?: string;
  days?: number;
  until?: string;
  from?: string;
  to?: string;
  decision?: ReplyDecision;
  facts?: string;
  legalBasis?: string;
  text?: string;
  closingReason?: ClosingReason;
}

/** Clocks the petitioner waits on or must act within; the rest (objection, return visit, supervision) are internal. */
export const PUBLIC_CLOCKS = ['acceptance', 'handling', 'evaluation', 'reviewRequest', 'reviewHandling', 'reReviewRequest', 'reReviewHandling'] as const satisfies readonly ClockKind[];
export type PublicClock = (typeof PUBLIC_CLOCKS)[number];

export interface PublicDeadline {
  kind: PublicClock;
  dueAt: string;
  /** The due date in the organisation's time zone. */
  dueDate?: string;
  /** Counted with the statutory holidays only: the year's arrangement is not published yet, the date may move. */
  provisional?: boolean;
}

export interface PublicCaseView {
  queryCode: string;
  title: string;
  class: PetitionClass;
  channel: Channel;
  status: Status;
  receivedAt: string;
  closedAt?: string;
  closingReason?: ClosingReason;
  /** The unit handling the case now. */
  unit?: PublicUnit;
  steps: PublicStep[];
  documents: PublicDocument[];
  deadlines: PublicDeadline[];
}

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  registration: '登记回执 Registration receipt',
  transfer: '转送告知 Transfer notice',
  acceptance: '受理告知书 Acceptance notice',
  non_acceptance: '不予受理告知书 Non-acceptance notice',
  extension: '延期告知 Extension notice',
  reply: '处理意见书 Written reply',
  review_opinion: '复查意见书 Review opinion',
  re_review_opinion: '复核意见书 Re-review opinion',
  closing: '办结告知 Closing notice',
  repeat_linked: '重复信访告知 Notice of a repeated petition',
  pause: '听证期间告知 Notice of hearing time not counted',
  deadline_change: '期限变更告知 Notice of a changed due date',
  reopening: '纠错恢复办理告知 Notice that the case is reopened',
};

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops absent fields, so the JSON carries only what is known. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** For each public step, the facts of its event data the petitioner is told. */
const PUBLIC_STEPS: { [T in PublicStepType]: (d: Data, unit: (id: unknown) => PublicUnit | undefined) => PublicDetails } = {
  registered: (d, unit) => ({ unit: unit(d.unitId) }),
  routed: (d, unit) => ({ unit: unit(d.toUnitId) }),
  routing_objected: (d, unit) => ({ unit: unit(d.toUnitId) }),
  accepted: (d, unit) => ({ unit: unit(d.unitId) }),
  not_accepted: (d) => ({ reason: str(d.reason), redirectTo: str(d.redirectTo) }),
  // W34: the petitioner is told why the handling takes longer.
  extension_approved: (d) => ({ days: num(d.days), reason: str(d.reason) }),
  replied: (d) => ({ decision: str(d.decision) as ReplyDecision | undefined }),
  review_requested: () => ({}),
  review_opinion_issued: (d) => ({ decision: str(d.decision) as ReplyDecision | undefined }),
  re_review_requested: () => ({}),
  re_review_opinion_issued: (d) => ({ decision: str(d.decision) as ReplyDecision | undefined }),
  evaluated: (d) => ({ rating: str(d.rating) as Rating | undefined, stage: str(d.stage) as Stage | undefined }),
  return_visit_recorded: (d) => ({ rating: str(d.rating) as Rating | undefined, stage: str(d.stage) as Stage | undefined }),
  withdrawn: () => ({}),
  appeal_window_lapsed: () => ({}),
  repeat_linked: () => ({}),
  closed: (d) => ({ closingReason: str(d.reason) as ClosingReason | undefined }),
  routing_objection_upheld: (d, unit) => ({ unit: unit(d.toUnitId) }),
  delivered: (d) => ({ stage: str(d.stage) as Stage | undefined, deliveredAt: str(d.deliveredAt) }),
  review_body_assigned: (d, unit) => ({ unit: unit(d.unitId), stage: str(d.stage) as Stage | undefined }),
  clock_paused: (d) => ({ days: num(d.days), until: str(d.until), reason: str(d.reason) }),
  clock_resumed: () => ({}),
  due_date_changed: (d) => ({ clockKind: str(d.clockKind) as ClockKind | undefined, from: str(d.from), to: str(d.to) }),
  withdrawal_requested: () => ({}),
  withdrawal_refused: (d) => ({ reason: str(d.reason) }),
  reopened: (d) => ({ reason: str(d.reason) }),
};

const isPublicStep = (type: string): type is PublicStepType => (PUBLIC_STEP_TYPES as readonly string[]).includes(type);

const unitLookup = (unitNames: Readonly<Record<string, string>>) => (id: unknown): PublicUnit | undefined =>
  typeof id === 'string' && id ? defined({ id, name: unitNames[id] }) : undefined;

/** One timeline event as the petitioner sees it, or undefined when the step is internal. */
/** Steps that are public only as rules 2 records them, with the notice the petitioner was given. */
const PUBLIC_ONLY_WITH_DOCUMENT: readonly string[] = ['clock_paused', 'clock_resumed'];

export function publicStep(e: TimelineEvent, unitNames: Readonly<Record<string, string>> = {}): PublicStep | undefined {
  if (!isPublicStep(e.type)) return undefined;
  if (PUBLIC_ONLY_WITH_DOCUMENT.includes(e.type) && !e.document) return undefined;
  const details = defined(PUBLIC_STEPS[e.type](e.data ?? {}, unitLookup(unitNames)));
  return defined({ seq: e.seq, at: e.at, type: e.type, document: e.document, details });
}

function opinionOf(c: PublicSource, kind: DocumentKind): Opinion | undefined {
  return kind === 'reply' ? c.reply : kind === 'review_opinion' ? c.reviewOpinion : kind === 're_review_opinion' ? c.reReviewOpinion : undefined;
}

function documentOf(c: PublicSource, step: PublicStep & { document: DocumentKind }): PublicDocument {
  const { document: kind, details } = step;
  const op = opinionOf(c, kind);
  return defined({
    kind,
    title: DOCUMENT_TITLES[kind],
    seq: step.seq,
    issuedAt: step.at,
    unit: kind === 'transfer' || kind === 'acceptance' ? details.unit : undefined,
    reason: kind === 'non_acceptance' || kind === 'extension' || kind === 'pause' || kind === 'reopening' ? details.reason : undefined,
    redirectTo: kind === 'non_acceptance' ? details.redirectTo : undefined,
    days: kind === 'extension' || kind === 'pause' ? details.days : undefined,
    until: kind === 'pause' ? details.until : undefined,
    from: kind === 'deadline_change' ? details.from : undefined,
    to: kind === 'deadline_change' ? details.to : undefined,
    // The written answer is the petitioner's own document; only who signed it (an officer id) stays internal.
    decision: op?.decision,
    facts: op?.facts,
    legalBasis: op?.legalBasis,
    text: op?.text,
    closingReason: kind === 'closing' ? details.closingReason : undefined,
  });
}

export function publicView(c: PublicSource, unitNames: Readonly<Record<string, string>> = {}): PublicCaseView {
  const steps = [...c.timeline].sort((a, b) => a.seq - b.seq).flatMap((e) => publicStep(e, unitNames) ?? []);
  const documents = steps
    .filter((s): s is PublicStep & { document: DocumentKind } => s.document !== undefined)
    .map((s) => documentOf(c, s));
  const deadlines = c.clocks
    .filter((k) => k.stoppedAt === undefined && k.dueAt !== undefined && (PUBLIC_CLOCKS as readonly string[]).includes(k.kind))
    .map((k) => defined({ kind: k.kind as PublicClock, dueAt: k.dueAt!, dueDate: k.dueDate, provisional: k.provisional || k.calendarCovered === false || undefined }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return defined({
    queryCode: c.queryCode,
    title: c.title,
    class: c.class,
    channel: c.channel,
    status: c.status,
    receivedAt: c.receivedAt,
    closedAt: c.closedAt,
    closingReason: c.closingReason,
    unit: unitLookup(unitNames)(c.unitId),
    steps,
    documents,
    deadlines,
  });
}
