// Bearer token to principal: the token's hash is looked up, the user's unit scope resolved. Read on
// every request, never cached, so a revoked token stops working at once.
import type { Request } from 'express';
import { hashToken, subtreeOf } from '../../accounts';
import { accessReadsFor } from '../../db/accessReads';
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
  const reads = accessReadsFor(db);
  const row = await reads.tokenOwner(hashToken(token));
  if (!row || row.revoked) throw unauthorized('the token is unknown or revoked');
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date(now) } });
  }
  const role = row.role as UserRole;
  const unitIds = !row.unitId ? [] : role === 'supervisor' || role === 'intake_officer' ? subtreeOf(await reads.units(), row.unitId) : [row.unitId];
  return { userId: row.userId, role, unitId: row.unitId ?? undefined, unitIds };
}
