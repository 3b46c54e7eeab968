import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import { MapOverlays } from '../../map/MapOverlays.tsx';
import { ConsoleLayout } from '../../shell/ConsoleLayout.tsx';

/** The situation map for roles that watch but do not dispatch (analysts, department liaisons). */
export function ReadOnlyView() {
  const { t } = useI18n();
  return (
    <ConsoleLayout
      main={
        <CommandMap>
          <MapOverlays />
          <div className="map-banner" role="note">
            {t('readOnly.notice')}
          </div>
        </CommandMap>
      }
    />
  );
}
