import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';

/**
 * The graph file: a fixed preamble, a JSON header, then 8-byte-aligned typed-array sections.
 *
 *   0  8 bytes  magic "JFGRAPH\0"
 *   8  u32 LE   format version
 *  12  u32 LE   header length in bytes
 *  16  32 bytes sha256 of everything from byte 48 on: the file's fingerprint
 *  48  header   JSON: meta, names, and each section's profile, field, type, offset, length
 *
 * Loading maps sections as views of the file's buffer: nothing is parsed or copied, so a city
 * loads in the time it takes to read and hash it.
 */
// 2: edgeClass (the road class of each edge, for calibration).
// 3: places carry localNames ({zh, en}) and road names their nameLocalNames, so the console
//    names them in its language.
export const GRAPH_FORMAT_VERSION = 3;
const MAGIC = Buffer.from('JFGRAPH\0', 'latin1');
const PREAMBLE_BYTES = 48;

const ARRAY_FIELDS = {
  nodeLon: Float64Array,
  nodeLat: Float64Array,
  nodeOsmId: Float64Array,
  edgeU: Uint32Array,
  edgeV: Uint32Array,
  edgeForwardSeconds: Float32Array,
  edgeBackwardSeconds: Float32Array,
  edgeMetres: Float32Array,
  edgeName: Int32Array,
  edgeClass: Uint8Array,
  edgeGeomStart: Uint32Array,
  geomLon: Float64Array,
  geomLat: Float64Array,
  firstOut: Uint32Array,
  outHead: Uint32Array,
  outSeconds: Float32Array,
  outEdge: Uint32Array,
  firstIn: Uint32Array,
  inTail: Uint32Array,
  inSeconds: Float32Array,
  segmentIndex: Uint8Array,
} as const;
type ArrayField = keyof typeof ARRAY_FIELDS;

/**
 * A profile read from a file is complete when its header fields and every array section are
 * there: each section was built with its field's own array type (ARRAY_FIELDS), so presence is
 * what remains to check.
 */
function isProfileGraph(
  graph: Record<string, unknown>,
): graph is Record<string, unknown> & ProfileGraph {
  return (
    typeof graph.profile === 'string' &&
    typeof graph.nodeCount === 'number' &&
    typeof graph.edgeCount === 'number' &&
    Object.keys(ARRAY_FIELDS).every((field) => graph[field] !== undefined)
  );
}

interface SectionEntry {
  profile: string;
  field: ArrayField;
  offset: number;
  bytes: number;
}

interface Header {
  meta: CityGraphData['meta'];
  names: string[];
  nameLocalNames: CityGraphData['nameLocalNames'];
  places: CityGraphData['places'];
  profiles: { profile: string; nodeCount: number; edgeCount: number }[];
  sections: SectionEntry[];
}

export function encodeGraph(graph: CityGraphData): Buffer {
  const sections: SectionEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const profile of graph.profiles) {
    for (const field of Object.keys(ARRAY_FIELDS) as ArrayField[]) {
      const value = profile[field];
      const bytes =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      sections.push({ profile: profile.profile, field, offset, bytes: bytes.byteLength });
      chunks.push(bytes);
      const padding = (8 - (bytes.byteLength % 8)) % 8;
      if (padding > 0) chunks.push(new Uint8Array(padding));
      offset += bytes.byteLength + padding;
    }
  }
  const header: Header = {
    meta: graph.meta,
    names: graph.names,
    nameLocalNames: graph.nameLocalNames,
    places: graph.places,
    profiles: graph.profiles.map((p) => ({
      profile: p.profile,
      nodeCount: p.nodeCount,
      edgeCount: p.edgeCount,
    })),
    sections,
  };
  let headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerPadding = (8 - ((PREAMBLE_BYTES + headerBytes.byteLength) % 8)) % 8;
  headerBytes = Buffer.concat([headerBytes, Buffer.alloc(headerPadding, 0x20)]);
  const body = Buffer.concat([headerBytes, ...chunks]);
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(GRAPH_FORMAT_VERSION, 8);
  preamble.writeUInt32LE(headerBytes.byteLength, 12);
  createHash('sha256').update(body).digest().copy(preamble, 16);
  return Buffer.concat([preamble, body]);
}

/**
 * The graph's SHA-256 fingerprint, as stored in bytes 16-48 of its file: what a calibration is
 * bound to. Encodes the graph to compute it; a loaded file's fingerprint is the same value.
 */
