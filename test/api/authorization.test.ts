// The role-by-endpoint matrix, built from the endpoint declarations themselves (apiEndpoints): every
// demo user against every action endpoint, each denial checked to change nothing, each allowance checked
// on a case in that user's scope and in a state where the rules let that user act (an intake officer
// records a petitioner's act only for a letter writer without an online account; the review is the
// unit above's; the routing office decides an objection); where the demo organisation never gives an
// allowed role such a case, the refusal it gets instead. Then the refusals the rules make on the case
// itself, and the read endpoints.
import { hashToken, issueToken } from '../../src/accounts';
import { DEMO_UNITS, DEMO_USERS, demoPassword } from '../../src/accounts/demo';
import { hashPassword } from '../../src/accounts/passwords';
import { apiEndpoints, type AppDeps } from '../../src/api/app';
import type { Endpoint } from '../../src/api/http/endpoint';
import type { ApiAction } from '../../src/api/schemas/views';
import { ACTION_ROLES, type CaseView, type PersonAction } from '../../src/domain';
import {
  actionBody, actionPath, driveTo, inBatches, letterSource, OUTCOME, ownWorker, seedReturnVisitCase, SIGNAL_ACTIONS,
  STAGE_FOR, staffView, submissionBody, type CaseOptions, type Stage,
} from '../support/apiFixtures';
import { startApiStack, type ApiStack, type DemoUser } from '../support/apiStack';
import { eventually, type HttpResult } from '../support/http';

/** Declarations only: no handler is called, so the dependencies are never used. */
const ENDPOINTS: Endpoint[] = apiEndpoints({} as AppDeps);
/** The reads of cases and lists, checked against scope below. */
const CASE_READS = ['getPetition', 'getPetitionTimeline', 'getStatistics', 'getSupervisionBoard', 'listPetitions', 'trackPetition'];
/** The access log of staff searches for a person (the read side): read by an admin only. */
const LOG_READS = ['listAccessLog'];
const ACTION_ENDPOINTS = ENDPOINTS.filter((e) => e.path.startsWith('/api/v1/petitions/{id}/actions/'));
const USERS = DEMO_USERS.map((u) => ({ id: u.id as DemoUser, role: u.role, unitId: u.unitId }));
type User = (typeof USERS)[number];

/** The units each staff member sees, written out from the demo organisation (src/accounts/demo.ts), not computed by the code under test. */
const ALL_UNITS = ['petition-office', 'unit-labour', 'unit-labour-arbitration', 'unit-housing'];
const UNITS_OF: Record<string, string[]> = {
  'intake-wang': ALL_UNITS, // the petition office and every unit below it
  'supervisor-zhao': ALL_UNITS,
  'officer-li': ['unit-labour'], // a case officer: their own unit only
  'supervisor-sun': ['unit-labour', 'unit-labour-arbitration'], // the labour subtree
  'officer-chen': ['unit-housing'],
  'officer-zhang': ['petition-office'],
};

/** Who sees a case: admin all, staff their units (and the routing office an objection it must decide), a petitioner their own. */
function sees(u: User, c: CaseView, action?: string): boolean {
  if (u.role === 'admin') return true;
  if (u.role === 'petitioner') return c.petitionerUserId === u.id;
  const units = UNITS_OF[u.id]!;
  return units.includes(c.unitId!) || (action === 'decideObjection' && !!c.pendingObjection?.routingUnitId && units.includes(c.pendingObjection.routingUnitId));
}

const ON_BEHALF = ['evaluate', 'requestReview', 'requestReReview', 'withdraw'];
/**
 * The buttons a user should get, written out: the case's allowed actions whose endpoint admits their
 * role, less what the rules refuse to that user on that case; linkAsRepeat on a flagged case not yet accepted.
 */
function buttons(u: User, c: CaseView): string[] {
  const list = c.allowedActions.filter((a) => {
    if (!mayCall(a, u)) return false;
    if (u.role === 'intake_officer' && ON_BEHALF.includes(a) && c.petitionerUserId) return false;
    if (a === 'issueReviewOpinion' && c.reply?.by === u.id) return false;
    if (a === 'issueReReviewOpinion' && [c.reply?.by, c.reviewOpinion?.by].includes(u.id)) return false;
    if (a === 'decideObjection' && c.pendingObjection?.unitId === u.unitId) return false;
    return true;
  });
  const linkable = c.likelyRepeatOf && c.allowedActions.includes('notAccept') && (u.role === 'intake_officer' || u.role === 'case_officer');
  return linkable ? [...list, 'linkAsRepeat'] : list;
}

/** Where each user's allowed actions are tried by default: a case in their scope. An intake officer's come by letter. */
const LABOUR_LIU: CaseOptions = { unitId: 'unit-labour', petitioner: 'petitioner-liu' };
const LABOUR_LETTER: CaseOptions = { unitId: 'unit-labour', petitioner: 'letter' };
const HOUSING_ZHOU: CaseOptions = { unitId: 'unit-housing', petitioner: 'petitioner-zhou' };
const OFFICE_LIU: CaseOptions = { unitId: 'petition-office', petitioner: 'petitioner-liu' };
const HOME: Record<string, CaseOptions> = {
  'intake-wang': LABOUR_LETTER, 'officer-li': LABOUR_LIU, 'supervisor-sun': LABOUR_LIU, 'petitioner-liu': LABOUR_LIU,
  'supervisor-zhao': HOUSING_ZHOU, 'officer-chen': HOUSING_ZHOU, 'petitioner-zhou': HOUSING_ZHOU, 'officer-zhang': OFFICE_LIU,
};

