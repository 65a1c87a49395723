// The read side's additions over the real stack (API, dev server, worker, SQLite): staff search by
// petitioner and its access log (only admins read it, newest first, a page at a time); Chinese text search
// of one, two and more characters; the board keeping a closed case whose supervision notice is unanswered;
// the provisional-deadline flag; statistics' criticisms; every answer as the OpenAPI document says.
import crypto from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { CaseView } from '../../src/domain';
import { expectOk, inBatches, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack, type DemoUser } from '../support/apiStack';
import { eventually } from '../support/http';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.close();
});

const tag = () => crypto.randomUUID().slice(0, 8);

async function submit(user: DemoUser, body: Record<string, unknown>): Promise<CaseView> {
  return expectOk(await stack.as(user).post('/api/v1/petitions', submissionBody(body)), 'submit').body.petition as CaseView;
}
const post = async (user: string, c: CaseView, action: string, body: Record<string, unknown> = {}): Promise<CaseView> =>
  expectOk(await stack.as(user).post(`/api/v1/petitions/${c.id}/actions/${action}`, body), `${user} ${action}`).body.petition;
const list = async (user: string, query: string) => expectOk(await stack.as(user).get(`/api/v1/petitions?${query}`), `list ${query}`).body;
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

describe('staff search by petitioner, and the access log', () => {
  const idNumber = `11010119850315${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}X`;
  const contact = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let mine: CaseView[];

  beforeAll(async () => {
    mine = await inBatches([0, 1], 2, (i) => submit('intake-wang', {
      channel: 'letter', title: `Search ${tag()}`, unitId: i ? 'unit-housing' : 'unit-labour',
      petitioner: { name: '欧阳 明月', contact, idNumber },
    }));
  });

  test('by name, contact or ID number (spaces, full-width digits and the case of X folded), within the caller\'s scope', async () => {
    const both = mine.map((c) => c.id).sort();
    for (const petitioner of ['欧阳明月', contact, idNumber.toLowerCase(), ` ${idNumber.slice(0, 6)} ${idNumber.slice(6).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} `]) {
      expect([petitioner, ids(await list('intake-wang', `petitioner=${encodeURIComponent(petitioner)}`)).sort()]).toEqual([petitioner, both]);
    }
    expect(ids(await list('officer-li', `petitioner=${contact}`))).toEqual([mine[0]!.id]);
    expect(ids(await list('officer-chen', `petitioner=${contact}&unitId=unit-housing`))).toEqual([mine[1]!.id]);
    expect(ids(await list('intake-wang', 'petitioner=nobody-by-this-name'))).toEqual([]);
  });

  test('petitioners may not search for people: 403, and nothing is logged; anonymous callers are 401', async () => {
    const before = (await stack.db.accessLog.count());
    const res = await stack.as('petitioner-liu').get(`/api/v1/petitions?petitioner=${contact}`);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect((await stack.http.get(`/api/v1/petitions?petitioner=${contact}`)).status).toBe(401);
    expect(await stack.db.accessLog.count()).toBe(before);
  });

  test('a search by petitioner exported as CSV is in the access log too, with every case the file holds', async () => {
    const res = await stack.as('intake-wang').get(`/api/v1/petitions?petitioner=${contact}&format=csv`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const text = String(res.body);
    for (const c of mine) expect(text).toContain(c.queryCode);
    const [entry] = expectOk(await stack.as('admin').get('/api/v1/admin/access-log?userId=intake-wang&limit=1'), 'access log').body.items;
    expect(entry).toMatchObject({ action: 'petitioner_search', query: expect.objectContaining({ petitioner: contact, format: 'csv' }), resultCount: 2 });
    expect([...entry.petitionIds].sort()).toEqual(mine.map((c) => c.id).sort());
  });

  test('each search is in the access log, which only an admin reads, newest first, a page at a time', async () => {
    const marker = `${contact}`;
    await list('supervisor-sun', `petitioner=${marker}&status=registered`);
    const page = expectOk(await stack.as('admin').get('/api/v1/admin/access-log?limit=1'), 'access log').body;
    expect(page.items).toEqual([{
      id: expect.any(Number), at: expect.any(String), userId: 'supervisor-sun', role: 'supervisor', unitId: 'unit-labour',
      action: 'petitioner_search', query: expect.objectContaining({ petitioner: marker, status: ['registered'] }), resultCount: 1, petitionIds: [mine[0]!.id],
    }]);
    expect(Date.now() - Date.parse(page.items[0].at)).toBeLessThan(60_000);
    const next = expectOk(await stack.as('admin').get(`/api/v1/admin/access-log?limit=2&cursor=${page.nextCursor}`), 'older').body;
    expect(next.items.every((i: { id: number }) => i.id < page.items[0].id)).toBe(true);
    expect(next.items[0]).toMatchObject({ action: 'petitioner_search' });
    const byUser = expectOk(await stack.as('admin').get('/api/v1/admin/access-log?userId=officer-chen'), 'by user').body;
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((i: { userId: string }) => i.userId === 'officer-chen')).toBe(true);

    for (const user of ['intake-wang', 'supervisor-zhao', 'officer-li', 'petitioner-liu'] as const) {
      expect([user, (await stack.as(user).get('/api/v1/admin/access-log')).status]).toEqual([user, 403]);
    }
    expect((await stack.http.get('/api/v1/admin/access-log')).status).toBe(401);
    const bad = await stack.as('admin').get('/api/v1/admin/access-log?cursor=abc');
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'cursor']);
  });
});

