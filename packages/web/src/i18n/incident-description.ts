import type { Translate } from './i18n.ts';
import type { Locale } from './locale.ts';

/**
 * What an incident is about, in the console's language. A caller's words are shown as taken; a
 * simulated call's description was generated in the city's language (Chinese), so another
 * language renders it from its category instead.
 */
export function incidentDescription(
  incident: { source: string; description: string },
  category: string,
  locale: Locale,
  t: Translate,
): string {
  if (incident.source !== 'simulated' || locale === 'zh-CN') return incident.description;
  return t('incident.simulated', { category });
}
