import { detectLocale, isLocale, type Locale } from './locale.ts';
import { MESSAGES, type Dictionary, type MessageKey } from './messages.ts';

export type MessageParams = Readonly<Record<string, string | number>>;

/** Looks a string up in the current language and fills in its `{parameters}`. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Where the chosen language is remembered (localStorage in the browser). */
export interface LocaleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const LOCALE_STORAGE_KEY = 'jiefang.locale';

export interface I18nOptions {
  /** The browser's languages, best first (navigator.languages). */
  languages?: readonly string[];
  storage?: LocaleStorage;
  messages?: Readonly<Record<Locale, Dictionary>>;
}

/**
 * The console's language: remembered choice first, else the browser's languages, else English.
 * Every visible string goes through `t`. A missing key shows the key itself (and, in
 * development, warns), so a gap is visible rather than blank.
 */
export class I18n {
  private current: Locale;
  private zone: string | undefined;
  private readonly storage: LocaleStorage | undefined;
  private readonly messages: Readonly<Record<Locale, Dictionary>>;
  private readonly listeners = new Set<(locale: Locale) => void>();

  constructor(options: I18nOptions = {}) {
    this.storage = options.storage;
    this.messages = options.messages ?? MESSAGES;
    const remembered = safeRead(this.storage);
    this.current = isLocale(remembered) ? remembered : detectLocale(options.languages ?? []);
  }

  get locale(): Locale {
    return this.current;
  }

  /** Switches language, remembers the choice and tells the subscribers. */
  setLocale(locale: Locale): void {
    if (locale === this.current) return;
    this.current = locale;
    try {
      this.storage?.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // Private mode or a full quota: the choice lasts for this page only.
    }
    for (const listener of this.listeners) listener(locale);
  }

  /** The city's time zone (the server's console config); undefined until known: the browser's. */
  get timeZone(): string | undefined {
    return this.zone;
  }

  /** Every time the console shows is in the city's zone, whatever the browser's. */
  setTimeZone(timeZone: string): void {
    if (timeZone === this.zone) return;
    this.zone = timeZone;
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: (locale: Locale) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly t: Translate = (key, params) => this.translate(this.current, key, params);

  /** True when the key exists (for keys built at run time, e.g. `error.${code}`). */
  has(key: string): key is MessageKey {
    return key in this.messages[this.current];
  }

  translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
    const text = this.messages[locale][key];
    if (text === undefined) return key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  }
}

function safeRead(storage: LocaleStorage | undefined): string | null {
  try {
    return storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
