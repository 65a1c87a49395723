// Statistics: volume by class and channel, on-time and satisfaction rates, overdue and escalations by unit,
// month by month (one statistics read per month of the chosen period), as charts with the numbers in a
// table beside them, and the server's CSV of the chosen period.
import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Space, Spin, Table, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ok, type Statistics as Stats } from '../api/client';
import { useSession } from '../auth/session';
import { Chart } from '../components/Chart';
import { ErrorAlert } from '../components/ErrorAlert';
import { label, todayIn } from '../lib/format';
import { FileLink } from '../components/FileLink';

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

function monthsOf(from: Dayjs, to: Dayjs): Array<{ month: string; from: string; to: string }> {
  const out = [];
  for (let m = from.startOf('month'); !m.isAfter(to, 'month'); m = m.add(1, 'month')) {
    const start = m.isBefore(from) ? from : m;
    const end = m.endOf('month').isAfter(to) ? to : m.endOf('month');
    out.push({ month: m.format('YYYY-MM'), from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
  }
  return out;
}

function Block({ title, chart, table }: { title: string; chart: React.ReactNode; table: React.ReactNode }) {
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{title}</Typography.Title>} style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} lg={14}>{chart}</Col>
        <Col xs={24} lg={10}>{table}</Col>
      </Row>
    </Card>
  );
}

export default function Statistics() {
  const { t } = useTranslation();
  const { session } = useSession();
  const today = dayjs(todayIn(session?.timeZone));
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.subtract(5, 'month').startOf('month'), today]);
  const months = useMemo(() => monthsOf(range[0], range[1]), [range]);
  const whole = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const queries = useQueries({
    queries: [whole, ...months].map((p) => ({
      queryKey: ['statistics', p.from, p.to],
      queryFn: () => ok(api.GET('/api/v1/statistics', { params: { query: { from: p.from, to: p.to } } })),
    })),
  });
  const error = queries.find((q) => q.error)?.error;
  const total = queries[0]?.data as Stats | undefined;
  const monthly = months.map((m, i) => ({ ...m, s: queries[i + 1]?.data as Stats | undefined }));
  const loading = queries.some((q) => q.isLoading);
  const csvHref = `/api/v1/statistics?${new URLSearchParams({ ...whole, format: 'csv' }).toString()}`;

  const classes = ['suggestion', 'report', 'claim'] as const;
  const channels = ['online', 'letter', 'phone', 'fax', 'visit'] as const;

  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('stats.title')}</Typography.Title>
        <label htmlFor="stats-period">{t('stats.period')}</label>
        <DatePicker.RangePicker id={{ start: 'stats-period' }} value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <FileLink href={csvHref} download={`statistics-${whole.from}-${whole.to}.csv`} data-testid="statistics-csv">{t('app.exportCsv')}</FileLink>
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && <Spin />}
      {!loading && !total && !error && <Empty />}
      {total && (
        <>
          <Block
            title={`${t('stats.received')} · ${t('stats.byClass')} / ${t('stats.byChannel')}`}
            chart={<Chart label={`${t('stats.received')} ${t('stats.monthly')}`} option={{
              tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: monthly.map((m) => m.month) }, yAxis: { type: 'value', minInterval: 1 },
              series: classes.map((c) => ({ type: 'bar', stack: 'class', name: label(t, 'class', c), data: monthly.map((m) => m.s?.received.byClass[c] ?? 0) })),
            }} />}
            table={<Table size="small" pagination={false} rowKey="k" dataSource={[
              ...classes.map((c) => ({ k: c, name: label(t, 'class', c), n: total.received.byClass[c] })),
              ...channels.map((c) => ({ k: c, name: label(t, 'channel', c), n: total.received.byChannel[c] })),
              { k: 'total', name: t('stats.total'), n: total.received.total },
            ]} columns={[{ title: t('stats.received'), dataIndex: 'name' }, { title: t('stats.count'), dataIndex: 'n', align: 'right' }]} />}
          />
          <Block
            title={`${t('stats.onTime')} / ${t('stats.satisfaction')}`}
            chart={<Chart label={`${t('stats.onTime')} ${t('stats.satisfaction')} ${t('stats.monthly')}`} option={{
              tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: monthly.map((m) => m.month) }, yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
              series: [
                { type: 'line', name: t('stats.onTime'), data: monthly.map((m) => (m.s?.onTime.rate == null ? null : Math.round(m.s.onTime.rate * 1000) / 10)), connectNulls: true },
                { type: 'line', name: t('stats.satisfaction'), data: monthly.map((m) => (m.s?.satisfaction.rate == null ? null : Math.round(m.s.satisfaction.rate * 1000) / 10)), connectNulls: true },
              ],
            }} />}
            table={<Table size="small" pagination={false} rowKey="month" dataSource={[...monthly.map((m) => ({ month: m.month, s: m.s })), { month: t('stats.total'), s: total }]} columns={[
              { title: t('stats.month'), dataIndex: 'month' },
              { title: t('stats.onTimeRate'), key: 'o', align: 'right', render: (_, r) => `${pct(r.s?.onTime.rate)} (${r.s?.onTime.onTime ?? 0}/${r.s?.onTime.replied ?? 0})` },
              { title: t('stats.satisfaction'), key: 's', align: 'right', render: (_, r) => `${pct(r.s?.satisfaction.rate)} (${r.s?.satisfaction.rated ?? 0})` },
            ]} />}
          />
          <Block
            title={t('stats.overdueByUnit')}
            chart={<Chart label={t('stats.overdueByUnit')} option={{
              tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 40, bottom: 60 },
              xAxis: { type: 'category', data: total.byUnit.map((u) => u.unitName ?? u.unitId ?? '—'), axisLabel: { interval: 0, rotate: 20 } }, yAxis: { type: 'value', minInterval: 1 },
              series: [
                { type: 'bar', name: t('stats.overdueNow'), data: total.byUnit.map((u) => u.overdueNow) },
                { type: 'bar', name: t('stats.deadlinesMissed'), data: total.byUnit.map((u) => u.deadlinesMissed) },
                { type: 'bar', name: t('stats.escalations'), data: total.byUnit.map((u) => u.escalations) },
              ],
            }} />}
            table={<Table size="small" pagination={false} rowKey={(u) => u.unitId ?? '-'} dataSource={total.byUnit} scroll={{ x: 420 }} columns={[
              { title: t('stats.unit'), key: 'u', render: (_, u) => u.unitName ?? u.unitId },
              { title: t('stats.received'), dataIndex: 'received', align: 'right' },
              { title: t('stats.overdueNow'), dataIndex: 'overdueNow', align: 'right' },
              { title: t('stats.deadlinesMissed'), dataIndex: 'deadlinesMissed', align: 'right' },
              { title: t('stats.escalations'), dataIndex: 'escalations', align: 'right' },
            ]} />}
          />
        </>
      )}
    </>
  );
}
