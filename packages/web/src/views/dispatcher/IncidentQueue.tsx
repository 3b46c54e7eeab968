import { useEffect, useRef } from 'react';
import type { Incident } from '@jiefang/contract';
import { formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import { incidentDescription } from '../../i18n/incident-description.ts';
import type { Category } from './dispatcher-api.ts';
import { categoryName, useNow, type ArrivalLog } from './dispatcher-hooks.ts';
import { mostPressingTimerState, tierTimersOf } from '@jiefang/core';
import { planTargets } from './tier-timers.ts';

/** Most urgent first, then oldest first: the order a dispatcher works the queue in. */
export function byPriorityAndAge(a: Incident, b: Incident): number {
  return (
    a.priority - b.priority || a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id)
  );
}

/** The open incidents in queue order. */
export function queueOrder(incidents: Iterable<Incident>): Incident[] {
  return [...incidents].filter((i) => i.status === 'open').sort(byPriorityAndAge);
}

export interface IncidentQueueProps {
  incidents: readonly Incident[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  onNew: () => void;
  categories: readonly Category[];
  arrivals: ArrivalLog;
  /** Dispatches still live, per incident (the count beside each row). */
  unitsOf: (incidentId: string) => number;
}

/**
 * The incident queue: priority, place, category, age and the state of the 1-3-5 clocks per
 * incident, refreshed every second; J/K move the selection (DispatcherView), a click selects.
 */
export function IncidentQueue({
  incidents,
  selectedId,
  onSelect,
  onNew,
  categories,
  arrivals,
  unitsOf,
}: IncidentQueueProps) {
  const { t, locale } = useI18n();
  const now = useNow();
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    const rows = list.current?.querySelectorAll<HTMLElement>('[data-incident-id]') ?? [];
    const row = [...rows].find((r) => r.dataset.incidentId === selectedId);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);
  return (
    <section className="panel dispatcher-queue" aria-labelledby="queue-title">
      <header className="panel-header">
        <h2 id="queue-title">{t('dispatcher.queue.title')}</h2>
        <span className="panel-count" data-testid="queue-count">
          {incidents.length}
        </span>
        <span className="header-spacer" />
        <button type="button" className="small-button accent" onClick={onNew}>
          {t('dispatcher.queue.new')} <kbd>N</kbd>
        </button>
      </header>
      {incidents.length === 0 ? (
        <p className="panel-empty">{t('dispatcher.queue.empty')}</p>
      ) : (
        <ol
          className="incident-list queue-list"
          ref={list}
          aria-label={t('dispatcher.queue.title')}
        >
          {incidents.map((incident) => {
            const clocks = tierTimersOf(incident, arrivals.arrivals(incident.id), now, {
              targets: planTargets(incident),
            });
            const state = mostPressingTimerState(clocks);
            const selected = incident.id === selectedId;
            const units = unitsOf(incident.id);
            return (
              <li key={incident.id}>
                <button
                  type="button"
                  data-incident-id={incident.id}
                  data-queue-row
                  aria-current={selected || undefined}
                  className={`incident-row queue-row priority-${incident.priority}${selected ? ' is-selected' : ''}`}
                  onClick={() => onSelect(incident.id)}
                >
                  <span className="priority-badge">
                    {t('priority.short', { priority: incident.priority })}
                  </span>
                  <span className="incident-text">
                    <span className="incident-place">
                      {placeNameIn(incident.location, locale) ??
                        incident.location.address ??
                        categoryName(categories, incident.categoryCode, locale)}
                    </span>
                    <span className="incident-description">
                      {categoryName(categories, incident.categoryCode, locale)} ·{' '}
                      {incidentDescription(
                        incident,
                        categoryName(categories, incident.categoryCode, locale),
                        locale,
                        t,
                      )}
                    </span>
                  </span>
                  <span className="queue-side">
                    <span
                      className={`queue-age timer-${state}`}
                      data-timer-state={state}
                      title={t(`dispatcher.timer.state.${state}`)}
                    >
                      {formatElapsed(now - Date.parse(incident.receivedAt))}
                    </span>
                    <span className="queue-clocks" aria-label={t('dispatcher.timer.title')}>
                      {clocks.map((clock) => (
                        <span
                          key={clock.tier}
                          className={`clock-dot timer-${clock.state}`}
                          title={`${t(`tier.${clock.tier}`)} · ${t(`dispatcher.timer.state.${clock.state}`)}`}
                        />
                      ))}
                    </span>
                    <span className="queue-units">
                      {units > 0
                        ? t('dispatcher.queue.units', { count: units })
                        : t('dispatcher.queue.noUnits')}
                    </span>
                  </span>
                  {incident.probableDuplicateOf && (
                    <span className="queue-duplicate">{t('dispatcher.duplicate.badge')}</span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
