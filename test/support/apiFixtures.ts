// Helpers for the API tests: a valid body for every case action, and a case driven into a given
// state over HTTP by the people who would do each step (petitioner, intake officer, case officer,
// supervisor), using the demo organisation that startApiStack seeds.
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Worker } from '@temporalio/worker';
import type { CaseView, OpinionInput, PersonAction, Status } from '../../src/domain';
import { workflowIdFor } from '../../src/temporal/ids';
import { Petition } from '../unit/domainFixtures';
import type { ApiStack, DemoUser } from './apiStack';
import { eventually, httpClient, type HttpResult } from './http';
import { petitionWorker } from './temporal';

export const OPINION: OpinionInput = {
  decision: 'support',
  facts: 'The employer confirmed that the March wages are outstanding.',
  legalBasis: '《劳动合同法》第三十条',
  text: 'The employer will pay the wages within 10 days.',
};

/** The case officer of each demo unit that has one. */
export const OFFICER_OF: Readonly<Record<string, DemoUser>> = { 'unit-labour': 'officer-li', 'unit-housing': 'officer-chen' };

const officerOf = (unitId: string | undefined): DemoUser => {
  const officer = unitId && OFFICER_OF[unitId];
  if (!officer) throw new Error(`no demo case officer in unit ${unitId}`);
  return officer;
};

const unique = () => crypto.randomUUID().slice(0, 8);

export const submissionBody = (overrides: Record<string, unknown> = {}) => ({
  class: 'claim',
  title: `Unpaid wages ${unique()}`,
  content: 'The contractor has not paid the wages for March.',
  petitioner: { name: '刘女士', contact: '13900000000' },
  unitId: 'unit-labour',
  ...overrides,
});

/** A valid body for each action on a case where it applies (ids of units and officers taken from the case). */
export function actionBody(action: PersonAction, c: CaseView): Record<string, unknown> {
  const reason = `Reason for ${action}`;
  switch (action) {
    case 'accept': return {};
    case 'notAccept': return { reason, redirectTo: 'the labour arbitration committee' };
    case 'route': return { toUnitId: c.unitId === 'unit-housing' ? 'unit-labour' : 'unit-housing', reason };
    case 'objectRouting': return { reason };
    case 'assign': case 'reassign': return { unitId: c.unitId, officerId: officerOf(c.unitId) };
    case 'requestExtension': return { days: 10, reason };
    case 'pauseClock': return { reason: 'A hearing is held' };
    case 'resumeClock': return {};
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion': return { ...OPINION };
    case 'recordReturnVisit': return { outcome: 'satisfied', notes: 'Called the petitioner; the wages were paid.' };
    case 'evaluate': return { rating: 'satisfied' };
    case 'requestReview': case 'requestReReview': return { reason: 'The employer has still not paid.' };
    case 'withdraw': return { reason: 'Settled privately' };
    case 'answerSupervision': {
      const open = c.supervision.find((n) => !n.answeredAt);
      if (!open) throw new Error('no open supervision notice');
      return { noticeId: open.id, answer: 'Investigated; the reply is being written.' };
    }
    case 'escalate': return { reason, level: 1 };
    case 'supervise': return { instruction: 'Reply within the month.' };
    case 'decideExtension': return { approve: true };
  }
}

/** The signals answer 202; every other action is an update and answers 200. */
export const SIGNAL_ACTIONS: readonly PersonAction[] = ['escalate', 'supervise', 'decideExtension', 'reassign'];

