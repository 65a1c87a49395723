// One petition from online submission to its final close (终结), with a review and a re-review, driven
// only over HTTP by the people who would do each step, in real time (no window has to lapse): each review
// goes one level up. After each step the detail shows it (status, dated timeline, documents) and every
// demo user gets exactly the buttons (yourActions) their role, their scope and the rules allow.
import type { CaseView } from '../../src/domain';
import { actionPath, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
let c: CaseView;
const startedAt = new Date().toISOString();

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.close();
});

const VIEWERS = ['admin', 'intake-wang', 'supervisor-zhao', 'supervisor-sun', 'officer-li', 'officer-chen', 'officer-zhang', 'petitioner-liu', 'petitioner-zhou'] as const;
type Buttons = Partial<Record<(typeof VIEWERS)[number], string[] | 403>>;

/** What each demo user is shown: their yourActions, or 403 when the case is outside their scope. */
async function buttons(): Promise<Buttons> {
  const answers = await Promise.all(VIEWERS.map((u) => stack.as(u).get(`/api/v1/petitions/${c.id}`)));
  return Object.fromEntries(answers.map((r, i) => [VIEWERS[i], r.status === 200 ? r.body.yourActions : r.status]));
}

/** Everyone outside the case's scope gets 403; admin reads all and acts on nothing. */
const inOffice = (b: Buttons): Buttons => ({ admin: [], 'supervisor-sun': 403, 'officer-li': 403, 'officer-chen': 403, 'officer-zhang': [], 'petitioner-zhou': 403, ...b });
const inLabour = (b: Buttons): Buttons => ({ admin: [], 'officer-chen': 403, 'officer-zhang': 403, 'petitioner-zhou': 403, ...b });

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
  return res.body.petition;
}

/** One notice per step to whom it concerns: the petitioner of each document, the officer and supervisor of theirs, the review body's unit. */
const EXPECTED_NOTICES = [
  ['petitioner', 'registration', null],
  ['petitioner', 'acceptance', null],
  ['officer', 'case_assigned', 'officer-li'],
  ['supervisor', 'extension_requested', null],
  ['petitioner', 'extension', null],
  ['officer', 'extension_approved', 'officer-li'],
  ['petitioner', 'reply', null],
  ['supervisor', 'review_requested', null],
  ['unit', 'review_assigned', 'petition-office'],
  ['petitioner', 'review_opinion', null],
  ['supervisor', 're_review_requested', null],
  ['unit', 're_review_assigned', 'petition-office'],
  ['petitioner', 're_review_opinion', null],
  ['petitioner', 'closing', null],
];

const lastEvents = (n: number) => c.timeline.slice(-n).map((e) => e.type);
const documents = () => c.timeline.filter((e) => e.document).map((e) => e.document);
const running = (kind: string) => c.clocks.find((k) => k.kind === kind && k.running);

