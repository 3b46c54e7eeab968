import type { Incident, Tier } from '@jiefang/contract';
import { formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useNow } from './dispatcher-hooks.ts';
import { tierTimersOf, type TierArrival } from '@jiefang/core';
import { planTargets } from './tier-timers.ts';

export interface TierTimersProps {
  incident: Pick<
    Incident,
    'receivedAt' | 'status' | 'closedAt' | 'createdAt' | 'categoryCode' | 'priority'
  >;
  arrivals: readonly TierArrival[];
  /** The tiers of the plan the server chose (the recommendation's), when loaded. */
  planTiers?: readonly { tier: Tier; targetSeconds: number }[];
  /** For tests: a fixed clock instead of the ticking one. */
  now?: number;
}

/**
 * The 1-3-5 clocks of one incident, one per tier of its response plan, counting from the call: amber
 * at 75 % of the target, red past it, green once the tier has someone on scene in time.
 */
export function TierTimers({ incident, arrivals, planTiers, now }: TierTimersProps) {
  const { t } = useI18n();
  const ticking = useNow();
  const clocks = tierTimersOf(incident, arrivals, now ?? ticking, {
    targets: planTargets(incident, planTiers),
  });
  return (
    <div className="tier-timers" role="group" aria-label={t('dispatcher.timer.title')}>
      {clocks.map((clock) => {
        const fill = Math.min(1, clock.elapsedSeconds / clock.targetSeconds);
        return (
          <div
            key={clock.tier}
            className={`tier-timer timer-${clock.state}`}
            data-testid={`tier-timer-${clock.tier}`}
            data-timer-state={clock.state}
          >
            <span className="tier-timer-label">{t(`tier.${clock.tier}`)}</span>
            <span className="tier-timer-time">
              {formatElapsed(clock.elapsedSeconds * 1000)}
              <span className="tier-timer-target">
                {' '}
                / {formatElapsed(clock.targetSeconds * 1000)}
              </span>
            </span>
            <span className="tier-timer-state">{t(`dispatcher.timer.state.${clock.state}`)}</span>
            <span className="tier-timer-bar" aria-hidden="true">
              <span style={{ width: `${fill * 100}%` }} />
            </span>
          </div>
        );
      })}
    </div>
  );
}
