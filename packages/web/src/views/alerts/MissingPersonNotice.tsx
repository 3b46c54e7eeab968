import type { MissingBroadcast } from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime, formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { alertsApi, type MissingCaseRow } from './alerts-api.ts';
import { useLiveStore } from '../../live/LiveProvider.tsx';
import { useLiveReload } from './use-live-reload.ts';
import './alerts.css';

/** A fix this recent stands for where the phone is (a searcher on foot moves a few metres). */
const FRESH_FIX_MS = 60_000;

/** The newest broadcast of an open case that names the unit, if any. */
function broadcastFor(c: MissingCaseRow, unitId: string): MissingBroadcast | undefined {
  if (c.status !== 'open') return undefined;
  return c.broadcasts.findLast((b) => b.unitIds.includes(unitId));
}

/**
 * On a responder's phone: a missing-person broadcast that reached the unit (over the live
 * socket, or found when the phone connects later), with the person's description, when they
 * were last seen, the unit's own search sector, and a button to report a sighting where the
 * phone is.
 */
export function MissingPersonNotice({ unitId }: { unitId: string | undefined }) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const store = useLiveStore();
  const [cases, setCases] = useState<MissingCaseRow[]>([]);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [reported, setReported] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [noPosition, setNoPosition] = useState(false);
  const reload = useCallback(
    () => alertsApi.missingCases(api).then(setCases, () => undefined),
    [api],
  );
  useEffect(() => void reload(), [reload]);
  useLiveReload('missing_person', reload);
  if (!unitId) return null;
  const current = cases.find((c) => {
    const b = broadcastFor(c, unitId);
    return b !== undefined && !dismissed.includes(`${c.id}:${b.at}`);
  });
  const broadcast = current && broadcastFor(current, unitId);
  if (!current || !broadcast) return null;
  const sector = broadcast.sectors.find((s) => s.unitId === unitId);

  const report = (location: { lon: number; lat: number }) =>
    alertsApi
      .sighting(api, current.id, { location, unitId })
      .then(() => setReported(current.id), setError);
  const reportSighting = () => {
    setNoPosition(false);
    // The unit's latest fix, which this phone's position reporter sent moments ago, when it is
    // fresh; else ask the browser once more.
    const row = store.units.rowOf(unitId);
    if (row !== undefined && Date.now() - store.units.fixAt[row] < FRESH_FIX_MS) {
      void report({ lon: store.units.lon[row], lat: store.units.lat[row] });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => void report({ lon: position.coords.longitude, lat: position.coords.latitude }),
      () => setNoPosition(true),
      { maximumAge: 30_000, timeout: 10_000, enableHighAccuracy: false },
    );
  };

  return (
    <section
      className="alerts-notice"
      role="alert"
      data-testid="missing-notice"
      data-case-id={current.id}
    >
      <h2>{t('alerts.notice.title')}</h2>
      <p>
        <strong>{current.description}</strong>
      </p>
      <p className="small">
        {t('alerts.notice.lastSeen', {
          time: formatClockTime(current.lastSeen.at, locale, timeZone),
          radius: broadcast.radiusMetres,
        })}
      </p>
      {sector ? (
        <p data-testid="missing-notice-sector">
          {t('alerts.notice.sector', {
            sector: sector.index + 1,
            eta: formatElapsed((sector.etaSeconds ?? 0) * 1000),
          })}
        </p>
      ) : (
        <p>{t('alerts.notice.inRing')}</p>
      )}
      {reported === current.id && <p className="form-notice">{t('alerts.notice.reported')}</p>}
      <div className="alerts-notice-actions">
        <button type="button" className="primary-button" onClick={reportSighting}>
          {t('alerts.notice.sighting')}
        </button>
        <button
          type="button"
          className="ghost-button"
          onClick={() => setDismissed([...dismissed, `${current.id}:${broadcast.at}`])}
        >
          {t('alerts.notice.dismiss')}
        </button>
      </div>
      {noPosition && (
        <p className="form-error" role="alert">
          {t('alerts.notice.noPosition')}
        </p>
      )}
      <AdminError error={error} />
    </section>
  );
}
