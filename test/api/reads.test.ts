// The read side over the real stack (API, dev server, worker, SQLite): lists with filters, keyset pages
// and sorting; the timeline; the supervision board; public tracking; statistics for a period; and
// scope everywhere. Cases are created and driven through the API by the demo users; two cases whose
// deadlines lie weeks in the past are built by the domain and started as continued workflows.
import crypto from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import { localDateOf } from '../../src/domain/calendar';
import { PUBLIC_STEP_TYPES } from '../../src/domain/publicView';
import type { CaseView } from '../../src/domain';
import { DAY, expectOk, HOUR, inBatches, OPINION, ownWorker, plus, SeededCase, seededRegistration, startSeeded, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack, type DemoUser } from '../support/apiStack';
import { eventually } from '../support/http';

const TZ = 'Asia/Shanghai';
const BOARD_UNIT = 'unit-board-test';
const STATS_UNIT = 'unit-stats-test';

let stack: ApiStack;
let seeder: Awaited<ReturnType<typeof ownWorker>>;
/** Case officers of the test units: their bearer tokens. */
const officerToken: Record<string, string> = {};

/** Every case this file creates: whose it is and where, to check scope against. */
const created = new Map<string, { unitId: string; petitioner?: DemoUser; registeredIn: string }>();
/** Each case's unit now, and the unit it was registered with (statistics count a receipt for that unit). */
const track = (c: CaseView, petitioner?: DemoUser) => {
  created.set(c.id, { unitId: c.unitId!, petitioner, registeredIn: created.get(c.id)?.registeredIn ?? c.unitId! });
  return c;
};

const token = () => crypto.randomUUID().slice(0, 8);

async function submit(user: DemoUser | undefined, body: Record<string, unknown>): Promise<CaseView> {
  const client = user ? stack.as(user) : stack.http;
  const submitted = expectOk(await client.post('/api/v1/petitions', submissionBody(body)), 'submit').body.petition as { id: string };
  // A petitioner is answered with the public view: the staff view is what the tests steer by.
  const c = expectOk(await stack.as('admin').get(`/api/v1/petitions/${submitted.id}`), 'staff detail').body.petition as CaseView;
  const petitioner = user === 'petitioner-liu' || user === 'petitioner-zhou' ? user : undefined;
  return track(c, petitioner);
}

async function post(user: string, c: CaseView, action: string, body: Record<string, unknown> = {}): Promise<CaseView> {
  return expectOk(await stack.as(user).post(`/api/v1/petitions/${c.id}/actions/${action}`, body), `${user} ${action}`).body.petition;
}

/** Accepted with a case officer of its unit: in handling. */
const toHandling = (c: CaseView, officerId: string) => post('intake-wang', c, 'accept', { unitId: c.unitId, officerId });

async function list(user: string, query: string): Promise<any> {
  return expectOk(await stack.as(user).get(`/api/v1/petitions?${query}`), `list ${query}`).body;
}

/** Every page of a list, following nextCursor. */
async function listAll(user: string, query: string, limit = 100): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await list(user, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);

beforeAll(async () => {
  stack = await startApiStack();
  seeder = await ownWorker(stack);
  for (const unit of [BOARD_UNIT, STATS_UNIT]) {
    await upsertUnit(stack.db, { id: unit, name: `Test unit ${unit}`, parentId: 'petition-office' });
    const officer = `officer-${unit}`;
    await upsertUser(stack.db, { id: officer, name: officer, role: 'case_officer', unitId: unit });
    officerToken[unit] = await issueToken(stack.db, officer);
  }
});

afterAll(async () => {
  await seeder?.stop();
  await stack?.close();
});

