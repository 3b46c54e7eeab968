import { CityRouter, type LonLat } from '@jiefang/routing';
import { distinctPlaces, STATION_SPACING_METRES } from '@jiefang/server';
import { DEMO_CITY, loadDemoCity } from '../demo-city.ts';
import { formatSeconds, percent } from '../output.ts';

/**
 * What `npm start` runs until the dispatch server exists: load (or import) the demo city and
 * show what the engine answers about it.
 */
export async function startCommand(): Promise<number> {
  const started = performance.now();
  const { city, imported, path } = await loadDemoCity();
  const readyMs = performance.now() - started;
  const router = new CityRouter(city);
  const out: string[] = [];
  out.push(`Jiefang (街坊) — demo city ${DEMO_CITY.name}`);
  out.push(`  graph ${path} (${imported ? 'imported' : 'loaded'} in ${readyMs.toFixed(0)} ms)`);
  for (const p of city.profiles) {
    out.push(`  ${p.profile.padEnd(6)} ${p.nodeCount} vertices, ${p.edgeCount} edges`);
  }
  // The stations the demo seed makes: one per police POI, STATION_SPACING_METRES apart.
  const stations = distinctPlaces(
    city.places.filter((p) => p.kind === 'amenity=police'),
    STATION_SPACING_METRES,
  );
  out.push(`  ${stations.length} police stations: ${stations.map((s) => s.name).join(', ')}`);
  for (const profile of ['drive', 'walk']) {
    const coverage = router.coverage(
      stations.map((s) => [s.lon, s.lat] as LonLat),
      profile,
      [60, 180, 300],
    );
    out.push(
      `  roads within reach of a police station (${profile}, ${(coverage.totalMetres / 1000).toFixed(1)} km): ` +
        coverage.thresholds.map((t) => `${t.seconds / 60} min ${percent(t.share)}`).join(' · '),
    );
  }
  const mall = city.places.find((p) => p.name === '中央商场') ?? city.places[0];
  if (mall !== undefined && stations.length > 0) {
    const times = router.reach(
      [mall.lon, mall.lat],
      stations.map((s) => [s.lon, s.lat] as LonLat),
      'drive',
      600,
    );
    const best = times.reduce((b, t, i) => (t < times[b] ? i : b), 0);
    out.push(
      `  fastest police car to ${mall.name}: from ${stations[best].name}, ${formatSeconds(times[best])}`,
    );
  }
  out.push('  © OpenStreetMap contributors (ODbL)');
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
