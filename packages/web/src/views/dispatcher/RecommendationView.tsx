import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { Candidate, Recommendation, TierRecommendation } from './dispatcher-api.ts';
import { formatDistance, formatSeconds, profileKey } from './format.ts';
import type { RemainingPlan } from './remaining-picks.ts';

const EXCLUSIONS = [
  'busy',
  'alreadyAssigned',
  'offDuty',
  'outOfService',
  'noPosition',
  'stalePosition',
  'offNetwork',
  'unreachable',
] as const;

/** Why a unit is proposed, in the console's language (the server's sentence is the tooltip). */
export function candidateReason(t: Translate, c: Candidate): string {
  let text = t('dispatcher.rec.reason', {
    travel: formatSeconds(t, c.travelSeconds),
    profile: t(profileKey(c.profile)),
    turnout: formatSeconds(t, c.turnoutSeconds),
  });
  if (c.preempts) {
    text += ` · ${t('dispatcher.rec.preempts', { priority: c.preempts.priority })}`;
  }
  return text;
}

/** One sentence per unmet requirement: "needs 2 community units: 1 in time, next 1:35". */
export function shortfallText(t: Translate, tier: TierRecommendation): string {
  return tier.requirements
    .filter((r) => !r.met)
    .map((r) => {
      const kinds = r.kinds.map((k) => t(`unit.kind.${k}`)).join(' / ');
      if (r.picks.length === 0) return t('dispatcher.rec.noneAvailable', { count: r.count, kinds });
      const inTime = r.picks.filter((c) => c.withinTarget).length;
      const late = r.picks.find((c) => !c.withinTarget);
      return late
        ? t('dispatcher.rec.late', {
            count: r.count,
            kinds,
            inTime,
            next: formatSeconds(t, late.etaSeconds),
          })
        : t('dispatcher.rec.tooFew', { count: r.count, kinds, found: r.picks.length });
    })
    .join('; ');
}

export interface RecommendationViewProps {
  recommendation: Recommendation | undefined;
  /** What the units already sent cover, and what one key would send now. */
  plan?: RemainingPlan;
  loading: boolean;
  error?: string;
}

/** The 1-3-5 recommendation: per tier, the proposed units with ETA, distance and reason. */
export function RecommendationView({
  recommendation,
  plan,
  loading,
  error,
}: RecommendationViewProps) {
  const { t, locale } = useI18n();
  if (error) return <p className="form-error compact">{error}</p>;
  if (!recommendation) {
    return <p className="panel-empty small">{loading ? t('common.loading') : t('common.none')}</p>;
  }
  const excluded = EXCLUSIONS.filter((k) => (recommendation.excluded[k] ?? 0) > 0);
  return (
    <div className="recommendation" data-testid="recommendation">
      {recommendation.tiers.map((tier) => {
        const cover = plan?.covers.get(tier.tier);
        const sent = cover?.sent ?? [];
        const served = sent.length > 0 && cover?.served === true;
        const planned = new Set(
          plan?.picks.filter((p) => p.tier === tier.tier).map((p) => p.candidate.unitId) ?? [],
        );
        const state = served ? 'is-served' : tier.met ? 'is-met' : 'is-short';
        return (
          <section
            key={tier.tier}
            className={`rec-tier ${state}`}
            aria-label={t(`tier.${tier.tier}`)}
          >
            <header className="rec-tier-header">
              <span className="rec-tier-name">{t(`tier.${tier.tier}`)}</span>
              <span className={served || tier.met ? 'rec-flag ok' : 'rec-flag short'}>
                {served
                  ? t('dispatcher.rec.served')
                  : tier.met
                    ? t('dispatcher.rec.met')
                    : t('dispatcher.rec.shortfall')}
              </span>
              <span className="muted small">
                {t('dispatcher.rec.remaining', { time: formatSeconds(t, tier.remainingSeconds) })}
              </span>
            </header>
            {sent.length > 0 && (
              <p className="rec-sent small">
                {t('dispatcher.rec.sent', { units: sent.join(', ') })}
              </p>
            )}
            {!tier.met && !served && (
              <p className="rec-shortfall" title={tier.shortfall}>
                {shortfallText(t, tier)}
              </p>
            )}
            {tier.candidates.length > 0 && (
              <ul className="rec-candidates">
                {tier.candidates.map((c) => {
                  const spare = plan !== undefined && !plan.fresh && !planned.has(c.unitId);
                  return (
                    <li
                      key={c.unitId}
                      className={`${c.withinTarget ? 'in-time' : 'late'}${spare ? ' is-spare' : ''}`}
                      title={c.reason}
                    >
                      <span className={`kind-dot kind-${c.kind}`} aria-hidden="true" />
                      <span className="rec-name">{localName(c, locale)}</span>
                      <span className="rec-kind muted">{t(`unit.kind.${c.kind}`)}</span>
                      <span className="rec-eta">
                        {t('dispatcher.rec.eta', { time: formatSeconds(t, c.etaSeconds) })}
                      </span>
                      <span className="rec-distance muted">
                        {c.distanceMetres !== undefined ? formatDistance(t, c.distanceMetres) : ''}
                      </span>
                      <span className="rec-reason">
                        {spare ? `${t('dispatcher.rec.spare')} · ` : ''}
                        {candidateReason(t, c)}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
      {excluded.length > 0 && (
        <p className="rec-excluded muted small">
          {t('dispatcher.rec.excluded')}{' '}
          {excluded
            .map((k) => t(`dispatcher.rec.excluded.${k}`, { count: recommendation.excluded[k] }))
            .join(' · ')}
        </p>
      )}
    </div>
  );
}
