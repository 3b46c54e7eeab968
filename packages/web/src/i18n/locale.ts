/** The console's languages: Simplified Chinese and English. */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Used when none of the browser's languages is one of ours. */
export const FALLBACK_LOCALE: Locale = 'en';

/**
 * The first of the browser's languages (navigator.languages, best first) the console speaks:
 * any Chinese (zh, zh-CN, zh-Hans, zh-TW…) → zh-CN, any English → en.
 */
export function detectLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const primary = language.toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return FALLBACK_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