test('1. petitioner-liu submits online: registered at the petition office, answered with the public view and a query code', async () => {
  const res = await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody({ unitId: undefined }));
  expect(res.status).toBe(201);
  // Her own answer is the public view: nothing internal (no matter key, policy, actors or staff actions).
  expect(res.body.petition).toMatchObject({ status: 'registered', channel: 'online', unit: { id: 'petition-office' } });
  for (const internal of ['matterKey', 'policy', 'timeline', 'allowedActions', 'petitioner', 'clocks']) expect(res.body.petition).not.toHaveProperty(internal);
  c = (await stack.as('admin').get(`/api/v1/petitions/${res.body.petition.id}`)).body.petition;
  expect(c).toMatchObject({ status: 'registered', unitId: 'petition-office', petitionerUserId: 'petitioner-liu', channel: 'online', rules: 2 });
  expect(c.queryCode).toMatch(/^[A-Z2-9]{10}$/);
  expect(res.body.petition.queryCode).toBe(c.queryCode);
  expect(c.clocks.find((k) => k.kind === 'acceptance')).toMatchObject({ limit: { days: 15, unit: 'calendar' }, dueAt: expect.any(String) });
  expect(documents()).toEqual(['registration']);
  // She has an account: the intake officer does not withdraw for her.
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['accept', 'notAccept', 'route'],
    'supervisor-zhao': ['escalate', 'supervise'],
    'officer-zhang': ['accept', 'notAccept', 'route'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('2. intake-wang accepts: the acceptance notice, and the handling clock starts', async () => {
  await step('intake-wang', 'accept', {}, 200);
  expect(c.status).toBe('accepted');
  expect(c.timeline.at(-1)).toMatchObject({ type: 'accepted', actor: 'intake-wang', document: 'acceptance' });
  expect(running('handling')).toMatchObject({ limit: { days: 60, unit: 'calendar' }, dueAt: expect.any(String) });
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['assign'],
    'supervisor-zhao': ['assign', 'reassign', 'escalate', 'supervise'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('3. supervisor-zhao assigns it to unit-labour and officer-li, who now sees it', async () => {
  await step('supervisor-zhao', 'assign', { unitId: 'unit-labour', officerId: 'officer-li' }, 200);
  expect(c).toMatchObject({ status: 'in_handling', unitId: 'unit-labour', officerId: 'officer-li' });
  expect(c.timeline.at(-1)).toMatchObject({ type: 'assigned', actor: 'supervisor-zhao' });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': [],
    'supervisor-zhao': ['reassign', 'escalate', 'supervise'],
    'supervisor-sun': ['reassign', 'escalate', 'supervise'],
    // Only the re-review clock pauses (hearing time): no pause on the handling clock.
    'officer-li': ['reply', 'requestExtension'],
    'petitioner-liu': ['withdraw'],
  }));
});

let dueBefore: string;
test('4. officer-li asks for a 20-day extension: pending, for a supervisor to decide', async () => {
  dueBefore = running('handling')!.dueAt!;
  await step('officer-li', 'requestExtension', { days: 20, reason: 'The employer is in liquidation; the administrator must answer.' }, 200);
  expect(c.pendingExtension).toMatchObject({ days: 20, requestedBy: 'officer-li' });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': [],
    'supervisor-zhao': ['reassign', 'decideExtension', 'escalate', 'supervise'],
    'supervisor-sun': ['reassign', 'decideExtension', 'escalate', 'supervise'],
    'officer-li': ['reply'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('5. supervisor-zhao approves (a signal, 202): the answer itself shows the new due date, 20 days on', async () => {
  const answer = await step('supervisor-zhao', 'decideExtension', { approve: true }, 202) as unknown as CaseView;
  expect(c.pendingExtension).toBeUndefined();
  expect(c.timeline.at(-1)).toMatchObject({ type: 'extension_approved', actor: 'supervisor-zhao', document: 'extension', data: { days: 20 } });
  const handling = answer.clocks.find((k) => k.kind === 'handling')!;
  expect(handling.extensionDays).toBe(20);
  expect(handling.recounting).toBeFalsy(); // counted again before the answer, not a moment later
  expect(Date.parse(handling.dueAt!) - Date.parse(dueBefore)).toBeGreaterThanOrEqual(19 * 86_400_000);
  expect(handling.dueAt).toBe(running('handling')!.dueAt);
  expect((await buttons())['officer-li']).toEqual(['reply', 'requestExtension']);
});

test('6. officer-li replies: the written reply (处理意见书) is delivered online at once; the rating and review windows run from it', async () => {
  await step('officer-li', 'reply', { ...OPINION }, 200);
  expect(c).toMatchObject({ status: 'awaiting_evaluation', stage: 'handling', reply: { decision: 'support', by: 'officer-li', unitId: 'unit-labour' } });
  expect(lastEvents(2)).toEqual(['replied', 'delivered']);
  expect(c.deliveries).toEqual([expect.objectContaining({ stage: 'handling', method: 'online' })]);
  expect(running('reviewRequest')).toMatchObject({ startedAt: c.deliveries![0]!.at, limit: { days: 30, unit: 'calendar' } });
  expect(await buttons()).toEqual(inLabour({
    'intake-wang': [], // she rates and appeals online herself
    'supervisor-zhao': ['escalate', 'supervise'],
    'supervisor-sun': ['escalate', 'supervise'],
    'officer-li': [],
    'petitioner-liu': ['evaluate', 'requestReview', 'withdraw'],
  }));
});

test('7. petitioner-liu is dissatisfied: the rating is recorded and the review window stays open', async () => {
  await step('petitioner-liu', 'evaluate', { rating: 'dissatisfied', comment: 'Still not paid.' }, 200);
  expect(c.status).toBe('appeal_window');
  expect(c.evaluations).toEqual([expect.objectContaining({ stage: 'handling', rating: 'dissatisfied', via: 'petitioner', by: 'petitioner-liu' })]);
  const b = await buttons();
  expect(b['petitioner-liu']).toEqual(['requestReview', 'withdraw']);
  expect(b['intake-wang']).toEqual([]);
});

test('8. petitioner-liu requests a review (复查): it goes one level up, to the petition office; officer-li is off the case', async () => {
  await step('petitioner-liu', 'requestReview', { reason: 'The employer has still not paid.' }, 200);
  expect(c).toMatchObject({ status: 'in_review', unitId: 'petition-office', previousUnitId: 'unit-labour' });
  expect(c.officerId).toBeUndefined();
  expect(lastEvents(2)).toEqual(['review_requested', 'review_body_assigned']);
  expect(c.timeline.at(-1)).toMatchObject({ data: { stage: 'review', unitId: 'petition-office', fromUnitId: 'unit-labour', via: 'parent' } });
  expect(running('reviewHandling')).toMatchObject({ unitId: 'petition-office', limit: { days: 30, unit: 'calendar' } });
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['assign'],
    'supervisor-zhao': ['issueReviewOpinion', 'assign', 'reassign', 'escalate', 'supervise'],
    'officer-zhang': ['issueReviewOpinion'],
    'petitioner-liu': ['withdraw'],
  }));
});

test('9. officer-zhang issues the review opinion (复查意见书), delivered at once; the re-review window opens', async () => {
  await step('officer-zhang', 'issueReviewOpinion', { ...OPINION, decision: 'explain', text: 'The labour inspectorate has ordered payment.' }, 200);
  expect(c).toMatchObject({ status: 'awaiting_evaluation', stage: 'review', reviewOpinion: { by: 'officer-zhang', unitId: 'petition-office' } });
  expect(lastEvents(2)).toEqual(['review_opinion_issued', 'delivered']);
  expect(running('reReviewRequest')).toBeDefined();
  expect((await buttons())['petitioner-liu']).toEqual(['evaluate', 'requestReReview', 'withdraw']);
});

test('10. petitioner-liu is basically satisfied: recorded, and the re-review right stays', async () => {
  await step('petitioner-liu', 'evaluate', { rating: 'basically_satisfied' }, 200);
  expect(c.status).toBe('appeal_window');
  expect((await buttons())['petitioner-liu']).toEqual(['requestReReview', 'withdraw']);
});

test('11. petitioner-liu requests a re-review (复核): the body the policy names above the office; the reviewer may not answer it', async () => {
  await step('petitioner-liu', 'requestReReview', { reason: 'Payment was ordered but not made.' }, 200);
  expect(c).toMatchObject({ status: 'in_re_review', unitId: 'petition-office' });
  expect(c.timeline.at(-1)).toMatchObject({ type: 'review_body_assigned', data: { stage: 're_review', unitId: 'petition-office', via: 'policy' } });
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': ['assign'],
    'supervisor-zhao': ['issueReReviewOpinion', 'assign', 'reassign', 'escalate', 'supervise'],
    // The re-review clock may be paused for a hearing, with a supervisor's approval; officer-zhang gave the review opinion.
    'officer-zhang': ['requestPause'],
    'petitioner-liu': ['withdraw'],
  }));
  const refused = await stack.as('officer-zhang').post(actionPath(c.id, 'issueReReviewOpinion'), { ...OPINION });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toMatch(/earlier answer/);
});

