// The migration 20261128900000_read_side_at_scale on a database populated under the previous migrations
// (after the holiday years, console and submissions migrations; the next clock's columns, added after it, follow):
// every row of every table is still there with the same values (the snapshot moved to PetitionSnapshot
// unchanged), the new columns are backfilled as the projection would write them, the counters equal the
// events, the list rows, gauges, unit tree and search indexes equal what the rows call for, and the
// service reads and writes the migrated database as it does a new one (rows from before the next clock's
// columns answer a calendar-day count until their next projection write).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectionActivities, projectedColumns } from '../../src/activities/projection';
import { principalFor } from '../../src/api/http/principal';
import { supervisionBoard } from '../../src/api/queries/board';
import { listPetitions } from '../../src/api/queries/listPetitions';
import { periodStatistics } from '../../src/api/queries/statistics';
import { issueToken } from '../../src/accounts';
import { createDb, type Db } from '../../src/db/client';
import { eventFacts, measuresOf } from '../../src/db/counters';
import { readSqlFor } from '../../src/db/readConnection';
import { characters } from '../../src/db/search';
import { viewCase, type CaseView, type Principal } from '../../src/domain';
import { localDateOf } from '../../src/domain/calendar';
import { checkReadSide } from '../../src/ops/readSide';
import { DAY, HOUR, OPINION, Petition, plus } from '../unit/domainFixtures';
import { NOW, random } from '../support/readSideSeed';

const ROOT = path.resolve(__dirname, '..', '..');
const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');
const THIS = '20261128900000_read_side_at_scale';
const CASES = 240;

const file = path.join(ROOT, '.data', 'test', `migration-${crypto.randomUUID()}.db`);
let db: Db;
let views: CaseView[];
const before: Record<string, Record<string, unknown>[]> = {};
const TABLES = ['Unit', 'User', 'ApiToken', 'Petition', 'PetitionEvent', 'Notification', 'IdempotencyRecord', 'Submission', 'HolidayYear', 'SavedFilter', 'CaseNote'];
/** Cases flagged as a likely repeat of the case before them (Petition.likelyRepeatOfId, from the submissions migration). */
const flagged = (i: number) => i % 15 === 4;
const oldId = (i: number) => `old-${String(i).padStart(4, '0')}`;
const oldCode = (i: number) => `OLD${String(i).padStart(6, '0')}`;

const iso = (d?: string | null) => (d ? d.replace('Z', '+00:00') : null);

/** The row the projection wrote before this migration (the columns of 20261127140000_read_side and 20261128400000_submissions, snapshot included). */
function oldRow(v: CaseView) {
  const c = projectedColumns(v);
  return {
    id: v.id, workflowId: `petition-${v.id}`, queryCode: v.queryCode, matterKey: v.matterKey, status: c.status, class: v.class, channel: v.channel,
    unitId: c.unitId, officerId: c.officerId, leaderOwnerId: c.leaderOwnerId, escalationLevel: c.escalationLevel, overdue: c.overdue ? 1 : 0,
    nextDeadline: iso(c.nextDeadline?.toISOString()), closingReason: c.closingReason, petitionerId: v.petitionerUserId ?? null,
    petitionerName: v.petitioner.name, petitionerContact: v.petitioner.contact, title: v.title, content: v.content, receivedAt: iso(v.receivedAt),
    closedAt: iso(c.closedAt?.toISOString()), satisfaction: c.satisfaction, lastSeq: v.seq, snapshot: JSON.stringify(v), linkedToId: null,
    updatedAt: iso(v.asOf), repliedAt: iso(c.repliedAt?.toISOString()), replyOnTime: c.replyOnTime === null ? null : c.replyOnTime ? 1 : 0,
    ratedAt: iso(c.ratedAt?.toISOString()), openSupervision: c.openSupervision, likelyRepeatOfId: c.likelyRepeatOfId,
  };
}

