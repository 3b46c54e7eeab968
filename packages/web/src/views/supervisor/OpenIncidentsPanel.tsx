import type { Incident } from '@jiefang/contract';
import { formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import { incidentDescription } from '../../i18n/incident-description.ts';
import { categoryLabel } from '../responder/category-label.ts';
import { byDeadline, stageDeadline, type StageDeadline } from './stage-deadlines.ts';

export interface OpenIncidentsPanelProps {
  incidents: readonly Incident[];
  now: number;
  onSelect?: (incident: Incident) => void;
}

/** "0:42 left" / "overdue 2:10" / "no deadline" in the current language. */
export function useDeadlineText() {
  const { t } = useI18n();
  return (deadline: StageDeadline): string => {
    if (deadline.leftMs === undefined) return t('supervisor.deadline.none');
    return deadline.leftMs >= 0
      ? t('supervisor.deadline.left', { time: formatElapsed(deadline.leftMs) })
      : t('supervisor.deadline.overdue', { time: formatElapsed(-deadline.leftMs) });
  };
}

/**
 * Every open incident against its closed-loop stage deadline, most urgent first: overdue (red),
 * in the last quarter of the stage's time (amber), in time (neutral). Escalation levels are
 * marked; a click shows the incident on the map.
 */
export function OpenIncidentsPanel({ incidents, now, onSelect }: OpenIncidentsPanelProps) {
  const { t, locale } = useI18n();
  const text = useDeadlineText();
  const rows = incidents
    .map((incident) => ({ incident, deadline: stageDeadline(incident, now) }))
    .sort(
      (a, b) => byDeadline(a.deadline, b.deadline) || a.incident.priority - b.incident.priority,
    );
  const overdue = rows.filter((r) => r.deadline.state === 'red').length;
  return (
    <section className="panel sup-open" aria-labelledby="sup-open-title">
      <header className="panel-header">
        <h2 id="sup-open-title">{t('supervisor.list.title')}</h2>
        <span className={overdue > 0 ? 'panel-count is-alert' : 'panel-count'}>
          {t('supervisor.list.count', { count: rows.length, overdue })}
        </span>
      </header>
      {rows.length === 0 ? (
        <p className="panel-empty">{t('supervisor.open.empty')}</p>
      ) : (
        <ol className="sup-incidents">
          {rows.map(({ incident, deadline }) => (
            <li key={incident.id}>
              <button
                type="button"
                className={`sup-incident deadline-${deadline.state}`}
                data-testid="supervisor-incident"
                data-deadline={deadline.state}
                onClick={() => onSelect?.(incident)}
              >
                <span className={`priority-badge p${incident.priority}`}>
                  {t('priority.short', { priority: incident.priority })}
                </span>
                <span className="sup-incident-text">
                  <span className="sup-incident-what">
                    {categoryLabel(t, incident.categoryCode)}
                    {incident.workflow.escalationLevel > 0 && (
                      <span
                        className="sup-escalation-badge"
                        title={t('supervisor.escalation.level', {
                          level: incident.workflow.escalationLevel,
                        })}
                      >
                        ↑{incident.workflow.escalationLevel}
                      </span>
                    )}
                  </span>
                  <span className="sup-incident-where">
                    {placeNameIn(incident.location, locale) ??
                      incident.location.address ??
                      incidentDescription(
                        incident,
                        categoryLabel(t, incident.categoryCode),
                        locale,
                        t,
                      )}
                  </span>
                </span>
                <span className="sup-incident-stage">
                  <span className="sup-stage-chip">
                    {t(`supervisor.stage.${incident.workflow.stage}` as 'supervisor.stage.analyse')}
                  </span>
                  <span className="sup-deadline">{text(deadline)}</span>
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
