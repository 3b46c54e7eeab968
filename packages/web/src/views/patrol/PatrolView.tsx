import { instantOfWallTime, wallTimeInZone } from '@jiefang/core';
import type { ForecastView, PatrolPlanView, UnitView } from '@jiefang/contract';
import { useCallback, useEffect, useState } from 'react';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useBusyAction } from '../../api/use-busy-action.ts';
import { fetchUnits } from '../../api/unit-api.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName, nameOfId } from '../../i18n/local-name.ts';
import { formatDateTime } from '../../i18n/format-time.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ComplianceTable } from './ComplianceTable.tsx';
import { patrolApi } from './patrol-api.ts';
import { PatrolMap } from './PatrolMap.tsx';
import { PlanEditor } from './PlanEditor.tsx';
import './patrol.css';

const HORIZON_DAYS = 7;
const METHODS = new Set(['naive', 'kde', 'promap', 'sepp']);

/**
 * 情指勤: the hotspot forecast of the caller's area drawn on the map, patrol plans made from it
 * for a shift (units, coverage, stops; assigned to the units' phones after a confirmation), the
 * supervisor's editor of the chosen plan, and each plan's compliance from the units' tracks with
 * CSV/XLSX export. The shift start is typed and shown in the city's time zone.
 */
export function PatrolView() {
  const { t, i18n, locale, timeZone } = useI18n();
  const cityZone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { api } = useSession();
  const account = useAccount();
  const [forecasts, setForecasts] = useState<ForecastView[]>([]);
  const [plans, setPlans] = useState<PatrolPlanView[]>([]);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [chosenUnits, setChosenUnits] = useState<string[]>([]);
  const [shiftStart, setShiftStart] = useState(() => wallTimeInZone(Date.now(), cityZone));
  const [hours, setHours] = useState(4);
  const [selected, setSelected] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();
  const [compliance, setCompliance] = useState<string | undefined>();
  const [badShift, setBadShift] = useState(false);
  const canPlan = account.roles.some((r) => r === 'admin' || r === 'supervisor');

  const reload = useCallback(async () => {
    try {
      const [f, p] = await Promise.all([patrolApi.forecasts(api), patrolApi.plans(api)]);
      setForecasts(f);
      setPlans(p);
    } catch (e) {
      setError(e);
    }
  }, [api]);
  const { busy, error, setError, run } = useBusyAction(reload);

  useEffect(() => {
    void reload();
    void fetchUnits(api, { kind: 'police' }).then(setUnits, setError);
  }, [api, reload]);

  // A forecast being computed is looked at again every two seconds until it is done.
  const computing = forecasts.some((f) => f.status === 'requested');
  useEffect(() => {
    if (!computing) return;
    const timer = setInterval(() => void reload(), 2000);
    return () => clearInterval(timer);
  }, [computing, reload]);

  const forecast = forecasts.find((f) => f.status === 'computed') ?? forecasts[0];
  const plan = plans.find((p) => p.id === selected) ?? plans[0];
  const time = (iso: string) => formatDateTime(iso, locale, timeZone);
  const method = (m: string) => (METHODS.has(m) ? t(`patrol.method.${m}` as MessageKey) : m);

  return (
    <main className="patrol-view">
      <PatrolMap forecast={forecast?.status === 'computed' ? forecast : undefined} plan={plan} />
      <aside className="patrol-side">
        {error ? (
          <p role="alert" className="patrol-error">
            {describeApiError(i18n, error)}
          </p>
        ) : null}
        <section aria-labelledby="forecast-title" data-testid="forecast-panel">
          <h2 id="forecast-title">{t('patrol.forecast.title')}</h2>
          {forecast === undefined ? <p>{t('patrol.forecast.none')}</p> : null}
          {forecast?.status === 'requested' ? (
            <p role="status">{t('patrol.forecast.requested')}</p>
          ) : null}
          {forecast?.status === 'failed' ? (
            <p role="alert">{t('patrol.forecast.failed', { reason: forecast.failure ?? '' })}</p>
          ) : null}
          {forecast?.status === 'computed' && forecast.result ? (
            <p data-testid="forecast-summary">
              {t('patrol.forecast.summary', {
                method: method(forecast.result.method),
                from: forecast.result.from,
                until: forecast.result.until,
                cells: forecast.result.cells.length,
                at: time(forecast.computedAt ?? forecast.requestedAt),
                count: forecast.result.historyCount,
              })}
            </p>
          ) : null}
          {canPlan ? (
            <button
              type="button"
              disabled={busy || computing}
              onClick={() =>
                void run(() => patrolApi.requestForecast(api, account.orgId, HORIZON_DAYS))
              }
            >
              {t('patrol.forecast.request', { days: HORIZON_DAYS })}
            </button>
          ) : null}
        </section>

        <section aria-labelledby="plans-title" data-testid="plan-board">
          <h2 id="plans-title">{t('patrol.plan.title')}</h2>
          {canPlan && forecast?.status === 'computed' ? (
            <form
              className="patrol-new-plan"
              onSubmit={(event) => {
                event.preventDefault();
                const start = instantOfWallTime(shiftStart, cityZone);
                setBadShift(start === undefined);
                if (start === undefined) return;
                void run(async () => {
                  const made = await patrolApi.createPlan(api, {
                    forecastId: forecast.id,
                    shiftStart: new Date(start).toISOString(),
                    shiftMinutes: hours * 60,
                    unitIds: chosenUnits,
                  });
                  setSelected(made.id);
                });
              }}
            >
              <fieldset>
                <legend>{t('patrol.plan.units')}</legend>
                {units.map((u) => (
                  <label key={u.id}>
                    <input
                      type="checkbox"
                      name="unit"
                      value={u.id}
                      checked={chosenUnits.includes(u.id)}
                      onChange={(e) =>
                        setChosenUnits((list) =>
                          e.target.checked ? [...list, u.id] : list.filter((id) => id !== u.id),
                        )
                      }
                    />
                    {localName(u, locale)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('patrol.plan.shift')}
                <input
                  type="datetime-local"
                  value={shiftStart}
                  onChange={(e) => setShiftStart(e.target.value)}
                />
              </label>
              <label>
                {t('patrol.plan.hours')}
                <input
                  type="number"
                  min={1}
                  max={12}
                  value={hours}
                  onChange={(e) => setHours(Math.max(1, Math.min(12, Number(e.target.value) || 1)))}
                />
              </label>
              {badShift ? (
                <p role="alert" className="patrol-error">
                  {t('patrol.plan.badShift')}
                </p>
              ) : null}
              <button type="submit" disabled={busy || chosenUnits.length === 0}>
                {t('patrol.plan.create')}
              </button>
            </form>
          ) : null}
          {plans.length === 0 ? <p>{t('patrol.plan.none')}</p> : null}
          <ul className="patrol-plans">
            {plans.map((p) => (
              <li
                key={p.id}
                data-plan-id={p.id}
                data-status={p.status}
                className={p.id === plan?.id ? 'is-selected' : undefined}
              >
                <button
                  type="button"
                  className="patrol-plan-pick"
                  onClick={() => setSelected(p.id)}
                >
                  {time(p.shiftStart)} · {t(`patrol.plan.status.${p.status}`)}
                </button>
                <p>
                  {t('patrol.plan.coverage', {
                    posts: p.staticCoverage.toFixed(3),
                    min: p.minCoverage.toFixed(3),
                    floor: p.floor.toFixed(3),
                  })}
                </p>
                <ul>
                  {p.units.map((u) => (
                    <li key={u.unitId}>
                      {t('patrol.plan.stops', {
                        unit: nameOfId(units, u.unitId, locale),
                        zone: u.zone.id,
                        stops: u.legs.filter((l) => l.kind === 'dwell' && l.stop).length,
                      })}
                      {u.takenAtMin !== undefined
                        ? ` · ${t('patrol.plan.taken', { minute: u.takenAtMin })}`
                        : ''}
                    </li>
                  ))}
                </ul>
                {p.uncovered.length > 0 ? (
                  <p className="patrol-uncovered" role="status">
                    {t('patrol.plan.uncovered', { count: p.uncovered.length })}
                  </p>
                ) : null}
                {canPlan && p.status === 'draft' ? (
                  confirming === p.id ? (
                    <div role="alertdialog" className="patrol-confirm">
                      <p>{t('patrol.plan.assignConfirm', { count: p.units.length })}</p>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(async () => {
                            await patrolApi.assign(api, p.id);
                            setConfirming(undefined);
                          })
                        }
                      >
                        {t('patrol.confirm')}
                      </button>
                      <button type="button" onClick={() => setConfirming(undefined)}>
                        {t('patrol.cancel')}
                      </button>
                    </div>
                  ) : (
                    <button type="button" onClick={() => setConfirming(p.id)}>
                      {t('patrol.plan.assign')}
                    </button>
                  )
                ) : null}
                {p.status !== 'draft' ? (
                  <button type="button" onClick={() => setCompliance(p.id)}>
                    {t('patrol.compliance.show')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        {canPlan && plan && plan.status !== 'closed' ? (
          <PlanEditor
            key={plan.id}
            plan={plan}
            units={units}
            busy={busy}
            onDropStop={(unitId, startMin) =>
              run(() => patrolApi.dropStop(api, plan.id, unitId, startMin))
            }
            onClose={() => run(() => patrolApi.close(api, plan.id))}
          />
        ) : null}
        {compliance ? (
          <ComplianceTable planId={compliance} units={units} onError={setError} />
        ) : null}
      </aside>
    </main>
  );
}
