// The running clock: days left (or overdue), coloured by the policy's warning fractions.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { DAY_MS, URGENCY_COLOUR, urgencyOf, type Urgency } from '../lib/format';

export function Countdown(props: { dueAt?: string | null; startedAt?: string; warningFractions?: number[]; paused?: boolean; remainingMs?: number; unit?: 'calendar' | 'working'; dueLabel?: string }) {
  const { t } = useTranslation();
  const urgency: Urgency = urgencyOf(props);
  if (urgency === 'none') return <span style={{ color: URGENCY_COLOUR.none }}>{t('clockView.noDeadline')}</span>;
  const remaining = props.remainingMs ?? Date.parse(props.dueAt!) - Date.now();
  const days = remaining >= 0 ? Math.ceil(remaining / DAY_MS) : Math.ceil(-remaining / DAY_MS);
  const text = urgency === 'paused' ? t('clockView.paused')
    : remaining < 0 ? t('clockView.overdueDays', { count: days })
    : remaining < DAY_MS ? t('clockView.dueToday')
    : t('clockView.daysLeft', { count: days });
  const tag = (
    <Tag variant="outlined" style={{ color: URGENCY_COLOUR[urgency], borderColor: URGENCY_COLOUR[urgency], background: '#fff', fontWeight: urgency === 'ok' ? 400 : 600 }} data-urgency={urgency}>
      {text}
    </Tag>
  );
  return props.dueLabel ? <Tooltip title={props.dueLabel}>{tag}</Tooltip> : tag;
}
