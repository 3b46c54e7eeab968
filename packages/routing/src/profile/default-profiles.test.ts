import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from './default-profiles.ts';

// The README's speed table is the documentation users read; it must say what the code does.
describe("README's speed table", () => {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const rows = new Map<string, string[]>();
  for (const match of readme.matchAll(
    /^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$/gm,
  )) {
    rows.set(match[1], [match[2].trim(), match[3].trim(), match[4].trim()]);
  }
  const profiles = ['drive', 'walk', 'bike'];

  it('lists every class speed of every default profile', () => {
    profiles.forEach((profile, column) => {
      for (const [highway, kmh] of Object.entries(DEFAULT_PROFILES[profile].speeds)) {
        expect(rows.get(highway)?.[column], `${profile} ${highway}`).toBe(String(kmh));
      }
      for (const [service, kmh] of Object.entries(DEFAULT_PROFILES[profile].serviceSpeeds)) {
        expect(rows.get(`service=${service}`)?.[column], `${profile} service=${service}`).toBe(
          String(kmh),
        );
      }
    });
  });

  it('lists no speed the profiles do not have', () => {
    for (const [key, cells] of rows) {
      if (key === 'highway=') continue;
      cells.forEach((cell, column) => {
        if (cell === '—') return;
        const profile = DEFAULT_PROFILES[profiles[column]];
        const kmh = key.startsWith('service=')
          ? profile.serviceSpeeds[key.slice(8)]
          : profile.speeds[key];
        expect(kmh, `${profiles[column]} ${key}`).toBe(Number(cell));
      });
    }
  });
});
