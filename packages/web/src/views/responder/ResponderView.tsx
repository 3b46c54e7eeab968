import { useCallback, useEffect, useRef, useState } from 'react';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { useLiveBatch, useLiveStatus, useLiveStore } from '../../live/LiveProvider.tsx';
import { useOutbox } from '../../offline/use-outbox.ts';
import { warmAreaTiles } from '../../offline/warm-area-tiles.ts';
import type { Dispatch, DispatchStatus } from '@jiefang/contract';
import { TAKEN_DISPATCH_STATUSES } from '@jiefang/core';
import { categoryLabel } from './category-label.ts';
import { DispatchAlert } from './dispatch-alert.ts';
import { PositionReporter, type ReporterSnapshot } from './position-reporter.ts';
import { ResponderDispatchCard } from './ResponderDispatchCard.tsx';
import { ResponderNoteForm } from './ResponderNoteForm.tsx';
import { ResponderMap } from './ResponderMap.tsx';
import { ResponderPatrolCard, useUnitPatrol } from '../patrol/ResponderPatrolCard.tsx';
import { MissingPersonNotice } from '../alerts/MissingPersonNotice.tsx';
import {
  fetchDispatchRoute,
  notePath,
  reportPosition,
  transitionDispatch,
  transitionPath,
  type DispatchRoute,
  type DispatchVerb,
} from './responder-api.ts';
import { phaseOf, showsRoute } from './responder-flow.ts';
import { useResponderDispatch } from './use-responder-dispatch.ts';
import './responder.css';

/** The route is re-read this often while the unit is on its way (it starts from the live fix). */
const ROUTE_REFRESH_MS = 20_000;

/** What the card shows at once after a button, before the server (maybe offline) has it. */
const STATUS_AFTER: Record<Exclude<DispatchVerb, 'deliver'>, DispatchStatus> = {
  accept: 'accepted',
  decline: 'declined',
  depart: 'en_route',
  arrive: 'on_scene',
  clear: 'cleared',
};

/**
 * The responder's phone: their unit's current dispatch with sound and vibration when it comes
 * in, accept / decline, the route on the map, en route / on scene / cleared, the position
 * reported from the browser's Geolocation (or "I am here" on the map), and all of it read back
 * from the server after a reconnect. Buttons and fixes go through the outbox (IndexedDB): without
 * a connection they wait there, shown with their count, and are sent in order when it is back.
 */
