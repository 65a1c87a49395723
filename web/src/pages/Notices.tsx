// Notices: the caller's internal notices from the outbox (warnings, supervision, escalations), unread first.
import { Alert, Badge, Button, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiFailure, callPath } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, label } from '../lib/format';
import { ToneTag } from '../components/ToneTag';

export interface Notice { id: string; petitionId?: string; kind: string; title?: string; text?: string; body?: string; createdAt: string; readAt?: string | null; data?: Record<string, unknown> }

export default function Notices() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const qc = useQueryClient();
  const notices = useQuery({
    queryKey: ['notices'],
    queryFn: async () => {
      try {
        const { body } = await callPath<{ items: Notice[] } | Notice[]>('GET', '/api/v1/notices?limit=100');
        return Array.isArray(body) ? body : body.items;
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 404 && e.message.startsWith('no route')) return null;
        throw e;
      }
    },
  });
  const markRead = async (ids: string[]) => {
    await callPath('POST', '/api/v1/notices/read', { ids });
    await qc.invalidateQueries({ queryKey: ['notices'] });
  };
  if (notices.isLoading) return <Skeleton active />;
  if (notices.error) return <ErrorAlert error={notices.error} />;
  if (notices.data === null) return <Alert type="info" title={t('notices.unavailable')} />;
  const items = [...(notices.data ?? [])].sort((a, b) => Number(!!a.readAt) - Number(!!b.readAt) || b.createdAt.localeCompare(a.createdAt));
  const unread = items.filter((n) => !n.readAt);
  return (
    <>
      <Space align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('notices.title')}</Typography.Title>
        <Badge count={unread.length} aria-label={`${t('notices.unread')} ${unread.length}`} />
        {unread.length > 0 && <Button onClick={() => void markRead(unread.map((n) => n.id))}>{t('notices.markAllRead')}</Button>}
      </Space>
      <List
        bordered dataSource={items} locale={{ emptyText: t('notices.empty') }}
        renderItem={(n) => (
          <List.Item
            data-notice={n.id}
            actions={n.readAt ? [] : [<Button key="r" size="small" onClick={() => void markRead([n.id])}>{t('notices.markRead')}</Button>]}
            style={{ background: n.readAt ? undefined : '#f0f5ff' }}
          >
            <List.Item.Meta
              title={<Space>{!n.readAt && <ToneTag tone="blue">{t('notices.unread')}</ToneTag>}<span>{n.title ?? label(t, 'event', n.kind)}</span></Space>}
              description={
                <>
                  <div>{n.text ?? n.body ?? ''}</div>
                  <Typography.Text type="secondary">{dateTime(n.createdAt, i18n.language, session?.timeZone)}{n.petitionId ? <> · <Link to={`/cases/${n.petitionId}`}>{t('notices.case')}</Link></> : null}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
