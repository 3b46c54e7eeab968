/**
 * The MapLibre style (spec v8) the console draws the basemap with, built per request because
 * the tile URL must be absolute (MapLibre fetches tiles from a worker, which does not resolve
 * relative URLs against the page).
 *
 * Labels render offline without any glyph server: the style has no `glyphs` URL, and MapLibre
 * GL JS ≥ 5.11 then draws every label glyph in the browser with TinySDF, from the fonts named in
 * `text-font` (read as a CSS font-family fallback list, `sans-serif` appended). Chinese names
 * come out in the machine's own CJK font (Noto Sans CJK / Source Han / WenQuanYi on Linux,
 * Microsoft YaHei on Windows, PingFang on macOS). See packages/basemap/README.md.
 */
import { OSM_ATTRIBUTION, type RoadClass } from '@jiefang/basemap';
import { basemapLabelField, type LabelLanguage } from '@jiefang/contract';

/** Local fonts, best first; Chinese-capable ones lead so Latin and Han share one design. */
export const LABEL_FONTS = [
  'Noto Sans CJK SC',
  'Noto Sans SC',
  'Source Han Sans SC',
  'WenQuanYi Zen Hei',
  'Microsoft YaHei',
  'PingFang SC',
  'Arial',
];

export interface BasemapStyleOptions {
  /** Absolute URL template of the tiles, with {z}, {x} and {y}. */
  tileUrl: string;
  /** [west, south, east, north] of the data. */
  bounds: [number, number, number, number];
  /** Where the map opens. */
  center: [number, number];
  zoom?: number;
  maxzoom: number;
  /** Only if a glyph server is set up: `…/{fontstack}/{range}.pbf`. Default: none (local fonts). */
  glyphs?: string;
  /** The language of the labels (default zh-CN, the city's own). */
  language?: LabelLanguage;
}

export const BASEMAP_SOURCE = 'city';

type Expression = unknown[];
type Layer = Record<string, unknown> & { id: string; type: string };

/** Road classes bottom to top: bigger roads are drawn over smaller ones. */
const ROAD_ORDER: RoadClass[] = [
  'path',
  'service',
  'minor',
  'tertiary',
  'secondary',
  'primary',
  'trunk',
  'motorway',
];

/** Line width in px at zoom 12, 14, 16 and 18, per class. */
const ROAD_WIDTH: Record<Exclude<RoadClass, 'path'>, [number, number, number, number]> = {
  motorway: [1.6, 4, 9, 20],
  trunk: [1.6, 4, 9, 20],
  primary: [1.4, 3.5, 8, 18],
  secondary: [1.2, 3, 7, 16],
  tertiary: [0.9, 2.4, 6, 14],
  minor: [0.5, 1.5, 4.5, 11],
  service: [0.2, 0.8, 2.5, 7],
};

const ROAD_FILL: Record<Exclude<RoadClass, 'path'>, string> = {
  motorway: '#e892a2',
  trunk: '#f9b29c',
  primary: '#fcd6a4',
  secondary: '#f7fabf',
  tertiary: '#ffffff',
  minor: '#ffffff',
  service: '#ffffff',
};

const ROAD_CASING: Record<Exclude<RoadClass, 'path'>, string> = {
  motorway: '#c24e6b',
  trunk: '#c84e2f',
  primary: '#a06b00',
  secondary: '#707d05',
  tertiary: '#a8a8a8',
  minor: '#bdbdbd',
  service: '#c8c8c8',
};

function byClass<T>(values: Record<string, T>, fallback: T): Expression {
  const match: unknown[] = ['match', ['get', 'class']];
  for (const [key, value] of Object.entries(values)) match.push(key, value);
  match.push(fallback);
  return match;
}

/** Width by zoom (exponential, as a road's real width grows on screen) and by class. */
function roadWidth(extra: number): Expression {
  const stops: unknown[] = [];
  [12, 14, 16, 18].forEach((zoom, i) => {
    const widths = Object.fromEntries(
      Object.entries(ROAD_WIDTH).map(([cls, w]) => [
        cls,
        +(w[i] + extra * (i + 1) * 0.5).toFixed(2),
      ]),
    );
    stops.push(zoom, byClass(widths, 1));
  });
  return ['interpolate', ['exponential', 1.5], ['zoom'], ...stops];
}

const roadRank: Expression = byClass(Object.fromEntries(ROAD_ORDER.map((cls, i) => [cls, i])), 0);

