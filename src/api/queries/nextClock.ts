// The next clock of a list row: its days left counted at read time (the row stores what the clock is, how it
// counts and how many warnings fired; "today" changes without the case changing).
import { localDateOf, type DayUnit } from '../../domain/calendar';
import type { NextClock } from '../schemas/reads';

/** How the API counts days left today: the organisation's zone and a counter over its holiday calendar. */
export interface ClockReading {
  timeZone: string;
  /** Days left from today to a local due date, as a clock of that unit counts them (domain daysLeftCounter). */
  daysLeft(dueDate: string, unit: DayUnit): number;
}

export interface NextClockColumns {
  nextDeadline: Date | null;
  nextClockKind: string | null;
  nextClockUnit: string | null;
  nextClockWarnings: number | null;
  nextClockWarningsTotal: number | null;
}

/** null without a running deadline; a row projected before the columns existed (NULL) counts calendar days, no warnings known. */
export function nextClockOf(r: NextClockColumns, reading: ClockReading): NextClock | null {
  if (!r.nextDeadline) return null;
  const unit: DayUnit = r.nextClockUnit === 'working' ? 'working' : 'calendar';
  const dueDate = localDateOf(r.nextDeadline.getTime(), reading.timeZone);
  return {
    kind: (r.nextClockKind as NextClock['kind']) ?? null,
    counts: unit === 'working' ? 'working_days' : 'calendar_days',
    dueDate,
    daysLeft: reading.daysLeft(dueDate, unit),
    warningLevel: r.nextClockWarnings ?? 0,
    warningsTotal: r.nextClockKind === null ? 0 : r.nextClockWarningsTotal ?? 0,
  };
}
