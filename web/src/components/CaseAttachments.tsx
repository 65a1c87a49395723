// A case's attachments: name (a download link), type, size, how and when each was attached.
import { Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Attachment } from '../api/client';
import { dateTime, label } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';
import { FileLink } from './FileLink';

export const attachmentsKey = (petitionId: string) => ['attachments', petitionId];

/** 1.2 MB, 350 KB, 12 B. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function CaseAttachments({ petitionId, timeZone }: { petitionId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: attachmentsKey(petitionId), queryFn: () => ok(api.GET('/api/v1/petitions/{id}/attachments', { params: { path: { id: petitionId } } })) });
  if (list.error) return <ErrorAlert error={list.error} />;
  return (
    <Table<Attachment>
      rowKey="id" size="small" pagination={false} loading={list.isLoading} dataSource={list.data?.attachments ?? []} scroll={{ x: 560 }}
      locale={{ emptyText: t('attachments.empty') }} data-testid="case-attachments"
      columns={[
        {
          title: t('attachments.name'), dataIndex: 'fileName',
          render: (name: string, a) => <FileLink href={`/api/v1/attachments/${encodeURIComponent(a.id)}`} download={name} data-testid={`attachment-${a.id}`}>{name}</FileLink>,
        },
        { title: t('attachments.size'), dataIndex: 'size', align: 'right', render: (v: number) => fileSize(v) },
        { title: t('attachments.type'), dataIndex: 'mediaType', render: (v: string) => <Typography.Text type="secondary">{v.split('/').pop()?.replace('vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx')}</Typography.Text> },
        { title: t('attachments.via'), dataIndex: 'linkedVia', render: (v: string | null) => (v === 'submission' || v === 'repeat' ? t(`attachments.${v}`) : label(t, 'action', v)) },
        { title: t('attachments.at'), dataIndex: 'linkedAt', render: (v: string | null, a) => dateTime(v ?? a.uploadedAt, i18n.language, timeZone) },
      ]}
    />
  );
}
