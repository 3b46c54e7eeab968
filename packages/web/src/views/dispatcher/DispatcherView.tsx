import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import { MapOverlays } from '../../map/MapOverlays.tsx';
import { ConsoleLayout } from '../../shell/ConsoleLayout.tsx';
import { IncidentQueuePreview } from './IncidentQueuePreview.tsx';
import { UnitStatusSummary } from './UnitStatusSummary.tsx';

/**
 * The dispatcher's console: the map of all forces with the incident queue and the unit status
 * board beside it. To be built out here: new-incident form, incident panel (recommendation,
 * one-key accept, tier timers, timeline), talk groups, coverage layers and their shortcuts.
 */
export function DispatcherView() {
  const { t } = useI18n();
  return (
    <ConsoleLayout
      main={
        <CommandMap>
          <MapOverlays />
        </CommandMap>
      }
      side={
        <>
          <IncidentQueuePreview />
          <UnitStatusSummary />
        </>
      }
      sideLabel={t('dispatcher.title')}
    />
  );
}
