// The petition list: scope AND filters, ordered by one sort field then the id, one keyset page at a time.
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import type { PetitionPage } from '../schemas/reads';
import { fingerprint } from './cursor';
import { filtersSql, type PetitionFilters } from './filters';
import { ID_KEY, keysetPage, type SortKey } from './keyset';
import { isStaff, scopeSql } from './scope';
import { and, col, n, sql } from './sql';
import { summaryRows, toSummary } from './summary';

export const SORT_FIELDS = ['receivedAt', 'nextDeadline', 'escalationLevel', 'updatedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const SORT_KEYS: Record<SortField, Omit<SortKey, 'dir'>> = {
  receivedAt: { expr: col('receivedAt'), type: 'date' },
  nextDeadline: { expr: col('nextDeadline'), type: 'date', nullable: true },
  escalationLevel: { expr: col('escalationLevel'), type: 'int' },
  updatedAt: { expr: col('updatedAt'), type: 'date' },
};

export interface ListRequest {
  filters: PetitionFilters;
  sort: SortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  includeTotal?: boolean;
}

export async function listPetitions(db: Db, principal: Principal, req: ListRequest): Promise<PetitionPage> {
  const where = and([scopeSql(principal), filtersSql(req.filters)]);
  const keys = [{ ...SORT_KEYS[req.sort], dir: req.order }, ID_KEY(req.order)];
  const shape = { kind: 'petitions', keys, query: fingerprint({ f: req.filters, s: req.sort, o: req.order }) };
  const page = await keysetPage(db, { where, keys, shape, cursor: req.cursor, limit: req.limit });
  const staff = isStaff(principal);
  const items = (await summaryRows(db, page.ids)).map((r) => toSummary(r, staff));
  const total = req.includeTotal
    ? n((await db.$queryRaw<{ c: bigint }[]>(sql`SELECT count(*) AS c FROM "Petition" p WHERE ${where}`))[0]?.c)
    : undefined;
  return { items, nextCursor: page.nextCursor, ...(total !== undefined ? { total } : {}) };
}