function buildCases(): CaseView[] {
  const r = random(7);
  const units = ['office', 'labour', 'arbitration', 'housing'];
  const out: CaseView[] = [];
  for (let i = 0; i < CASES; i++) {
    const anonymous = i % 40 === 7;
    const unit = r.pick(units);
    const p = new Petition({
      id: oldId(i), queryCode: oldCode(i), matterKey: `old-${i}`,
      ...(flagged(i) ? { likelyRepeatOf: { id: oldId(i - 1), queryCode: oldCode(i - 1) } } : {}),
      class: anonymous ? 'suggestion' : r.pick(['claim', 'report', 'suggestion'] as const), channel: r.pick(['online', 'letter', 'visit'] as const),
      unitId: unit, receivedAt: plus(NOW, -r.int(1, 300) * DAY - r.int(0, 23) * HOUR),
      petitionerUserId: i % 3 === 0 && !anonymous ? 'citizen' : undefined,
      ...(anonymous ? { anonymous: true, petitioner: { name: '匿名 (anonymous)', contact: '' } }
        : { petitioner: { name: r.pick(['张伟', '王 芳', 'Li Na']), contact: `13900${String(i).padStart(6, '0')}`, idNumber: `11010119800101${String(i).padStart(3, '0')}Ｘ` } }),
      title: `${r.pick(['拖欠工资', '物业费', '噪音'])}问题 ${i}`,
      content: `${r.pick(['公司三个月未发工资', '楼下装修噪音大', '小区道路积水'])}。Please HELP, case ${i}.`,
    });
    const steps: [number, () => void][] = [
      [0.9, () => p.advance(DAY).do({ type: 'accept', unitId: unit })],
      [0.8, () => p.advance(DAY).do({ type: 'assign', unitId: unit, officerId: `officer-${unit}` })],
      [0.2, () => p.advance(DAY).do({ type: 'supervise', instruction: '请报告进展' })],
      [0.7, () => p.advance(20 * DAY).do({ type: 'reply', ...OPINION })],
      [0.8, () => p.advance(DAY).do({ type: 'evaluate', rating: r.pick(['satisfied', 'basically_satisfied', 'dissatisfied'] as const) })],
    ];
    for (const [chance, run] of steps) {
      if (r.next() > chance) break;
      try { run(); } catch { break; }
      if (Date.parse(p.now) > Date.parse(NOW)) break;
    }
    if (Date.parse(p.now) < Date.parse(NOW)) p.advance(NOW);
    p.tick();
    out.push(viewCase(p.case, NOW));
  }
  return out;
}

beforeAll(async () => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  const names = fs.readdirSync(MIGRATIONS).filter((n) => fs.statSync(path.join(MIGRATIONS, n)).isDirectory()).sort();
  const at = names.indexOf(THIS);
  expect(at).toBeGreaterThan(0);
  for (const name of names.slice(0, at)) sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8'));

  // The database as the service left it before this migration.
  views = buildCases();
  const insert = (table: string, row: Record<string, unknown>) =>
    sqlite.prepare(`INSERT INTO "${table}" (${Object.keys(row).map((k) => `"${k}"`).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`).run(...Object.values(row));
  sqlite.transaction(() => {
    for (const [id, parentId] of [['office', null], ['labour', 'office'], ['arbitration', 'labour'], ['housing', 'office']]) insert('Unit', { id, name: `Unit ${id}`, parentId, createdAt: '2026-01-01 00:00:00' });
    insert('User', { id: 'admin', name: 'Admin', role: 'admin', unitId: null, createdAt: '2026-01-01 00:00:00' });
    insert('User', { id: 'citizen', name: 'Citizen', role: 'petitioner', unitId: null, createdAt: '2026-01-01 00:00:00' });
    insert('IdempotencyRecord', { key: 'k1', requestHash: 'h', status: 200, response: '{}', createdAt: '2026-11-01 00:00:00' });
    insert('HolidayYear', { year: 2027, holidays: '["2027-01-01"]', workdays: '[]', source: 'test', loadedAt: '2026-11-01 00:00:00', updatedAt: '2026-11-01 00:00:00' });
    insert('SavedFilter', { id: 'f1', userId: 'admin', name: 'Repeats', query: 'likelyRepeat=true', createdAt: '2026-11-01 00:00:00', updatedAt: '2026-11-01 00:00:00' });
    for (const v of views) {
      insert('Petition', oldRow(v));
      for (const e of v.timeline) {
        insert('PetitionEvent', { petitionId: v.id, seq: e.seq, type: e.type, at: iso(e.at), actor: e.actor, data: JSON.stringify({ ...e.data, document: e.document }) });
      }
      insert('Notification', { key: `${v.id}:1:petitioner:registration`, petitionId: v.id, recipient: 'petitioner', kind: 'registration', channel: 'sms', body: '{}', createdAt: '2026-11-01 00:00:00' });
      if (v.id.endsWith('0')) {
        insert('Submission', { id: `sub-${v.id}`, queryCode: `R${v.queryCode}`, petitionId: v.id, channel: 'letter', receivedAt: iso(v.receivedAt), createdAt: '2026-11-01 00:00:00' });
        insert('CaseNote', { id: `note-${v.id}`, petitionId: v.id, authorId: 'admin', text: '内部备注', createdAt: '2026-11-01 00:00:00' });
      }
    }
  })();
  for (const table of TABLES) before[table] = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];

  const started = Date.now();
  sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, THIS, 'migration.sql'), 'utf8'));
  console.log(`migration of ${CASES} cases: ${Date.now() - started} ms`);
  // The migrations after it (the next clock's columns, 20261128950000_next_clock), as `migrate deploy` would run them.
  for (const name of names.slice(at + 1)) sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8'));
  sqlite.close();
  db = await createDb(`file:${file}`);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
});

