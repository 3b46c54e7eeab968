import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import { MapOverlays } from '../../map/MapOverlays.tsx';
import { ConsoleLayout } from '../../shell/ConsoleLayout.tsx';

const STAGES = ['analyse', 'assign', 'handle', 'supervise', 'close'] as const;

/** Open incidents per closed-loop stage and how many are escalated, from the live store. */
function OpenByStage() {
  const { t } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const incidents = [...store.incidents.values()];
  const escalated = incidents.filter((i) => i.workflow.escalationLevel > 0).length;
  return (
    <section className="panel" aria-labelledby="stage-title">
      <header className="panel-header">
        <h2 id="stage-title">{t('supervisor.open.title')}</h2>
        <span className={escalated > 0 ? 'panel-count is-alert' : 'panel-count'}>
          {t('supervisor.escalated', { count: escalated })}
        </span>
      </header>
      {incidents.length === 0 ? (
        <p className="panel-empty">{t('supervisor.open.empty')}</p>
      ) : (
        <dl className="stage-list">
          {STAGES.map((stage) => (
            <div key={stage}>
              <dt>{t(`supervisor.stage.${stage}`)}</dt>
              <dd>{incidents.filter((i) => i.workflow.stage === stage).length}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/**
 * The supervisor's console: the same map with the open incidents against their stage
 * deadlines. To be built out here: escalations, 1-3-5 compliance and response-time charts
 * (ECharts), coverage gaps.
 */
export function SupervisorView() {
  const { t } = useI18n();
  return (
    <ConsoleLayout
      main={
        <CommandMap>
          <MapOverlays />
        </CommandMap>
      }
      side={<OpenByStage />}
      sideLabel={t('supervisor.title')}
    />
  );
}
