// The role-by-endpoint matrix, built from the endpoint declarations themselves (apiEndpoints): every
// demo user against every action endpoint, each denial checked to change nothing, each allowance checked
// on a case in that user's scope and in a state where the action applies; then the read endpoints.
import { DEMO_USERS } from '../../src/accounts/demo';
import { apiEndpoints, type AppDeps } from '../../src/api/app';
import type { Endpoint } from '../../src/api/http/endpoint';
import { ACTION_ROLES, type CaseView, type PersonAction } from '../../src/domain';
import {
  actionBody, actionPath, driveTo, inBatches, OUTCOME, ownWorker, seedReturnVisitCase, SIGNAL_ACTIONS, STAGE_FOR,
  submissionBody, type CaseOptions,
} from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';

/** Declarations only: no handler is called, so the dependencies are never used. */
const ENDPOINTS: Endpoint[] = apiEndpoints({} as AppDeps);
const ACTION_ENDPOINTS = ENDPOINTS.filter((e) => e.path.startsWith('/api/v1/petitions/{id}/actions/'));
const USERS = DEMO_USERS.map((u) => ({ id: u.id, role: u.role }));
type User = (typeof USERS)[number];

/** Who sees which case, written out from the demo organisation (src/accounts/demo.ts), not computed by the code under test. */
const SEES: Record<string, (c: Required<CaseOptions>) => boolean> = {
  admin: () => true,
  'intake-wang': () => true, // the petition office and every unit below it
  'supervisor-zhao': () => true, // idem
  'officer-li': (c) => c.unitId === 'unit-labour', // a case officer: their own unit only
  'supervisor-sun': (c) => c.unitId === 'unit-labour' || c.unitId === 'unit-labour-arbitration', // the labour subtree
  'officer-chen': (c) => c.unitId === 'unit-housing',
  'petitioner-liu': (c) => c.petitioner === 'petitioner-liu', // their own petitions
  'petitioner-zhou': (c) => c.petitioner === 'petitioner-zhou',
};

/** Where each user's allowed actions are tried: a case in their scope. */
const LABOUR_LIU = { unitId: 'unit-labour', petitioner: 'petitioner-liu' };
const HOUSING_ZHOU = { unitId: 'unit-housing', petitioner: 'petitioner-zhou' };
const HOME: Record<string, Required<CaseOptions>> = {
  'intake-wang': LABOUR_LIU, 'officer-li': LABOUR_LIU, 'supervisor-sun': LABOUR_LIU, 'petitioner-liu': LABOUR_LIU,
  'supervisor-zhao': HOUSING_ZHOU, 'officer-chen': HOUSING_ZHOU, 'petitioner-zhou': HOUSING_ZHOU,
};

const allowedFor = (e: Endpoint) => USERS.filter((u) => e.roles?.includes(u.role));
const caseKey = (action: string, user: string) => `${action}|${user}`;
/** The buttons a user should get: the case's allowed actions whose endpoint admits their role. */
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

async function staffView(id: string): Promise<CaseView> {
  const res = await stack.as('admin').get(`/api/v1/petitions/${id}`);
  expect(res.status).toBe(200);
  return res.body.petition as CaseView;
}

/** A petitioner's answer is the public view: the same status, and nothing internal. */
function expectPetitionerView(view: Record<string, unknown>, staff: CaseView): void {
  expect(view).toMatchObject({ id: staff.id, queryCode: staff.queryCode, status: staff.status });
  for (const internal of ['escalations', 'supervision', 'criticisms', 'officerId', 'leaderOwnerId', 'matterKey', 'timeline', 'petitioner']) {
    expect(view).not.toHaveProperty(internal);
  }
}

/** What must not move when a request is refused. Read as admin, who sees every case. */
async function snapshot(id: string) {
  const res = await stack.as('admin').get(`/api/v1/petitions/${id}`);
  expect(res.status).toBe(200);
  return { status: res.body.petition.status as string, seq: res.body.petition.seq as number };
}

beforeAll(async () => {
  stack = await startApiStack();
  seeder = await ownWorker(stack);
  // One case per (action, allowed user), in the user's scope and in the state where the action applies.
  const jobs = ACTION_ENDPOINTS.flatMap((e) => allowedFor(e).map((u) => ({ action: e.operationId as PersonAction, user: u.id })));
  await inBatches(jobs, 6, async ({ action, user }) => {
    const stage = STAGE_FOR[action];
    const c = stage === 'return_visit_required'
      ? await seedReturnVisitCase(stack, seeder.taskQueue, HOME[user])
      : await driveTo(stack, stage, HOME[user]);
    cases.set(caseKey(action, user), c);
  });
}, 120_000);

afterAll(async () => {
  const columns = ['anonymous', ...USERS.map((u) => u.id)];
  const width = Math.max(...columns.map((c) => c.length)) + 1;
  const lines = [...matrix].map(([row, cells]) => row.padEnd(22) + columns.map((c) => (cells.get(c) ?? '').padEnd(width)).join(''));
  console.log([
    'Authorisation matrix: 403 by role; "s403" the allowed role on a case outside its scope;',
    'getPetition, getPetitionTimeline: labour / housing / labour-arbitration case; lists: how many of those 3 it shows; submitPetition: online / letter',
    ''.padEnd(22) + columns.map((c) => c.padEnd(width)).join(''),
    ...lines,
  ].join('\n'));
  await seeder?.stop();
  await stack?.close();
});

