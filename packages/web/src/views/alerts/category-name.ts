import type { Catalogue } from '@jiefang/contract';
import type { Locale } from '../../i18n/locale.ts';

/** An incident category's name in the console's language; the code when the catalogue lacks it. */
export function categoryName(catalogue: Catalogue | undefined, code: string, locale: Locale) {
  const category = catalogue?.categories.find((c) => c.code === code);
  if (!category) return code;
  return locale === 'zh-CN' ? category.names.zh : category.names.en;
}
