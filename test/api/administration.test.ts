// Administration over HTTP on the real stack: the unit tree, users, roles and disabling, password resets
// and API tokens, each checked by what it changes for the people concerned (what they see, whether they
// can sign in, whether a token works), and by the refusals.
import { expectOk } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { httpClient } from '../support/http';
import { signInAs } from '../support/session';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => stack?.close());

const admin = () => stack.as('admin');
const ids = (units: { id: string }[]) => units.map((u) => u.id);

describe('units', () => {
  test('create, rename, move; refusals say which field; the scope follows the tree at once', async () => {
    const created = await admin().post('/api/v1/admin/units', { id: 'unit-transport', name: '交通局 Transport', parentId: 'petition-office' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'unit-transport', name: '交通局 Transport', parentId: 'petition-office' });
    expect((await admin().post('/api/v1/admin/units', { id: 'unit-transport', name: 'Again' })).body.error).toMatchObject({ code: 'already_exists' });
    expect((await admin().post('/api/v1/admin/units', { id: 'unit-x', name: 'X', parentId: 'nowhere' })).body.error)
      .toMatchObject({ code: 'validation_failed', details: [{ field: 'parentId', message: 'unit nowhere does not exist' }] });

    const renamed = expectOk(await admin().call('PATCH', '/api/v1/admin/units/unit-transport', { name: '市交通运输局 Transport Bureau' }), 'rename').body;
    expect(renamed).toMatchObject({ name: '市交通运输局 Transport Bureau', parentId: 'petition-office' });
    // Moved under labour: supervisor-sun's scope (labour and below) takes it in from his next request.
    expect(ids((await stack.as('supervisor-sun').get('/api/v1/units')).body.units)).not.toContain('unit-transport');
    expectOk(await admin().call('PATCH', '/api/v1/admin/units/unit-transport', { parentId: 'unit-labour' }), 'move');
    expect(ids((await stack.as('supervisor-sun').get('/api/v1/units')).body.units)).toContain('unit-transport');

    const cycle = await admin().call('PATCH', '/api/v1/admin/units/unit-labour', { parentId: 'unit-transport' });
    expect(cycle.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'parentId', message: 'unit unit-transport is below unit-labour: units form a tree' }] });
    expect((await admin().call('PATCH', '/api/v1/admin/units/unit-labour', {})).status).toBe(400); // nothing to change
    expect((await admin().call('PATCH', '/api/v1/admin/units/no-such-unit', { name: 'X' })).status).toBe(404);
    expectOk(await admin().call('PATCH', '/api/v1/admin/units/unit-transport', { parentId: null }), 'to the top');
    expect((await admin().get('/api/v1/units')).body.units.find((u: { id: string }) => u.id === 'unit-transport')).toMatchObject({ parentId: null, depth: 0 });
  });
});

