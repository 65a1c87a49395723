// The read side's pure parts: splitting a period into month and day counter ranges, the keyset arms a
// cursor becomes, search tokens and keys, and what an event counts for.
import { arms, compareRows, idKey, type SortKey } from '../../src/api/queries/keyset';
import { counterRanges } from '../../src/api/queries/statistics';
import { eventFacts, measuresOf } from '../../src/db/counters';
import { docIdRange, gramsOf, nextDocId, petitionerKeys, petitionerSearchKeys, petitionerText, receivedMsOf, textQuery } from '../../src/db/search';

describe('statistics read whole months from month rows, the rest from day rows', () => {
  test.each([
    ['2026-10-01', '2026-10-31', [{ grain: 'month', from: '2026-10', to: '2026-10' }]],
    ['2025-11-01', '2026-10-31', [{ grain: 'month', from: '2025-11', to: '2026-10' }]],
    ['2026-10-05', '2026-10-20', [{ grain: 'day', from: '2026-10-05', to: '2026-10-20' }]],
    ['2026-01-15', '2026-04-10', [
      { grain: 'day', from: '2026-01-15', to: '2026-01-31' }, { grain: 'day', from: '2026-04-01', to: '2026-04-10' },
      { grain: 'month', from: '2026-02', to: '2026-03' }]],
    ['2024-02-01', '2024-02-29', [{ grain: 'month', from: '2024-02', to: '2024-02' }]],
    ['2024-02-01', '2024-02-28', [{ grain: 'day', from: '2024-02-01', to: '2024-02-28' }]],
  ])('%s to %s', (from, to, ranges) => {
    expect(counterRanges(from, to)).toEqual(ranges);
  });
});

