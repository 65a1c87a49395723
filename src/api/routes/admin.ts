// /api/v1/admin/…: what the admin command does (src/admin), over HTTP, for the admin role only: the unit
// tree, users and their roles, disabling, password resets and API tokens. Through src/accounts, as the CLI.
import { AccountError, issueToken, setPassword } from '../../accounts';
import { createUnit, createUser, updateUnit, updateUser } from '../../accounts/administration';
import { generateOneTimePassword } from '../../accounts/passwords';
import { hashToken } from '../../accounts/tokens';
import type { Db } from '../../db/client';
import { ApiError, notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import {
  AdminIdParams, AdminTokenSchema, AdminUnitSchema, AdminUserSchema, CreateUnitSchema, CreateUserSchema, IssuedTokenSchema, IssueTokenSchema,
  PasswordResetSchema, ResetPasswordSchema, TokenListSchema, TokensQuerySchema, UpdateUnitSchema, UpdateUserSchema, UserListSchema, UsersQuerySchema,
} from '../schemas/admin';
import { EmptyBodySchema } from '../schemas/bodies';

const ADMIN = ['admin'] as const;

/** An AccountError as the API answers it: 400 on the field, 404, or 409. */
async function accounts<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    if (err.kind === 'not_found') throw new ApiError(404, 'not_found', err.message);
    if (err.kind === 'conflict') throw new ApiError(409, err.field === 'id' ? 'already_exists' : 'not_allowed', err.message, err.field ? [{ field: err.field, message: err.message }] : null);
    const field = err.field ?? '(body)';
    const message = err.message.replace(/^password: /, '');
    throw new ApiError(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const unitOut = (u: { id: string; name: string; parentId: string | null; createdAt: Date }) => ({ id: u.id, name: u.name, parentId: u.parentId, createdAt: u.createdAt.toISOString() });
const tokenOut = (t: { id: string; userId: string; label: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }) =>
  ({ id: t.id, userId: t.userId, label: t.label, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) });

async function usersOut(db: Db, where: Record<string, unknown>) {
  const users = await db.user.findMany({
    where, orderBy: [{ unitId: 'asc' }, { id: 'asc' }],
    include: { unit: { select: { name: true } }, _count: { select: { tokens: { where: { revokedAt: null } } } } },
  });
  return users.map((u) => ({
    id: u.id, name: u.name, role: u.role as 'admin', unitId: u.unitId, unitName: u.unit?.name ?? null, disabled: u.disabledAt !== null,
    password: (!u.passwordHash ? 'none' : u.passwordChangeRequired ? 'one_time' : 'set') as 'none' | 'set' | 'one_time',
    activeTokens: u._count.tokens, createdAt: u.createdAt.toISOString(),
  }));
}

const userOut = async (db: Db, id: string) => (await usersOut(db, { id }))[0]!;

export function adminEndpoints(deps: { db: Db }): Endpoint[] {
  const { db } = deps;
  const common = { tags: ['admin'], auth: 'bearer' as const, roles: ADMIN };
  return [
    endpoint({
      ...common,
      operationId: 'createUnit',
      method: 'post',
      path: '/api/v1/admin/units',
      summary: 'Create a unit',
      description: 'A new unit, at the top or under an existing one. The tree is read with GET /api/v1/units (an admin sees every unit).',
      body: CreateUnitSchema,
      idempotent: true,
      errors: [409],
      responses: { 201: { description: 'Created', schema: AdminUnitSchema } },
      async handle({ body }) {
        return { status: 201, body: unitOut(await accounts(() => createUnit(db, body))) };
      },
    }),
    endpoint({
      ...common,
      operationId: 'updateUnit',
      method: 'patch',
      path: '/api/v1/admin/units/{id}',
      summary: 'Rename or move a unit',
      description: 'A new name, or a new place in the tree (parentId; null moves it to the top). A unit cannot go under itself or a unit below it. '
        + 'Scopes follow at once: supervisors above its new place see its cases from their next request.',
      params: AdminIdParams,
      body: UpdateUnitSchema,
      errors: [404],
      responses: { 200: { description: 'The unit as it is now', schema: AdminUnitSchema } },
      async handle({ params, body }) {
        return { body: unitOut(await accounts(() => updateUnit(db, params.id, body))) };
      },
    }),
    endpoint({
      ...common,
      operationId: 'listUsers',
      method: 'get',
      path: '/api/v1/admin/users',
      summary: 'List users',
      description: 'Every user with their role, unit, whether they can sign in (password, disabled) and their active tokens.',
      query: UsersQuerySchema,
      responses: { 200: { description: 'The users', schema: UserListSchema } },
      async handle({ query }) {
        const where: Record<string, unknown> = {
          ...(query.role ? { role: query.role } : {}),
          ...(query.unitId ? { unitId: query.unitId } : {}),
          ...(query.q ? { OR: [{ id: { contains: query.q } }, { name: { contains: query.q } }] } : {}),
        };
        return { body: { users: await usersOut(db, where) } };
      },
    }),
    endpoint({
      ...common,
      operationId: 'createUser',
      method: 'post',
      path: '/api/v1/admin/users',
      summary: 'Create a user',
      description: 'A new user with a role (and, for intake officers, case officers and supervisors, a unit), optionally with a first password. '
        + 'Without one the user cannot sign in to the console until a password is set (reset); tokens are issued separately.',
      body: CreateUserSchema,
      idempotent: true,
      errors: [409],
      responses: { 201: { description: 'Created', schema: AdminUserSchema } },
      async handle({ body }) {
        await accounts(() => createUser(db, body));
        return { status: 201, body: await userOut(db, body.id) };
      },
    }),
    endpoint({
      ...common,
      operationId: 'updateUser',
      method: 'patch',
      path: '/api/v1/admin/users/{id}',
      summary: 'Change a user\'s name, role or unit, or disable them',
      description: 'Effective from the user\'s next request. Disabling revokes every token of the user and ends their sessions; enabling lets them sign in again '
        + 'with their password (issue new tokens). You cannot disable yourself or change your own role (409).',
      params: AdminIdParams,
      body: UpdateUserSchema,
      errors: [404, 409],
      responses: { 200: { description: 'The user as they are now', schema: AdminUserSchema } },
      async handle({ params, body, principal }) {
        await accounts(() => updateUser(db, params.id, body, principal!.userId));
        return { body: await userOut(db, params.id) };
      },
    }),
    endpoint({
      ...common,
      operationId: 'resetPassword',
      method: 'post',
      path: '/api/v1/admin/users/{id}/password',
      summary: 'Reset a user\'s password',
      description: 'Sets the password you give, or generates a one-time password shown in this answer only. By default it is one-time: the user must choose '
        + 'their own at the next sign-in. Every session of the user ends. (No Idempotency-Key: a generated password is never stored to be replayed.)',
      params: AdminIdParams,
      body: ResetPasswordSchema,
      errors: [404],
      responses: { 200: { description: 'Set', schema: PasswordResetSchema } },
      async handle({ params, body }) {
        if (!(await db.user.findUnique({ where: { id: params.id }, select: { id: true } }))) throw notFound('user');
        const password = body.password ?? generateOneTimePassword();
        const oneTime = body.password === undefined ? true : body.oneTime;
        await accounts(async () => {
          try {
            await setPassword(db, params.id, password, { oneTime });
          } catch (err) {
            throw err instanceof AccountError && err.message.startsWith('password:') ? new AccountError(err.message, 'invalid', 'password') : err;
          }
        });
        return { headers: { 'Cache-Control': 'no-store' }, body: { userId: params.id, password: body.password === undefined ? password : null, oneTime } };
      },
    }),
    endpoint({
      ...common,
      operationId: 'listTokens',
      method: 'get',
      path: '/api/v1/admin/tokens',
      summary: 'List API tokens',
      description: 'Every token (or one user\'s): who it belongs to, its label, when it was issued, last used and revoked. Never the token itself: only its hash is stored.',
      query: TokensQuerySchema,
      responses: { 200: { description: 'The tokens', schema: TokenListSchema } },
      async handle({ query }) {
        const tokens = await db.apiToken.findMany({ where: query.userId ? { userId: query.userId } : {}, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
        return { body: { tokens: tokens.map(tokenOut) } };
      },
    }),
    endpoint({
      ...common,
      operationId: 'issueToken',
      method: 'post',
      path: '/api/v1/admin/users/{id}/tokens',
      summary: 'Issue an API token for a user',
      description: 'The token is in this answer and never again (only its hash is kept). Not for a disabled user. '
        + '(No Idempotency-Key: the token is never stored to be replayed; a retry issues another, revoke the spare.)',
      params: AdminIdParams,
      body: IssueTokenSchema,
      errors: [404],
      responses: { 201: { description: 'Issued', schema: IssuedTokenSchema } },
      async handle({ params, body }) {
        const user = await db.user.findUnique({ where: { id: params.id } });
        if (!user) throw notFound('user');
        if (user.disabledAt) throw new ApiError(409, 'not_allowed', `user ${params.id} is disabled: enable them first`);
        const token = await accounts(() => issueToken(db, params.id, body.label));
        const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
        return { status: 201, headers: { 'Cache-Control': 'no-store' }, body: { ...tokenOut(row), token } };
      },
    }),
    endpoint({
      ...common,
      operationId: 'revokeToken',
      method: 'post',
      path: '/api/v1/admin/tokens/{id}/revoke',
      summary: 'Revoke an API token',
      description: 'It stops working at once (the row stays, for the record). Revoking a revoked token changes nothing.',
      params: AdminIdParams,
      body: EmptyBodySchema,
      errors: [404],
      responses: { 200: { description: 'Revoked', schema: AdminTokenSchema } },
      async handle({ params }) {
        const token = await db.apiToken.findUnique({ where: { id: params.id } });
        if (!token) throw notFound('token');
        await db.apiToken.updateMany({ where: { id: params.id, revokedAt: null }, data: { revokedAt: new Date() } });
        return { body: tokenOut(await db.apiToken.findUniqueOrThrow({ where: { id: params.id } })) };
      },
    }),
  ];
}