/** What each action leads to from the state driveTo prepares for it (the body above): status and timeline event. */
export const OUTCOME: { readonly [A in PersonAction]: { status: Status; event: string } } = {
  accept: { status: 'accepted', event: 'accepted' },
  notAccept: { status: 'closed', event: 'not_accepted' },
  route: { status: 'routed', event: 'routed' },
  objectRouting: { status: 'registered', event: 'routing_objected' },
  assign: { status: 'in_handling', event: 'assigned' },
  requestExtension: { status: 'in_handling', event: 'extension_requested' },
  pauseClock: { status: 'in_handling', event: 'clock_paused' },
  resumeClock: { status: 'in_handling', event: 'clock_resumed' },
  reply: { status: 'awaiting_evaluation', event: 'replied' },
  recordReturnVisit: { status: 'closed', event: 'return_visit_recorded' },
  evaluate: { status: 'closed', event: 'evaluated' },
  requestReview: { status: 'in_review', event: 'review_requested' },
  issueReviewOpinion: { status: 'awaiting_evaluation', event: 'review_opinion_issued' },
  requestReReview: { status: 'in_re_review', event: 're_review_requested' },
  issueReReviewOpinion: { status: 'awaiting_evaluation', event: 're_review_opinion_issued' },
  withdraw: { status: 'closed', event: 'withdrawn' },
  answerSupervision: { status: 'in_handling', event: 'supervision_answered' },
  escalate: { status: 'in_handling', event: 'escalated' },
  supervise: { status: 'in_handling', event: 'supervision_issued' },
  decideExtension: { status: 'in_handling', event: 'extension_approved' },
  reassign: { status: 'in_handling', event: 'reassigned' },
};

/** States a case can be driven into over HTTP. (return_visit_required needs 7 days to pass: see seedReturnVisitCase.) */
export type Stage =
  | 'registered' | 'routed' | 'accepted' | 'in_handling' | 'paused' | 'extension_pending' | 'supervised'
  | 'awaiting_evaluation' | 'appeal_window' | 'in_review' | 'review_answered' | 'appeal_window_review' | 'in_re_review' | 'closed';

/** The state in which each action applies. */
export const STAGE_FOR: { readonly [A in PersonAction]: Stage | 'return_visit_required' } = {
  accept: 'registered', notAccept: 'registered', route: 'registered', objectRouting: 'routed',
  assign: 'accepted',
  requestExtension: 'in_handling', pauseClock: 'in_handling', reply: 'in_handling', withdraw: 'in_handling',
  escalate: 'in_handling', supervise: 'in_handling', reassign: 'in_handling',
  resumeClock: 'paused', decideExtension: 'extension_pending', answerSupervision: 'supervised',
  recordReturnVisit: 'return_visit_required',
  evaluate: 'awaiting_evaluation', requestReview: 'appeal_window', issueReviewOpinion: 'in_review',
  requestReReview: 'appeal_window_review', issueReReviewOpinion: 'in_re_review',
};

export interface CaseOptions {
  /** The unit that handles the case (default unit-labour). */
  unitId?: string;
  /** The petitioner account that submits it online (default petitioner-liu). */
  petitioner?: DemoUser;
}

type Step = { from: Stage; by: (c: CaseView, o: Required<CaseOptions>) => DemoUser; action: PersonAction; body?: (c: CaseView) => Record<string, unknown> };

const byPetitioner = (_: CaseView, o: Required<CaseOptions>) => o.petitioner;
const byOfficer = (c: CaseView) => officerOf(c.unitId);
const dissatisfied = () => ({ rating: 'dissatisfied' });

/** Every stage after registration is one ordinary step from an earlier one. */
const STEPS: { readonly [S in Exclude<Stage, 'registered' | 'routed'>]: Step } = {
  accepted: { from: 'registered', by: () => 'intake-wang', action: 'accept' },
  in_handling: { from: 'registered', by: () => 'intake-wang', action: 'accept', body: (c) => ({ unitId: c.unitId, officerId: officerOf(c.unitId) }) },
  paused: { from: 'in_handling', by: byOfficer, action: 'pauseClock' },
  extension_pending: { from: 'in_handling', by: byOfficer, action: 'requestExtension' },
  supervised: { from: 'in_handling', by: () => 'supervisor-zhao', action: 'supervise' },
  awaiting_evaluation: { from: 'in_handling', by: byOfficer, action: 'reply' },
  appeal_window: { from: 'awaiting_evaluation', by: byPetitioner, action: 'evaluate', body: dissatisfied },
  in_review: { from: 'appeal_window', by: byPetitioner, action: 'requestReview' },
  review_answered: { from: 'in_review', by: byOfficer, action: 'issueReviewOpinion' },
  appeal_window_review: { from: 'review_answered', by: byPetitioner, action: 'evaluate', body: dissatisfied },
  in_re_review: { from: 'appeal_window_review', by: byPetitioner, action: 'requestReReview' },
  closed: { from: 'in_handling', by: byPetitioner, action: 'withdraw' },
};

