import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Incident, OrgView } from '@jiefang/contract';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { useShortcut } from '../../keyboard/ShortcutProvider.tsx';
import { useLiveBatch, useLiveStatus, useLiveStore } from '../../live/LiveProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import { MapOverlays } from '../../map/MapOverlays.tsx';
import { ConsoleLayout } from '../../shell/ConsoleLayout.tsx';
import { EscalationFeed } from './EscalationFeed.tsx';
import { OpenIncidentsPanel } from './OpenIncidentsPanel.tsx';
import { StageSummary } from './StageSummary.tsx';
import { fetchTodayStats, type TodayStats } from './supervisor-api.ts';
import { SupervisorCharts } from './SupervisorCharts.tsx';
import './supervisor.css';

/** Figures are read again this often, and a few seconds after incidents change. */
const STATS_REFRESH_MS = 30_000;
const STATS_AFTER_CHANGE_MS = 3000;

/**
 * The supervisor's console: open incidents against their closed-loop stage deadlines (live,
 * ticking each second), escalations as they are raised, and today's figures — first-arrival
 * times per tier against 60/180/300 s, the share meeting 1-3-5, incidents per hour — from
 * GET /api/v1/stats/today, beside the same map as the dispatcher's.
 */
export function SupervisorView() {
  const { t, i18n, locale, timeZone } = useI18n();
  const { api } = useSession();
  const store = useLiveStore();
  const liveStatus = useLiveStatus();
  useLiveBatch();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // ---- today's figures
  const [stats, setStats] = useState<TodayStats | undefined>();
  // The error itself, worded at render time: a change of language re-words it.
  const [statsError, setStatsError] = useState<unknown>();
  const loadStats = useCallback(() => {
    fetchTodayStats(api)
      .then((answer) => {
        setStats(answer);
        setStatsError(undefined);
      })
      .catch((error: unknown) => setStatsError(error ?? new Error('failed')));
  }, [api]);
  useEffect(() => {
    if (liveStatus !== 'live') return;
    loadStats();
    const timer = setInterval(loadStats, STATS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [liveStatus, loadStats]);
  useShortcut({
    id: 'supervisor.refresh',
    keys: 'r',
    description: 'supervisor.shortcut.refresh',
    group: 'keyboard.group.general',
    run: loadStats,
  });

  // ---- the names of the orgs of this supervisor's subtree (escalations say whose they are)
  const account = useAccount();
  const [orgNames, setOrgNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let cancelled = false;
    api
      .get<OrgView[]>('/api/v1/orgs')
      .then(
        (orgs) => !cancelled && setOrgNames(new Map(orgs.map((o) => [o.id, localName(o, locale)]))),
      )
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, locale]);

  // ---- a re-read of the figures shortly after incidents change (escalations come live)
  const pendingReload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const stop = store.subscribe((change) => {
      if (change.changedIncidentIds.size > 0 && pendingReload.current === undefined) {
        pendingReload.current = setTimeout(() => {
          pendingReload.current = undefined;
          loadStats();
        }, STATS_AFTER_CHANGE_MS);
      }
    });
    return () => {
      stop();
      if (pendingReload.current !== undefined) clearTimeout(pendingReload.current);
      pendingReload.current = undefined;
    };
  }, [store, loadStats]);

  // ---- map: a click on an incident row shows it
  const map = useRef<MapLibreMap | undefined>(undefined);
  const show = (incident: Incident) =>
    map.current?.flyTo({
      center: [incident.location.lon, incident.location.lat],
      zoom: Math.max(map.current.getZoom(), 16),
      duration: 500,
    });

  const incidents = [...store.incidents.values()].filter((i) => i.status === 'open');

  return (
    <ConsoleLayout
      main={
        <CommandMap onReady={(ready) => (map.current = ready)}>
          <MapOverlays />
        </CommandMap>
      }
      side={
        <>
          <StageSummary incidents={incidents} now={now} />
          <EscalationFeed
            incidents={incidents}
            myOrgId={account.orgId}
            orgNames={orgNames}
            todayCount={stats?.escalations}
            onSelect={show}
          />
          <OpenIncidentsPanel incidents={incidents} now={now} onSelect={show} />
        </>
      }
      bottom={
        <section className="sup-figures" aria-label={t('supervisor.figures.title')}>
          <header className="sup-figures-header">
            <h2>{t('supervisor.figures.title')}</h2>
            {stats && (
              <span className="sup-figures-meta">
                {t('supervisor.figures.meta', {
                  count: stats.incidents,
                  time: formatClockTime(stats.generatedAt, locale, timeZone),
                })}
              </span>
            )}
          </header>
          {statsError !== undefined && !stats && (
            <p className="panel-empty" role="status">
              {t('supervisor.figures.failed', { reason: describeApiError(i18n, statsError) })}
            </p>
          )}
          {!stats && statsError === undefined && (
            <p className="panel-empty">{t('supervisor.figures.loading')}</p>
          )}
          {stats && <SupervisorCharts stats={stats} now={now} />}
        </section>
      }
      sideLabel={t('supervisor.title')}
    />
  );
}
