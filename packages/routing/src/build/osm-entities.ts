/** The slice of the OSM data model the graph builder needs; readers of every file format yield these. */
export type OsmTags = Record<string, string>;

export interface OsmNode {
  type: 'node';
  id: number;
  lat: number;
  lon: number;
  tags?: OsmTags;
}

export interface OsmWay {
  type: 'way';
  id: number;
  refs: number[];
  tags?: OsmTags;
}

export interface OsmRelationMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

export interface OsmRelation {
  type: 'relation';
  id: number;
  members: OsmRelationMember[];
  tags?: OsmTags;
}

export type OsmEntity = OsmNode | OsmWay | OsmRelation;

/** Bytes consumed so far out of the file's size, for progress bars. */
export type ProgressListener = (bytesRead: number, totalBytes: number) => void;
