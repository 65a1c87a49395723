/**
 * Statutory period counting (Chinese procedure-law style) for petition deadlines.
 *
 * Pure: no I/O, no clock. Dates are 'YYYY-MM-DD' strings in the calendar's
 * time zone; day stepping is plain UTC-midnight arithmetic on those strings, and
 * Intl.DateTimeFormat is used only to map between instants and local wall time.
 */
import type { DueDateResult, HolidayCalendar, PeriodRequest, ProvisionalRestDays } from './types';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry 'Z' or an offset: a bare local time would be ambiguous.
const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

// ---------------------------------------------------------------------------
// Local dates
// ---------------------------------------------------------------------------

/** Date.UTC, but without its 0..99 => 1900+ year mapping. */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(Date.UTC(2000, 0, 1, h, mi, s));
  t.setUTCFullYear(y, mo - 1, d);
  return t.getTime();
}

/** UTC-midnight ms of a local date, or undefined if it is not a real calendar date. */
function dateMs(localDate: string): number | undefined {
  const m = DATE_RE.exec(localDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = utcMs(y, mo, d);
  // Date.UTC silently normalises 2026-02-30 to March 2nd; reject instead.
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
    ? ms
    : undefined;
}

function requireDate(localDate: unknown, what: string): number {
  const ms = typeof localDate === 'string' ? dateMs(localDate) : undefined;
  if (ms === undefined) throw new RangeError(`${what} must be a valid 'YYYY-MM-DD' date, got ${JSON.stringify(localDate)}`);
  return ms;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(localDate: string, n: number): string {
  return formatDate(requireDate(localDate, 'localDate') + n * DAY_MS);
}

function isWeekend(localDate: string): boolean {
  const dow = new Date(requireDate(localDate, 'localDate')).getUTCDay();
  return dow === 0 || dow === 6;
}

// ---------------------------------------------------------------------------
// Time zones (Intl only; DST-aware)
// ---------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for an unknown IANA zone (Intl does the checking). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // avoid '24' at midnight
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant, to the second. */
function wallClock(ms: number, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** Zone offset (local minus UTC) in ms at the given instant. */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return utcMs(w.y, w.mo, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

function parseInstant(instant: unknown, what: string): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new RangeError(`${what} must be a finite epoch-ms number, got ${instant}`);
    return instant;
  }
  const m = typeof instant === 'string' ? INSTANT_RE.exec(instant) : null;
  // V8's Date.parse accepts '2026-02-30' and '24:00', so check the fields ourselves.
  const ok =
    m !== null &&
    dateMs(m[1] ?? '') !== undefined &&
    Number(m[2]) <= 23 &&
    Number(m[3]) <= 59 &&
    Number(m[4] ?? 0) <= 59 &&
    Number(m[5] ?? 0) <= 23 &&
    Number(m[6] ?? 0) <= 59;
  const ms = ok ? Date.parse(instant as string) : NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`${what} must be an ISO instant with 'Z' or an offset (e.g. 2026-02-01T09:00:00+08:00), got ${JSON.stringify(instant)}`);
  }
  return ms;
}

/** Local 'YYYY-MM-DD' of an instant (ISO string or epoch ms) in the given zone. */
export function localDateOf(instant: string | number, timeZone: string): string {
  const w = wallClock(parseInstant(instant, 'instant'), timeZone);
  return formatDate(utcMs(w.y, w.mo, w.d));
}

function endOfLocalDayMs(localDate: string, timeZone: string): number {
  const wall = requireDate(localDate, 'localDate') + DAY_MS - 1; // 23:59:59.999 read as if UTC
  // First guess uses the offset near the wall time; re-reading it at the guessed
  // instant picks the right side of a DST switch on that day.
  const guess = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(guess, timeZone);
}

/** ISO instant ('Z' form) of 23:59:59.999 local time on the given date. */
export function endOfLocalDay(localDate: string, timeZone: string): string {
  return new Date(endOfLocalDayMs(localDate, timeZone)).toISOString();
}

// ---------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------

/**
 * Make-up workdays are working, public holidays are not (even on weekdays); otherwise Monday-Friday.
 * A year missing from the calendar counts the `provisional` rest days (the statutory holidays) when
 * given, else weekends only.
 */
export function isWorkingDay(localDate: string, cal: HolidayCalendar, provisional?: ProvisionalRestDays): boolean {
  requireDate(localDate, 'localDate');
  const key = localDate.slice(0, 4);
  const year = cal.years[key];
  if (year?.workdays.includes(localDate)) return true;
  if (year?.holidays.includes(localDate)) return false;
  if (!year && provisional?.(key).includes(localDate)) return false;
  return !isWeekend(localDate);
}

type WorkingFn = (localDate: string) => boolean;

/** The n-th working day after localDate (localDate itself is never counted). */
function stepWorkingDays(localDate: string, n: number, working: WorkingFn): string {
  let d = localDate;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (working(d)) left--;
  }
  return d;
}

/** localDate itself if it is a working day, else the next one. */
function onOrNextWorkingDay(localDate: string, working: WorkingFn): string {
  let d = localDate;
  while (!working(d)) d = addDays(d, 1);
  return d;
}

