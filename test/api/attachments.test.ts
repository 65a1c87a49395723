// Attachments on the real stack: uploads checked by their bytes and size, attached by a submission or an
// action (never carried into the workflow), listed and downloaded only within scope, named (only) on the
// public tracking page, and uploads never attached purged with their files.
import fs from 'node:fs';
import path from 'node:path';
import { workflowIdFor } from '../../src/temporal/ids';
import { directoryStore } from '../../src/api/services/attachmentStore';
import { purgeUnlinked, UNLINKED_TTL_MS } from '../../src/api/services/attachments';
import { actionPath, driveTo, expectOk, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { signInAs } from '../support/session';

const MAX_BYTES = 64 * 1024;
let stack: ApiStack;
let dir: string;
beforeAll(async () => {
  stack = await startApiStack({ attachments: { maxBytes: MAX_BYTES } });
  dir = stack.deps.attachments!.dir!;
});
afterAll(async () => stack?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);
const TIFF = Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.alloc(32, 3)]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml....', 'latin1')]);
const TEXT = Buffer.from('来信人：刘女士\n事由：拖欠工资\n', 'utf8');

/** An upload as the browser sends it: the bytes, their type, the name percent-encoded. */
async function upload(as: string | null, bytes: Buffer, type: string, name: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'content-type': type, 'x-file-name': encodeURIComponent(name), ...extra };
  if (as) headers.authorization = `Bearer ${({ 'petitioner-liu': 'demo-petitioner-token', 'petitioner-zhou': 'demo-petitioner2-token', 'officer-li': 'demo-officer-labour-token', 'officer-chen': 'demo-officer-housing-token', 'supervisor-sun': 'demo-supervisor-labour-token', 'intake-wang': 'demo-intake-token', admin: 'demo-admin-token' } as Record<string, string>)[as]}`;
  const res = await fetch(`${stack.baseUrl}/api/v1/attachments`, { method: 'POST', headers, body: bytes });
  return { status: res.status, body: await res.json() as any };
}

async function download(as: string, id: string) {
  const token = ({ 'petitioner-liu': 'demo-petitioner-token', 'petitioner-zhou': 'demo-petitioner2-token', 'officer-li': 'demo-officer-labour-token', 'officer-chen': 'demo-officer-housing-token', 'supervisor-sun': 'demo-supervisor-labour-token', admin: 'demo-admin-token' } as Record<string, string>)[as];
  const res = await fetch(`${stack.baseUrl}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('uploads', () => {
  test('each allowed type is recognised by its bytes; the answer is an id, not attached yet', async () => {
    for (const [bytes, type, name] of [[PDF, 'application/pdf', '来信扫描件.pdf'], [PNG, 'image/png', 'photo.png'], [JPEG, 'image/jpeg', '现场照片.jpg'],
      [TIFF, 'image/tiff', 'scan.tif'], [DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '情况说明.docx'], [TEXT, 'text/plain; charset=utf-8', '笔录.txt']] as const) {
      const res = await upload('petitioner-liu', bytes, type, name);
      expect({ name, status: res.status }).toEqual({ name, status: 201 });
      expect(res.body).toMatchObject({ fileName: name, mediaType: type.split(';')[0], size: bytes.length, petitionId: null, linkedVia: null, uploadedBy: 'petitioner-liu' });
    }
  });

  test('refused: a type the bytes contradict, a type not allowed, over the size limit, empty, without a name; nothing stored', async () => {
    const before = await stack.db.attachment.count();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const cases: [Buffer, string, string, number, string][] = [
      [PDF, 'image/png', 'x.png', 415, 'its content is application/pdf'],
      [html, 'application/pdf', 'x.pdf', 415, 'its content is text/plain'],
      [Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'application/pdf', 'setup.exe', 415, 'not a PDF'],
      [Buffer.from('GIF89a'), 'image/gif', 'x.gif', 415, 'one of: application/pdf'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x.docx', 415, 'not a PDF'],
      [Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX_BYTES)]), 'application/pdf', 'big.pdf', 413, 'too large'],
      [Buffer.alloc(0), 'application/pdf', 'empty.pdf', 400, 'empty'],
    ];
    for (const [bytes, type, name, status, message] of cases) {
      const res = await upload('officer-li', bytes, type, name);
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.body.error.message).toContain(message);
    }
    const noName = await fetch(`${stack.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: 'Bearer demo-officer-labour-token' }, body: PDF });
    expect(noName.status).toBe(400);
    expect((await upload('admin', PDF, 'application/pdf', 'x.pdf')).status).toBe(403); // an admin acts on no case
    expect(await stack.db.attachment.count()).toBe(before);
  });

  test('with the session cookie an upload needs the CSRF token', async () => {
    const s = await signInAs(stack.baseUrl, 'officer-li');
    const send = (csrf?: string) => fetch(`${stack.baseUrl}/api/v1/attachments`, {
      method: 'POST', body: PDF,
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf', cookie: `petition_session=${s.cookie()}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    });
    expect((await send()).status).toBe(403);
    expect((await send(s.csrfToken)).status).toBe(201);
  });
});

