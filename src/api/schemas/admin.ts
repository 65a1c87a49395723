// Administration over HTTP (the admin role only): units, users, passwords and API tokens.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../accounts/passwords';
import { Id, text } from './common';
import { UserRoleSchema } from './session';

const instant = (description: string) => z.string().meta({ format: 'date-time', description: `${description} (ISO 8601 instant, UTC)` });
const nullableInstant = (description: string) => z.string().meta({ format: 'date-time' }).nullable().meta({ description: `${description} (ISO 8601 instant, UTC; null if never)` });
const password = z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`)
  .meta({ description: 'At least 10 characters, at least 4 different ones, no leading or trailing space, not containing the user id' });

const atLeastOne = (o: Record<string, unknown>) => Object.values(o).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { message: 'name at least one field to change' };

export const AdminIdParams = z.object({ id: Id.meta({ description: 'Id' }) });

export const CreateUnitSchema = z.object({
  id: Id.meta({ description: 'The new unit\'s id (letters, digits, ".", "_" or "-")' }),
  name: text(200),
  parentId: Id.nullable().optional().meta({ description: 'The unit above it; absent or null for a top unit' }),
}).strict();

export const UpdateUnitSchema = z.object({
  name: text(200).optional().meta({ description: 'A new name' }),
  parentId: Id.nullable().optional().meta({ description: 'Move it under this unit (null: to the top). Not under itself or a unit below it.' }),
}).strict().refine(atLeastOne, NOTHING_TO_CHANGE);

export const AdminUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: instant('Created'),
}).meta({ id: 'AdminUnit' });

export const UsersQuerySchema = z.object({
  role: UserRoleSchema.optional().meta({ description: 'Only users with this role' }),
  unitId: Id.optional().meta({ description: 'Only users of this unit' }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'A part of the id or the name (case-insensitive for ASCII letters)' }),
}).strict();

export const AdminUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: UserRoleSchema,
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  disabled: z.boolean().meta({ description: 'Cannot sign in; tokens revoked' }),
  password: z.enum(['none', 'set', 'one_time']).meta({ description: 'none: cannot sign in to the console yet; set; one_time: must choose their own at the next sign-in' }),
  activeTokens: z.number().int().min(0),
  createdAt: instant('Created'),
}).meta({ id: 'AdminUser' });

export const UserListSchema = z.object({ users: z.array(AdminUserSchema).meta({ description: 'By unit, then id' }) });

export const CreateUserSchema = z.object({
  id: Id.meta({ description: 'The user id: what they sign in with' }),
  name: text(100),
  role: UserRoleSchema,
  unitId: Id.nullable().optional().meta({ description: 'Required for intake officers, case officers and supervisors; none for petitioners and admins' }),
  password: password.optional().meta({ description: 'A first password (else set one later with the password reset)' }),
  oneTimePassword: z.boolean().optional().meta({ description: 'true: the user must choose their own password at the first sign-in' }),
}).strict();

export const UpdateUserSchema = z.object({
  name: text(100).optional(),
  role: UserRoleSchema.optional().meta({ description: 'A new role; petitioners and admins lose their unit' }),
  unitId: Id.nullable().optional().meta({ description: 'A new unit (null: none)' }),
  disabled: z.boolean().optional().meta({ description: 'true: disable (tokens revoked, sessions ended, no sign-in); false: enable again (revoked tokens stay revoked)' }),
}).strict().refine(atLeastOne, NOTHING_TO_CHANGE);

export const ResetPasswordSchema = z.object({
  password: password.optional().meta({ description: 'The new password; absent: a one-time password is generated and returned once' }),
  oneTime: z.boolean().default(true).meta({ description: 'The user must choose their own at the next sign-in (default true)' }),
}).strict();

export const PasswordResetSchema = z.object({
  userId: z.string(),
  password: z.string().nullable().meta({ description: 'The generated password, shown this once (hand it to the user); null when you gave one' }),
  oneTime: z.boolean(),
}).meta({ description: 'Every session of the user has ended' });

export const TokensQuerySchema = z.object({
  userId: Id.optional().meta({ description: 'Only this user\'s tokens' }),
}).strict();

export const AdminTokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string().nullable(),
  createdAt: instant('Issued'),
  lastUsedAt: nullableInstant('Last used (to the minute)'),
  revokedAt: nullableInstant('Revoked'),
}).meta({ id: 'AdminToken', description: 'An API token, never its text (only a hash is stored)' });

export const TokenListSchema = z.object({ tokens: z.array(AdminTokenSchema).meta({ description: 'Oldest first' }) });

export const IssueTokenSchema = z.object({ label: text(200).optional().meta({ description: 'What it is for, e.g. "Ma\'s laptop" or "reporting script"' }) }).strict();

export const IssuedTokenSchema = AdminTokenSchema.extend({
  token: z.string().meta({ description: 'The token itself, shown this once: send it as "Authorization: Bearer <token>"' }),
}).meta({ id: 'IssuedToken' });
