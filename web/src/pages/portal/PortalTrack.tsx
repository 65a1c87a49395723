// Track by query code: the public view only.
import { Alert, Button, Card, Form, Input, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiFailure, api, ok } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicCaseView } from '../../components/PublicCaseView';
import { ResendCode } from './ResendCode';

export default function PortalTrack() {
  const { t } = useTranslation();
  const { code } = useParams();
  const navigate = useNavigate();
  const tracked = useQuery({
    queryKey: ['tracking', code],
    enabled: !!code,
    retry: false,
    queryFn: () => ok(api.GET('/api/v1/tracking/{queryCode}', { params: { path: { queryCode: code! } } })),
  });
  return (
    <>
      <Card className="portal-card">
        <Form layout="vertical" key={code} initialValues={{ code }} onFinish={(v: { code: string }) => navigate(`/portal/track/${encodeURIComponent(v.code.trim().toUpperCase())}`)}>
          <Form.Item name="code" label={t('portal.codeLabel')} htmlFor="track-code" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}>
            <Input id="track-code" size="large" placeholder={t('portal.codePlaceholder')} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block>{t('portal.trackButton')}</Button>
        </Form>
      </Card>
      {tracked.isLoading && <Skeleton active />}
      {tracked.error instanceof ApiFailure && tracked.error.status === 404 ? <Alert type="warning" showIcon role="alert" title={t('portal.notFound')} />
        : tracked.error ? <ErrorAlert error={tracked.error} /> : null}
      {tracked.data && <PublicCaseView c={tracked.data} />}
      <ResendCode />
    </>
  );
}
