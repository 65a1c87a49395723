// A list row's running clock (the API's nextClock): days left as the clock counts them, working or calendar
// days, coloured by how many of its warnings (the policy's warning fractions, the day-before warning) were sent.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PetitionSummary } from '../api/client';
import { URGENCY_COLOUR, label, type Urgency } from '../lib/format';

type NextClock = NonNullable<PetitionSummary['nextClock']>;

/** Default until a warning was sent; warning colour after the first ones; error colour after the last one or once overdue. */
export function nextClockUrgency(clock: NextClock, overdue: boolean): Urgency {
  if (overdue || clock.daysLeft < 0) return 'overdue';
  if (clock.warningsTotal > 0 && clock.warningLevel >= clock.warningsTotal) return 'critical';
  if (clock.warningLevel > 0) return 'warning';
  return 'ok';
}

export function NextClockTag({ clock, overdue, dueLabel }: { clock: NextClock; overdue: boolean; dueLabel?: string }) {
  const { t } = useTranslation();
  const urgency = nextClockUrgency(clock, overdue);
  const working = clock.counts === 'working_days';
  const text = clock.daysLeft < 0
    ? t(working ? 'clockView.overdueWorkingDays' : 'clockView.overdueDays', { count: -clock.daysLeft })
    : clock.daysLeft === 0 ? t('clockView.dueToday')
    : t(working ? 'clockView.workingDaysLeft' : 'clockView.calendarDaysLeft', { count: clock.daysLeft });
  const colour = URGENCY_COLOUR[urgency];
  const tag = (
    <Tag variant="outlined" style={{ color: colour, borderColor: colour, background: '#fff', fontWeight: urgency === 'ok' ? 400 : 600 }}
      data-urgency={urgency} data-counts={clock.counts} data-warning-level={String(clock.warningLevel)}>
      {text}
    </Tag>
  );
  const what = clock.kind ? label(t, 'clock', clock.kind) : undefined;
  const warned = clock.warningLevel > 0 ? t('clockView.warningsSent', { count: clock.warningLevel, total: clock.warningsTotal }) : undefined;
  const title = [what, dueLabel, warned].filter(Boolean).join(' · ');
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}
