// A one-time password (after an admin's reset) is changed before anything else.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api/client';
import { useSession } from '../auth/session';

export function ChangePassword() {
  const { t } = useTranslation();
  const { changePassword, signOut } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>{t('password.title')}</Typography.Title>
        <Typography.Paragraph>{t('password.required')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={async (v: { current: string; next: string }) => {
          setBusy(true); setError(undefined);
          try { await changePassword(v.current, v.next); } catch (e) {
            const d = e instanceof ApiFailure && Array.isArray(e.details) ? (e.details as Array<{ message: string }>)[0]?.message : undefined;
            setError(d ?? (e as Error).message);
          } finally { setBusy(false); }
        }}>
          <Form.Item name="current" label={t('password.current')} htmlFor="pw-current" rules={[{ required: true, message: t('actionPanel.required') }]}><Input.Password id="pw-current" autoComplete="current-password" /></Form.Item>
          <Form.Item name="next" label={t('password.new')} htmlFor="pw-new" extra={t('password.rules')} rules={[{ required: true, message: t('actionPanel.required') }, { min: 10, message: t('password.rules') }]}><Input.Password id="pw-new" autoComplete="new-password" /></Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('app.save')}</Button>
          <Button type="link" block onClick={() => void signOut()}>{t('app.signOut')}</Button>
        </Form>
      </Card>
    </main>
  );
}
