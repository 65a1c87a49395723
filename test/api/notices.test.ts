// The notices inbox on the real stack: cases driven by the people who would act on them, and each
// user's inbox holding exactly the internal notices addressed to them (by name, by the scope of their
// units, by their unit), unread first, with read marks per user and keyset pages.
import type { CaseView } from '../../src/domain';
import { act, driveTo, expectOk } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { signInAs } from '../support/session';

let stack: ApiStack;
let labour: CaseView; // in handling with officer-li, extension requested, supervised by zhao and answered, escalated with sun as leader
let routed: CaseView; // routed by the office to housing

interface Notice { id: number; petitionId: string; kind: string; recipient: string; read: boolean; title: string | null; queryCode: string; data: Record<string, unknown> }

const inbox = async (user: string, query = '') => expectOk(await stack.as(user).get(`/api/v1/notices${query}`), `${user}'s notices`).body as { items: Notice[]; unreadCount: number; nextCursor: string | null };
/** The caller's notices of the cases of this file, as petitionId:kind:recipient. */
const kindsOf = (items: Notice[]) => items.filter((n) => [labour.id, routed.id].includes(n.petitionId)).map((n) => `${n.petitionId === labour.id ? 'labour' : 'routed'}:${n.kind}:${n.recipient}`).sort();

beforeAll(async () => {
  stack = await startApiStack();
  labour = await driveTo(stack, 'in_handling', { unitId: 'unit-labour' });
  labour = await act(stack, 'officer-li', labour, 'requestExtension', { days: 10, reason: 'Witnesses to hear' });
  labour = await act(stack, 'supervisor-zhao', labour, 'supervise', { instruction: 'Report within a week.' });
  const notice = await eventually(async () => (await stack.as('admin').get(`/api/v1/petitions/${labour.id}`)).body.petition.supervision[0], 'the supervision notice');
  labour = await act(stack, 'officer-li', labour, 'answerSupervision', { noticeId: notice.id, answer: 'Hearing on Monday.' });
  labour = await act(stack, 'supervisor-zhao', labour, 'escalate', { reason: 'Sensitive', level: 1, leaderOwnerId: 'supervisor-sun' });
  routed = await driveTo(stack, 'routed', { unitId: 'unit-housing', petitioner: 'petitioner-zhou' });
  // Every notice is projected (signals are projected within a second).
  await eventually(async () => ((await stack.db.notification.count({ where: { petitionId: labour.id, kind: 'case_owned' } })) ? true : undefined), 'notices projected');
});
afterAll(async () => stack?.close());

test('each user gets exactly the notices addressed to them: by name, by the scope of their units, by their unit', async () => {
  expect(kindsOf((await inbox('officer-li')).items)).toEqual([
    'labour:case_assigned:officer', 'labour:escalated:officer', 'labour:supervision_notice:unit',
  ]);
  expect(kindsOf((await inbox('supervisor-sun')).items)).toEqual([
    'labour:case_owned:leader', 'labour:extension_requested:supervisor', 'labour:supervision_notice:unit',
  ]);
  // zhao's scope (the office and below) holds both cases; the answer to his own supervision notice is his by name.
  expect(kindsOf((await inbox('supervisor-zhao')).items)).toEqual([
    'labour:extension_requested:supervisor', 'labour:supervision_answered:supervisor',
  ]);
  expect(kindsOf((await inbox('officer-chen')).items)).toEqual(['routed:petition_routed:unit']);
  expect(kindsOf((await inbox('intake-wang')).items)).toEqual([]);
  expect(kindsOf((await inbox('admin')).items)).toEqual([]);
  // A petitioner is told by SMS or letter, never in an inbox.
  expect((await stack.as('petitioner-liu').get('/api/v1/notices')).status).toBe(403);
});

