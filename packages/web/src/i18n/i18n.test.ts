// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { I18n, LOCALE_STORAGE_KEY } from './i18n.ts';
import { detectLocale, LOCALES } from './locale.ts';
import { MESSAGES, mergeBundles } from './messages.ts';
import { defineMessages } from './define-messages.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    values,
  };
}

describe('locale detection', () => {
  it('takes the first browser language the console speaks', () => {
    expect(detectLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale(['zh-TW'])).toBe('zh-CN');
    expect(detectLocale(['fr-FR', 'en-GB', 'zh'])).toBe('en');
    expect(detectLocale(['de'])).toBe('en');
    expect(detectLocale([])).toBe('en');
  });
});

describe('I18n', () => {
  it('starts in the browser language, switches, remembers and tells subscribers', () => {
    const storage = memoryStorage();
    const i18n = new I18n({ languages: ['zh-CN'], storage });
    expect(i18n.t('auth.submit')).toBe('登录');
    const listener = vi.fn();
    i18n.subscribe(listener);
    i18n.setLocale('en');
    expect(i18n.t('auth.submit')).toBe('Sign in');
    expect(listener).toHaveBeenCalledWith('en');
    expect(storage.values.get(LOCALE_STORAGE_KEY)).toBe('en');
    // The remembered choice beats the browser's language next time.
    expect(new I18n({ languages: ['zh-CN'], storage }).locale).toBe('en');
  });

  it('fills in parameters and shows the key of a missing string', () => {
    const i18n = new I18n({ languages: ['en'] });
    expect(i18n.t('map.counts.units', { count: 20000 })).toBe('20000 units on the map');
    expect(i18n.translate('zh-CN', 'priority.short', { priority: 1 })).toBe('1级');
    expect(i18n.has('error.ERR_NOT_A_CODE')).toBe(false);
  });

  it('survives a storage that throws (private mode)', () => {
    const storage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const i18n = new I18n({ languages: ['en'], storage });
    i18n.setLocale('zh-CN');
    expect(i18n.locale).toBe('zh-CN');
  });

  it('has every key in every language, none empty', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(MESSAGES[locale]).sort()).toEqual(keys);
      for (const key of keys) expect(MESSAGES[locale][key].trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('refuses a key two areas define', () => {
    const a = defineMessages({ en: { 'x.title': 'A' }, 'zh-CN': { 'x.title': '甲' } });
    expect(() => mergeBundles([a, a])).toThrow(/x.title/);
  });
});
