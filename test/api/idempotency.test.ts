// Idempotency-Key: a retried submission or action returns the first answer and never creates a second
// petition or applies an action twice: sequential retries, concurrent duplicates, another body, another
// user, and a retry after the API lost its record of the answer (a crash between acting and storing it).
import crypto from 'node:crypto';
import type { CaseView } from '../../src/domain';
import { actionPath, driveTo, OPINION, submissionBody } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import type { HttpResult } from '../support/http';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.close();
});

const newKey = (name: string) => ({ 'Idempotency-Key': `${name}-${crypto.randomUUID()}` });
const replayed = (res: HttpResult) => res.headers.get('idempotent-replayed') === 'true';
const petitionsTitled = (title: string) => stack.db.petition.count({ where: { title } });

async function eventsOf(c: CaseView, type: string): Promise<{ timeline: number; projected: number }> {
  const detail = await stack.as('admin').get(`/api/v1/petitions/${c.id}`);
  return {
    timeline: (detail.body.petition as CaseView).timeline.filter((e) => e.type === type).length,
    projected: await stack.db.petitionEvent.count({ where: { petitionId: c.id, type } }),
  };
}

/** What the store holds after a crash between acting and storing the answer: a claim, long abandoned. */
async function loseTheStoredAnswer(): Promise<void> {
  const last = await stack.db.idempotencyRecord.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
  await stack.db.idempotencyRecord.update({ where: { key: last.key }, data: { status: 0, response: '', createdAt: new Date(Date.now() - 5 * 60_000) } });
}

describe('a retry with the same key returns the first answer', () => {
  test('submission: one petition; the retry is marked replayed and carries the same body', async () => {
    const body = submissionBody();
    const key = newKey('submit');
    const first = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
    const second = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
    expect(first.status).toBe(201);
    expect(replayed(first)).toBe(false);
    expect(second.status).toBe(201);
    expect(replayed(second)).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await petitionsTitled(body.title)).toBe(1);
  });

  test('an update (reply): applied once, the retry answered 200 with the first result, not refused', async () => {
    const c = await driveTo(stack, 'in_handling');
    const key = newKey('reply');
    const first = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    const second = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(replayed(second)).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(await eventsOf(c, 'replied')).toEqual({ timeline: 1, projected: 1 });
    expect(await stack.db.notification.count({ where: { petitionId: c.id, kind: 'reply' } })).toBe(1);
  });

  test('a signal (supervise), which the case would accept twice: applied once', async () => {
    const c = await driveTo(stack, 'in_handling');
    const key = newKey('supervise');
    const body = { instruction: 'Reply within the month.' };
    const first = await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, key);
    const second = await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, key);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(replayed(second)).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(await eventsOf(c, 'supervision_issued')).toMatchObject({ timeline: 1 });
    // The control: with a new key it is a new notice.
    expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, newKey('supervise'))).status).toBe(202);
    expect(await eventsOf(c, 'supervision_issued')).toMatchObject({ timeline: 2 });
  });

  test('a refused action is a first answer too: the retry gets the same 409 even after the state has changed', async () => {
    const c = await driveTo(stack, 'registered');
    const key = newKey('early-reply');
    const refused = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    expect(refused.status).toBe(409);
    await stack.as('intake-wang').post(actionPath(c.id, 'accept'), { unitId: 'unit-labour', officerId: 'officer-li' });
    const retry = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    expect(retry.status).toBe(409);
    expect(replayed(retry)).toBe(true);
    expect(retry.body).toEqual(refused.body);
    expect(await eventsOf(c, 'replied')).toEqual({ timeline: 0, projected: 0 });
  });
});