describe('users', () => {
  test('create with a one-time password: the user signs in, must choose their own, then works in their scope', async () => {
    const created = await admin().post('/api/v1/admin/users', {
      id: 'officer-ma', name: '马承办 Ma', role: 'case_officer', unitId: 'unit-labour', password: 'Welcome-2026-ma', oneTimePassword: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'officer-ma', name: '马承办 Ma', role: 'case_officer', unitId: 'unit-labour', unitName: '市人力资源和社会保障局 Labour Bureau',
      disabled: false, password: 'one_time', activeTokens: 0, createdAt: expect.any(String),
    });
    const s = await signInAs(stack.baseUrl, 'officer-ma', 'Welcome-2026-ma');
    expect(s.signIn.body.passwordChangeRequired).toBe(true);
    expectOk(await s.post('/api/v1/session/password', { currentPassword: 'Welcome-2026-ma', newPassword: 'Ma-own-secret-7' }), 'change');
    expect((await s.get('/api/v1/units')).body.units.map((u: { id: string }) => u.id)).toEqual(['unit-labour']);
  });

  test('refusals: a staff role without a unit, a petitioner with one, a reserved or taken id, a weak password', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ id: 'u1', name: 'U', role: 'case_officer' }, 400, 'unitId'],
      [{ id: 'u2', name: 'U', role: 'petitioner', unitId: 'unit-labour' }, 400, 'unitId'],
      [{ id: 'u3', name: 'U', role: 'supervisor', unitId: 'nowhere' }, 400, 'unitId'],
      [{ id: 'anonymous', name: 'U', role: 'petitioner' }, 400, 'id'],
      [{ id: 'u4', name: 'U', role: 'petitioner', password: 'short' }, 400, 'password'],
      [{ id: 'u5', name: 'U', role: 'boss' }, 400, 'role'],
      [{ id: 'officer-li', name: 'Li again', role: 'petitioner' }, 409, 'id'],
    ];
    for (const [body, status, field] of cases) {
      const res = await admin().post('/api/v1/admin/users', body);
      expect({ body, status: res.status, field: res.body.error?.details?.[0]?.field }).toEqual({ body, status, field });
    }
    expect(await stack.db.user.count({ where: { id: { in: ['u1', 'u2', 'u3', 'u4', 'u5', 'anonymous'] } } })).toBe(0);
  });

  test('list with filters; a role or unit change applies from the user\'s next request', async () => {
    const all = expectOk(await admin().get('/api/v1/admin/users'), 'users').body.users;
    expect(all.find((u: { id: string }) => u.id === 'officer-li')).toMatchObject({ role: 'case_officer', password: 'set', activeTokens: 1, disabled: false });
    expect(ids((await admin().get('/api/v1/admin/users?role=supervisor')).body.users)).toEqual(['supervisor-zhao', 'supervisor-sun']); // by unit: the office, then labour
    expect(ids((await admin().get('/api/v1/admin/users?unitId=unit-housing')).body.users)).toEqual(['officer-chen']);
    expect(ids((await admin().get('/api/v1/admin/users?q=zhou')).body.users)).toEqual(['petitioner-zhou']);

    await admin().post('/api/v1/admin/users', { id: 'officer-xu', name: 'Xu', role: 'case_officer', unitId: 'unit-housing' });
    const token = (await admin().post('/api/v1/admin/users/officer-xu/tokens', { label: 'test' })).body.token as string;
    const xu = httpClient(stack.baseUrl, { authorization: `Bearer ${token}` });
    expect(ids((await xu.get('/api/v1/units')).body.units)).toEqual(['unit-housing']);
    const promoted = expectOk(await admin().call('PATCH', '/api/v1/admin/users/officer-xu', { role: 'supervisor', unitId: 'unit-labour' }), 'promote').body;
    expect(promoted).toMatchObject({ role: 'supervisor', unitId: 'unit-labour' });
    expect(ids((await xu.get('/api/v1/units')).body.units)).toEqual(['unit-labour', 'unit-labour-arbitration']);
    // A petitioner has no unit: the unit goes with the role.
    expect(expectOk(await admin().call('PATCH', '/api/v1/admin/users/officer-xu', { role: 'petitioner' }), 'demote').body).toMatchObject({ role: 'petitioner', unitId: null });
    expect((await xu.get('/api/v1/units')).status).toBe(403);
    expect((await admin().call('PATCH', '/api/v1/admin/users/nobody', { name: 'X' })).status).toBe(404);
  });

  test('disabling: tokens revoked, sessions ended, sign-in refused; enabling lets the password work again (not the old tokens)', async () => {
    const s = await signInAs(stack.baseUrl, 'officer-chen');
    expect((await stack.as('officer-chen').get('/api/v1/session')).status).toBe(200);
    const disabled = expectOk(await admin().call('PATCH', '/api/v1/admin/users/officer-chen', { disabled: true }), 'disable').body;
    expect(disabled).toMatchObject({ disabled: true, activeTokens: 0 });
    expect((await stack.as('officer-chen').get('/api/v1/session')).status).toBe(401);
    expect((await s.get('/api/v1/session')).status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'officer-chen')).signIn.status).toBe(401);
    expect((await admin().post('/api/v1/admin/users/officer-chen/tokens', {})).status).toBe(409);

    expectOk(await admin().call('PATCH', '/api/v1/admin/users/officer-chen', { disabled: false }), 'enable');
    expect((await signInAs(stack.baseUrl, 'officer-chen')).signIn.status).toBe(201);
    expect((await stack.as('officer-chen').get('/api/v1/session')).status).toBe(401);
  });

  test('an admin cannot disable themselves or change their own role', async () => {
    for (const body of [{ disabled: true }, { role: 'supervisor', unitId: 'petition-office' }]) {
      const res = await admin().call('PATCH', '/api/v1/admin/users/admin', body);
      expect([res.status, res.body.error.code]).toEqual([409, 'not_allowed']);
    }
    expect((await admin().call('PATCH', '/api/v1/admin/users/admin', { name: '系统管理员 Admin' })).status).toBe(200);
  });
});

