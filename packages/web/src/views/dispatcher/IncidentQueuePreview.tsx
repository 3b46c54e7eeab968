import type { Incident } from '../../api/api-types.ts';
import { formatClockTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';

/** Most urgent first, then oldest first: the order a dispatcher works the queue in. */
export function byPriorityAndAge(a: Incident, b: Incident): number {
  return a.priority - b.priority || a.receivedAt.localeCompare(b.receivedAt);
}

/**
 * The open incidents of the live store, sorted. A starting point for the full queue (selection,
 * timers, duplicate marks, the incident panel) that the dispatcher view builds next.
 */
export function IncidentQueuePreview() {
  const { t, locale } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const incidents = [...store.incidents.values()].sort(byPriorityAndAge);
  return (
    <section className="panel" aria-labelledby="queue-title">
      <header className="panel-header">
        <h2 id="queue-title">{t('dispatcher.queue.title')}</h2>
        <span className="panel-count">{incidents.length}</span>
      </header>
      {incidents.length === 0 ? (
        <p className="panel-empty">{t('dispatcher.queue.empty')}</p>
      ) : (
        <ol className="incident-list">
          {incidents.map((incident) => (
            <li key={incident.id} className={`incident-row priority-${incident.priority}`}>
              <span className="priority-badge">
                {t('priority.short', { priority: incident.priority })}
              </span>
              <span className="incident-text">
                <span className="incident-place">
                  {incident.location.placeName ??
                    incident.location.address ??
                    incident.categoryCode}
                </span>
                <span className="incident-description">{incident.description}</span>
              </span>
              <span className="incident-time">
                {t('dispatcher.queue.received', {
                  time: formatClockTime(incident.receivedAt, locale),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
