/*
 * The basemap's label rule, on its own subpath (`@jiefang/contract/basemap-label-field`) with
 * no imports: the console runs it, and TypeBox must stay out of the browser bundle.
 */

/** The console's languages, as the basemap style is asked for them (`style.json?lang=`). */
export const LABEL_LANGUAGES = ['zh-CN', 'en'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

/** A MapLibre expression reading a feature's label property. */
export type LabelField = ['get', string] | ['coalesce', ['get', string], ['get', string]];

/**
 * The `text-field` of every basemap label in a language. The tiles carry `name_zh` only where OSM
 * has a Chinese name, so the Chinese map shows no English label; the English map falls back to
 * the name as mapped where there is no `name_en`. The server's style and the console's language
 * switch both use it, so a switched map reads as a freshly loaded one.
 */
export function basemapLabelField(language: LabelLanguage): LabelField {
  return language === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['get', 'name_zh'];
}
