import type { AlertTimelineEntry, Catalogue, IncidentView } from '@jiefang/contract';
import { rolesMay, type TakenStep } from '@jiefang/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime, formatDateTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { alertsApi, type AlertRow } from './alerts-api.ts';
import { categoryName } from './category-name.ts';
import { useLiveReload } from './use-live-reload.ts';

/** The incident the alert opened: at once (watchlist, welfare) or by its rule's chain. */
const incidentOf = (alert: AlertRow) => alert.incidentId ?? alert.chain?.incidentId;

/**
 * The alerts of the caller's scope, newest first, live: a new alert or a step of its rule's
 * chain arrives over the socket and the row shows it at once, with what it started by itself
 * (the incident and the chain's steps). A selected alert shows its timeline and incident, and
 * may be cleared (asked first, with a reason: its chain stops).
 */
export function AlertInbox({ catalogue }: { catalogue: Catalogue | undefined }) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const mayClear = rolesMay(account.roles, 'alert.manage');
  const [onlyActive, setOnlyActive] = useState(true);
  const [alerts, setAlerts] = useState<AlertRow[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<unknown>();
  /** Alerts seen at the first load: any other is marked new until selected. */
  const known = useRef<Set<string> | undefined>(undefined);

  const reload = useCallback(
    () =>
      alertsApi.alerts(api, onlyActive ? 'active' : undefined).then((rows) => {
        known.current ??= new Set(rows.map((a) => a.id));
        setAlerts(rows);
      }, setError),
    [api, onlyActive],
  );
  useEffect(() => void reload(), [reload]);
  useLiveReload('alert', reload);
  const selected = alerts.find((a) => a.id === selectedId);

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="alerts-inbox-title">
        <h2 id="alerts-inbox-title">
          {t('alerts.inbox.title')} <span className="panel-count">{alerts.length}</span>
        </h2>
        <label className="alerts-filter">
          <input
            type="checkbox"
            checked={onlyActive}
            onChange={(e) => setOnlyActive(e.target.checked)}
          />
          {t('alerts.inbox.onlyActive')}
        </label>
        <AdminError error={error} />
        {alerts.length === 0 ? (
          <p className="panel-empty">{t('alerts.inbox.empty')}</p>
        ) : (
          <table className="admin-table" data-testid="alerts-inbox">
            <thead>
              <tr>
                <th>{t('alerts.col.received')}</th>
                <th>{t('alerts.col.alert')}</th>
                <th>{t('alerts.col.severity')}</th>
                <th>{t('alerts.col.source')}</th>
                <th>{t('alerts.col.started')}</th>
                <th>{t('alerts.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => {
                const fresh = known.current !== undefined && !known.current.has(alert.id);
                return (
                  <tr
                    key={alert.id}
                    data-alert-id={alert.id}
                    data-new={fresh || undefined}
                    className={fresh ? 'is-new' : undefined}
                    aria-selected={alert.id === selectedId}
                    onClick={() => {
                      known.current?.add(alert.id);
                      setSelectedId(alert.id);
                    }}
                  >
                    <td>{formatClockTime(alert.receivedAt, locale, timeZone)}</td>
                    <td>
                      <strong>{alert.headline ?? alert.event}</strong>
                      <div className="muted small">{alert.event}</div>
                    </td>
                    <td data-severity={alert.severity}>{t(`alerts.severity.${alert.severity}`)}</td>
                    <td>
                      {t(`alerts.source.${alert.source}`)}
                      <div className="muted small">{alert.sender}</div>
                    </td>
                    <td data-testid="alert-started">
                      <StartedSummary alert={alert} />
                    </td>
                    <td data-status={alert.status}>{t(`alerts.status.${alert.status}`)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {selected && (
        <AlertDetail
          key={`${selected.id}:${selected.version}`}
          alert={selected}
          catalogue={catalogue}
          mayClear={mayClear}
          onCleared={() => void reload()}
        />
      )}
    </div>
  );
}

/** What the alert started by itself: its incident and the steps its rule's chain took. */
function StartedSummary({ alert }: { alert: AlertRow }) {
  const { t } = useI18n();
  const incidentId = incidentOf(alert);
  const steps = alert.chain?.taken ?? [];
  if (!incidentId && steps.length === 0) {
    return <span className="muted">{alert.chain ? t('alerts.started.waiting') : '—'}</span>;
  }
  return (
    <span>
      {incidentId && <span className="alerts-incident-ref">{t('alerts.started.incident')}</span>}
      {steps.length > 0 && (
        <span className="muted small">
          {' '}
          {steps.map((s) => t(`alerts.step.${s.kind}`)).join(' → ')}
        </span>
      )}
    </span>
  );
}

function AlertDetail({
  alert,
  catalogue,
  mayClear,
  onCleared,
}: {
  alert: AlertRow;
  catalogue: Catalogue | undefined;
  mayClear: boolean;
  onCleared: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const [timeline, setTimeline] = useState<AlertTimelineEntry[]>([]);
  const [incident, setIncident] = useState<IncidentView>();
  const [error, setError] = useState<unknown>();
  const [clearing, setClearing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const incidentId = incidentOf(alert);

  useEffect(() => {
    alertsApi.timeline(api, alert.id).then(setTimeline, setError);
    if (incidentId) alertsApi.incident(api, incidentId).then(setIncident, setError);
  }, [api, alert.id, incidentId]);

  return (
    <section className="admin-detail" data-testid="alert-detail" aria-label={t('alerts.detail')}>
      <h2>{alert.headline ?? alert.event}</h2>
      <dl className="alerts-facts">
        <dt>{t('alerts.col.severity')}</dt>
        <dd>
          {t(`alerts.severity.${alert.severity}`)} · {t(`alerts.urgency.${alert.urgency}`)} ·{' '}
          {t(`alerts.certainty.${alert.certainty}`)}
        </dd>
        <dt>{t('alerts.col.source')}</dt>
        <dd>
          {t(`alerts.source.${alert.source}`)} · {alert.sender}
        </dd>
        <dt>{t('alerts.col.received')}</dt>
        <dd>{formatDateTime(alert.receivedAt, locale, timeZone)}</dd>
        {alert.expiresAt && (
          <>
            <dt>{t('alerts.expires')}</dt>
            <dd>{formatDateTime(alert.expiresAt, locale, timeZone)}</dd>
          </>
        )}
        {alert.measure && (
          <>
            <dt>{t('alerts.measure')}</dt>
            <dd>
              {alert.measure.name} {alert.measure.value} (
              {formatClockTime(alert.measure.at, locale, timeZone)})
            </dd>
          </>
        )}
        <dt>{t('alerts.col.status')}</dt>
        <dd>
          {t(`alerts.status.${alert.status}`)}
          {alert.clearReason ? ` · ${alert.clearReason}` : ''}
        </dd>
      </dl>
      {alert.personalWithheld && <p className="muted small">{t('alerts.personalWithheld')}</p>}

      <h3>{t('alerts.started.title')}</h3>
      {incident ? (
        <div
          className="alerts-incident"
          data-testid="alert-incident"
          data-incident-id={incident.id}
        >
          <strong>{categoryName(catalogue, incident.categoryCode, locale)}</strong> ·{' '}
          {t('priority.short', { priority: incident.priority })} ·{' '}
          {t(`alerts.incidentStatus.${incident.status}`)}
          <div className="muted small">
            {incident.description} · {formatClockTime(incident.createdAt, locale, timeZone)}
          </div>
        </div>
      ) : (
        <p className="muted">
          {alert.chain ? t('alerts.started.waiting') : t('alerts.started.none')}
        </p>
      )}

      <h3>{t('alerts.timeline')}</h3>
      <ol className="alerts-timeline" data-testid="alert-timeline">
        {timeline.map((entry) => (
          <li key={entry.seq} data-type={entry.type}>
            <span className="muted">{formatClockTime(entry.at, locale, timeZone)}</span>{' '}
            <TimelineText entry={entry} />
          </li>
        ))}
      </ol>
      <AdminError error={error} />
      {mayClear && alert.status === 'active' && (
        <button type="button" className="danger-button" onClick={() => setClearing(true)}>
          {t('alerts.clear')}
        </button>
      )}
      {clearing && (
        <ConfirmDialog
          title={t('alerts.clear.title')}
          confirmLabel={t('alerts.clear')}
          busy={busy || reason.trim() === ''}
          onCancel={() => setClearing(false)}
          onConfirm={() => {
            setBusy(true);
            alertsApi
              .clear(api, alert.id, reason.trim())
              .then(() => {
                setClearing(false);
                onCleared();
              }, setError)
              .finally(() => setBusy(false));
          }}
        >
          <p>{t('alerts.clear.body')}</p>
          <label>
            {t('alerts.clear.reason')}
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}

const STEP_EVENT = 'alert.step_taken';

/**
 * One timeline entry in the console's language. A step's recorded outcome is the server's
 * English sentence, so it is not shown: a note shows the rule's own text, a step that sends
 * someone how many it sent.
 */
function TimelineText({ entry }: { entry: AlertTimelineEntry }) {
  const { t } = useI18n();
  if (entry.type === STEP_EVENT) {
    const step = entry.payload as TakenStep;
    const sent = step.dispatchIds?.length;
    return (
      <span>
        {t('alerts.timeline.step', { step: t(`alerts.step.${step.kind}`) })}
        {step.kind === 'note' && step.outcome ? (
          <span className="muted small"> · {step.outcome}</span>
        ) : null}
        {sent !== undefined ? (
          <span className="muted small">
            {' '}
            ·{' '}
            {sent > 0 ? t('alerts.timeline.sent', { count: sent }) : t('alerts.timeline.noneSent')}
          </span>
        ) : null}
      </span>
    );
  }
  const known = TIMELINE_TYPES.find((type) => type === entry.type);
  return <span>{known ? t(`alerts.timeline.${known}`) : entry.type}</span>;
}

const TIMELINE_TYPES = [
  'alert.received',
  'alert.updated',
  'alert.observed',
  'alert.incident_opened',
  'alert.cleared',
  'alert.cancelled',
  'alert.expired',
] as const;
