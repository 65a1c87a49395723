// Every clock of a case with its due date and countdown (working or calendar days, as the clock counts).
import { Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../api/client';
import { dateOnly, dateTime, label } from '../lib/format';
import { Countdown } from './Countdown';

export function ClockTable({ clocks, timeZone, warningFractions }: { clocks: Clock[]; timeZone?: string; warningFractions?: number[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<Clock>
      rowKey="id" size="small" pagination={false} dataSource={clocks} scroll={{ x: 640 }}
      columns={[
        { title: t('detail.clockKind'), dataIndex: 'kind', render: (k: string) => label(t, 'clock', k) },
        { title: t('detail.limit'), key: 'limit', render: (_, c) => `${c.limit.days} ${label(t, 'limitUnit', c.limit.unit)}${c.extensionDays ? ` + ${c.extensionDays}` : ''}` },
        { title: t('detail.started'), dataIndex: 'startedAt', render: (v: string) => dateOnly(v, i18n.language, timeZone) },
        {
          title: t('detail.dueDate'), key: 'due',
          render: (_, c) => (
            <>
              {c.dueDate ?? dateOnly(c.dueAt, i18n.language, timeZone)}
              {c.calendarCovered === false && <Tooltip title={t('clockView.coverage')}><Tag style={{ marginLeft: 6, color: "#613400", background: "#fffbe6", borderColor: "#ffe58f" }} aria-label={t("clockView.coverage")}>!</Tag></Tooltip>}
            </>
          ),
        },
        {
          title: t('detail.remaining'), key: 'remaining',
          render: (_, c) => c.running
            ? <Countdown dueAt={c.dueAt} startedAt={c.startedAt} warningFractions={warningFractions} paused={c.paused} remainingMs={c.remainingMs} dueLabel={c.dueAt ? dateTime(c.dueAt, i18n.language, timeZone) : undefined} />
            : <Typography.Text type="secondary">{label(t, 'clockOutcome', c.outcome) || t('clockView.stopped')}{c.stoppedAt ? ` · ${dateOnly(c.stoppedAt, i18n.language, timeZone)}` : ''}</Typography.Text>,
        },
      ]}
    />
  );
}
