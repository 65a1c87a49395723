// Reconciliation of the read model with the rows it is derived from, in the database alone (no Temporal):
// the statistics counters against the events, the gauges against the Petition rows, the list rows against
// the Petition rows and the unit tree, the unit tree's closure against the parent links, and the search
// index against the cases. `repair` rewrites each part that differs from what it should be, in one write
// transaction per part (the service may keep running: triggers and the projection write wait for the lock).
import { COUNTED_EVENT_TYPES, EXPECTED_COUNTERS_SQL, MEASURES, REBUILD_COUNTERS_SQL } from '../db/counters';
import type { Db } from '../db/client';
import { fromDbDate, readSqlFor, type Row } from '../db/readConnection';
import { EXPECTED_GAUGES_SQL, EXPECTED_SCOPE_SQL, EXPECTED_UNIT_TREE_SQL, GAUGE_COLUMNS, SCOPE_COLUMNS } from '../db/readModel';
import { docIdRange, nextDocId, searchIndexStatements } from '../db/search';
import { withWriteLock } from '../db/writeLock';
import { localDateOf } from '../domain/calendar';
import type { CaseView } from '../domain';
import { sql } from '../api/queries/sql';

/** At most this many differences are listed per part; the counts are always complete. */
const LISTED = 50;

export interface ValueDifference { key: string; field: string; stored: number; expected: number }
export interface SetDifference { missing: number; extra: number; examples: string[] }

export interface ReadSideReport {
  /** StatCounter against the counted events (each with the unit, day and on-time flag it was counted with). */
  counters: { rows: number; differing: number; differences: ValueDifference[] };
  /** Counted events without a day: migrated from a time zone SQL could not convert; --repair dates and counts them. */
  undatedEvents: number;
  /** UnitGauge against the Petition rows. */
  gauges: { differing: number; differences: ValueDifference[] };
  /** PetitionScope against the Petition rows and the unit tree. */
  listRows: SetDifference;
  /** UnitAncestor against the Unit parent links. */
  unitTree: SetDifference;
  /** Cases without a search number, and numbered cases missing from the text index. */
  searchIndex: { unnumbered: number; unindexed: number };
  /** The parts --repair rewrote. */
  repaired: string[];
}

export const readSideConsistent = (r: ReadSideReport): boolean =>
  !r.counters.differing && !r.undatedEvents && !r.gauges.differing && !r.listRows.missing && !r.listRows.extra
  && !r.unitTree.missing && !r.unitTree.extra && !r.searchIndex.unnumbered && !r.searchIndex.unindexed;

function compareValues(stored: Row[], expected: Row[], keyColumns: readonly string[], valueColumns: readonly string[]): { differing: number; differences: ValueDifference[] } {
  const keyOf = (r: Row) => keyColumns.map((c) => String(r[c] ?? '')).join('|');
  const have = new Map(stored.map((r) => [keyOf(r), r]));
  const want = new Map(expected.map((r) => [keyOf(r), r]));
  const differences: ValueDifference[] = [];
  let differing = 0;
  for (const key of [...new Set([...have.keys(), ...want.keys()])].sort()) {
    const h = have.get(key);
    const w = want.get(key);
    let differs = false;
    for (const field of valueColumns) {
      const s = Number(h?.[field] ?? 0);
      const e = Number(w?.[field] ?? 0);
      if (s === e) continue;
      differs = true;
      if (differences.length < LISTED) differences.push({ key, field, stored: s, expected: e });
    }
    if (differs) differing++;
  }
  return { differing, differences };
}

function compareSets(db: Db, expectedSql: string, table: string, columns: readonly string[], keyColumns: readonly string[]): SetDifference {
  const rs = readSqlFor(db);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const keys = keyColumns.map((c) => `"${c}"`).join(` || ' ' || `);
  const diff = (a: string, b: string) => `SELECT ${list} FROM (${a}) EXCEPT SELECT ${list} FROM (${b})`;
  const stored = `SELECT ${list} FROM "${table}"`;
  const count = (q: string) => Number((rs.sqlite.prepare(`SELECT count(*) AS c FROM (${q})`).get() as { c: number }).c);
  const missing = count(diff(expectedSql, stored));
  const extra = count(diff(stored, expectedSql));
  const examples = [
    ...(rs.sqlite.prepare(`SELECT ${keys} AS k FROM (${diff(expectedSql, stored)}) LIMIT 5`).all() as { k: string }[]).map((r) => `missing ${r.k}`),
    ...(rs.sqlite.prepare(`SELECT ${keys} AS k FROM (${diff(stored, expectedSql)}) LIMIT 5`).all() as { k: string }[]).map((r) => `extra ${r.k}`),
  ];
  return { missing, extra, examples };
}

