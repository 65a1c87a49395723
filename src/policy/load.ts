// Reads the organisation's policy and holiday calendar (the API at submission, the worker for due dates):
// the calendar file, and the years loaded into the database since (./holidayYears).
import fs from 'node:fs';
import { validateCalendar, type HolidayCalendar } from '../domain/calendar';
import { validatePolicy, type PolicyDocument } from '../domain';
import type { Db } from '../db/client';
import { readHolidayYears, type HolidayYearRecord } from './holidayYears';

export function loadPolicy(file: string): PolicyDocument {
  try {
    return validatePolicy(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`policy file ${file}: ${(err as Error).message}`);
  }
}

export function loadCalendar(file: string): HolidayCalendar {
  try {
    return validateCalendar(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`holiday calendar ${file}: ${(err as Error).message}`);
  }
}

/**
 * The calendar file with the database's years laid over it (a year in the database replaces the file's),
 * validated as one calendar so a bad row is named instead of silently counted.
 */
export function mergeCalendarYears(file: HolidayCalendar, loaded: Pick<HolidayYearRecord, 'year' | 'holidays' | 'workdays'>[]): HolidayCalendar {
  const years = { ...file.years };
  for (const y of loaded) years[y.year] = { holidays: y.holidays, workdays: y.workdays };
  try {
    return validateCalendar({ timeZone: file.timeZone, years });
  } catch (err) {
    throw new Error(`holiday years in the database: ${(err as Error).message}`);
  }
}

/**
 * The current calendar (file + database) for the due-date activity. Each call checks a cheap version of both
 * (the file's modification time and size, the database years' count and last change) and re-reads them only
 * when it moved: no reading and validating per clock, and a year saved by `calendar load` (or a changed
 * file) is used by the very next computation in every worker, so the recomputation signal that follows a
 * load always sees the new year. `onReload` hears each new calendar (the activity logs it).
 */
export function calendarLoader(db: Db, file: string, onReload?: (calendar: HolidayCalendar) => void): () => Promise<HolidayCalendar> {
  let cached: { version: string; calendar: HolidayCalendar } | undefined;
  return async () => {
    const version = await calendarVersion(db, file);
    if (cached?.version === version) return cached.calendar;
    const calendar = mergeCalendarYears(loadCalendar(file), await readHolidayYears(db));
    cached = { version, calendar };
    onReload?.(calendar);
    return calendar;
  };
}

async function calendarVersion(db: Db, file: string): Promise<string> {
  let stat: fs.BigIntStats;
  try {
    stat = fs.statSync(file, { bigint: true });
  } catch (err) {
    throw new Error(`holiday calendar ${file}: ${(err as Error).message}`);
  }
  const years = await db.holidayYear.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
  return `${stat.mtimeNs}:${stat.size}:${years._count._all}:${years._max.updatedAt?.getTime() ?? '-'}`;
}
