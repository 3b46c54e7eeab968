import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/messages.ts';

const KNOWN = new Set([
  'violent_attack',
  'robbery',
  'fight',
  'theft',
  'wanted_person',
  'missing_person',
  'welfare_check',
  'traffic_accident',
  'crowd',
  'suspicious',
  'dispute',
  'assist',
  'noise',
  'road_hazard',
  'utility_failure',
]);

/** The category's name in the current language; the code itself for a city's own categories. */
export function categoryLabel(t: Translate, code: string): string {
  return KNOWN.has(code) ? t(`responder.category.${code}` as MessageKey) : code;
}
