// The written answers and notices of a case, as issued.
import { Card, Descriptions, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/client';
import { dateTime, label } from '../lib/format';

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
  const any = c.reply || c.reviewOpinion || c.reReviewOpinion || c.notAcceptance;
  if (!any) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('app.none')} />;
  return (
    <>
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
