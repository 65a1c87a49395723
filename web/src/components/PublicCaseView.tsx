// What a petitioner sees of a case (the public view): status, steps with dates, documents, time limits.
import { Card, Descriptions, Empty, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PublicCase } from '../api/client';
import { dateOnly, dateTime, label } from '../lib/format';
import { StatusTag } from './StatusTag';
import { TimelineList } from './TimelineList';

export function PublicCaseView({ c, timeZone }: { c: PublicCase; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <Card className="portal-card">
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} data-testid="public-title">{c.title}</Typography.Title>
          <div><StatusTag status={c.status} /></div>
          <Descriptions size="small" column={1} items={[
            { key: 'q', label: t('portal.codeLabel'), children: c.queryCode },
            { key: 'c', label: t('field.class'), children: label(t, 'class', c.class) },
            { key: 'r', label: t('portal.receivedAt'), children: dateTime(c.receivedAt, lng, timeZone) },
            ...(c.unit ? [{ key: 'u', label: t('portal.unit'), children: c.unit.name ?? c.unit.id }] : []),
            ...(c.closingReason ? [{ key: 'x', label: label(t, 'status', 'closed'), children: `${label(t, 'closingReason', c.closingReason)} · ${dateOnly(c.closedAt, lng, timeZone)}` }] : []),
          ]} />
        </Space>
      </Card>
      {c.deadlines.length > 0 && (
        <Card title={t('portal.deadlines')} className="portal-card" size="small">
          <ul style={{ paddingInlineStart: 18, margin: 0 }}>
            {c.deadlines.map((d) => <li key={d.kind}>{label(t, 'clock', d.kind)}: {d.dueDate ?? dateOnly(d.dueAt, lng, timeZone)}</li>)}
          </ul>
        </Card>
      )}
      <Card title={t('portal.steps')} className="portal-card" size="small">
        <TimelineList steps={c.steps.map((s) => ({ seq: s.seq, at: s.at, type: s.type, document: s.document, data: { ...s.details, unit: undefined, unitId: s.details.unit?.name ?? s.details.unit?.id } }))} timeZone={timeZone} />
      </Card>
      <Card title={t('portal.documents')} className="portal-card" size="small">
        {c.documents.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('app.none')} /> : c.documents.map((d) => (
          <Card key={d.seq} type="inner" size="small" title={`${label(t, 'document', d.kind)} · ${dateOnly(d.issuedAt, lng, timeZone)}`} style={{ marginBottom: 8 }} data-document={d.kind}>
            {d.decision && <div>{t('field.decision')}: {label(t, 'decision', d.decision)}</div>}
            {d.unit && <div>{t('portal.unit')}: {d.unit.name ?? d.unit.id}</div>}
            {d.reason && <div className="case-text">{t('field.reason')}: {d.reason}</div>}
            {d.redirectTo && <div>{t('field.redirectTo')}: {d.redirectTo}</div>}
            {d.days !== undefined && <div>{t('field.days')}: {d.days}</div>}
            {d.facts && <div className="case-text">{t('field.facts')}: {d.facts}</div>}
            {d.legalBasis && <div className="case-text">{t('field.legalBasis')}: {d.legalBasis}</div>}
            {d.text && <div className="case-text">{t('field.text')}: {d.text}</div>}
            {d.closingReason && <div>{label(t, 'closingReason', d.closingReason)}</div>}
          </Card>
        ))}
      </Card>
    </>
  );
}
