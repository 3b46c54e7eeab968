import { useI18n } from './I18nProvider.tsx';
import { LOCALES } from './locale.ts';

/** The language picker of the header and the login page: one button per language. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className={option === locale ? 'is-active' : undefined}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {t(`language.${option}`)}
        </button>
      ))}
    </div>
  );
}
