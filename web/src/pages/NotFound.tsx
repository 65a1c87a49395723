import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return <main id="main"><Result status="404" title="404" subTitle={t('app.notFound')} extra={<Link to="/">{t('app.back')}</Link>} /></main>;
}
