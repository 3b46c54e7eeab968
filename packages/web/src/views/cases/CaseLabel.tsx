import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { CaseCategory, CaseSummary } from './cases-api.ts';

/** Kind, category in the UI language, title and stage of a case, with an overdue badge. */
export function CaseLabel({
  value,
  categories,
}: {
  value: CaseSummary;
  categories: CaseCategory[];
}) {
  const { t, locale } = useI18n();
  const category = categories.find((c) => c.code === value.categoryCode);
  const name = category
    ? locale === 'zh-CN'
      ? category.names.zh
      : category.names.en
    : value.categoryCode;
  return (
    <span className="case-label">
      <span className="case-kind">{t(`cases.kind.${value.kind}`)}</span> · {name} · {value.title}{' '}
      <span className="case-stage" data-stage={value.workflow.stage}>
        {t(`cases.stage.${value.workflow.stage as 'analyse'}`)}
      </span>
      {value.overdue ? <span className="case-overdue"> {t('cases.overdue')}</span> : null}
    </span>
  );
}
