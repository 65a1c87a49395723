// `calendar load | list | show`: the State Council holiday arrangements in the database, which every worker
// merges over CALENDAR_FILE from its next due date on (src/policy/load.ts), and after a load the recomputation of the
// running petitions' provisional due dates (src/ops/recomputeDueDates.ts). Loaded only when a calendar
// command runs (./commands.ts): the Temporal client and the lunar calendar would slow every other command.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { isWorkingDay, validateCalendar, type HolidayCalendar } from '../domain/calendar';
import {
  FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR, STATUTORY_RULES, statutoryHolidays,
} from '../domain/calendar/statutoryHolidays';
import { arrangementKey, signalProvisionalPetitions, type RecomputeReport } from '../ops/recomputeDueDates';
import { readHolidayYears, saveHolidayYear, type HolidayYearRecord } from '../policy/holidayYears';
import { loadCalendar } from '../policy/load';
import { connectClient } from '../temporal/connection';
import { CalendarError } from './calendarError';
import { plural, table, when } from './format';


export interface CalendarContext {
  config: Config;
  /** The Temporal client for the recomputation fan-out (closed by the caller of connect). */
  connectTemporal?: (config: Config) => Promise<Client>;
}

interface Arrangement { year: string; holidays: string[]; workdays: string[] }

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

function readArrangementFile(file: string): { calendar: HolidayCalendar; source?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CalendarError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CalendarError(`${file} is not JSON: ${(err as Error).message}`);
  }
  let calendar: HolidayCalendar;
  try {
    calendar = validateCalendar(raw);
  } catch (err) {
    throw new CalendarError(`${file}: ${(err as Error).message}`);
  }
  const source = (raw as { source?: unknown }).source;
  return { calendar, source: typeof source === 'string' && source.trim() ? source.trim() : undefined };
}

/** The statutory holidays of the year that the arrangement leaves as working days (must be none). */
function missingStatutoryDays(a: Arrangement, timeZone: string): string[] {
  const only: HolidayCalendar = { timeZone, years: { [a.year]: { holidays: a.holidays, workdays: a.workdays } } };
  return statutoryHolidays(a.year)
    .filter((h) => isWorkingDay(h.date, only))
    .map((h) => `${h.date} (${weekday(h.date)}) ${h.name}, ${h.clause}${a.workdays.includes(h.date) ? ', listed as a make-up working day' : ''}`);
}

/** Checks every year of the file before anything is written; throws with every problem found. */
function checkArrangements(file: string, calendar: HolidayCalendar, serviceCalendar: HolidayCalendar): Arrangement[] {
  if (calendar.timeZone !== serviceCalendar.timeZone) {
    throw new CalendarError(`${file} is for the time zone ${calendar.timeZone}, but the service counts in ${serviceCalendar.timeZone} (CALENDAR_FILE)`);
  }
  const years = Object.entries(calendar.years).map(([year, y]) => ({ year, holidays: [...y.holidays].sort(), workdays: [...y.workdays].sort() }));
  if (!years.length) throw new CalendarError(`${file} has no years: nothing to load`);
  const problems: string[] = [];
  for (const a of years) {
    const y = Number(a.year);
    if (y < FIRST_STATUTORY_YEAR || y > LAST_STATUTORY_YEAR) {
      problems.push(`${a.year}: outside ${FIRST_STATUTORY_YEAR}-${LAST_STATUTORY_YEAR}, the years whose statutory holidays can be checked`);
      continue;
    }
    const missing = missingStatutoryDays(a, calendar.timeZone);
    if (missing.length) {
      problems.push(`${a.year}: ${plural(missing.length, 'statutory holiday')} not a rest day:\n${missing.map((m) => `    ${m}`).join('\n')}`);
    }
  }
  if (problems.length) {
    throw new CalendarError(`${file} was not loaded (nothing changed). Every statutory holiday (${STATUTORY_RULES}) ` +
      `must be a rest day of its year's arrangement:\n  ${problems.join('\n  ')}`);
  }
  return years;
}

const list = (dates: string[]) => dates.join(', ');

