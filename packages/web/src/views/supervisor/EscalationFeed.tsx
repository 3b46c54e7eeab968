import type { Incident } from '@jiefang/contract';
import { formatClockTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import { incidentDescription } from '../../i18n/incident-description.ts';
import { categoryLabel } from '../responder/category-label.ts';

export interface EscalationFeedProps {
  /** Open incidents in the supervisor's scope (the live store keeps their escalation current). */
  incidents: readonly Incident[];
  /** The supervisor's own org: escalations addressed to it are theirs to act on. */
  myOrgId: string;
  /** Names of the orgs of the supervisor's subtree (GET /orgs); orgs above are not among them. */
  orgNames: ReadonlyMap<string, string>;
  todayCount: number | undefined;
  onSelect?: (incident: Incident) => void;
}

/**
 * The escalated incidents, highest level first: the level the server raised (one org up the
 * tree per overdue period of the incident's loop) and whose supervisors it is for — you, an org
 * below you, or the level above. Follows the live stream, so a new escalation appears at once.
 */
export function EscalationFeed({
  incidents,
  myOrgId,
  orgNames,
  todayCount,
  onSelect,
}: EscalationFeedProps) {
  const { t, locale, timeZone } = useI18n();
  const escalated = incidents
    .filter((i) => i.status === 'open' && i.escalation !== undefined)
    .sort(
      (a, b) =>
        b.escalation!.level - a.escalation!.level ||
        b.escalation!.at.localeCompare(a.escalation!.at),
    );
  const target = (toOrgId: string) => {
    if (toOrgId === myOrgId) return t('supervisor.escalation.to.you');
    const name = orgNames.get(toOrgId);
    return name
      ? t('supervisor.escalation.to.org', { org: name })
      : t('supervisor.escalation.to.above');
  };
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
      {escalated.length === 0 ? (
        <p className="panel-empty">{t('supervisor.escalations.empty')}</p>
      ) : (
        <ol className="sup-escalation-list" aria-live="polite">
          {escalated.map((incident) => {
            const escalation = incident.escalation!;
            const mine = escalation.toOrgId === myOrgId;
            return (
              <li
                key={incident.id}
                className={`sup-escalation level-${Math.min(escalation.level, 3)}${mine ? ' is-mine' : ''}`}
                data-testid="escalation"
                data-level={escalation.level}
                data-to={escalation.toOrgId}
                onClick={() => onSelect?.(incident)}
              >
                <span className="sup-escalation-time">
                  {formatClockTime(escalation.at, locale, timeZone)}
                </span>
                <span className="sup-escalation-text">
                  <strong>{categoryLabel(t, incident.categoryCode)}</strong>
                  {` · ${placeNameIn(incident.location, locale) ?? incident.location.address ?? incidentDescription(incident, categoryLabel(t, incident.categoryCode), locale, t)}`}
                  <br />
                  {t('supervisor.escalation.detail', {
                    stage: t(`supervisor.stage.${escalation.stage}` as 'supervisor.stage.analyse'),
                    level: escalation.level,
                  })}
                </span>
                <span className="sup-escalation-to">{target(escalation.toOrgId)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