test('12. supervisor-zhao issues the re-review opinion (复核意见书); the petitioner rates it and the matter is final (终结)', async () => {
  await step('supervisor-zhao', 'issueReReviewOpinion', { ...OPINION, decision: 'not_support', text: 'The review opinion stands.' }, 200);
  expect(c).toMatchObject({ status: 'awaiting_evaluation', stage: 're_review' });
  expect((await buttons())['petitioner-liu']).toEqual(['evaluate', 'withdraw']);
  await step('petitioner-liu', 'evaluate', { rating: 'dissatisfied' }, 200);
  expect(c).toMatchObject({ status: 'closed', closingReason: 'final', closedAt: expect.any(String), allowedActions: [] });
  expect(await buttons()).toEqual(inOffice({
    'intake-wang': [], 'supervisor-zhao': [], 'petitioner-liu': [],
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
    ['delivered', 'officer-li'],
    ['evaluated', 'petitioner-liu'],
    ['review_requested', 'petitioner-liu'],
    ['review_body_assigned', 'system'],
    ['review_opinion_issued', 'officer-zhang'],
    ['delivered', 'officer-zhang'],
    ['evaluated', 'petitioner-liu'],
    ['re_review_requested', 'petitioner-liu'],
    ['review_body_assigned', 'system'],
    ['re_review_opinion_issued', 'supervisor-zhao'],
    ['delivered', 'supervisor-zhao'],
    ['evaluated', 'petitioner-liu'],
    ['closed', 'petitioner-liu'],
  ]);
  const times = c.timeline.map((e) => e.at);
  expect(times.every((t) => !Number.isNaN(Date.parse(t)) && t >= startedAt && t <= new Date().toISOString())).toBe(true);
  expect([...times].sort()).toEqual(times);
  expect(c.timeline.map((e) => e.seq)).toEqual(c.timeline.map((_, i) => i + 1));
  expect(documents()).toEqual(['registration', 'acceptance', 'extension', 'reply', 'review_opinion', 're_review_opinion', 'closing']);

  // The projection (for lists and tracking) holds the same record.
  const row = await stack.db.petition.findUniqueOrThrow({ where: { id: c.id }, include: { events: { orderBy: { seq: 'asc' } } } });
  expect(row).toMatchObject({ status: 'closed', closingReason: 'final', satisfaction: 'dissatisfied', lastSeq: c.seq, unitId: 'petition-office', petitionerId: 'petitioner-liu' });
  expect(row.events.map((e) => [e.seq, e.type, e.at.toISOString()])).toEqual(c.timeline.map((e) => [e.seq, e.type, e.at]));

  const notices = await stack.db.notification.findMany({ where: { petitionId: c.id }, orderBy: { id: 'asc' } });
  expect(notices.map((n) => [n.recipient, n.kind, n.recipientId])).toEqual(EXPECTED_NOTICES);
  expect(notices.filter((n) => n.recipient === 'petitioner').every((n) => n.channel === 'sms')).toBe(true);
  expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
});

test('the petitioner\'s view by query code alone: every document with its date, and nothing internal', async () => {
  const res = await stack.http.get(`/api/v1/tracking/${c.queryCode.toLowerCase()}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ queryCode: c.queryCode, status: 'closed', closingReason: 'final', closedAt: c.closedAt });
  const issued = c.timeline.filter((e) => e.document).map((e) => ({ kind: e.document, seq: e.seq, issuedAt: e.at }));
  expect(res.body.documents.map((d: { kind: string; seq: number; issuedAt: string }) => ({ kind: d.kind, seq: d.seq, issuedAt: d.issuedAt }))).toEqual(issued);
  expect(res.body.documents.find((d: { kind: string }) => d.kind === 'extension')).toMatchObject({ days: 20 });
  expect(res.body.documents.find((d: { kind: string }) => d.kind === 'reply')).toMatchObject({ decision: 'support', text: OPINION.text });
  expect(res.body.steps.filter((s: { type: string }) => s.type === 'delivered')).toHaveLength(3);
  expect(JSON.stringify(res.body)).not.toMatch(/officer-li|officer-zhang|supervisor-zhao|intake-wang|13900000000/);
});