test('no row is lost and no value changes; the snapshot moved to PetitionSnapshot as it was', () => {
  const sqlite = readSqlFor(db).sqlite;
  for (const table of TABLES) {
    const after = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
    expect([table, after.length]).toEqual([table, before[table]!.length]);
    after.forEach((row, i) => {
      const old = { ...before[table]![i] };
      delete old.snapshot;
      expect(row).toMatchObject(old);
    });
  }
  const snapshots = new Map((sqlite.prepare('SELECT "petitionId", "snapshot" FROM "PetitionSnapshot"').all() as { petitionId: string; snapshot: string }[]).map((s) => [s.petitionId, s.snapshot]));
  expect(snapshots.size).toBe(CASES);
  for (const old of before.Petition!) expect(snapshots.get(String(old.id))).toBe(old.snapshot);
});

test('the new columns hold what the projection would have written', () => {
  const sqlite = readSqlFor(db).sqlite;
  const rows = sqlite.prepare('SELECT "id", "docId", "provisionalDeadline", "unitId", "replyOnTime" FROM "Petition"').all() as { id: string; docId: number; provisionalDeadline: number; unitId: string | null; replyOnTime: number | null }[];
  // Search keys: the receipt instant in ms × 1024 plus the place among cases received in the same ms.
  expect(new Set(rows.map((r) => r.docId)).size).toBe(CASES);
  for (const r of rows) expect([r.id, Math.floor(r.docId / 1024)]).toEqual([r.id, Date.parse(views.find((v) => v.id === r.id)!.receivedAt)]);
  const provisional = rows.filter((r) => r.provisionalDeadline === 1).length;
  expect(provisional).toBeGreaterThan(0); // handling clocks ending in 2027, a year the calendar lacks
  for (const r of rows) {
    const v = views.find((x) => x.id === r.id)!;
    expect([r.id, r.provisionalDeadline === 1]).toEqual([r.id, projectedColumns(v).provisionalDeadline]);
    const events = sqlite.prepare('SELECT "seq", "unitId", "onTime", "day" FROM "PetitionEvent" WHERE "petitionId" = ? ORDER BY "seq"').all(r.id) as { seq: number; unitId: string | null; onTime: number | null; day: string }[];
    const facts = v.timeline.map((e) => eventFacts(e, { unitId: r.unitId, replyOnTime: r.replyOnTime === null ? null : r.replyOnTime === 1, timeZone: v.policy.timeZone }));
    expect(events.map((e) => ({ unitId: e.unitId, onTime: e.onTime === null ? null : e.onTime === 1, day: e.day })))
      .toEqual(facts);
  }
});

