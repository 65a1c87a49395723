// The access log: every staff search for a person (by petitioner name, contact or ID number) is recorded
// with who made it, when, what was asked and which cases the answer showed, before the answer is sent;
// an admin reads it newest first, a keyset page at a time (by id, the AccessLog primary key).
import type { Db } from '../../db/client';
import { fromDbDate, type ReadSql, type Row } from '../../db/readConnection';
import type { Principal } from '../../domain';
import type { AccessLogEntry, AccessLogPage } from '../schemas/reads';
import { decodeCursor, encodeCursor, fingerprint, type CursorShape } from './cursor';
import type { Range } from './dates';
import { and, inList, sql } from './sql';

export type AccessAction = AccessLogEntry['action'];

export async function recordAccess(db: Db, p: Principal, action: AccessAction, query: Record<string, unknown>, petitionIds: string[]): Promise<void> {
  await db.accessLog.create({
    data: {
      at: new Date(), userId: p.userId, role: p.role, unitId: p.unitId ?? null, action,
      query: JSON.stringify(query), resultCount: petitionIds.length, petitionIds: JSON.stringify(petitionIds),
    },
  });
}

const KEYS = [{ type: 'int' }] as const;

export function accessLogPage(rs: ReadSql, req: { userId?: string[]; at?: Range; limit: number; cursor?: string }): AccessLogPage {
  const shape: CursorShape = { kind: 'access-log', keys: KEYS, query: fingerprint({ u: req.userId, a: req.at }) };
  const before = req.cursor === undefined ? undefined : (decodeCursor(shape, req.cursor)[0] as number);
  const where = and([
    ...(before !== undefined ? [sql`"id" < ${before}`] : []),
    ...(req.userId ? [inList(sql`"userId"`, req.userId)] : []),
    ...(req.at?.from ? [sql`"at" >= ${req.at.from}`] : []),
    ...(req.at?.to ? [sql`"at" <= ${req.at.to}`] : []),
  ]);
  // Newest first by the primary key (with userId, the (userId, id) index); a date range is checked on the way.
  const rows = rs.all<Row>(sql`SELECT * FROM "AccessLog" WHERE ${where} ORDER BY "id" DESC LIMIT ${req.limit + 1}`);
  const items = rows.slice(0, req.limit).map((r): AccessLogEntry => ({
    id: Number(r.id),
    at: fromDbDate(r.at)!.toISOString(),
    userId: String(r.userId),
    role: String(r.role),
    unitId: (r.unitId as string | null) ?? null,
    action: r.action as AccessAction,
    query: JSON.parse(String(r.query)) as Record<string, unknown>,
    resultCount: Number(r.resultCount),
    petitionIds: JSON.parse(String(r.petitionIds)) as string[],
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > req.limit && last ? encodeCursor(shape, [last.id]) : null };
}