export function ResponderView() {
  const { t, i18n, locale, timeZone } = useI18n();
  const account = useAccount();
  const { api } = useSession();
  const store = useLiveStore();
  const liveStatus = useLiveStatus();
  useLiveBatch();
  const unitId = account.unitIds[0];
  const state = useResponderDispatch(api, store, account.unitIds, liveStatus);
  const patrol = useUnitPatrol(unitId);
  const { job } = state;

  // ---- outbox: every step and fix is queued first, sent in order when the network allows
  const [actionError, setActionError] = useState<string | undefined>();
  const outbox = useOutbox(api, account.id, {
    onDone: (action, answer) => {
      if (action.path.startsWith('/api/v1/dispatches/')) {
        const dispatch = answer as Dispatch;
        state.applyDispatch(dispatch);
        if (phaseOf(dispatch.status) === 'finished') void state.refresh();
      }
    },
    onRefused: (_action, error) => {
      setActionError(t('offline.refused', { message: describeApiError(i18n, error) }));
      // What the server has now decides the buttons (someone else may have moved it).
      void state.refresh();
    },
  });
  const enqueueRef = useRef(outbox.enqueue);
  enqueueRef.current = outbox.enqueue;

  // ---- alert: sound after a gesture, vibration where the device has it
  const alert = useRef<DispatchAlert | undefined>(undefined);
  alert.current ??= new DispatchAlert();
  const [soundOn, setSoundOn] = useState(false);
  const [alertedFor, setAlertedFor] = useState<string | undefined>();
  const dispatchId = job?.dispatch.id;
  const status = job?.dispatch.status;
  useEffect(() => {
    if (!dispatchId || !status || phaseOf(status) !== 'incoming' || alertedFor === dispatchId)
      return;
    setAlertedFor(dispatchId);
    alert.current?.play();
    // Tell the dispatcher the alert reached the phone.
    if (status === 'notified') {
      transitionDispatch(api, dispatchId, 'deliver')
        .then(state.applyDispatch)
        .catch(() => undefined);
    }
  }, [api, dispatchId, status, alertedFor, state.applyDispatch]);

  // ---- clock for countdowns
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!dispatchId) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [dispatchId]);

  // ---- route to the incident
  const [route, setRoute] = useState<DispatchRoute | undefined>();
  const [routeProblem, setRouteProblem] = useState<string | undefined>();
  const [positionTick, setPositionTick] = useState(0);
  const wantsRoute = status !== undefined && showsRoute(status);
  useEffect(() => {
    if (!dispatchId || !wantsRoute) {
      setRoute(undefined);
      return;
    }
    let stale = false;
    const load = () =>
      fetchDispatchRoute(api, dispatchId)
        .then((answer) => {
          if (stale) return;
          setRoute(answer);
          setRouteProblem(undefined);
        })
        .catch((error: unknown) => {
          if (!stale) setRouteProblem(describeApiError(i18n, error));
        });
    void load();
    const timer = setInterval(() => void load(), ROUTE_REFRESH_MS);
    return () => {
      stale = true;
      clearInterval(timer);
    };
  }, [api, i18n, dispatchId, wantsRoute, positionTick]);

  // ---- position
  const [position, setPosition] = useState<ReporterSnapshot>({ state: 'stopped' });
  const reporter = useRef<PositionReporter | undefined>(undefined);
  const [picking, setPicking] = useState(false);
  useEffect(() => {
    if (!unitId) return;
    const created = new PositionReporter({
      unitId,
      send: (fix) => {
        const enqueue = enqueueRef.current;
        return enqueue ? enqueue('/api/v1/positions', [fix]) : reportPosition(api, fix);
      },
      onChange: setPosition,
    });
    reporter.current = created;
    created.start();
    return () => created.stop();
  }, [api, unitId]);
  const hadFix = position.sentAt !== undefined;
  const firstFix = position.last;
  const warmed = useRef(false);
  useEffect(() => {
    // The unit's area, fetched once while online, so its map still draws without a signal.
    if (!firstFix || warmed.current || !navigator.onLine) return;
    warmed.current = true;
    void warmAreaTiles(firstFix);
  }, [firstFix]);
  useEffect(() => {
    // The first fix of a session makes a route possible: ask again.
    if (hadFix) setPositionTick((n) => n + 1);
  }, [hadFix]);

  // ---- buttons
  const [busy, setBusy] = useState<DispatchVerb | undefined>();
  const { enqueue } = outbox;
  const act = useCallback(
    (verb: Exclude<DispatchVerb, 'deliver'>, body?: { reason?: string }) => {
      if (!dispatchId || !job) return;
      if (enqueue) {
        setActionError(undefined);
        const at = new Date().toISOString();
        const status = STATUS_AFTER[verb];
        state.applyDispatch({
          ...job.dispatch,
          status,
          times: { ...job.dispatch.times, [status]: at },
        });
        void enqueue(...transitionPath(dispatchId, verb, body));
        return;
      }
      setBusy(verb);
      setActionError(undefined);
      transitionDispatch(api, dispatchId, verb, body)
        .then((answer) => {
          state.applyDispatch(answer);
          if (phaseOf(answer.status) === 'finished') void state.refresh();
        })
        .catch((error: unknown) => {
          setActionError(describeApiError(i18n, error));
          // What the server has now decides the buttons (someone else may have moved it).
          void state.refresh();
        })
        .finally(() => setBusy(undefined));
    },
    [api, i18n, dispatchId, job, enqueue, state],
  );

  const unitRow = unitId === undefined ? undefined : store.units.rowOf(unitId);
  const unitView = unitRow === undefined ? undefined : store.units.views[unitRow];
  const manualNeeded = position.state === 'denied' || position.state === 'unavailable';

  return (
    <main className="rsp-screen" data-testid="responder-view">
      {!soundOn && alert.current.canSound && (
        <button
          type="button"
          className="rsp-enable-alerts"
          onClick={() => void alert.current?.unlock().then(setSoundOn)}
        >
          {t('responder.enableAlerts')}
        </button>
      )}

      <section className="rsp-unit" aria-label={t('responder.myUnit')}>
        {unitId === undefined ? (
          <p className="rsp-note">{t('responder.noUnit')}</p>
        ) : (
          <>
            <span className="rsp-unit-name">{unitView ? localName(unitView, locale) : unitId}</span>
            {unitView && (
              <span
                className={`status-chip status-${unitView.status}`}
                data-testid="responder-unit-status"
              >
                {t(`unit.status.${unitView.status}`)}
              </span>
            )}
            {outbox.offline ? (
              <span className="rsp-offline" role="status" data-testid="responder-offline">
                {t('offline.offline')}
              </span>
            ) : (
              liveStatus !== 'live' && (
                <span className="rsp-offline" role="status">
                  {t('responder.offline')}
                </span>
              )
            )}
            {outbox.pending > 0 && (
              <span className="rsp-outbox" role="status" data-testid="responder-outbox">
                {t(outbox.offline ? 'offline.pending' : 'offline.sending', {
                  count: outbox.pending,
                })}
              </span>
            )}
          </>
        )}
      </section>

      {state.ended && (
        <div className="rsp-ended" role="status">
          <span>
            {t(
              `responder.ended.${state.ended.dispatch.status === 'timed_out' ? 'timed_out' : 'cancelled'}`,
              {
                what: state.ended.incident
                  ? categoryLabel(t, state.ended.incident.categoryCode)
                  : state.ended.dispatch.incidentId,
              },
            )}
          </span>
          <button type="button" className="rsp-link" onClick={state.dismissEnded}>
            {t('responder.dismiss')}
          </button>
        </div>
      )}

      {job ? (
        <ResponderDispatchCard
          dispatch={job.dispatch}
          incident={job.incident}
          route={route}
          now={now}
          busy={busy}
          error={actionError}
          onAction={act}
        />
      ) : (
        unitId !== undefined && (
          <p className="rsp-waiting">
            {state.loading ? t('responder.loading') : t('responder.waiting')}
          </p>
        )
      )}
      {job && routeProblem && wantsRoute && !route && <p className="rsp-note">{routeProblem}</p>}
      {job && unitId !== undefined && TAKEN_DISPATCH_STATUSES.includes(job.dispatch.status) && (
        <ResponderNoteForm
          onSend={(text) => {
            const [path, body] = notePath(job.dispatch.incidentId, unitId, text);
            return enqueue ? enqueue(path, body) : api.post(path, body).then(() => undefined);
          }}
        />
      )}

      {patrol ? <ResponderPatrolCard patrol={patrol} now={now} /> : null}
      <MissingPersonNotice unitId={unitId} />

      <ResponderMap
        route={wantsRoute ? route : undefined}
        patrol={job ? undefined : (patrol ?? undefined)}
        picking={picking}
        onPick={(lon, lat) => {
          setPicking(false);
          void reporter.current?.setManual(lon, lat);
        }}
      />

      <footer className="rsp-position" data-testid="responder-position">
        <span className={`rsp-position-state state-${position.state}`}>
          {t(`responder.position.${position.state}`)}
        </span>
        {position.last && (
          <span className="rsp-position-detail">
            {t(
              position.last.source === 'manual'
                ? 'responder.position.manualPoint'
                : 'responder.position.accuracy',
              {
                metres: Math.round(position.last.accuracyM),
              },
            )}
            {position.sentAt !== undefined &&
              ` · ${t('responder.position.sentAt', { time: formatClockTime(position.sentAt, locale, timeZone) })}`}
          </span>
        )}
        {position.sendError && (
          <span className="rsp-position-error">{t('responder.position.sendFailed')}</span>
        )}
        {(manualNeeded || picking) && (
          <span className="rsp-position-actions">
            <button
              type="button"
              className="rsp-small-button"
              onClick={() => setPicking((p) => !p)}
            >
              {picking ? t('responder.position.cancelPick') : t('responder.position.iAmHere')}
            </button>
            <button
              type="button"
              className="rsp-small-button"
              onClick={() => void reporter.current?.useLastKnown()}
            >
              {t('responder.position.lastKnown')}
            </button>
          </span>
        )}
      </footer>
    </main>
  );
}
