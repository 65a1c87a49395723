// The per-request reads (who is calling, whose the case is) answer exactly as Prisma does and see every
// change at once: they are prepared statements on a second connection to the file, never a cache.
import { hashToken, issueToken, revokeTokens, upsertUnit, upsertUser } from '../../src/accounts';
import { principalFor } from '../../src/api/http/principal';
import { ownershipOf } from '../../src/api/services/caseAccess';
import { accessReadsFor, prismaAccessReads, type AccessReads } from '../../src/db/accessReads';
import type { Db } from '../../src/db/client';
import { createTestDb } from '../support/testDb';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let fast: AccessReads;
let prisma: AccessReads;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  fast = accessReadsFor(db);
  prisma = prismaAccessReads(db);
  await upsertUnit(db, { id: 'office', name: 'Office' });
  await upsertUnit(db, { id: 'labour', name: 'Labour', parentId: 'office' });
  await upsertUser(db, { id: 'sup', name: 'Supervisor', role: 'supervisor', unitId: 'office' });
  await upsertUser(db, { id: 'officer', name: 'Officer', role: 'case_officer', unitId: 'labour' });
  await upsertUser(db, { id: 'citizen', name: 'Citizen', role: 'petitioner' });
  await db.petition.create({
    data: {
      id: 'p1', workflowId: 'petition-p1', queryCode: 'Q1', matterKey: 'm', status: 'accepted', class: 'claim', channel: 'online',
      unitId: 'labour', petitionerId: 'citizen', petitionerName: '张三', petitionerContact: '138', title: 'wages', content: 'unpaid',
      receivedAt: new Date('2026-03-02T01:00:00Z'), lastSeq: 3,
    },
  });
});
afterAll(() => t.cleanup());

test('a token owner reads the same through both paths, including an unknown token', async () => {
  const token = await issueToken(db, 'sup', 'laptop');
  await principalFor(db, token); // stamps lastUsedAt
  const fromFast = await fast.tokenOwner(hashToken(token));
  expect(fromFast).toEqual(await prisma.tokenOwner(hashToken(token)));
  expect(fromFast).toMatchObject({ userId: 'sup', role: 'supervisor', unitId: 'office', revoked: false });
  expect(fromFast!.lastUsedAt).toBeInstanceOf(Date);
  expect(await fast.tokenOwner(hashToken('pt_unknown'))).toBeUndefined();
  expect(await prisma.tokenOwner(hashToken('pt_unknown'))).toBeUndefined();
});

test('a case owner reads the same through both paths, and a missing case is undefined', async () => {
  expect(await fast.caseOwner('p1')).toEqual({ unitId: 'labour', petitionerId: 'citizen', status: 'accepted' });
  expect(await fast.caseOwner('p1')).toEqual(await prisma.caseOwner('p1'));
  expect(await fast.caseOwner('nope')).toBeUndefined();
  await expect(ownershipOf(db, 'nope')).rejects.toMatchObject({ status: 404 });
});

test('a revocation, a new unit and a handed-over case show on the very next request', async () => {
  const token = await issueToken(db, 'sup', 'phone');
  expect((await principalFor(db, token)).unitIds).toEqual(['office', 'labour']);

  await upsertUnit(db, { id: 'arbitration', name: 'Arbitration', parentId: 'labour' });
  expect(new Set((await principalFor(db, token)).unitIds)).toEqual(new Set(['office', 'labour', 'arbitration']));
  expect(new Set((await fast.units()).map((u) => u.id))).toEqual(new Set((await prisma.units()).map((u) => u.id)));

  await db.petition.update({ where: { id: 'p1' }, data: { unitId: 'arbitration', status: 'transferred' } });
  expect(await ownershipOf(db, 'p1')).toEqual({ unitId: 'arbitration', petitionerUserId: 'citizen', status: 'transferred' });

  await revokeTokens(db, 'sup');
  await expect(principalFor(db, token)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  expect(await fast.tokenOwner(hashToken(token))).toMatchObject({ revoked: true });
});
