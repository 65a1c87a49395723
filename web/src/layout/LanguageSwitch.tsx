import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented
      aria-label={t('app.language')}
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(v) => setLanguage(v as Language)}
      options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]}
    />
  );
}
