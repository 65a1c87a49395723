// The statutory rules (issue 10) as a client sees them over HTTP: a pause needs a supervisor; an
// extension only inside the period and within the days that remain; a window action after the window
// is refused with the date it closed; final means final for the same petitioner; the review goes up,
// and the officer who answered cannot answer again. Each refusal is 409 action_not_allowed with the
// reason and changes nothing. Cases that only time brings into a state are seeded in the past by the
// domain and run by a real worker (test/support/apiFixtures.ts, SeededCase).
import {
  actionPath, DAY, driveTo, expectOk, HOUR, OPINION, ownWorker, plus, SeededCase, seededRegistration, staffView, startSeeded, submissionBody,
} from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
let seeder: Awaited<ReturnType<typeof ownWorker>>;
beforeAll(async () => {
  stack = await startApiStack();
  seeder = await ownWorker(stack);
});
afterAll(async () => {
  await seeder?.stop();
  await stack?.close();
});

const post = (who: string, id: string, action: string, body: Record<string, unknown>) => stack.as(who).post(actionPath(id, action), body);
const unchanged = async (id: string) => { const c = await staffView(stack, id); return { status: c.status, seq: c.seq }; };
const intake = { id: 'intake-wang', role: 'intake_officer', unitId: 'petition-office' } as const;
const li = { id: 'officer-li', role: 'case_officer', unitId: 'unit-labour' } as const;

async function expectRefused(who: string, id: string, action: string, body: Record<string, unknown>, why: RegExp): Promise<void> {
  const before = await unchanged(id);
  const res = await post(who, id, action, body);
  expect({ status: res.status, code: res.body.error?.code, message: res.body.error?.message }).toEqual({ status: 409, code: 'action_not_allowed', message: expect.stringMatching(why) });
  expect(await unchanged(id)).toEqual(before);
}

test('a hearing pause of the re-review clock needs a supervisor: asked (200, nothing paused), approved (202, paused until a date, the petitioner told), ended early by the officer', async () => {
  const c = await driveTo(stack, 'in_re_review');
  const tooLong = await post('officer-zhang', c.id, 'requestPause', { days: 31, reason: 'A hearing' });
  expect({ status: tooLong.status, field: tooLong.body.error?.details?.[0]?.field }).toEqual({ status: 400, field: 'days' });
  const asked = await post('officer-zhang', c.id, 'requestPause', { days: 10, reason: 'A hearing (听证) with both parties' });
  expect(asked.status).toBe(200);
  expect(asked.body.petition).toMatchObject({ status: 'in_re_review', pendingPause: { days: 10, requestedBy: 'officer-zhang' } });
  expect(asked.body.petition.clocks.find((k: { kind: string }) => k.kind === 'reReviewHandling').paused).toBe(false);
  expect(asked.body.yourActions).not.toContain('resumeClock');
  const approved = await post('supervisor-zhao', c.id, 'decidePause', { approve: true, days: 7 });
  expect(approved.status).toBe(202);
  const clock = approved.body.petition.clocks.find((k: { kind: string }) => k.kind === 'reReviewHandling');
  expect(clock).toMatchObject({ paused: true, pauses: [expect.objectContaining({ days: 7, approvedBy: 'supervisor-zhao', by: 'officer-zhang' })] });
  expect(Date.parse(clock.pauses[0].until) - Date.parse(clock.pauses[0].from)).toBe(7 * DAY);
  const tracked = (await stack.http.get(`/api/v1/tracking/${c.queryCode}`)).body;
  expect(tracked.documents.find((d: { kind: string }) => d.kind === 'pause')).toMatchObject({ days: 7, until: clock.pauses[0].until });
  expect(await stack.db.notification.count({ where: { petitionId: c.id, recipient: 'petitioner', kind: 'pause' } })).toBe(1);
  const resumed = await post('officer-zhang', c.id, 'resumeClock', {});
  expect(resumed.status).toBe(200);
  expect(resumed.body.petition.clocks.find((k: { kind: string }) => k.kind === 'reReviewHandling').paused).toBe(false);
  // The handling clock never pauses, whoever asks.
  const handling = await driveTo(stack, 'in_handling');
  await expectRefused('officer-li', handling.id, 'requestPause', { days: 3, reason: 'A hearing' }, /handling clock cannot be paused/);
});

test('an extension asked after the handling period ended is 409 with the date it ended', async () => {
  // Accepted 62 days ago and never answered: the 60-day period is over (breached, escalated).
  const p = new SeededCase(seededRegistration({ receivedAt: plus(new Date().toISOString(), -63 * DAY) }));
  p.advance(HOUR).do({ type: 'accept', actor: intake, unitId: 'unit-labour', officerId: 'officer-li' });
  p.tick(new Date().toISOString());
  const c = await startSeeded(stack, seeder.taskQueue, p.case);
  expect(c.clocks.find((k) => k.kind === 'handling')!.breach).toBeDefined();
  await expectRefused('officer-li', c.id, 'requestExtension', { days: 10, reason: 'Late' }, /period ended on \d{4}-\d{2}-\d{2}/);
  expect((await stack.as('officer-li').get(`/api/v1/petitions/${c.id}`)).body.yourActions).toEqual(['reply']);
});