test('text search finds Chinese words of one, two and more characters in the title or the content', async () => {
  const t = tag();
  const [wages, heating] = await inBatches([
    () => submit('petitioner-liu', { title: `公司拖欠工资 ${t}`, content: '三个月没有发工资。' }),
    () => submit('petitioner-liu', { title: `暖气不热 ${t}`, content: `小区供暖温度不达标 ${t}` }),
  ], 2, (f) => f());
  const found = async (q: string) => ids(await list('admin', `q=${encodeURIComponent(q)}&limit=100&receivedFrom=${encodeURIComponent(wages!.receivedAt)}`));
  expect(await found(`工资 ${t}`)).toEqual([wages!.id]);
  expect(await found('工资')).toContain(wages!.id);
  expect(await found('工资')).not.toContain(heating!.id);
  expect(await found('暖')).toContain(heating!.id);
  expect(await found('供暖')).toEqual(expect.arrayContaining([heating!.id]));
  expect(await found('拖欠工资')).toEqual(expect.arrayContaining([wages!.id]));
  expect(await found(t)).toEqual(expect.arrayContaining([wages!.id, heating!.id]));
});

test('the board keeps a case closed with an unanswered supervision notice; list rows say when a deadline is provisional', async () => {
  const t = tag();
  const [supervised, handled] = await inBatches([
    () => submit('petitioner-liu', { title: `Board closed ${t}`, unitId: 'unit-housing' }),
    () => submit('petitioner-zhou', { title: `Provisional ${t}`, unitId: 'unit-housing' }),
  ], 2, (f) => f());
  await post('supervisor-zhao', supervised!, 'supervise', { instruction: 'Report within a week' });
  // Under supervision, the withdrawal waits for a supervisor (statutory rules), who agrees: closed, the notice still unanswered.
  await post('petitioner-liu', supervised!, 'withdraw', { reason: 'Settled' });
  const closed = await post('supervisor-zhao', supervised!, 'decideWithdrawal', { approve: true });
  expect(closed.status).toBe('closed');
  const board = await eventually(async () => {
    const b = expectOk(await stack.as('supervisor-zhao').get('/api/v1/board?unitId=unit-housing&limit=100'), 'board').body;
    return b.items.some((i: { id: string }) => i.id === supervised!.id) ? b : undefined;
  }, 'the closed case on the board');
  expect(board.items.find((i: { id: string }) => i.id === supervised!.id)).toMatchObject({ status: 'closed', reasons: ['supervision'], openSupervision: 1 });
  expect(board.counts.openSupervision).toBeGreaterThanOrEqual(1);

  // Acceptance is due within 15 days (a year the calendar covers); handling runs 60 days, into a year it may not.
  const accepted = await post('intake-wang', handled!, 'accept', { unitId: 'unit-housing', officerId: 'officer-chen' });
  const handling = accepted.clocks.find((k) => k.kind === 'handling' && k.running)!;
  const rows = (await list('admin', `q=${t}&limit=10`)).items as { id: string; provisionalDeadline: boolean; nextDeadline: string }[];
  const row = rows.find((r) => r.id === handled!.id)!;
  expect(row.nextDeadline).toBe(handling.dueAt);
  expect(row.provisionalDeadline).toBe(handling.calendarCovered === false);
  // Closed, with its supervision notice's reply clock still running (statutory rules: answered even after closing).
  const reply = closed.clocks.find((k) => k.kind === 'supervisionReply' && k.running)!;
  expect(closed.clocks.filter((k) => k.running)).toEqual([reply]);
  expect(rows.find((r) => r.id === supervised!.id)).toMatchObject({ nextDeadline: reply.dueAt, provisionalDeadline: reply.calendarCovered === false });
});

test('statistics count criticisms, and every new answer is what the OpenAPI document says', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const stats = expectOk(await stack.as('admin').get(`/api/v1/statistics?from=${today}&to=${today}`), 'stats').body;
  expect(stats.escalations).toEqual({ total: expect.any(Number), criticised: expect.any(Number) });
  expect(stats.byUnit.every((u: { criticised: number }) => typeof u.criticised === 'number')).toBe(true);

  const doc = expectOk(await stack.http.get('/api/openapi.json'), 'openapi').body;
  expect(doc.paths['/api/v1/admin/access-log'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['userId', 'from', 'to', 'limit', 'cursor']));
  expect(doc.paths['/api/v1/petitions'].get.parameters.map((p: { name: string }) => p.name)).toContain('petitioner');
  expect(doc.components.schemas.PetitionSummary.required).toContain('provisionalDeadline');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  for (const [path, user, url] of [
    ['/api/v1/admin/access-log', 'admin', '/api/v1/admin/access-log?limit=5'],
    ['/api/v1/petitions', 'intake-wang', '/api/v1/petitions?petitioner=13900000000&limit=5'],
    ['/api/v1/board', 'supervisor-zhao', '/api/v1/board?limit=100'],
    ['/api/v1/statistics', 'admin', `/api/v1/statistics?from=${today}&to=${today}`],
  ] as const) {
    const schema = doc.paths[path].get.responses['200'].content['application/json'].schema;
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')));
    const res = expectOk(await stack.as(user).get(url), url);
    expect([url, validate(res.body), validate.errors ?? null]).toEqual([url, true, null]);
  }
});
