import { tilesAround, type LonLat } from '@jiefang/core';

/** Zooms a phone keeps for its area: the street detail it navigates by, and the overview. */
const AREA_ZOOMS = [12, 13, 14, 15, 16];
/** Half the side of the square kept around the unit (≈ the area a tier-1 unit is sent within). */
const AREA_HALF_METRES = 2000;

/**
 * Fetches the basemap tiles of the unit's area once, so that the service worker's tile cache
 * holds them before the signal goes (tiles seen on the map are cached as they are drawn too).
 * Returns how many tiles were fetched.
 */
export async function warmAreaTiles(
  centre: LonLat,
  fetchTile: (url: string) => Promise<unknown> = (url) =>
    fetch(url, { credentials: 'same-origin' }),
): Promise<number> {
  const urls = tilesAround(centre, AREA_HALF_METRES, AREA_ZOOMS).map(
    ({ z, x, y }) => `/api/v1/tiles/${z}/${x}/${y}.pbf`,
  );
  // A few at a time: the phone's own map is loading too.
  let next = 0;
  const worker = async () => {
    while (next < urls.length) await fetchTile(urls[next++]).catch(() => undefined);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return urls.length;
}
