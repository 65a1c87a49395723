// Signing in to the console, the session, and changing one's own password.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../accounts/passwords';
import { Id } from './common';

const instant = (description: string) => z.string().meta({ format: 'date-time', description: `${description} (ISO 8601 instant, UTC)` });

export const UserRoleSchema = z.enum(['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin']).meta({
  id: 'UserRole',
  description: 'petitioner 信访人 · intake_officer 登记人 · case_officer 承办人 · supervisor 督办人 · admin (runs the platform, acts on no case)',
});

/** Any text up to the length limit: a password is compared, never trimmed or judged here. */
const secretText = z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

export const SignInSchema = z.object({
  username: Id.meta({ description: 'The user name (user id), e.g. officer-li' }),
  password: secretText,
}).strict().meta({ description: 'User name and password. A wrong pair is 401 whether or not the user exists; repeated failures for a user name or from an address are refused with 429 for a while.' });

export const ChangePasswordSchema = z.object({
  currentPassword: secretText.meta({ description: 'The password used to sign in (the one-time password after an admin\'s reset)' }),
  newPassword: secretText.meta({ description: 'At least 10 characters, at least 4 different ones, no leading or trailing space, not containing the user name' }),
}).strict();

export const SessionSchema = z.object({
  user: z.object({
    id: z.string().meta({ description: 'The user id (what one signs in with)' }),
    name: z.string(),
    role: UserRoleSchema,
    unitId: z.string().nullable().meta({ description: 'The user\'s unit; null for petitioners and admins' }),
    unitName: z.string().nullable(),
  }),
  organisation: z.object({
    name: z.string().meta({ description: 'The organisation\'s name, as printed on its documents' }),
    timeZone: z.string().meta({ description: 'Show every date and time in this zone (IANA name, e.g. Asia/Shanghai)' }),
  }),
  via: z.enum(['session', 'bearer']).meta({ description: 'session: the console\'s cookie; bearer: an API token' }),
  csrfToken: z.string().nullable().meta({ description: 'With the cookie: send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE. null for a bearer token (not needed)' }),
  idleExpiresAt: instant('With the cookie: signed out at this time unless a request comes first (the idle timeout slides)').nullable(),
  expiresAt: instant('With the cookie: signed out at this time whatever the activity').nullable(),
  passwordChangeRequired: z.boolean().meta({ description: 'Signed in with a one-time password: every other endpoint answers 403 password_change_required until POST /api/v1/session/password' }),
}).meta({ id: 'Session', description: 'Who is signed in, and what the console needs to work for them' });

export const SignedOutSchema = z.object({
  signedOut: z.boolean().meta({ description: 'true when a session was ended; false when there was none (the cookie is cleared either way)' }),
});
