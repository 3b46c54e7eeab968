import type { Locale } from './locale.ts';

/** One area's strings in every language: the same keys in each, checked by the compiler. */
export type MessageBundle<K extends string> = {
  readonly [L in Locale]: Readonly<Record<K, string>>;
};

/**
 * Declares the strings of one area of the console (a view, the map, the login page…). Keys are
 * namespaced by the area (`dispatcher.queue.title`); `{name}` in a string is a parameter. Each
 * area keeps its bundle in its own folder and lists it once in i18n/messages.ts.
 *
 * ```ts
 * export const dispatcherMessages = defineMessages({
 *   en: { 'dispatcher.queue.title': 'Incident queue' },
 *   'zh-CN': { 'dispatcher.queue.title': '警情队列' },
 * });
 * ```
 */
export function defineMessages<K extends string>(bundle: MessageBundle<K>): MessageBundle<K> {
  return bundle;
}
