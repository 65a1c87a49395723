// A signed-in petitioner's own petitions.
import { Card, List, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api, ok } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusTag } from '../../components/StatusTag';
import { dateOnly } from '../../lib/format';

export default function PortalMine() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const list = useQuery({
    queryKey: ['cases', 'mine'],
    enabled: session?.role === 'petitioner',
    queryFn: () => ok(api.GET('/api/v1/petitions', { params: { query: { limit: 50, sort: 'receivedAt', order: 'desc' } as never } })),
  });
  if (!session) return <Navigate to="/signin?next=/portal/mine" replace />;
  if (session.role !== 'petitioner') return <Navigate to="/" replace />;
  if (list.isLoading) return <Skeleton active />;
  if (list.error) return <ErrorAlert error={list.error} />;
  return (
    <Card className="portal-card" title={<Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>{t('portal.myCases')}</Typography.Title>}>
      <List dataSource={list.data?.items ?? []} locale={{ emptyText: t('inbox.empty') }} renderItem={(p) => (
        <List.Item>
          <List.Item.Meta title={<Link to={`/portal/cases/${p.id}`}>{p.title}</Link>} description={<>{p.queryCode} · {dateOnly(p.receivedAt, i18n.language, session.timeZone)}</>} />
          <StatusTag status={p.status} />
        </List.Item>
      )} />
    </Card>
  );
}
