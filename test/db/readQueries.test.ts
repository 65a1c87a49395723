// The read side on a real SQLite file, over cases written by the real projection activity:
//  - every list (each filter, each sort and order, a single unit, a unit tree, everything, a petitioner's
//    own), walked page by page with cursors, equals what the rows say (filtered and sorted here, by hand);
//  - EXPLAIN QUERY PLAN of every statement those lists, the board and statistics ran: no scan of the
//    Petition table or of the list table, no sort of the caller's scope in a temporary B-tree (only a
//    search's few matches are sorted, after primary-key lookups); and the same plans after ANALYZE;
//  - the board, the statistics and the search indexes answer as the rows say.
import { subtreeOf } from '../../src/accounts';
import { principalFor } from '../../src/api/http/principal';
import { supervisionBoard } from '../../src/api/queries/board';
import type { PetitionFilters } from '../../src/api/queries/filters';
import { listPetitions, SORT_FIELDS, type SortField } from '../../src/api/queries/listPetitions';
import { searchSettings } from '../../src/api/queries/search';
import { periodStatistics } from '../../src/api/queries/statistics';
import type { Db } from '../../src/db/client';
import { readSqlFor, type ReadSql } from '../../src/db/readConnection';
import { petitionerText } from '../../src/db/search';
import type { CaseView, Principal } from '../../src/domain';
import { checkReadSide } from '../../src/ops/readSide';
import { createTestDb } from '../support/testDb';
import { NOW, PETITIONERS, seedCases, seedOrganisation, UNITS } from '../support/readSideSeed';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let rs: ReadSql;
let cases: CaseView[];
const principals: Record<string, Principal> = {};
type Row = Awaited<ReturnType<typeof rowsOf>>[number];
let rows: Row[];

const rowsOf = (d: Db) => d.petition.findMany({
  select: {
    id: true, status: true, class: true, channel: true, unitId: true, officerId: true, overdue: true, escalationLevel: true,
    receivedAt: true, nextDeadline: true, updatedAt: true, closedAt: true, petitionerId: true, title: true, content: true, openSupervision: true,
  },
});

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  rs = readSqlFor(db);
  const tokens = await seedOrganisation(db);
  cases = await seedCases(db, 360);
  for (const [user, token] of Object.entries(tokens)) principals[user] = await principalFor(db, token);
  rows = await rowsOf(db);
}, 120_000);
afterAll(() => t.cleanup());

// ---------------------------------------------------------------------------------------------------
// The oracle: scope, filters and sort written out over the rows
// ---------------------------------------------------------------------------------------------------

const units = () => UNITS.map((u) => ({ id: u.id, parentId: u.parentId }));

function inScope(p: Principal, r: Row): boolean {
  if (p.role === 'admin') return true;
  if (p.role === 'petitioner') return r.petitionerId === p.userId;
  const seen = p.role === 'case_officer' ? [p.unitId] : subtreeOf(units(), p.unitId!);
  return seen.includes(r.unitId ?? '');
}

const within = (d: Date | null, range?: { from?: Date; to?: Date }) =>
  !range || (d !== null && (!range.from || d >= range.from) && (!range.to || d <= range.to));
const contains = (text: string, q: string) => text.toLowerCase().includes(q.toLowerCase());

function matches(r: Row, f: PetitionFilters): boolean {
  const view = cases.find((c) => c.id === r.id)!;
  return (!f.status || f.status.includes(r.status))
    && (!f.class || f.class.includes(r.class))
    && (!f.channel || f.channel.includes(r.channel))
    && (!f.unitId || f.unitId.includes(r.unitId ?? ''))
    && (!f.officerId || f.officerId.includes(r.officerId ?? ''))
    && (f.overdue === undefined || r.overdue === f.overdue)
    && (!f.escalationLevel || f.escalationLevel.includes(r.escalationLevel))
    && (f.minEscalationLevel === undefined || r.escalationLevel >= f.minEscalationLevel)
    && within(r.receivedAt, f.received) && (!f.due || within(r.nextDeadline, f.due)) && (!f.closed || within(r.closedAt, f.closed))
    && (f.likelyRepeat === undefined || (view.likelyRepeatOf !== undefined) === f.likelyRepeat)
    && (!f.q || contains(r.title, f.q) || contains(r.content, f.q))
    && (!f.petitioner || (!view.anonymous && [view.petitioner.name, view.petitioner.contact, view.petitioner.idNumber ?? '']
      .some((v) => petitionerText(v) !== '' && petitionerText(v) === petitionerText(f.petitioner!))));
}