export async function checkReadSide(db: Db, opts: { repair?: boolean; lockWaitMs?: number } = {}): Promise<ReadSideReport> {
  const rs = readSqlFor(db);
  const repaired: string[] = [];
  const write = (fn: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0]) => Promise<void>) =>
    withWriteLock(opts.lockWaitMs ?? 60_000, () => db.$transaction(fn, { timeout: 600_000, maxWait: 60_000 }));
  const types = COUNTED_EVENT_TYPES.map((t) => `'${t}'`).join(', ');
  const undated = () => Number((rs.sqlite.prepare(`SELECT count(*) AS c FROM "PetitionEvent" WHERE "day" IS NULL AND "type" IN (${types})`).get() as { c: number }).c);

  // Events the migration could not date (a zone SQL cannot convert): dated with the zone rules here.
  let undatedEvents = undated();
  if (undatedEvents && opts.repair) {
    const events = rs.sqlite.prepare(`SELECT e."id", e."at", json_extract(s."snapshot", '$.policy.timeZone') AS zone
      FROM "PetitionEvent" e JOIN "PetitionSnapshot" s ON s."petitionId" = e."petitionId"
      WHERE e."day" IS NULL AND e."type" IN (${types})`).all() as { id: number; at: string; zone: string | null }[];
    await write(async (tx) => {
      for (const e of events) {
        if (!e.zone) continue;
        await tx.$executeRaw(sql`UPDATE "PetitionEvent" SET "day" = ${localDateOf(new Date(e.at).getTime(), e.zone)} WHERE "id" = ${e.id}`);
      }
    });
    undatedEvents = undated();
    repaired.push('event days');
  }

  const storedCounters = () => rs.sqlite.prepare(`SELECT * FROM "StatCounter"`).all() as Row[];
  const expectedCounters = rs.sqlite.prepare(EXPECTED_COUNTERS_SQL).all() as Row[];
  let counterRows = storedCounters();
  let counters = compareValues(counterRows, expectedCounters, ['grain', 'bucket', 'unitId', 'class', 'channel'], MEASURES);
  if ((counters.differing || repaired.includes('event days')) && opts.repair) {
    await write(async (tx) => { for (const s of REBUILD_COUNTERS_SQL) await tx.$executeRawUnsafe(s); });
    counterRows = storedCounters();
    counters = compareValues(counterRows, rs.sqlite.prepare(EXPECTED_COUNTERS_SQL).all() as Row[], ['grain', 'bucket', 'unitId', 'class', 'channel'], MEASURES);
    repaired.push('counters');
  }

  const gaugeValues = GAUGE_COLUMNS.slice(2);
  const gaugeCheck = () => compareValues(
    rs.sqlite.prepare(`SELECT * FROM "UnitGauge"`).all() as Row[], rs.sqlite.prepare(EXPECTED_GAUGES_SQL).all() as Row[], ['unitId', 'class'], gaugeValues);
  let gauges = gaugeCheck();
  if (gauges.differing && opts.repair) {
    const cols = GAUGE_COLUMNS.map((c) => `"${c}"`).join(', ');
    await write(async (tx) => {
      await tx.$executeRawUnsafe('DELETE FROM "UnitGauge"');
      await tx.$executeRawUnsafe(`INSERT INTO "UnitGauge" (${cols}) SELECT ${cols} FROM (${EXPECTED_GAUGES_SQL})`);
    });
    gauges = gaugeCheck();
    repaired.push('gauges');
  }

  const treeCheck = () => compareSets(db, EXPECTED_UNIT_TREE_SQL, 'UnitAncestor', ['unitId', 'ancestorId'], ['unitId', 'ancestorId']);
  let unitTree = treeCheck();
  if ((unitTree.missing || unitTree.extra) && opts.repair) {
    await write(async (tx) => {
      await tx.$executeRawUnsafe('DELETE FROM "UnitAncestor"');
      await tx.$executeRawUnsafe(`INSERT INTO "UnitAncestor" ("unitId", "ancestorId", "depth") ${EXPECTED_UNIT_TREE_SQL}`);
    });
    unitTree = treeCheck();
    repaired.push('unit tree');
  }

  const listCheck = () => compareSets(db, EXPECTED_SCOPE_SQL, 'PetitionScope', SCOPE_COLUMNS, ['scope', 'petitionId']);
  let listRows = listCheck();
  if ((listRows.missing || listRows.extra) && opts.repair) {
    const cols = SCOPE_COLUMNS.map((c) => `"${c}"`).join(', ');
    await write(async (tx) => {
      await tx.$executeRawUnsafe('DELETE FROM "PetitionScope"');
      await tx.$executeRawUnsafe(`INSERT INTO "PetitionScope" (${cols}) SELECT ${cols} FROM (${EXPECTED_SCOPE_SQL})`);
    });
    listRows = listCheck();
    repaired.push('list rows');
  }

  const unindexedSql = `SELECT p."id", p."docId" FROM "Petition" p WHERE p."docId" IS NOT NULL AND p."docId" NOT IN (SELECT "rowid" FROM "PetitionText")`;
  const searchCheck = () => ({
    unnumbered: Number((rs.sqlite.prepare(`SELECT count(*) AS c FROM "Petition" WHERE "docId" IS NULL`).get() as { c: number }).c),
    unindexed: Number((rs.sqlite.prepare(`SELECT count(*) AS c FROM (${unindexedSql})`).get() as { c: number }).c),
  });
  let searchIndex = searchCheck();
  if ((searchIndex.unnumbered || searchIndex.unindexed) && opts.repair) {
    await write(async (tx) => {
      // Number the cases that have none (rows written outside the projection), then index every numbered case missing from the index.
      const unnumbered = await tx.$queryRawUnsafe<{ id: string; receivedAt: unknown }[]>(`SELECT "id", "receivedAt" FROM "Petition" WHERE "docId" IS NULL ORDER BY "receivedAt", "id"`);
      for (const u of unnumbered) {
        const ms = fromDbDate(u.receivedAt)!.getTime();
        const [first, last] = docIdRange(ms);
        const [highest] = await tx.$queryRaw<{ n: bigint | number | null }[]>(sql`SELECT max("docId") AS n FROM "Petition" WHERE "docId" BETWEEN ${first} AND ${last}`);
        await tx.$executeRaw(sql`UPDATE "Petition" SET "docId" = ${nextDocId(ms, highest?.n === null || highest?.n === undefined ? null : Number(highest.n))} WHERE "id" = ${u.id}`);
      }
      const missing = await tx.$queryRawUnsafe<{ id: string; docId: number | bigint; snapshot: string | null; title: string; content: string }[]>(
        `SELECT p."id", p."docId", p."title", p."content", s."snapshot" FROM "Petition" p LEFT JOIN "PetitionSnapshot" s ON s."petitionId" = p."id"
         WHERE p."docId" NOT IN (SELECT "rowid" FROM "PetitionText")`);
      for (const m of missing) {
        const view = m.snapshot ? (JSON.parse(m.snapshot) as CaseView) : undefined;
        const doc = { id: m.id, title: m.title, content: m.content, anonymous: view?.anonymous, petitioner: view?.petitioner ?? { name: '', contact: '' } };
        await tx.$executeRaw(sql`DELETE FROM "PetitionGram" WHERE "rowid" = ${Number(m.docId)}`);
        for (const statement of searchIndexStatements(Number(m.docId), doc)) await tx.$executeRaw(statement);
      }
    });
    searchIndex = searchCheck();
    repaired.push('search index');
  }

  return {
    counters: { rows: counterRows.length, ...counters },
    undatedEvents,
    gauges,
    listRows,
    unitTree,
    searchIndex,
    repaired,
  };
}
