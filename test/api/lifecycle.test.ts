// One petition from online submission to closing, with an appeal, driven only over HTTP by the people
// who would do each step. After each step the detail shows it (status, dated timeline, documents) and
// every demo user gets exactly the buttons (yourActions) their role and scope allow.
import type { CaseView } from '../../src/domain';
import { actionPath, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';

let stack: ApiStack;
let c: CaseView;
const startedAt = new Date().toISOString();

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.close();
});

const VIEWERS = ['admin', 'intake-wang', 'supervisor-zhao', 'supervisor-sun', 'officer-li', 'officer-chen', 'petitioner-liu', 'petitioner-zhou'] as const;
type Buttons = Partial<Record<(typeof VIEWERS)[number], string[] | 403>>;

/** What each demo user is shown: their yourActions, or 403 when the case is outside their scope. */
async function buttons(): Promise<Buttons> {
  const answers = await Promise.all(VIEWERS.map((u) => stack.as(u).get(`/api/v1/petitions/${c.id}`)));
  return Object.fromEntries(answers.map((r, i) => [VIEWERS[i], r.status === 200 ? r.body.yourActions : r.status]));
}

/** Everyone outside the case's scope gets 403; admin reads all and acts on nothing. */
const inOffice = (b: Buttons): Buttons => ({ admin: [], 'supervisor-sun': 403, 'officer-li': 403, 'officer-chen': 403, 'petitioner-zhou': 403, ...b });
const inLabour = (b: Buttons): Buttons => ({ admin: [], 'officer-chen': 403, 'petitioner-zhou': 403, ...b });

async function step(user: string, action: string, body: Record<string, unknown>, expected: number): Promise<CaseView> {
  const res = await stack.as(user).post(actionPath(c.id, action), body);
  expect({ status: res.status, error: res.body.error }).toEqual({ status: expected, error: undefined });
  const detail = await stack.as('admin').get(`/api/v1/petitions/${c.id}`);
  // The detail is the workflow's own state: it already shows what the action answered.
  if (user.startsWith('petitioner')) {
    // A petitioner is answered with the public view of their own case: its status, no internal data.
    expect(detail.body.petition.status).toBe(res.body.petition.status);
    expect(res.body.petition).not.toHaveProperty('escalations');
    expect(res.body.petition).not.toHaveProperty('officerId');
  } else {
    expect(detail.body.petition).toMatchObject({ status: res.body.petition.status, seq: res.body.petition.seq });
  }
  c = detail.body.petition;
  return c;
}

const lastEvent = () => c.timeline.at(-1)!;
const documents = () => c.timeline.filter((e) => e.document).map((e) => e.document);