describe('filters', () => {
  const tok = token();
  let a: CaseView; let b: CaseView; let c: CaseView; let d: CaseView;
  const q = (extra = '') => `q=${tok}${extra}`;

  beforeAll(async () => {
    [a, b, c, d] = (await inBatches([
      () => submit('petitioner-liu', { title: `Filter ${tok} heating 100% broken` }),
      () => submit('intake-wang', { class: 'suggestion', channel: 'letter', title: `Filter ${tok} road_works`, content: 'A deep POTHOLE on Main Street.' }),
      () => submit('intake-wang', { class: 'report', channel: 'phone', title: `Filter ${tok} noise`, unitId: 'unit-housing' }),
      () => submit('petitioner-zhou', { class: 'suggestion', title: `Filter ${tok} 1000 roadXworks` }),
    ], 2, (f) => f())) as [CaseView, CaseView, CaseView, CaseView];
    a = await toHandling(a, 'officer-li');
    c = await post('supervisor-zhao', c, 'escalate', { reason: 'Repeated noise complaints', level: 1 });
    await eventually(async () => ((await list('admin', `${q()}&minEscalationLevel=1`)).items.length === 1 ? true : undefined), 'escalation projected');
  });

  test.each([
    ['status=in_handling', () => [a]],
    ['status=registered', () => [b, c, d]],
    ['status=registered,in_handling', () => [a, b, c, d]],
    ['class=suggestion,report', () => [b, c, d]],
    ['channel=letter', () => [b]],
    ['channel=online&class=suggestion', () => [d]],
    ['unitId=unit-housing', () => [c]],
    ['officerId=officer-li', () => [a]],
    ['overdue=false', () => [a, b, c, d]],
    ['overdue=true', () => []],
    ['escalationLevel=1', () => [c]],
    ['escalationLevel=0,2', () => [a, b, d]],
    ['minEscalationLevel=1', () => [c]],
  ])('%s', async (filter, expected) => {
    const got = await list('admin', `${q()}&${filter}&sort=receivedAt&order=asc`);
    expect(ids(got.items).sort()).toEqual(ids(expected()).sort());
  });

  test('text search is a substring search in which % and _ match themselves, over title and content', async () => {
    expect(ids((await list('admin', `q=${encodeURIComponent('100%')}`)).items)).toEqual([a.id]);
    expect(ids((await list('admin', 'q=road_works')).items)).toEqual([b.id]);
    expect(ids((await list('admin', 'q=pothole')).items)).toEqual([b.id]); // content, ASCII case-insensitive
  });

  test('date ranges: a date is the whole local day; date-times are exact; from after to is a 400', async () => {
    const today = localDateOf(Date.now(), TZ);
    const tomorrow = localDateOf(Date.now() + DAY, TZ);
    const yesterday = localDateOf(Date.now() - DAY, TZ);
    expect((await list('admin', `${q()}&receivedFrom=${today}&receivedTo=${today}`)).items).toHaveLength(4);
    expect((await list('admin', `${q()}&receivedFrom=${tomorrow}`)).items).toHaveLength(0);
    expect((await list('admin', `${q()}&receivedTo=${yesterday}`)).items).toHaveLength(0);
    const later = [a, b, c, d].filter((x) => x.receivedAt > b.receivedAt);
    const from = await list('admin', `${q()}&receivedFrom=${encodeURIComponent(b.receivedAt)}`);
    expect(ids(from.items).sort()).toEqual(ids([b, ...later]).sort());
    // Handling runs 60 days, acceptance 15: only the accepted case's next deadline is a month away.
    expect(ids((await list('admin', `${q()}&dueFrom=${localDateOf(Date.now() + 30 * DAY, TZ)}`)).items)).toEqual([a.id]);
    expect((await list('admin', `${q()}&closedFrom=${yesterday}`)).items).toHaveLength(0);

    const bad = await stack.as('admin').get(`/api/v1/petitions?receivedFrom=${today}&receivedTo=${yesterday}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'receivedTo' }] });
  });

  test('"me" is the caller; a petitioner may not filter or sort on the handling', async () => {
    expect(ids((await list('officer-li', `${q()}&officerId=me`)).items)).toEqual([a.id]);
    for (const filter of ['officerId=me', 'minEscalationLevel=1', 'escalationLevel=0', 'sort=escalationLevel']) {
      const res = await stack.as('petitioner-liu').get(`/api/v1/petitions?${filter}`);
      expect([filter, res.status, res.body.error.code]).toEqual([filter, 403, 'forbidden']);
    }
  });

  test('bad query strings are 400s naming the parameter', async () => {
    for (const [query, field] of [['status=opened', 'status'], ['limit=101', 'limit'], ['limit=0', 'limit'], ['sort=title', 'sort'],
      ['receivedFrom=yesterday', 'receivedFrom'], ['colour=red', '(body)'], ['overdue=yes', 'overdue']] as const) {
      const res = await stack.as('admin').get(`/api/v1/petitions?${query}`);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'validation_failed']);
      if (field !== '(body)') expect(res.body.error.details.map((x: { field: string }) => x.field)).toContain(field);
    }
  });
});

describe('pages and sorting', () => {
  const tok = token();
  const submitMany = (n: number, from: number) =>
    inBatches(Array.from({ length: n }, (_, i) => from + i), 2, (i) => submit('petitioner-zhou', { title: `Pager ${tok} #${i}`, unitId: 'unit-housing' }));

  test('walking the pages gives every case once, in order, while cases are added', async () => {
    await submitMany(7, 0);
    const before = ids(await listAll('admin', `q=${tok}&sort=receivedAt&order=asc`));
    expect(before).toHaveLength(7);

    // Ascending: cases added after the first page arrive at the end, nothing repeats or goes missing.
    const first = await list('admin', `q=${tok}&sort=receivedAt&order=asc&limit=3&includeTotal=true`);
    expect(first.total).toBe(7);
    await submitMany(2, 7);
    const walked = [...ids(first.items)];
    for (let cursor = first.nextCursor; cursor;) {
      const page = await list('admin', `q=${tok}&sort=receivedAt&order=asc&limit=3&cursor=${cursor}`);
      walked.push(...ids(page.items));
      cursor = page.nextCursor;
    }
    const after = ids(await listAll('admin', `q=${tok}&sort=receivedAt&order=asc`));
    expect(after).toHaveLength(9);
    expect(walked).toEqual(after);
    expect(after.slice(0, 7)).toEqual(before);

    // Descending: cases added meanwhile sort before the cursor, so the walk is exactly the cases it began with.
    const top = await list('admin', `q=${tok}&order=desc&limit=2`);
    await submitMany(2, 9);
    const seen = [...ids(top.items)];
    for (let cursor = top.nextCursor; cursor;) {
      const page = await list('admin', `q=${tok}&order=desc&limit=2&cursor=${cursor}`);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...after].reverse());
  });

  test('a cursor is only good for its own query: altered, or reused with other filters, it is a 400 on "cursor"', async () => {
    const page = await list('admin', `q=${tok}&limit=2`);
    const cursor: string = page.nextCursor;
    const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), a: ['not a date', 'x'] })).toString('base64url');
    for (const [what, query] of [
      ['altered', `q=${tok}&limit=2&cursor=${flipped}`],
      ['forged values', `q=${tok}&limit=2&cursor=${forged}`],
      ['garbage', `q=${tok}&cursor=%7B%7D`],
      ['other filters', `q=${tok}&status=closed&limit=2&cursor=${cursor}`],
      ['other sort', `q=${tok}&sort=updatedAt&limit=2&cursor=${cursor}`],
    ]) {
      const res = await stack.as('admin').get(`/api/v1/petitions?${query}`);
      expect([what, res.status, res.body.error?.details?.[0]?.field]).toEqual([what, 400, 'cursor']);
    }
  });

  test.each([
    ['receivedAt', 'asc'], ['receivedAt', 'desc'], ['nextDeadline', 'asc'], ['nextDeadline', 'desc'],
    ['escalationLevel', 'desc'], ['escalationLevel', 'asc'], ['updatedAt', 'desc'],
  ])('sort=%s&order=%s: ordered, ties by id, cases without a deadline last', async (field, order) => {
    const items = await listAll('admin', `sort=${field}&order=${order}`, 5);
    expect(new Set(ids(items)).size).toBe(items.length);
    const sign = order === 'asc' ? 1 : -1;
    for (let i = 1; i < items.length; i++) {
      const [x, y] = [items[i - 1][field], items[i][field]];
      if (x === null || y === null) {
        expect([field, x === null && y !== null]).toEqual([field, false]); // nulls only at the end
        continue;
      }
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      expect(cmp * sign).toBeLessThanOrEqual(0);
      if (cmp === 0) expect((items[i - 1].id < items[i].id ? -1 : 1) * sign).toBe(-1);
    }
  });
});

