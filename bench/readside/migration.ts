// How long the read-side migration (20261128900000_read_side_at_scale) takes on an existing database:
// seeds a database under the previous migrations with N cases as the projection wrote them then (the
// snapshot in the row, no read model), applies the migration as `prisma migrate deploy` runs it (one
// script), and prints the time and the sizes before and after.
//   npx tsx bench/readside/migration.ts [--cases 50000] [--keep]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectedColumns } from '../../src/activities/projection';
import { bindable } from '../../src/db/readConnection';
import type { PetitionClass } from '../../src/domain';
import { loadCalendar, loadPolicy } from '../../src/policy/load';
import { num, parseArgs } from '../lib/args';
import { idNumber, personName, petitionText, phone, rng } from './corpus';
import { UNITS } from './seed';
import { ageBucket, buildTemplate, instantiate, pathFor, type PATHS, type Template } from './templates';

const ROOT = path.resolve(__dirname, '..', '..');
const DAY = 86_400_000;
const THIS = '20261128900000_read_side_at_scale';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { cases: 'value', keep: 'flag', statements: 'flag' });
  const count = num(args.cases, 50_000);
  const file = path.join(ROOT, '.bench', `migration-${count}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  const dir = path.join(ROOT, 'prisma', 'migrations');
  const names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort();
  for (const name of names.filter((n) => n < THIS)) sqlite.exec(fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));

  const policy = loadPolicy(path.join(ROOT, 'policy', 'default.json'));
  const calendar = loadCalendar(path.join(ROOT, 'policy', 'calendars', 'CN.json'));
  const templates = new Map<string, Template>();
  const r = rng(count);
  const now = Date.now();
  const insert = (table: string, row: Record<string, unknown>) =>
    sqlite.prepare(`INSERT INTO "${table}" (${Object.keys(row).map((k) => `"${k}"`).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`).run(...bindable(Object.values(row)));
  sqlite.pragma('synchronous = OFF');
  const started = Date.now();
  sqlite.transaction(() => {
    for (const u of UNITS) insert('Unit', { id: u.id, name: u.name, parentId: u.parentId });
    for (let i = 0; i < count; i++) {
      const receivedAt = now - 730 * DAY + Math.floor(((i + r.next()) / count) * 730 * DAY);
      const age = (now - receivedAt) / DAY;
      const cls = r.pick<PetitionClass>(['claim', 'claim', 'suggestion', 'report']);
      const key = `${pathFor(age, r)}|${cls}|${ageBucket(age)}`;
      let t = templates.get(key);
      if (!t) templates.set(key, (t = buildTemplate(key.split('|')[0] as keyof typeof PATHS, cls, ageBucket(age), policy, calendar, Date.parse('2024-01-08T01:00:00.000Z'))));
      const unitId = r.pick(UNITS).id;
      const { title, content } = petitionText(r);
      const id = crypto.randomUUID();
      const v = instantiate(t, {
        id, queryCode: crypto.createHash('sha256').update(id).digest('hex').slice(0, 12).toUpperCase(), matterKey: id, unitId, officerId: `officer-${unitId}-1`, channel: 'online',
        petitioner: { name: personName(r), contact: phone(r), idNumber: idNumber(r) }, petitionerUserId: r.next() < 0.3 ? `citizen-${i % 1000}` : undefined,
        title, content, receivedAt,
      });
      const c = projectedColumns(v);
      insert('Petition', {
        id, workflowId: `petition-${id}`, queryCode: v.queryCode, matterKey: v.matterKey, status: c.status, class: v.class, channel: v.channel, unitId: c.unitId,
        officerId: c.officerId, leaderOwnerId: c.leaderOwnerId, escalationLevel: c.escalationLevel, overdue: c.overdue, nextDeadline: c.nextDeadline,
        closingReason: c.closingReason, petitionerId: v.petitionerUserId ?? null, petitionerName: v.petitioner.name, petitionerContact: v.petitioner.contact,
        title: v.title, content: v.content, receivedAt: new Date(v.receivedAt), closedAt: c.closedAt, satisfaction: c.satisfaction, lastSeq: v.seq,
        snapshot: JSON.stringify(v), linkedToId: null, updatedAt: new Date(v.timeline.at(-1)!.at), repliedAt: c.repliedAt, replyOnTime: c.replyOnTime,
        ratedAt: c.ratedAt, openSupervision: c.openSupervision, likelyRepeatOfId: c.likelyRepeatOfId,
      });
      for (const e of v.timeline) insert('PetitionEvent', { petitionId: id, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: JSON.stringify({ ...e.data, document: e.document }) });
    }
  })();
  sqlite.pragma('synchronous = FULL');
  const before = fs.statSync(file).size / 2 ** 20;
  process.stderr.write(`seeded ${count} cases under the previous migrations in ${((Date.now() - started) / 1000).toFixed(0)} s (${before.toFixed(0)} MiB)\n`);

  const t0 = Date.now();
  const script = fs.readFileSync(path.join(dir, THIS, 'migration.sql'), 'utf8');
  if (args.statements) {
    // Statement by statement (in one transaction), the slowest printed: where the time goes.
    const timings: [number, string][] = [];
    sqlite.transaction(() => {
      for (const statement of splitStatements(script)) {
        const s0 = Date.now();
        sqlite.exec(statement);
        timings.push([Date.now() - s0, statement.replace(/--.*\n/g, '').trim().slice(0, 90).replace(/\s+/g, ' ')]);
      }
    })();
    for (const [ms, what] of timings.sort((a, b) => b[0] - a[0]).slice(0, 12)) process.stdout.write(`${String(ms).padStart(8)} ms  ${what}\n`);
  } else {
    sqlite.exec(script);
  }
  const seconds = (Date.now() - t0) / 1000;
  sqlite.close();
  const after = fs.statSync(file).size / 2 ** 20;
  process.stdout.write(`migration ${THIS} on ${count.toLocaleString('en')} cases: ${seconds.toFixed(1)} s; database ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after\n`);
  if (!args.keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** The script's statements (a trigger's body ends at its END;). */
function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of script.split('\n')) {
    current += `${line}\n`;
    const inTrigger = /CREATE TRIGGER/.test(current);
    if ((inTrigger && /^END;\s*$/.test(line)) || (!inTrigger && /;\s*$/.test(line))) {
      if (current.replace(/--.*\n/g, '').trim()) out.push(current);
      current = '';
    }
  }
  return out;
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
