// Signing in to the console on the real stack: the session cookie and its attributes, wrong passwords
// and their throttling (in the database, seen by a second API process), idle and absolute expiry,
// signing out, the CSRF token on cookie writes, the cookie and a bearer token side by side, the Secure
// flag behind TLS or a trusted proxy, and one-time passwords.
import { setPassword } from '../../src/accounts';
import { demoPassword } from '../../src/accounts/demo';
import { createApp } from '../../src/api/app';
import { actionPath, driveTo, expectOk, listen } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { sessionCookieOf, signInAs } from '../support/session';

let stack: ApiStack;
/** Each test its own addresses (the API trusts X-Forwarded-For here), so per-address counts do not mix. */
let nextAddress = 1;
const address = () => ({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  stack = await startApiStack({
    trustProxy: true,
    signIn: { maxFailuresPerUser: 3, maxFailuresPerAddress: 6, windowMs: 60_000 },
    organisationName: '示范市信访局',
  });
});
afterAll(async () => stack?.close());

describe('signing in', () => {
  test('the right password: 201, an HttpOnly SameSite=Strict cookie for the whole site, who is signed in and the CSRF token', async () => {
    const s = await signInAs(stack.baseUrl, 'officer-li', demoPassword('officer-li'), address());
    expect(s.signIn.status).toBe(201);
    const cookie = sessionCookieOf(s.signIn)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    expect(cookie.attributes).not.toContain('Secure'); // plain HTTP, no proxy saying otherwise
    expect(s.signIn.headers.get('cache-control')).toBe('no-store');
    expect(s.signIn.body).toEqual({
      user: { id: 'officer-li', name: '李承办 Li (labour case officer)', role: 'case_officer', unitId: 'unit-labour', unitName: '市人力资源和社会保障局 Labour Bureau' },
      organisation: { name: '示范市信访局', timeZone: 'Asia/Shanghai' },
      via: 'session',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      idleExpiresAt: expect.any(String),
      expiresAt: expect.any(String),
      passwordChangeRequired: false,
    });
    // The database holds a hash of the cookie's secret, never the secret.
    const rows = await stack.db.session.findMany({ where: { userId: 'officer-li' } });
    expect(JSON.stringify(rows)).not.toContain(cookie.value);

    const who = await s.get('/api/v1/session');
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ user: { id: 'officer-li' }, via: 'session', csrfToken: s.csrfToken });
    // The cookie signs in every endpoint: the officer's list, in their scope.
    expect((await s.get('/api/v1/petitions?limit=1')).status).toBe(200);
    expect((await s.get('/api/v1/statistics?from=2026-11-01&to=2026-11-30')).status).toBe(403); // a case officer's role, as with a token
  });

  test('a wrong password, an unknown user and a disabled user get the same 401, and no cookie', async () => {
    await stack.db.user.create({ data: { id: 'gone-officer', name: 'Gone', role: 'case_officer', unitId: 'unit-labour', disabledAt: new Date() } });
    await setPassword(stack.db, 'gone-officer', 'a-password-that-works');
    await stack.db.user.update({ where: { id: 'gone-officer' }, data: { disabledAt: new Date() } });
    const answers = await Promise.all([
      signInAs(stack.baseUrl, 'officer-chen', 'not-the-password', address()),
      signInAs(stack.baseUrl, 'nobody-here', 'whatever-password', address()),
      signInAs(stack.baseUrl, 'gone-officer', 'a-password-that-works', address()),
    ]);
    for (const a of answers) {
      expect(a.signIn.status).toBe(401);
      expect(a.signIn.body).toEqual({ error: { code: 'invalid_credentials', message: 'the user name or the password is wrong', details: null } });
      expect(sessionCookieOf(a.signIn)).toBeUndefined();
    }
    expect(await stack.db.session.count({ where: { userId: { in: ['officer-chen', 'gone-officer'] } } })).toBe(0);
    // Bad input is a 400 on the field, as everywhere.
    const bad = await stack.http.post('/api/v1/session', { username: 'officer-li' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'password', message: expect.any(String) }]);
  });
});