test('read marks: unread first then newest; marking one read moves it and lowers the count; for that user only', async () => {
  const before = await inbox('supervisor-sun');
  expect(before.items.every((n, i, all) => i === 0 || (all[i - 1]!.read === n.read ? all[i - 1]!.id > n.id : !all[i - 1]!.read))).toBe(true);
  const newest = before.items[0]!;
  const marked = expectOk(await stack.as('supervisor-sun').post(`/api/v1/notices/${newest.id}/read`, {}), 'mark read').body;
  expect(marked).toEqual({ unreadCount: before.unreadCount - 1 });
  // Again: no change.
  expect((await stack.as('supervisor-sun').post(`/api/v1/notices/${newest.id}/read`, {})).body).toEqual({ unreadCount: before.unreadCount - 1 });
  const after = await inbox('supervisor-sun');
  expect(after.items.at(-1)).toMatchObject({ id: newest.id, read: true });
  expect(after.items.filter((n) => !n.read).map((n) => n.id)).toEqual(before.items.filter((n) => n.id !== newest.id).map((n) => n.id));
  expect((await inbox('supervisor-sun', '?status=unread')).items.map((n) => n.id)).not.toContain(newest.id);

  // zhao shares the extension request, and still has it unread.
  const shared = before.items.find((n) => n.kind === 'extension_requested')!;
  await stack.as('supervisor-sun').post(`/api/v1/notices/${shared.id}/read`, {});
  expect((await inbox('supervisor-zhao')).items.find((n) => n.id === shared.id)?.read).toBe(false);
  // Someone else's notice is not found, for marking too.
  expect((await stack.as('officer-chen').post(`/api/v1/notices/${newest.id}/read`, {})).status).toBe(404);
  expect((await stack.as('officer-chen').post('/api/v1/notices/999999999/read', {})).status).toBe(404);
});

test('a notice shows the case\'s query code, title (while the case is in scope) and kind, with its data', async () => {
  const li = (await inbox('officer-li')).items.find((n) => n.petitionId === labour.id && n.kind === 'escalated')!;
  expect(li).toMatchObject({ queryCode: labour.queryCode, title: labour.title, recipient: 'officer', read: false, data: { level: 1, queryCode: labour.queryCode } });
  expect(Date.parse((li as unknown as { createdAt: string }).createdAt)).not.toBeNaN();
  // Reassigned away: the notice stays li's, without the title of a case he no longer sees.
  labour = await act(stack, 'supervisor-zhao', labour, 'reassign', { unitId: 'unit-housing', officerId: 'officer-chen' });
  const after = (await inbox('officer-li')).items.find((n) => n.id === li.id)!;
  expect(after).toMatchObject({ queryCode: labour.queryCode, title: null });
  expect(kindsOf((await inbox('officer-chen')).items)).toContain('labour:case_assigned:officer');
  // The supervisors' notices follow the case's unit: sun's units no longer hold it; zhao's (the office and below) still do.
  expect(kindsOf((await inbox('supervisor-sun')).items)).toEqual(['labour:case_owned:leader', 'labour:supervision_notice:unit']);
  expect(kindsOf((await inbox('supervisor-zhao')).items)).toContain('labour:extension_requested:supervisor');
});

test('mark all read: every notice now is read; a later one is unread', async () => {
  expect(expectOk(await stack.as('officer-chen').post('/api/v1/notices/read-all', {}), 'read all').body).toEqual({ unreadCount: 0 });
  expect((await inbox('officer-chen', '?status=unread')).items).toEqual([]);
  expect((await inbox('officer-chen')).items.every((n) => n.read)).toBe(true);
  const c = await driveTo(stack, 'accepted', { unitId: 'unit-housing', petitioner: 'petitioner-zhou' });
  await act(stack, 'supervisor-zhao', c, 'assign', { unitId: 'unit-housing', officerId: 'officer-chen' });
  const now = await inbox('officer-chen');
  expect(now.unreadCount).toBe(1);
  expect(now.items[0]).toMatchObject({ petitionId: c.id, kind: 'case_assigned', read: false });
});

test('keyset pages: the same notices in the same order as one page, none twice, over the read/unread boundary', async () => {
  const whole = (await inbox('officer-chen', '?limit=100')).items.map((n) => n.id);
  expect(whole.length).toBeGreaterThanOrEqual(3);
  expect(new Set((await inbox('officer-chen', '?limit=100')).items.map((n) => n.read))).toEqual(new Set([true, false]));
  const paged: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await inbox('officer-chen', `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    paged.push(...page.items.map((n) => n.id));
    cursor = page.nextCursor;
  } while (cursor);
  expect(paged).toEqual(whole);
  const bad = await stack.as('supervisor-sun').get('/api/v1/notices?cursor=not-a-cursor');
  expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'cursor']);
});

test('the console reads its inbox with the session cookie, and marks with the CSRF token', async () => {
  const s = await signInAs(stack.baseUrl, 'officer-li');
  const page = await s.get('/api/v1/notices?status=unread');
  expect(page.status).toBe(200);
  const id = page.body.items[0].id;
  expect((await s.post(`/api/v1/notices/${id}/read`, {}, { csrf: false })).status).toBe(403);
  expect((await s.post(`/api/v1/notices/${id}/read`, {})).body.unreadCount).toBe(page.body.unreadCount - 1);
});
