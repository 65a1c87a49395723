// The staff console's frame: a banner with the user and the language, the navigation for the role, and
// the main landmark (with a skip link for keyboard users).
import { Badge, Button, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { callPath } from '../api/client';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession, type Role } from '../auth/session';
import { label } from '../lib/format';
import { LanguageSwitch } from './LanguageSwitch';

const NAV: Array<{ path: string; key: string; roles: Role[] }> = [
  { path: '/cases', key: 'nav.cases', roles: ['intake_officer', 'case_officer', 'supervisor', 'admin'] },
  { path: '/intake', key: 'nav.intake', roles: ['intake_officer'] },
  { path: '/board', key: 'nav.board', roles: ['supervisor', 'admin', 'intake_officer', 'case_officer'] },
  { path: '/statistics', key: 'nav.statistics', roles: ['supervisor', 'admin'] },
  { path: '/notices', key: 'nav.notices', roles: ['intake_officer', 'case_officer', 'supervisor', 'admin'] },
  { path: '/admin', key: 'nav.admin', roles: ['admin'] },
];

export function AppShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const { pathname } = useLocation();
  const items = NAV.filter((n) => session && n.roles.includes(session.role));
  // The unread count for the menu's badge (there is no push channel: a poll a minute).
  const unread = useQuery({
    queryKey: ['notices', 'unreadCount'],
    enabled: !!session && session.role !== 'petitioner',
    refetchInterval: 60_000,
    queryFn: async () => (await callPath<{ unreadCount: number }>('GET', '/api/v1/notices?status=unread&limit=1')).body.unreadCount,
    retry: false,
  });
  const active = items.find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">{t('app.skip')}</a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#0b2a5b', paddingInline: 24, height: 'auto', minHeight: 64, flexWrap: 'wrap' }} role="banner">
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>{t('app.title')}</Typography.Text>
        <nav aria-label={t('app.title')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark" mode="horizontal" disabledOverflow selectedKeys={active ? [active] : []} style={{ background: 'transparent', borderBottom: 0 }}
            items={items.map((n) => ({
              key: n.path,
              label: (
                <Link to={n.path}>
                  {t(n.key)}
                  {n.path === '/notices' && !!unread.data && <Badge count={unread.data} size="small" offset={[6, -2]} title={`${t('notices.unread')} ${unread.data}`} style={{ background: '#a8071a' }} />}
                </Link>
              ),
            }))}
          />
        </nav>
        <Space>
          <LanguageSwitch />
          <Tooltip title={session?.unitName ?? undefined}>
            <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
              {session?.name ?? session?.userId ?? ''} · {label(t, 'role', session?.role)}
            </Typography.Text>
          </Tooltip>
          <Button size="small" onClick={() => void signOut()}>{t('app.signOut')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content id="main" role="main" tabIndex={-1} style={{ padding: 24, maxWidth: 1440, width: '100%', margin: '0 auto' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