/** A case prepared for one (action, user): the stage and the options, and what the user gets on it. */
interface Prep { stage: Stage | 'return_visit_required'; options: CaseOptions; expect: 'ok' | { status: number; code: string; why?: RegExp } }

const refusedByScope = { status: 403, code: 'forbidden' };
const notInThisOrganisation = (why: RegExp) => ({ status: 409, code: 'action_not_allowed', why });

/** The exceptions to HOME and STAGE_FOR, by action then user. */
const SPECIAL: Partial<Record<ApiAction, Partial<Record<DemoUser, Partial<Prep>>>>> = {
  // The routing office decides: the intake office routed into labour and the labour officer objected;
  // labour routed into arbitration (which has no officer: the intake officer objects for it); housing into labour; the office into housing.
  decideObjection: {
    'intake-wang': { options: { ...LABOUR_LETTER, routedFrom: 'petition-office', objector: 'officer-li' } },
    'officer-li': { options: { unitId: 'unit-labour-arbitration', petitioner: 'petitioner-liu', routedFrom: 'unit-labour', router: 'officer-li', objector: 'intake-wang' } },
    'officer-chen': { options: { unitId: 'unit-labour', petitioner: 'petitioner-zhou', routedFrom: 'unit-housing', router: 'officer-chen', objector: 'officer-li' } },
    'officer-zhang': { options: { unitId: 'unit-housing', petitioner: 'petitioner-zhou', routedFrom: 'petition-office', router: 'officer-zhang', objector: 'officer-chen' } },
  },
  // Only the re-review clock may pause (hearing time, W36), and re-reviews of this organisation are the petition office's.
  requestPause: {
    'officer-zhang': { options: LABOUR_LIU },
    'officer-li': { stage: 'in_handling', expect: notInThisOrganisation(/handling clock cannot be paused/) },
    'officer-chen': { stage: 'in_handling', expect: notInThisOrganisation(/handling clock cannot be paused/) },
  },
  decidePause: {
    'supervisor-zhao': { options: LABOUR_LIU },
    'supervisor-sun': { options: LABOUR_LIU, expect: refusedByScope }, // the pause is asked at the office, above labour
  },
  resumeClock: {
    'officer-zhang': { options: LABOUR_LIU },
    'officer-li': { stage: 'in_handling', expect: notInThisOrganisation(/not allowed while the petition is in_handling/) },
    'officer-chen': { stage: 'in_handling', expect: notInThisOrganisation(/not allowed while the petition is in_handling/) },
  },
  // Reviews go one level up: a labour or housing reply is reviewed at the petition office.
  issueReviewOpinion: {
    'officer-zhang': { options: LABOUR_LIU },
    'supervisor-zhao': { options: HOUSING_ZHOU },
    'officer-li': { options: LABOUR_LIU, expect: refusedByScope },
    'officer-chen': { options: HOUSING_ZHOU, expect: refusedByScope },
    'supervisor-sun': { options: LABOUR_LIU, expect: refusedByScope },
  },
  // The re-review is the body above the reviewer: the policy names the office again; the reviewer does not re-review.
  issueReReviewOpinion: {
    'officer-zhang': { options: { ...LABOUR_LIU, reviewer: 'supervisor-zhao' } },
    'supervisor-zhao': { options: { ...HOUSING_ZHOU, reviewer: 'officer-zhang' } },
    'officer-li': { options: LABOUR_LIU, expect: refusedByScope },
    'officer-chen': { options: HOUSING_ZHOU, expect: refusedByScope },
    'supervisor-sun': { options: LABOUR_LIU, expect: refusedByScope },
  },
  // A delivery is recorded for a petitioner without an online account.
  recordDelivery: {
    'officer-li': { options: LABOUR_LETTER },
    'officer-chen': { options: { unitId: 'unit-housing', petitioner: 'letter' } },
    'officer-zhang': { options: { unitId: 'petition-office', petitioner: 'letter' } },
  },
};

function prepFor(action: ApiAction, user: DemoUser): Prep {
  const special = SPECIAL[action]?.[user] ?? {};
  return { stage: special.stage ?? STAGE_FOR[action], options: special.options ?? HOME[user]!, expect: special.expect ?? 'ok' };
}

const allowedFor = (e: Endpoint) => USERS.filter((u) => e.roles?.includes(u.role));
const caseKey = (action: string, user: string) => `${action}|${user}`;
/** The endpoint of an action admits this role. */
const mayCall = (action: string, u: User) => !!ACTION_ENDPOINTS.find((x) => x.operationId === action)?.roles?.includes(u.role);

let stack: ApiStack;
let seeder: Awaited<ReturnType<typeof ownWorker>>;
const cases = new Map<string, CaseView>();
/** action -> user -> what happened, printed as one table at the end. */
const matrix = new Map<string, Map<string, string>>();
const mark = (row: string, user: string, result: string) => {
  const cells = matrix.get(row) ?? new Map<string, string>();
  cells.set(user, cells.has(user) ? `${cells.get(user)} ${result}` : result);
  matrix.set(row, cells);
};

