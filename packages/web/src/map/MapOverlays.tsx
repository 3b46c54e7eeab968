import { useState } from 'react';
import { useShortcut } from '../keyboard/ShortcutProvider.tsx';
import { MapCounters } from './MapCounters.tsx';
import { MapLegend } from './MapLegend.tsx';

/** The standard overlays of a console map: counters on top, the legend (toggled with `l`). */
export function MapOverlays() {
  const [legend, setLegend] = useState(true);
  useShortcut({
    id: 'map.legend',
    keys: 'l',
    description: 'keyboard.shortcut.legend',
    group: 'keyboard.group.map',
    run: () => setLegend((shown) => !shown),
  });
  return (
    <>
      <MapCounters />
      {legend && <MapLegend />}
    </>
  );
}
