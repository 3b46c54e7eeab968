import {
  arrivalsOf,
  CLOSED_LOOP_MOVES,
  CLOSED_LOOP_STAGES,
  isLiveDispatch,
  ON_SCENE_GAP_WARNING_METRES,
  rolesMayMoveFrom,
  TIERS,
  type ClosedLoopStage,
} from '@jiefang/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { Dispatch, Incident, Role, Tier } from '@jiefang/contract';
import { ApiError } from '../../api/api-error.ts';
import { describeApiError } from '../../api/describe-api-error.ts';
import { formatClockTime } from '../../i18n/format-time.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useShortcut } from '../../keyboard/ShortcutProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import {
  dispatcherApi,
  type Category,
  type Recommendation,
  type TimelineEvent,
} from './dispatcher-api.ts';
import type { RouteReading } from './arrival-eta.ts';
import { incidentDescription } from '../../i18n/incident-description.ts';
import { localName, placeNameIn } from '../../i18n/local-name.ts';
import { categoryName, unitName, type ArrivalLog } from './dispatcher-hooks.ts';
import { EtaCountdown } from './EtaCountdown.tsx';
import { formatDistance, straightMetres } from './format.ts';
import { RecommendationView } from './RecommendationView.tsx';
import { remainingPlan } from './remaining-picks.ts';
import { TierTimers } from './TierTimers.tsx';
import { stageName, TimelineList } from './TimelineList.tsx';

/** The moves the closed loop 研交办督结 allows from a stage: core's table, the one the server decides with. */
const movesFrom = (stage: string): readonly string[] =>
  CLOSED_LOOP_MOVES[stage as ClosedLoopStage] ?? [];

/** The recommendation is recomputed this often while the panel is open (units move). */
const RECOMMENDATION_REFRESH_MS = 15_000;

export interface IncidentPanelProps {
  api: ApiClient;
  incidentId: string;
  categories: readonly Category[];
  arrivals: ArrivalLog;
  /** Road routes of the travelling units (their ETA counts down from these). */
  routes?: ReadonlyMap<string, RouteReading>;
  onClose: () => void;
  /** The incident was linked to another as its duplicate: show that one. */
  onSelect: (incidentId: string) => void;
  /** The user's roles: stage moves none of them grants are not offered (default: all shown). */
  roles?: readonly Role[];
}

interface Loaded {
  incident?: Incident;
  dispatches: Dispatch[];
  timeline: TimelineEvent[];
  recommendation?: Recommendation;
  recommendationError?: string;
}

/**
 * One incident: the duplicate hint, the 1-3-5 clocks, the recommendation per tier and its
 * one-key acceptance (Enter), the units sent (add by hand, stand down with a reason), the
 * closed-loop stage, and the timeline of every event — kept current from the live socket.
 */
