// Statistics counters are written by the projection activity in its own transaction and count each event
// once: a retried write, a write that failed half-way, two identical writes at once and an older write
// arriving late count nothing twice. Events count for the unit they name (rules v2), older ones for the
// case's unit, on the local day of the organisation's time zone; the reconciliation finds tampering and
// rebuilds the counters from the events.
import { upsertUnit } from '../../src/accounts';
import { projectionActivities, type CaseChange } from '../../src/activities/projection';
import type { Db } from '../../src/db/client';
import { viewCase, type CaseView, type TimelineEvent } from '../../src/domain';
import { localDateOf } from '../../src/domain/calendar';
import { checkReadSide } from '../../src/ops/readSide';
import { DAY, OPINION, Petition, plus } from '../unit/domainFixtures';
import { createTestDb } from '../support/testDb';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let write: (c: CaseChange) => Promise<void>;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  write = projectionActivities(db).recordCaseChange;
  for (const u of [{ id: 'unit-office', name: 'Office' }, { id: 'unit-housing', name: 'Housing', parentId: 'unit-office' }, { id: 'unit-planning', name: 'Planning', parentId: 'unit-office' }]) {
    await upsertUnit(db, u);
  }
});
afterAll(() => t.cleanup());

type Totals = Record<string, number>;

/** Every counter summed per unit and measure, over day rows (and the month rows must agree). */
async function totals(): Promise<Record<string, Totals>> {
  const rows = await db.statCounter.findMany();
  const by = (grain: string) => {
    const out: Record<string, Totals> = {};
    for (const r of rows.filter((x) => x.grain === grain)) {
      const u = (out[r.unitId] ??= {});
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && v) u[k] = (u[k] ?? 0) + v;
    }
    return out;
  };
  expect(by('month')).toEqual(by('day'));
  return by('day');
}

const viewOf = (p: Petition): CaseView => viewCase(p.case, p.now);
const change = (p: Petition, fromSeq = 0): CaseChange => ({ view: viewOf(p), events: p.case.timeline.filter((e) => e.seq > fromSeq), notices: [] });

let n = 0;
function newCase(overrides: Partial<ConstructorParameters<typeof Petition>[0]> = {}): Petition {
  n += 1;
  return new Petition({ id: `c-${n}`, queryCode: `Q-${n}`, matterKey: `m-${n}`, unitId: 'unit-housing', ...overrides });
}

test('a retried write, a write that failed half-way, two writes at once and a late older write each count an event once', async () => {
  const before = await totals();
  const p = newCase();
  await write(change(p));
  p.advance(DAY).do({ type: 'accept', unitId: 'unit-housing' });
  p.advance(DAY).do({ type: 'assign', unitId: 'unit-housing', officerId: 'officer-li' });
  p.advance(DAY).do({ type: 'reply', ...OPINION });
  const replied = change(p, 1);

  // The first attempt dies inside its transaction, after its events were inserted: nothing stays.
  const poisoned = { ...replied, notices: [{ key: `${p.case.id}:x`, petitionId: p.case.id, recipient: 'officer', kind: 'x', channel: 'internal', get data(): Record<string, unknown> { throw new Error('worker killed'); } }] } as CaseChange;
  await expect(write(poisoned)).rejects.toThrow('worker killed');
  expect(await db.petitionEvent.count({ where: { petitionId: p.case.id } })).toBe(1);

  // The retry, the same write again, two at once, and the registration write arriving late.
  await write(replied);
  await write(replied);
  await Promise.all([write(replied), write(replied)]);
  await write({ ...change(p), view: { ...viewOf(p), seq: 1 } });

  expect(await db.petitionEvent.count({ where: { petitionId: p.case.id } })).toBe(p.case.seq);
  const after = await totals();
  const gained = (unit: string, k: string) => (after[unit]?.[k] ?? 0) - (before[unit]?.[k] ?? 0);
  expect({ received: gained('unit-housing', 'received'), replied: gained('unit-housing', 'replied'), onTime: gained('unit-housing', 'repliedOnTime') })
    .toEqual({ received: 1, replied: 1, onTime: 1 });
  expect((await checkReadSide(db)).counters.differing).toBe(0);
});

