// Providers (Ant Design with the page's CSP nonce and the language's locale, the session) and the routes.
// Pages other than the inbox are loaded on demand, so the first screen downloads only what it shows.
import { lazy, Suspense, useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from './auth/session';
import { cspNonce } from './lib/cspNonce';
import { AppShell } from './layout/AppShell';
import { PortalShell } from './layout/PortalShell';
import { Inbox } from './pages/Inbox';
import { SignIn } from './pages/SignIn';
import { ChangePassword } from './pages/ChangePassword';
import { NotFound } from './pages/NotFound';

const CaseDetail = lazy(() => import('./pages/CaseDetail'));
const Intake = lazy(() => import('./pages/Intake'));
const Board = lazy(() => import('./pages/Board'));
const Statistics = lazy(() => import('./pages/Statistics'));
const Notices = lazy(() => import('./pages/Notices'));
const Admin = lazy(() => import('./pages/admin/Admin'));
const PortalHome = lazy(() => import('./pages/portal/PortalHome'));
const PortalSubmit = lazy(() => import('./pages/portal/PortalSubmit'));
const PortalTrack = lazy(() => import('./pages/portal/PortalTrack'));
const PortalMine = lazy(() => import('./pages/portal/PortalMine'));
const PortalCase = lazy(() => import('./pages/portal/PortalCase'));


const THEME = {
  token: {
    colorPrimary: '#1d4ed8', // 4.5:1 and more on white
    // Hovered and pressed buttons keep white text readable (the derived hover blue is too light).
    colorPrimaryHover: '#1e40af',
    colorPrimaryActive: '#1e3a8a',
    // Danger buttons and error messages: the default red is 3.3:1 on white.
    colorError: '#b42318',
    colorLink: '#1d4ed8',
    colorLinkHover: '#1e3a8a',
    colorLinkActive: '#1e3a8a',
    colorInfo: '#1d4ed8',
    // Secondary, tertiary and placeholder text at 4.5:1 or more on white (WCAG AA); the defaults are lighter.
    colorTextSecondary: 'rgba(0,0,0,0.66)',
    colorTextTertiary: 'rgba(0,0,0,0.6)',
    colorTextQuaternary: 'rgba(0,0,0,0.56)',
    colorTextDescription: 'rgba(0,0,0,0.66)',
    colorTextPlaceholder: 'rgba(0,0,0,0.56)',
    colorTextDisabled: 'rgba(0,0,0,0.56)',
    fontFamily: `-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif`,
  },
};

function Loading() {
  const { t } = useTranslation();
  return <div style={{ padding: 48, textAlign: 'center' }}><Spin description={t('app.loading')} /></div>;
}

function Home() {
  const { session } = useSession();
  if (!session) return <Navigate to="/signin" replace />;
  if (session.role === 'petitioner') return <Navigate to="/portal/mine" replace />;
  if (session.role === 'admin') return <Navigate to="/admin" replace />;
  return <Navigate to="/cases" replace />;
}

function RequireStaff({ children }: { children: React.ReactNode }) {
  const { session, loading } = useSession();
  if (loading) return <Loading />;
  if (!session) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.role === 'petitioner') return <Navigate to="/portal/mine" replace />;
  return <AppShell>{children}</AppShell>;
}

function Routed() {
  const { loading, session } = useSession();
  if (loading) return <Loading />;
  if (session?.passwordChangeRequired) return <ChangePassword />;
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/signin" element={<SignIn />} />
        <Route path="/cases" element={<RequireStaff><Inbox /></RequireStaff>} />
        <Route path="/cases/:id" element={<RequireStaff><CaseDetail /></RequireStaff>} />
        <Route path="/intake" element={<RequireStaff><Intake /></RequireStaff>} />
        <Route path="/board" element={<RequireStaff><Board /></RequireStaff>} />
        <Route path="/statistics" element={<RequireStaff><Statistics /></RequireStaff>} />
        <Route path="/notices" element={<RequireStaff><Notices /></RequireStaff>} />
        <Route path="/admin" element={<RequireStaff><Admin /></RequireStaff>} />
        <Route path="/portal" element={<PortalShell><PortalHome /></PortalShell>} />
        <Route path="/portal/submit" element={<PortalShell><PortalSubmit /></PortalShell>} />
        <Route path="/portal/track" element={<PortalShell><PortalTrack /></PortalShell>} />
        <Route path="/portal/track/:code" element={<PortalShell><PortalTrack /></PortalShell>} />
        <Route path="/portal/mine" element={<PortalShell><PortalMine /></PortalShell>} />
        <Route path="/portal/cases/:id" element={<PortalShell><PortalCase /></PortalShell>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const [nonce] = useState(cspNonce);
  useEffect(() => { document.title = i18n.t('app.title'); }, [i18n.language, i18n]);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} csp={nonce ? { nonce } : undefined} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routed />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
