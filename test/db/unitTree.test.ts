// A unit's parent changed with the admin command (`unit add <id> --parent <new>`): its whole subtree and
// every case in it move to the new ancestors in the same transaction, so each supervisor's list, board and
// statistics scope follow the tree at once; a new unit under an existing one is in scope as soon as it exists.
import { principalFor } from '../../src/api/http/principal';
import { supervisionBoard } from '../../src/api/queries/board';
import { listPetitions } from '../../src/api/queries/listPetitions';
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import { COMMANDS } from '../../src/admin/commands';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/client';
import { readSqlFor } from '../../src/db/readConnection';
import type { Principal } from '../../src/domain';
import { checkReadSide } from '../../src/ops/readSide';
import { createTestDb } from '../support/testDb';
import { seedCases, seedOrganisation } from '../support/readSideSeed';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let tokens: Record<string, string>;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  tokens = await seedOrganisation(db);
  await seedCases(db, 120, 3);
}, 60_000);
afterAll(() => t.cleanup());

const as = (user: string): Promise<Principal> => principalFor(db, tokens[user]!);
const listed = (p: Principal) => listPetitions(readSqlFor(db), p, { filters: {}, sort: 'receivedAt', order: 'desc', limit: 100, includeTotal: true });
const inUnits = async (units: string[]) => db.petition.count({ where: { unitId: { in: units } } });
const admin = (args: string[], options: Record<string, string>) =>
  COMMANDS[`${args[0]} ${args[1]}`]!.run(db, args.slice(2), options, { print: () => undefined, note: () => undefined }, { config: loadConfig({}) });

test('moving a unit with the admin command moves its subtree and its cases in every scope at once', async () => {
  expect((await listed(await as('sup-labour'))).total).toBe(await inUnits(['labour', 'arbitration']));
  const arbitrationCases = await inUnits(['arbitration']);
  expect(arbitrationCases).toBeGreaterThan(0);

  // Arbitration goes under housing, with a new unit below it already.
  await admin(['unit', 'add', 'arbitration-east'], { name: 'East arbitration', parent: 'arbitration' });
  await admin(['unit', 'add', 'arbitration'], { name: '仲裁院 Arbitration', parent: 'housing' });

  await upsertUser(db, { id: 'sup-housing', name: 'Housing supervisor', role: 'supervisor', unitId: 'housing' });
  tokens['sup-housing'] = await issueToken(db, 'sup-housing');
  // A principal is read per request: each check below reads it anew, as the API does.
  expect([...(await as('sup-housing')).unitIds].sort()).toEqual(['arbitration', 'arbitration-east', 'housing']);
  expect((await listed(await as('sup-labour'))).total).toBe(await inUnits(['labour']));
  expect((await listed(await as('sup-housing'))).total).toBe(await inUnits(['housing', 'arbitration']));
  expect((await listed(await as('sup-office'))).total).toBe(await db.petition.count());
  const board = supervisionBoard(readSqlFor(db), await as('sup-housing'), { filters: {}, limit: 100 });
  expect(board.items.every((i) => ['housing', 'arbitration'].includes(i.unitId!))).toBe(true);

  // And back; then the tree and every list row are what the units and cases call for.
  await admin(['unit', 'add', 'arbitration'], { name: '仲裁院 Arbitration', parent: 'labour' });
  expect((await listed(await as('sup-labour'))).total).toBe(await inUnits(['labour', 'arbitration']));
  expect((await listed(await as('sup-housing'))).total).toBe(await inUnits(['housing']));
  const report = await checkReadSide(db);
  expect(report).toMatchObject({ unitTree: { missing: 0, extra: 0 }, listRows: { missing: 0, extra: 0 }, gauges: { differing: 0 } });
  expect(await db.unitAncestor.findMany({ where: { unitId: 'arbitration-east' }, orderBy: { depth: 'asc' } }))
    .toEqual([
      { unitId: 'arbitration-east', ancestorId: 'arbitration-east', depth: 0 }, { unitId: 'arbitration-east', ancestorId: 'arbitration', depth: 1 },
      { unitId: 'arbitration-east', ancestorId: 'labour', depth: 2 }, { unitId: 'arbitration-east', ancestorId: 'office', depth: 3 },
    ]);
});

test('a unit made top-level leaves its former ancestors\' scope; a rename alone changes nothing', async () => {
  await upsertUnit(db, { id: 'housing', name: 'Housing (renamed)', parentId: 'office' });
  expect((await checkReadSide(db)).listRows).toMatchObject({ missing: 0, extra: 0 });
  await upsertUnit(db, { id: 'housing', name: 'Housing', parentId: null });
  expect((await listed(await as('sup-office'))).total).toBe(await db.petition.count({ where: { NOT: { unitId: 'housing' } } }));
  await upsertUnit(db, { id: 'housing', name: 'Housing', parentId: 'office' });
  expect((await listed(await as('sup-office'))).total).toBe(await db.petition.count());
  expect(await checkReadSide(db)).toMatchObject({ unitTree: { missing: 0, extra: 0 }, listRows: { missing: 0, extra: 0 } });
});
