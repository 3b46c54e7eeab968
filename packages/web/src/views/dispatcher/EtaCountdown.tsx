import type { Dispatch } from '@jiefang/contract';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { arrivalEstimate, type RouteReading } from './arrival-eta.ts';
import { useNow } from './dispatcher-hooks.ts';
import { formatDistance, formatSeconds } from './format.ts';

/**
 * "ETA 2:31 · 1.2 km" counting down for a unit on its way, "late 0:12" once past due: the
 * dispatcher sees who is coming and when until the unit is on scene.
 */
export function EtaCountdown({
  dispatch,
  route,
  turnoutSeconds,
}: {
  dispatch: Pick<Dispatch, 'status' | 'times' | 'etaSeconds'>;
  route: RouteReading | undefined;
  turnoutSeconds: number;
}) {
  const { t } = useI18n();
  const now = useNow();
  const estimate = arrivalEstimate(dispatch, route, turnoutSeconds);
  if (!estimate) return null;
  const left = Math.round((estimate.dueAt - now) / 1000);
  const late = left < 0;
  return (
    <span
      className={`dispatch-eta${late ? ' is-late' : ''}`}
      data-testid="dispatch-eta"
      data-eta-seconds={left}
      data-eta-basis={estimate.basis}
      title={t(`enRoute.basis.${estimate.basis}`)}
    >
      {late
        ? t('enRoute.late', { time: formatSeconds(t, -left) })
        : t('enRoute.eta', { time: formatSeconds(t, left) })}
      {route ? ` · ${formatDistance(t, route.metres)}` : ''}
    </span>
  );
}
