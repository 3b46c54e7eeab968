import type { PatrolAssignment } from '@jiefang/contract';
import { useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime, formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useLiveStore } from '../../live/LiveProvider.tsx';
import { patrolApi } from './patrol-api.ts';

/**
 * The unit's own part of the assigned patrol plan: read once, then replaced by every `patrol`
 * frame of the live socket (assigned, edited, cut by a dispatch, closed). Null: no patrol.
 */
export function useUnitPatrol(unitId: string | undefined): PatrolAssignment | null {
  const { api } = useSession();
  const store = useLiveStore();
  const [patrol, setPatrol] = useState<PatrolAssignment | null>(null);
  useEffect(() => {
    if (unitId === undefined) return;
    let live = false;
    const stop = store.onPatrol((frame) => {
      if (frame.unitId !== unitId) return;
      live = true;
      setPatrol(frame.patrol);
    });
    void patrolApi.unitPatrol(api, unitId).then(
      (found) => {
        if (!live) setPatrol(found);
      },
      () => undefined,
    );
    return stop;
  }, [api, store, unitId]);
  return patrol;
}

/**
 * The responder's patrol card: the stop to stand at now with its dwell timer, or the next stop
 * with its arrival window, and how many stops the shift holds; when a dispatch took the unit,
 * that its remaining stops went back to the planner.
 */
export function ResponderPatrolCard({ patrol, now }: { patrol: PatrolAssignment; now: number }) {
  const { t, locale, timeZone } = useI18n();
  const start = Date.parse(patrol.shiftStart);
  const minute = (now - start) / 60_000;
  const at = (m: number) => formatClockTime(start + m * 60_000, locale, timeZone);
  const stops = patrol.unit.legs.filter(
    (l): l is Extract<typeof l, { kind: 'dwell' }> => l.kind === 'dwell' && l.stop !== undefined,
  );
  const current = stops.find((s) => s.startMin <= minute && minute < s.endMin);
  const next = stops.find((s) => s.startMin > minute);
  return (
    <section className="patrol-card" data-testid="patrol-card" aria-labelledby="patrol-card-title">
      <h2 id="patrol-card-title">{t('patrol.card.title')}</h2>
      {patrol.unit.takenAtMin !== undefined ? (
        <p role="status">{t('patrol.card.taken')}</p>
      ) : current ? (
        <p data-testid="patrol-now">
          {t('patrol.card.now', {
            end: at(current.endMin),
            left: formatElapsed(start + current.endMin * 60_000 - now),
          })}
        </p>
      ) : next ? (
        <p data-testid="patrol-next">
          {t('patrol.card.next', {
            time: at(next.startMin),
            end: at(next.endMin),
            zone: patrol.unit.zone.id,
          })}
        </p>
      ) : (
        <p>{t('patrol.card.done')}</p>
      )}
      <p>{t('patrol.card.stops', { count: stops.length })}</p>
    </section>
  );
}