/** A petitioner's answer is the public view: the same status, and nothing internal. */
function expectPetitionerView(view: Record<string, unknown>, staff: CaseView): void {
  expect(view).toMatchObject({ id: staff.id, queryCode: staff.queryCode, status: staff.status });
  for (const internal of ['escalations', 'supervision', 'criticisms', 'officerId', 'leaderOwnerId', 'matterKey', 'timeline', 'petitioner', 'policy', 'allowedActions']) {
    expect(view).not.toHaveProperty(internal);
  }
}

/** What must not move when a request is refused. Read as admin, who sees every case. */
async function snapshot(id: string) {
  const c = await staffView(stack, id);
  return { status: c.status, seq: c.seq, pendingWithdrawal: c.pendingWithdrawal ?? null, escalationLevel: c.escalationLevel };
}

async function prepare(p: Prep): Promise<CaseView> {
  return p.stage === 'return_visit_required' ? seedReturnVisitCase(stack, seeder.taskQueue, p.options) : driveTo(stack, p.stage, p.options);
}

beforeAll(async () => {
  stack = await startApiStack();
  seeder = await ownWorker(stack);
  // One case per (action, allowed user), in the user's scope and in the state where the action applies.
  const jobs = ACTION_ENDPOINTS.flatMap((e) => allowedFor(e).map((u) => ({ action: e.operationId as ApiAction, user: u.id })));
  await inBatches(jobs, 6, async ({ action, user }) => {
    cases.set(caseKey(action, user), await prepare(prepFor(action, user)));
  });
}, 600_000);

afterAll(async () => {
  const columns = ['anonymous', ...USERS.map((u) => u.id)];
  const width = Math.max(...columns.map((c) => c.length)) + 1;
  const lines = [...matrix].map(([row, cells]) => row.padEnd(22) + columns.map((c) => (cells.get(c) ?? '').padEnd(width)).join(''));
  console.log([
    'Authorisation matrix: 403 by role; "s403" the allowed role on a case outside its scope; "r409"/"r400" refused by the rules on that case (unchanged);',
    'getPetition, getPetitionTimeline: labour / housing / labour-arbitration / office case; lists: how many of those 4 it shows; submitPetition: online / letter',
    ''.padEnd(22) + columns.map((c) => c.padEnd(width)).join(''),
    ...lines,
  ].join('\n'));
  await seeder?.stop();
  await stack?.close();
});

test('every action has an endpoint, and its roles are the declared ACTION_ROLES (linkAsRepeat: those who decide acceptance)', () => {
  expect(ACTION_ENDPOINTS.map((e) => e.operationId).sort()).toEqual(Object.keys(OUTCOME).sort());
  for (const e of ACTION_ENDPOINTS) {
    expect(e).toMatchObject({ method: 'post', auth: 'bearer', idempotent: true });
    expect(e.roles).toEqual(e.operationId === 'linkAsRepeat' ? ACTION_ROLES.notAccept : ACTION_ROLES[e.operationId as PersonAction]);
  }
});

describe.each(ACTION_ENDPOINTS.map((e) => [e.operationId as ApiAction, e] as const))('%s', (action, e) => {
  const allowed = allowedFor(e);
  const denied = USERS.filter((u) => !allowed.includes(u));
  const actionCases = () => allowed.map((u) => cases.get(caseKey(action, u.id))!);
  const succeeding = allowed.filter((u) => prepFor(action, u.id).expect === 'ok');
  const refused = allowed.filter((u) => prepFor(action, u.id).expect !== 'ok');

  test.each(denied)('$id ($role): 403 by role on every prepared case, which stays unchanged', async (u: User) => {
    await Promise.all(actionCases().map(async (c) => {
      const before = await snapshot(c.id);
      const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c, u.id));
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', details: { role: u.role, allowedRoles: e.roles } });
      expect(await snapshot(c.id)).toEqual(before);
    }));
    mark(action, u.id, '403');
  });

  // Each allowed user against a case prepared for another whom they cannot see.
  test('each allowed user on a case outside their scope: 403, unchanged', async () => {
    const pairs = allowed.flatMap((u) => {
      const other = allowed.find((v) => v !== u && !sees(u, cases.get(caseKey(action, v.id))!, action));
      return other ? [[u, cases.get(caseKey(action, other.id))!] as const] : [];
    });
    for (const [u, c] of pairs) {
      const before = await snapshot(c.id);
      const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c, u.id));
      expect([u.id, res.status, res.body.error?.code]).toEqual([u.id, 403, 'forbidden']);
      expect(await snapshot(c.id)).toEqual(before);
      mark(action, u.id, 's403');
    }
    expect(pairs.length).toBeGreaterThan(0);
  });

  if (refused.length) {
    test.each(refused)(`$id ($role) on the case the organisation gives them: refused, unchanged`, async (u: User) => {
      const c = cases.get(caseKey(action, u.id))!;
      const expected = prepFor(action, u.id).expect as { status: number; code: string; why?: RegExp };
      const before = await snapshot(c.id);
      const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c, u.id));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: expected.status, code: expected.code });
      if (expected.why) expect(res.body.error.message).toMatch(expected.why);
      expect(await snapshot(c.id)).toEqual(before);
      mark(action, u.id, expected.status === 403 ? 's403' : `r${expected.status}`);
    });
  }

  const expected = SIGNAL_ACTIONS.includes(action) ? 202 : 200;
  test.each(succeeding)(`$id ($role) on a case in scope where the rules let them: ${expected}, ${OUTCOME[action].status}`, async (u: User) => {
    const c = cases.get(caseKey(action, u.id))!;
    const before = await snapshot(c.id);
    const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c, u.id));
    expect({ status: res.status, body: res.status === expected ? 'ok' : res.body }).toEqual({ status: expected, body: 'ok' });
    // A petitioner is answered with the public view of their case; the staff view shows the rest.
    const after: CaseView = u.role === 'petitioner' ? await staffView(stack, c.id) : res.body.petition;
    if (u.role === 'petitioner') expectPetitionerView(res.body.petition, after);
    expect(after.status).toBe(OUTCOME[action].status);
    expect(after.timeline.filter((t) => t.seq > before.seq).map((t) => t.type)).toContain(OUTCOME[action].event);
    // The buttons: the caller's own, as the rules written out above give them (the case may have moved on to another unit).
    const detail = await stack.as(u.id).get(`/api/v1/petitions/${c.id}`);
    if (detail.status === 200) expect(res.body.yourActions).toEqual(buttons(u, after));
    // The detail (the workflow's own state) already shows it.
    expect(await snapshot(c.id)).toMatchObject({ status: after.status, seq: after.seq });
    mark(action, u.id, String(expected));
  });
});