export function buildBasemapStyle(options: BasemapStyleOptions): Record<string, unknown> {
  const font = LABEL_FONTS;
  const label = basemapLabelField(options.language ?? 'zh-CN');
  const notPath = ['!=', ['get', 'class'], 'path'];
  const isTunnel = ['==', ['get', 'brunnel'], 'tunnel'];
  const halo = { 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 };

  const layers: Layer[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f2efe9' } },
    {
      id: 'landuse',
      type: 'fill',
      source: BASEMAP_SOURCE,
      'source-layer': 'landuse',
      paint: {
        'fill-color': byClass(
          { park: '#c8e6b4', forest: '#add19e', grass: '#d6ecc4', pitch: '#aae0cb' },
          '#d6ecc4',
        ),
        'fill-outline-color': byClass({ pitch: '#88c7ad' }, 'rgba(0,0,0,0)'),
      },
    },
    {
      id: 'water-area',
      type: 'fill',
      source: BASEMAP_SOURCE,
      'source-layer': 'water',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#aad3df' },
    },
    {
      id: 'water-line',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'water',
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#aad3df',
        'line-width': [
          'interpolate',
          ['exponential', 1.5],
          ['zoom'],
          12,
          byClass({ river: 2, canal: 1.5 }, 1),
          18,
          byClass({ river: 16, canal: 10 }, 5),
        ],
      },
    },
    {
      id: 'buildings',
      type: 'fill',
      source: BASEMAP_SOURCE,
      'source-layer': 'buildings',
      minzoom: 14,
      paint: {
        'fill-color': '#d9d0c9',
        'fill-outline-color': '#bfb3a8',
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.4, 16, 1],
      },
    },
    {
      id: 'rail-tunnel',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'rail',
      filter: isTunnel,
      minzoom: 12,
      paint: {
        'line-color': '#9a9aa8',
        'line-width': 1.2,
        'line-dasharray': [3, 2],
        'line-opacity': 0.6,
      },
    },
    {
      id: 'road-path',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'roads',
      filter: ['==', ['get', 'class'], 'path'],
      minzoom: 15,
      paint: {
        'line-color': '#b8a89a',
        'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.8, 18, 2.5],
        'line-dasharray': [2, 1],
      },
    },
    {
      id: 'road-casing',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'roads',
      filter: notPath,
      minzoom: 11,
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': roadRank },
      paint: {
        'line-color': byClass(ROAD_CASING, '#bdbdbd'),
        'line-width': roadWidth(1.5),
        'line-opacity': ['case', isTunnel, 0.5, 1],
      },
    },
    {
      id: 'road-fill',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'roads',
      filter: notPath,
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': roadRank },
      paint: {
        'line-color': byClass(ROAD_FILL, '#ffffff'),
        'line-width': roadWidth(0),
        'line-opacity': ['case', isTunnel, 0.6, 1],
      },
    },
    {
      id: 'rail',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'rail',
      filter: ['!', isTunnel],
      paint: {
        'line-color': '#8c8c99',
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1, 18, 3],
      },
    },
    {
      id: 'water-label',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      'source-layer': 'water',
      filter: ['all', ['==', ['geometry-type'], 'LineString'], ['has', 'name']],
      minzoom: 13,
      layout: {
        'symbol-placement': 'line',
        'text-field': label,
        'text-font': font,
        'text-size': 12,
        'symbol-spacing': 400,
      },
      paint: { 'text-color': '#3a6d99', ...halo },
    },
    {
      id: 'road-label',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      'source-layer': 'roads',
      filter: ['all', ['has', 'name'], notPath],
      minzoom: 13,
      layout: {
        'symbol-placement': 'line',
        'symbol-sort-key': ['-', 10, roadRank],
        'symbol-spacing': 350,
        'text-field': label,
        'text-font': font,
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 11, 18, 15],
        'text-max-angle': 30,
        'text-rotation-alignment': 'map',
        'text-pitch-alignment': 'viewport',
      },
      paint: { 'text-color': '#3b3b3b', ...halo },
    },
    {
      id: 'poi-label-minor',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      'source-layer': 'places',
      filter: ['all', ['==', ['get', 'class'], 'poi'], ['>', ['get', 'rank'], 6]],
      minzoom: 16,
      layout: {
        'symbol-sort-key': ['get', 'rank'],
        'text-field': label,
        'text-font': font,
        'text-size': 11,
        'text-max-width': 8,
      },
      paint: { 'text-color': '#6b5a4b', ...halo },
    },
    {
      id: 'poi-label',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      'source-layer': 'places',
      filter: ['all', ['==', ['get', 'class'], 'poi'], ['<=', ['get', 'rank'], 6]],
      minzoom: 14,
      layout: {
        'symbol-sort-key': ['get', 'rank'],
        'text-field': label,
        'text-font': font,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 18, 14],
        'text-max-width': 8,
      },
      paint: { 'text-color': '#4a3b2e', ...halo },
    },
    {
      id: 'place-label',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      'source-layer': 'places',
      filter: ['==', ['get', 'class'], 'place'],
      minzoom: 10,
      layout: {
        'symbol-sort-key': ['get', 'rank'],
        'text-field': label,
        'text-font': font,
        'text-size': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['-', 18, ['get', 'rank']],
          16,
          ['-', 22, ['get', 'rank']],
        ],
        'text-letter-spacing': 0.1,
      },
      paint: { 'text-color': '#333333', ...halo, 'text-halo-width': 2 },
    },
  ];

  return {
    version: 8,
    name: 'Jiefang basemap',
    metadata: { 'jiefang:attribution': OSM_ATTRIBUTION },
    center: options.center,
    zoom: options.zoom ?? 14,
    sources: {
      [BASEMAP_SOURCE]: {
        type: 'vector',
        tiles: [options.tileUrl],
        minzoom: 0,
        maxzoom: options.maxzoom,
        bounds: options.bounds,
        attribution: OSM_ATTRIBUTION,
      },
    },
    ...(options.glyphs === undefined ? {} : { glyphs: options.glyphs }),
    layers,
  };
}
