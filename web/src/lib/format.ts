// Labels and dates. Enum values come from the API; a value the console has no translation for yet is
// shown as it is (a new status or action needs no UI code, only, at most, a translation).
import type { TFunction } from 'i18next';
import { DEFAULT_TIME_ZONE } from '../auth/session';

export type Group = 'status' | 'class' | 'channel' | 'rating' | 'decision' | 'closingReason' | 'clock' | 'clockOutcome' | 'document' | 'event' | 'action' | 'field' | 'role' | 'limitUnit';

export const label = (t: TFunction, group: Group, value: string | null | undefined): string =>
  value == null ? '' : t(`${group}.${value}`, { defaultValue: value });

const locale = (lng: string) => (lng.startsWith('en') ? 'en-GB' : 'zh-CN');

/** An instant as a date and time in the organisation's time zone. */
export function dateTime(iso: string | null | undefined, lng: string, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(lng), { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function dateOnly(iso: string | null | undefined, lng: string, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(lng), { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone = DEFAULT_TIME_ZONE, offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export const DAY_MS = 86_400_000;

export type Urgency = 'ok' | 'warning' | 'critical' | 'overdue' | 'paused' | 'none';

/**
 * How urgent a running clock is, by the policy's warning fractions: past the last fraction of its period
 * it is critical, past the first a warning, past the due date overdue.
 */
export function urgencyOf(opts: { startedAt?: string; dueAt?: string | null; now?: number; warningFractions?: number[]; paused?: boolean }): Urgency {
  if (opts.paused) return 'paused';
  if (!opts.dueAt) return 'none';
  const now = opts.now ?? Date.now();
  const due = Date.parse(opts.dueAt);
  if (now > due) return 'overdue';
  const fractions = [...(opts.warningFractions ?? [0.5, 0.8])].sort((a, b) => a - b);
  if (!opts.startedAt || fractions.length === 0) return due - now < 3 * DAY_MS ? 'critical' : 'ok';
  const start = Date.parse(opts.startedAt);
  const elapsed = (now - start) / Math.max(1, due - start);
  if (elapsed >= fractions[fractions.length - 1]!) return 'critical';
  if (elapsed >= fractions[0]!) return 'warning';
  return 'ok';
}

/** Colours with at least 4.5:1 contrast on white (WCAG AA for text). */
export const URGENCY_COLOUR: Record<Urgency, string> = {
  ok: '#237804', warning: '#ad4e00', critical: '#a8071a', overdue: '#a8071a', paused: '#434343', none: '#595959',
};

/** Whole days left until the due instant (negative when overdue). */
export const daysLeft = (dueAt: string, now = Date.now()) => Math.ceil((Date.parse(dueAt) - now) / DAY_MS);
