// Signing in to the console (POST), who is signed in (GET), signing out (DELETE), and changing one's own
// password. The session lives in an HttpOnly cookie; its CSRF token is in the answer, for X-CSRF-Token.
import { AccountError, setPassword } from '../../accounts';
import { csrfTokenMatches, csrfTokenOf, endSession, startSession, useSession, type SessionSettings } from '../../accounts/sessions';
import { accessReadsFor } from '../../db/accessReads';
import type { Db } from '../../db/client';
import type { PolicyDocument } from '../../domain';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { bearerToken, CSRF_HEADER, principalFor, principalOfUser, sessionCookie, sessionSecret } from '../http/principal';
import { ChangePasswordSchema, SessionSchema, SignedOutSchema, SignInSchema } from '../schemas/session';
import { checkCurrentPassword, checkPassword, sessionAnswer, type SignInSettings } from '../services/signIn';

export interface SessionDeps {
  db: Db;
  policy: PolicyDocument;
  sessions: SessionSettings;
  signIn: SignInSettings;
  organisationName?: string;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

export function sessionEndpoints(deps: SessionDeps): Endpoint[] {
  const answer = (a: Omit<Parameters<typeof sessionAnswer>[1], 'timeZone' | 'organisationName'>) =>
    sessionAnswer(deps.db, { ...a, timeZone: deps.policy.timeZone, organisationName: deps.organisationName });
  return [
    endpoint({
      operationId: 'signIn',
      method: 'post',
      path: '/api/v1/session',
      summary: 'Sign in with user name and password',
      description: `Starts a console session: the answer sets the session cookie (HttpOnly, SameSite=Strict, Path=/, Secure when the request came over TLS) `
        + `and carries the CSRF token to send as ${CSRF_HEADER} on every write made with the cookie. The session ends after `
        + `${minutes(deps.sessions.idleMs)} minutes without a request, and ${minutes(deps.sessions.maxMs)} minutes after signing in in any case. `
        + `A wrong user name or password is 401 (the same answer whether or not the user exists); after ${deps.signIn.maxFailuresPerUser} failures for a user name `
        + `(or ${deps.signIn.maxFailuresPerAddress} from an address) within ${minutes(deps.signIn.windowMs)} minutes, sign-ins are refused with 429 and Retry-After until the window ends.`,
      tags: ['session'],
      auth: 'public',
      // A whole office behind one address signs in at the start of the day; guessing is throttled in the database.
      publicLimitFactor: 10,
      body: SignInSchema,
      errors: [401],
      responses: { 201: { description: 'Signed in; the cookie is set', schema: SessionSchema } },
      async handle({ body, req, res }) {
        const user = await checkPassword(deps.db, deps.signIn, req, res, body.username, body.password);
        const started = await startSession(deps.db, user.id, deps.sessions, req.header('user-agent'));
        const principal = await principalOfUser(accessReadsFor(deps.db), { userId: user.id, role: user.role, unitId: user.unitId });
        res.append('Set-Cookie', sessionCookie(req, started.secret));
        return {
          status: 201,
          headers: { 'Cache-Control': 'no-store' },
          body: await answer({
            principal, via: 'session', csrfToken: started.csrfToken,
            session: { idleExpiresAt: started.idleExpiresAt, expiresAt: started.expiresAt, passwordChangeRequired: user.passwordChangeRequired },
          }),
        };
      },
    }),
    endpoint({
      operationId: 'getSession',
      method: 'get',
      path: '/api/v1/session',
      summary: 'Who is signed in',
      description: 'The signed-in user (with the session cookie or a bearer token): role, unit, the organisation\'s name and time zone, and with the cookie the CSRF token '
        + 'and when the session ends. Reading it counts as activity (the idle timeout slides). 401 when nobody is signed in or the session has ended.',
      tags: ['session'],
      auth: 'bearer',
      beforePasswordChange: true,
      responses: { 200: { description: 'The session', schema: SessionSchema } },
      async handle({ principal, caller }) {
        const s = caller.session;
        return {
          headers: { 'Cache-Control': 'no-store' },
          body: await answer({ principal: principal!, via: caller.via!, csrfToken: s ? csrfTokenOf(s.secret) : undefined, session: s }),
        };
      },
    }),
    endpoint({
      operationId: 'signOut',
      method: 'delete',
      path: '/api/v1/session',
      summary: 'Sign out',
      description: `Ends the session of the cookie (which needs the session's ${CSRF_HEADER}) and clears the cookie. Always succeeds: without a session, or with one that `
        + 'has already ended, there is nothing to end and the cookie is cleared. A bearer token is not affected (revoke it instead).',
      tags: ['session'],
      auth: 'public',
      errors: [401],
      responses: { 200: { description: 'Signed out', schema: SignedOutSchema } },
      async handle({ req, res }) {
        // A token sent along must be a real one, as everywhere (signing out does not end it).
        const token = bearerToken(req);
        if (token !== undefined) await principalFor(deps.db, token);
        const secret = sessionSecret(req);
        let signedOut = false;
        if (secret && (await useSession(deps.db, secret, deps.sessions))) {
          if (!csrfTokenMatches(secret, req.header(CSRF_HEADER))) {
            throw new ApiError(403, 'csrf_failed', `signing out with the session cookie needs the session's CSRF token in the ${CSRF_HEADER} header`);
          }
          signedOut = await endSession(deps.db, secret);
        }
        res.append('Set-Cookie', sessionCookie(req, null));
        return { headers: { 'Cache-Control': 'no-store' }, body: { signedOut } };
      },
    }),
    endpoint({
      operationId: 'changePassword',
      method: 'post',
      path: '/api/v1/session/password',
      summary: 'Change your own password',
      description: 'With the current password (after an admin\'s reset: the one-time password). Every other session of the user ends; this one goes on. '
        + 'A wrong current password counts as a failed sign-in (and is throttled the same way).',
      tags: ['session'],
      auth: 'bearer',
      beforePasswordChange: true,
      body: ChangePasswordSchema,
      responses: { 200: { description: 'Changed; the session as it is now', schema: SessionSchema } },
      async handle({ body, principal, caller, req, res }) {
        await checkCurrentPassword(deps.db, deps.signIn, req, res, principal!.userId, body.currentPassword);
        if (body.newPassword === body.currentPassword) {
          throw new ApiError(400, 'validation_failed', 'newPassword: must differ from the current password', [{ field: 'newPassword', message: 'must differ from the current password' }]);
        }
        try {
          await setPassword(deps.db, principal!.userId, body.newPassword, { keepSessionId: caller.session?.id });
        } catch (err) {
          if (!(err instanceof AccountError)) throw err;
          const message = err.message.replace(/^password: /, '');
          throw new ApiError(400, 'validation_failed', `newPassword: ${message}`, [{ field: 'newPassword', message }]);
        }
        const s = caller.session;
        return {
          headers: { 'Cache-Control': 'no-store' },
          body: await answer({
            principal: principal!, via: caller.via!, csrfToken: s ? csrfTokenOf(s.secret) : undefined,
            session: s ? { ...s, passwordChangeRequired: false } : undefined,
          }),
        };
      },
    }),
  ];
}
