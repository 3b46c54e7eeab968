import { useEffect, useState } from 'react';
import type { Incident } from '@jiefang/contract';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CaseLabel } from './CaseLabel.tsx';
import { casesApi, type CaseFigures } from './cases-api.ts';
import './cases.css';
import { categoryName, useCatalogue } from '../dispatcher/dispatcher-hooks.ts';
import { routingText } from './routing-text.ts';
import { useCases } from './use-cases.ts';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/**
 * The supervisor's loop board (研交办督结): this month's three rates, non-police calls to hand
 * to a department in one action, and every open case of every kind, overdue first.
 */
export function LoopBoard() {
  const { t, i18n, locale } = useI18n();
  const { api, cases, categories, error, setError, reload } = useCases();
  const incidentCategories = useCatalogue(api).categories;
  const [figures, setFigures] = useState<CaseFigures | null>(null);
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    // Roles without stats.read (dispatchers) see the board without the rates.
    void casesApi.monthFigures(api).then(
      (s) => setFigures(s.total),
      () => setFigures(null),
    );
    void casesApi.openIncidents(api).then(setIncidents, setError);
  }, [api, revision, cases, setError]);

  const refresh = async () => {
    await reload();
    setRevision((r) => r + 1);
  };
  const nonPolice = incidents.filter((i) => !i.policeMatter && i.status === 'open');
  const caseCategoryFor = (code: string) =>
    categories.some((c) => c.code === code) ? code : 'grid_other';

  return (
    <main className="cases-view loop-board">
      {error ? (
        <p role="alert" className="case-error">
          {describeApiError(i18n, error)}
        </p>
      ) : null}
      {figures ? (
        <section aria-labelledby="rates-title" className="case-rates" data-testid="case-rates">
          <h2 id="rates-title">{t('cases.rates')}</h2>
          <dl>
            <dt>{t('cases.count')}</dt>
            <dd data-figure="count">{figures.count}</dd>
            <dt>{t('cases.responseRate')}</dt>
            <dd data-figure="response">{percent(figures.responseRate)}</dd>
            <dt>{t('cases.resolutionRate')}</dt>
            <dd data-figure="resolution">{percent(figures.resolutionRate)}</dd>
            <dt>{t('cases.satisfactionRate')}</dt>
            <dd data-figure="satisfaction">{percent(figures.satisfactionRate)}</dd>
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="non-police-title" className="cases-list">
        <h2 id="non-police-title">{t('cases.nonPolice')}</h2>
        {nonPolice.length === 0 ? <p>{t('cases.noNonPolice')}</p> : null}
        <ul>
          {nonPolice.map((i) => (
            <li key={i.id} data-incident-id={i.id}>
              {categoryName(incidentCategories, i.categoryCode, locale)} · {i.description}{' '}
              <button
                type="button"
                onClick={() =>
                  void casesApi
                    .handOver(api, i.id, caseCategoryFor(i.categoryCode))
                    .then(refresh, setError)
                }
              >
                {t('cases.handOver')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="loop-title" className="cases-list">
        <h2 id="loop-title">{t('cases.loop')}</h2>
        {cases.length === 0 ? <p>{t('cases.empty')}</p> : null}
        <ul>
          {cases.map((c) => (
            <li key={c.id} data-case-id={c.id} data-overdue={c.overdue ? 'true' : 'false'}>
              <CaseLabel value={c} categories={categories} />
              {c.routing ? <small> · {routingText(i18n, c.routing)}</small> : null}
              {c.result ? <small> · {c.result}</small> : null}
              {c.workflow.stage === 'supervise' ? (
                <button
                  type="button"
                  onClick={() => void casesApi.step(api, c.id, 'close').then(refresh, setError)}
                >
                  {t('cases.close')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
