export { extractBasemap, type ExtractOptions } from './extract.ts';
export {
  BASEMAP_FORMAT,
  BASEMAP_FORMAT_VERSION,
  buildBasemapFile,
  decodeBasemap,
  readBasemapFile,
  writeBasemapFile,
  type BasemapFile,
} from './basemap-file.ts';
export { BasemapError, BasemapErrorCode } from './errors.ts';
export {
  BASEMAP_LAYER_NAMES,
  LANDUSE_CLASSES,
  OSM_ATTRIBUTION,
  ROAD_CLASSES,
  type Basemap,
  type BasemapCollection,
  type BasemapFeature,
  type BasemapGeometry,
  type BasemapLayerName,
  type BasemapLayers,
  type BasemapStats,
  type BuildingProperties,
  type LabelNames,
  type LanduseClass,
  type LanduseProperties,
  type PlaceProperties,
  type RailProperties,
  type RoadClass,
  type RoadProperties,
  type WaterProperties,
} from './layers.ts';
