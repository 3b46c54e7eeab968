import { useState } from 'react';
import type { Dispatch, Incident } from '@jiefang/contract';
import { formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import { incidentDescription } from '../../i18n/incident-description.ts';
import { categoryLabel } from './category-label.ts';
import type { DispatchRoute, DispatchVerb } from './responder-api.ts';
import {
  actionsFor,
  answerSecondsLeft,
  DECLINE_REASONS,
  phaseOf,
  type DeclineReason,
} from './responder-flow.ts';

export interface ResponderDispatchCardProps {
  dispatch: Dispatch;
  incident: Incident | undefined;
  route?: DispatchRoute;
  /** Epoch ms, for the answer countdown and time on the job. */
  now: number;
  /** The button whose request is on its way (all buttons wait). */
  busy?: DispatchVerb;
  error?: string;
  onAction: (verb: Exclude<DispatchVerb, 'deliver'>, body?: { reason?: string }) => void;
}

/**
 * The job on the responder's phone: what and where, the way there, and exactly the buttons the
 * dispatch's status allows (responder-flow.ts). Large touch targets; the next likely step is
 * the primary button.
 */
export function ResponderDispatchCard({
  dispatch,
  incident,
  route,
  now,
  busy,
  error,
  onAction,
}: ResponderDispatchCardProps) {
  const { t, locale } = useI18n();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<DeclineReason | undefined>();
  const phase = phaseOf(dispatch.status);
  const actions = actionsFor(dispatch.status);
  const priority = incident?.priority;
  const left =
    phase === 'incoming'
      ? answerSecondsLeft(dispatch.times.notified, dispatch.acceptTimeoutSeconds, now)
      : undefined;
  const since = incident ? now - Date.parse(incident.receivedAt) : undefined;
  const place = (incident && placeNameIn(incident.location, locale)) ?? incident?.location.address;

  return (
    <section
      className={`rsp-job phase-${phase}${priority ? ` priority-${priority}` : ''}`}
      aria-labelledby="rsp-job-title"
      role={phase === 'incoming' ? 'alert' : undefined}
      data-testid="responder-job"
      data-status={dispatch.status}
    >
      <header className="rsp-job-header">
        <span className="rsp-job-phase">{t(`responder.phase.${phase}`)}</span>
        {left !== undefined && (
          <span className={left <= 10 ? 'rsp-countdown is-urgent' : 'rsp-countdown'}>
            {t('responder.answerWithin', { seconds: left })}
          </span>
        )}
        {left === undefined && since !== undefined && (
          <span className="rsp-countdown">
            {t('responder.sinceCall', { time: formatElapsed(since) })}
          </span>
        )}
      </header>
      <h2 id="rsp-job-title" className="rsp-job-title">
        {priority && <span className="priority-badge">{t('priority.short', { priority })}</span>}
        {incident ? categoryLabel(t, incident.categoryCode) : t('responder.loadingIncident')}
      </h2>
      <div className="rsp-job-meta">
        <span>{t(`tier.${dispatch.tier}`)}</span>
        {route && (
          <span data-testid="responder-route-summary">
            {t('responder.route', {
              distance: formatDistance(route.metres),
              time: formatElapsed(route.seconds * 1000),
            })}
          </span>
        )}
      </div>
      {place && <p className="rsp-job-place">{place}</p>}
      {incident?.description && (
        <p className="rsp-job-description">
          {incidentDescription(incident, categoryLabel(t, incident.categoryCode), locale, t)}
        </p>
      )}

      {error && (
        <p className="rsp-job-error" role="alert">
          {error}
        </p>
      )}

      {declining ? (
        <fieldset className="rsp-decline">
          <legend>{t('responder.decline.title')}</legend>
          {DECLINE_REASONS.map((code) => (
            <label key={code} className="rsp-decline-reason">
              <input
                type="radio"
                name="decline-reason"
                value={code}
                checked={reason === code}
                onChange={() => setReason(code)}
              />
              {t(`responder.decline.reason.${code}`)}
            </label>
          ))}
          <div className="rsp-actions">
            <button
              type="button"
              className="rsp-button is-danger"
              disabled={reason === undefined || busy !== undefined}
              onClick={() =>
                reason && onAction('decline', { reason: t(`responder.decline.reason.${reason}`) })
              }
            >
              {t('responder.decline.send')}
            </button>
            <button type="button" className="rsp-button" onClick={() => setDeclining(false)}>
              {t('responder.decline.back')}
            </button>
          </div>
        </fieldset>
      ) : (
        actions.length > 0 && (
          <div className="rsp-actions">
            {actions.map((action) => (
              <button
                key={action.verb}
                type="button"
                className={`rsp-button action-${action.verb}${action.primary ? ' is-primary' : ''}`}
                disabled={busy !== undefined}
                aria-busy={busy === action.verb || undefined}
                onClick={() =>
                  action.verb === 'decline' ? setDeclining(true) : onAction(action.verb)
                }
              >
                {t(`responder.action.${action.verb}`)}
              </button>
            ))}
          </div>
        )
      )}
    </section>
  );
}

/** "850 m", "2.4 km". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}
