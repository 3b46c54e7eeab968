import type { Page } from 'playwright-core';
import type { MapHandleWindow } from '../src/map/map-handle.ts';

/** The page's window once the map is there. */
export type ConsoleWindow = Required<MapHandleWindow>;

/**
 * Questions to the console's MapLibre map in the page (window.__jiefangMap, map/map-handle.ts).
 * The functions run in the browser: they may only use what they are given.
 */

/** Resolves once the map exists, its style loaded and nothing is loading or moving. */
export async function waitForMapIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => Boolean((window as MapHandleWindow).__jiefangMap), null, {
    timeout,
  });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as ConsoleWindow).__jiefangMap;
        if (map.loaded() && !map.isMoving()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/** How many rendered features each of these layers has in the current view. */
export async function renderedFeatureCounts(
  page: Page,
  layers: string[],
): Promise<Record<string, number>> {
  return page.evaluate((ids) => {
    const map = (window as unknown as ConsoleWindow).__jiefangMap;
    const counts: Record<string, number> = {};
    for (const id of ids) {
      counts[id] = map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : 0;
    }
    return counts;
  }, layers);
}

/** Waits until the map has rendered at least one feature of one of these layers. */
export async function waitForRenderedFeatures(
  page: Page,
  layers: string[],
  timeout = 60_000,
): Promise<void> {
  await page.waitForFunction(
    (ids) => {
      const map = (window as MapHandleWindow).__jiefangMap;
      if (!map || !map.isStyleLoaded()) return false;
      const present = ids.filter((id) => map.getLayer(id));
      return present.length > 0 && map.queryRenderedFeatures({ layers: present }).length > 0;
    },
    layers,
    { timeout, polling: 250 },
  );
}
