// Issue 11, point 2: a repeat keeps its content (重复信访). The same petitioner's repeat of an open matter
// is recorded on that case with its title, text, channel and date for the officer (never in the public
// view), and the submitter gets a receipt whose id and query code lead to the case. Anyone not confirmed
// as that petitioner (another or no account, an intake registration without an identity check) gets a
// case of their own, flagged for the officer, who links it (linkAsRepeat) or keeps it.
import type { CaseView } from '../../src/domain';
import { actionPath, expectOk, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.close(); });

const staff = async (id: string): Promise<CaseView> => expectOk(await stack.as('admin').get(`/api/v1/petitions/${id}`), 'detail').body.petition;
const repeatEvents = (c: CaseView) => c.timeline.filter((e) => e.type === 'repeat_linked');

test('the same account\'s repeat is recorded on the open case with its text; the receipt\'s id and query code lead to that case; the text is never public', async () => {
  const body = submissionBody({ petitioner: { name: '刘女士', contact: '13922223333' } });
  const first = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', body), 'first').body.petition;
  const again = { ...body, content: 'SECRET-REPEAT-TEXT: the contractor now refuses to answer the phone.' };
  const res = await stack.as('petitioner-liu').post('/api/v1/petitions', again);
  expect(res.status).toBe(200);
  expect(res.headers.get('location')).toBe(`/api/v1/petitions/${first.id}`);
  expect(res.body).toMatchObject({ linkedTo: first.id, petition: { id: first.id, queryCode: first.queryCode }, submission: { id: expect.any(String), queryCode: expect.stringMatching(/^[A-Z2-9]{10}$/), channel: 'online' } });
  // Her own case, in the public view: the repeat's text is for the officer only.
  expect(res.body.petition).not.toHaveProperty('timeline');
  expect(JSON.stringify(res.body.petition)).not.toContain('SECRET-REPEAT-TEXT');
  const receipt = res.body.submission as { id: string; queryCode: string; receivedAt: string };
  expect(receipt.queryCode).not.toBe(first.queryCode);

  const c = await staff(first.id);
  expect(c.linkedSubmissions).toEqual([{ submissionId: receipt.id, receivedAt: receipt.receivedAt, channel: 'online' }]);
  expect(repeatEvents(c)).toEqual([expect.objectContaining({
    actor: 'petitioner-liu', document: 'repeat_linked',
    data: { submissionId: receipt.id, receivedAt: receipt.receivedAt, channel: 'online', title: body.title, content: again.content, queryCode: receipt.queryCode, basis: 'same_account' },
  })]);
  expect(await stack.db.petition.count({ where: { title: body.title } })).toBe(1);

  // The receipt's query code tracks the case: the public view, with the repeat as a step but without its text.
  const tracked = await stack.http.get(`/api/v1/tracking/${receipt.queryCode.toLowerCase()}`);
  expect(tracked.status).toBe(200);
  expect(tracked.body).toEqual((await stack.http.get(`/api/v1/tracking/${first.queryCode}`)).body);
  expect(tracked.body.steps.map((s: { type: string }) => s.type)).toContain('repeat_linked');
  expect(JSON.stringify(tracked.body)).not.toContain('SECRET-REPEAT-TEXT');
  // The receipt's id reads the case, within the caller's scope; her timeline shows the step, not the text.
  const read = await stack.as('petitioner-liu').get(`/api/v1/petitions/${receipt.id}`);
  expect([read.status, read.body.petition.id]).toEqual([200, first.id]);
  const timeline = await stack.as('petitioner-liu').get(`/api/v1/petitions/${receipt.id}/timeline`);
  expect([timeline.status, timeline.body.petitionId]).toEqual([200, first.id]);
  expect(JSON.stringify(timeline.body)).not.toContain('SECRET-REPEAT-TEXT');
  const officerTimeline = await stack.as('officer-li').get(`/api/v1/petitions/${first.id}/timeline`);
  expect(JSON.stringify(officerTimeline.body)).toContain('SECRET-REPEAT-TEXT');
  expect((await stack.as('petitioner-zhou').get(`/api/v1/petitions/${receipt.id}`)).status).toBe(403);
  expect((await stack.as('officer-chen').get(`/api/v1/petitions/${receipt.id}`)).status).toBe(403);
});

