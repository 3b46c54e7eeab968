import { nameIn, type LocalNames } from '@jiefang/core';
import type { Locale } from './locale.ts';

/**
 * A unit's, site's or org's name in the console's language: its Chinese name in zh-CN, its
 * English or pinyin one in en (core's nameIn), the name as registered when it has no others.
 */
export function localName(
  named: { name: string; localNames?: LocalNames },
  locale: Locale,
): string {
  return nameIn(named, locale === 'zh-CN' ? 'zh' : 'en');
}

/** The name of the item with this id (a unit, an org), in the console's language; else the id. */
export function nameOfId(
  items: readonly { id: string; name: string; localNames?: LocalNames }[],
  id: string,
  locale: Locale,
): string {
  const found = items.find((item) => item.id === id);
  return found ? localName(found, locale) : id;
}

/** An incident's place name in the console's language, when the call named a place. */
export function placeNameIn(
  location: { placeName?: string; placeLocalNames?: LocalNames },
  locale: Locale,
): string | undefined {
  if (location.placeName === undefined) return undefined;
  return localName({ name: location.placeName, localNames: location.placeLocalNames }, locale);
}