export function graphFingerprint(graph: CityGraphData): string {
  return encodeGraph(graph).subarray(16, PREAMBLE_BYTES).toString('hex');
}

export interface DecodeOptions {
  /** Name used in error messages. */
  source?: string;
  /** Skip the checksum (trusted in-memory buffers); files are always verified by default. */
  verify?: boolean;
}

export function decodeGraph(buffer: Uint8Array, options: DecodeOptions = {}): CityGraphData {
  const source = options.source ?? 'graph';
  if (buffer.byteLength < PREAMBLE_BYTES || !MAGIC.equals(buffer.subarray(0, 8))) {
    throw new RoutingError(
      RoutingErrorCode.GRAPH_NOT_A_GRAPH,
      `${source} is not a Jiefang graph file (build one with 'jiefang import <osm-file> --out <city.graph>')`,
      source,
    );
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const version = view.getUint32(8, true);
  if (version !== GRAPH_FORMAT_VERSION) {
    throw new RoutingError(
      RoutingErrorCode.GRAPH_VERSION_MISMATCH,
      `${source} has graph format version ${version}; this build reads version ${GRAPH_FORMAT_VERSION}. Re-import the OSM file.`,
      source,
    );
  }
  const headerLength = view.getUint32(12, true);
  const bodyStart = PREAMBLE_BYTES + headerLength;
  if (bodyStart > buffer.byteLength) corrupt(source, 'the header runs past the end of the file');
  if (options.verify !== false) {
    const digest = createHash('sha256').update(buffer.subarray(PREAMBLE_BYTES)).digest();
    if (!digest.equals(buffer.subarray(16, 48))) {
      corrupt(source, 'its checksum does not match its content (truncated or damaged)');
    }
  }
  let header: Header;
  try {
    header = JSON.parse(
      Buffer.from(buffer.buffer, buffer.byteOffset + PREAMBLE_BYTES, headerLength).toString('utf8'),
    ) as Header;
  } catch {
    corrupt(source, 'its header is not valid JSON');
  }
  // Views need aligned offsets; a buffer from a pool may start anywhere, so copy only then.
  const aligned =
    (buffer.byteOffset + bodyStart) % 8 === 0 ? buffer : Uint8Array.prototype.slice.call(buffer);
  const base = aligned.byteOffset + bodyStart;
  const arrayBuffer = aligned.buffer as ArrayBuffer;
  const profiles = header.profiles.map((entry) => {
    const graph: Record<string, unknown> = { ...entry };
    for (const section of header.sections) {
      if (section.profile !== entry.profile) continue;
      if (bodyStart + section.offset + section.bytes > aligned.byteLength) {
        corrupt(source, `section ${entry.profile}.${section.field} runs past the end of the file`);
      }
      const Kind = ARRAY_FIELDS[section.field];
      if (Kind === undefined) corrupt(source, `unknown section ${section.field}`);
      const start = base + section.offset;
      graph[section.field] =
        section.field === 'segmentIndex'
          ? arrayBuffer.slice(start, start + section.bytes)
          : new Kind(arrayBuffer, start, section.bytes / Kind.BYTES_PER_ELEMENT);
    }
    if (!isProfileGraph(graph)) {
      const missing = Object.keys(ARRAY_FIELDS).find((field) => graph[field] === undefined);
      corrupt(source, `section ${entry.profile}.${missing} is missing`);
    }
    return graph;
  });
  return {
    meta: header.meta,
    names: header.names,
    nameLocalNames: header.nameLocalNames,
    places: header.places,
    profiles,
  };
}

export function writeGraphFile(path: string, graph: CityGraphData): number {
  const bytes = encodeGraph(graph);
  // Write then rename, so a crash never leaves a half-written graph under the final name.
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
  return bytes.byteLength;
}

export function readGraphFile(path: string): CityGraphData {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new RoutingError(
      RoutingErrorCode.GRAPH_NOT_A_GRAPH,
      `cannot read graph file ${path}: ${(error as Error).message}`,
      path,
    );
  }
  return decodeGraph(bytes, { source: path });
}

function corrupt(source: string, reason: string): never {
  throw new RoutingError(RoutingErrorCode.GRAPH_CORRUPT, `${source} is damaged: ${reason}`, source);
}