test('two online submissions without a token, the same contact and title: two cases, the second flagged, never linked (no account proves who sent them)', async () => {
  const body = submissionBody();
  const first = expectOk(await stack.http.post('/api/v1/petitions', body), 'first').body.petition;
  const second = await stack.http.post('/api/v1/petitions', { ...body, content: 'Again, from somewhere.' });
  expect(second.status).toBe(201);
  expect(second.body.petition.id).not.toBe(first.id);
  const staffFirst = await staff(first.id);
  expect(staffFirst.petitionerUserId).toBeUndefined();
  expect(repeatEvents(staffFirst)).toEqual([]);
  expect((await staff(second.body.petition.id)).likelyRepeatOf).toEqual({ id: first.id, queryCode: first.queryCode });
});

test('a retried repeat (same Idempotency-Key) is recorded once and answers with the same receipt', async () => {
  const body = submissionBody();
  const first = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', body), 'first').body.petition;
  const key = { 'Idempotency-Key': `repeat-${first.id}` };
  const a = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
  await stack.db.idempotencyRecord.deleteMany({}); // as after the API lost its record
  const b = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(a.body.submission).toMatchObject({ id: expect.any(String), queryCode: expect.any(String) });
  expect(b.body.submission).toEqual(a.body.submission);
  expect(repeatEvents(await staff(first.id))).toHaveLength(1);
});

test('an intake officer links a repeat at once only after checking the petitioner\'s identity; only an intake officer says so', async () => {
  const letter = { ...submissionBody({ channel: 'letter' }), petitioner: { name: '王先生', contact: '13944445555', idNumber: '110101198001010011' } };
  const first = expectOk(await stack.as('intake-wang').post('/api/v1/petitions', letter), 'first letter').body.petition as CaseView;
  const visit = { ...letter, channel: 'visit', content: 'Came in person with the pay slips.' };
  const checked = await stack.as('intake-wang').post('/api/v1/petitions', { ...visit, identityChecked: true });
  expect(checked.status).toBe(200);
  expect(checked.body).toMatchObject({ linkedTo: first.id, petition: { id: first.id, matterKey: first.matterKey }, submission: { channel: 'visit' } });
  expect(repeatEvents(checked.body.petition).at(-1)).toMatchObject({ actor: 'intake-wang', data: { channel: 'visit', content: visit.content, basis: 'identity_checked' } });

  const unchecked = await stack.as('intake-wang').post('/api/v1/petitions', visit);
  expect(unchecked.status).toBe(201);
  expect(unchecked.body.petition).toMatchObject({ status: 'registered', likelyRepeatOf: { id: first.id, queryCode: first.queryCode } });

  for (const who of [undefined, 'petitioner-liu']) {
    const client = who ? stack.as(who) : stack.http;
    const refused = await client.post('/api/v1/petitions', { ...submissionBody(), identityChecked: true });
    expect({ status: refused.status, details: refused.body.error?.details }).toEqual({ status: 400, details: [{ field: 'identityChecked', message: expect.any(String) }] });
  }
});

