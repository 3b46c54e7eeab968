import { Map as MapLibreMap } from 'maplibre-gl';
import type { UnitKind, UnitStatus, UnitView } from '@jiefang/contract';
import type { PositionUpdate } from '../../src/live/live-protocol.ts';
import { LiveStore } from '../../src/live/live-store.ts';
import { UNIT_KINDS, UNIT_STATUSES } from '../../src/live/unit-codes.ts';
import { LiveMapLayers } from '../../src/map/live-map-layers.ts';
import { setUpMapLibre, workersUnpackUnits } from '../../src/map/maplibre-setup.ts';

/**
 * The page of `npm run bench:web`: the console's own live store and map layers on a MapLibre
 * map in headless Chromium, fed 20,000 units and then batches of 20,000 position updates.
 * One sample is the main-thread time from the socket frame's text until MapLibre has posted the
 * new GeoJSON to its worker: `JSON.parse` of the frame (the console parses every frame on the
 * main thread), store apply, feature update, `setData` and MapLibre's own serialisation and
 * postMessage. The worker's indexing and clustering run off the main
 * thread and are not counted (they are reported apart as `worker_ms`).
 */

export interface BenchOptions {
  units: number;
  batches: number;
  warmup: number;
}

export interface BenchSample {
  /** JSON.parse of the frame's text. */
  parseMs: number;
  /** Store apply + features + setData, synchronous part (after parsing). */
  syncMs: number;
  /** From the frame's text until MapLibre's postMessage of the data returned (parse included). */
  totalMs: number;
  /** `totalMs` without the parse: what `batch_<n>_ms` measured before parsing was counted. */
  applyMs: number;
  /** LiveMapLayers.apply alone (features + setData call). */
  layersMs: number;
  /** Until the source's worker reported the data loaded. */
  workerMs: number;
}

const CENTRE: [number, number] = [118.7837, 32.0446];

let lastPostEnd = 0;
const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, message: unknown, options?: unknown) {
  const result = postMessage.call(this, message, options as StructuredSerializeOptions);
  if ((message as { type?: string } | null)?.type === 'LD') lastPostEnd = performance.now();
  return result;
} as typeof Worker.prototype.postMessage;

function unitView(index: number): UnitView {
  const kind: UnitKind = UNIT_KINDS[index % 4];
  const status: UnitStatus = UNIT_STATUSES[index % 7 === 0 ? 2 : index % 11 === 0 ? 4 : 0];
  return {
    id: `unit-${index.toString(36)}-${(index * 7919).toString(36)}`,
    name: `U${index}`,
    kind,
    orgId: 'org',
    profile: 'drive',
    turnoutSeconds: 30,
    status,
    talkGroupIds: [],
    position: {
      lon: CENTRE[0] + (Math.random() - 0.5) * 0.08,
      lat: CENTRE[1] + (Math.random() - 0.5) * 0.06,
      at: 1,
      accuracyM: 5,
      road: null,
    },
    version: 1,
  };
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

async function run(options: BenchOptions): Promise<BenchSample[]> {
  setUpMapLibre();
  const map = new MapLibreMap({
    container: 'map',
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#0f1620' } }],
    },
    center: CENTRE,
    zoom: 13,
    attributionControl: false,
  });
  await map.once('load');
  const store = new LiveStore({ minBatchIntervalMs: 0 });
  const packedUnits = await workersUnpackUnits();
  if (!packedUnits) throw new Error('the MapLibre workers do not unpack units');
  const layers = new LiveMapLayers(map, store, { packedUnits });
  layers.install();
  let layersMs = 0;
  const apply = layers.apply.bind(layers);
  layers.apply = (change) => {
    const start = performance.now();
    apply(change);
    layersMs = performance.now() - start;
  };
  const views = Array.from({ length: options.units }, (_, i) => unitView(i));
  store.receive({
    type: 'snapshot',
    seq: 1,
    bbox: [118, 31, 119, 33],
    units: views,
    incidents: [],
    dispatches: [],
  });
  store.applyPending();
  await map.once('idle');

  const lon = views.map((v) => v.position!.lon);
  const lat = views.map((v) => v.position!.lat);
  const samples: BenchSample[] = [];
  for (let b = 0; b < options.warmup + options.batches; b++) {
    // The frame as the socket delivers it: built outside the measured time, parsed inside it.
    const updates: PositionUpdate[] = views.map((v, i) => {
      lon[i] += (Math.random() - 0.5) * 0.0004;
      lat[i] += (Math.random() - 0.5) * 0.0003;
      return {
        unitId: v.id,
        orgId: 'org',
        lon: lon[i],
        lat: lat[i],
        at: 2 + b,
        accuracyM: 5,
        road: null,
      };
    });
    const text = JSON.stringify({ type: 'positions', updates });
    await nextFrame();
    const loaded = new Promise<number>((resolve) => {
      const onData = (event: { sourceId?: string; sourceDataType?: string }) => {
        if (event.sourceId === 'units' && event.sourceDataType === 'content') {
          map.off('sourcedata', onData);
          resolve(performance.now());
        }
      };
      map.on('sourcedata', onData);
    });
    const start = performance.now();
    lastPostEnd = 0;
    const frame = JSON.parse(text) as { type: 'positions'; updates: PositionUpdate[] };
    const parsedAt = performance.now();
    store.receive(frame);
    store.applyPending();
    const syncEnd = performance.now();
    // MapLibre posts the data to its worker in a microtask right after setData.
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const workerEnd = await loaded;
    if (b < options.warmup) continue;
    const postEnd = lastPostEnd || syncEnd;
    samples.push({
      parseMs: parsedAt - start,
      syncMs: syncEnd - parsedAt,
      totalMs: postEnd - start,
      applyMs: postEnd - parsedAt,
      layersMs,
      workerMs: workerEnd - start,
    });
  }
  (window as unknown as { __benchMap: MapLibreMap }).__benchMap = map;
  return samples;
}

(window as unknown as { runBench: typeof run }).runBench = run;
document.title = 'ready';
