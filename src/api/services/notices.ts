// The notices inbox: the internal notices of the outbox (Notification, written by the workflow's projection)
// addressed to the caller, with read marks per user. Who a notice is for:
// - officer / leader: the user named (recipientId);
// - supervisor with a recipientId: that supervisor (e.g. the one whose supervision notice was answered);
// - supervisor / senior_supervisor without one: every supervisor whose scope holds the case's unit now;
// - unit: the staff (intake officers, case officers, supervisors) of the unit named.
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import { Prisma } from '../../generated/prisma/client';
import { decodeCursor, encodeCursor, type CursorShape } from '../queries/cursor';
import { scopeSql } from '../queries/scope';
import { inList, n } from '../queries/sql';

const sql = Prisma.sql;
type Sql = Prisma.Sql;

/** The notices addressed to this user (n: Notification, p: its Petition). */
function addressedTo(p: Principal): Sql {
  const parts: Sql[] = [
    sql`(n."recipient" IN ('officer', 'leader', 'supervisor') AND n."recipientId" = ${p.userId})`,
  ];
  if (p.role === 'supervisor') {
    parts.push(sql`(n."recipient" IN ('supervisor', 'senior_supervisor') AND n."recipientId" IS NULL AND ${inList(sql`p."unitId"`, p.unitIds)})`);
  }
  if (p.unitId && p.role !== 'petitioner' && p.role !== 'admin') parts.push(sql`(n."recipient" = 'unit' AND n."recipientId" = ${p.unitId})`);
  return sql`(n."channel" = 'internal' AND (${Prisma.join(parts, ' OR ')}))`;
}

async function readThrough(db: Db, userId: string): Promise<number> {
  return (await db.noticeInbox.findUnique({ where: { userId } }))?.readThroughId ?? 0;
}

const FROM = (p: Principal) => sql`"Notification" n
  LEFT JOIN "Petition" p ON p."id" = n."petitionId"
  LEFT JOIN "NoticeRead" r ON r."notificationId" = n."id" AND r."userId" = ${p.userId}`;

const isRead = (through: number) => sql`(CASE WHEN n."id" <= ${through} OR r."notificationId" IS NOT NULL THEN 1 ELSE 0 END)`;

export interface NoticeItem {
  id: number;
  petitionId: string;
  queryCode: string | null;
  title: string | null;
  kind: string;
  recipient: string;
  createdAt: string;
  read: boolean;
  data: Record<string, unknown>;
}

export interface NoticePage { items: NoticeItem[]; unreadCount: number; nextCursor: string | null }

const parseData = (body: unknown): Record<string, unknown> => {
  try {
    const v = JSON.parse(String(body));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
};

/** Unread first, then newest first; keyset pages over (read, id). */
export async function noticePage(db: Db, p: Principal, opts: { unreadOnly: boolean; limit: number; cursor?: string }): Promise<NoticePage> {
  const through = await readThrough(db, p.userId);
  const read = isRead(through);
  const shape: CursorShape = { kind: 'notices', keys: [{ type: 'int' }, { type: 'int' }], query: opts.unreadOnly ? 'unread' : 'all' };
  let after: Sql = sql`1 = 1`;
  if (opts.cursor) {
    const [r, id] = decodeCursor(shape, opts.cursor) as [number, number];
    after = sql`(${read} > ${r} OR (${read} = ${r} AND n."id" < ${id}))`;
  }
  const where = sql`${addressedTo(p)} ${opts.unreadOnly ? sql`AND ${read} = 0` : sql``}`;
  const rows = await db.$queryRaw<Record<string, unknown>[]>(sql`
    SELECT n."id" AS id, n."petitionId" AS "petitionId", n."kind" AS kind, n."recipient" AS recipient, n."createdAt" AS "createdAt", n."body" AS body,
      p."queryCode" AS "queryCode", CASE WHEN ${scopeSql(p)} THEN p."title" ELSE NULL END AS title, ${read} AS "isRead"
    FROM ${FROM(p)}
    WHERE ${where} AND ${after}
    ORDER BY ${read} ASC, n."id" DESC
    LIMIT ${opts.limit + 1}`);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  const items = page.map((r) => ({
    id: Number(r.id),
    petitionId: String(r.petitionId),
    queryCode: (r.queryCode as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    kind: String(r.kind),
    recipient: String(r.recipient),
    createdAt: new Date(r.createdAt as string).toISOString(),
    read: Number(r.isRead) === 1,
    data: parseData(r.body),
  }));
  return {
    items,
    unreadCount: await unreadCount(db, p, through),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(shape, [Number(last.isRead), Number(last.id)]) : null,
  };
}

export async function unreadCount(db: Db, p: Principal, through?: number): Promise<number> {
  const t = through ?? (await readThrough(db, p.userId));
  const rows = await db.$queryRaw<{ c: bigint }[]>(sql`SELECT count(*) AS c FROM ${FROM(p)} WHERE ${addressedTo(p)} AND ${isRead(t)} = 0`);
  return n(rows[0]?.c);
}

/** Marks one of the caller's notices read; false when it is not one of theirs (or does not exist). */
export async function markRead(db: Db, p: Principal, notificationId: number): Promise<boolean> {
  const mine = await db.$queryRaw<{ id: number }[]>(sql`SELECT n."id" AS id FROM "Notification" n LEFT JOIN "Petition" p ON p."id" = n."petitionId"
    WHERE n."id" = ${notificationId} AND ${addressedTo(p)}`);
  if (!mine.length) return false;
  await db.noticeRead.upsert({
    where: { userId_notificationId: { userId: p.userId, notificationId } },
    create: { userId: p.userId, notificationId },
    update: {},
  });
  return true;
}

/**
 * Marks every notice of the caller read, up to the newest now: one row per user (readThroughId), and the
 * single read marks it covers are dropped. A notice that arrives later is unread.
 */
export async function markAllRead(db: Db, p: Principal): Promise<void> {
  const rows = await db.$queryRaw<{ m: number | bigint | null }[]>(sql`SELECT max(n."id") AS m FROM "Notification" n
    LEFT JOIN "Petition" p ON p."id" = n."petitionId" WHERE ${addressedTo(p)}`);
  const newest = Number(rows[0]?.m ?? 0);
  const through = Math.max(newest, await readThrough(db, p.userId));
  await db.noticeInbox.upsert({ where: { userId: p.userId }, create: { userId: p.userId, readThroughId: through }, update: { readThroughId: through } });
  await db.noticeRead.deleteMany({ where: { userId: p.userId, notificationId: { lte: through } } });
}
