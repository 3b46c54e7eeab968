/**
 * The basemap as plain GeoJSON, one FeatureCollection per layer. The shapes are a structural
 * subset of the `geojson` typings, so a layer can be handed to geojson-vt as it is.
 */
export type Position = [number, number];

export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export type BasemapGeometry =
  LineStringGeometry | PolygonGeometry | MultiPolygonGeometry | PointGeometry;

export interface BasemapFeature<
  G extends BasemapGeometry = BasemapGeometry,
  P extends object = object,
> {
  type: 'Feature';
  geometry: G;
  properties: P;
}

export interface BasemapCollection<
  F extends BasemapFeature<BasemapGeometry, object> = BasemapFeature,
> {
  type: 'FeatureCollection';
  features: F[];
}

export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'minor',
  'service',
  'path',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * A feature's label in each console language: `name_zh` only when OSM has a Chinese name (the
 * Chinese map shows no English label), `name_en` from `name:en` or the pinyin of the Chinese.
 */
export interface LabelNames {
  name_zh?: string;
  name_en?: string;
}

export interface RoadProperties extends LabelNames {
  class: RoadClass;
  name?: string;
  /** True when traffic may only go in the drawing direction (ways tagged oneway=-1 are reversed). */
  oneway?: boolean;
  /** Drawn above or below the street grid. */
  brunnel?: 'bridge' | 'tunnel';
  /** The `highway=*` value, for styles that want more than the class. */
  highway: string;
}

export interface WaterProperties extends LabelNames {
  /** 'water' for areas; 'river' | 'stream' | 'canal' for lines. */
  class: 'water' | 'river' | 'stream' | 'canal';
  name?: string;
}

export interface BuildingProperties extends LabelNames {
  name?: string;
}

export const LANDUSE_CLASSES = ['park', 'grass', 'forest', 'pitch'] as const;
export type LanduseClass = (typeof LANDUSE_CLASSES)[number];
export interface LanduseProperties extends LabelNames {
  class: LanduseClass;
  name?: string;
}

export interface RailProperties extends LabelNames {
  class: 'rail' | 'subway' | 'light_rail';
  name?: string;
  brunnel?: 'bridge' | 'tunnel';
}

export interface PlaceProperties extends LabelNames {
  name: string;
  /** `place=city`, `shop=mall`, `amenity=police`…: the OSM key=value the label stands for. */
  kind: string;
  /** 'place' for settlement and area names (place=*), 'poi' for everything else. */
  class: 'place' | 'poi';
  /** Label priority, 1 (most important) to 9: styles sort and thin labels by it. */
  rank: number;
}

export interface BasemapLayers {
  roads: BasemapCollection<BasemapFeature<LineStringGeometry, RoadProperties>>;
  water: BasemapCollection<
    BasemapFeature<PolygonGeometry | MultiPolygonGeometry | LineStringGeometry, WaterProperties>
  >;
  buildings: BasemapCollection<
    BasemapFeature<PolygonGeometry | MultiPolygonGeometry, BuildingProperties>
  >;
  landuse: BasemapCollection<
    BasemapFeature<PolygonGeometry | MultiPolygonGeometry, LanduseProperties>
  >;
  rail: BasemapCollection<BasemapFeature<LineStringGeometry, RailProperties>>;
  places: BasemapCollection<BasemapFeature<PointGeometry, PlaceProperties>>;
}

export type BasemapLayerName = keyof BasemapLayers;
export const BASEMAP_LAYER_NAMES: readonly BasemapLayerName[] = [
  'landuse',
  'water',
  'buildings',
  'roads',
  'rail',
  'places',
];

/** What an extraction found and left out, for the import log and the tests. */
export interface BasemapStats {
  nodes: number;
  ways: number;
  relations: number;
  features: Record<BasemapLayerName, number>;
  multipolygons: { drawn: number; skipped: number };
  /** Way refs to nodes the file lacks (cut at the extract's edge). */
  missingRefs: number;
}

export interface Basemap {
  layers: BasemapLayers;
  /** [west, south, east, north] of everything drawn. */
  bounds: [number, number, number, number];
  stats: BasemapStats;
}

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
