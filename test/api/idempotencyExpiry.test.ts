// Idempotency records expire after a day, so the table does not grow without bound.
import { purgeIdempotencyRecords } from '../../src/api/http/idempotencyExpiry';
import { createTestDb } from '../support/testDb';

let dbh: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => { dbh = await createTestDb(); });
afterAll(async () => { await dbh?.cleanup(); });

test('records older than a day are purged; recent ones, finished or in progress, stay', async () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now - h * 3600_000);
  await dbh.db.idempotencyRecord.createMany({
    data: [
      { key: 'old-done', requestHash: 'h', status: 201, response: '{}', createdAt: hoursAgo(25) },
      { key: 'old-claimed', requestHash: 'h', status: 0, response: '', createdAt: hoursAgo(48) },
      { key: 'recent-done', requestHash: 'h', status: 200, response: '{}', createdAt: hoursAgo(23) },
      { key: 'recent-claimed', requestHash: 'h', status: 0, response: '', createdAt: hoursAgo(0.01) },
    ],
  });
  expect(await purgeIdempotencyRecords(dbh.db, undefined, now)).toBe(2);
  const left = await dbh.db.idempotencyRecord.findMany({ orderBy: { key: 'asc' } });
  expect(left.map((r) => r.key)).toEqual(['recent-claimed', 'recent-done']);
});
