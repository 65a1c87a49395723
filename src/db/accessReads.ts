// The two reads behind every API request, who is calling and whose the case is, as prepared
// statements on a second connection to the same SQLite file. Through Prisma each costs about 0.4 ms of
// CPU (query compiler, driver adapter, a fresh prepare); on a case detail they were 40% of the API's
// CPU. A prepared statement costs microseconds. Every write and every other read stays with Prisma.
import Database from 'better-sqlite3';
import type { Db } from './client';

export interface TokenOwner {
  tokenId: string;
  revoked: boolean;
  lastUsedAt: Date | null;
  userId: string;
  role: string;
  unitId: string | null;
}

export interface CaseOwnerRow { unitId: string | null; petitionerId: string | null; status: string }

export interface UnitLink { id: string; parentId: string | null }

export interface AccessReads {
  tokenOwner(tokenHash: string): Promise<TokenOwner | undefined>;
  units(): Promise<UnitLink[]>;
  caseOwner(petitionId: string): Promise<CaseOwnerRow | undefined>;
}

/** A DateTime column as the driver adapter stores it (ISO 8601 text; a number is read as epoch milliseconds). */
const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(typeof v === 'bigint' ? Number(v) : (v as string | number)));

export function sqliteAccessReads(file: string, busyTimeoutMs: number): AccessReads {
  let statements: ReturnType<typeof prepare> | undefined;
  function prepare() {
    const sqlite = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
    return {
      token: sqlite.prepare<[string], Record<string, unknown>>(
        'SELECT t."id" AS tokenId, t."revokedAt" AS revokedAt, t."lastUsedAt" AS lastUsedAt, u."id" AS userId, u."role" AS role, u."unitId" AS unitId'
        + ' FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ?'),
      units: sqlite.prepare<[], UnitLink>('SELECT "id", "parentId" FROM "Unit"'),
      caseOwner: sqlite.prepare<[string], CaseOwnerRow>('SELECT "unitId", "petitionerId", "status" FROM "Petition" WHERE "id" = ?'),
    };
  }
  // Opened on first use: the file is migrated by then, and a process that serves no request opens nothing.
  const s = () => (statements ??= prepare());
  return {
    async tokenOwner(tokenHash) {
      const row = s().token.get(tokenHash);
      if (!row) return undefined;
      return {
        tokenId: row.tokenId as string,
        revoked: row.revokedAt !== null,
        lastUsedAt: toDate(row.lastUsedAt),
        userId: row.userId as string,
        role: row.role as string,
        unitId: (row.unitId as string | null) ?? null,
      };
    },
    async units() { return s().units.all(); },
    async caseOwner(petitionId) { return s().caseOwner.get(petitionId); },
  };
}

/** The same reads through Prisma: for a database no second connection can reach (SQLite in memory). */
export function prismaAccessReads(db: Db): AccessReads {
  return {
    async tokenOwner(tokenHash) {
      const row = await db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
      if (!row) return undefined;
      return { tokenId: row.id, revoked: row.revokedAt !== null, lastUsedAt: row.lastUsedAt, userId: row.user.id, role: row.user.role, unitId: row.user.unitId };
    },
    units: () => db.unit.findMany({ select: { id: true, parentId: true } }),
    async caseOwner(petitionId) {
      return (await db.petition.findUnique({ where: { id: petitionId }, select: { unitId: true, petitionerId: true, status: true } })) ?? undefined;
    },
  };
}

const registry = new WeakMap<Db, AccessReads>();

export function registerAccessReads(db: Db, reads: AccessReads): void {
  registry.set(db, reads);
}

/** The access reads for this client: prepared statements when createDb opened a file, else Prisma. */
export function accessReadsFor(db: Db): AccessReads {
  let reads = registry.get(db);
  if (!reads) registry.set(db, (reads = prismaAccessReads(db)));
  return reads;
}
