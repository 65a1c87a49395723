// Seeds a fresh, migrated SQLite file with N projected petitions and their events, no workflows: what the
// projection activity would have written for a province's register. Cases are domain-built templates
// (templates.ts) with their own ids, people, units and Chinese text (corpus.ts), received over the two
// years before now, with the status mix of their age. Rows are written as the projection writes them
// (projectedColumns, eventFacts, searchIndexStatements); the read model derived from them (list rows,
// gauges, counters) is then built in bulk by the same queries `npm run reconcile -- --read-side --repair`
// uses, with the indexes and triggers created after the load, as a bulk load should.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import { projectedColumns } from '../../src/activities/projection';
import { createDb } from '../../src/db/client';
import { eventFacts, REBUILD_COUNTERS_SQL } from '../../src/db/counters';
import { bindable } from '../../src/db/readConnection';
import { EXPECTED_GAUGES_SQL, EXPECTED_SCOPE_SQL, GAUGE_COLUMNS, SCOPE_COLUMNS } from '../../src/db/readModel';
import { nextDocId, searchIndexStatements } from '../../src/db/search';
import type { CaseView, PetitionClass } from '../../src/domain';
import { loadCalendar, loadPolicy } from '../../src/policy/load';
import type { Prisma } from '../../src/generated/prisma/client';
import { migrate } from '../lib/stack';
import { idNumber, personName, petitionText, phone, rng } from './corpus';
import { ageBucket, buildTemplate, instantiate, pathFor, PATHS, type Template } from './templates';

const DAY = 86_400_000;
const ROOT = path.resolve(__dirname, '..', '..');

/** The unit tree: the office, 12 bureaus under it, 2 offices under each bureau. */
export const BUREAUS = Array.from({ length: 12 }, (_, i) => `bureau-${String(i + 1).padStart(2, '0')}`);
export const UNITS = [
  { id: 'office', name: '市信访局', parentId: null as string | null },
  ...BUREAUS.map((b, i) => ({ id: b, name: `第${i + 1}局`, parentId: 'office' })),
  ...BUREAUS.flatMap((b) => ['a', 'b'].map((s) => ({ id: `${b}-${s}`, name: `${b} ${s}科`, parentId: b }))),
];
/** The busiest unit (the first bureau takes the most cases): whose officer's list the bench reads. */
export const BIG_UNIT = 'bureau-01';
const OFFICERS_PER_UNIT = 4;

/** Where cases go: bureaus by a skewed share, their offices and the office itself less. */
function unitFor(r: ReturnType<typeof rng>): string {
  const x = r.next();
  const bureau = BUREAUS[Math.min(BUREAUS.length - 1, Math.floor(BUREAUS.length * r.next() ** 1.5))]!;
  if (x < 0.1) return 'office';
  if (x < 0.7) return bureau;
  return `${bureau}-${r.next() < 0.5 ? 'a' : 'b'}`;
}

export interface SeedResult {
  file: string;
  cases: number;
  events: number;
  listRows: number;
  seconds: number;
  megabytes: number;
  tokens: Record<'admin' | 'intake' | 'supervisor' | 'officer' | 'petitioner', string>;
  /** A few query codes, petitioner names and ID numbers of seeded cases, for the requests. */
  samples: { queryCodes: string[]; names: string[]; idNumbers: string[] };
}

async function seedAccounts(file: string, petitionerUser: string): Promise<SeedResult['tokens']> {
  const db = await createDb(`file:${file}`);
  try {
    for (const u of UNITS) await upsertUnit(db, u);
    const people = [
      ['admin', 'admin', null], ['intake', 'intake_officer', 'office'], ['supervisor', 'supervisor', 'office'],
      ['officer', 'case_officer', BIG_UNIT], [petitionerUser, 'petitioner', null],
    ] as const;
    const tokens: Record<string, string> = {};
    for (const [id, role, unitId] of people) {
      await upsertUser(db, { id: id === 'officer' ? `officer-${BIG_UNIT}-1` : id, name: id, role, unitId });
      tokens[id === petitionerUser ? 'petitioner' : id] = await issueToken(db, id === 'officer' ? `officer-${BIG_UNIT}-1` : id);
    }
    return tokens as SeedResult['tokens'];
  } finally {
    await db.$disconnect();
  }
}

