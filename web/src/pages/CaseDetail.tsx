// Case detail: the header, the petition and petitioner (as the caller's scope allows), every clock, the
// timeline, documents, supervision, repeats, a link to the workflow, and the action panel.
import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Tag, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ok, type CaseView } from '../api/client';
import { useUnitNames } from '../api/pickers';
import { ActionPanel } from '../components/ActionPanel';
import { CaseAttachments } from '../components/CaseAttachments';
import { CaseNotes } from '../components/CaseNotes';
import { ClockTable } from '../components/ClockTable';
import { Documents } from '../components/Documents';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusTag } from '../components/StatusTag';
import { TimelineList } from '../components/TimelineList';
import { dateTime, label } from '../lib/format';
import { ToneTag } from '../components/ToneTag';

/** Where the Temporal Web UI is, as the API put it into the page (<meta name="temporal-ui">). */
function temporalUi(): string | undefined {
  const v = document.querySelector('meta[name="temporal-ui"]')?.getAttribute('content');
  return v && !v.startsWith('__') ? v : undefined;
}

export default function CaseDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const unitName = useUnitNames();
  const queryKey = ['case', id];
  const detail = useQuery({ queryKey, queryFn: () => ok(api.GET('/api/v1/petitions/{id}', { params: { path: { id } } })) });

  if (detail.isLoading) return <Skeleton active />;
  if (detail.error) return <ErrorAlert error={detail.error} title={t('detail.notFound')} />;
  const c = detail.data!.petition as CaseView;
  if (!('policy' in c)) return <Alert type="info" title={<Link to={`/portal/cases/${id}`}>{t('nav.myPetitions')}</Link>} />;
  const tz = c.policy.timeZone;
  const lng = i18n.language;
  const ui = temporalUi();
  const openNotices = c.supervision.filter((n) => !n.answeredAt).map((n) => ({ id: n.id, instruction: n.instruction }));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card>
          <Space align="center" wrap style={{ marginBottom: 8 }}>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }} data-testid="case-title">{c.title}</Typography.Title>
            <StatusTag status={c.status} />
            {c.overdue && <ToneTag tone="red">{t('badge.overdue')}</ToneTag>}
            {c.escalationLevel > 0 && <ToneTag tone="volcano">{t('badge.escalated', { level: c.escalationLevel })}</ToneTag>}
            {openNotices.length > 0 && <ToneTag tone="gold">{t('badge.supervised', { count: openNotices.length })}</ToneTag>}
          </Space>
          <Descriptions
            size="small" column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'q', label: t('detail.queryCode'), children: <Typography.Text copyable data-testid="query-code">{c.queryCode}</Typography.Text> },
              { key: 'u', label: t('detail.unit'), children: <span data-testid="case-unit">{unitName(c.unitId)}</span> },
              { key: 'o', label: t('detail.officer'), children: <span data-testid="case-officer">{c.officerId ?? '—'}</span> },
              { key: 'l', label: t('detail.leader'), children: c.leaderOwnerId ?? '—' },
              { key: 'c', label: t('detail.class'), children: label(t, 'class', c.class) },
              { key: 'ch', label: t('detail.channel'), children: label(t, 'channel', c.channel) },
              { key: 'r', label: t('detail.received'), children: dateTime(c.receivedAt, lng, tz) },
              ...(c.closingReason ? [{ key: 'cr', label: label(t, 'status', 'closed'), children: `${label(t, 'closingReason', c.closingReason)} · ${dateTime(c.closedAt, lng, tz)}` }] : []),
              ...(ui ? [{ key: 'w', label: 'Temporal', children: <a href={`${ui}/namespaces/default/workflows/petition-${encodeURIComponent(c.id)}`} target="_blank" rel="noreferrer">{t('detail.workflow')}</a> }] : []),
            ]}
          />
        </Card>
        <Card title={t('detail.content')} style={{ marginTop: 16 }}>
          <Typography.Paragraph className="case-text" data-testid="case-content">{c.content}</Typography.Paragraph>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('detail.petitioner')}</Typography.Title>
          {c.anonymous ? <Tag>{t('detail.anonymous')}</Tag> : (
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
              { key: 'n', label: t('field.name'), children: c.petitioner.name },
              { key: 'c', label: t('field.contact'), children: c.petitioner.contact },
              ...(c.petitioner.idNumber ? [{ key: 'i', label: t('field.idNumber'), children: c.petitioner.idNumber }] : []),
              ...(c.petitioner.address ? [{ key: 'a', label: t('field.address'), children: c.petitioner.address }] : []),
            ]} />
          )}
        </Card>
        <Card title={t('detail.clocks')} style={{ marginTop: 16 }}>
          {c.pendingExtension && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('detail.pendingExtension')}
              description={`${c.pendingExtension.days} · ${c.pendingExtension.reason} · ${c.pendingExtension.requestedBy}`} />
          )}
          <ClockTable clocks={c.clocks} timeZone={tz} warningFractions={c.policy.warningFractions} />
        </Card>
        <Card style={{ marginTop: 16 }}>
          <Tabs items={[
            { key: 'timeline', label: t('detail.timeline'), children: <TimelineList steps={c.timeline} timeZone={tz} /> },
            { key: 'documents', label: t('detail.documents'), children: <Documents c={c} /> },
            { key: 'attachments', label: t('attachments.title'), children: <CaseAttachments petitionId={c.id} timeZone={tz} /> },
            { key: 'notes', label: t('notes.title'), children: <CaseNotes petitionId={c.id} timeZone={tz} /> },
            {
              key: 'supervision', label: `${t('detail.supervision')} (${c.supervision.length})`,
              children: (
                <>
                  <Table
                    rowKey="id" size="small" pagination={false} dataSource={c.supervision} locale={{ emptyText: t('app.none') }}
                    columns={[
                      { title: t('detail.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => dateTime(v, lng, tz) },
                      { title: t('detail.instruction'), dataIndex: 'instruction', render: (v: string, n) => <>{n.listed && <ToneTag tone="red">{t('detail.listed')}</ToneTag>}{v}</> },
                      { title: t('detail.answer'), dataIndex: 'answer', render: (v: string | undefined, n) => (v ? `${v} (${dateTime(n.answeredAt, lng, tz)})` : <ToneTag tone="gold">{t('detail.open')}</ToneTag>) },
                    ]}
                  />
                  {c.escalations.length > 0 && (
                    <>
                      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>{t('detail.escalations')}</Typography.Title>
                      <ul>{c.escalations.map((e) => <li key={e.at}>{dateTime(e.at, lng, tz)} · L{e.level} · {e.reason} · {e.by}</li>)}</ul>
                    </>
                  )}
                  {c.criticisms.length > 0 && (
                    <>
                      <Typography.Title level={3} style={{ fontSize: 15 }}>{t('detail.criticisms')}</Typography.Title>
                      <ul>{c.criticisms.map((e) => <li key={e.at}>{dateTime(e.at, lng, tz)} · {unitName(e.unitId)} · {e.reason}</li>)}</ul>
                    </>
                  )}
                </>
              ),
            },
            {
              key: 'repeats', label: `${t('detail.repeats')} (${c.linkedSubmissions.length})`,
              children: c.linkedSubmissions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('app.none')} /> : (
                <ul>{c.linkedSubmissions.map((s) => <li key={s.submissionId}>{dateTime(s.receivedAt, lng, tz)} · {label(t, 'channel', s.channel)} · {s.submissionId}</li>)}</ul>
              ),
            },
            {
              key: 'ratings', label: `${t('detail.evaluations')} (${c.evaluations.length})`,
              children: (
                <ul>
                  {c.evaluations.map((e) => <li key={e.at}>{dateTime(e.at, lng, tz)} · {label(t, 'rating', e.rating)} · {e.via} {e.comment ?? ''}</li>)}
                  {c.appeals.map((a) => <li key={a.at}>{dateTime(a.at, lng, tz)} · {label(t, 'event', a.stage === 'review' ? 'review_requested' : 're_review_requested')} · {a.reason}</li>)}
                </ul>
              ),
            },
          ]} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <div style={{ position: 'sticky', top: 16 }}>
          <ActionPanel petitionId={c.id} yourActions={detail.data!.yourActions} queryKey={queryKey} ctx={{ notices: openNotices, unitId: c.unitId }} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{t('detail.asOf')} {dateTime(c.asOf, lng, tz)}</Typography.Paragraph>
        </div>
      </Col>
    </Row>
  );
}
