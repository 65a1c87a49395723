// The Prisma client, through the better-sqlite3 driver adapter (no query-engine binary).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';
import { registerAccessReads, sqliteAccessReads } from './accessReads';
import { registerReadSql, sqliteReadSql } from './readConnection';
import { sqliteFileFromUrl } from './url';

export type Db = InstanceType<typeof PrismaClient>;

export async function createDb(databaseUrl?: string, busyTimeoutMs = 10_000): Promise<Db> {
  // The worker and the API write to one file: wait on a lock instead of failing with SQLITE_BUSY.
  const file = sqliteFileFromUrl(databaseUrl);
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
  const db = new PrismaClient({ adapter });
  // WAL lets readers (lists, tracking) proceed while the projection writes.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  if (file !== ':memory:') {
    registerAccessReads(db, sqliteAccessReads(file, busyTimeoutMs));
    registerReadSql(db, sqliteReadSql(file, busyTimeoutMs));
  }
  return db;
}