function expected(p: Principal, f: PetitionFilters, sort: SortField, order: 'asc' | 'desc'): string[] {
  const key = (r: Row): number | null => {
    const v = r[sort];
    return v === null ? null : v instanceof Date ? v.getTime() : Number(v);
  };
  const sign = order === 'asc' ? 1 : -1;
  return rows.filter((r) => inScope(p, r) && matches(r, f)).sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === null || y === null) { if (x !== y) return x === null ? 1 : -1; } else if (x !== y) return (x - y) * sign;
    return (a.id < b.id ? -1 : 1) * sign;
  }).map((r) => r.id);
}

function walkPages(p: Principal, filters: PetitionFilters, sort: SortField, order: 'asc' | 'desc', limit = 15): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = listPetitions(rs, p, { filters, sort, order, limit, cursor });
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('no end of pages');
}

// ---------------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const now = Date.parse(NOW);
const FILTERS: Record<string, PetitionFilters> = {
  none: {},
  'status=in_handling': { status: ['in_handling'] },
  'status=closed': { status: ['closed'] },
  'status=registered,awaiting_evaluation': { status: ['registered', 'awaiting_evaluation'] },
  'class=report': { class: ['report'] },
  'channel=letter,fax': { channel: ['letter', 'fax'] },
  'unitId=labour': { unitId: ['labour'] },
  'unitId=arbitration,housing': { unitId: ['arbitration', 'housing'] },
  'officerId=lab-a': { officerId: ['lab-a'] },
  'overdue=true': { overdue: true },
  'overdue=false': { overdue: false },
  'escalationLevel=1,2': { escalationLevel: [1, 2] },
  'escalationLevel=0': { escalationLevel: [0] },
  'minEscalationLevel=2': { minEscalationLevel: 2 },
  'received in a month': { received: { from: new Date(now - 90 * DAY), to: new Date(now - 60 * DAY) } },
  'due within 20 days': { due: { from: new Date(now), to: new Date(now + 20 * DAY) } },
  'closed in 3 months': { closed: { from: new Date(now - 90 * DAY), to: new Date(now) } },
  'status=in_handling & class=claim & overdue=true': { status: ['in_handling'], class: ['claim'], overdue: true },
  'q=工资拖欠 (4 characters)': { q: '工资拖欠' },
  'q=资拖欠 (3 characters)': { q: '资拖欠' },
  'q=工资 (2 characters)': { q: '工资' },
  'q=暖 (1 character)': { q: '暖' },
  'q=heating (ASCII, any case)': { q: 'heating' },
  'q=he (2 ASCII letters)': { q: 'he' },
  'q=工资 & status=closed': { q: '工资', status: ['closed'] },
};
const STAFF_FILTERS: Record<string, PetitionFilters> = {
  'petitioner=张伟 (name)': { petitioner: '张伟' },
  'petitioner=contact': { petitioner: '' },
  'petitioner=ID number with spaces': { petitioner: '' },
  'likelyRepeat=true': { likelyRepeat: true },
  'likelyRepeat=false & overdue=true': { likelyRepeat: false, overdue: true },
  'likelyRepeat=true & minEscalationLevel=1': { likelyRepeat: true, minEscalationLevel: 1 },
};

const ORDERS = SORT_FIELDS.flatMap((s) => (['asc', 'desc'] as const).map((o) => [s, o] as const));

