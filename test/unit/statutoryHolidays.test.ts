// The statutory holidays a due date counts before a year's State Council arrangement is published,
// checked three ways: against the arrangements the service ships (2025, 2026), against published festival
// dates (2020-2030), and against an independent astronomical computation for every year 1950-2100.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchMoonPhase, SearchSunLongitude } from 'astronomy-engine';
import { isWorkingDay, validateCalendar } from '../../src/domain/calendar';
import {
  FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR, provisionalRestDays, statutoryHolidayDates, statutoryHolidays,
} from '../../src/domain/calendar/statutoryHolidays';

const CN = validateCalendar(JSON.parse(readFileSync(join(__dirname, '../../policy/calendars/CN.json'), 'utf8')));
const DAY = 86_400_000;
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const on = (year: number, festival: string) => statutoryHolidays(year).filter((h) => h.festival === festival).map((h) => h.date);

describe('statutoryHolidays: the days 《全国年节及纪念日放假办法》第二条 fixes (国务院令第795号, from 2025)', () => {
  it('2027, the first year without an arrangement: 13 days, each with its clause', () => {
    expect(statutoryHolidays(2027).map((h) => `${h.date} ${h.name} ${h.clause}`)).toEqual([
      '2027-01-01 元旦 第二条（一）',
      '2027-02-05 春节（农历除夕） 第二条（二）', // 腊月廿九: the 12th month of 丙午 has 29 days
      '2027-02-06 春节（正月初一） 第二条（二）',
      '2027-02-07 春节（正月初二） 第二条（二）',
      '2027-02-08 春节（正月初三） 第二条（二）',
      '2027-04-05 清明节 第二条（三）',
      '2027-05-01 劳动节 第二条（四）',
      '2027-05-02 劳动节 第二条（四）',
      '2027-06-09 端午节 第二条（五）',
      '2027-09-15 中秋节 第二条（六）',
      '2027-10-01 国庆节 第二条（七）',
      '2027-10-02 国庆节 第二条（七）',
      '2027-10-03 国庆节 第二条（七）',
    ]);
  });

  it.each([2025, 2026])('every statutory day of %i is a rest day in the State Council arrangement (CN.json)', (year) => {
    const dates = statutoryHolidayDates(year);
    expect(dates).toHaveLength(13);
    expect(dates.filter((d) => isWorkingDay(d, CN))).toEqual([]);
    // And each is listed as a holiday, not just a weekend that happens to be free.
    expect(dates.filter((d) => !CN.years[String(year)]!.holidays.includes(d))).toEqual([]);
  });

  // Published festival dates. 2020-2026: the State Council notices 国务院办公厅关于20XX年部分节假日安排的通知
  // (each names the festival day inside its block, e.g. 2023: 中秋节、国庆节 9月29日至10月6日).
  // 2027-2030 (and the 1995 leap month): the Hong Kong Observatory's Gregorian-lunar conversion tables
  // (公历与农历日期对照表), which follow the same national standard (GB/T 33661-2017).
  const published: [number, string, string, string, string][] = [
    // year, 正月初一, 清明, 端午, 中秋
    [2020, '2020-01-25', '2020-04-04', '2020-06-25', '2020-10-01'],
    [2021, '2021-02-12', '2021-04-04', '2021-06-14', '2021-09-21'],
    [2022, '2022-02-01', '2022-04-05', '2022-06-03', '2022-09-10'],
    [2023, '2023-01-22', '2023-04-05', '2023-06-22', '2023-09-29'],
    [2024, '2024-02-10', '2024-04-04', '2024-06-10', '2024-09-17'],
    [2025, '2025-01-29', '2025-04-04', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25'],
    [2027, '2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'], // 闰五月: 端午 is in the first 5th month
    [2029, '2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'],
    [2030, '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
  ];
  it.each(published)('%i: Spring Festival %s, Qingming %s, Dragon Boat %s, Mid-Autumn %s', (year, springDay, qingming, dragonBoat, midAutumn) => {
    expect(on(year, 'spring_festival')).toEqual([plusDays(springDay, -1), springDay, plusDays(springDay, 1), plusDays(springDay, 2)]);
    expect(on(year, 'qingming')).toEqual([qingming]);
    expect(on(year, 'dragon_boat')).toEqual([dragonBoat]);
    expect(on(year, 'mid_autumn')).toEqual([midAutumn]);
  });

  it('a leap 8th month (1995, 闰八月) puts Mid-Autumn in the first 8th month', () => {
    expect(on(1995, 'mid_autumn')).toEqual(['1995-09-09']);
  });

  it('Mid-Autumn on a National Day date is one rest day, not two (2020-10-01, 2028-10-03)', () => {
    expect(statutoryHolidays(2020)).toHaveLength(13);
    expect(statutoryHolidayDates(2020)).toHaveLength(12);
    expect(statutoryHolidayDates(2028).filter((d) => d.startsWith('2028-10-'))).toEqual(['2028-10-01', '2028-10-02', '2028-10-03']);
  });

  it(`every year ${FIRST_STATUTORY_YEAR}-${LAST_STATUTORY_YEAR} agrees with an independent astronomical computation (astronomy-engine)`, () => {
    const disagreements: string[] = [];
    for (let year = FIRST_STATUTORY_YEAR; year <= LAST_STATUTORY_YEAR; year++) {
      const dates = statutoryHolidays(year);
      expect(dates).toHaveLength(13);
      expect(dates.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
      expect(on(year, 'new_year')).toEqual([`${year}-01-01`]);
      expect(on(year, 'labour_day')).toEqual([`${year}-05-01`, `${year}-05-02`]);
      expect(on(year, 'national_day')).toEqual([`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]);

      // 清明 is the day (China Standard Time) the Sun's apparent longitude reaches 15°.
      const qingming = chinaDate(SearchSunLongitude(15, new Date(Date.UTC(year, 2, 25)), 30)!.date);
      if (on(year, 'qingming')[0] !== qingming) disagreements.push(`${year} 清明 ${on(year, 'qingming')[0]} vs ${qingming}`);

      // A lunar month starts on the day of a new moon: 正月初一 = 除夕 + 1, 端午 = 五月初五, 中秋 = 八月十五.
      const month = (festival: string, offset: number) => plusDays(on(year, festival)[0]!, offset);
      for (const [what, firstDay] of [['正月', month('spring_festival', 1)], ['五月', month('dragon_boat', -4)], ['八月', month('mid_autumn', -14)]] as const) {
        const newMoon = chinaDate(SearchMoonPhase(0, new Date(Date.parse(firstDay) - 3 * DAY), 10)!.date);
        if (newMoon !== firstDay) disagreements.push(`${year} ${what}初一 ${firstDay} vs new moon ${newMoon}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses years outside 1950-2100 with a RangeError that says the range', () => {
    for (const bad of [1949, 2101, 2026.5, 'abc', '02027'] as const) {
      expect(() => statutoryHolidays(bad)).toThrow(RangeError);
      expect(() => statutoryHolidays(bad)).toThrow('statutory holidays are computed for 1950-2100');
    }
    expect(statutoryHolidays('2027')).toBe(statutoryHolidays(2027)); // a year key works too (and is memoised)
  });

  it('provisionalRestDays: the statutory dates inside the range, none outside it (weekends only)', () => {
    expect(provisionalRestDays('2027')).toEqual(statutoryHolidayDates(2027));
    expect(provisionalRestDays('2101')).toEqual([]);
  });
});
