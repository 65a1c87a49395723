// The written answers and notices of a case, as issued, and each one the API prints (HTML to print, PDF).
import { Card, Descriptions, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/client';
import { pathParamEnum, useOpenApi } from '../api/openapi';
import { dateTime, label } from '../lib/format';
import { FileLink } from './FileLink';

const DOCUMENT_PATH = '/api/v1/petitions/{id}/documents/{kind}';

/**
 * The printable documents the case has issued, latest issue first per kind: a kind the API prints whose
 * step is on the timeline (as the API decides: a document not issued yet is a 404 there).
 */
export function printableDocuments(c: Pick<CaseView, 'timeline'>, kinds: readonly string[]): Array<{ kind: string; at: string }> {
  const latest = new Map<string, string>();
  for (const e of c.timeline) if (e.document && kinds.includes(e.document)) latest.set(e.document, e.at);
  return kinds.filter((k) => latest.has(k)).map((kind) => ({ kind, at: latest.get(kind)! }));
}

export function PrintableDocuments({ c, tz }: { c: Pick<CaseView, 'id' | 'timeline'>; tz?: string }) {
  const { t, i18n } = useTranslation();
  const { data: doc } = useOpenApi();
  const docs = printableDocuments(c, pathParamEnum(doc, DOCUMENT_PATH, 'kind'));
  if (!docs.length) return null;
  const href = (kind: string, pdf: boolean) => `/api/v1/petitions/${encodeURIComponent(c.id)}/documents/${kind}${pdf ? '?format=pdf' : ''}`;
  return (
    <Card size="small" title={t('documents.print')} style={{ marginBottom: 12 }} data-testid="printable-documents">
      <List size="small" dataSource={docs} renderItem={(d) => {
        const name = label(t, 'document', d.kind);
        return (
          <List.Item key={d.kind} data-printable={d.kind}>
            <span>{name} <Typography.Text type="secondary">· {dateTime(d.at, i18n.language, tz)}</Typography.Text></span>
            <Space>
              <FileLink href={href(d.kind, false)} newTab aria-label={`${t('documents.printHtml')}: ${name}`}>{t('documents.printHtml')}</FileLink>
              <FileLink href={href(d.kind, true)} newTab aria-label={`PDF: ${name}`}>PDF</FileLink>
            </Space>
          </List.Item>
        );
      }} />
    </Card>
  );
}

type Opinion = NonNullable<CaseView['reply']>;

function OpinionCard({ kind, opinion, tz }: { kind: string; opinion: Opinion; tz?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={label(t, 'document', kind)} style={{ marginBottom: 12 }} data-document={kind}>
      <Descriptions size="small" column={1} items={[
        { key: 'd', label: t('field.decision'), children: label(t, 'decision', opinion.decision) },
        { key: 'f', label: t('field.facts'), children: <span className="case-text">{opinion.facts}</span> },
        { key: 'l', label: t('field.legalBasis'), children: <span className="case-text">{opinion.legalBasis}</span> },
        { key: 't', label: t('field.text'), children: <span className="case-text">{opinion.text}</span> },
        { key: 'i', label: t('detail.issuedAt'), children: `${dateTime(opinion.issuedAt, i18n.language, tz)} · ${opinion.by}` },
      ]} />
    </Card>
  );
}

export function Documents({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const tz = c.policy.timeZone;
  const any = c.reply || c.reviewOpinion || c.reReviewOpinion || c.notAcceptance || c.timeline.some((e) => e.document === 'acceptance');
  if (!any) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('app.none')} />;
  return (
    <>
      <PrintableDocuments c={c} tz={tz} />
      {c.notAcceptance && (
        <Card size="small" title={label(t, 'document', 'non_acceptance')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph className="case-text">{c.notAcceptance.reason}</Typography.Paragraph>
          <Typography.Text>{t('field.redirectTo')}: {c.notAcceptance.redirectTo}</Typography.Text>
        </Card>
      )}
      {c.reply && <OpinionCard kind="reply" opinion={c.reply} tz={tz} />}
      {c.reviewOpinion && <OpinionCard kind="review_opinion" opinion={c.reviewOpinion} tz={tz} />}
      {c.reReviewOpinion && <OpinionCard kind="re_review_opinion" opinion={c.reReviewOpinion} tz={tz} />}
    </>
  );
}