test('the counters equal the events, counted here by hand, and every derived table equals what the rows call for', async () => {
  const byHand: Record<string, number> = {};
  for (const v of views) {
    for (const e of v.timeline) {
      const facts = eventFacts(e, { unitId: v.unitId, replyOnTime: projectedColumns(v).replyOnTime, timeZone: v.policy.timeZone });
      for (const m of measuresOf({ type: e.type, data: e.data, onTime: facts.onTime })) byHand[m] = (byHand[m] ?? 0) + 1;
    }
  }
  const [sums] = await db.$queryRawUnsafe<Record<string, bigint | number>[]>(`SELECT sum("received") AS received, sum("replied") AS replied,
    sum("repliedOnTime") AS repliedOnTime, sum("ratedSatisfied") AS ratedSatisfied, sum("ratedBasicallySatisfied") AS ratedBasicallySatisfied,
    sum("ratedDissatisfied") AS ratedDissatisfied, sum("deadlinesMissed") AS deadlinesMissed, sum("escalations") AS escalations, sum("criticised") AS criticised
    FROM "StatCounter" WHERE "grain" = 'month'`);
  expect(Object.fromEntries(Object.entries(sums!).map(([k, v]) => [k, Number(v)]).filter(([, v]) => v))).toEqual(byHand);
  expect(byHand.received).toBe(CASES);

  expect(await checkReadSide(db)).toMatchObject({
    counters: { differing: 0 }, undatedEvents: 0, gauges: { differing: 0 }, listRows: { missing: 0, extra: 0 },
    unitTree: { missing: 0, extra: 0 }, searchIndex: { unnumbered: 0, unindexed: 0 }, repaired: [],
  });
});

describe('the migrated cases are found by search', () => {
  let admin: Principal;
  beforeAll(async () => {
    admin = await principalFor(db, await issueToken(db, 'admin'));
  });
  const find = (q: string) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = listPetitions(readSqlFor(db), admin, { filters: { q }, sort: 'receivedAt', order: 'desc', limit: 100, cursor });
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };
  const byPetitioner = (petitioner: string) => listPetitions(readSqlFor(db), admin, { filters: { petitioner }, sort: 'receivedAt', order: 'desc', limit: 100 }).items.map((i) => i.id);

  test('by 1, 2 and 3+ characters of the title or the content (the backfilled grams match the ones the projection writes)', () => {
    for (const v of views.filter((_, i) => i % 10 === 0)) {
      const title = characters(v.title);
      const content = characters(v.content);
      for (const q of [title[0]!, title.slice(0, 2).join(''), title.slice(1, 4).join(''), content.slice(2, 4).join(''), content.at(-2)! + content.at(-1)!, `help, CASE ${v.id.slice(4).replace(/^0+(?=.)/, '')}.`]) {
        expect([v.id, q, find(q).includes(v.id)]).toEqual([v.id, q, true]);
      }
    }
    for (const q of ['工资问题', '工资', '噪', 'HELP']) {
      const want = views.filter((v) => v.title.toLowerCase().includes(q.toLowerCase()) || v.content.toLowerCase().includes(q.toLowerCase())).map((v) => v.id);
      const found = listPetitions(readSqlFor(db), admin, { filters: { q }, sort: 'receivedAt', order: 'desc', limit: 100, includeTotal: true });
      expect([q, found.total]).toEqual([q, want.length]);
      expect(found.items.every((i) => want.includes(i.id))).toBe(true);
    }
  });

  test('by the petitioner\'s name, contact or ID number (full-width X and spaces folded), never an anonymous case', () => {
    const v = views.find((x) => !x.anonymous)!;
    for (const q of [v.petitioner.contact, v.petitioner.idNumber!.replace('Ｘ', 'x'), ` ${v.petitioner.idNumber!.slice(0, 6)} ${v.petitioner.idNumber!.slice(6)}`]) {
      expect([q, byPetitioner(q)]).toEqual([q, [v.id]]);
    }
    expect(byPetitioner('王芳').length).toBe(views.filter((x) => x.petitioner.name === '王 芳').length);
    expect(byPetitioner('匿名 (anonymous)')).toEqual([]);
  });
});

