// Units, users and their API tokens: the reference data behind authentication and scope.
import crypto from 'node:crypto';
import type { Db } from '../db/client';
import type { Role } from '../domain';
import { hashPassword, passwordProblem } from './passwords';
import { endSessionsOf } from './sessions';
import { generateToken, hashToken } from './tokens';

export { hashToken } from './tokens';

/** Roles a person can hold; 'system' is the workflow's own actor and never a user. */
export const USER_ROLES = ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

export interface UnitInput { id: string; name: string; parentId?: string | null }
export interface UserInput { id?: string; name: string; role: UserRole; unitId?: string | null }

/** Creates or renames a unit; its parent must exist (units form a tree: office, then departments). */
export async function upsertUnit(db: Db, u: UnitInput) {
  if (u.parentId) {
    const parent = await db.unit.findUnique({ where: { id: u.parentId } });
    if (!parent) throw new AccountError(`parent unit ${u.parentId} does not exist`);
  }
  return db.unit.upsert({
    where: { id: u.id },
    create: { id: u.id, name: u.name, parentId: u.parentId ?? null },
    update: { name: u.name, parentId: u.parentId ?? null },
  });
}

export async function upsertUser(db: Db, u: UserInput) {
  if (!USER_ROLES.includes(u.role)) throw new AccountError(`role must be one of ${USER_ROLES.join(', ')}`);
  // Officers and supervisors act for a unit; a petitioner belongs to none.
  if (u.role !== 'petitioner' && u.role !== 'admin' && !u.unitId) throw new AccountError(`a ${u.role} needs a unit`);
  if (u.unitId && !(await db.unit.findUnique({ where: { id: u.unitId } }))) throw new AccountError(`unit ${u.unitId} does not exist`);
  const id = u.id ?? `user-${crypto.randomUUID()}`;
  return db.user.upsert({
    where: { id },
    create: { id, name: u.name, role: u.role, unitId: u.unitId ?? null },
    update: { name: u.name, role: u.role, unitId: u.unitId ?? null },
  });
}

/** Issues a new token for a user and returns it in clear text: the only time it is ever seen. */
export async function issueToken(db: Db, userId: string, label?: string, token: string = generateToken()): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AccountError(`user ${userId} does not exist`);
  if (user.disabledAt) throw new AccountError(`user ${userId} is disabled: enable the user first`);
  await db.apiToken.create({ data: { id: crypto.randomUUID(), userId, tokenHash: hashToken(token), label: label ?? null } });
  return token;
}

export async function revokeTokens(db: Db, userId: string): Promise<number> {
  const { count } = await db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/**
 * Sets a user's password. A one-time password (an admin's reset) must be changed at the next sign-in.
 * Every session of the user ends (except `keepSessionId`, the user's own when they change it themselves).
 */
export async function setPassword(db: Db, userId: string, password: string, options: { oneTime?: boolean; keepSessionId?: string } = {}): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AccountError(`user ${userId} does not exist`);
  const problem = passwordProblem(password, userId);
  if (problem) throw new AccountError(`password: ${problem}`);
  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), passwordChangeRequired: options.oneTime ?? false, passwordChangedAt: new Date() },
  });
  await endSessionsOf(db, userId, options.keepSessionId);
}

/** A disabled user cannot sign in: their tokens are revoked and their sessions end at once. */
export async function disableUser(db: Db, userId: string): Promise<{ tokensRevoked: number; sessionsEnded: number }> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AccountError(`user ${userId} does not exist`);
  if (!user.disabledAt) await db.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
  return { tokensRevoked: await revokeTokens(db, userId), sessionsEnded: await endSessionsOf(db, userId) };
}

/** Lets a disabled user sign in again (with their password; revoked tokens stay revoked). */
export async function enableUser(db: Db, userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AccountError(`user ${userId} does not exist`);
  if (user.disabledAt) await db.user.update({ where: { id: userId }, data: { disabledAt: null } });
}

/** Every unit at or below the given one: a supervisor's scope. */
export async function unitSubtree(db: Db, rootId: string): Promise<string[]> {
  return subtreeOf(await db.unit.findMany({ select: { id: true, parentId: true } }), rootId);
}

/** The root and every unit below it, root first, from the unit tree's parent links. */
export function subtreeOf(units: readonly { id: string; parentId: string | null }[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.includes(id)) continue;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** A refused account change: `kind` says whether the input is invalid, the target missing, or the change conflicts. */
export class AccountError extends Error {
  constructor(message: string, readonly kind: 'invalid' | 'not_found' | 'conflict' = 'invalid', readonly field?: string) {
    super(message);
  }
}