test('someone not confirmed as the petitioner gets a case of their own, flagged for the officer; linkAsRepeat records it on the open case and closes it as not accepted, without naming that case', async () => {
  const body = submissionBody({ petitioner: { name: '刘女士', contact: '13966667777', idNumber: '110101199002020022' } });
  const original = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', body), 'original').body.petition;
  const copy = { ...body, content: 'The same wages, from another account.', petitioner: { name: '刘', contact: '000', idNumber: '110101199002020022' } };
  const stranger = await stack.as('petitioner-zhou').post('/api/v1/petitions', copy);
  expect(stranger.status).toBe(201);
  const id = stranger.body.petition.id as string;
  // Their own answer, the public view, says nothing of the other case.
  for (const secret of [original.id, original.queryCode, 'likelyRepeatOf', '13966667777']) expect(JSON.stringify(stranger.body)).not.toContain(secret);
  // The officers see the flag on the case and on its list row, and may filter on it; the buttons offer the link.
  const flagged = await staff(id);
  expect(flagged.likelyRepeatOf).toEqual({ id: original.id, queryCode: original.queryCode });
  expect(flagged.timeline[0]).toMatchObject({ type: 'registered', data: { likelyRepeatOf: { id: original.id } } });
  const list = expectOk(await stack.as('officer-li').get(`/api/v1/petitions?likelyRepeat=true&q=${encodeURIComponent(body.title)}`), 'list').body;
  expect(list.items).toEqual([expect.objectContaining({ id, likelyRepeatOf: original.id })]);
  expect((await stack.as('petitioner-zhou').get('/api/v1/petitions?likelyRepeat=true')).status).toBe(403);
  expect((await stack.as('officer-li').get(`/api/v1/petitions/${id}`)).body.yourActions).toEqual(['accept', 'notAccept', 'route', 'linkAsRepeat']);

  const linked = await stack.as('officer-li').post(actionPath(id, 'linkAsRepeat'), {});
  expect(linked.status).toBe(200);
  expect(linked.body.petition).toMatchObject({ id, status: 'closed', closingReason: 'not_accepted' });
  expect(linked.body.yourActions).toEqual([]);
  const open = await staff(original.id);
  expect(open.status).toBe('registered');
  expect(repeatEvents(open)).toEqual([expect.objectContaining({
    actor: 'officer-li', data: expect.objectContaining({ submissionId: id, channel: 'online', title: body.title, content: copy.content, queryCode: flagged.queryCode, basis: 'officer' }),
  })]);
  // The submitter's tracking shows the non-acceptance and why, not the other case.
  const tracked = (await stack.http.get(`/api/v1/tracking/${flagged.queryCode}`)).body;
  expect(tracked.documents.find((d: { kind: string }) => d.kind === 'non_acceptance').reason).toMatch(/重复信访/);
  for (const secret of [original.id, original.queryCode]) expect(JSON.stringify(tracked)).not.toContain(secret);

  // Linked once: again is 409, and so is a link once accepted, or to a closed case; a case not flagged needs repeatOf.
  const again = await stack.as('officer-li').post(actionPath(id, 'linkAsRepeat'), {});
  expect([again.status, again.body.error.code]).toEqual([409, 'action_not_allowed']);
  expect(repeatEvents(await staff(original.id))).toHaveLength(1);
  const accepted = expectOk(await stack.http.post('/api/v1/petitions', copy), 'another copy').body.petition;
  expectOk(await stack.as('intake-wang').post(actionPath(accepted.id, 'accept'), {}), 'accept');
  const late = await stack.as('intake-wang').post(actionPath(accepted.id, 'linkAsRepeat'), {});
  expect({ status: late.status, message: late.body.error?.message }).toEqual({ status: 409, message: expect.stringMatching(/registered or routed/) });
  const plain = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody()), 'unflagged').body.petition;
  const unnamed = await stack.as('intake-wang').post(actionPath(plain.id, 'linkAsRepeat'), {});
  expect({ status: unnamed.status, details: unnamed.body.error?.details }).toEqual({ status: 400, details: [{ field: 'repeatOf', message: expect.stringMatching(/not flagged/) }] });
  const closed = expectOk(await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody()), 'to close').body.petition;
  expectOk(await stack.as('petitioner-liu').post(actionPath(closed.id, 'withdraw'), { reason: 'Settled' }), 'withdraw');
  const toClosed = await stack.as('intake-wang').post(actionPath(plain.id, 'linkAsRepeat'), { repeatOf: closed.id });
  expect({ status: toClosed.status, message: toClosed.body.error?.message }).toEqual({ status: 409, message: expect.stringMatching(/is closed/) });
  expect((await staff(plain.id)).status).toBe('registered');
});
