import type { I18n } from '../../i18n/i18n.ts';

/** An OSM kind ('shop=mall') in the console's words: the kind, else its key, else "place". */
export function placeKindName(i18n: Pick<I18n, 'has' | 't'>, kind: string): string {
  if (kind === 'street') return i18n.t('dispatcher.form.street');
  for (const key of [`place.kind.${kind}`, `place.kind.${kind.split('=')[0]}`]) {
    if (i18n.has(key)) return i18n.t(key);
  }
  return i18n.t('dispatcher.form.poi');
}