describe('the rules decide who acts on which case: each refusal is 409 (or 400 for a field), with the reason, and changes nothing', () => {
  interface Refusal { who: DemoUser; action: ApiAction; stage: Stage; options: CaseOptions; body?: (c: CaseView) => Record<string, unknown>; status: number; why: RegExp; field?: string }
  const onlineAccount = /online account/;
  const REFUSALS: Refusal[] = [
    // Staff act for a petitioner only where the petitioner cannot: not on a case with an online account.
    { who: 'intake-wang', action: 'evaluate', stage: 'awaiting_evaluation', options: LABOUR_LIU, body: () => ({ rating: 'satisfied', source: letterSource() }), status: 409, why: onlineAccount },
    { who: 'intake-wang', action: 'requestReview', stage: 'awaiting_evaluation', options: LABOUR_LIU, body: () => ({ reason: 'By phone', source: letterSource() }), status: 409, why: onlineAccount },
    { who: 'intake-wang', action: 'requestReReview', stage: 'review_delivered', options: LABOUR_LIU, body: () => ({ reason: 'By phone', source: letterSource() }), status: 409, why: onlineAccount },
    { who: 'intake-wang', action: 'withdraw', stage: 'in_handling', options: LABOUR_LIU, body: () => ({ reason: 'By phone', source: letterSource() }), status: 409, why: onlineAccount },
    // ...and for one without, only with where it came from; a petitioner sends none.
    { who: 'intake-wang', action: 'evaluate', stage: 'awaiting_evaluation', options: LABOUR_LETTER, body: () => ({ rating: 'satisfied' }), status: 400, why: /source is required/, field: 'source' },
    { who: 'intake-wang', action: 'withdraw', stage: 'in_handling', options: LABOUR_LETTER, body: () => ({ reason: 'By letter' }), status: 400, why: /source is required/, field: 'source' },
    { who: 'petitioner-liu', action: 'evaluate', stage: 'awaiting_evaluation', options: LABOUR_LIU, body: () => ({ rating: 'satisfied', source: letterSource() }), status: 400, why: /source/, field: 'source' },
    // Only the pausable clock pauses; nobody reviews their own answer; the objecting unit does not decide.
    { who: 'officer-li', action: 'requestPause', stage: 'in_handling', options: LABOUR_LIU, status: 409, why: /cannot be paused/ },
    { who: 'officer-zhang', action: 'issueReviewOpinion', stage: 'in_review', options: OFFICE_LIU, status: 409, why: /earlier answer/ },
    { who: 'officer-zhang', action: 'issueReReviewOpinion', stage: 'in_re_review', options: LABOUR_LIU, status: 409, why: /earlier answer/ },
    { who: 'officer-li', action: 'decideObjection', stage: 'objected', options: { ...LABOUR_LIU, objector: 'officer-li' }, status: 409, why: /objected cannot decide/ },
    // The officer who replied: the review went one level up, out of their unit.
    { who: 'officer-li', action: 'issueReviewOpinion', stage: 'in_review', options: LABOUR_LIU, status: 403, why: /outside your scope/ },
  ];

  test.each(REFUSALS.map((r) => [`${r.who} ${r.action} on ${r.options.petitioner === 'letter' ? 'a letter' : `${r.options.petitioner}'s`} ${r.stage} case`, r] as const))('%s', async (_name, r) => {
    const c = await driveTo(stack, r.stage, r.options);
    const before = await snapshot(c.id);
    const res = await stack.as(r.who).post(actionPath(c.id, r.action), r.body?.(c) ?? actionBody(r.action, c, r.who));
    expect({ status: res.status, message: res.body.error?.message }).toEqual({ status: r.status, message: expect.stringMatching(r.why) });
    if (r.status === 409) expect(res.body.error).toMatchObject({ code: 'action_not_allowed', details: { status: c.status } });
    if (r.field) expect(res.body.error.details).toEqual([{ field: r.field, message: expect.any(String) }]);
    expect(await snapshot(c.id)).toEqual(before);
    // Where the case refuses it to this caller, it is never one of their buttons.
    const detail = await stack.as(r.who).get(`/api/v1/petitions/${c.id}`);
    if (r.status === 409) expect(detail.body.yourActions).not.toContain(r.action);
    mark(`${r.action} (rules)`, r.who, r.status === 403 ? 's403' : `r${r.status}`);
  });

  test('a case under supervision or escalation is not withdrawn by a request: a supervisor decides (refuses, or agrees)', async () => {
    const [supervised, escalated] = await Promise.all([driveTo(stack, 'supervised', LABOUR_LETTER), driveTo(stack, 'escalated', LABOUR_LIU)]);
    const asked = await stack.as('intake-wang').post(actionPath(supervised.id, 'withdraw'), { reason: 'By letter of today', source: letterSource() });
    expect(asked.status).toBe(200);
    expect(asked.body.petition).toMatchObject({ status: 'in_handling', pendingWithdrawal: { by: 'intake-wang', source: letterSource() } });
    expect(asked.body.petition.closedAt).toBeUndefined();
    const refused = await stack.as('supervisor-zhao').post(actionPath(supervised.id, 'decideWithdrawal'), { approve: false, reason: 'The supervision notice is open' });
    expect(refused.status).toBe(202);
    expect(refused.body.petition).toMatchObject({ status: 'in_handling' });
    expect(refused.body.petition.pendingWithdrawal).toBeUndefined();

    expect((await stack.as('petitioner-liu').post(actionPath(escalated.id, 'withdraw'), { reason: 'Paid meanwhile' })).status).toBe(200);
    expect(await snapshot(escalated.id)).toMatchObject({ status: 'in_handling', pendingWithdrawal: expect.objectContaining({ by: 'petitioner-liu' }) });
    const agreed = await stack.as('supervisor-sun').post(actionPath(escalated.id, 'decideWithdrawal'), { approve: true });
    expect(agreed.status).toBe(202);
    expect(agreed.body.petition).toMatchObject({ status: 'closed', closingReason: 'withdrawn' });
  });
});

describe('read endpoints: the role gate of each declaration; scope as 403 on one case, as filtering on lists', () => {
  const ARBITRATION_LIU: CaseOptions = { unitId: 'unit-labour-arbitration', petitioner: 'petitioner-liu' };
  const owners = [LABOUR_LIU, HOUSING_ZHOU, ARBITRATION_LIU, OFFICE_LIU];
  const tag = `read-${Date.now().toString(36)}`;
  let read: CaseView[];
  const declared = (operationId: string) => ENDPOINTS.find((x) => x.operationId === operationId)!;
  const mayCallRead = (operationId: string, u: User) => declared(operationId).roles?.includes(u.role) ?? true;
  /** 200 or 403 for each of the cases. */
  const expectedFor = (u: User) => read.map((c) => (sees(u, c) ? 200 : 403));
  /** Of the cases, the ids a list shown to this user must hold. */
  const visibleIds = (u: User) => read.filter((c) => sees(u, c)).map((c) => c.id).sort();
  const ours = (items: { id: string }[]) => items.map((i) => i.id).filter((id) => read.some((c) => c.id === id)).sort();

  beforeAll(async () => {
    read = await Promise.all(owners.map(async (o, i) => {
      const res = await stack.as(o.petitioner as DemoUser).post('/api/v1/petitions', submissionBody({ unitId: o.unitId, title: `${tag} case ${i}` }));
      expect(res.status).toBe(201);
      return staffView(stack, res.body.petition.id);
    }));
    // Escalated, so the supervision board shows them too (a signal: the projection follows within a second).
    for (const c of read) expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'escalate'), { reason: 'Watch', level: 1 })).status).toBe(202);
    await eventually(async () => ((await stack.db.petition.count({ where: { title: { startsWith: tag }, escalationLevel: 1 } })) === owners.length ? true : undefined), 'escalations projected');
    read = await Promise.all(read.map((c) => staffView(stack, c.id)));
  });

  test('every case read is in this matrix', () => {
    expect(ENDPOINTS.filter((x) => CASE_READS.includes(x.operationId)).map((x) => x.operationId).sort()).toEqual([...CASE_READS].sort());
    expect(ENDPOINTS.filter((x) => LOG_READS.includes(x.operationId)).map((x) => x.operationId).sort()).toEqual([...LOG_READS].sort());
  });

  test.each(USERS)('listAccessLog × $id ($role): the admin reads the log of petitioner searches, nobody else', async (u: User) => {
    const res = await stack.as(u.id).get('/api/v1/admin/access-log?limit=5');
    const expected = mayCallRead('listAccessLog', u) ? 200 : 403;
    expect(res.status).toBe(expected);
    expect(expected === 200).toBe(u.role === 'admin'); // written out: only an admin
    mark('listAccessLog', u.id, String(expected));
  });

  test.each(USERS)('getPetition × $id ($role): 200 in scope, 403 outside (labour, housing, arbitration, office)', async (u: User) => {
    const results = await Promise.all(read.map((c) => stack.as(u.id).get(`/api/v1/petitions/${c.id}`)));
    expect(results.map((r) => r.status)).toEqual(expectedFor(u));
    for (const r of results.filter((x) => x.status === 200)) {
      const staff = await staffView(stack, r.body.petition.id);
      if (u.role === 'petitioner') expectPetitionerView(r.body.petition, staff);
      else expect(r.body.petition).toMatchObject({ id: staff.id, matterKey: staff.matterKey, seq: staff.seq });
      expect(r.body.yourActions).toEqual(buttons(u, staff));
    }
    mark('getPetition', u.id, expectedFor(u).join('/'));
  });

  test.each(USERS)('getPetitionTimeline × $id ($role): 200 in scope, 403 outside; a petitioner sees the public steps only', async (u: User) => {
    const results = await Promise.all(read.map((c) => stack.as(u.id).get(`/api/v1/petitions/${c.id}/timeline`)));
    const expected = mayCallRead('getPetitionTimeline', u) ? expectedFor(u) : read.map(() => 403);
    expect(results.map((r) => r.status)).toEqual(expected);
    for (const r of results.filter((x) => x.status === 200)) {
      const types = r.body.events.map((e: { type: string }) => e.type);
      if (u.role === 'petitioner') {
        expect(types).not.toContain('escalated');
        expect(r.body.events.every((e: { actor?: string }) => e.actor === undefined)).toBe(true);
      } else expect(types).toContain('escalated');
    }
    mark('getPetitionTimeline', u.id, expected.join('/'));
  });

  test.each(USERS)('listPetitions × $id ($role): exactly the cases in scope, staff fields for staff only', async (u: User) => {
    const res = await stack.as(u.id).get(`/api/v1/petitions?q=${tag}&limit=100`);
    if (!mayCallRead('listPetitions', u)) {
      expect(res.status).toBe(403);
      return mark('listPetitions', u.id, '403');
    }
    expect(res.status).toBe(200);
    expect(ours(res.body.items)).toEqual(visibleIds(u));
    for (const item of res.body.items) {
      for (const field of ['officerId', 'escalationLevel', 'openSupervision', 'likelyRepeatOf']) expect([field, field in item]).toEqual([field, u.role !== 'petitioner']);
    }
    mark('listPetitions', u.id, `${visibleIds(u).length} of ${owners.length}`);
  });

  test.each(USERS)('getSupervisionBoard × $id ($role): the escalated cases in scope', async (u: User) => {
    const res = await stack.as(u.id).get('/api/v1/board?limit=100');
    if (!mayCallRead('getSupervisionBoard', u)) {
      expect(res.status).toBe(403);
      return mark('getSupervisionBoard', u.id, '403');
    }
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(ours(res.body.items)).toEqual(visibleIds(u));
    mark('getSupervisionBoard', u.id, `${visibleIds(u).length} of ${owners.length}`);
  });

  test.each(USERS)('getStatistics × $id ($role): only units in scope are counted', async (u: User) => {
    const day = 86_400_000;
    const period = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;
    const res = await stack.as(u.id).get(`/api/v1/statistics?${period}`);
    if (!mayCallRead('getStatistics', u)) {
      expect(res.status).toBe(403);
      return mark('getStatistics', u.id, '403');
    }
    expect(res.status).toBe(200);
    const units = (res.body.byUnit as { unitId: string; received: number }[]).map((x) => x.unitId).sort();
    const expected = read.filter((c) => sees(u, c)).map((c) => c.unitId).sort();
    expect(units.filter((x) => u.role !== 'admin' && !UNITS_OF[u.id]!.includes(x))).toEqual([]);
    expect(units).toEqual(expect.arrayContaining(expected));
    mark('getStatistics', u.id, units.length === 4 ? 'all units' : units.map((x) => x.replace('unit-labour-arbitration', 'arb').replace('unit-', '')).join(','));
  });

  test.each([{ id: 'anonymous', role: 'anonymous' }, ...USERS])('trackPetition × $id: the query code is the key, 200 for each, the public view', async (u) => {
    const client = u.id === 'anonymous' ? stack.http : stack.as(u.id);
    const results = await Promise.all(read.map((c) => client.get(`/api/v1/tracking/${c.queryCode}`)));
    expect(results.map((r) => r.status)).toEqual(read.map(() => 200));
    for (const r of results) for (const internal of ['id', 'matterKey', 'timeline', 'petitioner', 'escalations', 'allowedActions']) expect(r.body).not.toHaveProperty(internal);
    mark('trackPetition', u.id, '200');
  });

  test('without a token: 401 on every bearer endpoint', async () => {
    const c = read[0]!;
    for (const path of [`/api/v1/petitions/${c.id}`, `/api/v1/petitions/${c.id}/timeline`, '/api/v1/petitions', '/api/v1/board', '/api/v1/statistics', '/api/v1/admin/access-log']) {
      expect([path, (await stack.http.get(path)).status]).toEqual([path, 401]);
    }
  });
});

