// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { UnitView } from '@jiefang/contract';
import { kindCode, statusCode } from '../live/unit-codes.ts';
import { UnitTable } from '../live/unit-table.ts';
import {
  packedArrayOf,
  packedUnitsData,
  packUnits,
  PACKED_UNITS_STRIDE,
  unpackUnits,
} from './packed-units.ts';
import {
  installPackedUnitsLoader,
  PACKED_UNITS_PING,
  type MapLibreWorkerScope,
} from './worker/packed-units-loader.ts';

function view(
  id: string,
  kind: UnitView['kind'],
  status: UnitView['status'],
  lon?: number,
): UnitView {
  return {
    id,
    name: id,
    kind,
    orgId: 'o',
    profile: 'drive',
    turnoutSeconds: 0,
    status,
    talkGroupIds: [],
    position: lon === undefined ? null : { lon, lat: 32.04, at: 5, accuracyM: 3, road: null },
    version: 1,
  };
}

describe('packed units (the units layer data)', () => {
  it('packs located units only and unpacks them into GeoJSON points with row ids', () => {
    const table = new UnitTable();
    table.upsert(view('a', 'police', 'available', 118.78));
    table.upsert(view('b', 'grid', 'on_scene')); // no position yet: not drawn
    table.upsert(view('c', 'community', 'en_route', 118.79));
    const packed = packUnits(table);
    expect(packed.length).toBe(2 * PACKED_UNITS_STRIDE);
    const collection = unpackUnits(packed);
    expect(collection.features).toEqual([
      {
        type: 'Feature',
        id: 0,
        geometry: { type: 'Point', coordinates: [118.78, 32.04] },
        properties: { kind: kindCode('police'), status: statusCode('available') },
      },
      {
        type: 'Feature',
        id: 2,
        geometry: { type: 'Point', coordinates: [118.79, 32.04] },
        properties: { kind: kindCode('community'), status: statusCode('en_route') },
      },
    ]);
  });

  it('keeps row numbers exact far beyond 20,000 units', () => {
    const table = new UnitTable();
    for (let i = 0; i < 70_000; i++)
      table.upsert(view(`u${i}`, 'special', 'out_of_service', 118 + i * 1e-6));
    const features = unpackUnits(packUnits(table)).features;
    expect(features[69_999].id).toBe(69_999);
    expect(features[69_999].properties).toEqual({
      kind: kindCode('special'),
      status: statusCode('out_of_service'),
    });
  });

  it('packs 20,000 units in well under a millisecond per thousand', () => {
    const table = new UnitTable();
    for (let i = 0; i < 20_000; i++)
      table.upsert(view(`u${i}`, 'police', 'available', 118 + i * 1e-6));
    const started = performance.now();
    for (let i = 0; i < 10; i++) packUnits(table);
    expect((performance.now() - started) / 10).toBeLessThan(20);
  });
});

describe('the worker-side loader', () => {
  it('unpacks packed data before MapLibre loads it and passes other data through', async () => {
    const seen: unknown[] = [];
    const handlers: Record<string, ((...args: never[]) => unknown) | undefined> = {
      LD: (_mapId: unknown, params: { data: unknown }) => seen.push(params.data),
    };
    const scope = {
      worker: {
        actor: {
          messageHandlers: handlers,
          registerMessageHandler: (type: string, handler: (...args: never[]) => unknown) => {
            handlers[type] = handler;
          },
        },
      },
    } as unknown as MapLibreWorkerScope;
    expect(installPackedUnitsLoader(scope)).toBe(true);
    const table = new UnitTable();
    table.upsert(view('a', 'police', 'available', 118.78));
    const load = handlers.LD as unknown as (mapId: string, params: { data: unknown }) => unknown;
    load('map', { data: packedUnitsData(packUnits(table)) });
    load('map', { data: { type: 'FeatureCollection', features: [] } });
    expect((seen[0] as ReturnType<typeof unpackUnits>).features).toHaveLength(1);
    expect(packedArrayOf(seen[1])).toBeUndefined();
    await expect(
      (handlers[PACKED_UNITS_PING] as unknown as () => Promise<boolean>)(),
    ).resolves.toBe(true);
  });

  it('reports when MapLibre has no load-data handler to wrap', () => {
    expect(installPackedUnitsLoader({})).toBe(false);
  });
});
