import { useI18n } from '../i18n/I18nProvider.tsx';
import { useLiveBatch, useLiveStore } from '../live/LiveProvider.tsx';
import { statusCode } from '../live/unit-codes.ts';

const AVAILABLE = statusCode('available');

/** Units on the map, how many are available, open incidents: updated once per live batch. */
export function MapCounters() {
  const { t } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const table = store.units;
  let located = 0;
  let available = 0;
  for (let row = 0; row < table.count; row++) {
    if (table.fixAt[row] <= 0) continue;
    located++;
    if (table.status[row] === AVAILABLE) available++;
  }
  return (
    <div className="map-counters" aria-live="off">
      <span data-testid="units-on-map">{t('map.counts.units', { count: located })}</span>
      <span className="counter-available">{t('map.counts.available', { count: available })}</span>
      <span className="counter-incidents">
        {t('map.counts.incidents', { count: store.incidents.size })}
      </span>
    </div>
  );
}