test('every action has an endpoint, and its roles are the declared ACTION_ROLES', () => {
  expect(ACTION_ENDPOINTS.map((e) => e.operationId).sort()).toEqual(Object.keys(OUTCOME).sort());
  for (const e of ACTION_ENDPOINTS) {
    expect(e).toMatchObject({ method: 'post', auth: 'bearer', idempotent: true });
    expect(e.roles).toEqual(ACTION_ROLES[e.operationId as PersonAction]);
  }
});

describe.each(ACTION_ENDPOINTS.map((e) => [e.operationId as PersonAction, e] as const))('%s', (action, e) => {
  const allowed = allowedFor(e);
  const denied = USERS.filter((u) => !allowed.includes(u));
  const actionCases = () => allowed.map((u) => cases.get(caseKey(action, u.id))!);
  // Each allowed user against a case of this action prepared for someone whose scope they do not share.
  const outside = allowed.flatMap((u) => {
    const other = allowed.find((v) => !SEES[u.id]!(HOME[v.id]!));
    return other ? [[u.id, other.id, `${HOME[other.id]!.unitId}, ${HOME[other.id]!.petitioner}`] as const] : [];
  });

  test.each(denied)('$id ($role): 403 by role on every prepared case, which stays unchanged', async (u: User) => {
    await Promise.all(actionCases().map(async (c) => {
      const before = await snapshot(c.id);
      const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c));
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', details: { role: u.role, allowedRoles: e.roles } });
      expect(await snapshot(c.id)).toEqual(before);
    }));
    mark(action, u.id, '403');
  });

  if (outside.length) {
    test.each(outside)('%s on the case of %s (%s), outside their scope: 403, unchanged', async (user, owner) => {
      const c = cases.get(caseKey(action, owner))!;
      const before = await snapshot(c.id);
      const res = await stack.as(user).post(actionPath(c.id, action), actionBody(action, c));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(await snapshot(c.id)).toEqual(before);
      mark(action, user, 's403');
    });
  }

  const expected = SIGNAL_ACTIONS.includes(action) ? 202 : 200;
  test.each(allowed)(`$id ($role) on a case in scope (${STAGE_FOR[action]}): ${expected}, ${OUTCOME[action].status}`, async (u: User) => {
    const c = cases.get(caseKey(action, u.id))!;
    const before = await snapshot(c.id);
    const res = await stack.as(u.id).post(actionPath(c.id, action), actionBody(action, c));
    expect({ status: res.status, body: res.status === expected ? 'ok' : res.body }).toEqual({ status: expected, body: 'ok' });
    // A petitioner is answered with the public view of their case; the staff view shows the rest.
    const after: CaseView = u.role === 'petitioner' ? await staffView(c.id) : res.body.petition;
    if (u.role === 'petitioner') expectPetitionerView(res.body.petition, after);
    expect(after.status).toBe(OUTCOME[action].status);
    expect(after.timeline.filter((t) => t.seq > before.seq).map((t) => t.type)).toContain(OUTCOME[action].event);
    expect(res.body.yourActions).toEqual(after.allowedActions.filter((a) => mayCall(a, u)));
    // The detail (the workflow's own state) already shows it.
    expect(await snapshot(c.id)).toEqual({ status: after.status, seq: after.seq });
    mark(action, u.id, String(expected));
  });
});

