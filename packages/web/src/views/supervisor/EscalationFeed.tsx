import { formatClockTime, formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { categoryLabel } from '../responder/category-label.ts';

/** One `incident.escalated` event as the feed shows it. */
export interface EscalationItem {
  seq: number;
  incidentId: string;
  at: string;
  stage: string;
  level: number;
  overdueSeconds: number;
  escalateTo: 'supervisor' | 'parent_supervisor';
  categoryCode?: string;
  place?: string;
}

/** Escalations as they come in over the live socket, newest first. */
export function EscalationFeed({
  items,
  todayCount,
}: {
  items: readonly EscalationItem[];
  todayCount: number | undefined;
}) {
  const { t, locale, timeZone } = useI18n();
  return (
    <section className="panel sup-escalations" aria-labelledby="sup-esc-title">
      <header className="panel-header">
        <h2 id="sup-esc-title">{t('supervisor.escalations.title')}</h2>
        {todayCount !== undefined && (
          <span className={todayCount > 0 ? 'panel-count is-alert' : 'panel-count'}>
            {t('supervisor.escalations.today', { count: todayCount })}
          </span>
        )}
      </header>
      {items.length === 0 ? (
        <p className="panel-empty">{t('supervisor.escalations.empty')}</p>
      ) : (
        <ol className="sup-escalation-list" aria-live="polite">
          {items.map((item) => (
            <li key={item.seq} className={`sup-escalation level-${Math.min(item.level, 3)}`}>
              <span className="sup-escalation-time">
                {formatClockTime(item.at, locale, timeZone)}
              </span>
              <span className="sup-escalation-text">
                <strong>
                  {item.categoryCode ? categoryLabel(t, item.categoryCode) : item.incidentId}
                </strong>
                {item.place ? ` · ${item.place}` : ''}
                <br />
                {t('supervisor.escalation.detail', {
                  stage: t(`supervisor.stage.${item.stage}` as 'supervisor.stage.analyse'),
                  level: item.level,
                  overdue: formatElapsed(item.overdueSeconds * 1000),
                })}
              </span>
              <span className="sup-escalation-to">
                {t(`supervisor.escalation.to.${item.escalateTo}`)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