test('an office behind one address signs in together: sign-in allows ten times the public rate limit per address', async () => {
  const app = await listen(createApp({ ...stack.deps, trustProxy: undefined, rateLimits: { publicPerMinute: 2, perUserPerMinute: 1000 } }));
  try {
    const users = ['officer-li', 'officer-chen', 'supervisor-sun', 'supervisor-zhao', 'intake-wang'];
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push((await signInAs(app.baseUrl, users[i % users.length]!)).signIn.status);
    expect(answers).toEqual(Array(20).fill(201));
    const over = await signInAs(app.baseUrl, 'officer-li');
    expect([over.signIn.status, over.signIn.body.error.code]).toEqual([429, 'rate_limited']);
    // Other public endpoints keep the plain limit.
    const tracking = await Promise.all([1, 2, 3].map(() => app.http.get('/api/v1/tracking/NOSUCHCODE')));
    expect(tracking.map((r) => r.status)).toEqual([404, 404, 429]);
  } finally {
    await app.close();
  }
});

describe('throttling wrong passwords (3 per user name, 6 per address, in a minute)', () => {
  test('per user name: after 3 failures even the right password is refused with 429 and Retry-After, from any address; other users are not', async () => {
    for (let i = 0; i < 3; i++) expect((await signInAs(stack.baseUrl, 'supervisor-sun', `wrong-${i}-password`, address())).signIn.status).toBe(401);
    const blocked = await signInAs(stack.baseUrl, 'supervisor-sun', demoPassword('supervisor-sun'), address());
    expect(blocked.signIn.status).toBe(429);
    expect(blocked.signIn.body.error.code).toBe('too_many_failed_sign_ins');
    expect(blocked.signIn.body.error.message).toContain('for this user name');
    const retryAfter = Number(blocked.signIn.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // An unknown user name is throttled the same way: the answer never tells whether the user exists.
    for (let i = 0; i < 3; i++) await signInAs(stack.baseUrl, 'no-such-user', `wrong-${i}-password`, address());
    expect((await signInAs(stack.baseUrl, 'no-such-user', 'wrong-x-password', address())).signIn.status).toBe(429);
    // Someone else signs in as usual.
    expect((await signInAs(stack.baseUrl, 'supervisor-zhao', demoPassword('supervisor-zhao'), address())).signIn.status).toBe(201);

    // The count is in the database: another API process on the same database refuses as well.
    const other = await listen(createApp({ ...stack.deps, trustProxy: true }));
    try {
      const res = await other.http.post('/api/v1/session', { username: 'supervisor-sun', password: demoPassword('supervisor-sun') }, address());
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }
    expect(await stack.db.attemptThrottle.findUnique({ where: { key: 'sign-in:user:supervisor-sun' } })).toMatchObject({ failures: 3, blockedUntil: expect.any(Date) });
  });

  test('per address: 6 failures with different user names from one address block that address, not the others', async () => {
    const from = address();
    for (let i = 0; i < 6; i++) expect((await signInAs(stack.baseUrl, `guess-${i}`, 'wrong-password', from)).signIn.status).toBe(401);
    const blocked = await signInAs(stack.baseUrl, 'intake-wang', demoPassword('intake-wang'), from);
    expect(blocked.signIn.status).toBe(429);
    expect(blocked.signIn.body.error.message).toContain('from this address');
    expect((await signInAs(stack.baseUrl, 'intake-wang', demoPassword('intake-wang'), address())).signIn.status).toBe(201);
  });

  test('a success clears the user name\'s failures', async () => {
    for (let i = 0; i < 2; i++) await signInAs(stack.baseUrl, 'petitioner-zhou', 'wrong-password', address());
    expect((await signInAs(stack.baseUrl, 'petitioner-zhou', demoPassword('petitioner-zhou'), address())).signIn.status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await signInAs(stack.baseUrl, 'petitioner-zhou', 'wrong-password', address())).signIn.status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'petitioner-zhou', demoPassword('petitioner-zhou'), address())).signIn.status).toBe(201);
  });
});

