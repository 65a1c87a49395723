// Sign-in: user name and password (a session cookie), or an API token (development and the demo).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { ApiFailure } from '../api/client';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../layout/LanguageSwitch';

export function SignIn() {
  const { t } = useTranslation();
  const { session, signIn, signInWithToken } = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (session) return <Navigate to={params.get('next') ?? '/'} replace />;

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try { await f(); } catch (e) {
      setError(e instanceof ApiFailure && e.status === 404 ? t('signIn.unavailable') : e instanceof Error ? e.message : String(e));
    } finally { setBusy(false); }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#eef2f7', display: 'flex', flexDirection: 'column' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '12px 24px', background: '#0b2a5b' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>{t('app.title')}</Typography.Text>
        <LanguageSwitch />
      </header>
      <main id="main" style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '48px 16px' }}>
        <Card style={{ width: '100%', maxWidth: 420 }}>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>{t('signIn.title')}</Typography.Title>
          {error && <Alert type="error" showIcon role="alert" title={t('signIn.failed')} description={error} style={{ marginBottom: 16 }} />}
          <Tabs
            items={[
              {
                key: 'password', label: t('signIn.passwordTab'),
                children: (
                  <Form layout="vertical" onFinish={(v: { username: string; password: string }) => run(() => signIn(v.username.trim(), v.password))}>
                    <Form.Item name="username" label={t('signIn.username')} htmlFor="signin-username" rules={[{ required: true }]}><Input id="signin-username" autoComplete="username" /></Form.Item>
                    <Form.Item name="password" label={t('signIn.password')} htmlFor="signin-password" rules={[{ required: true }]}><Input.Password id="signin-password" autoComplete="current-password" /></Form.Item>
                    <Button type="primary" htmlType="submit" block loading={busy}>{t('signIn.submit')}</Button>
                  </Form>
                ),
              },
              {
                key: 'token', label: t('signIn.tokenTab'),
                children: (
                  <Form layout="vertical" onFinish={(v: { token: string }) => run(() => signInWithToken(v.token.trim()))}>
                    <Form.Item name="token" label={t('signIn.token')} htmlFor="signin-token" extra={t('signIn.tokenHelp')} rules={[{ required: true }]}><Input.Password id="signin-token" autoComplete="off" /></Form.Item>
                    <Button type="primary" htmlType="submit" block loading={busy}>{t('signIn.submit')}</Button>
                  </Form>
                ),
              },
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}><Link to="/portal">{t('signIn.portalLink')}</Link></Typography.Paragraph>
        </Card>
      </main>
    </div>
  );
}