export function IncidentPanel({
  api,
  incidentId,
  categories,
  arrivals,
  routes,
  onClose,
  onSelect,
  roles,
}: IncidentPanelProps) {
  const { t, i18n, locale, timeZone } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const [loaded, setLoaded] = useState<Loaded>({ dispatches: [], timeline: [] });
  const [loadingRec, setLoadingRec] = useState(true);
  const [busy, setBusy] = useState<string>();
  // Words are made at render time, so a notice follows a change of language.
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: (tr: Translate) => string }>();
  const acceptKey = useRef<string | undefined>(undefined);

  const live = store.incidents.get(incidentId);
  const incident = live ?? loaded.incident;
  // Closed or cancelled incidents leave the live store: read the final state instead of waiting.
  const gone = live === undefined && loaded.incident === undefined;
  useEffect(() => {
    if (!gone) return;
    let current = true;
    dispatcherApi
      .incident(api, incidentId)
      .then((i) => current && setLoaded((l) => ({ ...l, incident: i })))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, gone, incidentId]);
  // What is on the incident now: the records read, updated by the live store's statuses.
  const incidentDispatches = mergeDispatches(
    loaded.dispatches,
    [...store.dispatches.values()].filter((d) => d.incidentId === incidentId),
  );
  const plan = remainingPlan(
    loaded.recommendation,
    incidentDispatches,
    (unitId) => {
      const row = store.units.rowOf(unitId);
      return row === undefined ? undefined : store.units.views[row];
    },
    (unitId) => unitName(store, unitId, locale),
  );

  const refreshRecords = useCallback(async () => {
    const [dispatches, timeline] = await Promise.all([
      dispatcherApi.dispatchesOf(api, incidentId).catch(() => undefined),
      dispatcherApi.timeline(api, incidentId).catch(() => undefined),
    ]);
    for (const d of dispatches ?? []) {
      if (d.times.on_scene) {
        arrivals.remember(incidentId, d.id, {
          tier: d.tier,
          onSceneAt: d.times.on_scene,
          unitId: d.unitId,
        });
      }
    }
    setLoaded((l) => ({
      ...l,
      ...(dispatches ? { dispatches } : {}),
      ...(timeline ? { timeline: timeline.events } : {}),
    }));
  }, [api, arrivals, incidentId]);

  const refreshRecommendation = useCallback(async () => {
    setLoadingRec(true);
    try {
      const recommendation = await dispatcherApi.recommendation(api, incidentId);
      setLoaded((l) => ({ ...l, recommendation, recommendationError: undefined }));
    } catch (error) {
      setLoaded((l) => ({ ...l, recommendationError: describeApiError(i18n, error) }));
    } finally {
      setLoadingRec(false);
    }
  }, [api, i18n, incidentId]);

  // On opening: everything; the incident itself when the live store no longer has it.
  useEffect(() => {
    setLoaded({ dispatches: [], timeline: [] });
    setNotice(undefined);
    acceptKey.current = undefined;
    void refreshRecords();
    void refreshRecommendation();
    if (!store.incidents.has(incidentId)) {
      dispatcherApi
        .incident(api, incidentId)
        .then((i) => setLoaded((l) => ({ ...l, incident: i })))
        .catch(() => undefined);
    }
    const timer = setInterval(() => void refreshRecommendation(), RECOMMENDATION_REFRESH_MS);
    return () => clearInterval(timer);
  }, [incidentId]);

  // Live: any event of this incident or of its dispatches refreshes the records (debounced).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const known = () => new Set(loaded.dispatches.map((d) => d.id));
    const unsubscribe = store.subscribe((change) => {
      const mine = change.events.some(
        (e) =>
          e.aggregateId === incidentId ||
          (e.aggregateType === 'dispatch' &&
            ((e.payload as { incidentId?: string }).incidentId === incidentId ||
              store.dispatches.get(e.aggregateId)?.incidentId === incidentId ||
              known().has(e.aggregateId))),
      );
      if (!mine) return;
      clearTimeout(timer);
      timer = setTimeout(() => void refreshRecords(), 250);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, incidentId, loaded.dispatches, refreshRecords]);

  const accept = async () => {
    if (busy || !incident || incident.status !== 'open') return;
    if (!plan.fresh && plan.picks.length === 0) {
      setNotice({ kind: 'ok', text: (tr) => tr('dispatcher.accept.nothing') });
      return;
    }
    setBusy('accept');
    setNotice(undefined);
    try {
      if (plan.fresh) {
        // Nobody sent yet: the whole plan in one transaction (the server's one key).
        acceptKey.current ??= crypto.randomUUID();
        const answer = await dispatcherApi.dispatchRecommended(api, incidentId, acceptKey.current);
        acceptKey.current = undefined;
        const names = answer.dispatches.map((d) => unitName(store, d.unitId, locale));
        setNotice({
          kind: 'ok',
          text: (tr) =>
            names.length === 0
              ? tr('dispatcher.accept.nothing')
              : tr('dispatcher.accept.done', { count: names.length, units: names.join(', ') }),
        });
        setLoaded((l) => ({ ...l, dispatches: mergeDispatches(l.dispatches, answer.dispatches) }));
      } else {
        // Some units are on it already: send only what the plan still misses, unit by unit.
        const sent: Dispatch[] = [];
        const failed: { name: string; error: unknown }[] = [];
        for (const pick of plan.picks) {
          try {
            sent.push(
              await dispatcherApi.dispatchUnit(api, incidentId, pick.candidate.unitId, pick.tier),
            );
          } catch (error) {
            failed.push({ name: pick.candidate.name, error });
          }
        }
        const names = sent.map((d) => unitName(store, d.unitId, locale));
        setNotice({
          kind: failed.length > 0 ? 'error' : 'ok',
          text: (tr) =>
            [
              names.length > 0
                ? tr('dispatcher.accept.done', { count: names.length, units: names.join(', ') })
                : '',
              ...failed.map((f) => `${f.name}: ${describeApiError(i18n, f.error)}`),
            ]
              .filter(Boolean)
              .join(' · '),
        });
        setLoaded((l) => ({ ...l, dispatches: mergeDispatches(l.dispatches, sent) }));
      }
      void refreshRecords();
      void refreshRecommendation();
    } catch (error) {
      // Only a press that never got an answer is sent again under the same key.
      if (!(error instanceof ApiError && error.retryable)) acceptKey.current = undefined;
      setNotice({ kind: 'error', text: () => describeApiError(i18n, error) });
    } finally {
      setBusy(undefined);
    }
  };

  useShortcut({
    id: 'dispatcher.accept',
    keys: 'Enter',
    description: 'dispatcher.shortcut.accept',
    group: 'dispatcher.shortcut.group',
    run: (event) => {
      // Enter on a focused button or link keeps its own meaning (the registry consumed it).
      const target = event.target as HTMLElement | null;
      const control = target?.closest?.('button, a[href], summary, [role="button"]');
      if (control && !(control as HTMLElement).hasAttribute('data-queue-row')) {
        (control as HTMLElement).click();
        return;
      }
      void accept();
    },
  });

  const run = async (
    key: string,
    action: () => Promise<unknown>,
    done?: (tr: Translate) => string,
  ) => {
    setBusy(key);
    setNotice(undefined);
    try {
      await action();
      if (done) setNotice({ kind: 'ok', text: done });
      void refreshRecords();
      void refreshRecommendation();
      return true;
    } catch (error) {
      setNotice({ kind: 'error', text: () => describeApiError(i18n, error) });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const allArrivals = useMemo(
    () => [...arrivals.arrivals(incidentId), ...arrivalsOf(loaded.dispatches, incidentId)],
    [arrivals, incidentId, loaded.dispatches, store.batch],
  );

  if (!incident) {
    return (
      <section className="panel incident-panel">
        <p className="panel-empty">{t('common.loading')}</p>
      </section>
    );
  }

  const dispatchUnit = (dispatchId: string) => {
    const d =
      loaded.dispatches.find((x) => x.id === dispatchId) ?? store.dispatches.get(dispatchId);
    return d ? unitName(store, d.unitId, locale) : dispatchId;
  };
  const active = incidentDispatches.filter((d) => isLiveDispatch(d.status));
  const finished = incidentDispatches.filter((d) => !isLiveDispatch(d.status));
  const open = incident.status === 'open';
  const stage = incident.workflow.stage;
  // A dispatcher's console does not offer the supervisor's sign-off (the server would refuse it).
  const mayMove = roles === undefined || rolesMayMoveFrom(roles, stage);
  const recommended = plan.picks.length;

  return (
    <section
      className="panel incident-panel"
      aria-labelledby="incident-title"
      data-incident-id={incident.id}
    >
      <header className="incident-header">
        <span className={`priority-badge priority-${incident.priority}`}>
          {t('priority.short', { priority: incident.priority })}
        </span>
        <div className="incident-heading">
          <h2 id="incident-title">
            {placeNameIn(incident.location, locale) ??
              incident.location.address ??
              t('dispatcher.form.mapPoint')}
          </h2>
          <span className="muted small">
            {categoryName(categories, incident.categoryCode, locale)} ·{' '}
            {t('dispatcher.queue.received', {
              time: formatClockTime(incident.receivedAt, locale, timeZone),
            })}{' '}
            · {t('dispatcher.panel.stage', { stage: stageName(t, stage) })}
            {incident.status !== 'open' && ` · ${t(`dispatcher.panel.status.${incident.status}`)}`}
          </span>
        </div>
        <button
          type="button"
          className="small-button"
          onClick={onClose}
          aria-label={t('common.close')}
        >
          <kbd>Esc</kbd>
        </button>
      </header>
      <p className="incident-body">
        {incidentDescription(
          incident,
          categoryName(categories, incident.categoryCode, locale),
          locale,
          t,
        )}
      </p>
      {(incident.reporter?.name || incident.reporter?.phone) && (
        <p className="muted small">
          {t('dispatcher.panel.reporter', {
            who: [incident.reporter.name, incident.reporter.phone].filter(Boolean).join(' · '),
          })}
        </p>
      )}

      {incident.probableDuplicateOf && open && (
        <div className="duplicate-warning" role="alert">
          <p>
            {t('dispatcher.duplicate.warning', {
              other: describeIncident(
                store.incidents.get(incident.probableDuplicateOf),
                incident.probableDuplicateOf,
              ),
            })}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="small-button warn"
              disabled={busy !== undefined}
              onClick={() =>
                void run('link', async () => {
                  await dispatcherApi.linkDuplicate(api, incident.id);
                  onSelect(incident.probableDuplicateOf!);
                })
              }
            >
              {t('dispatcher.duplicate.link')}
            </button>
            <button
              type="button"
              className="small-button"
              disabled={busy !== undefined}
              onClick={() =>
                void run(
                  'dismiss',
                  () => dispatcherApi.dismissDuplicate(api, incident.id),
                  (tr) => tr('dispatcher.duplicate.dismissed'),
                )
              }
            >
              {t('dispatcher.duplicate.dismiss')}
            </button>
          </div>
        </div>
      )}

      <TierTimers
        incident={incident}
        arrivals={allArrivals}
        planTiers={loaded.recommendation?.tiers}
      />

      {/* A closed incident needs no more units: no recommendation to trip over. */}
      {open && (
        <div className="subpanel">
          <header className="subpanel-header">
            <h3>{t('dispatcher.rec.title')}</h3>
            <button
              type="button"
              className="small-button"
              onClick={() => void refreshRecommendation()}
              disabled={loadingRec}
            >
              {t('dispatcher.rec.refresh')}
            </button>
          </header>
          <RecommendationView
            plan={plan}
            recommendation={loaded.recommendation}
            loading={loadingRec}
            error={loaded.recommendationError}
          />
          <button
            type="button"
            className="primary-button accept-button"
            data-testid="accept-recommendation"
            onClick={() => void accept()}
            disabled={!open || busy !== undefined || recommended === 0}
          >
            {busy === 'accept'
              ? t('dispatcher.accept.sending')
              : plan.fresh
                ? t('dispatcher.accept.button', { count: recommended })
                : recommended > 0
                  ? t('dispatcher.accept.rest', { count: recommended })
                  : t('dispatcher.accept.covered')}
            <kbd>↵</kbd>
          </button>
        </div>
      )}
      {notice && (
        <p
          className={notice.kind === 'ok' ? 'form-notice compact' : 'form-error compact'}
          role="status"
        >
          {notice.text(t)}
        </p>
      )}

      <div className="subpanel">
        <header className="subpanel-header">
          <h3>{t('dispatcher.dispatch.title')}</h3>
          <span className="panel-count">{active.length}</span>
        </header>
        {/* Units that went and cleared are listed below: "none sent yet" would contradict them. */}
        {incidentDispatches.length === 0 && (
          <p className="panel-empty small">{t('dispatcher.dispatch.none')}</p>
        )}
        <ul className="dispatch-list">
          {active.map((d) => (
            <DispatchRow
              key={d.id}
              dispatch={d}
              name={unitName(store, d.unitId, locale)}
              route={routes?.get(d.id)}
              turnoutSeconds={turnoutOf(store, d.unitId)}
              disabled={busy !== undefined}
              onCancel={(reason) =>
                run(
                  'cancel',
                  () => dispatcherApi.cancelDispatch(api, d.id, reason),
                  (tr) => tr('dispatcher.dispatch.cancelled'),
                )
              }
            />
          ))}
          {finished.map((d) => (
            <li key={d.id} className="dispatch-row is-finished">
              <span className="dispatch-name">{unitName(store, d.unitId, locale)}</span>
              <span className="muted small">{t('dispatcher.dispatch.tier', { tier: d.tier })}</span>
              <span className={`dispatch-status status-${d.status}`}>
                {t(`dispatcher.dispatch.status.${d.status}`)}
              </span>
            </li>
          ))}
        </ul>
        {open && (
          <AddUnit
            incident={incident}
            disabled={busy !== undefined}
            onAdd={(unitId, tier) =>
              run(
                'add',
                () => dispatcherApi.dispatchUnit(api, incident.id, unitId, tier),
                (tr) => tr('dispatcher.add.done', { unit: unitName(store, unitId, locale) }),
              )
            }
          />
        )}
      </div>

      <div className="subpanel">
        <header className="subpanel-header">
          <h3>{t('dispatcher.stage.title')}</h3>
        </header>
        <ol className="stage-track">
          {CLOSED_LOOP_STAGES.map((s) => (
            <li
              key={s}
              className={
                s === stage
                  ? 'is-current'
                  : incident.workflow.history.some((h) => h.stage === s)
                    ? 'is-done'
                    : undefined
              }
            >
              {stageName(t, s)}
            </li>
          ))}
        </ol>
        {open && movesFrom(stage).length > 0 && mayMove && (
          <div className="button-row">
            {movesFrom(stage).map((to) => (
              <button
                key={to}
                type="button"
                className="small-button"
                disabled={busy !== undefined}
                onClick={() =>
                  void run(
                    `stage-${to}`,
                    () => dispatcherApi.advanceStage(api, incident.id, to, incident.version),
                    (tr) => tr('dispatcher.stage.done', { stage: stageName(tr, to) }),
                  )
                }
              >
                {t('dispatcher.stage.to', { stage: stageName(t, to) })}
              </button>
            ))}
          </div>
        )}
      </div>

      <div className="subpanel">
        <header className="subpanel-header">
          <h3>{t('dispatcher.timeline.title')}</h3>
          <span className="panel-count">{loaded.timeline.length}</span>
        </header>
        <TimelineList events={loaded.timeline} unitOf={dispatchUnit} />
      </div>
    </section>
  );

  function describeIncident(other: Incident | undefined, id: string): string {
    if (!other) return id;
    return `${placeNameIn(other.location, locale) ?? other.location.address ?? categoryName(categories, other.categoryCode, locale)} (${formatClockTime(other.receivedAt, locale, timeZone)})`;
  }
}

function DispatchRow({
  dispatch,
  name,
  route,
  turnoutSeconds,
  disabled,
  onCancel,
}: {
  dispatch: Dispatch;
  name: string;
  route: RouteReading | undefined;
  turnoutSeconds: number;
  disabled: boolean;
  onCancel: (reason: string) => Promise<boolean>;
}) {
  const { t, locale, timeZone } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const since = dispatch.times[dispatch.status] ?? dispatch.times.notified;
  return (
    <li className="dispatch-row" data-dispatch-status={dispatch.status}>
      <span className="dispatch-name">{name}</span>
      <span className="muted small">{t('dispatcher.dispatch.tier', { tier: dispatch.tier })}</span>
      <span className={`dispatch-status status-${dispatch.status}`}>
        {t(`dispatcher.dispatch.status.${dispatch.status}`)}
        {since ? ` ${formatClockTime(since, locale, timeZone)}` : ''}
      </span>
      <EtaCountdown dispatch={dispatch} route={route} turnoutSeconds={turnoutSeconds} />
      {dispatch.status === 'on_scene' && dispatch.arrivalDistanceMetres !== undefined && (
        <span
          className={`arrival-gap${dispatch.arrivalDistanceMetres > ON_SCENE_GAP_WARNING_METRES ? ' is-far' : ''}`}
          data-testid="arrival-gap"
          data-metres={dispatch.arrivalDistanceMetres}
          role={dispatch.arrivalDistanceMetres > ON_SCENE_GAP_WARNING_METRES ? 'alert' : undefined}
        >
          {t(
            dispatch.arrivalDistanceMetres > ON_SCENE_GAP_WARNING_METRES
              ? 'enRoute.gap.far'
              : 'enRoute.gap.near',
            { distance: formatDistance(t, dispatch.arrivalDistanceMetres) },
          )}
        </span>
      )}
      {!asking ? (
        <button
          type="button"
          className="small-button"
          disabled={disabled || dispatch.status === 'on_scene'}
          onClick={() => {
            setReason(t('dispatcher.dispatch.defaultReason'));
            setAsking(true);
          }}
        >
          {t('dispatcher.dispatch.remove')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() === '') return;
            void onCancel(reason.trim()).then((ok) => ok && setAsking(false));
          }}
        >
          <input
            aria-label={t('dispatcher.dispatch.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setAsking(false);
              }
            }}
          />
          <button
            type="submit"
            className="small-button warn"
            disabled={disabled || reason.trim() === ''}
          >
            {t('dispatcher.dispatch.confirmRemove')}
          </button>
        </form>
      )}
    </li>
  );
}

