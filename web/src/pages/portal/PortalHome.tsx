import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

export default function PortalHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('portal.welcome')}</Typography.Title>
      <Typography.Paragraph>{t('portal.intro')}</Typography.Paragraph>
      <Card className="portal-card">
        <Link to="/portal/submit"><Button type="primary" size="large" block>{t('portal.submit')}</Button></Link>
      </Card>
      <Card className="portal-card" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('portal.track')}</Typography.Title>}>
        <Form layout="vertical" onFinish={(v: { code: string }) => navigate(`/portal/track/${encodeURIComponent(v.code.trim().toUpperCase())}`)}>
          <Form.Item name="code" label={t('portal.codeLabel')} htmlFor="home-code" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}>
            <Input id="home-code" size="large" placeholder={t('portal.codePlaceholder')} autoComplete="off" autoCapitalize="characters" />
          </Form.Item>
          <Button htmlType="submit" size="large" block>{t('portal.trackButton')}</Button>
        </Form>
      </Card>
      <Typography.Paragraph type="secondary">{t('portal.signInHint')} · <Link to="/signin?next=/portal/mine">{t('portal.signIn')}</Link></Typography.Paragraph>
    </>
  );
}