describe('read endpoints: the role gate of each declaration; scope as 403 on one case, as filtering on lists', () => {
  const ARBITRATION_LIU = { unitId: 'unit-labour-arbitration', petitioner: 'petitioner-liu' };
  const owners = [LABOUR_LIU, HOUSING_ZHOU, ARBITRATION_LIU];
  const tag = `read-${Date.now().toString(36)}`;
  let read: CaseView[];
  const declared = (operationId: string) => ENDPOINTS.find((x) => x.operationId === operationId)!;
  const mayCallRead = (operationId: string, u: User) => declared(operationId).roles?.includes(u.role) ?? true;
  /** 200 or 403 for each of the three cases, as SEES says. */
  const expectedFor = (u: User) => owners.map((o) => (SEES[u.id]!(o) ? 200 : 403));
  /** Of the three cases, the ids a list shown to this user must hold. */
  const visibleIds = (u: User) => read.filter((_, i) => SEES[u.id]!(owners[i]!)).map((c) => c.id).sort();
  const ours = (items: { id: string }[]) => items.map((i) => i.id).filter((id) => read.some((c) => c.id === id)).sort();

  beforeAll(async () => {
    read = await Promise.all(owners.map(async (o, i) => {
      const res = await stack.as(o.petitioner).post('/api/v1/petitions', submissionBody({ unitId: o.unitId, title: `${tag} case ${i}` }));
      expect(res.status).toBe(201);
      return res.body.petition as CaseView;
    }));
    // Escalated, so the supervision board shows them too (a signal: the projection follows within a second).
    for (const c of read) expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'escalate'), { reason: 'Watch', level: 1 })).status).toBe(202);
    await eventually(async () => ((await stack.db.petition.count({ where: { title: { startsWith: tag }, escalationLevel: 1 } })) === 3 ? true : undefined), 'escalations projected');
  });

  test('every GET endpoint is in this matrix', () => {
    expect(ENDPOINTS.filter((x) => x.method === 'get').map((x) => x.operationId).sort())
      .toEqual(['getPetition', 'getPetitionTimeline', 'getStatistics', 'getSupervisionBoard', 'listAccessLog', 'listPetitions', 'trackPetition']);
  });

  test.each(USERS)('listAccessLog × $id ($role): the admin reads the log of petitioner searches, nobody else', async (u: User) => {
    const res = await stack.as(u.id).get('/api/v1/admin/access-log?limit=5');
    const expected = mayCallRead('listAccessLog', u) ? 200 : 403;
    expect(res.status).toBe(expected);
    expect(expected === 200).toBe(u.role === 'admin'); // written out: only an admin
    mark('listAccessLog', u.id, String(expected));
  });

  test.each(USERS)('getPetition × $id ($role): 200 in scope, 403 outside (labour, housing, arbitration)', async (u: User) => {
    const results = await Promise.all(read.map((c) => stack.as(u.id).get(`/api/v1/petitions/${c.id}`)));
    expect(results.map((r) => r.status)).toEqual(expectedFor(u));
    for (const r of results.filter((x) => x.status === 200)) {
      const staff = u.role === 'petitioner' ? await staffView(r.body.petition.id) : r.body.petition;
      if (u.role === 'petitioner') expectPetitionerView(r.body.petition, staff);
      expect(r.body.yourActions).toEqual(staff.allowedActions.filter((a: string) => mayCall(a, u)));
    }
    mark('getPetition', u.id, expectedFor(u).join('/'));
  });

  test.each(USERS)('getPetitionTimeline × $id ($role): 200 in scope, 403 outside', async (u: User) => {
    const results = await Promise.all(read.map((c) => stack.as(u.id).get(`/api/v1/petitions/${c.id}/timeline`)));
    const expected = mayCallRead('getPetitionTimeline', u) ? expectedFor(u) : [403, 403, 403];
    expect(results.map((r) => r.status)).toEqual(expected);
    mark('getPetitionTimeline', u.id, expected.join('/'));
  });

  test.each(USERS)('listPetitions × $id ($role): exactly the cases in scope', async (u: User) => {
    const res = await stack.as(u.id).get(`/api/v1/petitions?q=${tag}&limit=100`);
    if (!mayCallRead('listPetitions', u)) {
      expect(res.status).toBe(403);
      return mark('listPetitions', u.id, '403');
    }
    expect(res.status).toBe(200);
    expect(ours(res.body.items)).toEqual(visibleIds(u));
    mark('listPetitions', u.id, `${visibleIds(u).length} of 3`);
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
    mark('getSupervisionBoard', u.id, `${visibleIds(u).length} of 3`);
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
    const expected = owners.filter((o) => SEES[u.id]!(o)).map((o) => o.unitId).sort();
    expect(units.filter((x) => !SEES[u.id]!({ unitId: x, petitioner: '' }))).toEqual([]);
    expect(units).toEqual(expect.arrayContaining(expected));
    mark('getStatistics', u.id, units.length === 4 ? 'all units' : units.map((x) => x.replace('unit-labour-arbitration', 'arb').replace('unit-', '')).join(','));
  });

  test.each([{ id: 'anonymous', role: 'anonymous' }, ...USERS])('trackPetition × $id: the query code is the key, 200 for each', async (u) => {
    const client = u.id === 'anonymous' ? stack.http : stack.as(u.id);
    const results = await Promise.all(read.map((c) => client.get(`/api/v1/tracking/${c.queryCode}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    mark('trackPetition', u.id, '200');
  });

  test('without a token: 401 on every bearer endpoint', async () => {
    const c = read[0]!;
    for (const path of [`/api/v1/petitions/${c.id}`, `/api/v1/petitions/${c.id}/timeline`, '/api/v1/petitions', '/api/v1/board', '/api/v1/statistics']) {
      expect([path, (await stack.http.get(path)).status]).toEqual([path, 401]);
    }
  });
});

describe('registering a petition: petitioners online, intake officers on every channel, nobody else', () => {
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
  };
  test.each(Object.entries(REGISTERS))('%s: %j', async (who, expected) => {
    const client = who === 'anonymous' ? stack.http : stack.as(who);
    const [online, letter] = await Promise.all(['online', 'letter'].map((channel) => client.post('/api/v1/petitions', submissionBody({ channel }))));
    expect({ online: online!.status, letter: letter!.status }).toEqual(expected);
    for (const r of [online!, letter!].filter((x) => x.status === 403)) expect(r.body.error.code).toBe('forbidden');
    mark('submitPetition', who, `${online!.status}/${letter!.status}`);
  });
});
