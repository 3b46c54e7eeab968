import { useAccount } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';

/**
 * The responder's phone screen: their unit and its status. To be built out here: the incoming
 * dispatch with sound and vibration, accept/decline, the route, en route / on scene / cleared,
 * position reporting (Geolocation, "I am here"), state kept across reconnects.
 */
export function ResponderView() {
  const { t } = useI18n();
  const account = useAccount();
  const store = useLiveStore();
  useLiveBatch();
  const units = account.unitIds.map((id) => {
    const row = store.units.rowOf(id);
    return { id, view: row === undefined ? undefined : store.units.views[row] };
  });
  return (
    <main className="responder-view">
      <section className="panel" aria-labelledby="my-unit-title">
        <header className="panel-header">
          <h2 id="my-unit-title">{t('responder.myUnit')}</h2>
        </header>
        {units.length === 0 && <p className="panel-empty">{t('responder.noUnit')}</p>}
        {units.map(({ id, view }) => (
          <div key={id} className="responder-unit">
            <div className="responder-unit-name">{view?.name ?? id}</div>
            {view && (
              <div className="responder-unit-status">
                <span>{t('responder.status')}</span>
                <span className={`status-chip status-${view.status}`}>
                  {t(`unit.status.${view.status}`)}
                </span>
              </div>
            )}
          </div>
        ))}
      </section>
      <p className="responder-waiting">{t('responder.waiting')}</p>
    </main>
  );
}
