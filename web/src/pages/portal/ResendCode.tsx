// "Lost your query code?": the contact given when filing and the title (or the ID number). The API sends
// the code to the contact on file when they match and answers the same either way, so the page shows one
// neutral message and never the code.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Values { contact: string; title?: string; idNumber?: string }

export function ResendCode() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();

  async function send(v: Values) {
    setBusy(true);
    setError(undefined);
    setSent(false);
    try {
      const title = v.title?.trim();
      const idNumber = v.idNumber?.trim();
      await ok(api.POST('/api/v1/tracking/resend', { body: { contact: v.contact.trim(), ...(title ? { title } : {}), ...(idNumber ? { idNumber } : {}) } }));
      setSent(true);
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  // Either the title or the ID number, besides the contact (as the API asks).
  const oneOf = ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: () => (String(getFieldValue('title') ?? '').trim() || String(getFieldValue('idNumber') ?? '').trim()
      ? Promise.resolve() : Promise.reject(new Error(t('resend.titleOrId')))),
  });

  return (
    <Card className="portal-card" style={{ marginTop: 16 }} size="small">
      <Button type="link" style={{ padding: 0 }} aria-expanded={open} aria-controls="resend-form" onClick={() => setOpen(!open)} data-testid="lost-code">
        {t('portal.lostCode')}
      </Button>
      {open && (
        <div id="resend-form" style={{ marginTop: 8 }}>
          <Typography.Paragraph type="secondary">{t('resend.intro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(v) => void send(v)} aria-label={t('portal.lostCode')}>
            <Form.Item name="contact" label={t('resend.contact')} htmlFor="resend-contact" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }, { max: 100 }]}>
              <Input id="resend-contact" autoComplete="tel" maxLength={100} />
            </Form.Item>
            <Form.Item name="title" label={t('resend.title')} htmlFor="resend-title" dependencies={['idNumber']} rules={[oneOf, { max: 200 }]}>
              <Input id="resend-title" autoComplete="off" maxLength={200} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('resend.idNumber')} htmlFor="resend-id-number" rules={[{ max: 32 }]}>
              <Input id="resend-id-number" autoComplete="off" maxLength={32} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>{t('resend.send')}</Button>
          </Form>
          {sent && <Alert type="success" showIcon role="status" style={{ marginTop: 12 }} title={t('resend.sent')} data-testid="resend-sent" />}
          {error ? <div style={{ marginTop: 12 }}><ErrorAlert error={error} /></div> : null}
        </div>
      )}
    </Card>
  );
}
