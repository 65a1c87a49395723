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

export interface DueDateResult {
  /** ISO instant, UTC 'Z' form. */
  dueAt: string;
  /** Local 'YYYY-MM-DD' date of dueAt in the calendar's zone. */
  dueDate: string;
  /** False when a consulted year is missing from the calendar (weekends-only fallback was used). */
  calendarCovered: boolean;
}