export const actionPath = (id: string, action: string) => `/api/v1/petitions/${id}/actions/${action}`;

/** Throws with the answer when a request that must succeed does not. */
export function expectOk<T = any>(res: HttpResult<T>, what: string): HttpResult<T> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function act(stack: ApiStack, user: DemoUser, c: CaseView, action: PersonAction, body = actionBody(action, c)): Promise<CaseView> {
  const res = expectOk(await stack.as(user).post(actionPath(c.id, action), body), `${user} ${action} on a ${c.status} case`);
  if (!user.startsWith('petitioner')) return res.body.petition as CaseView;
  // A petitioner is answered with the public view of their case; the staff view is what the fixtures steer by.
  return expectOk(await stack.as('supervisor-zhao').get(`/api/v1/petitions/${c.id}`), 'staff detail').body.petition as CaseView;
}

export async function submitAs(stack: ApiStack, petitioner: DemoUser, unitId: string): Promise<CaseView> {
  const res = expectOk(await stack.as(petitioner).post('/api/v1/petitions', submissionBody({ unitId })), `${petitioner} submits`);
  return res.body.petition as CaseView;
}

/** A new case brought into a stage by the ordinary requests, each checked to succeed. */
export async function driveTo(stack: ApiStack, stage: Stage, options: CaseOptions = {}): Promise<CaseView> {
  const o = { unitId: 'unit-labour', petitioner: 'petitioner-liu' as DemoUser, ...options };
  if (stage === 'registered') return submitAs(stack, o.petitioner, o.unitId);
  if (stage === 'routed') {
    // Submitted to the petition office, then routed by the intake officer into the unit.
    const c = await submitAs(stack, o.petitioner, 'petition-office');
    return act(stack, 'intake-wang', c, 'route', { toUnitId: o.unitId, reason: 'A labour matter' });
  }
  const step = STEPS[stage];
  const c = await driveTo(stack, step.from, o);
  return act(stack, step.by(c, o), c, step.action, step.body?.(c) ?? actionBody(step.action, c));
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

/**
 * A case whose evaluation window lapsed without a rating (return visit required). Seven days cannot pass
 * on the dev server, so the case is built by the domain (replied ten days ago) and started as a continued
 * workflow on a real worker, the way continue-as-new carries a case; its projection row is then written by
 * the workflow as for any other case.
 */
export async function seedReturnVisitCase(stack: ApiStack, taskQueue: string, options: CaseOptions = {}): Promise<CaseView> {
  const o = { unitId: 'unit-labour', petitioner: 'petitioner-liu' as DemoUser, ...options };
  const id = crypto.randomUUID();
  const now = new Date();
  const p = new Petition({
    id, queryCode: id.replace(/-/g, '').slice(0, 10).toUpperCase(), matterKey: `seed-${id}`, unitId: o.unitId,
    petitionerUserId: o.petitioner, receivedAt: new Date(now.getTime() - 10 * 24 * 3600_000).toISOString(),
  });
  const officer = officerOf(o.unitId);
  p.advance(3600_000).do({ type: 'accept', actor: { id: 'intake-wang', role: 'intake_officer', unitId: 'petition-office' }, unitId: o.unitId, officerId: officer });
  p.advance(3600_000).do({ type: 'reply', actor: { id: officer, role: 'case_officer', unitId: o.unitId }, ...OPINION });
  p.tick(now.toISOString());
  if (p.case.status !== 'return_visit_required') throw new Error(`seeded case is ${p.case.status}`);
  await stack.env.client.workflow.start('petitionWorkflow', {
    taskQueue, workflowId: workflowIdFor(id), args: [{ kind: 'continued', case: p.case, projectedSeq: 0 }],
  });
  await eventually(() => stack.db.petition.findUnique({ where: { id } }).then((r) => r ?? undefined), 'seeded projection row');
  return expectOk(await stack.as('admin').get(`/api/v1/petitions/${id}`), 'seeded case').body.petition as CaseView;
}

/** Serves another app (e.g. with other rate limits) on a free port. */
export async function listen(app: Express): Promise<{ http: ReturnType<typeof httpClient>; baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { http: httpClient(baseUrl), baseUrl, close: () => new Promise((r) => server.close(() => r())) };
}
