import type { Priority } from '@jiefang/contract';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { UNIT_KINDS, UNIT_STATUSES } from '../live/unit-codes.ts';
import { PRIORITY_COLOURS, UNIT_KIND_COLOURS, UNIT_STATUS_COLOURS } from './map-palette.ts';

const PRIORITIES: readonly Priority[] = [1, 2, 3, 4];

/** What the colours on the map mean (the same palette the layers use). */
export function MapLegend() {
  const { t } = useI18n();
  return (
    <section className="map-legend" aria-label={t('map.legend.title')}>
      <h3>{t('map.legend.kinds')}</h3>
      <ul>
        {UNIT_KINDS.filter((kind) => kind !== 'department').map((kind) => (
          <li key={kind}>
            <span className="swatch dot" style={{ background: UNIT_KIND_COLOURS[kind] }} />
            {t(`unit.kind.${kind}`)}
          </li>
        ))}
      </ul>
      <h3>{t('map.legend.statuses')}</h3>
      <ul>
        {UNIT_STATUSES.map((status) => (
          <li key={status}>
            <span className="swatch ring" style={{ borderColor: UNIT_STATUS_COLOURS[status] }} />
            {t(`unit.status.${status}`)}
          </li>
        ))}
      </ul>
      <h3>{t('map.legend.incidents')}</h3>
      <ul>
        {PRIORITIES.map((priority) => (
          <li key={priority}>
            <span className="swatch dot large" style={{ background: PRIORITY_COLOURS[priority] }} />
            {t(`priority.${priority}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
