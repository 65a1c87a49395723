// Helpers for the API tests: a valid body for every case action, and a case driven into a given
// state over HTTP by the people who would do each step (petitioner, intake officer, case officer,
// supervisor), using the demo organisation that startApiStack seeds. Reviews go one level up there:
// a labour or housing reply is reviewed by the petition office (officer-zhang), whose opinion is
// re-reviewed by the body the policy names above it, the petition office again (W35, W36).
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Worker } from '@temporalio/worker';
import { DEMO_UNITS } from '../../src/accounts/demo';
import { listenApi } from '../../src/api/clientError';
import { localDateOf } from '../../src/domain/calendar';
import {
  applyDueDates, answerDueDate, assignReviewBody, CURRENT_RULES, decide, dueDateRequests, register, resolvePolicy, tick,
  type CaseView, type Command, type Effect, type OpinionInput, type PersonAction, type PetitionCase, type Registration, type Status,
} from '../../src/domain';
import { loadCalendar, loadPolicy } from '../../src/policy/load';
import { workflowIdFor } from '../../src/temporal/ids';
import type { ApiAction } from '../../src/api/schemas/views';
import type { ApiStack, DemoUser } from './apiStack';
import { eventually, httpClient, type HttpResult } from './http';
import { CALENDAR_FILE, petitionWorker, POLICY_FILE } from './temporal';

export const OPINION: OpinionInput = {
  decision: 'support',
  facts: 'The employer confirmed that the March wages are outstanding.',
  legalBasis: '《劳动合同法》第三十条',
  text: 'The employer will pay the wages within 10 days.',
};

/** The case officer of each demo unit that has one. */
export const OFFICER_OF: Readonly<Record<string, DemoUser>> = { 'unit-labour': 'officer-li', 'unit-housing': 'officer-chen', 'petition-office': 'officer-zhang' };

export const officerOf = (unitId: string | undefined): DemoUser => {
  const officer = unitId && OFFICER_OF[unitId];
  if (!officer) throw new Error(`no demo case officer in unit ${unitId}`);
  return officer;
};

/** The unit above one in the demo tree; the policy's reviewing body (petition-office) above the top. */
export const reviewBodyOf = (unitId: string): string => DEMO_UNITS.find((u) => u.id === unitId)?.parentId ?? 'petition-office';

const unique = () => crypto.randomUUID().slice(0, 8);

/** Today in the organisation's time zone, as a letter's date of receipt is written. */
export const today = (): string => localDateOf(Date.now(), 'Asia/Shanghai');

/** How a petitioner's act reached the intake officer who records it for them. */
export const letterSource = () => ({ channel: 'letter', receivedOn: today() });