test('lists, the board and statistics read the migrated database, and the projection writes on as before', async () => {
  const admin = await principalFor(db, await issueToken(db, 'admin'));
  const rs = readSqlFor(db);
  expect(listPetitions(rs, admin, { filters: {}, sort: 'receivedAt', order: 'desc', limit: 100, includeTotal: true }).total).toBe(CASES);
  // The likelyRepeat filter reads the flag the submissions migration added, carried into the list rows.
  const repeats = views.filter((v) => v.likelyRepeatOf).map((v) => v.id).sort();
  expect(repeats.length).toBeGreaterThan(0);
  const listedRepeats = listPetitions(rs, admin, { filters: { likelyRepeat: true }, sort: 'receivedAt', order: 'desc', limit: 100, includeTotal: true });
  expect([listedRepeats.total, listedRepeats.items.map((i) => i.id).sort()]).toEqual([repeats.length, repeats]);
  expect(listedRepeats.items.every((i) => i.likelyRepeatOf === views.find((v) => v.id === i.id)!.likelyRepeatOf!.id)).toBe(true);
  expect(listPetitions(rs, admin, { filters: { likelyRepeat: false }, sort: 'receivedAt', order: 'desc', limit: 100, includeTotal: true }).total).toBe(CASES - repeats.length);
  const board = supervisionBoard(rs, admin, { filters: {}, limit: 100 });
  expect(board.counts.total).toBe(views.filter((v) => (v.status !== 'closed' && (v.overdue || v.escalationLevel > 0)) || v.supervision.some((s) => !s.answeredAt)).length);
  const stats = periodStatistics(rs, admin, { period: { from: new Date(Date.parse(NOW) - 365 * DAY), to: new Date(NOW) }, timeZone: 'Asia/Shanghai' });
  expect(stats.received.total).toBe(CASES);

  const write = projectionActivities(db).recordCaseChange;
  const fresh = new Petition({ id: 'after-migration', queryCode: 'AFTER00001', matterKey: 'after', unitId: 'labour', title: '迁移后的新案件' });
  await write({ view: viewCase(fresh.case, fresh.now), events: fresh.case.timeline, notices: [] });
  expect(readSqlFor(db).sqlite.prepare('SELECT "docId" FROM "Petition" WHERE "id" = ?').get('after-migration')).toEqual({ docId: Date.parse(fresh.case.receivedAt) * 1024 });
  expect(listPetitions(rs, admin, { filters: { q: '迁移后' }, sort: 'receivedAt', order: 'desc', limit: 5 }).items.map((i) => i.id)).toEqual(['after-migration']);
  expect((await checkReadSide(db)).counters.differing).toBe(0);
});

test('rows from before the next clock\'s columns answer calendar days without a warning level, until their next projection write', async () => {
  const admin = await principalFor(db, await issueToken(db, 'admin'));
  const rs = readSqlFor(db);
  // A reading that counts working days would give another answer: the fallback must not use it.
  const clocks = { timeZone: 'Asia/Shanghai', daysLeft: (due: string, unit: 'working' | 'calendar') => (unit === 'working' ? -999 : Date.parse(due) / DAY) };
  const withDeadline = views.filter((v) => v.nextDeadline && v.id.startsWith('old-'));
  expect(withDeadline.length).toBeGreaterThan(0);
  const page = listPetitions(rs, admin, { filters: {}, sort: 'receivedAt', order: 'desc', limit: 100, clocks });
  const migrated = page.items.filter((i) => i.id.startsWith('old-'));
  expect(migrated.length).toBeGreaterThan(0);
  for (const item of migrated) {
    if (!item.nextDeadline) {
      expect([item.id, item.nextClock]).toEqual([item.id, null]);
      continue;
    }
    const dueDate = localDateOf(item.nextDeadline, 'Asia/Shanghai');
    expect([item.id, item.nextClock]).toEqual([item.id, { kind: null, counts: 'calendar_days', dueDate, daysLeft: Date.parse(dueDate) / DAY, warningLevel: 0, warningsTotal: 0 }]);
  }
  // The next write of such a case records its clock.
  const v = withDeadline.find((x) => x.status !== 'closed')!;
  await projectionActivities(db).recordCaseChange({ view: { ...v, seq: v.seq }, events: [], notices: [] });
  const row = await db.petition.findUniqueOrThrow({ where: { id: v.id } });
  const clock = v.clocks.find((k) => k.running && !k.paused && k.dueAt === v.nextDeadline)!;
  expect([row.nextClockKind, row.nextClockUnit]).toEqual([clock.kind, clock.limit.unit]);
  expect(row.nextClockWarnings).toBe(clock.fired.filter((id) => id.startsWith('warn:')).length);
});
