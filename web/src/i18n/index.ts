// react-i18next: Simplified Chinese by default, English on request (remembered per browser).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

export type Language = 'zh-CN' | 'en';
const KEY = 'petition-console.language';

export const initialLanguage = (): Language => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN');

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lng: Language): void {
  localStorage.setItem(KEY, lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}
document.documentElement.lang = initialLanguage();

export default i18n;