describe('session lifetime', () => {
  test('idle timeout: requests keep the session alive; 1.5 s without one ends it (401, cookie cleared)', async () => {
    const app = await listen(createApp({ ...stack.deps, sessions: { idleMs: 1500, maxMs: 60_000 } }));
    try {
      const s = await signInAs(app.baseUrl, 'officer-chen');
      for (let i = 0; i < 3; i++) {
        await sleep(900);
        expect((await s.get('/api/v1/session')).status).toBe(200); // 2.7 s in all, never 1.5 s idle
      }
      await sleep(1800);
      const ended = await s.get('/api/v1/session');
      expect(ended.status).toBe(401);
      expect(ended.body.error.message).toContain('sign in again');
      expect(sessionCookieOf(ended)).toMatchObject({ value: '', attributes: expect.arrayContaining(['Max-Age=0']) });
      expect(s.cookie()).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  test('absolute limit: an active session still ends 2 s after signing in', async () => {
    const app = await listen(createApp({ ...stack.deps, sessions: { idleMs: 60_000, maxMs: 2000 } }));
    try {
      const s = await signInAs(app.baseUrl, 'officer-chen');
      expect(new Date(s.signIn.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(2000);
      await sleep(1000);
      expect((await s.get('/api/v1/session')).status).toBe(200);
      await sleep(1200);
      expect((await s.get('/api/v1/session')).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  test('signing out ends the session (the old cookie no longer works) and clears the cookie; it needs the CSRF token', async () => {
    const s = await signInAs(stack.baseUrl, 'officer-chen');
    const oldCookie = s.cookie()!;
    const forged = await s.call('DELETE', '/api/v1/session', undefined, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    expect((await s.get('/api/v1/session')).status).toBe(200);

    const out = await s.call('DELETE', '/api/v1/session');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: true });
    expect(sessionCookieOf(out)?.value).toBe('');
    const replayed = await stack.http.get('/api/v1/session', { cookie: `petition_session=${oldCookie}` });
    expect(replayed.status).toBe(401);
    // Signing out again, or without any session, is not an error.
    expect((await stack.http.call('DELETE', '/api/v1/session', undefined, { cookie: `petition_session=${oldCookie}` })).body).toEqual({ signedOut: false });
  });
});

describe('CSRF and the two ways of signing in', () => {
  test('a cookie write without the CSRF token, or with a wrong one, is 403 and changes nothing; with it, it is done', async () => {
    const c = await driveTo(stack, 'registered', { unitId: 'unit-housing', petitioner: 'petitioner-zhou' });
    const s = await signInAs(stack.baseUrl, 'officer-chen');
    for (const csrf of [false, 'x'.repeat(43), s.csrfToken!.slice(0, 20)] as const) {
      const res = await s.post(actionPath(c.id, 'accept'), {}, { csrf });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_failed');
    }
    expect((await stack.as('admin').get(`/api/v1/petitions/${c.id}`)).body.petition.status).toBe('registered');
    // Another session's token does not fit this one.
    const other = await signInAs(stack.baseUrl, 'officer-chen');
    expect((await s.post(actionPath(c.id, 'accept'), {}, { csrf: other.csrfToken! })).status).toBe(403);

    const done = await s.post(actionPath(c.id, 'accept'), {});
    expect(done.status).toBe(200);
    expect(done.body.petition.status).toBe('accepted');
    expect(done.body.petition.timeline.at(-1)).toMatchObject({ type: 'accepted', actor: 'officer-chen' });
  });

  test('a bearer token needs no CSRF token; with a token and a cookie, the token decides who is calling', async () => {
    const c = await driveTo(stack, 'registered', { unitId: 'unit-labour' });
    expect((await stack.as('officer-li').post(actionPath(c.id, 'accept'), {})).status).toBe(200);
    const petitioner = await signInAs(stack.baseUrl, 'petitioner-zhou');
    const who = await stack.http.get('/api/v1/session', { cookie: `petition_session=${petitioner.cookie()}`, authorization: 'Bearer demo-officer-labour-token' });
    expect(who.body).toMatchObject({ user: { id: 'officer-li' }, via: 'bearer', csrfToken: null, idleExpiresAt: null });
  });

  test('the cookie cannot be sent by another site\'s script: CORS does not allow the CSRF header', async () => {
    const preflight = await fetch(`${stack.baseUrl}/api/v1/session`, {
      method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'x-csrf-token' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect((preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase()).not.toContain('x-csrf-token');
  });
});

describe('the Secure flag', () => {
  test('set when the request came over TLS through a trusted proxy (X-Forwarded-Proto: https); not when the proxy is not trusted', async () => {
    const trusted = await signInAs(stack.baseUrl, 'officer-li', demoPassword('officer-li'), { 'x-forwarded-proto': 'https', ...address() });
    expect(sessionCookieOf(trusted.signIn)!.attributes).toContain('Secure');
    const untrustedApp = await listen(createApp({ ...stack.deps, trustProxy: undefined }));
    try {
      const untrusted = await signInAs(untrustedApp.baseUrl, 'officer-li', demoPassword('officer-li'), { 'x-forwarded-proto': 'https' });
      expect(untrusted.signIn.status).toBe(201);
      expect(sessionCookieOf(untrusted.signIn)!.attributes).not.toContain('Secure');
      // Signing out over TLS clears it with the same attributes.
      const out = await trusted.call('DELETE', '/api/v1/session', undefined, { headers: { 'x-forwarded-proto': 'https' } });
      expect(sessionCookieOf(out)!.attributes).toEqual(expect.arrayContaining(['Secure', 'Max-Age=0']));
    } finally {
      await untrustedApp.close();
    }
  });
});

describe('passwords', () => {
  test('after a one-time password, only the session endpoints answer until the user chooses their own; then every other session has ended', async () => {
    await stack.db.user.create({ data: { id: 'officer-new', name: '新 New', role: 'case_officer', unitId: 'unit-housing' } });
    await setPassword(stack.db, 'officer-new', 'first-password-9');
    const earlier = await signInAs(stack.baseUrl, 'officer-new', 'first-password-9', address());
    await setPassword(stack.db, 'officer-new', 'OneTime-7788', { oneTime: true });
    expect((await earlier.get('/api/v1/session')).status).toBe(401); // a reset ends the sessions

    const s = await signInAs(stack.baseUrl, 'officer-new', 'OneTime-7788', address());
    expect(s.signIn.body.passwordChangeRequired).toBe(true);
    const refused = await s.get('/api/v1/petitions');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('password_change_required');
    const other = await signInAs(stack.baseUrl, 'officer-new', 'OneTime-7788', address());

    const weak = await s.post('/api/v1/session/password', { currentPassword: 'OneTime-7788', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toEqual([{ field: 'newPassword', message: 'at least 10 characters' }]);
    const wrong = await s.post('/api/v1/session/password', { currentPassword: 'not-it-at-all', newPassword: 'my-own-password-1' });
    expect(wrong.body.error.details).toEqual([{ field: 'currentPassword', message: 'wrong password' }]);
    const changed = await s.post('/api/v1/session/password', { currentPassword: 'OneTime-7788', newPassword: 'my-own-password-1' });
    expect(changed.status).toBe(200);
    expect(changed.body.passwordChangeRequired).toBe(false);
    expect((await s.get('/api/v1/petitions')).status).toBe(200);
    expect((await other.get('/api/v1/session')).status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'officer-new', 'OneTime-7788', address())).signIn.status).toBe(401);
    expect((await signInAs(stack.baseUrl, 'officer-new', 'my-own-password-1', address())).signIn.status).toBe(201);
    const stored = await stack.db.user.findUniqueOrThrow({ where: { id: 'officer-new' } });
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored.passwordHash).not.toContain('my-own-password-1');
  });

  test('a bearer token with GET /api/v1/session answers who it belongs to', async () => {
    const res = expectOk(await stack.as('supervisor-zhao').get('/api/v1/session'), 'session by token');
    expect(res.body).toMatchObject({ user: { id: 'supervisor-zhao', role: 'supervisor', unitId: 'petition-office' }, via: 'bearer', csrfToken: null, expiresAt: null });
    expect((await stack.http.get('/api/v1/session')).status).toBe(401);
  });
});