describe('registering a petition: petitioners online, intake officers on every channel, nobody else; petitioners and anonymous callers get the public view', () => {
  // mayRegister (src/domain/permissions.ts), written out.
  const REGISTERS: Record<string, { online: number; letter: number }> = {
    anonymous: { online: 201, letter: 403 },
    'petitioner-liu': { online: 201, letter: 403 },
    'petitioner-zhou': { online: 201, letter: 403 },
    'intake-wang': { online: 201, letter: 201 },
    admin: { online: 403, letter: 403 },
    'supervisor-zhao': { online: 403, letter: 403 },
    'supervisor-sun': { online: 403, letter: 403 },
    'officer-li': { online: 403, letter: 403 },
    'officer-chen': { online: 403, letter: 403 },
    'officer-zhang': { online: 403, letter: 403 },
  };
  test('every demo user is in the table', () => {
    expect(Object.keys(REGISTERS).sort()).toEqual(['anonymous', ...USERS.map((u) => u.id)].sort());
  });
  test.each(Object.entries(REGISTERS))('%s: %j', async (who, expected) => {
    const client = who === 'anonymous' ? stack.http : stack.as(who);
    const [online, letter] = await Promise.all(['online', 'letter'].map((channel) => client.post('/api/v1/petitions', submissionBody({ channel }))));
    expect({ online: online!.status, letter: letter!.status }).toEqual(expected);
    for (const r of [online!, letter!].filter((x) => x.status === 403)) expect(r.body.error.code).toBe('forbidden');
    for (const r of [online!, letter!].filter((x) => x.status === 201)) {
      const staff = await staffView(stack, r.body.petition.id);
      if (who === 'intake-wang') expect(r.body.petition).toMatchObject({ id: staff.id, matterKey: staff.matterKey, policy: expect.any(Object) });
      else expectPetitionerView(r.body.petition, staff);
    }
    mark('submitPetition', who, `${online!.status}/${letter!.status}`);
  });
});