function describeChange(a: Arrangement, before: HolidayYearRecord | undefined, inFile: boolean, source: string | undefined): string {
  const statutory = new Set(statutoryHolidays(a.year).map((h) => h.date));
  const beyond = a.holidays.filter((d) => !statutory.has(d)).length;
  const summary = `${plural(a.holidays.length, 'rest day')} listed (${beyond} beyond the statutory holidays), ` +
    `${plural(a.workdays.length, 'make-up working day')}${a.workdays.length ? ` (${list(a.workdays)})` : ''}`;
  const replaces = inFile ? '; replaces the CALENDAR_FILE year for due dates' : '';
  if (!before) return `${a.year}: new: ${summary}${replaces}`;
  const diff = (field: 'holidays' | 'workdays', label: string) => {
    const added = a[field].filter((d) => !before[field].includes(d));
    const removed = before[field].filter((d) => !a[field].includes(d));
    return [...(added.length ? [`${label} added ${list(added)}`] : []), ...(removed.length ? [`${label} removed ${list(removed)}`] : [])];
  };
  const changes = [...diff('holidays', 'rest days'), ...diff('workdays', 'make-up working days')];
  if (changes.length) return `${a.year}: changed: ${changes.join('; ')} (now ${summary})`;
  if (source !== undefined && source !== before.source) return `${a.year}: dates unchanged; source ${before.source ?? '(none)'} -> ${source}`;
  return `${a.year}: unchanged`;
}

function unchanged(a: Arrangement, before: HolidayYearRecord | undefined): boolean {
  return before !== undefined && JSON.stringify(a.holidays) === JSON.stringify([...before.holidays].sort()) &&
    JSON.stringify(a.workdays) === JSON.stringify([...before.workdays].sort());
}

function fanOutSummary(report: RecomputeReport, dryRun: boolean): string {
  const n = report.matched.length;
  if (dryRun) return `dry run: ${plural(n, 'running petition')} with provisional due dates would be signalled to recompute them`;
  const parts = [`signalled ${report.signalled} of ${plural(n, 'running petition')} with provisional due dates to recompute them`];
  if (report.closedMeanwhile.length) parts.push(`${report.closedMeanwhile.length} closed meanwhile`);
  if (report.failed.length) parts.push(`${report.failed.length} failed`);
  return parts.join('; ');
}

export async function calendarLoad(db: Db, file: string, o: { source?: string; dryRun?: boolean }, print: (s: string) => void, ctx: CalendarContext): Promise<void> {
  const service = loadCalendar(ctx.config.CALENDAR_FILE);
  const { calendar, source: fileSource } = readArrangementFile(file);
  const years = checkArrangements(file, calendar, service);
  const source = o.source?.trim() || fileSource;

  const existing = new Map((await readHolidayYears(db)).map((r) => [r.year, r]));
  for (const a of years) print(describeChange(a, existing.get(a.year), Object.hasOwn(service.years, a.year), source));
  const changed = years.filter((a) => !unchanged(a, existing.get(a.year)) || (source !== undefined && existing.get(a.year)?.source !== source));
  if (o.dryRun) {
    print(`dry run: nothing written (${plural(changed.length, 'year')} would be)`);
  } else {
    await db.$transaction(async (tx) => {
      for (const a of changed) await saveHolidayYear(tx, { ...a, ...(source !== undefined ? { source } : {}) });
    });
    print(changed.length
      ? `saved ${list(changed.map((a) => a.year))}${source ? ` (source: ${source})` : ''}: every worker counts it from its next due date`
      : 'nothing to save: the database already has this arrangement');
  }

  const calendarYears = years.map((a) => a.year);
  const connect = ctx.connectTemporal ?? connectClient;
  let client: Client;
  try {
    client = await connect(ctx.config);
  } catch (err) {
    throw new CalendarError(fanOutHelp(ctx.config, err as Error, o.dryRun));
  }
  try {
    const report = await signalProvisionalPetitions(client, {
      reason: `State Council holiday arrangement for ${list(calendarYears)} loaded${source ? ` (${source})` : ''}`,
      calendarYears,
      key: arrangementKey(years),
      dryRun: o.dryRun,
    });
    print(fanOutSummary(report, o.dryRun ?? false));
    if (report.failed.length) {
      throw new CalendarError(`${plural(report.failed.length, 'petition')} could not be signalled (first: ${report.failed[0]!.workflowId}: ` +
        `${report.failed[0]!.error}). Run the same command again: no petition is signalled twice for the same arrangement.`);
    }
  } catch (err) {
    if (err instanceof CalendarError) throw err;
    throw new CalendarError(fanOutHelp(ctx.config, err as Error, o.dryRun));
  } finally {
    await client.connection.close();
  }
}