test('1. petitioner-liu submits online: registered at the petition office, with a query code and the registration document', async () => {
  const res = await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ unitId: undefined }));
  expect(res.status).toBe(201);
  c = res.body.petition;
  expect(c).toMatchObject({ status: 'registered', unitId: 'petition-office', petitionerUserId: 'petitioner-liu', channel: 'online' });
  expect(c.queryCode).toMatch(/^[A-Z2-9]{10}$/);
  expect(c.clocks.find((k) => k.kind === 'acceptance')).toMatchObject({ limit: { days: 15, unit: 'calendar' }, dueAt: expect.any(String) });
  expect(documents()).toEqual(['registration']);
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['accept', 'notAccept', 'route', 'withdraw'],
    'supervisor-zhao': ['escalate', 'supervise'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('2. intake-wang accepts: the acceptance notice, and the handling clock starts', async () => {
  await step('intake-wang', 'accept', {}, 200);
  expect(c.status).toBe('accepted');
  expect(lastEvent()).toMatchObject({ type: 'accepted', actor: 'intake-wang', document: 'acceptance' });
  expect(c.clocks.find((k) => k.kind === 'handling')).toMatchObject({ running: true, limit: { days: 60, unit: 'calendar' }, dueAt: expect.any(String) });
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['assign', 'withdraw'],
    'supervisor-zhao': ['assign', 'reassign', 'escalate', 'supervise'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('3. supervisor-zhao assigns it to unit-labour and officer-li, who now sees it', async () => {
  await step('supervisor-zhao', 'assign', { unitId: 'unit-labour', officerId: 'officer-li' }, 200);
  expect(c).toMatchObject({ status: 'in_handling', unitId: 'unit-labour', officerId: 'officer-li' });
  expect(lastEvent()).toMatchObject({ type: 'assigned', actor: 'supervisor-zhao' });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': ['withdraw'],
    'supervisor-zhao': ['reassign', 'escalate', 'supervise'],
    'supervisor-sun': ['reassign', 'escalate', 'supervise'],
    'officer-li': ['reply', 'requestExtension', 'pauseClock'],
    'petitioner-liu': ['withdraw'],
  }));
});

let dueBefore: string;
test('4. officer-li asks for a 20-day extension: pending, for a supervisor to decide', async () => {
  dueBefore = c.clocks.find((k) => k.kind === 'handling')!.dueAt!;
  await step('officer-li', 'requestExtension', { days: 20, reason: 'The employer is in liquidation; the administrator must answer.' }, 200);
  expect(c.pendingExtension).toMatchObject({ days: 20, requestedBy: 'officer-li' });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': ['withdraw'],
    'supervisor-zhao': ['reassign', 'decideExtension', 'escalate', 'supervise'],
    'supervisor-sun': ['reassign', 'decideExtension', 'escalate', 'supervise'],
    'officer-li': ['reply', 'pauseClock'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('5. supervisor-zhao approves (a signal, 202): the petitioner is shown the extension and the due date moves 20 days', async () => {
  await step('supervisor-zhao', 'decideExtension', { approve: true }, 202);
  expect(c.pendingExtension).toBeUndefined();
  expect(lastEvent()).toMatchObject({ type: 'extension_approved', actor: 'supervisor-zhao', document: 'extension', data: { days: 20 } });
  // The due date is computed by an activity after the signal: the detail shows it once it is recorded.
  const handling = await eventually(async () => {
    const k = (await stack.as('officer-li').get(`/api/v1/petitions/${c.id}`)).body.petition.clocks.find((x: { kind: string }) => x.kind === 'handling');
    return k.dueAt !== dueBefore ? k : undefined;
  }, 'the extended due date');
  expect(handling.extensionDays).toBe(20);
  expect(Date.parse(handling.dueAt) - Date.parse(dueBefore)).toBeGreaterThanOrEqual(19 * 86_400_000);
  expect((await buttons())['officer-li']).toEqual(['reply', 'requestExtension', 'pauseClock']);
});

test('6. officer-li replies: the written reply (处理意见书), the evaluation window opens for the petitioner', async () => {
  await step('officer-li', 'reply', { ...OPINION }, 200);
  expect(c).toMatchObject({ status: 'awaiting_evaluation', stage: 'handling', reply: { decision: 'support', by: 'officer-li' } });
  expect(lastEvent()).toMatchObject({ type: 'replied', document: 'reply' });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': ['evaluate', 'withdraw'], // recording a rating sent by letter or phone,
    'supervisor-zhao': ['escalate', 'supervise'],
    'supervisor-sun': ['escalate', 'supervise'],
    'officer-li': [],
    'petitioner-liu': ['evaluate', 'withdraw'],
  }));
});

test('7. petitioner-liu is dissatisfied: the review window opens', async () => {
  await step('petitioner-liu', 'evaluate', { rating: 'dissatisfied', comment: 'Still not paid.' }, 200);
  expect(c.status).toBe('appeal_window');
  expect(c.evaluations).toEqual([expect.objectContaining({ stage: 'handling', rating: 'dissatisfied', via: 'petitioner', by: 'petitioner-liu' })]);
  const buttons7 = await buttons();
  expect(buttons7['petitioner-liu']).toEqual(['requestReview', 'withdraw']);
  // The intake officer may record a review request made by letter, phone or visit.
  expect(buttons7['intake-wang']).toEqual(['requestReview', 'withdraw']);
});

test('8. petitioner-liu requests a review (复查): in review, with its own 30-day clock', async () => {
  await step('petitioner-liu', 'requestReview', { reason: 'The employer has still not paid.' }, 200);
  expect(c.status).toBe('in_review');
  expect(c.clocks.find((k) => k.kind === 'reviewHandling')).toMatchObject({ running: true, limit: { days: 30, unit: 'calendar' } });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': ['withdraw'],
    'supervisor-zhao': ['issueReviewOpinion', 'reassign', 'escalate', 'supervise'],
    'supervisor-sun': ['issueReviewOpinion', 'reassign', 'escalate', 'supervise'],
    'officer-li': ['issueReviewOpinion', 'pauseClock'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('9. officer-li issues the review opinion (复查意见书)', async () => {
  await step('officer-li', 'issueReviewOpinion', { ...OPINION, text: 'The labour inspectorate has ordered payment.' }, 200);
  expect(c).toMatchObject({ status: 'awaiting_evaluation', stage: 'review', reviewOpinion: { by: 'officer-li' } });
  expect(lastEvent()).toMatchObject({ type: 'review_opinion_issued', document: 'review_opinion' });
  expect((await buttons())['petitioner-liu']).toEqual(['evaluate', 'withdraw']);
});

test('10. petitioner-liu is satisfied: closed "satisfied", nobody has anything left to do', async () => {
  await step('petitioner-liu', 'evaluate', { rating: 'satisfied' }, 200);
  expect(c).toMatchObject({ status: 'closed', closingReason: 'satisfied', closedAt: expect.any(String), allowedActions: [] });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': [], 'supervisor-zhao': [], 'supervisor-sun': [], 'officer-li': [], 'petitioner-liu': [],
  }));
});

test('the record: every step dated in order, every document shown, each notice in the outbox exactly once', async () => {
  expect(c.timeline.map((e) => [e.type, e.actor])).toEqual([
    ['registered', 'petitioner-liu'],
    ['accepted', 'intake-wang'],
    ['assigned', 'supervisor-zhao'],
    ['extension_requested', 'officer-li'],
    ['extension_approved', 'supervisor-zhao'],
    ['replied', 'officer-li'],
    ['evaluated', 'petitioner-liu'],
    ['review_requested', 'petitioner-liu'],
    ['review_opinion_issued', 'officer-li'],
    ['evaluated', 'petitioner-liu'],
    ['closed', 'petitioner-liu'],
  ]);
  const times = c.timeline.map((e) => e.at);
  expect(times.every((t) => !Number.isNaN(Date.parse(t)) && t >= startedAt && t <= new Date().toISOString())).toBe(true);
  expect([...times].sort()).toEqual(times);
  expect(c.timeline.map((e) => e.seq)).toEqual(c.timeline.map((_, i) => i + 1));
  expect(documents()).toEqual(['registration', 'acceptance', 'extension', 'reply', 'review_opinion', 'closing']);

  // The projection (for lists and tracking) holds the same record.
  const row = await stack.db.petition.findUniqueOrThrow({ where: { id: c.id }, include: { events: { orderBy: { seq: 'asc' } } } });
  expect(row).toMatchObject({ status: 'closed', closingReason: 'satisfied', satisfaction: 'satisfied', lastSeq: c.seq, unitId: 'unit-labour', officerId: 'officer-li', petitionerId: 'petitioner-liu' });
  expect(row.events.map((e) => [e.seq, e.type, e.at.toISOString()])).toEqual(c.timeline.map((e) => [e.seq, e.type, e.at]));

  const notices = await stack.db.notification.findMany({ where: { petitionId: c.id }, orderBy: { id: 'asc' } });
  expect(notices.map((n) => [n.recipient, n.kind, n.recipientId])).toEqual([
    ['petitioner', 'registration', null],
    ['petitioner', 'acceptance', null],
    ['officer', 'case_assigned', 'officer-li'],
    ['supervisor', 'extension_requested', null],
    ['petitioner', 'extension', null],
    ['officer', 'extension_approved', 'officer-li'],
    ['petitioner', 'reply', null],
    ['supervisor', 'review_requested', null],
    ['petitioner', 'review_opinion', null],
    ['petitioner', 'closing', null],
  ]);
  expect(notices.filter((n) => n.recipient === 'petitioner').every((n) => n.channel === 'sms')).toBe(true);
});

test('the petitioner\'s view by query code alone: every document with its date, and nothing internal', async () => {
  const res = await stack.http.get(`/api/v1/tracking/${c.queryCode.toLowerCase()}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ queryCode: c.queryCode, status: 'closed', closingReason: 'satisfied', closedAt: c.closedAt });
  const issued = c.timeline.filter((e) => e.document).map((e) => ({ kind: e.document, seq: e.seq, issuedAt: e.at }));
  expect(res.body.documents.map((d: { kind: string; seq: number; issuedAt: string }) => ({ kind: d.kind, seq: d.seq, issuedAt: d.issuedAt }))).toEqual(issued);
  expect(res.body.documents.find((d: { kind: string }) => d.kind === 'extension')).toMatchObject({ days: 20 });
  expect(res.body.documents.find((d: { kind: string }) => d.kind === 'reply')).toMatchObject({ decision: 'support', text: OPINION.text });
  expect(JSON.stringify(res.body)).not.toMatch(/officer-li|supervisor-zhao|intake-wang|13900000000/);
});
