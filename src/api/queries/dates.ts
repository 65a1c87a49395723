// Date filters: an ISO date means the whole local day in the organisation's time zone (a petition
// office's "1 March" is Beijing time, not UTC); a date-time with Z or an offset is taken as is.
import { endOfLocalDay } from '../../domain/calendar';
import { ApiError } from '../errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The first instant of a date (its local midnight) or the date-time itself. */
export function startOf(value: string, timeZone: string): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  const dayBefore = new Date(Date.parse(`${value}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  return new Date(Date.parse(endOfLocalDay(dayBefore, timeZone)) + 1);
}

/** The last instant of a date (23:59:59.999 local) or the date-time itself: ranges include their end. */
export function endOf(value: string, timeZone: string): Date {
  return new Date(DATE_ONLY.test(value) ? endOfLocalDay(value, timeZone) : value);
}

export interface Range { from?: Date; to?: Date }

/** A from/to pair of query parameters as an inclusive range; from after to is a 400 naming the `to` field. */
export function rangeOf(fields: [string, string], values: [string | undefined, string | undefined], timeZone: string): Range | undefined {
  const [fromValue, toValue] = values;
  if (fromValue === undefined && toValue === undefined) return undefined;
  const range: Range = {
    from: fromValue === undefined ? undefined : startOf(fromValue, timeZone),
    to: toValue === undefined ? undefined : endOf(toValue, timeZone),
  };
  if (range.from && range.to && range.from > range.to) {
    const message = `${fields[1]} (${toValue}) is before ${fields[0]} (${fromValue})`;
    throw new ApiError(400, 'validation_failed', `${fields[1]}: ${message}`, [{ field: fields[1], message }]);
  }
  return range;
}