describe('a cursor becomes arms, each one index seek, in sort order', () => {
  const render = (parts: { sql: string; values: unknown[] }[][]) => parts.map((arm) => arm.map((c) => `${c.sql} [${c.values.join(',')}]`).join(' AND '));
  const byReceived: SortKey[] = [{ column: 'receivedAt', dir: 'desc', type: 'date' }, idKey('desc')];
  const byDeadline: SortKey[] = [{ column: 'nextDeadline', dir: 'asc', type: 'date', nullable: true }, idKey('asc')];

  test('two keys: the rest of the tie, then everything beyond', () => {
    expect(render(arms(byReceived, ['2026-03-01', 'c-9'], false))).toEqual([
      's."receivedAt" = ? [2026-03-01] AND s."petitionId" < ? [c-9]',
      's."receivedAt" < ? [2026-03-01]',
    ]);
  });

  test('a nullable first key: its NULLs come last, as their own arm; after a NULL only the NULLs\' tail', () => {
    expect(render(arms(byDeadline, undefined, false))).toEqual(['s."nextDeadline" IS NOT NULL []', 's."nextDeadline" IS NULL []']);
    expect(render(arms(byDeadline, ['2026-12-01', 'c-1'], false))).toEqual([
      's."nextDeadline" = ? [2026-12-01] AND s."petitionId" > ? [c-1]',
      's."nextDeadline" > ? [2026-12-01]',
      's."nextDeadline" IS NULL []',
    ]);
    expect(render(arms(byDeadline, [null, 'c-1'], false))).toEqual(['s."nextDeadline" IS NULL [] AND s."petitionId" > ? [c-1]']);
    // A date range on the key excludes the NULLs.
    expect(render(arms(byDeadline, undefined, true))).toEqual(['s."nextDeadline" IS NOT NULL []']);
  });

  test('rows merge in key order, NULLs last either way, ties by id', () => {
    const rows = [{ id: 'b', values: [null, 'b'] }, { id: 'a', values: ['2026-01-02', 'a'] }, { id: 'c', values: ['2026-01-01', 'c'] }, { id: 'd', values: ['2026-01-01', 'd'] }];
    expect([...rows].sort((x, y) => compareRows(byDeadline, x, y)).map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    const desc: SortKey[] = [{ column: 'nextDeadline', dir: 'desc', type: 'date', nullable: true }, idKey('desc')];
    expect([...rows].sort((x, y) => compareRows(desc, x, y)).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });
});

describe('search tokens and keys', () => {
  test('1- and 2-character grams of each field, never across title and content, ASCII lowercased', () => {
    expect(gramsOf('工资', 'Ab')).toBe('x5de5 x8d44 x5de5x8d44 x61 x62 x61x62');
    expect(gramsOf('😀', '')).toBe('x1f600'); // a character, not two UTF-16 units
  });

  test('the index a query goes to depends on its length in characters', () => {
    expect(textQuery('工资')).toEqual({ index: 'PetitionGram', match: 'x5de5x8d44' });
    expect(textQuery('A')).toEqual({ index: 'PetitionGram', match: 'x61' });
    expect(textQuery('拖欠工资')).toEqual({ index: 'PetitionText', match: '"拖欠工资"' });
    expect(textQuery('say "hi"')).toEqual({ index: 'PetitionText', match: '"say ""hi"""' });
  });

  test('petitioner text: spaces out, full-width digits and X folded, ASCII lowercased; anonymous cases have no keys', () => {
    expect(petitionerText(' 11010119900101 123Ｘ ')).toBe('11010119900101123x');
    expect(petitionerText('１３８\u30000000')).toBe('1380000');
    expect(petitionerKeys({ anonymous: false, petitioner: { name: '张 三', contact: '138', idNumber: '1X' } })).toEqual(['n:张三', 'c:138', 'i:1x']);
    expect(petitionerKeys({ anonymous: true, petitioner: { name: '匿名', contact: '' } })).toEqual([]);
    expect(petitionerSearchKeys('  ')).toEqual([]);
  });

  test('search keys are receipt instants: a millisecond holds 1024 cases, in order', () => {
    const ms = Date.parse('2026-03-02T01:00:00.123Z');
    const [first, last] = docIdRange(ms);
    expect(nextDocId(ms, null)).toBe(first);
    expect(nextDocId(ms, first)).toBe(first + 1);
    expect(receivedMsOf(last)).toBe(ms);
    expect(() => nextDocId(ms, last)).toThrow('same millisecond');
    expect(Number.isSafeInteger(last)).toBe(true);
  });
});

describe('what an event counts for', () => {
  const at = '2026-03-01T17:30:00.000Z'; // 2 March in Shanghai
  const c = { unitId: 'unit-now', replyOnTime: true, timeZone: 'Asia/Shanghai' };
  test.each([
    ['registered', { unitId: 'unit-first' }, { unitId: 'unit-first', onTime: null }, ['received']],
    ['replied', { unitId: 'unit-held', onTime: false }, { unitId: 'unit-held', onTime: false }, ['replied']],
    ['replied', {}, { unitId: 'unit-now', onTime: true }, ['replied', 'repliedOnTime']],
    ['evaluated', { rating: 'basically_satisfied' }, { unitId: 'unit-now', onTime: null }, ['ratedBasicallySatisfied']],
    ['deadline_breached', { unitId: 'unit-held' }, { unitId: 'unit-held', onTime: null }, ['deadlinesMissed']],
    ['escalated', { level: 2, criticisedUnitId: 'unit-late' }, { unitId: 'unit-late', onTime: null }, ['escalations', 'criticised']],
    ['escalated', { level: 1 }, { unitId: 'unit-now', onTime: null }, ['escalations']],
    ['accepted', { unitId: 'unit-x' }, { unitId: 'unit-x', onTime: null }, []],
  ])('%s %j', (type, data, facts, measures) => {
    const f = eventFacts({ type, at, data }, c);
    expect(f).toEqual({ ...facts, day: '2026-03-02' });
    expect(measuresOf({ type, data, onTime: f.onTime })).toEqual(measures);
  });
});
