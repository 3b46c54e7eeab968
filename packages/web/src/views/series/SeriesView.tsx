import type {
  CaseSeriesDetailView,
  CaseSeriesView,
  IncidentView,
  SeriesSuggestionsView,
} from '@jiefang/contract';
import { PERMISSIONS } from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useBusyAction } from '../../api/use-busy-action.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../i18n/format-time.ts';
import { categoryLabel } from '../responder/category-label.ts';
import { seriesApi } from './series-api.ts';
import { SeriesMap } from './SeriesMap.tsx';
import '../patrol/patrol.css';
import './series.css';

type Suggestion = SeriesSuggestionsView['suggestions'][number];
const PARTS = ['space', 'time', 'category', 'mo', 'text'] as const;

/**
 * 串并, the series panel: the analyst starts a series from an incident, judges the scored
 * suggestions (place, time, category, modus operandi and narrative) one by one — accepted ones
 * join the series, rejected ones are not offered again — and reads the series as a timeline
 * and as a map layer (its incidents numbered in time order, joined by their path). Roles
 * without series.link read only; the server checks every call itself.
 */
export function SeriesView() {
  const { t, i18n, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  // Only hides buttons: the server checks series.link (and the scope) on every call.
  const canLink = account.roles.some((r) => PERMISSIONS[r]['series.link'] !== undefined);
  const [series, setSeries] = useState<CaseSeriesView[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [detail, setDetail] = useState<CaseSeriesDetailView | undefined>();
  const [suggested, setSuggested] = useState<Suggestion[]>([]);
  const [incidents, setIncidents] = useState<IncidentView[]>([]);
  const [anchor, setAnchor] = useState('');
  const [title, setTitle] = useState('');
  const [unlinking, setUnlinking] = useState<string | undefined>();
  const time = (iso: string) => formatDateTime(iso, locale, timeZone);

  const reload = useCallback(async () => {
    const list = await seriesApi.list(api);
    setSeries(list);
    return list;
  }, [api]);
  const { busy, error, setError, run } = useBusyAction(reload);

  useEffect(() => {
    void reload().catch(setError);
    if (canLink) void seriesApi.incidents(api).then(setIncidents, setError);
  }, [api, reload, canLink]);

  const current = series.find((s) => s.id === selected) ?? series[0];
  const currentId = current?.id;
  const anchorId = current?.anchorId;
  // Read again whenever the series changes (its updatedAt moves with every accept or reject).
  const version = current?.updatedAt;
  useEffect(() => {
    if (!currentId || !anchorId) {
      setDetail(undefined);
      setSuggested([]);
      return;
    }
    let live = true;
    void Promise.all([seriesApi.detail(api, currentId), seriesApi.suggestions(api, anchorId)]).then(
      ([d, s]) => {
        if (!live) return;
        setDetail(d);
        const judged = new Set([...d.series.incidentIds, ...d.series.rejectedIds]);
        setSuggested(s.suggestions.filter((x) => !judged.has(x.incidentId)));
      },
      setError,
    );
    return () => {
      live = false;
    };
  }, [api, currentId, anchorId, version]);

  const described = (i: IncidentView) =>
    `${time(i.receivedAt)} · ${categoryLabel(t, i.categoryCode)} · ${i.description.slice(0, 24)}`;

  return (
    <main className="patrol-view series-view" data-testid="series-view">
      <SeriesMap detail={detail} suggestions={suggested} />
      <aside className="patrol-side">
        {error ? (
          <p role="alert" className="patrol-error">
            {describeApiError(i18n, error)}
          </p>
        ) : null}
        <section aria-labelledby="series-list-title">
          <h2 id="series-list-title">{t('series.title')}</h2>
          {series.length === 0 ? <p>{t('series.none')}</p> : null}
          <ul className="patrol-plans">
            {series.map((s) => (
              <li
                key={s.id}
                data-series-id={s.id}
                className={s.id === current?.id ? 'is-selected' : undefined}
              >
                <button
                  type="button"
                  className="patrol-plan-pick"
                  onClick={() => setSelected(s.id)}
                >
                  {t('series.item', { title: s.title, count: s.incidentIds.length })}
                </button>
              </li>
            ))}
          </ul>
          {canLink ? (
            <form
              className="series-start"
              onSubmit={(event) => {
                event.preventDefault();
                void run(async () => {
                  const made = await seriesApi.start(api, anchor, title);
                  setSelected(made.id);
                  setTitle('');
                });
              }}
            >
              <label>
                {t('series.start.incident')}
                <select value={anchor} onChange={(e) => setAnchor(e.target.value)} required>
                  <option value="">{t('series.start.choose')}</option>
                  {incidents.map((i) => (
                    <option key={i.id} value={i.id}>
                      {described(i)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('series.start.name')}
                <input
                  value={title}
                  maxLength={120}
                  required
                  onChange={(e) => setTitle(e.target.value)}
                />
              </label>
              <button type="submit" disabled={busy || !anchor || !title.trim()}>
                {t('series.start.submit')}
              </button>
            </form>
          ) : null}
        </section>

        {detail ? (
          <section aria-labelledby="series-timeline-title" data-testid="series-timeline">
            <h2 id="series-timeline-title">
              {t('series.timeline', { title: detail.series.title, count: detail.timeline.length })}
            </h2>
            <ol className="series-timeline">
              {detail.timeline.map((e) => (
                <li key={e.incidentId} data-incident-id={e.incidentId}>
                  <time dateTime={e.receivedAt}>{time(e.receivedAt)}</time>{' '}
                  <strong>{categoryLabel(t, e.categoryCode)}</strong>
                  {e.address ? ` · ${e.address}` : ''}
                  <p>{e.description}</p>
                  {canLink && e.incidentId !== detail.series.anchorId ? (
                    unlinking === e.incidentId ? (
                      <div
                        role="alertdialog"
                        className="patrol-confirm"
                        aria-label={t('series.unlinkConfirm')}
                      >
                        <p>{t('series.unlinkConfirm')}</p>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() =>
                            void run(async () => {
                              await seriesApi.unlink(api, detail.series.id, e.incidentId);
                              setUnlinking(undefined);
                            })
                          }
                        >
                          {t('series.unlinkYes')}
                        </button>
                        <button type="button" onClick={() => setUnlinking(undefined)}>
                          {t('patrol.cancel')}
                        </button>
                      </div>
                    ) : (
                      <button type="button" onClick={() => setUnlinking(e.incidentId)}>
                        {t('series.unlink')}
                      </button>
                    )
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}

        {detail ? (
          <section aria-labelledby="series-suggestions-title" data-testid="series-suggestions">
            <h2 id="series-suggestions-title">{t('series.suggestions')}</h2>
            {suggested.length === 0 ? <p>{t('series.noSuggestions')}</p> : null}
            <ul className="series-suggestions">
              {suggested.map((s) => (
                <li key={s.incidentId} data-incident-id={s.incidentId}>
                  <p>
                    <strong>{t('series.score', { score: s.score.toFixed(3) })}</strong> ·{' '}
                    {time(s.createdAt)} · {categoryLabel(t, s.categoryCode)}
                  </p>
                  <p className="series-parts">
                    {PARTS.map((p) =>
                      t(`series.part.${p}`, { value: (s.parts[p] ?? 0).toFixed(2) }),
                    ).join(' · ')}
                  </p>
                  {canLink ? (
                    <div className="series-judge">
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(() => seriesApi.accept(api, detail.series.id, s.incidentId))
                        }
                      >
                        {t('series.accept')}
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(() => seriesApi.reject(api, detail.series.id, s.incidentId))
                        }
                      >
                        {t('series.reject')}
                      </button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </aside>
    </main>
  );
}