describe('the same key for another request', () => {
  test('another body: 422, and nothing is created or applied', async () => {
    const key = newKey('other-body');
    const first = submissionBody();
    const other = submissionBody();
    expect((await stack.http.post('/api/v1/petitions', first, key)).status).toBe(201);
    expect((await stack.http.post('/api/v1/petitions', other, key)).status).toBe(422);
    expect([await petitionsTitled(first.title), await petitionsTitled(other.title)]).toEqual([1, 0]);

    const c = await driveTo(stack, 'in_handling');
    const actionKey = newKey('other-instruction');
    expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), { instruction: 'A' }, actionKey)).status).toBe(202);
    expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), { instruction: 'B' }, actionKey)).status).toBe(422);
    expect(await eventsOf(c, 'supervision_issued')).toMatchObject({ timeline: 1 });
  });

  test('another user: their own request, neither replayed nor refused', async () => {
    const key = newKey('shared');
    const liu = await stack.as('petitioner-liu').post('/api/v1/petitions', submissionBody(), key);
    const zhou = await stack.as('petitioner-zhou').post('/api/v1/petitions', submissionBody({ unitId: 'unit-housing' }), key);
    expect([liu.status, zhou.status]).toEqual([201, 201]);
    expect(replayed(zhou)).toBe(false);
    expect(zhou.body.petition.id).not.toBe(liu.body.petition.id);
    expect((await stack.as('admin').get(`/api/v1/petitions/${zhou.body.petition.id}`)).body.petition.petitionerUserId).toBe('petitioner-zhou');

    // Two supervisors sending the same instruction under the same key: two notices.
    const c = await driveTo(stack, 'in_handling');
    const body = { instruction: 'Reply within the month.' };
    const zhao = await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, key);
    const sun = await stack.as('supervisor-sun').post(actionPath(c.id, 'supervise'), body, key);
    expect([zhao.status, sun.status]).toEqual([202, 202]);
    expect(replayed(sun)).toBe(false);
    expect(await eventsOf(c, 'supervision_issued')).toMatchObject({ timeline: 2 });
  });
});

describe('five identical requests at once with one key', () => {
  /** Each answer is the first result (fresh or replayed) or "still in progress, retry"; never anything else. */
  function expectOneResult(answers: HttpResult[], success: number) {
    for (const a of answers) {
      if (a.status !== success) expect({ status: a.status, code: a.body.error?.code }).toEqual({ status: 409, code: 'request_in_progress' });
    }
    const done = answers.filter((a) => a.status === success);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.filter((a) => !replayed(a))).toHaveLength(1);
    for (const a of done) expect(a.body).toEqual(done[0]!.body);
  }

  test('submission: exactly one petition', async () => {
    const body = submissionBody();
    const key = newKey('burst-submit');
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.as('petitioner-liu').post('/api/v1/petitions', body, key)));
    expectOneResult(answers, 201);
    expect(await petitionsTitled(body.title)).toBe(1);
    const later = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
    expect(replayed(later)).toBe(true);
  });

  test.each([
    ['reply', 'officer-li', 200, 'replied', { ...OPINION }],
    ['supervise', 'supervisor-zhao', 202, 'supervision_issued', { instruction: 'Reply within the month.' }],
  ] as const)('%s: applied exactly once', async (action, user, success, event, body) => {
    const c = await driveTo(stack, 'in_handling');
    const key = newKey(`burst-${action}`);
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.as(user).post(actionPath(c.id, action), body, key)));
    expectOneResult(answers, success);
    expect(await eventsOf(c, event)).toMatchObject({ timeline: 1 });
  });
});

describe('a retry after the API lost its record of the answer (crashed before storing it)', () => {
  test('submission: the key fixes the petition id, so the same petition answers', async () => {
    const body = submissionBody();
    const key = newKey('crash-submit');
    const first = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
    await loseTheStoredAnswer();
    const retry = await stack.as('petitioner-liu').post('/api/v1/petitions', body, key);
    expect(retry.body.petition.id).toBe(first.body.petition.id);
    expect(await petitionsTitled(body.title)).toBe(1);
    expect(retry.status).toBe(first.status);
  });

  test('an update: the key is the update id, so the workflow answers with the first result', async () => {
    const c = await driveTo(stack, 'in_handling');
    const key = newKey('crash-reply');
    const first = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    await loseTheStoredAnswer();
    const retry = await stack.as('officer-li').post(actionPath(c.id, 'reply'), { ...OPINION }, key);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await eventsOf(c, 'replied')).toEqual({ timeline: 1, projected: 1 });
  });

  test('a signal: applied once', async () => {
    const c = await driveTo(stack, 'in_handling');
    const key = newKey('crash-supervise');
    const body = { instruction: 'Reply within the month.' };
    expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, key)).status).toBe(202);
    await loseTheStoredAnswer();
    expect((await stack.as('supervisor-zhao').post(actionPath(c.id, 'supervise'), body, key)).status).toBe(202);
    expect(await eventsOf(c, 'supervision_issued')).toMatchObject({ timeline: 1 });
  });
});