describe('attached to a case', () => {
  test('by the submission: listed and downloadable by the petitioner and staff in scope, 404 for anyone else; named on tracking; never in the workflow', async () => {
    const scan = await upload('petitioner-liu', PDF, 'application/pdf', '工资条 "三月".pdf');
    const photo = await upload('petitioner-liu', JPEG, 'image/jpeg', 'site.jpg');
    const submitted = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ attachmentIds: [scan.body.id, photo.body.id] })), 'submit');
    const c = submitted.body.petition;

    const mine = expectOk(await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}/attachments`), 'petitioner list').body.attachments;
    expect(mine.map((a: { fileName: string }) => a.fileName)).toEqual(['工资条 "三月".pdf', 'site.jpg']);
    expect(mine[0]).toMatchObject({ petitionId: c.id, linkedVia: 'submission' });
    expect(mine[0]).not.toHaveProperty('uploadedBy');
    expect((await stack.as('officer-li').get(`/api/v1/petitions/${c.id}/attachments`)).body.attachments[0]).toMatchObject({ uploadedBy: 'petitioner-liu' });
    expect((await stack.as('officer-chen').get(`/api/v1/petitions/${c.id}/attachments`)).status).toBe(403);
    expect((await stack.as('petitioner-zhou').get(`/api/v1/petitions/${c.id}/attachments`)).status).toBe(403);

    for (const who of ['petitioner-liu', 'officer-li', 'supervisor-sun', 'admin']) {
      const d = await download(who, scan.body.id);
      expect({ who, status: d.status }).toEqual({ who, status: 200 });
      expect(d.bytes.equals(PDF)).toBe(true);
      expect(d.headers.get('content-type')).toBe('application/pdf');
      expect(d.headers.get('x-content-type-options')).toBe('nosniff');
      // An ASCII fallback (quotes and non-ASCII replaced) and the UTF-8 name (RFC 6266 / 8187).
      expect(d.headers.get('content-disposition')).toBe(`attachment; filename="___ ____.pdf"; filename*=UTF-8''${encodeURIComponent('工资条 "三月".pdf')}`);
    }
    for (const who of ['officer-chen', 'petitioner-zhou']) expect((await download(who, scan.body.id)).status).toBe(404);

    const tracked = expectOk(await stack.http.get(`/api/v1/tracking/${c.queryCode}`), 'tracking').body;
    expect(tracked.attachments).toEqual({ count: 2, names: ['工资条 "三月".pdf', 'site.jpg'] });
    expect(JSON.stringify(tracked)).not.toContain(scan.body.id);

    // Temporal never saw the files: no id, no name, in the workflow's history.
    const history = JSON.stringify(await stack.env.client.workflow.getHandle(workflowIdFor(c.id)).fetchHistory());
    expect(history).not.toContain(scan.body.id);
    expect(history).not.toContain('site.jpg');
  });

  test('refused before anything is done: another caller\'s upload, an unknown id, one already attached', async () => {
    const zhouFile = await upload('petitioner-zhou', PNG, 'image/png', 'zhou.png');
    const petitions = await stack.db.petition.count();
    for (const attachmentIds of [[zhouFile.body.id], ['no-such-file'], [(await stack.db.attachment.findFirstOrThrow({ where: { linkedVia: 'submission' } })).id]]) {
      const res = await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ attachmentIds }));
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('attachmentIds');
    }
    expect(await stack.db.petition.count()).toBe(petitions);
    expect((await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ attachmentIds: Array(21).fill(zhouFile.body.id) }))).status).toBe(400);
  });

  test('anonymous online petitioners attach files too; their uploads are theirs only by id', async () => {
    const scan = await upload(null, TEXT, 'text/plain', 'letter.txt');
    expect(scan.status).toBe(201);
    expect((await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ attachmentIds: [scan.body.id] }))).status).toBe(400);
    const c = expectOk(await stack.http.post('/api/v1/petitions', submissionBody({ attachmentIds: [scan.body.id], petitioner: { name: '匿名', contact: 'anon-attach' } })), 'anonymous submit').body.petition;
    expect((await stack.as('officer-li').get(`/api/v1/petitions/${c.id}/attachments`)).body.attachments).toMatchObject([{ fileName: 'letter.txt', uploadedBy: 'anonymous' }]);
  });

  test('by an action: the reply\'s files are the petitioner\'s to see; a supervision notice\'s are internal; a refused action attaches nothing', async () => {
    const c = await driveTo(stack, 'in_handling', { unitId: 'unit-labour', petitioner: 'petitioner-liu' });
    const instruction = await upload('supervisor-sun', PDF, 'application/pdf', '督办函.pdf');
    expect((await stack.as('supervisor-sun').post(actionPath(c.id, 'supervise'), { instruction: 'See the letter.', attachmentIds: [instruction.body.id] })).status).toBe(202);
    const signed = await upload('officer-li', PDF, 'application/pdf', '处理意见书（盖章）.pdf');
    // Refused (wrong state for the action): the file stays unattached and can be used again.
    expect((await stack.as('officer-li').post(actionPath(c.id, 'issueReviewOpinion'), { ...OPINION, attachmentIds: [signed.body.id] })).status).toBe(409);
    expect((await stack.db.attachment.findUniqueOrThrow({ where: { id: signed.body.id } })).petitionId).toBeNull();
    const replied = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION, attachmentIds: [signed.body.id] });
    expect(replied.status).toBe(200);
    expect(replied.body.petition.reply).not.toHaveProperty('attachmentIds');

    const staff = (await stack.as('officer-li').get(`/api/v1/petitions/${c.id}/attachments`)).body.attachments;
    expect(staff.map((a: { linkedVia: string }) => a.linkedVia)).toEqual(['supervise', 'reply']);
    const petitioner = (await stack.as('petitioner-liu').get(`/api/v1/petitions/${c.id}/attachments`)).body.attachments;
    expect(petitioner.map((a: { fileName: string }) => a.fileName)).toEqual(['处理意见书（盖章）.pdf']);
    expect((await download('petitioner-liu', instruction.body.id)).status).toBe(404);
    expect((await download('petitioner-liu', signed.body.id)).status).toBe(200);
    expect((await stack.http.get(`/api/v1/tracking/${c.queryCode}`)).body.attachments).toEqual({ count: 1, names: ['处理意见书（盖章）.pdf'] });
  });

  test('before it is attached, only its uploader may download it', async () => {
    const f = await upload('officer-li', PNG, 'image/png', 'draft.png');
    expect((await download('officer-li', f.body.id)).status).toBe(200);
    expect((await download('supervisor-sun', f.body.id)).status).toBe(404);
    expect((await download('admin', 'no-such-attachment')).status).toBe(404);
  });
});

test('uploads never attached are purged after a day, with their file unless an attached upload has the same content', async () => {
  const lonely = await upload('officer-chen', Buffer.concat([PNG, Buffer.from('lonely')]), 'image/png', 'lonely.png');
  const twin = await upload('officer-chen', PDF, 'application/pdf', 'same bytes as an attached one.pdf');
  const fileOf = (sha: string) => path.join(dir, sha.slice(0, 2), sha);
  const lonelySha = (await stack.db.attachment.findUniqueOrThrow({ where: { id: lonely.body.id } })).sha256;
  expect(fs.existsSync(fileOf(lonelySha))).toBe(true);
  // The files' times as if stored two days ago (purge leaves files stored again meanwhile alone).
  const old = new Date(Date.now() - 2 * UNLINKED_TTL_MS);
  fs.utimesSync(fileOf(lonelySha), old, old);
  const purged = await purgeUnlinked(stack.db, directoryStore(dir), Date.now() + UNLINKED_TTL_MS + 1000);
  expect(purged).toBeGreaterThanOrEqual(2);
  expect(await stack.db.attachment.findUnique({ where: { id: lonely.body.id } })).toBeNull();
  expect(await stack.db.attachment.findUnique({ where: { id: twin.body.id } })).toBeNull();
  expect(fs.existsSync(fileOf(lonelySha))).toBe(false);
  // The attached PDF with the same bytes still downloads.
  const attached = await stack.db.attachment.findFirstOrThrow({ where: { sha256: (await stack.db.attachment.findFirstOrThrow({ where: { fileName: '工资条 "三月".pdf' } })).sha256, petitionId: { not: null } } });
  expect((await download('admin', attached.id)).bytes.equals(PDF)).toBe(true);
});
