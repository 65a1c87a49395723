// Online submission (anyone; linked to the account when a petitioner is signed in).
import { useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, newIdempotencyKey, type Submission } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { label } from '../../lib/format';

interface Values { class: 'suggestion' | 'report' | 'claim'; title: string; content: string; anonymous?: boolean; name?: string; contact?: string; idNumber?: string; address?: string }

export default function PortalSubmit() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<{ queryCode?: string; message?: string }>();
  const key = useRef(newIdempotencyKey());
  const cls = Form.useWatch('class', form);
  const anonymous = Form.useWatch('anonymous', form);

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        channel: 'online', class: v.class, title: v.title.trim(), content: v.content.trim(), anonymous: !!v.anonymous,
        ...(v.anonymous ? {} : { petitioner: { name: v.name!.trim(), contact: v.contact!.trim(), ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}), ...(v.address?.trim() ? { address: v.address.trim() } : {}) } }),
      } as Submission;
      const { data, error: e, response } = await api.POST('/api/v1/petitions', { body, params: { header: { 'Idempotency-Key': key.current } } as never });
      if (e || !data) throw new Error((e as { error?: { message?: string } })?.error?.message ?? `HTTP ${response.status}`);
      key.current = newIdempotencyKey();
      const d = data as { petition: { queryCode?: string } | null; message?: string };
      setDone({ queryCode: response.status === 201 ? d.petition?.queryCode : undefined, message: d.message });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Result status="success" title={t('portal.submitted')}
        subTitle={done.queryCode ? <>{t('portal.keepCode')} <Typography.Text strong copyable data-testid="portal-query-code" style={{ fontSize: 20 }}>{done.queryCode}</Typography.Text></> : done.message}
        extra={done.queryCode ? <Link to={`/portal/track/${done.queryCode}`}>{t('portal.track')}</Link> : null} />
    );
  }

  return (
    <Card className="portal-card" title={<Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>{t('portal.submit')}</Typography.Title>}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ class: 'claim' }}>
        <Form.Item name="class" label={t('field.class')} rules={[{ required: true }]}>
          <Radio.Group options={(['claim', 'suggestion', 'report'] as const).map((c) => ({ value: c, label: label(t, 'class', c) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('field.title')} htmlFor="portal-title" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }, { max: 200 }]}><Input id="portal-title" size="large" maxLength={200} /></Form.Item>
        <Form.Item name="content" label={t('field.content')} htmlFor="portal-content" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}><Input.TextArea id="portal-content" rows={6} maxLength={20000} /></Form.Item>
        {cls !== 'claim' && <Form.Item name="anonymous" valuePropName="checked" extra={t('portal.anonymousHint')}><Checkbox>{t('field.anonymous')}</Checkbox></Form.Item>}
        {!(anonymous && cls !== 'claim') && (
          <>
            <Form.Item name="name" label={t('field.name')} htmlFor="portal-name" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}><Input id="portal-name" size="large" autoComplete="name" maxLength={100} /></Form.Item>
            <Form.Item name="contact" label={t('field.contact')} htmlFor="portal-contact" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}><Input id="portal-contact" size="large" autoComplete="tel" maxLength={100} /></Form.Item>
            <Form.Item name="idNumber" label={t('field.idNumber')} htmlFor="portal-id"><Input id="portal-id" size="large" autoComplete="off" maxLength={32} /></Form.Item>
            <Form.Item name="address" label={t('field.address')} htmlFor="portal-address"><Input id="portal-address" size="large" autoComplete="street-address" maxLength={300} /></Form.Item>
          </>
        )}
        {error ? <div style={{ marginBottom: 16 }}><ErrorAlert error={error} /></div> : null}
        <Alert type="info" title={t('portal.consent')} style={{ marginBottom: 16 }} />
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>{t('portal.submit')}</Button>
      </Form>
    </Card>
  );
}
