// Printable documents on the real stack: the case's own petitioner and staff in scope print its notices
// and opinions as an A4 HTML page or a PDF whose text (read back from the file) says what the case says.
import { createApp } from '../../src/api/app';
import { chineseDate } from '../../src/api/services/documents/model';
import { act, driveTo, listen, OPINION } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { pdfText } from '../support/pdfText';
import { signInAs } from '../support/session';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack({ organisationName: '示范市信访局' }); });
afterAll(async () => stack?.close());

const TOKENS: Record<string, string> = {
  'petitioner-liu': 'demo-petitioner-token', 'petitioner-zhou': 'demo-petitioner2-token', 'officer-li': 'demo-officer-labour-token',
  'officer-chen': 'demo-officer-housing-token', 'supervisor-zhao': 'demo-supervisor-token', admin: 'demo-admin-token',
};
async function fetchDocument(baseUrl: string, who: string, path: string, accept?: string) {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKENS[who]}`, ...(accept ? { accept } : {}) } });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('the reply (处理意见书) as an HTML page for A4 and as a PDF that reads back the same; the acceptance notice too', async () => {
  let c = await driveTo(stack, 'in_handling', { unitId: 'unit-labour', petitioner: 'petitioner-liu' });
  c = await act(stack, 'officer-li', c, 'reply', { ...OPINION, facts: '经查，用人单位拖欠三月工资 <共计 8,000 元>。' });
  const today = chineseDate(c.reply!.issuedAt, 'Asia/Shanghai');

  const html = await fetchDocument(stack.baseUrl, 'petitioner-liu', `/api/v1/petitions/${c.id}/documents/reply`);
  expect(html.status).toBe(200);
  expect(html.type).toBe('text/html; charset=utf-8');
  expect(html.headers.get('cache-control')).toBe('private, no-store');
  const page = html.bytes.toString('utf8');
  for (const text of ['<h1>处理意见书</h1>', '示范市信访局', `查询码：${c.queryCode}`, '刘女士：', '&lt;共计 8,000 元&gt;', OPINION.legalBasis, today, '@page { size: A4;', '复查']) {
    expect([text, page.includes(text)]).toEqual([text, true]);
  }

  for (const [how, path, accept] of [['format=pdf', `/api/v1/petitions/${c.id}/documents/reply?format=pdf`, undefined], ['Accept', `/api/v1/petitions/${c.id}/documents/reply`, 'application/pdf']] as const) {
    const pdf = await fetchDocument(stack.baseUrl, 'officer-li', path, accept);
    expect([how, pdf.status, pdf.type]).toEqual([how, 200, 'application/pdf']);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="reply-${c.queryCode}.pdf"; filename*=UTF-8''${encodeURIComponent(`处理意见书-${c.queryCode}.pdf`)}`);
    const text = pdfText(pdf.bytes).replace(/\n/g, '');
    for (const expected of ['示范市信访局', '处理意见书', c.queryCode, '刘女士：', '经查，用人单位拖欠三月工资 <共计 8,000 元>。', OPINION.legalBasis, today]) {
      expect([how, expected, text.includes(expected)]).toEqual([how, expected, true]);
    }
  }

  const acceptance = await fetchDocument(stack.baseUrl, 'supervisor-zhao', `/api/v1/petitions/${c.id}/documents/acceptance?format=pdf`);
  expect(pdfText(acceptance.bytes).replace(/\n/g, '')).toContain('受理告知书');
});

test('the non-acceptance notice; a document the case has not issued is 404; scope as for the case', async () => {
  const c = await driveTo(stack, 'registered', { unitId: 'unit-housing', petitioner: 'petitioner-zhou' });
  await act(stack, 'officer-chen', c, 'notAccept', { reason: '属于劳动仲裁受理范围', redirectTo: '市劳动人事争议仲裁委员会' });
  const notice = await fetchDocument(stack.baseUrl, 'petitioner-zhou', `/api/v1/petitions/${c.id}/documents/non_acceptance`);
  expect(notice.status).toBe(200);
  expect(notice.bytes.toString('utf8')).toContain('市劳动人事争议仲裁委员会');

  for (const kind of ['acceptance', 'reply', 'review_opinion', 're_review_opinion']) {
    const res = await fetchDocument(stack.baseUrl, 'officer-chen', `/api/v1/petitions/${c.id}/documents/${kind}`);
    expect([kind, res.status, JSON.parse(res.bytes.toString()).error.code]).toEqual([kind, 404, 'not_found']);
  }
  expect((await fetchDocument(stack.baseUrl, 'admin', `/api/v1/petitions/${c.id}/documents/non_acceptance`)).status).toBe(200);
  expect((await fetchDocument(stack.baseUrl, 'officer-li', `/api/v1/petitions/${c.id}/documents/non_acceptance`)).status).toBe(403);
  expect((await fetchDocument(stack.baseUrl, 'petitioner-liu', `/api/v1/petitions/${c.id}/documents/non_acceptance`)).status).toBe(403);
  expect((await fetchDocument(stack.baseUrl, 'admin', `/api/v1/petitions/${c.id}/documents/closing`)).status).toBe(400);
  expect((await fetchDocument(stack.baseUrl, 'admin', `/api/v1/petitions/${c.id}/documents/non_acceptance?format=docx`)).status).toBe(400);
  // The console opens it with the session cookie (a GET: no CSRF token).
  const s = await signInAs(stack.baseUrl, 'petitioner-zhou');
  expect((await s.get(`/api/v1/petitions/${c.id}/documents/non_acceptance`)).status).toBe(200);
});

test('without a CJK font a PDF is 503 with the reason; the HTML page still works', async () => {
  const c = await driveTo(stack, 'accepted', { unitId: 'unit-labour', petitioner: 'petitioner-liu' });
  const app = await listen(createApp({ ...stack.deps, pdfFontFile: '/nonexistent/font.ttf' }));
  try {
    const pdf = await fetchDocument(app.baseUrl, 'petitioner-liu', `/api/v1/petitions/${c.id}/documents/acceptance?format=pdf`);
    expect(pdf.status).toBe(503);
    expect(JSON.parse(pdf.bytes.toString()).error).toMatchObject({ code: 'pdf_unavailable', message: expect.stringContaining('fonts-noto-cjk') });
    expect((await fetchDocument(app.baseUrl, 'petitioner-liu', `/api/v1/petitions/${c.id}/documents/acceptance`)).status).toBe(200);
  } finally {
    await app.close();
  }
});
