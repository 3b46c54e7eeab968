import type { PatrolPlanView, UnitView } from '@jiefang/contract';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatClockTime } from '../../i18n/format-time.ts';

interface Props {
  plan: PatrolPlanView;
  units: readonly UnitView[];
  busy: boolean;
  /** Drops one stop (the unit stands where it is instead); the caller reloads. */
  onDropStop: (unitId: string, startMin: number) => Promise<void>;
  onClose: () => Promise<void>;
}

type Confirming = { kind: 'drop'; unitId: string; startMin: number } | { kind: 'close' };

/**
 * The supervisor's editor of one plan (draft or assigned): every unit's stops with their
 * times in the city's zone, each droppable, and the plan's close — both destructive, so both
 * ask first. Re-plans after dispatches are listed with the coverage they kept.
 */
export function PlanEditor({ plan, units, busy, onDropStop, onClose }: Props) {
  const { t, locale, timeZone } = useI18n();
  const [confirming, setConfirming] = useState<Confirming | undefined>();
  const start = Date.parse(plan.shiftStart);
  const clock = (minute: number) => formatClockTime(start + minute * 60_000, locale, timeZone);
  const name = (unitId: string) => units.find((u) => u.id === unitId)?.name ?? unitId;

  const confirm = (question: string, act: () => Promise<void>) => (
    <div role="alertdialog" aria-label={question} className="patrol-confirm">
      <p>{question}</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => void act().then(() => setConfirming(undefined))}
      >
        {t('patrol.edit.yes')}
      </button>
      <button type="button" onClick={() => setConfirming(undefined)}>
        {t('patrol.cancel')}
      </button>
    </div>
  );

  return (
    <section aria-labelledby="plan-editor-title" data-testid="plan-editor">
      <h2 id="plan-editor-title">{t('patrol.edit.title', { start: clock(0) })}</h2>
      {(plan.replans ?? []).map((r) => (
        <p key={`${r.atMin}-${r.takenUnitId}`} role="status" className="patrol-replan">
          {t('patrol.edit.replanned', {
            time: clock(r.atMin),
            taken: name(r.takenUnitId),
            heir: r.heirUnitId ? name(r.heirUnitId) : '—',
            min: r.minCoverage.toFixed(3),
            floor: r.floor.toFixed(3),
          })}
        </p>
      ))}
      {plan.units.map((u) => {
        const stops = u.legs.flatMap((l) => (l.kind === 'dwell' && l.stop ? [l] : []));
        return (
          <div key={u.unitId} className="patrol-edit-unit" data-unit-id={u.unitId}>
            <h3>
              {t('patrol.edit.unit', {
                unit: name(u.unitId),
                zones: [u.zone.id, ...(u.adopted ?? []).map((z) => z.id)].join(' + '),
              })}
            </h3>
            {stops.length === 0 ? <p>{t('patrol.edit.noStops')}</p> : null}
            <ol className="patrol-stops">
              {stops.map((s) => {
                const label = t('patrol.edit.stop', {
                  from: clock(s.startMin),
                  to: clock(s.endMin),
                  cell: s.stop?.cell ?? '',
                });
                const asking =
                  confirming?.kind === 'drop' &&
                  confirming.unitId === u.unitId &&
                  confirming.startMin === s.startMin;
                return (
                  <li key={s.startMin} data-start-min={s.startMin}>
                    <span>{label}</span>
                    {asking ? (
                      confirm(
                        t('patrol.edit.dropConfirm', { unit: name(u.unitId), stop: label }),
                        () => onDropStop(u.unitId, s.startMin),
                      )
                    ) : (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          setConfirming({ kind: 'drop', unitId: u.unitId, startMin: s.startMin })
                        }
                      >
                        {t('patrol.edit.drop')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
      {confirming?.kind === 'close' ? (
        confirm(t('patrol.edit.closeConfirm'), onClose)
      ) : (
        <button type="button" disabled={busy} onClick={() => setConfirming({ kind: 'close' })}>
          {t('patrol.edit.close')}
        </button>
      )}
    </section>
  );
}
