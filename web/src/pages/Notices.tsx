// Notices: the caller's internal notices from the outbox (warnings, supervision, escalations), unread first.
import { useState } from 'react';
import { Badge, Button, List, Segmented, Skeleton, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callPath } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ToneTag } from '../components/ToneTag';
import { dateTime, label } from '../lib/format';

export interface Notice {
  id: number; petitionId: string; queryCode?: string; title: string | null; kind: string; recipient: string; createdAt: string; read: boolean; data?: Record<string, unknown>;
}
interface Page { items: Notice[]; unreadCount: number; nextCursor: string | null }

/** The facts a notice carries, in words. */
function details(t: ReturnType<typeof useTranslation>['t'], lng: string, tz: string | undefined, n: Notice): string {
  const d = n.data ?? {};
  const parts: string[] = [];
  if (typeof d.clockKind === 'string') parts.push(label(t, 'clock', d.clockKind));
  if (typeof d.dueAt === 'string') parts.push(`${t('clockView.due')} ${dateTime(d.dueAt, lng, tz)}`);
  if (typeof d.level === 'number') parts.push(`L${d.level}`);
  if (typeof d.days === 'number') parts.push(`${t('field.days')}: ${d.days}`);
  if (typeof d.reason === 'string') parts.push(d.reason);
  return parts.join(' · ');
}

export default function Notices() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'all' | 'unread'>('all');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const notices = useQuery({
    queryKey: ['notices', status, cursor],
    queryFn: async () => (await callPath<Page>('GET', `/api/v1/notices?status=${status}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notices'] });
  const markRead = async (id: number) => { await callPath('POST', `/api/v1/notices/${id}/read`, {}); await refresh(); };
  const markAll = async () => { await callPath('POST', '/api/v1/notices/read-all', {}); setCursors([]); await refresh(); };
  const tz = session?.timeZone;

  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('notices.title')}</Typography.Title>
        {notices.data && <Badge count={notices.data.unreadCount} overflowCount={999} title={`${t('notices.unread')} ${notices.data.unreadCount}`} />}
        <Segmented aria-label={t('notices.title')} value={status} onChange={(v) => { setStatus(v as 'all' | 'unread'); setCursors([]); }}
          options={[{ value: 'all', label: t('inbox.any') }, { value: 'unread', label: t('notices.unread') }]} />
        {!!notices.data?.unreadCount && <Button onClick={() => void markAll()}>{t('notices.markAllRead')}</Button>}
      </Space>
      {notices.isLoading && <Skeleton active />}
      {notices.error ? <ErrorAlert error={notices.error} /> : null}
      {notices.data && (
        <List
          bordered dataSource={notices.data.items} locale={{ emptyText: t('notices.empty') }} data-testid="notices"
          renderItem={(n) => (
            <List.Item
              data-notice={n.kind} data-read={String(n.read)}
              actions={n.read ? [] : [<Button key="r" size="small" onClick={() => void markRead(n.id)}>{t('notices.markRead')}</Button>]}
              style={{ background: n.read ? undefined : '#f0f5ff' }}
            >
              <List.Item.Meta
                title={<Space wrap>{!n.read && <ToneTag tone="blue">{t('notices.unread')}</ToneTag>}<span>{t(`noticeKind.${n.kind}`, { defaultValue: label(t, 'event', n.kind) })}</span></Space>}
                description={
                  <>
                    {n.title ? <div><Link to={`/cases/${n.petitionId}`}>{n.title}</Link>{n.queryCode ? ` · ${n.queryCode}` : ''}</div> : null}
                    {details(t, i18n.language, tz, n) && <div>{details(t, i18n.language, tz, n)}</div>}
                    <Typography.Text type="secondary">{dateTime(n.createdAt, i18n.language, tz)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
          footer={(cursors.length > 0 || notices.data.nextCursor) ? (
            <Space>
              <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>{t('inbox.previous')}</Button>
              <Button disabled={!notices.data.nextCursor} onClick={() => notices.data?.nextCursor && setCursors([...cursors, notices.data.nextCursor])}>{t('inbox.next')}</Button>
            </Space>
          ) : undefined}
        />
      )}
    </>
  );
}
