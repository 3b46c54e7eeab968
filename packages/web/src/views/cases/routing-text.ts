import type { I18n } from '../../i18n/i18n.ts';
import { departmentKindName } from '../../i18n/seeded-names.ts';
import type { CaseSummary } from './cases-api.ts';

/**
 * Why a case went to its department, in the console's language: from how it was chosen, not
 * the server's English `reason` (kept for the record). A person's own words are shown as they
 * wrote them; a case routed before the basis was recorded shows its stored reason.
 */
export function routingText(
  i18n: Pick<I18n, 'has' | 't'>,
  routing: NonNullable<CaseSummary['routing']>,
): string {
  switch (routing.basis) {
    case 'rule':
      return i18n.t('cases.routing.rule', { rule: routing.ruleId ?? '' });
    case 'department_kind':
      return i18n.t('cases.routing.kind', {
        kind: departmentKindName(i18n, routing.departmentKind ?? ''),
      });
    case 'by_hand': {
      const how = i18n.t(routing.overridden ? 'cases.routing.overridden' : 'cases.routing.byHand');
      return routing.note ? `${how} · ${routing.note}` : how;
    }
    default:
      return routing.reason;
  }
}
