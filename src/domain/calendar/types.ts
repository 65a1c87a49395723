/** How a period is counted: every calendar day, or working days only. */
export type DayUnit = 'calendar' | 'working';

/** Public-holiday data for one jurisdiction, keyed by year ('2026'). */
export interface HolidayCalendar {
  /** IANA zone whose local dates the period is counted in, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /**
   * 'YYYY-MM-DD' local dates. `holidays` are rest days even on weekdays;
   * `workdays` are make-up working days (调休上班日), i.e. weekend days declared working.
   */
  years: Record<string, { holidays: string[]; workdays: string[] }>;
}

export interface PeriodRequest {
  /** ISO instant with 'Z' or an explicit offset; its LOCAL date is the (uncounted) start day. */
  start: string;
  days: number;
  unit: DayUnit;
  /** Extra days of the same unit, counted from the original start. */
  extensionDays?: number;
  /** Time not counted (e.g. a hearing), added before the rest-day rule. */
  pausedMs?: number;
  /** Whole days not counted (a hearing, counted in days: see pausedWholeDays), added before the rest-day rule. */
  pausedDays?: number;
}

/**
 * The rest days to assume for a year the calendar has no arrangement for ('2027' -> 'YYYY-MM-DD' dates),
 * e.g. the statutory holidays (./statutoryHolidays). Without it such a year counts weekends only.
 */
export type ProvisionalRestDays = (year: string) => readonly string[];

export interface DueDateResult {
  /** ISO instant, UTC 'Z' form. */
  dueAt: string;
  /** Local 'YYYY-MM-DD' date of dueAt in the calendar's zone. */
  dueDate: string;
  /** True when every day consulted was in a year the calendar has an arrangement for. */
  calendarCovered: boolean;
  /**
   * The opposite of calendarCovered, said plainly: the due date counted a year without its arrangement
   * (statutory holidays only, or weekends only) and may move when that year's arrangement is loaded.
   */
  provisional: boolean;
  /** The years consulted without an arrangement, in order (empty when covered). */
  uncoveredYears: string[];
}
