/**
 * The public holidays that the national rules fix in advance, for any year: what a due date can count on
 * before the State Council publishes that year's arrangement (部分节假日安排的通知, usually in the autumn).
 *
 * 《全国年节及纪念日放假办法》第二条, as revised by 国务院令第795号 (2024-11-10, in force 2025-01-01):
 *   （一）元旦，放假1天（1月1日）
 *   （二）春节，放假4天（农历除夕、正月初一至初三）
 *   （三）清明节，放假1天（农历清明当日）
 *   （四）劳动节，放假2天（5月1日、2日）
 *   （五）端午节，放假1天（农历端午当日）
 *   （六）中秋节，放假1天（农历中秋当日）
 *   （七）国庆节，放假3天（10月1日至3日）
 * The current rules are applied to every year asked for: before 2025 the Spring Festival and Labour Day had
 * fewer days, so this is not a history of past holidays. Not fixed in advance and so not here: the make-up
 * working days (调休) and the day off in lieu of a holiday falling on a weekend (第六条 补假), whose dates
 * only the year's arrangement sets.
 *
 * Lunar dates and the Qingming solar term come from lunar-typescript (the Chinese calendar in China Standard
 * Time, as GB/T 33661-2017 defines it). Pure, but a library: used by the due-date activity, never imported
 * into workflow code (it is deliberately not exported from ./index).
 */
import { Lunar, type Solar } from 'lunar-typescript';

export const FIRST_STATUTORY_YEAR = 1950;
export const LAST_STATUTORY_YEAR = 2100;

/** Where the list comes from, for logs, the admin command and the README. */
export const STATUTORY_RULES = '《全国年节及纪念日放假办法》第二条（国务院令第795号修订，2025年1月1日起施行）';

export type StatutoryFestival =
  | 'new_year' | 'spring_festival' | 'qingming' | 'labour_day' | 'dragon_boat' | 'mid_autumn' | 'national_day';

export interface StatutoryHoliday {
  /** 'YYYY-MM-DD' in China Standard Time. */
  date: string;
  festival: StatutoryFestival;
  /** The day as the rules name it, e.g. '春节（农历除夕）'. */
  name: string;
  /** The item of Article 2 that fixes it, e.g. '第二条（二）'. */
  clause: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const solarDate = (s: Solar) => ymd(s.getYear(), s.getMonth(), s.getDay());

function requireYear(year: number | string): number {
  const y = typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : year;
  if (typeof y !== 'number' || !Number.isInteger(y) || y < FIRST_STATUTORY_YEAR || y > LAST_STATUTORY_YEAR) {
    throw new RangeError(
      `statutory holidays are computed for ${FIRST_STATUTORY_YEAR}-${LAST_STATUTORY_YEAR}, got ${JSON.stringify(year)}`,
    );
  }
  return y;
}

function compute(y: number): StatutoryHoliday[] {
  const day = (date: string, festival: StatutoryFestival, name: string, item: string): StatutoryHoliday =>
    ({ date, festival, name, clause: `第二条（${item}）` });
  // 正月初一 of lunar year y falls between Jan 21 and Feb 20 of year y, so 除夕 (the last day of the 12th
  // month, the 29th or the 30th) is in year y too. Month 5 and 8 are the regular months, never the leap one.
  const newYear = Lunar.fromYmd(y, 1, 1);
  const qingming = newYear.getJieQiTable()['清明'];
  if (!qingming) throw new Error(`no Qingming solar term found for ${y}`); // the library's table always has it
  const list = [
    day(ymd(y, 1, 1), 'new_year', '元旦', '一'),
    day(solarDate(newYear.next(-1).getSolar()), 'spring_festival', '春节（农历除夕）', '二'),
    day(solarDate(newYear.getSolar()), 'spring_festival', '春节（正月初一）', '二'),
    day(solarDate(newYear.next(1).getSolar()), 'spring_festival', '春节（正月初二）', '二'),
    day(solarDate(newYear.next(2).getSolar()), 'spring_festival', '春节（正月初三）', '二'),
    day(solarDate(qingming), 'qingming', '清明节', '三'),
    day(ymd(y, 5, 1), 'labour_day', '劳动节', '四'),
    day(ymd(y, 5, 2), 'labour_day', '劳动节', '四'),
    day(solarDate(Lunar.fromYmd(y, 5, 5).getSolar()), 'dragon_boat', '端午节', '五'),
    day(solarDate(Lunar.fromYmd(y, 8, 15).getSolar()), 'mid_autumn', '中秋节', '六'),
    day(ymd(y, 10, 1), 'national_day', '国庆节', '七'),
    day(ymd(y, 10, 2), 'national_day', '国庆节', '七'),
    day(ymd(y, 10, 3), 'national_day', '国庆节', '七'),
  ];
  // Mid-Autumn can fall inside National Day (2020-10-01, 2028-10-03): one date, two festivals. Keep both
  // entries for the record; dates() below gives each date once.
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

const byYear = new Map<number, readonly StatutoryHoliday[]>();

/** The 13 statutory holidays of a year (1950-2100), in date order; RangeError outside that range. */
export function statutoryHolidays(year: number | string): readonly StatutoryHoliday[] {
  const y = requireYear(year);
  let list = byYear.get(y);
  if (!list) {
    list = Object.freeze(compute(y).map((h) => Object.freeze(h)));
    byYear.set(y, list);
  }
  return list;
}

/** The distinct dates of statutoryHolidays(year), in order. */
export function statutoryHolidayDates(year: number | string): string[] {
  return [...new Set(statutoryHolidays(year).map((h) => h.date))];
}

/**
 * The rest days to assume for a year that has no State Council arrangement: its statutory holidays, or
 * none outside 1950-2100 (weekends only). The shape computeDueDate takes as its `provisional` argument.
 */
export function provisionalRestDays(year: string): readonly string[] {
  const y = Number(year);
  return y >= FIRST_STATUTORY_YEAR && y <= LAST_STATUTORY_YEAR ? statutoryHolidayDates(y) : [];
}