describe('passwords and tokens', () => {
  test('a reset generates a one-time password shown once, ends the user\'s sessions; a given password may be permanent', async () => {
    const before = await signInAs(stack.baseUrl, 'petitioner-liu');
    const reset = expectOk(await admin().post('/api/v1/admin/users/petitioner-liu/password', {}), 'reset').body;
    expect(reset).toEqual({ userId: 'petitioner-liu', password: expect.stringMatching(/^[A-Za-z2-9]{7}-[A-Za-z2-9]{7}$/), oneTime: true });
    expect((await before.get('/api/v1/session')).status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'petitioner-liu')).signIn.status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'petitioner-liu', reset.password)).signIn.body.passwordChangeRequired).toBe(true);

    const given = expectOk(await admin().post('/api/v1/admin/users/petitioner-liu/password', { password: 'Liu-fixed-pass-88', oneTime: false }), 'given').body;
    expect(given).toEqual({ userId: 'petitioner-liu', password: null, oneTime: false });
    expect((await signInAs(stack.baseUrl, 'petitioner-liu', 'Liu-fixed-pass-88')).signIn.body.passwordChangeRequired).toBe(false);
    const weak = await admin().post('/api/v1/admin/users/petitioner-liu/password', { password: 'abcabcabcabc' });
    expect(weak.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'password', message: 'too simple: use at least 4 different characters' }] });
    expect((await admin().post('/api/v1/admin/users/nobody/password', {})).status).toBe(404);
  });

  test('a token is shown once and works; the list never shows it; revoked, it stops at once', async () => {
    const issued = await admin().post('/api/v1/admin/users/supervisor-sun/tokens', { label: '孙的笔记本 laptop' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ userId: 'supervisor-sun', label: '孙的笔记本 laptop', revokedAt: null, token: expect.stringMatching(/^pt_/) });
    const client = httpClient(stack.baseUrl, { authorization: `Bearer ${issued.body.token}` });
    expect((await client.get('/api/v1/session')).body.user.id).toBe('supervisor-sun');

    const list = expectOk(await admin().get('/api/v1/admin/tokens?userId=supervisor-sun'), 'tokens');
    expect(list.body.tokens.map((t: { id: string }) => t.id)).toEqual(['demo-supervisor-sun', issued.body.id]);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.token);
    expect(list.body.tokens[1].lastUsedAt).not.toBeNull();

    const revoked = expectOk(await admin().post(`/api/v1/admin/tokens/${issued.body.id}/revoke`, {}), 'revoke').body;
    expect(revoked.revokedAt).not.toBeNull();
    expect((await client.get('/api/v1/session')).status).toBe(401);
    expect(expectOk(await admin().post(`/api/v1/admin/tokens/${issued.body.id}/revoke`, {}), 'again').body.revokedAt).toBe(revoked.revokedAt);
    expect((await admin().post('/api/v1/admin/tokens/no-such-token/revoke', {})).status).toBe(404);
  });

  test('only an admin: 403 for every other role; the console admin page works with the cookie and the CSRF token', async () => {
    for (const user of ['supervisor-zhao', 'intake-wang', 'officer-li', 'petitioner-zhou']) {
      expect((await stack.as(user).get('/api/v1/admin/users')).status).toBe(403);
    }
    const s = await signInAs(stack.baseUrl, 'admin');
    expect((await s.post('/api/v1/admin/units', { id: 'unit-csrf', name: 'X' }, { csrf: false })).status).toBe(403);
    expect((await s.post('/api/v1/admin/units', { id: 'unit-csrf', name: 'X' })).status).toBe(201);
  });
});
