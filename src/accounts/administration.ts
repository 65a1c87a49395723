// What an administrator does to units and users through the API (the admin command does the same through
// src/admin): create, rename and move units; create users, change their role or unit, disable them.
// Refusals are AccountErrors saying which field is wrong, what is missing, or what conflicts.
import type { Db } from '../db/client';
import { AccountError, disableUser, enableUser, unitSubtree, USER_ROLES, type UserRole } from './index';
import { hashPassword, passwordProblem } from './passwords';

/** Actor ids the service uses itself: a user with one would share, e.g., anonymous callers' idempotency keys. */
export const RESERVED_USER_IDS = ['anonymous', 'system'];

async function unitExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.unit.findUnique({ where: { id }, select: { id: true } }));
}

export async function createUnit(db: Db, u: { id: string; name: string; parentId?: string | null }) {
  if (await unitExists(db, u.id)) throw new AccountError(`unit ${u.id} already exists`, 'conflict', 'id');
  if (u.parentId && !(await unitExists(db, u.parentId))) throw new AccountError(`unit ${u.parentId} does not exist`, 'invalid', 'parentId');
  return db.unit.create({ data: { id: u.id, name: u.name, parentId: u.parentId ?? null } });
}

/** Renames a unit, or moves it under another (null: to the top). A unit cannot go below itself. */
export async function updateUnit(db: Db, id: string, change: { name?: string; parentId?: string | null }) {
  if (!(await unitExists(db, id))) throw new AccountError(`unit ${id} does not exist`, 'not_found');
  if (change.parentId) {
    if (!(await unitExists(db, change.parentId))) throw new AccountError(`unit ${change.parentId} does not exist`, 'invalid', 'parentId');
    if ((await unitSubtree(db, id)).includes(change.parentId)) {
      throw new AccountError(`unit ${change.parentId} is ${change.parentId === id ? 'the unit itself' : `below ${id}`}: units form a tree`, 'invalid', 'parentId');
    }
  }
  return db.unit.update({ where: { id }, data: { ...(change.name !== undefined ? { name: change.name } : {}), ...(change.parentId !== undefined ? { parentId: change.parentId } : {}) } });
}

async function checkRoleAndUnit(db: Db, role: UserRole, unitId: string | null): Promise<void> {
  if (!USER_ROLES.includes(role)) throw new AccountError(`role must be one of ${USER_ROLES.join(', ')}`, 'invalid', 'role');
  // Officers and supervisors act for a unit; a petitioner or an admin belongs to none.
  if (role !== 'petitioner' && role !== 'admin' && !unitId) throw new AccountError(`a ${role} needs a unit`, 'invalid', 'unitId');
  if ((role === 'petitioner' || role === 'admin') && unitId) throw new AccountError(`a ${role} belongs to no unit`, 'invalid', 'unitId');
  if (unitId && !(await unitExists(db, unitId))) throw new AccountError(`unit ${unitId} does not exist`, 'invalid', 'unitId');
}

export async function createUser(db: Db, u: { id: string; name: string; role: UserRole; unitId?: string | null; password?: string; oneTimePassword?: boolean }) {
  if (RESERVED_USER_IDS.includes(u.id)) throw new AccountError(`user id "${u.id}" is reserved for the service itself`, 'invalid', 'id');
  if (await db.user.findUnique({ where: { id: u.id }, select: { id: true } })) throw new AccountError(`user ${u.id} already exists`, 'conflict', 'id');
  await checkRoleAndUnit(db, u.role, u.unitId ?? null);
  let passwordHash: string | null = null;
  if (u.password !== undefined) {
    const problem = passwordProblem(u.password, u.id);
    if (problem) throw new AccountError(`password: ${problem}`, 'invalid', 'password');
    passwordHash = await hashPassword(u.password);
  }
  return db.user.create({
    data: {
      id: u.id, name: u.name, role: u.role, unitId: u.unitId ?? null, passwordHash,
      passwordChangeRequired: passwordHash !== null && (u.oneTimePassword ?? false), passwordChangedAt: passwordHash ? new Date() : null,
    },
  });
}

/**
 * Changes a user's name, role or unit (effective from their next request), or disables / enables them.
 * `by` is the administrator: nobody disables themselves or takes their own admin role away.
 */
export async function updateUser(db: Db, id: string, change: { name?: string; role?: UserRole; unitId?: string | null; disabled?: boolean }, by?: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AccountError(`user ${id} does not exist`, 'not_found');
  if (by === id && (change.disabled === true || (change.role !== undefined && change.role !== user.role))) {
    throw new AccountError('you cannot disable yourself or change your own role (ask another administrator)', 'conflict', change.disabled ? 'disabled' : 'role');
  }
  const role = change.role ?? (user.role as UserRole);
  // A role without a unit drops it; otherwise the unit is kept unless it is changed.
  const unitId = change.unitId !== undefined ? change.unitId : role === 'petitioner' || role === 'admin' ? null : user.unitId;
  await checkRoleAndUnit(db, role, unitId);
  await db.user.update({ where: { id }, data: { ...(change.name !== undefined ? { name: change.name } : {}), role, unitId } });
  if (change.disabled === true) await disableUser(db, id);
  if (change.disabled === false) await enableUser(db, id);
  return db.user.findUniqueOrThrow({ where: { id } });
}
