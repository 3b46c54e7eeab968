import type { UnitView } from '@jiefang/contract';
import { useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { nameOfId } from '../../i18n/local-name.ts';
import { patrolApi, type ComplianceBoard } from './patrol-api.ts';

/**
 * The supervisor's compliance board for one plan: per unit, stops visited of planned, dwell,
 * time on and off the beat, gaps without fixes, late start; exported by the server as CSV or
 * XLSX (the same rows, the read audited like this one).
 */
export function ComplianceTable({
  planId,
  units,
  onError,
}: {
  planId: string;
  units: readonly UnitView[];
  onError: (error: unknown) => void;
}) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [board, setBoard] = useState<ComplianceBoard>();

  useEffect(() => {
    void patrolApi.compliance(api, planId).then(setBoard, onError);
  }, [api, planId, onError]);

  return (
    <section aria-labelledby="compliance-title" data-testid="compliance-board">
      <h2 id="compliance-title">{t('patrol.compliance.title')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('patrol.compliance.unit')}</th>
            <th>{t('patrol.compliance.stops')}</th>
            <th>{t('patrol.compliance.dwell')}</th>
            <th>{t('patrol.compliance.onBeat')}</th>
            <th>{t('patrol.compliance.offZone')}</th>
            <th>{t('patrol.compliance.gaps')}</th>
            <th>{t('patrol.compliance.late')}</th>
            <th>{t('patrol.compliance.fixes')}</th>
          </tr>
        </thead>
        <tbody>
          {(board?.units ?? []).map((u) => (
            <tr key={u.unitId} data-unit-id={u.unitId}>
              <td>{nameOfId(units, u.unitId, locale)}</td>
              <td>
                {u.stopsVisited} / {u.stopsPlanned}
              </td>
              <td>
                {u.dwellAchievedMin} / {u.dwellPlannedMin}
              </td>
              <td>{u.onBeatMin}</td>
              <td>{u.offZoneMin}</td>
              <td>{u.gaps.length}</td>
              <td>{u.lateStartMin}</td>
              <td>{u.fixes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="patrol-export">
        <a href={patrolApi.exportUrl(planId, 'csv')} download>
          {t('patrol.compliance.csv')}
        </a>{' '}
        <a href={patrolApi.exportUrl(planId, 'xlsx')} download>
          {t('patrol.compliance.xlsx')}
        </a>
      </p>
    </section>
  );
}