/** Dispatch a unit by hand: the available units nearest the incident first. */
function AddUnit({
  incident,
  disabled,
  onAdd,
}: {
  incident: Incident;
  disabled: boolean;
  onAdd: (unitId: string, tier: Tier) => Promise<boolean>;
}) {
  const { t, locale } = useI18n();
  const store = useLiveStore();
  const [unitId, setUnitId] = useState('');
  const [tier, setTier] = useState<Tier>(2);
  const table = store.units;
  const options: { id: string; label: string; metres: number }[] = [];
  for (let row = 0; row < table.count; row++) {
    const view = table.views[row];
    if (view.status !== 'available') continue;
    const metres = table.hasPosition(row)
      ? straightMetres(incident.location, { lon: table.lon[row], lat: table.lat[row] })
      : Infinity;
    options.push({
      id: view.id,
      label: `${localName(view, locale)} · ${t(`unit.kind.${view.kind}`)}`,
      metres,
    });
  }
  options.sort((a, b) => a.metres - b.metres);
  const shown = options.slice(0, 100);
  return (
    <form
      className="add-unit"
      onSubmit={(e) => {
        e.preventDefault();
        if (!unitId) return;
        void onAdd(unitId, tier).then((ok) => ok && setUnitId(''));
      }}
    >
      <select
        aria-label={t('dispatcher.add.unit')}
        value={unitId}
        onChange={(e) => setUnitId(e.target.value)}
      >
        <option value="">{t('dispatcher.add.choose', { count: options.length })}</option>
        {shown.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
            {Number.isFinite(o.metres) ? ` · ${formatDistance(t, o.metres)}` : ''}
          </option>
        ))}
      </select>
      <select
        aria-label={t('dispatcher.add.tier')}
        value={tier}
        onChange={(e) => setTier(Number(e.target.value) as Tier)}
      >
        {TIERS.map((n) => (
          <option key={n} value={n}>
            {t(`tier.${n}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="small-button accent" disabled={disabled || !unitId}>
        {t('dispatcher.add.button')}
      </button>
    </form>
  );
}

function turnoutOf(store: ReturnType<typeof useLiveStore>, unitId: string): number {
  const row = store.units.rowOf(unitId);
  return row === undefined ? 0 : store.units.views[row].turnoutSeconds;
}

/** Dispatches by id; of two copies, the higher version (the fresher status) wins. */
function mergeDispatches(first: readonly Dispatch[], second: readonly Dispatch[]): Dispatch[] {
  const byId = new Map<string, Dispatch>();
  for (const d of [...first, ...second]) {
    const known = byId.get(d.id);
    // The same version read twice: the REST copy may carry fields the live fold does not.
    if (known && (d.version ?? 0) === (known.version ?? 0)) byId.set(d.id, { ...known, ...d });
    else if (!known || (d.version ?? 0) > (known.version ?? 0)) byId.set(d.id, d);
  }
  return [...byId.values()];
}