/**
 * The console's endpoints (sign-in, pickers, notices, admin, saved filters, notes, attachments, documents,
 * exports): for each, a valid request as a given caller and the status it gets when the caller's role may
 * call it. Every user (and an anonymous caller) is tried on every one: 401 without signing in where one
 * must, 403 by role where the declaration does not list the role, else the cell's own answer.
 */
type Who = User | { id: 'anonymous'; role: 'anonymous' };
interface ConsoleCell {
  run(who: Who): Promise<HttpResult>;
  /** The answer when the role may call it; by caller where it differs. */
  ok: number | ((who: Who) => number);
}
const clientOf = (who: Who) => (who.id === 'anonymous' ? stack.http : stack.as(who.id));
const unitOf = (who: Who) => DEMO_USERS.find((u) => u.id === who.id)?.unitId;

const CONSOLE_CELLS: Record<string, ConsoleCell> = {
  signIn: { run: (who) => stack.http.post('/api/v1/session', { username: who.id === 'anonymous' ? 'nobody' : who.id, password: demoPassword(who.id) }), ok: (who) => (who.id === 'anonymous' ? 401 : 201) },
  getSession: { run: (who) => clientOf(who).get('/api/v1/session'), ok: 200 },
  signOut: { run: (who) => clientOf(who).call('DELETE', '/api/v1/session'), ok: 200 },
  changePassword: {
    // Changed, then the demo password put back (it contains the user name, which a chosen password may not).
    async run(who) {
      const res = await clientOf(who).post('/api/v1/session/password', { currentPassword: demoPassword(who.id), newPassword: 'Matrix-pass-4821' });
      if (res.status === 200) await stack.db.user.update({ where: { id: who.id }, data: { passwordHash: await hashPassword(demoPassword(who.id)) } });
      return res;
    },
    ok: 200,
  },
  listUnits: { run: (who) => clientOf(who).get('/api/v1/units'), ok: 200 },
  // Each caller's own unit (an admin's: labour), so the role gate is what is tried.
  listUnitOfficers: { run: (who) => clientOf(who).get(`/api/v1/units/${unitOf(who) ?? 'unit-labour'}/officers`), ok: 200 },
  listNotices: { run: (who) => clientOf(who).get('/api/v1/notices'), ok: 200 },
  // One of the caller's own notices (the cases above sent them plenty); an admin gets none, so theirs is not found.
  markNoticeRead: {
    async run(who) {
      const own = who.id === 'anonymous' ? undefined : (await stack.as(who.id).get('/api/v1/notices')).body?.items?.[0]?.id;
      return clientOf(who).post(`/api/v1/notices/${own ?? 2_000_000_000}/read`, {});
    },
    ok: (who) => (who.role === 'admin' ? 404 : 200),
  },
  markAllNoticesRead: { run: (who) => clientOf(who).post('/api/v1/notices/read-all', {}), ok: 200 },
  // Administration: every request is one only an admin may make; the same request from anyone else is 403.
  createUnit: { run: (who) => clientOf(who).post('/api/v1/admin/units', { id: `matrix-unit-${who.id}`, name: 'Matrix', parentId: 'petition-office' }), ok: 201 },
  updateUnit: { run: (who) => clientOf(who).call('PATCH', '/api/v1/admin/units/unit-housing', { name: DEMO_UNITS[3].name }), ok: 200 },
  listUsers: { run: (who) => clientOf(who).get('/api/v1/admin/users'), ok: 200 },
  createUser: { run: (who) => clientOf(who).post('/api/v1/admin/users', { id: `matrix-user-${who.id}`, name: 'Matrix', role: 'petitioner' }), ok: 201 },
  updateUser: { run: (who) => clientOf(who).call('PATCH', '/api/v1/admin/users/petitioner-zhou', { name: '周先生 Mr Zhou' }), ok: 200 },
  resetPassword: {
    async run(who) {
      await stack.db.user.upsert({ where: { id: 'matrix-reset' }, create: { id: 'matrix-reset', name: 'Reset me', role: 'petitioner' }, update: {} });
      return clientOf(who).post('/api/v1/admin/users/matrix-reset/password', {});
    },
    ok: 200,
  },
  listTokens: { run: (who) => clientOf(who).get('/api/v1/admin/tokens'), ok: 200 },
  issueToken: { run: (who) => clientOf(who).post('/api/v1/admin/users/matrix-reset/tokens', { label: `matrix ${who.id}` }), ok: 201 },
  revokeToken: {
    async run(who) {
      const token = await issueToken(stack.db, 'petitioner-zhou', `matrix ${who.id}`);
      const { id } = await stack.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
      return clientOf(who).post(`/api/v1/admin/tokens/${id}/revoke`, {});
    },
    ok: 200,
  },
  listSavedFilters: { run: (who) => clientOf(who).get('/api/v1/filters'), ok: 200 },
  saveFilter: { run: (who) => clientOf(who).post('/api/v1/filters', { name: 'Matrix', query: 'status=registered' }), ok: 201 },
  deleteSavedFilter: {
    async run(who) {
      const owner = who.id === 'anonymous' ? 'admin' : who.id;
      const f = await stack.db.savedFilter.create({ data: { id: `matrix-${owner}-${Date.now()}`, userId: owner, name: `Delete me ${Date.now()}`, query: '' } });
      return clientOf(who).call('DELETE', `/api/v1/filters/${f.id}`);
    },
    ok: 200,
  },
  // On a case in the caller's scope (an admin's: labour); petitioners are refused by role.
  listCaseNotes: { run: (who) => clientOf(who).get(`/api/v1/petitions/${homeCase(who).id}/notes`), ok: 200 },
  addCaseNote: { run: (who) => clientOf(who).post(`/api/v1/petitions/${homeCase(who).id}/notes`, { text: `Matrix note by ${who.id}` }), ok: 201 },
  // Anonymous online petitioners upload too; an admin acts on no case.
  uploadAttachment: { run: (who) => clientOf(who).post('/api/v1/attachments', '%PDF-1.4 matrix', { 'content-type': 'application/pdf', 'x-file-name': 'matrix.pdf' }), ok: 201 },
  listPetitionAttachments: { run: (who) => clientOf(who).get(`/api/v1/petitions/${homeCase(who).id}/attachments`), ok: 200 },
  // The file the home case's petitioner attached at submission: theirs, and their case's staff's, to download.
  downloadAttachment: { run: (who) => clientOf(who).get(`/api/v1/attachments/${homeFiles.get(homeCase(who).id)}`), ok: 200 },
  // The home case was accepted: its acceptance notice (受理告知书), as the page to print.
  getPetitionDocument: { run: (who) => clientOf(who).get(`/api/v1/petitions/${homeCase(who).id}/documents/acceptance`), ok: 200 },
  // Open to anyone, signed in or not: the same answer whatever matched.
  resendQueryCode: { run: (who) => clientOf(who).post('/api/v1/tracking/resend', { contact: `matrix-${who.id}`, title: 'Matrix' }), ok: 202 },
  // The Temporal Web UI's codec server: an admin only (ops reading encrypted payloads), nobody else.
  decodePayloads: { run: (who) => clientOf(who).post('/api/v1/codec/decode', { payloads: [] }, { 'x-namespace': 'default' }), ok: 200 },
  encodePayloads: { run: (who) => clientOf(who).post('/api/v1/codec/encode', { payloads: [] }, { 'x-namespace': 'default' }), ok: 200 },
};

