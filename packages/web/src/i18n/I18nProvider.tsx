import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { I18n, Translate } from './i18n.ts';
import type { Locale } from './locale.ts';

const I18nContext = createContext<I18n | undefined>(undefined);

/** Makes the console's I18n available to `useI18n`; keeps <html lang> and the title in step. */
export function I18nProvider({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const locale = useSyncExternalStore(
    (onChange) => i18n.subscribe(onChange),
    () => i18n.locale,
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.title');
  }, [i18n, locale]);
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

export interface UseI18n {
  t: Translate;
  locale: Locale;
  /** The city's time zone for every time shown (undefined: the browser's, until known). */
  timeZone: string | undefined;
  setLocale: (locale: Locale) => void;
  i18n: I18n;
}

/** The current language's `t`; components re-render when the language changes. */
export function useI18n(): UseI18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  const locale = useSyncExternalStore(
    (onChange) => i18n.subscribe(onChange),
    () => i18n.locale,
  );
  const timeZone = useSyncExternalStore(
    (onChange) => i18n.subscribe(onChange),
    () => i18n.timeZone,
  );
  return {
    // A new function per locale, so memoised children that take `t` re-render too.
    t: (key, params) => i18n.translate(locale, key, params),
    locale,
    timeZone,
    setLocale: (next) => i18n.setLocale(next),
    i18n,
  };
}
