// Bearer token to principal: the token's hash is looked up, the user's unit scope resolved.
import type { Request } from 'express';
import { hashToken, unitSubtree } from '../../accounts';
import type { Db } from '../../db/client';
import type { Principal, UserRole } from '../../domain';
import { ApiError } from '../errors';

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);

/** lastUsedAt is informative: write it at most once a minute per token, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return m[1];
}

export async function principalFor(db: Db, token: string): Promise<Principal> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt) throw unauthorized('the token is unknown or revoked');
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  const { user } = row;
  const role = user.role as UserRole;
  const unitIds = !user.unitId ? [] : role === 'supervisor' || role === 'intake_officer' ? await unitSubtree(db, user.unitId) : [user.unitId];
  return { userId: user.id, role, unitId: user.unitId ?? undefined, unitIds };
}