test('a list shows an action within a second: an update at once, a supervisor\'s signal as soon as it is projected', async () => {
  const tok = token();
  const c = await submit('petitioner-liu', { title: `Reflect ${tok}` });
  await post('intake-wang', c, 'accept');
  await eventually(async () => ((await list('supervisor-sun', `q=${tok}`)).items[0]?.status === 'accepted' ? true : undefined), 'accepted in the list', 1000);
  await post('supervisor-sun', c, 'escalate', { reason: 'Urgent wages', level: 1 });
  await eventually(async () => ((await list('supervisor-sun', `q=${tok}`)).items[0]?.escalationLevel === 1 ? true : undefined), 'escalation in the list', 1000);
});

describe('supervision board', () => {
  const cases: Record<string, CaseView> = {};
  const officer = () => stack.as(officerToken[BOARD_UNIT]!);

  beforeAll(async () => {
    const names = ['level2', 'level1', 'supervised', 'overdue2d', 'overdue5d', 'plain', 'closed'];
    const made = await inBatches(names, 2, (n) => submit('petitioner-liu', { title: `Board ${n}`, unitId: BOARD_UNIT }));
    names.forEach((n, i) => { cases[n] = made[i]!; });
    await post('supervisor-zhao', cases.level2!, 'escalate', { reason: 'Serious', level: 2 });
    await post('supervisor-zhao', cases.level1!, 'escalate', { reason: 'Slow', level: 1 });
    await post('supervisor-zhao', cases.closed!, 'escalate', { reason: 'Slow', level: 1 });
    // Escalated, so the withdrawal waits for a supervisor, who agrees: closed, off the board.
    await post('petitioner-liu', cases.closed!, 'withdraw', { reason: 'Settled' });
    await post('supervisor-zhao', cases.closed!, 'decideWithdrawal', { approve: true });
    cases.supervised = await toHandling(cases.supervised!, `officer-${BOARD_UNIT}`);
    await post('supervisor-zhao', cases.supervised, 'supervise', { instruction: 'Report progress this week' });
    // Real deadlines are weeks away on the dev server: for this ordering test only, two projection rows
    // are made overdue by hand (these cases are idle, so no projection write overwrites them here).
    const now = Date.now();
    await stack.db.petition.update({ where: { id: cases.overdue2d!.id }, data: { overdue: true, nextDeadline: new Date(now - 2 * DAY) } });
    await stack.db.petition.update({ where: { id: cases.overdue5d!.id }, data: { overdue: true, nextDeadline: new Date(now - 5 * DAY) } });
    await eventually(async () => {
      const b = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/board?unitId=${BOARD_UNIT}`), 'board').body;
      return b.counts.total === 5 ? b : undefined;
    }, 'signals projected');
  });

  test('most urgent first: longest overdue, then escalation level, then the rest; with reasons and counts', async () => {
    const board = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/board?unitId=${BOARD_UNIT}`), 'board').body;
    expect(board.items.map((i: { title: string }) => i.title)).toEqual(['Board overdue5d', 'Board overdue2d', 'Board level2', 'Board level1', 'Board supervised']);
    expect(board.items.map((i: { reasons: string[] }) => i.reasons)).toEqual([['overdue'], ['overdue'], ['escalated'], ['escalated'], ['supervision']]);
    expect(board.counts).toEqual({ total: 5, overdue: 2, escalated: 2, openSupervision: 1 });
    expect(board.items[0].overdueForMs).toBeGreaterThan(board.items[1].overdueForMs);
    expect(board.items[1].overdueForMs).toBeGreaterThanOrEqual(2 * DAY);
    expect(board.items[2]).toMatchObject({ escalationLevel: 2, overdueForMs: null, officerId: null });
    expect(board.items[4]).toMatchObject({ openSupervision: 1, officerId: `officer-${BOARD_UNIT}`, status: 'in_handling' });

    // Paged: the same order, page by page.
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/board?unitId=${BOARD_UNIT}&limit=2${cursor ? `&cursor=${cursor}` : ''}`), 'page').body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      titles.push(...page.items.map((i: { title: string }) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(titles).toEqual(board.items.map((i: { title: string }) => i.title));
  });

  test('each sees the board of their scope: the unit\'s own officer, not another unit\'s; petitioners not at all', async () => {
    const own = expectOk(await officer().get('/api/v1/board'), 'officer board').body;
    expect(own.items.every((i: { unitId: string }) => i.unitId === BOARD_UNIT)).toBe(true);
    expect(own.counts.total).toBe(5);
    for (const user of ['officer-chen', 'supervisor-sun', 'officer-li']) {
      const b = expectOk(await stack.as(user).get(`/api/v1/board?unitId=${BOARD_UNIT}`), user).body;
      expect([user, b.counts.total, b.items]).toEqual([user, 0, []]);
    }
    expect((await stack.as('petitioner-liu').get('/api/v1/board')).status).toBe(403);
  });
});

describe('tracking and timeline', () => {
  let c: CaseView;
  let code: string;

  beforeAll(async () => {
    c = await submit('petitioner-liu', { title: `Tracked ${token()}`, petitioner: { name: '刘女士', contact: '13911112222', idNumber: '110101199001019999' } });
    code = c.queryCode;
    c = await toHandling(c, 'officer-li');
    await post('supervisor-zhao', c, 'escalate', { reason: 'SECRET-ESCALATION-REASON', level: 1, leaderOwnerId: 'supervisor-sun' });
    c = await post('supervisor-zhao', c, 'supervise', { instruction: 'SECRET-SUPERVISION-INSTRUCTION' });
    c = await post('officer-li', c, 'answerSupervision', { noticeId: c.supervision[0]!.id, answer: 'SECRET-SUPERVISION-ANSWER' });
    c = await post('officer-li', c, 'requestExtension', { days: 10, reason: 'A second site visit is needed' });
    await post('supervisor-zhao', c, 'decideExtension', { approve: true });
    c = await post('officer-li', c, 'reply', { ...OPINION });
    c = await post('petitioner-liu', c, 'evaluate', { rating: 'dissatisfied', comment: 'SECRET-COMMENT' });
    c = await post('petitioner-liu', c, 'requestReview', { reason: 'Still unpaid' });
    // The review goes one level up: the petition office answers it.
    c = track(await post('officer-zhang', c, 'issueReviewOpinion', { ...OPINION, text: 'On review: pay within 5 days.' }), 'petitioner-liu');
  });

  test('anyone with the query code sees every step\'s date and the documents issued, and nothing internal', async () => {
    const res = await stack.http.get(`/api/v1/tracking/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const view = res.body;
    const timeline = c.timeline;
    expect(view.steps.map((s: { type: string }) => s.type)).toEqual(
      ['registered', 'accepted', 'extension_approved', 'replied', 'delivered', 'evaluated', 'review_requested', 'review_body_assigned', 'review_opinion_issued', 'delivered'],
    );
    for (const s of view.steps) expect(s.at).toBe(timeline.find((e) => e.seq === s.seq)!.at);
    expect(view.documents.map((d: { kind: string; issuedAt: string }) => [d.kind, d.issuedAt])).toEqual(
      timeline.filter((e) => e.document).map((e) => [e.document, e.at]),
    );
    expect(view.documents.map((d: { kind: string }) => d.kind)).toEqual(['registration', 'acceptance', 'extension', 'reply', 'review_opinion']);
    expect(view.documents.find((d: { kind: string }) => d.kind === 'reply')).toMatchObject({ decision: OPINION.decision, facts: OPINION.facts, legalBasis: OPINION.legalBasis, text: OPINION.text });
    expect(view.documents.find((d: { kind: string }) => d.kind === 'extension')).toMatchObject({ days: 10, reason: 'A second site visit is needed' });
    expect(view).toMatchObject({ queryCode: code, status: 'awaiting_evaluation', unit: { id: 'petition-office', name: expect.stringContaining('Petition Office') } });
    // From the review opinion's delivery: the rating window and the 30-day re-review window (W36).
    expect(view.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['evaluation', 'reReviewRequest']);

    const text = JSON.stringify(view);
    for (const secret of ['SECRET-', 'officer-li', 'officer-zhang', 'supervisor-zhao', 'supervisor-sun', 'intake-wang', 'petitioner-liu', c.matterKey,
      '13911112222', '110101199001019999', '刘女士', 'escalat', 'supervis', 'criticis', 'officerId', 'leaderOwnerId', 'actor', '"by"', 'matterKey', 'contact']) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
    // Signed in or not, and however the code is typed, the answer is the same.
    expect((await stack.as('officer-chen').get(`/api/v1/tracking/${code.toLowerCase()}`)).body).toEqual({ ...view });
  });

  test('an unknown query code is a plain 404 that reveals nothing', async () => {
    for (const unknown of ['ZZZZZZZZZZ', 'nope', '%27%20OR%201%3D1']) {
      const res = await stack.http.get(`/api/v1/tracking/${unknown}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'petition not found', details: null } });
    }
  });

  test('the timeline: staff see every event with its actor in order; the petitioner only the public steps', async () => {
    const staff = expectOk(await stack.as('officer-zhang').get(`/api/v1/petitions/${c.id}/timeline`), 'timeline').body;
    expect(staff.events.map((e: { seq: number }) => e.seq)).toEqual(c.timeline.map((e) => e.seq));
    expect(staff.events).toEqual(c.timeline.map((e) => ({ ...e })));
    expect(staff.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['escalated', 'supervision_issued', 'review_body_assigned']));

    const tail = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/petitions/${c.id}/timeline?afterSeq=${c.seq - 2}`), 'tail').body;
    expect(tail.events.map((e: { seq: number }) => e.seq)).toEqual([c.seq - 1, c.seq]);

    const own = expectOk(await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}/timeline`), 'petitioner timeline').body;
    expect(own.events.every((e: { type: string; actor?: string }) => (PUBLIC_STEP_TYPES as readonly string[]).includes(e.type) && e.actor === undefined)).toBe(true);
    expect(own.events.map((e: { type: string }) => e.type)).toContain('replied');
    expect(JSON.stringify(own)).not.toMatch(/SECRET-|officer-li|officer-zhang|supervisor-/);

    // The case went up to the petition office for the review: the labour officer who replied no longer reads it.
    expect((await stack.as('officer-li').get(`/api/v1/petitions/${c.id}/timeline`)).status).toBe(403);
    expect((await stack.as('officer-chen').get(`/api/v1/petitions/${c.id}/timeline`)).status).toBe(403);
    expect((await stack.as('petitioner-zhou').get(`/api/v1/petitions/${c.id}/timeline`)).status).toBe(403);
    expect((await stack.as('admin').get('/api/v1/petitions/no-such-case/timeline')).status).toBe(404);
  });
});

describe('statistics', () => {
  const officer = `officer-${STATS_UNIT}`;
  const stats = (user: string, query: string) => stack.as(user).get(`/api/v1/statistics?${query}`);

  /**
   * A case received 80 days ago, accepted an hour later; handled past its deadline (breach, then the
   * escalation a level higher), and replied late 4 days ago when `reply` is set. Built by the domain and
   * started as a continued workflow, which projects it like any other case.
   */
  async function seedOldCase(reply: boolean): Promise<void> {
    const now = new Date().toISOString();
    const receivedAt = plus(now, -80 * DAY);
    const p = new SeededCase(seededRegistration({ unitId: STATS_UNIT, petitionerUserId: 'petitioner-liu', receivedAt }));
    p.advance(HOUR).do({ type: 'accept', actor: { id: 'intake-wang', role: 'intake_officer', unitId: 'petition-office' }, unitId: STATS_UNIT, officerId: officer });
    if (reply) {
      p.tick(plus(receivedAt, 75 * DAY));
      p.advance(DAY).do({ type: 'reply', actor: { id: officer, role: 'case_officer', unitId: STATS_UNIT }, ...OPINION });
    }
    p.tick(now);
    await startSeeded(stack, seeder.taskQueue, p.case);
    created.set(p.case.id, { unitId: STATS_UNIT, petitioner: 'petitioner-liu', registeredIn: STATS_UNIT });
  }

  beforeAll(async () => {
    const handled = (c: CaseView) => toHandling(c, officer);
    const reply = (c: CaseView) => stack.as(officerToken[STATS_UNIT]!).post(`/api/v1/petitions/${c.id}/actions/reply`, OPINION).then((r) => expectOk(r, 'reply').body.petition as CaseView);
    const [a, b, c, d, g] = await inBatches([
      () => submit('petitioner-liu', { class: 'claim', unitId: STATS_UNIT }),
      () => submit('petitioner-zhou', { class: 'suggestion', unitId: STATS_UNIT }),
      () => submit('intake-wang', { class: 'report', channel: 'letter', unitId: STATS_UNIT }),
      () => submit('intake-wang', { class: 'claim', channel: 'phone', unitId: STATS_UNIT }),
      () => submit('petitioner-zhou', { class: 'claim', unitId: STATS_UNIT }),
    ], 2, (f) => f());
    await inBatches([
      async () => post('petitioner-liu', await reply(await handled(a!)), 'evaluate', { rating: 'satisfied' }),
      async () => post('petitioner-zhou', await reply(await handled(b!)), 'evaluate', { rating: 'dissatisfied' }),
      async () => post('supervisor-zhao', c!, 'escalate', { reason: 'Misconduct report', level: 1 }),
      async () => reply(await handled(d!)),
      async () => post('petitioner-zhou', await reply(await handled(g!)), 'evaluate', { rating: 'basically_satisfied' }),
    ], 2, (f) => f());
    await seedOldCase(true);
    await seedOldCase(false);
    // The escalation signal is projected within a moment.
    await eventually(async () => (await stack.db.petitionEvent.count({ where: { petitionId: c!.id, type: 'escalated' } })) === 1 || undefined, 'escalation projected');
  });

  const ZERO_CHANNELS = { online: 0, letter: 0, phone: 0, fax: 0, visit: 0 };

  test('the figures for a period, against counts by hand', async () => {
    const from = localDateOf(Date.now() - 100 * DAY, TZ);
    const to = localDateOf(Date.now(), TZ);
    const res = await stats('admin', `from=${from}&to=${to}&unitId=${STATS_UNIT}`);
    expect(res.status).toBe(200);
    const unitName = `Test unit ${STATS_UNIT}`;
    // Received: a, b, c, d, g now; e and f 80 days ago. Replied: a, b, d, g on time, e late.
    // Rated: a satisfied, g basically satisfied, b dissatisfied. Overdue now: f.
    // Deadlines missed: e's and f's handling clocks. Escalations: those two breaches, the two a level higher after the grace period, and c by hand.
    expect(res.body).toMatchObject({
      period: { timeZone: TZ },
      received: { total: 7, byClass: { claim: 5, suggestion: 1, report: 1 }, byChannel: { ...ZERO_CHANNELS, online: 5, letter: 1, phone: 1 } },
      onTime: { replied: 5, onTime: 4, late: 1, rate: 0.8 },
      satisfaction: { rated: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, rate: 2 / 3 },
      overdue: { openNow: 1, deadlinesMissed: 2 },
      escalations: { total: 5 },
      byUnit: [{ unitId: STATS_UNIT, unitName, received: 7, replied: 5, repliedOnTime: 4, onTimeRate: 0.8, overdueNow: 1, deadlinesMissed: 2, escalations: 5 }],
      mostComplainedUnits: [{ unitId: STATS_UNIT, unitName, received: 7 }],
    });
    expect(res.body.period.from).toBe(new Date(Date.parse(`${from}T00:00:00+08:00`)).toISOString());

    // A period 85 to 70 days ago holds only the receipt of the two old cases; "now" figures stay current.
    const early = await stats('supervisor-zhao', `from=${localDateOf(Date.now() - 85 * DAY, TZ)}&to=${localDateOf(Date.now() - 70 * DAY, TZ)}&unitId=${STATS_UNIT}`);
    expect(early.body).toMatchObject({
      received: { total: 2, byClass: { claim: 2, suggestion: 0, report: 0 }, byChannel: { ...ZERO_CHANNELS, online: 2 } },
      onTime: { replied: 0, onTime: 0, late: 0, rate: null },
      satisfaction: { rated: 0, rate: null },
      overdue: { openNow: 1, deadlinesMissed: 0 },
      escalations: { total: 0 },
      byUnit: [{ unitId: STATS_UNIT, received: 2, replied: 0, onTimeRate: null, overdueNow: 1, deadlinesMissed: 0, escalations: 0 }],
    });
  });

  test('only the caller\'s units count; officers and petitioners may not read statistics', async () => {
    const period = `from=${localDateOf(Date.now() - 100 * DAY, TZ)}&to=${localDateOf(Date.now(), TZ)}`;
    const sun = (await stats('supervisor-sun', period)).body;
    expect(sun.byUnit.map((u: { unitId: string }) => u.unitId).every((u: string) => ['unit-labour', 'unit-labour-arbitration'].includes(u))).toBe(true);
    // A receipt counts for the unit the case was registered with, wherever the case went since (read-side counters).
    const labourCases = [...created.values()].filter((x) => x.registeredIn === 'unit-labour').length;
    expect(sun.received.total).toBe(labourCases);
    expect((await stats('supervisor-sun', `${period}&unitId=${STATS_UNIT}`)).body).toMatchObject({ received: { total: 0 }, byUnit: [] });
    for (const user of ['officer-chen', 'officer-li', 'intake-wang', 'petitioner-liu']) expect([user, (await stats(user, period)).status]).toEqual([user, 403]);
  });

  test('the period is required, ordered and at most 366 days', async () => {
    for (const [query, field] of [
      ['to=2026-01-31', 'from'], ['from=2026-02-01&to=2026-01-31', 'to'], ['from=2025-01-01&to=2026-01-02', 'to'], ['from=2026-01-01&to=soon', 'to'],
    ]) {
      const res = await stats('admin', query!);
      expect([query, res.status, res.body.error.details[0].field]).toEqual([query, 400, field]);
    }
    expect((await stats('admin', 'from=2028-01-01&to=2028-12-31')).status).toBe(200); // a leap year: 366 days
  });
});

test('scope: every list shows exactly the cases its caller may see (run last, over every case this file made)', async () => {
  const SEES: Record<string, (c: { unitId: string; petitioner?: DemoUser }) => boolean> = {
    admin: () => true,
    'intake-wang': () => true,
    'supervisor-zhao': () => true,
    'supervisor-sun': (c) => c.unitId === 'unit-labour' || c.unitId === 'unit-labour-arbitration',
    'officer-li': (c) => c.unitId === 'unit-labour',
    'officer-chen': (c) => c.unitId === 'unit-housing',
    'officer-zhang': (c) => c.unitId === 'petition-office',
    'petitioner-liu': (c) => c.petitioner === 'petitioner-liu',
    'petitioner-zhou': (c) => c.petitioner === 'petitioner-zhou',
  };
  expect(created.size).toBeGreaterThan(25);
  for (const [user, sees] of Object.entries(SEES)) {
    const expected = [...created].filter(([, c]) => sees(c)).map(([id]) => id).sort();
    const got = await listAll(user, 'sort=updatedAt');
    expect([user, ids(got).sort()]).toEqual([user, expected]);
    if (user.startsWith('petitioner')) {
      for (const field of ['officerId', 'leaderOwnerId', 'escalationLevel', 'openSupervision', 'likelyRepeatOf']) expect(got.some((i) => field in i)).toBe(false);
    }
  }
  const chenBoard = expectOk(await stack.as('officer-chen').get('/api/v1/board?limit=100'), 'board').body;
  expect(chenBoard.items.every((i: { unitId: string }) => i.unitId === 'unit-housing')).toBe(true);
  expect((await stack.as('officer-chen').get('/api/v1/statistics?from=2026-01-01&to=2026-01-02')).status).toBe(403);
  expect((await stack.http.get('/api/v1/petitions')).status).toBe(401);
});

test('the OpenAPI document describes every read parameter, and the answers are what it documents', async () => {
  const doc = expectOk(await stack.http.get('/api/openapi.json'), 'openapi').body;
  const listOp = doc.paths['/api/v1/petitions'].get;
  const params = listOp.parameters.map((p: { name: string }) => p.name);
  expect(params).toEqual(expect.arrayContaining(['status', 'class', 'channel', 'unitId', 'officerId', 'overdue', 'escalationLevel',
    'receivedFrom', 'receivedTo', 'q', 'sort', 'order', 'limit', 'cursor']));
  for (const p of listOp.parameters) expect([p.name, typeof p.description]).toEqual([p.name, 'string']);
  expect(doc.paths['/api/v1/tracking/{queryCode}'].get.security).toEqual([]);
  expect(doc.components.schemas.PublicCase.description).toContain('nothing internal');

  // Each answer validated against the schema documented for it (components resolved inside the document).
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const documented = (path: string) => {
    const schema = doc.paths[path].get.responses['200'].content['application/json'].schema;
    return ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')));
  };
  const [anyCase] = (await list('petitioner-liu', 'status=awaiting_evaluation&limit=1')).items;
  const period = `from=${localDateOf(Date.now() - 100 * DAY, TZ)}&to=${localDateOf(Date.now(), TZ)}`;
  for (const [path, user, url] of [
    ['/api/v1/petitions', 'admin', '/api/v1/petitions?limit=100&includeTotal=true'],
    ['/api/v1/petitions', 'petitioner-liu', '/api/v1/petitions?limit=100'],
    ['/api/v1/board', 'supervisor-zhao', '/api/v1/board?limit=100'],
    ['/api/v1/petitions/{id}/timeline', 'admin', `/api/v1/petitions/${anyCase.id}/timeline`],
    ['/api/v1/petitions/{id}/timeline', 'petitioner-liu', `/api/v1/petitions/${anyCase.id}/timeline`],
    ['/api/v1/tracking/{queryCode}', 'petitioner-liu', `/api/v1/tracking/${anyCase.queryCode}`],
    ['/api/v1/statistics', 'admin', `/api/v1/statistics?${period}`],
  ] as const) {
    const res = expectOk(await stack.as(user).get(url), url);
    const validate = documented(path);
    expect([url, user, validate(res.body), validate.errors ?? null]).toEqual([url, user, true, null]);
  }
});