/** The n-th working day after localDate; n = 0 returns localDate unchanged. */
export function addWorkingDays(localDate: string, n: number, cal: HolidayCalendar, provisional?: ProvisionalRestDays): string {
  requireDate(localDate, 'localDate');
  requireNonNegativeInt(n, 'n');
  return stepWorkingDays(localDate, n, (d) => isWorkingDay(d, cal, provisional));
}

// ---------------------------------------------------------------------------
// Due date
// ---------------------------------------------------------------------------

function requireNonNegativeInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Due instant of a statutory period. `cal` is trusted (run it through
 * validateCalendar when loading); the request is checked here. A year the calendar lacks counts the
 * `provisional` rest days (or weekends only), and the result says it is provisional.
 */
export function computeDueDate(req: PeriodRequest, cal: HolidayCalendar, provisional?: ProvisionalRestDays): DueDateResult {
  const startMs = parseInstant(req.start, 'start');
  const days = requireNonNegativeInt(req.days, 'days');
  const extension = requireNonNegativeInt(req.extensionDays ?? 0, 'extensionDays');
  const pausedMs = requireNonNegativeInt(req.pausedMs ?? 0, 'pausedMs');
  const pausedDays = requireNonNegativeInt(req.pausedDays ?? 0, 'pausedDays');
  if (req.unit !== 'calendar' && req.unit !== 'working') {
    throw new RangeError(`unit must be 'calendar' or 'working', got ${JSON.stringify(req.unit)}`);
  }
  const tz = cal.timeZone;

  // Record every year whose rest days we actually looked at, so the caller can
  // warn when any of them had no arrangement.
  const consultedYears = new Set<string>();
  const working: WorkingFn = (d) => {
    consultedYears.add(d.slice(0, 4));
    return isWorkingDay(d, cal, provisional);
  };

  // The start day is the LOCAL date of `start` and is not counted. An extension
  // re-counts from the original start, so an earlier rest-day roll never compounds.
  const startDay = localDateOf(startMs, tz);
  const total = days + extension;
  const lastDay = req.unit === 'calendar' ? addDays(startDay, total) : stepWorkingDays(startDay, total, working);

  // Paused time is added before the rest-day rule, which then applies exactly once.
  const endMs = endOfLocalDayMs(addDays(lastDay, pausedDays), tz) + pausedMs;
  const endDay = localDateOf(endMs, tz);
  const dueDate = onOrNextWorkingDay(endDay, working);
  const dueMs = dueDate === endDay ? endMs : endOfLocalDayMs(dueDate, tz);

  const uncoveredYears = [...consultedYears].filter((y) => !Object.hasOwn(cal.years, y)).sort();
  return {
    dueAt: new Date(dueMs).toISOString(),
    dueDate,
    calendarCovered: uncoveredYears.length === 0,
    provisional: uncoveredYears.length > 0,
    uncoveredYears,
  };
}

// ---------------------------------------------------------------------------
// Calendar data validation
// ---------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(msg: string): never {
  throw new Error(`Invalid holiday calendar: ${msg}`);
}

/**
 * Checks holiday data loaded from JSON and returns a clean copy. Unknown
 * top-level fields (e.g. "source") are ignored.
 */
export function validateCalendar(raw: unknown): HolidayCalendar {
  if (!isRecord(raw)) return fail('expected a JSON object');

  const { timeZone, years } = raw;
  if (typeof timeZone !== 'string' || timeZone === '') return fail('"timeZone" must be a non-empty IANA zone name');
  try {
    formatterFor(timeZone);
  } catch {
    fail(`unknown time zone ${JSON.stringify(timeZone)}`);
  }
  if (!isRecord(years)) return fail('"years" must be an object keyed by year');

  const out: HolidayCalendar = { timeZone, years: {} };
  for (const [year, entry] of Object.entries(years)) {
    if (!/^\d{4}$/.test(year)) fail(`year key ${JSON.stringify(year)} must be four digits`);
    if (!isRecord(entry)) return fail(`years.${year} must be an object with "holidays" and "workdays"`);

    const list = (field: 'holidays' | 'workdays'): string[] => {
      const v = entry[field];
      if (!Array.isArray(v)) return fail(`years.${year}.${field} must be an array of 'YYYY-MM-DD' dates`);
      const seen = new Set<string>();
      for (const d of v) {
        if (typeof d !== 'string' || dateMs(d) === undefined) fail(`years.${year}.${field} has invalid date ${JSON.stringify(d)}`);
        if (!d.startsWith(`${year}-`)) fail(`years.${year}.${field} has ${d}, which is not in ${year}`);
        if (seen.has(d)) fail(`years.${year}.${field} lists ${d} twice`);
        seen.add(d);
      }
      return [...seen];
    };
    const holidays = list('holidays');
    const workdays = list('workdays');

    for (const d of workdays) {
      if (holidays.includes(d)) fail(`${d} is listed as both a holiday and a make-up workday`);
      // A make-up workday on a weekday would change nothing: almost certainly a typo.
      if (!isWeekend(d)) fail(`make-up workday ${d} is not a Saturday or Sunday`);
    }
    out.years[year] = { holidays, workdays };
  }
  return out;
}