/**
 * A 10-character query code like a real one, unique by construction: 4 characters of the id's hash, then the
 * case's number in base 36 (six places: 2 billion cases). Ten hash characters alone collide at a million.
 */
const queryCodeFor = (id: string, i: number): string =>
  crypto.createHash('sha256').update(id).digest('hex').slice(0, 4).toUpperCase() + i.toString(36).toUpperCase().padStart(6, '0');

export async function seed(file: string, count: number, onProgress: (done: number) => void = () => undefined): Promise<SeedResult> {
  const started = Date.now();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  migrate(file);
  const r = rng(count);
  // Petitioners with an account: each has one to a few cases; the bench reads the list of the first.
  const petitionerUsers = Math.max(1, Math.floor(count / 6));
  const userOf = (i: number) => `citizen-${i}`;
  const tokens = await seedAccounts(file, userOf(0));

  const policy = loadPolicy(path.join(ROOT, 'policy', 'default.json'));
  const calendar = loadCalendar(path.join(ROOT, 'policy', 'calendars', 'CN.json'));
  const base = Date.parse('2024-01-08T01:00:00.000Z');
  const templates = new Map<string, Template>();
  const templateOf = (p: string, cls: PetitionClass, age: number) => {
    const key = `${p}|${cls}|${age}`;
    let t = templates.get(key);
    if (!t) templates.set(key, (t = buildTemplate(p as keyof typeof PATHS, cls, age, policy, calendar, base)));
    return t;
  };

  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1048576'); // 1 GiB
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('locking_mode = EXCLUSIVE');

  // Indexes and triggers of the loaded tables go before the load and come back after it (their SQL as the migration made it).
  const deferred = sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger')
    AND tbl_name IN ('Petition', 'PetitionEvent', 'PetitionScope', 'PetitionerKey', 'StatCounter', 'UnitGauge')`).all() as { type: string; name: string; sql: string }[];
  for (const d of deferred) sqlite.exec(`DROP ${d.type.toUpperCase()} "${d.name}"`);

  const cols = (row: Record<string, unknown>) => Object.keys(row);
  const statements = new Map<string, Database.Statement>();
  const run = (q: { sql: string; values: readonly unknown[] }) => {
    let s = statements.get(q.sql);
    if (!s) statements.set(q.sql, (s = sqlite.prepare(q.sql)));
    s.run(...bindable(q.values));
  };
  const insertRow = (table: string, row: Record<string, unknown>) =>
    run({ sql: `INSERT INTO "${table}" (${cols(row).map((c) => `"${c}"`).join(', ')}) VALUES (${cols(row).map(() => '?').join(', ')})`, values: Object.values(row) });

  const now = Date.now();
  const sameMs = new Map<number, number>();
  const samples: SeedResult['samples'] = { queryCodes: [], names: [], idNumbers: [] };
  let events = 0;
  const CHUNK = 5000;
  for (let from = 0; from < count; from += CHUNK) {
    sqlite.transaction(() => {
      for (let i = from; i < Math.min(count, from + CHUNK); i++) {
        // Received over two years, in order (as a register grows); ages decide the status mix.
        const receivedAt = now - 730 * DAY + Math.floor(((i + r.next()) / count) * 730 * DAY) - 60_000;
        const age = Math.max(0, (now - receivedAt) / DAY);
        const cls = r.pick<PetitionClass>(['claim', 'claim', 'claim', 'suggestion', 'report']);
        const channel = r.pick(['online', 'online', 'online', 'online', 'letter', 'letter', 'visit', 'visit', 'phone', 'fax'] as const);
        const unitId = unitFor(r);
        const { title, content } = petitionText(r);
        const id = crypto.randomUUID();
        const who = {
          id, queryCode: queryCodeFor(id, i), matterKey: crypto.randomUUID().replace(/-/g, ''),
          unitId, officerId: `officer-${unitId}-${r.int(1, OFFICERS_PER_UNIT)}`, channel,
          petitioner: { name: personName(r), contact: phone(r), idNumber: idNumber(r) },
          petitionerUserId: channel === 'online' && r.next() < 0.6 ? userOf(i % petitionerUsers) : undefined,
          title, content, receivedAt: 0,
        };
        const template = templateOf(pathFor(age, r), cls, ageBucket(age));
        const view: CaseView = instantiate(template, { ...who, receivedAt });
        const c = projectedColumns(view);
        const lastAt = view.timeline.at(-1)?.at ?? view.receivedAt;
        const receivedMs = Date.parse(view.receivedAt);
        const docId = nextDocId(receivedMs, sameMs.get(receivedMs) ?? null);
        sameMs.set(receivedMs, docId);
        insertRow('Petition', {
          id, workflowId: `petition-${id}`, queryCode: view.queryCode, matterKey: view.matterKey, status: c.status, class: view.class, channel: view.channel,
          unitId: c.unitId, officerId: c.officerId, leaderOwnerId: c.leaderOwnerId, escalationLevel: c.escalationLevel, overdue: c.overdue,
          nextDeadline: c.nextDeadline, closingReason: c.closingReason, petitionerId: view.petitionerUserId ?? null, petitionerName: view.petitioner.name,
          petitionerContact: view.petitioner.contact, title: view.title, content: view.content, receivedAt: new Date(view.receivedAt), closedAt: c.closedAt,
          satisfaction: c.satisfaction, lastSeq: view.seq, linkedToId: null, updatedAt: new Date(lastAt), repliedAt: c.repliedAt, replyOnTime: c.replyOnTime,
          ratedAt: c.ratedAt, openSupervision: c.openSupervision, likelyRepeatOfId: c.likelyRepeatOfId, docId, provisionalDeadline: c.provisionalDeadline,
        });
        insertRow('PetitionSnapshot', { petitionId: id, snapshot: JSON.stringify(view) });
        const context = { unitId: view.unitId, replyOnTime: c.replyOnTime, timeZone: view.policy.timeZone };
        for (const e of view.timeline) {
          const f = eventFacts(e, context);
          insertRow('PetitionEvent', {
            petitionId: id, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: JSON.stringify({ ...e.data, document: e.document }),
            unitId: f.unitId, onTime: f.onTime, day: f.day,
          });
          events++;
        }
        for (const q of searchIndexStatements(docId, view) as Prisma.Sql[]) run(q);
        if (i % Math.max(1, Math.floor(count / 50)) === 7) {
          samples.queryCodes.push(view.queryCode);
          samples.names.push(view.petitioner.name);
          samples.idNumbers.push(view.petitioner.idNumber!);
        }
      }
    })();
    onProgress(Math.min(count, from + CHUNK));
  }

  // The read model, in bulk: what the triggers and the projection write would have built row by row.
  sqlite.transaction(() => {
    const scope = SCOPE_COLUMNS.map((c) => `"${c}"`).join(', ');
    sqlite.exec(`INSERT INTO "PetitionScope" (${scope}) SELECT ${scope} FROM (${EXPECTED_SCOPE_SQL})`);
    const gauges = GAUGE_COLUMNS.map((c) => `"${c}"`).join(', ');
    sqlite.exec(`INSERT INTO "UnitGauge" (${gauges}) SELECT ${gauges} FROM (${EXPECTED_GAUGES_SQL})`);
    for (const s of REBUILD_COUNTERS_SQL) sqlite.exec(s);
  })();
  for (const d of deferred.filter((x) => x.type === 'index')) sqlite.exec(d.sql);
  for (const d of deferred.filter((x) => x.type === 'trigger')) sqlite.exec(d.sql);
  const listRows = (sqlite.prepare('SELECT count(*) AS c FROM "PetitionScope"').get() as { c: number }).c;
  sqlite.pragma('locking_mode = NORMAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
  return {
    file, cases: count, events, listRows, seconds: (Date.now() - started) / 1000,
    megabytes: fs.statSync(file).size / 2 ** 20, tokens, samples,
  };
}
