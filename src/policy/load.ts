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

/** How long the due-date activity reuses the merged calendar: a newly loaded year is used within this. */
export const CALENDAR_REFRESH_MS = 5_000;

/**
 * The current calendar (file + database), re-read at most every `refreshMs`, so a worker neither queries
 * the database for every clock nor needs a restart to see a year loaded by `calendar load`. Concurrent
 * callers share one read; a failed read is not kept, so the next call (the activity's retry) tries again.
 */
export function calendarLoader(db: Db, file: string, refreshMs = CALENDAR_REFRESH_MS): () => Promise<HolidayCalendar> {
  let cached: { at: number; calendar: Promise<HolidayCalendar> } | undefined;
  return () => {
    const now = Date.now();
    if (cached && now - cached.at < refreshMs) return cached.calendar;
    const calendar = (async () => mergeCalendarYears(loadCalendar(file), await readHolidayYears(db)))();
    const entry = { at: now, calendar };
    cached = entry;
    calendar.catch(() => { if (cached === entry) cached = undefined; });
    return calendar;
  };
}
