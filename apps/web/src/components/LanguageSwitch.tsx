import { chooseLanguage, currentLanguage, useCommonText } from '../i18n/i18n';
import { LANGUAGE_NAMES, LANGUAGES, pickLanguage } from '../i18n/languages';
import { INPUT_CLASS } from './ui';

/**
 * The language the client is shown in: the browser's until the person picks one here; the pick is
 * remembered in this browser. Each language is listed by its own name ("Deutsch"), so it can be
 * found whatever language the page is in now.
 */
export function LanguageSwitch({ className = '' }: { className?: string }) {
  const t = useCommonText();
  return (
    <label className={`block text-sm font-medium text-ink-soft ${className}`}>
      {t('language.label')}
      <select
        className={`mt-1 ${INPUT_CLASS}`}
        value={currentLanguage()}
        onChange={(e) => void chooseLanguage(pickLanguage(e.target.value, []))}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
