// The supervision board (督办台): overdue, escalated and supervised cases, most urgent first (the API's
// order). Each row opens the supervisor's actions for that case in place.
import { useState } from 'react';
import { Button, Card, Col, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, type BoardItem, type CaseView } from '../api/client';
import { useUnitNames } from '../api/pickers';
import { useSession } from '../auth/session';
import { ActionPanel } from '../components/ActionPanel';
import { Countdown } from '../components/Countdown';
import { NextClockTag } from '../components/NextClockTag';
import { ErrorAlert } from '../components/ErrorAlert';
import { FileLink } from '../components/FileLink';
import { StatusTag } from '../components/StatusTag';
import { DAY_MS, dateTime, label, todayIn } from '../lib/format';
import { ToneTag } from '../components/ToneTag';

function BoardActions({ id }: { id: string }) {
  const queryKey = ['case', id];
  const detail = useQuery({ queryKey, queryFn: () => ok(api.GET('/api/v1/petitions/{id}', { params: { path: { id } } })) });
  if (detail.isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const c = detail.data!.petition as CaseView;
  const notices = (c.supervision ?? []).filter((n) => !n.answeredAt).map((n) => ({ id: n.id, instruction: n.instruction }));
  return <ActionPanel petitionId={id} yourActions={detail.data!.yourActions} queryKey={queryKey} ctx={{ notices, unitId: c.unitId }} />;
}

export default function Board() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const unitName = useUnitNames();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const board = useQuery({ queryKey: ['board', cursor], queryFn: () => ok(api.GET('/api/v1/board', { params: { query: { cursor, limit: 50 } as never } })), refetchInterval: 30_000 });
  const [expanded, setExpanded] = useState<string[]>([]);

  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('board.title')}</Typography.Title>
        {/* The server's CSV: every case on the board, all pages. */}
        <FileLink href="/api/v1/board?format=csv" download={`board-${todayIn(session?.timeZone)}.csv`} data-testid="board-csv">{t('app.exportCsv')}</FileLink>
      </Space>
      {board.error ? <ErrorAlert error={board.error} /> : null}
      {board.data && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          {(['total', 'overdue', 'escalated', 'openSupervision'] as const).map((k) => (
            <Col xs={12} md={6} key={k}>
              <Card size="small"><Statistic title={t(`board.${k === 'openSupervision' ? 'supervision' : k}`)} value={board.data.counts[k]} /></Card>
            </Col>
          ))}
        </Row>
      )}
      <Table<BoardItem>
        rowKey="id" loading={board.isFetching} dataSource={board.data?.items ?? []} pagination={false} scroll={{ x: 1000 }}
        locale={{ emptyText: t('board.empty') }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
          expandedRowRender: (r) => <BoardActions id={r.id} />,
          expandIcon: ({ expanded: open, onExpand, record }) => (
            <Button size="small" type={open ? 'primary' : 'default'} aria-expanded={open} onClick={(e) => onExpand(record, e)} data-testid={`board-act-${record.id}`}>{t('board.act')}</Button>
          ),
        }}
        columns={[
          {
            title: t('inbox.titleCol'), key: 'title',
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/cases/${r.id}`}>{r.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.queryCode} · {r.petitionerName}</Typography.Text>
              </Space>
            ),
          },
          { title: t('inbox.statusCol'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('inbox.unit'), dataIndex: 'unitId', render: (v: string | null) => unitName(v) },
          { title: t('inbox.officer'), dataIndex: 'officerId', render: (v: string | null) => v ?? '—' },
          {
            title: t('board.reasons'), dataIndex: 'reasons',
            render: (rs: string[], r) => (
              <Space size={4} wrap>
                {rs.includes('overdue') && <ToneTag tone="red">{t('board.overdue')}</ToneTag>}
                {rs.includes('escalated') && <ToneTag tone="volcano">{t('badge.escalated', { level: r.escalationLevel })}</ToneTag>}
                {rs.includes('supervision') && <ToneTag tone="gold">{t('badge.supervised', { count: r.openSupervision })}</ToneTag>}
              </Space>
            ),
          },
          {
            title: t('inbox.deadlineCol'), key: 'deadline',
            render: (_, r) => r.nextClock
              ? <NextClockTag clock={r.nextClock} overdue={r.overdue} dueLabel={r.nextDeadline ? `${t('clockView.due')} ${dateTime(r.nextDeadline, i18n.language, session?.timeZone)}` : undefined} />
              : r.overdueForMs !== null
              ? <Typography.Text strong style={{ color: '#a8071a' }}>{t('clockView.overdueDays', { count: Math.max(1, Math.ceil(r.overdueForMs / DAY_MS)) })}</Typography.Text>
              : <Countdown dueAt={r.nextDeadline} dueLabel={r.nextDeadline ? dateTime(r.nextDeadline, i18n.language, session?.timeZone) : undefined} />,
          },
          { title: t('inbox.class'), dataIndex: 'class', render: (v: string) => label(t, 'class', v) },
        ]}
        footer={() => (
          <Space>
            <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>{t('inbox.previous')}</Button>
            <Button disabled={!board.data?.nextCursor} onClick={() => board.data?.nextCursor && setCursors([...cursors, board.data.nextCursor])}>{t('inbox.next')}</Button>
            {board.data && <Typography.Text type="secondary">{t('detail.asOf')} {dateTime(board.data.asOf, i18n.language, session?.timeZone)}</Typography.Text>}
          </Space>
        )}
      />
    </>
  );
}