test('an event counts for the unit it names, an older event for the case\'s unit, and a criticism for the criticised unit', async () => {
  const before = await totals();
  const p = newCase({ unitId: 'unit-planning' });
  await write(change(p));
  const at = plus(p.now, 70 * DAY);
  const extra = (seq: number, type: string, data: Record<string, unknown>): TimelineEvent => ({ seq, at, type, actor: 'system', data });
  const seq = p.case.seq;
  // v2 events naming units; an old-style breach and reply naming none (the case is with planning); a rating.
  const events = [
    extra(seq + 1, 'deadline_breached', { clockId: 'handling-1', clockKind: 'handling', level: 1, unitId: 'unit-housing' }),
    extra(seq + 2, 'escalated', { level: 2, criticisedUnitId: 'unit-housing' }),
    extra(seq + 3, 'deadline_breached', { clockId: 'acceptance-1', clockKind: 'acceptance', level: 1 }),
    extra(seq + 4, 'replied', { decision: 'support', unitId: 'unit-housing', onTime: false }),
    extra(seq + 5, 'replied', { decision: 'support' }),
    extra(seq + 6, 'evaluated', { stage: 'handling', rating: 'dissatisfied' }),
    extra(seq + 7, 'escalated', { level: 1, reason: 'by hand' }),
  ];
  await write({ view: { ...viewOf(p), seq: seq + 7 }, events, notices: [] });
  const after = await totals();
  const gained = (unit: string) => Object.fromEntries(Object.entries(after[unit] ?? {})
    .map(([k, v]) => [k, v - (before[unit]?.[k] ?? 0)]).filter(([, v]) => v));
  expect(gained('unit-housing')).toEqual({ deadlinesMissed: 1, escalations: 1, criticised: 1, replied: 1 });
  // The old-style reply takes the row's on-time flag: no reply yet in the view, so not on time.
  expect(gained('unit-planning')).toEqual({ received: 1, deadlinesMissed: 1, replied: 1, ratedDissatisfied: 1, escalations: 1 });
  const stored = await db.petitionEvent.findMany({ where: { petitionId: p.case.id, seq: { gt: seq } }, orderBy: { seq: 'asc' } });
  expect(stored.map((e) => e.unitId)).toEqual(['unit-housing', 'unit-housing', 'unit-planning', 'unit-housing', 'unit-planning', 'unit-planning', 'unit-planning']);
});

test('events count on their local day in the organisation\'s time zone, and the month row follows', async () => {
  // 17:30 UTC on 1 March is 01:30 on 2 March in Shanghai.
  const p = newCase({ receivedAt: '2026-03-01T17:30:00.000Z', unitId: 'unit-office' });
  await write(change(p));
  const rows = await db.statCounter.findMany({ where: { unitId: 'unit-office', received: { gt: 0 } } });
  expect(rows.map((r) => [r.grain, r.bucket, r.received]).sort()).toEqual([['day', '2026-03-02', 1], ['month', '2026-03', 1]]);
  expect((await db.petitionEvent.findFirst({ where: { petitionId: p.case.id, seq: 1 } }))?.day).toBe('2026-03-02');
});

test('reconcile finds tampered counters and undated events, and --repair rebuilds them from the events', async () => {
  const p = newCase();
  await write(change(p));
  await db.$executeRawUnsafe(`UPDATE "StatCounter" SET "received" = "received" + 5 WHERE "grain" = 'day' AND "unitId" = 'unit-housing'`);
  await db.$executeRawUnsafe(`UPDATE "PetitionEvent" SET "day" = NULL WHERE "petitionId" = ?`, p.case.id);
  const found = await checkReadSide(db);
  expect(found.counters.differing).toBeGreaterThan(0);
  expect(found.counters.differences[0]).toMatchObject({ field: 'received' });
  expect(found.undatedEvents).toBe(1);

  const repaired = await checkReadSide(db, { repair: true });
  expect(repaired).toMatchObject({ counters: { differing: 0 }, undatedEvents: 0, repaired: ['event days', 'counters'] });
  expect((await db.petitionEvent.findFirst({ where: { petitionId: p.case.id, seq: 1 } }))?.day).toBe(localDateOf(p.case.receivedAt, 'Asia/Shanghai'));
  expect((await checkReadSide(db)).counters.differing).toBe(0);
});