export const submissionBody = (overrides: Record<string, unknown> = {}) => ({
  class: 'claim',
  title: `Unpaid wages ${unique()}`,
  content: 'The contractor has not paid the wages for March.',
  petitioner: { name: '刘女士', contact: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
  unitId: 'unit-labour',
  ...overrides,
});

const ON_BEHALF: readonly PersonAction[] = ['evaluate', 'requestReview', 'requestReReview', 'withdraw'];

/**
 * A valid body for each action on a case where it applies (ids of units and officers taken from the case).
 * `by`: an intake officer recording a petitioner's act adds where it came from.
 */
export function actionBody(action: ApiAction, c: CaseView, by?: DemoUser): Record<string, unknown> {
  const reason = `Reason for ${action}`;
  const source = by === 'intake-wang' && ON_BEHALF.includes(action as PersonAction) ? { source: letterSource() } : {};
  switch (action) {
    case 'accept': return {};
    case 'notAccept': return { reason, redirectTo: 'the labour arbitration committee' };
    case 'route': return { toUnitId: c.unitId === 'unit-housing' ? 'unit-labour' : 'unit-housing', reason };
    case 'objectRouting': return { reason: 'Not a matter for this unit' };
    case 'decideObjection': return { uphold: false, reason: 'The matter is this unit\'s after all' };
    case 'assign': case 'reassign': return { unitId: c.unitId, officerId: officerOf(c.unitId) };
    case 'requestExtension': return { days: 10, reason };
    case 'requestPause': return { days: 5, reason: 'A hearing (听证) is held' };
    case 'decidePause': return { approve: true };
    case 'resumeClock': return {};
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion': return { ...OPINION };
    case 'recordDelivery': {
      const answer = c.stage === 'handling' ? c.reply : c.stage === 'review' ? c.reviewOpinion : c.reReviewOpinion;
      if (!answer) throw new Error('no answer to deliver');
      // The moment it was issued: never before the answer, never in the future.
      return { deliveredAt: answer.issuedAt, method: 'post' };
    }
    case 'recordReturnVisit': return { outcome: 'satisfied', notes: 'Called the petitioner; the wages were paid.' };
    case 'evaluate': return { rating: 'satisfied', ...source };
    case 'requestReview': case 'requestReReview': return { reason: 'The employer has still not paid.', ...source };
    case 'withdraw': return { reason: 'Settled privately', ...source };
    case 'decideWithdrawal': return { approve: true };
    case 'answerSupervision': {
      const open = c.supervision.find((n) => !n.answeredAt);
      if (!open) throw new Error('no open supervision notice');
      return { noticeId: open.id, answer: 'Investigated; the reply is being written.' };
    }
    case 'escalate': return { reason, level: c.escalationLevel + 1 };
    case 'supervise': return { instruction: 'Reply within the month.' };
    case 'decideExtension': return { approve: true };
    case 'linkAsRepeat': return {};
    case 'reopen': return { reason: 'The matter is administrative after all: it should have been accepted.' };
  }
}

/** The signals answer 202; every other action is an update and answers 200. */
export const SIGNAL_ACTIONS: readonly ApiAction[] = ['escalate', 'supervise', 'decideExtension', 'reassign', 'decidePause', 'decideWithdrawal', 'reopen'];

/** What each action leads to from the state driveTo prepares for it (the body above): status and timeline event. */
export const OUTCOME: { readonly [A in ApiAction]: { status: Status; event: string } } = {
  accept: { status: 'accepted', event: 'accepted' },
  notAccept: { status: 'closed', event: 'not_accepted' },
  route: { status: 'routed', event: 'routed' },
  objectRouting: { status: 'routed', event: 'routing_objection_raised' },
  decideObjection: { status: 'routed', event: 'routing_objection_rejected' },
  assign: { status: 'in_handling', event: 'assigned' },
  requestExtension: { status: 'in_handling', event: 'extension_requested' },
  requestPause: { status: 'in_re_review', event: 'pause_requested' },
  decidePause: { status: 'in_re_review', event: 'clock_paused' },
  resumeClock: { status: 'in_re_review', event: 'clock_resumed' },
  reply: { status: 'awaiting_evaluation', event: 'replied' },
  recordDelivery: { status: 'awaiting_evaluation', event: 'delivered' },
  recordReturnVisit: { status: 'appeal_window', event: 'return_visit_recorded' },
  evaluate: { status: 'appeal_window', event: 'evaluated' },
  requestReview: { status: 'in_review', event: 'review_requested' },
  issueReviewOpinion: { status: 'awaiting_evaluation', event: 'review_opinion_issued' },
  requestReReview: { status: 'in_re_review', event: 're_review_requested' },
  issueReReviewOpinion: { status: 'awaiting_evaluation', event: 're_review_opinion_issued' },
  withdraw: { status: 'closed', event: 'withdrawn' },
  decideWithdrawal: { status: 'closed', event: 'withdrawn' },
  answerSupervision: { status: 'in_handling', event: 'supervision_answered' },
  escalate: { status: 'in_handling', event: 'escalated' },
  supervise: { status: 'in_handling', event: 'supervision_issued' },
  decideExtension: { status: 'in_handling', event: 'extension_approved' },
  reassign: { status: 'in_handling', event: 'reassigned' },
  linkAsRepeat: { status: 'closed', event: 'not_accepted' },
  reopen: { status: 'registered', event: 'reopened' },
};

/** States a case can be driven into over HTTP, in real time. (return_visit_required needs 7 days to pass: see seedReturnVisitCase.) */
export type Stage =
  | 'registered' | 'routed' | 'objected' | 'accepted' | 'in_handling' | 'extension_pending' | 'supervised' | 'escalated'
  | 'withdrawal_pending' | 'awaiting_delivery' | 'awaiting_evaluation' | 'appeal_window' | 'in_review' | 'review_delivered'
  | 'in_re_review' | 'pause_pending' | 'paused' | 'final' | 'closed' | 'likely_repeat' | 'not_accepted';

/** The state in which each action applies. */
export const STAGE_FOR: { readonly [A in ApiAction]: Stage | 'return_visit_required' } = {
  accept: 'registered', notAccept: 'registered', route: 'registered', objectRouting: 'routed', decideObjection: 'objected',
  assign: 'accepted',
  requestExtension: 'in_handling', reply: 'in_handling', withdraw: 'in_handling',
  escalate: 'in_handling', supervise: 'in_handling', reassign: 'in_handling',
  decideExtension: 'extension_pending', answerSupervision: 'supervised', decideWithdrawal: 'withdrawal_pending',
  recordDelivery: 'awaiting_delivery', recordReturnVisit: 'return_visit_required',
  evaluate: 'awaiting_evaluation', requestReview: 'awaiting_evaluation', issueReviewOpinion: 'in_review',
  requestReReview: 'review_delivered', issueReReviewOpinion: 'in_re_review',
  requestPause: 'in_re_review', decidePause: 'pause_pending', resumeClock: 'paused',
  linkAsRepeat: 'likely_repeat', reopen: 'not_accepted',
};

export interface CaseOptions {
  /** The unit that handles the case (default unit-labour). */
  unitId?: string;
  /**
   * Who submits it: a petitioner account online (default petitioner-liu), or 'letter': a letter from a
   * petitioner without an account, registered by the intake officer, who then records the petitioner's acts.
   */
  petitioner?: DemoUser | 'letter';
  /** Routed and objected cases: the unit that routes it (default the petition office, or housing for the office's own). */
  routedFrom?: string;
  /** Who routes it (default the intake officer; any officer whose scope holds routedFrom). */
  router?: DemoUser;
  /** Who objects for the receiving unit (default its case officer, or the intake officer). */
  objector?: DemoUser;
  /** Who issues the review opinion (default officer-zhang, or supervisor-zhao where zhang replied). */
  reviewer?: DemoUser;
}

type Options = Required<Omit<CaseOptions, 'router' | 'objector' | 'reviewer'>> & Pick<CaseOptions, 'router' | 'objector' | 'reviewer'>;

export const actionPath = (id: string, action: string) => `/api/v1/petitions/${id}/actions/${action}`;

/** Throws with the answer when a request that must succeed does not. */
export function expectOk<T = any>(res: HttpResult<T>, what: string): HttpResult<T> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** The whole case as staff see it (admin reads every case). */
export async function staffView(stack: ApiStack, id: string): Promise<CaseView> {
  return expectOk(await stack.as('admin').get(`/api/v1/petitions/${id}`), 'staff detail').body.petition as CaseView;
}

/** An action that must succeed; answers the staff view of the case after it (a petitioner is answered with the public view). */
export async function act(stack: ApiStack, user: DemoUser, c: CaseView, action: ApiAction, body = actionBody(action, c, user)): Promise<CaseView> {
  const res = expectOk(await stack.as(user).post(actionPath(c.id, action), body), `${user} ${action} on a ${c.status} case`);
  if (!user.startsWith('petitioner')) return res.body.petition as CaseView;
  return staffView(stack, c.id);
}

/** Submitted online by a petitioner account, or registered from a letter by the intake officer. */
export async function submitAs(stack: ApiStack, petitioner: DemoUser | 'letter', unitId: string, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  const letter = petitioner === 'letter';
  const res = expectOk(
    await stack.as(letter ? 'intake-wang' : petitioner).post('/api/v1/petitions', submissionBody({ unitId, ...(letter ? { channel: 'letter' } : {}), ...overrides })),
    `${petitioner} submits`,
  );
  return letter ? (res.body.petition as CaseView) : staffView(stack, res.body.petition.id);
}

/** Who records the petitioner's own act: they themselves online, the intake officer for a letter. */
const petitionerOf = (o: Options): DemoUser => (o.petitioner === 'letter' ? 'intake-wang' : o.petitioner);

/** An answer delivered: at once online; for a letter, the case officer records the postal delivery. */
async function delivered(stack: ApiStack, c: CaseView, by: DemoUser): Promise<CaseView> {
  return c.status === 'awaiting_delivery' ? act(stack, by, c, 'recordDelivery') : c;
}

/** Who may answer at the review body: not the officer who gave an earlier answer. */
function answererAt(unitId: string, earlier: (string | undefined)[], preferred?: DemoUser): DemoUser {
  if (preferred) return preferred;
  const officer = OFFICER_OF[unitId];
  if (officer && !earlier.includes(officer)) return officer;
  return 'supervisor-zhao';
}

/** A new case brought into a stage by the ordinary requests, each checked to succeed. */
export async function driveTo(stack: ApiStack, stage: Stage, options: CaseOptions = {}): Promise<CaseView> {
  const o: Options = { unitId: 'unit-labour', petitioner: 'petitioner-liu', routedFrom: '', ...options };
  const routedFrom = o.routedFrom || (o.unitId === 'petition-office' ? 'unit-housing' : 'petition-office');
  const prior = (s: Stage) => driveTo(stack, s, options);
  switch (stage) {
    case 'registered': return submitAs(stack, o.petitioner, o.unitId);
    case 'routed': {
      const c = await submitAs(stack, o.petitioner, routedFrom);
      return act(stack, o.router ?? 'intake-wang', c, 'route', { toUnitId: o.unitId, reason: 'A matter for that unit' });
    }
    case 'objected': {
      const c = await prior('routed');
      return act(stack, o.objector ?? OFFICER_OF[o.unitId] ?? 'intake-wang', c, 'objectRouting');
    }
    case 'accepted': return act(stack, 'intake-wang', await prior('registered'), 'accept', {});
    case 'in_handling': return act(stack, 'intake-wang', await prior('registered'), 'accept', { unitId: o.unitId, officerId: officerOf(o.unitId) });
    case 'extension_pending': return act(stack, officerOf(o.unitId), await prior('in_handling'), 'requestExtension');
    case 'supervised': return act(stack, 'supervisor-zhao', await prior('in_handling'), 'supervise');
    case 'escalated': return act(stack, 'supervisor-zhao', await prior('in_handling'), 'escalate');
    case 'withdrawal_pending': return act(stack, petitionerOf(o), await prior('escalated'), 'withdraw');
    case 'awaiting_delivery': {
      if (o.petitioner !== 'letter') throw new Error('an answer awaits delivery only for a petitioner without an online account: use petitioner "letter"');
      return act(stack, officerOf(o.unitId), await prior('in_handling'), 'reply');
    }
    case 'awaiting_evaluation': return delivered(stack, await act(stack, officerOf(o.unitId), await prior('in_handling'), 'reply'), officerOf(o.unitId));
    case 'appeal_window': {
      const c = await prior('awaiting_evaluation');
      return act(stack, petitionerOf(o), c, 'evaluate', { ...actionBody('evaluate', c, petitionerOf(o)), rating: 'dissatisfied' });
    }
    case 'in_review': return act(stack, petitionerOf(o), await prior('awaiting_evaluation'), 'requestReview');
    case 'review_delivered': {
      const c = await prior('in_review');
      const reviewer = answererAt(c.unitId!, [c.reply?.by], o.reviewer);
      return delivered(stack, await act(stack, reviewer, c, 'issueReviewOpinion', { ...OPINION, decision: 'explain' }), reviewer);
    }
    case 'in_re_review': return act(stack, petitionerOf(o), await prior('review_delivered'), 'requestReReview');
    case 'pause_pending': {
      const c = await prior('in_re_review');
      return act(stack, officerOf(c.unitId), c, 'requestPause');
    }
    case 'paused': return act(stack, 'supervisor-zhao', await prior('pause_pending'), 'decidePause');
    case 'final': {
      const c = await prior('in_re_review');
      const answerer = answererAt(c.unitId!, [c.reply?.by, c.reviewOpinion?.by]);
      const answered = await delivered(stack, await act(stack, answerer, c, 'issueReReviewOpinion'), answerer);
      return act(stack, petitionerOf(o), answered, 'evaluate', { ...actionBody('evaluate', answered, petitionerOf(o)), rating: 'dissatisfied' });
    }
    case 'closed': return act(stack, petitionerOf(o), await prior('in_handling'), 'withdraw');
    case 'not_accepted': return act(stack, 'intake-wang', await prior('registered'), 'notAccept');
    case 'likely_repeat': {
      // The same petitioner's name, contact and title sent by someone not confirmed as that petitioner (no account).
      const original = await prior('registered');
      const res = expectOk(await stack.http.post('/api/v1/petitions', {
        class: original.class, title: original.title, content: 'Writing again: still unpaid.', petitioner: original.petitioner, unitId: original.unitId,
      }), 'the likely repeat');
      const c = await staffView(stack, res.body.petition.id);
      if (c.likelyRepeatOf?.id !== original.id) throw new Error(`not flagged as a repeat of ${original.id}: ${JSON.stringify(c.likelyRepeatOf)}`);
      return c;
    }
  }
}

/** Runs `fn` over the items, at most `limit` at a time (the machine has two cores). */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * A worker of our own next to the stack's: cases started on its task queue can be seeded in states
 * that only time reaches, and a test can stop it to hold a request in flight.
 */
export async function ownWorker(stack: ApiStack, taskQueue = `own-${crypto.randomUUID()}`) {
  const worker: Worker = await petitionWorker(stack.env, stack.db, taskQueue);
  const running = worker.run();
  return { taskQueue, async stop() { worker.shutdown(); await running; } };
}

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

const POLICY = loadPolicy(POLICY_FILE);

/**
 * A case driven by the domain alone, in the past, the way the workflow drives it (rules 2: due dates
 * from the real calendar, reviews to the unit above in the demo tree). For states only time reaches on
 * the dev server; started as a continued workflow (seedCase), it then runs like any other case.
 */
export class SeededCase {
  case: PetitionCase;
  now: string;

  constructor(r: Registration) {
    this.now = r.receivedAt;
    const registered = register(r, resolvePolicy(POLICY, r.organisationId, r.class), CURRENT_RULES);
    this.case = this.apply(registered.case, registered.effects);
  }

  private apply(c: PetitionCase, effects: Effect[]): PetitionCase {
    let next = c;
    const ids = effects.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
    if (ids.length) {
      const calendar = { ...loadCalendar(CALENDAR_FILE), timeZone: next.policy.timeZone };
      next = applyDueDates(next, dueDateRequests(next, ids).map((q) => answerDueDate(q, calendar)));
    }
    for (const e of effects) {
      if (e.type !== 'resolveReviewBody') continue;
      const found = assignReviewBody(next, { stage: e.stage, unitId: reviewBodyOf(e.fromUnitId ?? ''), via: 'parent' }, this.now);
      next = this.apply(found.case, found.effects);
    }
    return next;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): this {
    this.now = plus(this.now, ms);
    return this;
  }

  do(cmd: Command): this {
    const d = decide(this.case, cmd, this.now);
    if (!d.ok) throw new Error(`${cmd.type} refused in ${this.case.status}: ${d.refusal.message}`);
    this.case = this.apply(d.case, d.effects);
    return this;
  }

  /** Lets time pass to `to` and applies what tick does. */
  tick(to: string): this {
    this.now = to;
    const t = tick(this.case, to);
    if (t.changed) this.case = this.apply(t.case, t.effects);
    return this;
  }
}

/** A registration as the API builds it, received `receivedAt`, for a case seeded in the past. */
export function seededRegistration(overrides: Partial<Registration> & { receivedAt: string }): Registration {
  const id = crypto.randomUUID();
  return {
    id, queryCode: id.replace(/-/g, '').slice(0, 10).toUpperCase(), matterKey: `seed-${id}`, organisationId: 'national', class: 'claim',
    channel: 'online', petitioner: { name: '刘女士', contact: '13900000000' }, petitionerUserId: 'petitioner-liu',
    title: 'Unpaid wages (seeded)', content: 'The contractor has not paid the wages for March.', unitId: 'unit-labour', ...overrides,
  };
}

/** Starts a seeded case as a continued workflow on a worker's task queue; answers once it is projected. */
export async function startSeeded(stack: ApiStack, taskQueue: string, c: PetitionCase): Promise<CaseView> {
  await stack.env.client.workflow.start('petitionWorkflow', {
    taskQueue, workflowId: workflowIdFor(c.id), args: [{ kind: 'continued', case: c, projectedSeq: 0 }],
  });
  await eventually(() => stack.db.petition.findUnique({ where: { id: c.id } }).then((r) => r ?? undefined), 'seeded projection row');
  return staffView(stack, c.id);
}

/**
 * A case whose evaluation window lapsed without a rating (return visit required). Seven days cannot pass
 * on the dev server, so the case is built by the domain (replied ten days ago) and started as a continued
 * workflow on a real worker, the way continue-as-new carries a case; its projection row is then written by
 * the workflow as for any other case.
 */
export async function seedReturnVisitCase(stack: ApiStack, taskQueue: string, options: CaseOptions = {}): Promise<CaseView> {
  const unitId = options.unitId ?? 'unit-labour';
  const petitioner = options.petitioner ?? 'petitioner-liu';
  const officer = officerOf(unitId);
  const p = new SeededCase(seededRegistration({
    unitId, receivedAt: new Date(Date.now() - 10 * DAY).toISOString(),
    ...(petitioner === 'letter' ? { petitionerUserId: undefined, channel: 'letter', intakeOfficerId: 'intake-wang' } : { petitionerUserId: petitioner }),
  }));
  p.advance(HOUR).do({ type: 'accept', actor: { id: 'intake-wang', role: 'intake_officer', unitId: 'petition-office' }, unitId, officerId: officer });
  p.advance(HOUR).do({ type: 'reply', actor: { id: officer, role: 'case_officer', unitId }, ...OPINION });
  if (petitioner === 'letter') p.advance(HOUR).do({ type: 'recordDelivery', actor: { id: officer, role: 'case_officer', unitId }, deliveredAt: p.now, method: 'post' });
  p.tick(new Date().toISOString());
  if (p.case.status !== 'return_visit_required') throw new Error(`seeded case is ${p.case.status}`);
  return startSeeded(stack, taskQueue, p.case);
}

/** Serves another app (e.g. with other rate limits) on a free port. */
export async function listen(app: Express): Promise<{ http: ReturnType<typeof httpClient>; baseUrl: string; close(): Promise<void> }> {
  const server: Server = await listenApi(app, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { http: httpClient(baseUrl), baseUrl, close: () => new Promise((r) => server.close(() => r())) };
}