/** A petitioner may not filter on the handling (the route answers 403): the rest of the filters. */
const petitionerFilters = () => Object.fromEntries(Object.entries(FILTERS)
  .filter(([, f]) => f.officerId === undefined && f.escalationLevel === undefined && f.minEscalationLevel === undefined));

describe('every list equals the rows, filtered and sorted by hand, over every cursor page', () => {
  beforeAll(() => {
    const view = cases.find((c) => !c.anonymous && c.petitioner.idNumber)!;
    STAFF_FILTERS['petitioner=contact'] = { petitioner: view.petitioner.contact };
    STAFF_FILTERS['petitioner=ID number with spaces'] = { petitioner: ` ${view.petitioner.idNumber!.slice(0, 6)} ${view.petitioner.idNumber!.slice(6)} ` };
  });

  test('the seeded cases cover the states, flags and scopes the filters ask about', () => {
    const count = (f: PetitionFilters) => expected(principals.root!, f, 'receivedAt', 'desc').length;
    for (const [name, f] of Object.entries(FILTERS)) if (name !== 'status=in_handling & class=claim & overdue=true') expect([name, count(f) > 0]).toEqual([name, true]);
    expect(rows.length).toBe(360);
    for (const name of ['likelyRepeat=true', 'likelyRepeat=false & overdue=true']) expect([name, count(STAFF_FILTERS[name]!) > 0]).toEqual([name, true]);
  });

  test.each(['root', 'sup-office', 'sup-labour', 'lab-a', 'citizen-1'])('%s: every filter × every sort and order', (user) => {
    const p = principals[user]!;
    const filters = p.role === 'petitioner' ? petitionerFilters() : { ...FILTERS, ...STAFF_FILTERS };
    for (const [name, f] of Object.entries(filters)) {
      for (const [sort, order] of ORDERS) {
        if (p.role === 'petitioner' && sort === 'escalationLevel') continue;
        expect([user, name, sort, order, walkPages(p, f, sort, order)]).toEqual([user, name, sort, order, expected(p, f, sort, order)]);
      }
    }
  });

  test.each(['sup-office', 'lab-a'])('%s: a search with more matches than the small-set limit (the search index walked in receipt order, or a check per row) finds the same', (user) => {
    const p = principals[user]!;
    try {
      for (const [name, f] of Object.entries({ ...FILTERS, ...STAFF_FILTERS }).filter(([, x]) => x.q || x.petitioner)) {
        for (const [sort, order] of ORDERS) {
          searchSettings.smallSet = 2; // every search here has more matches than that
          const large = walkPages(p, f, sort, order);
          delete searchSettings.smallSet;
          expect([name, sort, order, large]).toEqual([name, sort, order, expected(p, f, sort, order)]);
        }
      }
    } finally {
      delete searchSettings.smallSet;
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Query plans
// ---------------------------------------------------------------------------------------------------

interface Statement { sql: string; values: unknown[]; what: string }

/** Runs `fn` and returns every statement it sent, with what asked for it. */
function statementsOf(what: string, fn: () => void): Statement[] {
  const seen: Statement[] = [];
  rs.trace = (sql, values) => seen.push({ sql, values, what });
  try {
    fn();
  } finally {
    rs.trace = undefined;
  }
  return seen;
}

function planOf(s: Statement): string[] {
  return (rs.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.values) as { detail: string }[]).map((r) => r.detail);
}

/** Each list, board and statistics request in every shape, first page and a cursor page; every statement they ran. */
function allStatements(): Statement[] {
  const out: Statement[] = [];
  const users = ['root', 'sup-office', 'sup-labour', 'lab-a', 'citizen-1'];
  for (const user of users) {
    const p = principals[user]!;
    const filters = p.role === 'petitioner' ? petitionerFilters() : { ...FILTERS, ...STAFF_FILTERS };
    for (const [name, f] of Object.entries(filters)) {
      for (const sort of SORT_FIELDS) {
        for (const order of ['asc', 'desc'] as const) {
          if (p.role === 'petitioner' && sort === 'escalationLevel') continue;
          const what = `${user} list ${name} sort=${sort} ${order}`;
          const run = () => {
            const first = listPetitions(rs, p, { filters: f, sort, order, limit: 5, includeTotal: true });
            if (first.nextCursor) listPetitions(rs, p, { filters: f, sort, order, limit: 5, cursor: first.nextCursor });
          };
          out.push(...statementsOf(what, run));
          if (f.q || f.petitioner) {
            // And as a common word or name would go (more matches than the small-set limit).
            searchSettings.smallSet = 2;
            try { out.push(...statementsOf(`${what} (large)`, run)); } finally { delete searchSettings.smallSet; }
          }
        }
      }
    }
    if (p.role === 'petitioner') continue;
    for (const [name, f] of Object.entries({ none: {}, 'unitId=labour': { unitId: ['labour'] }, 'class=claim': { class: ['claim'] } })) {
      out.push(...statementsOf(`${user} board ${name}`, () => {
        const first = supervisionBoard(rs, p, { filters: f, limit: 3 });
        if (first.nextCursor) supervisionBoard(rs, p, { filters: f, limit: 3, cursor: first.nextCursor });
      }));
    }
    for (const days of [31, 366]) {
      out.push(...statementsOf(`${user} statistics ${days} days`, () => periodStatistics(rs, p, {
        period: { from: new Date(now - days * DAY), to: new Date(now) }, timeZone: 'Asia/Shanghai',
      })));
    }
  }
  return out;
}

describe('query plans (EXPLAIN QUERY PLAN on the real database)', () => {
  let statements: Statement[];
  let before: Map<string, string[]>;
  beforeAll(() => {
    statements = allStatements();
    before = new Map(statements.map((s) => [`${s.sql}|${JSON.stringify(s.values)}`, planOf(s)]));
  });

  test('no list, board or statistics statement scans the Petition table or the list table', () => {
    expect(statements.length).toBeGreaterThan(1000);
    for (const s of statements) {
      const scans = planOf(s).filter((d) => /^SCAN (p|s|Petition|PetitionScope|StatCounter)\b/.test(d));
      expect([s.what, s.sql, scans]).toEqual([s.what, s.sql, []]);
    }
  });

  test('no statement sorts the caller\'s scope in a temporary B-tree: pages come in index order; only a search\'s few matches are sorted', () => {
    for (const s of statements) {
      const plan = planOf(s);
      if (!plan.some((d) => d.includes('TEMP B-TREE FOR ORDER BY'))) continue;
      // The one sorted case: an id set (at most searchSettings.smallSet cases), each looked up by primary key.
      expect([s.what, plan.some((d) => /SEARCH s USING PRIMARY KEY \(petitionId=\? AND scope=\?\)/.test(d)), s.sql.includes('json_each')])
        .toEqual([s.what, true, true]);
    }
  });

  test('every page of a list reads the list table through the index its sort needs, with the access key as the leading equality', () => {
    const pages = statements.filter((s) => s.sql.includes('INDEXED BY "PetitionScope_') && !s.sql.includes('count(*)'));
    expect(pages.length).toBeGreaterThan(500);
    for (const s of pages) {
      const index = /INDEXED BY "([^"]+)"/.exec(s.sql)![1]!;
      expect([s.what, planOf(s).some((d) => d.startsWith(`SEARCH s USING INDEX ${index} (scope=?`) || d.startsWith(`SEARCH s USING COVERING INDEX ${index} (scope=?`))])
        .toEqual([s.what, true]);
    }
  });

  test('the plans do not hinge on planner statistics: after ANALYZE every statement gets the same plan', async () => {
    await db.$executeRawUnsafe('ANALYZE');
    try {
      expect((rs.sqlite.prepare('SELECT count(*) AS c FROM sqlite_stat1').get() as { c: number }).c).toBeGreaterThan(10);
      for (const s of statements) expect([s.what, planOf(s)]).toEqual([s.what, before.get(`${s.sql}|${JSON.stringify(s.values)}`)]);
    } finally {
      await db.$executeRawUnsafe('DROP TABLE IF EXISTS sqlite_stat1');
      await db.$executeRawUnsafe('DROP TABLE IF EXISTS sqlite_stat4');
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Board, statistics, consistency
// ---------------------------------------------------------------------------------------------------

test('the board: open overdue or escalated cases and any with an open supervision notice (closed ones too), most urgent first, counts from the gauges', () => {
  const p = principals['sup-office']!;
  const onBoard = rows.filter((r) => (r.status !== 'closed' && (r.overdue || r.escalationLevel > 0)) || (r.openSupervision ?? 0) > 0);
  expect(onBoard.some((r) => r.status === 'closed')).toBe(true);
  const deadline = (r: Row) => r.nextDeadline?.getTime() ?? Infinity;
  const want = [...onBoard].sort((a, b) => (Number(b.overdue) - Number(a.overdue))
    || (a.overdue ? deadline(a) - deadline(b) || b.escalationLevel - a.escalationLevel : b.escalationLevel - a.escalationLevel || deadline(a) - deadline(b))
    || (a.id < b.id ? -1 : 1)).map((r) => r.id);
  const got: string[] = [];
  let cursor: string | undefined;
  let counts;
  do {
    const page = supervisionBoard(rs, p, { filters: {}, limit: 4, cursor });
    counts = page.counts;
    got.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(got).toEqual(want);
  expect(counts).toEqual({
    total: onBoard.length, overdue: onBoard.filter((r) => r.overdue).length,
    escalated: onBoard.filter((r) => r.escalationLevel > 0).length, openSupervision: onBoard.filter((r) => (r.openSupervision ?? 0) > 0).length,
  });
});

test('statistics for a year equal the events counted by hand; a month reads the month rows only', async () => {
  const p = principals.root!;
  const stats = periodStatistics(rs, p, { period: { from: new Date('2025-11-30T16:00:00.000Z'), to: new Date(NOW) }, timeZone: 'Asia/Shanghai' });
  const events = await db.petitionEvent.findMany({ where: { at: { gte: new Date('2025-11-30T16:00:00.000Z'), lte: new Date(NOW) } } });
  const of = (type: string) => events.filter((e) => e.type === type);
  expect(stats.received.total).toBe(of('registered').length);
  expect(stats.onTime.replied).toBe(of('replied').length);
  expect(stats.satisfaction.rated).toBe(of('evaluated').length + of('return_visit_recorded').length);
  expect(stats.overdue.deadlinesMissed).toBe(of('deadline_breached').length);
  expect(stats.escalations.total).toBe(of('escalated').length + of('deadline_breached').length);
  expect(stats.escalations.criticised).toBe(of('escalated').filter((e) => JSON.parse(e.data).criticisedUnitId).length);
  expect(stats.overdue.openNow).toBe(rows.filter((r) => r.status !== 'closed' && r.overdue).length);
  expect(stats.byUnit.reduce((a, u) => a + u.received, 0)).toBe(stats.received.total);

  const month = statementsOf('a calendar month', () => periodStatistics(rs, p, {
    period: { from: new Date('2026-09-30T16:00:00.000Z'), to: new Date('2026-10-31T15:59:59.999Z') }, timeZone: 'Asia/Shanghai',
  })).filter((s) => s.sql.includes('"StatCounter"'));
  expect(month.map((s) => s.values.slice(0, 3))).toEqual([['month', '2026-10', '2026-10']]);
});

test('the read model equals what the rows and events say', async () => {
  const report = await checkReadSide(db);
  expect(report).toMatchObject({
    counters: { differing: 0 }, undatedEvents: 0, gauges: { differing: 0 }, listRows: { missing: 0, extra: 0 },
    unitTree: { missing: 0, extra: 0 }, searchIndex: { unnumbered: 0, unindexed: 0 }, repaired: [],
  });
  expect(report.counters.rows).toBeGreaterThan(100);
  expect(PETITIONERS.every((u) => rows.some((r) => r.petitionerId === u))).toBe(true);
});
