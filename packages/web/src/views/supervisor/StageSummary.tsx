import type { Incident } from '@jiefang/contract';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CLOSED_LOOP_STAGES, stageDeadline } from './stage-deadlines.ts';

/** Open incidents per closed-loop stage (研判 → 派单 → 处置 → 督办 → 办结), with how many are overdue. */
export function StageSummary({ incidents, now }: { incidents: readonly Incident[]; now: number }) {
  const { t } = useI18n();
  const escalated = incidents.filter((i) => i.workflow.escalationLevel > 0).length;
  return (
    <section className="panel" aria-labelledby="stage-title">
      <header className="panel-header">
        <h2 id="stage-title">{t('supervisor.open.title')}</h2>
        <span className={escalated > 0 ? 'panel-count is-alert' : 'panel-count'}>
          {t('supervisor.escalated', { count: escalated })}
        </span>
      </header>
      <ol className="sup-stages">
        {CLOSED_LOOP_STAGES.map((stage) => {
          const here = incidents.filter((i) => i.workflow.stage === stage);
          const overdue = here.filter((i) => stageDeadline(i, now).state === 'red').length;
          return (
            <li
              key={stage}
              className={overdue > 0 ? 'sup-stage has-overdue' : 'sup-stage'}
              data-testid={`stage-${stage}`}
            >
              <span className="sup-stage-name">{t(`supervisor.stage.${stage}`)}</span>
              <span className="sup-stage-count">{here.length}</span>
              <span className="sup-stage-overdue">
                {overdue > 0 ? t('supervisor.stage.overdue', { count: overdue }) : '\u00a0'}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
