import { useI18n } from '../i18n/I18nProvider.tsx';
import { localName } from '../i18n/local-name.ts';
import { useLiveStore } from '../live/LiveProvider.tsx';
import type { HoveredUnit } from './unit-hover-trail.ts';

/** The card next to the pointer on a unit: name, kind, status and whether its trail shows. */
export function UnitTooltip({ hovered }: { hovered: HoveredUnit }) {
  const { t, locale } = useI18n();
  const store = useLiveStore();
  const view = store.units.views[hovered.row];
  if (!view) return null;
  return (
    <div
      className="unit-tooltip"
      style={{ left: hovered.x + 14, top: hovered.y + 14 }}
      role="tooltip"
    >
      <div className="unit-tooltip-name">{localName(view, locale)}</div>
      <div className="unit-tooltip-meta">
        <span>{t(`unit.kind.${view.kind}`)}</span>
        <span className={`status-chip status-${view.status}`}>
          {t(`unit.status.${view.status}`)}
        </span>
      </div>
      {hovered.trail === 'loading' && (
        <div className="unit-tooltip-note">{t('map.hover.trailLoading')}</div>
      )}
      {hovered.trail === 'shown' && <div className="unit-tooltip-note">{t('map.hover.trail')}</div>}
    </div>
  );
}
