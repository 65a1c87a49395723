// CSV exports on the real stack: the list (every page, the same filters, sort and scope as the JSON
// answer), the supervision board and the statistics, as a spreadsheet reads them: UTF-8 with a BOM,
// quoted cells, Chinese labels, and cells that would run as formulas made inert.
import { listPetitions } from '../../src/api/queries/listPetitions';
import { readSqlFor } from '../../src/db/readConnection';
import { petitionsCsv } from '../../src/api/services/exports';
import type { CaseView } from '../../src/domain';
import { actionPath, expectOk, inBatches, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { signInAs } from '../support/session';

let stack: ApiStack;
const TAG = `export-${Date.now().toString(36)}`;
const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,2)'];
let cases: CaseView[];

/** RFC 4180 with every cell quoted, as the API writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '')) {
    const cells: string[] = [];
    for (const m of line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)) cells.push(m[1]!.replace(/""/g, '"'));
    rows.push(cells);
  }
  return rows;
}

async function csv(user: string, path: string, headers: Record<string, string> = {}) {
  const tokens: Record<string, string> = { 'officer-li': 'demo-officer-labour-token', 'officer-chen': 'demo-officer-housing-token', 'petitioner-liu': 'demo-petitioner-token', 'supervisor-zhao': 'demo-supervisor-token', admin: 'demo-admin-token' };
  const res = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens[user]}`, ...headers } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8'); // the BOM kept, as a spreadsheet sees the file
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text, rows: res.status === 200 ? parseCsv(text) : [] };
}

beforeAll(async () => {
  stack = await startApiStack();
  const titles = [...Array.from({ length: 21 }, (_, i) => `${TAG} 第${i + 1}件`), ...HOSTILE.map((h) => `${h} ${TAG}`)];
  cases = await inBatches(titles, 6, async (title) => expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ title, unitId: 'unit-labour' })), 'submit').body.petition as CaseView);
});
afterAll(async () => stack?.close());

test('the list as CSV: every matching case (not one page), in the list\'s order, UTF-8 with BOM, Chinese labels, formulas made inert', async () => {
  const all = expectOk(await stack.as('officer-li').get(`/api/v1/petitions?q=${TAG}&limit=100&sort=receivedAt&order=asc`), 'json').body.items as { queryCode: string }[];
  expect(all).toHaveLength(cases.length);
  const res = await csv('officer-li', `/api/v1/petitions?q=${TAG}&limit=5&sort=receivedAt&order=asc&format=csv`);
  expect(res.status).toBe(200);
  expect(res.type).toBe('text/csv; charset=utf-8');
  expect(res.text.startsWith('\uFEFF"查询码 queryCode"')).toBe(true);
  expect(res.disposition).toMatch(/^attachment; filename="petitions-\d{4}-\d{2}-\d{2}\.csv"$/);
  const [head, ...rows] = res.rows;
  expect(head).toEqual(expect.arrayContaining(['查询码 queryCode', '标题 title', '状态 status', '承办人 officerId', '收到时间 receivedAt (Asia/Shanghai)']));
  expect(rows.map((r) => r[0])).toEqual(all.map((p) => p.queryCode));
  const row = (title: string) => rows.find((r) => r[1]!.endsWith(title) || r[1] === title)!;
  expect(row(`${TAG} 第1件`)).toEqual(expect.arrayContaining(['申诉求决类', '网上', '已登记', '市人力资源和社会保障局 Labour Bureau', '刘女士']));
  expect(row(`${TAG} 第1件`)[head!.indexOf('收到时间 receivedAt (Asia/Shanghai)')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  for (const h of HOSTILE) expect(rows.find((r) => r[1]!.includes(TAG) && r[1]!.includes(h.slice(1, 8)))![1]).toBe(`'${h} ${TAG}`);

  // Accept: text/csv asks for the same; the JSON answer is unchanged without it.
  expect((await csv('officer-li', `/api/v1/petitions?q=${TAG}`, { accept: 'text/csv' })).rows).toHaveLength(cases.length + 1);
  expect((await csv('officer-li', `/api/v1/petitions?q=${TAG}`)).type).toMatch(/^application\/json/);
  expect((await csv('officer-li', `/api/v1/petitions?q=${TAG}&format=xlsx`)).status).toBe(400);
});

test('the same scope as the list: a petitioner gets their own cases without the handling columns; another unit\'s officer none', async () => {
  const mine = await csv('petitioner-liu', `/api/v1/petitions?q=${TAG}&format=csv`);
  expect(mine.rows).toHaveLength(cases.length + 1);
  expect(mine.rows[0]).not.toEqual(expect.arrayContaining(['承办人 officerId', '升级级别 escalationLevel']));
  const chen = await csv('officer-chen', `/api/v1/petitions?q=${TAG}&format=csv`);
  expect(chen.rows).toHaveLength(1); // the header: none of these cases is in housing
  expect(chen.rows[0]).toContain('承办人 officerId');
  // The console downloads it with the session cookie (a GET: no CSRF token needed).
  const s = await signInAs(stack.baseUrl, 'officer-li');
  const viaCookie = await s.get(`/api/v1/petitions?q=${TAG}&format=csv`);
  expect([viaCookie.status, viaCookie.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
});

test('the export follows every page: the same rows whatever the page size it is read in', async () => {
  const p = { userId: 'officer-li', role: 'case_officer' as const, unitId: 'unit-labour', unitIds: ['unit-labour'] };
  const read = async (limit: number) => {
    let text = '';
    for await (const chunk of petitionsCsv({ timeZone: 'Asia/Shanghai', unitName: (id) => id ?? '', staff: true },
      async (cursor) => listPetitions(readSqlFor(stack.db), p, { filters: { q: TAG }, sort: 'receivedAt', order: 'desc', limit, cursor }))) text += chunk;
    return parseCsv(text);
  };
  const inFours = await read(4);
  expect(inFours).toHaveLength(cases.length + 1);
  expect(new Set(inFours.slice(1).map((r) => r[0])).size).toBe(cases.length);
  expect(await read(100)).toEqual(inFours);
});

test('the supervision board and the statistics as CSV', async () => {
  for (const c of cases.slice(0, 3)) expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'escalate'), { reason: 'Watch', level: 1 })).status).toBe(202);
  await eventually(async () => ((await stack.db.petition.count({ where: { title: { contains: TAG }, escalationLevel: 1 } })) === 3 ? true : undefined), 'escalations projected');
  const board = expectOk(await stack.as('supervisor-zhao').get('/api/v1/board?limit=100'), 'board').body;
  const boardCsv = await csv('supervisor-zhao', '/api/v1/board?format=csv');
  expect(boardCsv.rows[0]!.slice(0, 3)).toEqual(['上板原因 reasons', '逾期天数 overdueDays', '查询码 queryCode']);
  expect(boardCsv.rows.slice(1).map((r) => r[2])).toEqual(board.items.map((i: { queryCode: string }) => i.queryCode));
  expect(boardCsv.rows.find((r) => r[2] === cases[0]!.queryCode)![0]).toBe('升级');

  // Days in the organisation's time zone: from yesterday to tomorrow (UTC dates) holds today wherever it is.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const period = `from=${day(-1)}&to=${day(1)}`;
  const stats = expectOk(await stack.as('supervisor-zhao').get(`/api/v1/statistics?${period}`), 'statistics').body;
  const statsCsv = await csv('supervisor-zhao', `/api/v1/statistics?${period}&format=csv`);
  expect(statsCsv.disposition).toMatch(/filename="statistics-/);
  const labour = statsCsv.rows.find((r) => r[1] === 'unit-labour')!;
  const labourJson = stats.byUnit.find((u: { unitId: string }) => u.unitId === 'unit-labour');
  expect(labour.slice(0, 5)).toEqual([labourJson.unitName, 'unit-labour', String(labourJson.received), String(labourJson.replied), String(labourJson.repliedOnTime)]);
  expect(statsCsv.rows.find((r) => r[0] === '合计 total')![2]).toBe(String(stats.received.total));
  expect((await csv('officer-li', `/api/v1/statistics?${period}&format=csv`)).status).toBe(403);
});
