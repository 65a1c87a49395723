import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api/client';

/** An API failure as the person reads it: the translated kind, then the API's own message. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiFailure ? error : undefined;
  const kind = e ? t(`error.${e.code}`, { defaultValue: '' }) : '';
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon role="alert" title={title ?? (kind || t('app.error'))} description={message} />;
}
