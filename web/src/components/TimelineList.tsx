// The dated steps of a case.
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime, label } from '../lib/format';

interface Step { seq: number; at: string; type: string; actor?: string; document?: string; data?: Record<string, unknown> }

const SHOWN = ['reason', 'toUnitId', 'fromUnitId', 'unitId', 'officerId', 'level', 'days', 'decision', 'rating', 'stage', 'approve', 'instruction', 'answer', 'clockKind', 'closingReason'];

function facts(t: ReturnType<typeof useTranslation>['t'], data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  return SHOWN.filter((k) => data[k] !== undefined && data[k] !== null && typeof data[k] !== 'object')
    .map((k) => {
      const v = String(data[k]);
      const shown = k === 'rating' ? label(t, 'rating', v) : k === 'decision' ? label(t, 'decision', v) : k === 'clockKind' ? label(t, 'clock', v) : k === 'closingReason' ? label(t, 'closingReason', v) : v;
      return `${label(t, 'field', k)}: ${shown}`;
    })
    .join(' · ');
}

export function TimelineList({ steps, timeZone }: { steps: Step[]; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      items={steps.map((e) => ({
        key: e.seq,
        color: e.type === 'deadline_breached' || e.type === 'escalated' ? 'red' : e.type === 'deadline_warning' ? 'orange' : e.type === 'closed' ? 'gray' : 'blue',
        content: (
          <div data-event={e.type}>
            <Typography.Text strong>{label(t, 'event', e.type)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{dateTime(e.at, i18n.language, timeZone)}{e.actor ? ` · ${e.actor}` : ''}</Typography.Text>
            {e.document && <div><Typography.Text>{label(t, 'document', e.document)}</Typography.Text></div>}
            {facts(t, e.data) && <div><Typography.Text type="secondary">{facts(t, e.data)}</Typography.Text></div>}
          </div>
        ),
      }))}
    />
  );
}