function fanOutHelp(config: Config, err: Error, dryRun?: boolean): string {
  const where = `Temporal at ${config.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`;
  if (dryRun) return `could not count the running petitions with provisional due dates: ${where}: ${err.message}`;
  return `the arrangement is saved and new due dates use it, but the running petitions with provisional due dates ` +
    `were not told to recompute them: ${where}: ${err.message}. Run the same command again once Temporal is reachable ` +
    '(the years are not rewritten, and no petition is signalled twice for the same arrangement).';
}

export async function calendarList(db: Db, print: (s: string) => void, ctx: CalendarContext): Promise<void> {
  const service = loadCalendar(ctx.config.CALENDAR_FILE);
  const loaded = new Map((await readHolidayYears(db)).map((r) => [r.year, r]));
  const years = [...new Set([...Object.keys(service.years), ...loaded.keys()])].sort();
  const fileName = path.basename(ctx.config.CALENDAR_FILE);
  const rows = years.map((year) => {
    const row = loaded.get(year);
    const y = row ?? service.years[year]!;
    const from = row ? (Object.hasOwn(service.years, year) ? `database (over ${fileName})` : 'database') : fileName;
    return [year, from, String(y.holidays.length), String(y.workdays.length), when(row?.updatedAt), row ? (row.source ?? '-') : '-'];
  });
  print(table(['year', 'from', 'rest days', 'make-up days', 'loaded', 'source'], rows));
  const last = years.at(-1);
  print(`Years without an arrangement${last ? ` (after ${last}, or any gap)` : ''} count their statutory holidays only: ` +
    'their due dates are provisional until the year is loaded with `calendar load <file.json>`.');
}

export async function calendarShow(db: Db, yearArg: string, print: (s: string) => void, ctx: CalendarContext): Promise<void> {
  if (!/^\d{4}$/.test(yearArg)) throw new CalendarError(`invalid year "${yearArg}": four digits, e.g. 2027`);
  const year = yearArg;
  const service = loadCalendar(ctx.config.CALENDAR_FILE);
  const row = (await readHolidayYears(db)).find((r) => r.year === year);
  const inRange = Number(year) >= FIRST_STATUTORY_YEAR && Number(year) <= LAST_STATUTORY_YEAR;
  // One date can carry two festivals (Mid-Autumn on a National Day date): name both.
  const statutory = new Map<string, string>();
  for (const h of inRange ? statutoryHolidays(year) : []) {
    statutory.set(h.date, [statutory.get(h.date), `${h.name} ${h.clause}`].filter(Boolean).join('; '));
  }
  const arrangement = row ?? service.years[year];
  if (!arrangement) {
    if (!inRange) return print(`${year}: no arrangement, and statutory holidays are computed for ${FIRST_STATUTORY_YEAR}-${LAST_STATUTORY_YEAR} only: due dates count weekends only (provisional)`);
    print(`${year}: no State Council arrangement loaded. Due dates counting ${year} are provisional: besides weekends, ` +
      `they count only the statutory holidays (${STATUTORY_RULES}):`);
    return print(table(['date', 'day', 'holiday'], [...statutory].map(([d, name]) => [d, weekday(d), name])));
  }
  print(row
    ? `${year}: loaded into the database ${when(row.loadedAt)}${row.updatedAt.getTime() !== row.loadedAt.getTime() ? `, last changed ${when(row.updatedAt)}` : ''}; source: ${row.source ?? '-'}`
    : `${year}: from ${ctx.config.CALENDAR_FILE}`);
  const rows = [
    ...arrangement.holidays.map((d) => [d, weekday(d), 'rest day', statutory.get(d) ?? '']),
    ...arrangement.workdays.map((d) => [d, weekday(d), 'make-up working day', '']),
  ].sort((a, b) => a[0]!.localeCompare(b[0]!));
  print(table(['date', 'day', 'kind', 'statutory holiday'], rows));
}
