// The petitioner portal's frame: phone-sized first, one column, large touch targets.
import { Button, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { LanguageSwitch } from './LanguageSwitch';

export function PortalShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <a href="#main" className="skip-link">{t('app.skip')}</a>
      <Layout.Header role="banner" style={{ background: '#0b2a5b', paddingInline: 16, display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, height: 'auto', minHeight: 56, flexWrap: 'wrap' }}>
        <Link to="/portal" style={{ color: '#fff', fontSize: 17, fontWeight: 600 }}>{t('app.portalTitle')}</Link>
        <Space wrap size="small">
          <LanguageSwitch />
          {session?.role === 'petitioner'
            ? <Button size="small" onClick={() => void signOut()}>{t('app.signOut')}</Button>
            : <Link to="/signin?next=/portal/mine" style={{ color: '#fff' }}>{t('portal.signIn')}</Link>}
        </Space>
      </Layout.Header>
      <nav aria-label={t('app.portalTitle')} style={{ background: '#fff', borderBottom: '1px solid #e5e7eb', padding: '8px 16px' }}>
        <Space wrap size="middle">
          <Link to="/portal/submit">{t('nav.submit')}</Link>
          <Link to="/portal/track">{t('nav.track')}</Link>
          {session?.role === 'petitioner' && <Link to="/portal/mine">{t('nav.myPetitions')}</Link>}
        </Space>
      </nav>
      <Layout.Content id="main" role="main" tabIndex={-1} style={{ padding: 16, maxWidth: 720, width: '100%', margin: '0 auto' }}>
        <Typography.Text className="sr-only">{t('app.portalTitle')}</Typography.Text>
        {children}
      </Layout.Content>
    </Layout>
  );
}