test('a window action after the window closed is 409 with the date it closed: a rating after the rating window, an objection after five working days', async () => {
  // Replied ten days ago: the 7-day rating window lapsed into a return visit.
  const rated = new SeededCase(seededRegistration({ receivedAt: plus(new Date().toISOString(), -12 * DAY) }));
  rated.advance(HOUR).do({ type: 'accept', actor: intake, unitId: 'unit-labour', officerId: 'officer-li' });
  rated.advance(2 * DAY - HOUR).do({ type: 'reply', actor: li, ...OPINION });
  rated.tick(new Date().toISOString());
  const late = await startSeeded(stack, seeder.taskQueue, rated.case);
  expect(late.status).toBe('return_visit_required');
  await expectRefused('petitioner-liu', late.id, 'evaluate', { rating: 'satisfied' }, /rating window closed on \d{4}-\d{2}-\d{2}/);
  // ...the review window (30 days from the delivery) is still open: the right to appeal stands.
  expect((await stack.as('petitioner-liu').get(`/api/v1/petitions/${late.id}`)).body.yourActions).toEqual(['requestReview', 'withdraw']);

  // Routed twelve days ago: the receiving unit's five working days to object are over.
  const routed = new SeededCase(seededRegistration({ unitId: 'petition-office', receivedAt: plus(new Date().toISOString(), -12 * DAY) }));
  routed.advance(HOUR).do({ type: 'route', actor: intake, toUnitId: 'unit-labour', reason: 'A labour matter' });
  routed.tick(new Date().toISOString());
  const c = await startSeeded(stack, seeder.taskQueue, routed.case);
  expect(c.status).toBe('routed');
  await expectRefused('officer-li', c.id, 'objectRouting', { reason: 'Not ours' }, /objection window .* closed on \d{4}-\d{2}-\d{2}/);
});

test('final means final (W36): the same petitioner\'s new submission of a matter closed finally is registered and not accepted, citing the final case; anyone else\'s is flagged', async () => {
  const final = await driveTo(stack, 'final');
  expect(final).toMatchObject({ status: 'closed', closingReason: 'final' });
  const again = { ...submissionBody({ title: final.title, unitId: 'unit-labour' }), petitioner: final.petitioner };
  const res = await stack.as('petitioner-liu').post('/api/v1/petitions', again);
  expect(res.status).toBe(201);
  expect(res.body.petition).toMatchObject({ status: 'closed', closingReason: 'not_accepted' });
  const staff = await staffView(stack, res.body.petition.id);
  expect(staff.precludedBy).toEqual({ id: final.id, queryCode: final.queryCode, closedAt: final.closedAt, closingReason: 'final' });
  const notice = res.body.petition.documents.find((d: { kind: string }) => d.kind === 'non_acceptance');
  expect(notice.reason).toContain(final.queryCode);
  expect(notice.reason).toMatch(/第三十六条/);
  // A submission nobody confirmed as that petitioner's (no account) is not told of the final case: it is flagged for the officer.
  const stranger = await stack.http.post('/api/v1/petitions', again);
  expect(stranger.status).toBe(201);
  expect(stranger.body.petition.status).toBe('registered');
  expect(JSON.stringify(stranger.body)).not.toContain(final.queryCode);
  expect((await staffView(stack, stranger.body.petition.id)).likelyRepeatOf).toEqual({ id: final.id, queryCode: final.queryCode });
});

test('the review goes to the unit above: the labour officer who replied loses the case (403); where the review body is the replying unit itself, its officer is refused (409)', async () => {
  const labour = await driveTo(stack, 'in_review');
  expect(labour).toMatchObject({ unitId: 'petition-office', previousUnitId: 'unit-labour', reply: { by: 'officer-li' } });
  expect(labour.officerId).toBeUndefined();
  expect((await post('officer-li', labour.id, 'issueReviewOpinion', { ...OPINION })).status).toBe(403);
  // The petition office has no unit above: the policy names itself, and its officer who replied may not review.
  const office = await driveTo(stack, 'in_review', { unitId: 'petition-office' });
  expect(office).toMatchObject({ unitId: 'petition-office', reply: { by: 'officer-zhang' } });
  await expectRefused('officer-zhang', office.id, 'issueReviewOpinion', { ...OPINION }, /earlier answer/);
  expect((await stack.as('officer-zhang').get(`/api/v1/petitions/${office.id}`)).body.yourActions).toEqual([]);
  const reviewed = await post('supervisor-zhao', office.id, 'issueReviewOpinion', { ...OPINION, decision: 'explain' });
  expect({ status: reviewed.status, by: reviewed.body.petition.reviewOpinion?.by }).toEqual({ status: 200, by: 'supervisor-zhao' });
});

test('an objection is decided by the office that routed the case, which reads it meanwhile though the case sits with the objecting unit', async () => {
  const c = await driveTo(stack, 'objected', { unitId: 'unit-labour-arbitration', routedFrom: 'unit-labour', router: 'officer-li', objector: 'intake-wang' });
  expect(c).toMatchObject({ status: 'routed', unitId: 'unit-labour-arbitration', pendingObjection: { routingUnitId: 'unit-labour', unitId: 'unit-labour-arbitration' } });
  const read = await stack.as('officer-li').get(`/api/v1/petitions/${c.id}`);
  expect([read.status, read.body.yourActions]).toEqual([200, ['decideObjection']]);
  const upheld = await post('officer-li', c.id, 'decideObjection', { uphold: true, reason: 'It is ours after all' });
  expect(upheld.status).toBe(200);
  expect(upheld.body.petition).toMatchObject({ status: 'registered', unitId: 'unit-labour' });
  // Decided: the routing office's extra sight ends with it; the case is simply labour's again.
  expect((await stack.as('officer-chen').get(`/api/v1/petitions/${c.id}`)).status).toBe(403);
  const steps = expectOk(await stack.as('officer-li').get(`/api/v1/petitions/${c.id}/timeline`), 'timeline').body.events.map((e: { type: string }) => e.type);
  expect(steps).toEqual(expect.arrayContaining(['routed', 'routing_objection_raised', 'routing_objection_upheld']));
});