/** A case in each home scope (labour for liu, housing for zhou, the office for its own officer), for the console cells that act on one case. */
const homeCases = new Map<string, CaseView>();
const homeCase = (who: Who) => homeCases.get(HOME[who.id]?.unitId ?? 'unit-labour')!;
/** The file attached to each home case, by case id. */
const homeFiles = new Map<string, string>();

describe('console endpoints: every caller on every one', () => {
  const declared = (operationId: string) => ENDPOINTS.find((x) => x.operationId === operationId)!;
  const callers: Who[] = [{ id: 'anonymous', role: 'anonymous' }, ...USERS];

  beforeAll(async () => {
    for (const home of [LABOUR_LIU, HOUSING_ZHOU, OFFICE_LIU] as { unitId: string; petitioner: DemoUser }[]) {
      const uploaded = await stack.as(home.petitioner).post('/api/v1/attachments', '%PDF-1.4 evidence', { 'content-type': 'application/pdf', 'x-file-name': 'evidence.pdf' });
      const c = await driveTo(stack, 'in_handling', home);
      await stack.db.attachment.update({ where: { id: uploaded.body.id }, data: { petitionId: c.id, linkedAt: new Date(), linkedBy: home.petitioner, linkedVia: 'submission' } });
      homeCases.set(home.unitId, c);
      homeFiles.set(c.id, uploaded.body.id);
    }
  });

  test('every endpoint is in a matrix: the case actions, the case reads, the access log, submission, or the console cells', () => {
    const covered = new Set([...ACTION_ENDPOINTS.map((e) => e.operationId), ...CASE_READS, ...LOG_READS, 'submitPetition', ...Object.keys(CONSOLE_CELLS)]);
    expect(ENDPOINTS.map((e) => e.operationId).filter((id) => !covered.has(id))).toEqual([]);
  });

  describe.each(Object.keys(CONSOLE_CELLS))('%s', (operationId) => {
    test.each(callers)('$id', async (who) => {
      const e = declared(operationId);
      const cell = CONSOLE_CELLS[operationId]!;
      const expected = who.id === 'anonymous'
        ? (e.auth === 'bearer' ? 401 : typeof cell.ok === 'number' ? cell.ok : cell.ok(who))
        : e.roles && !e.roles.includes(who.role as User['role']) ? 403 : typeof cell.ok === 'number' ? cell.ok : cell.ok(who);
      const res = await cell.run(who);
      expect({ status: res.status, body: res.status === expected ? 'as expected' : res.body }).toEqual({ status: expected, body: 'as expected' });
      if (expected === 403) expect(res.body.error).toMatchObject({ code: 'forbidden', details: { role: who.role, allowedRoles: e.roles } });
      mark(operationId, who.id, String(res.status));
    });
  });
});
