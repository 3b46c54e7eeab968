/**
 * Streams the entities of an OSM file (.osm.pbf, .osm, .osm.gz) as batches.
 *
 * Entities pass through in file order: extracts are often unsorted (ways before their nodes,
 * ids descending), so nothing here relies on order and the consumer must not either.
 *
 * Every failure caused by the file itself becomes a RoutingError (OSM_FILE_UNREADABLE,
 * OSM_FORMAT_UNKNOWN or OSM_FILE_CORRUPT) whose message names the file, so a CLI can print it
 * as is. Errors thrown by the caller's own progress listener and aborts pass through untouched.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { parse as parsePrimitiveBlock } from 'osm-pbf-parser-node';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type {
  OsmEntity,
  OsmNode,
  OsmRelation,
  OsmRelationMember,
  OsmTags,
  OsmWay,
  ProgressListener,
} from './osm-entities.ts';

export interface ReadOsmOptions {
  /** Called with raw (for .osm.gz: compressed) file bytes consumed; throttled, plus a final call. */
  onProgress?: ProgressListener;
  /** Aborting stops the stream between batches; the generator then throws `signal.reason`. */
  signal?: AbortSignal;
}

type OsmFileFormat = 'pbf' | 'xml' | 'xml.gz';

/**
 * Most PBF writers put 8000 entities in a block, but some (osmconvert) put a whole file's
 * nodes in one; capping every batch keeps abort and progress granularity the same for all.
 */
const BATCH_SIZE = 8000;
/** Big reads keep per-chunk overhead (parser calls, promise turns) negligible. */
const READ_CHUNK_BYTES = 256 * 1024;
const PROGRESS_INTERVAL_MS = 50;
/** Limits from the PBF spec; anything larger means a damaged length field, not a big file. */
const PBF_MAX_HEADER_BYTES = 64 * 1024;
const PBF_MAX_BLOB_BYTES = 32 * 1024 * 1024;
/** Blocks inflating on the libuv pool while the main thread parses the previous one. */
const PBF_INFLATE_AHEAD = 3;
/** Features this reader honours; a file requiring any other would be silently misread. */
const PBF_SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

const inflateAsync = promisify(zlib.inflate);

export async function* readOsm(
  path: string,
  options: ReadOsmOptions = {},
): AsyncGenerator<OsmEntity[]> {
  const { signal } = options;
  signal?.throwIfAborted();
  const ctx = new ReadContext(path, options);
  try {
    const { handle, size } = await openOsmFile(path);
    ctx.handle = handle;
    ctx.totalBytes = size;
    const format = await detectFormat(handle, path, size);
    if (format === 'pbf') yield* readPbf(ctx);
    else yield* readXml(ctx, format === 'xml.gz');
    ctx.progressFinal();
  } catch (err) {
    throw ctx.translate(err);
  } finally {
    await ctx.close();
  }
}

class ReadContext {
  handle: FileHandle | undefined;
  private streams: Readable[] = [];
  totalBytes = 0;
  /** Bytes of the file consumed so far; for PBF, up to the end of the last blob handed out. */
  bytesRead = 0;
  private lastProgressAt = -Infinity;
  /** What the caller's own listener threw; it must reach the caller unrelabelled. */
  private listenerError: { thrown: unknown } | undefined;

  constructor(
    readonly path: string,
    private readonly options: ReadOsmOptions,
  ) {}

  openStream(): Readable {
    // autoClose off: the handle is shared with the format probe and closed once, in close().
    const stream = this.handle!.createReadStream({
      start: 0,
      highWaterMark: READ_CHUNK_BYTES,
      autoClose: false,
    });
    this.streams.push(stream);
    return stream;
  }

  track(stream: Readable): void {
    this.streams.push(stream);
  }

  checkAbort(): void {
    this.options.signal?.throwIfAborted();
  }

  progress(bytesRead: number): void {
    this.bytesRead = bytesRead;
    const listener = this.options.onProgress;
    if (listener === undefined) return;
    const now = performance.now();
    if (now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    this.callListener(bytesRead);
  }

  progressFinal(): void {
    if (this.options.onProgress !== undefined) this.callListener(this.bytesRead);
  }

  private callListener(bytesRead: number): void {
    // A file that grew while we read must not push the bar past 100 %.
    this.totalBytes = Math.max(this.totalBytes, bytesRead);
    try {
      this.options.onProgress!(bytesRead, this.totalBytes);
    } catch (err) {
      this.listenerError = { thrown: err };
      throw err;
    }
  }

  corrupt(what: string): RoutingError {
    return new RoutingError(
      RoutingErrorCode.OSM_FILE_CORRUPT,
      `OSM file ${this.path} is corrupt: ${what}`,
      this.path,
    );
  }

  unknownFormat(what: string): RoutingError {
    return unknownFormat(this.path, what);
  }

  translate(err: unknown): unknown {
    if (err instanceof RoutingError) return err;
    if (this.listenerError !== undefined && err === this.listenerError.thrown) return err;
    if (this.options.signal?.aborted && err === this.options.signal.reason) return err;
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.syscall === 'string') return unreadable(this.path, e);
    if (typeof e?.code === 'string' && e.code.startsWith('Z_')) {
      if (e.code === 'Z_BUF_ERROR') {
        return this.corrupt(
          `unexpected end of file after ${byteCount(this.bytesRead)} (truncated gzip stream?)`,
        );
      }
      return this.corrupt(`gzip data is damaged near byte ${this.bytesRead} (${e.message})`);
    }
    if (e?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      return this.corrupt(`text is not valid UTF-8 near byte ${this.bytesRead}`);
    }
    const message = err instanceof Error ? err.message : String(err);
    return this.corrupt(`${message} (near byte ${this.bytesRead})`);
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.destroy();
    await this.handle?.close().catch(() => {});
  }
}

function byteCount(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

function unreadable(path: string, err: NodeJS.ErrnoException): RoutingError {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a parent of it is not a directory',
    EMFILE: 'too many open files',
    EIO: 'I/O error',
  };
  const reason = reasons[err.code ?? ''] ?? err.code ?? err.message;
  return new RoutingError(
    RoutingErrorCode.OSM_FILE_UNREADABLE,
    `Cannot read OSM file ${path}: ${reason}`,
    path,
  );
}

function unknownFormat(path: string, what: string): RoutingError {
  return new RoutingError(
    RoutingErrorCode.OSM_FORMAT_UNKNOWN,
    `${path} is not a readable OSM file (.osm.pbf, .osm or .osm.gz): ${what}`,
    path,
  );
}

async function openOsmFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err as NodeJS.ErrnoException);
  }
  let problem: RoutingError;
  try {
    const stat = await handle.stat();
    // Only a regular file has a size to report progress against and can be read twice.
    if (stat.isFile()) return { handle, size: stat.size };
    problem = stat.isDirectory()
      ? unreadable(path, { code: 'EISDIR' } as NodeJS.ErrnoException)
      : new RoutingError(
          RoutingErrorCode.OSM_FILE_UNREADABLE,
          `Cannot read OSM file ${path}: not a regular file`,
          path,
        );
  } catch (err) {
    problem = unreadable(path, err as NodeJS.ErrnoException);
  }
  await handle.close().catch(() => {});
  throw problem;
}

// ---------------------------------------------------------------------------------------------
// Format detection

/** Enough for the largest BlobHeader the PBF spec allows, so a PBF is never misjudged. */
const PROBE_BYTES = 4 + PBF_MAX_HEADER_BYTES;
const PBF_HEADER_PREFIX = Buffer.from([0x0a, 0x09, ...Buffer.from('OSMHeader')]);

async function detectFormat(
  handle: FileHandle,
  path: string,
  size: number,
): Promise<OsmFileFormat> {
  const probe = Buffer.alloc(Math.min(size, PROBE_BYTES));
  let length = 0;
  while (length < probe.length) {
    const { bytesRead } = await handle.read(probe, length, probe.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  const head = probe.subarray(0, length);
  const byExtension = formatFromExtension(path);

  const sniffed = sniffFormat(head);
  if (typeof sniffed === 'string') return sniffed;
  // The bytes are too few to decide; the name breaks the tie if it names a format they could
  // still turn out to be, and that format's reader then reports the cut-off content.
  if (byExtension !== undefined && sniffed.has(byExtension)) {
    if (head.length === 0) {
      throw new RoutingError(
        RoutingErrorCode.OSM_FILE_CORRUPT,
        `OSM file ${path} is corrupt: the file is empty (0 bytes)`,
        path,
      );
    }
    return byExtension;
  }
  if (head.length === 0) throw unknownFormat(path, 'the file is empty (0 bytes)');
  throw unknownFormat(path, describeUnknown(head));
}

/** A format when the bytes prove it, else the formats the bytes are still a prefix of. */
function sniffFormat(head: Buffer): OsmFileFormat | Set<OsmFileFormat> {
  const possible = new Set<OsmFileFormat>();

  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'xml.gz';
  if (head.length < 2 && (head.length === 0 || head[0] === 0x1f)) possible.add('xml.gz');

  let i = 0;
  const bom = [0xef, 0xbb, 0xbf];
  while (i < 3 && i < head.length && head[i] === bom[i]) i++;
  if (i === 0 || i === 3) {
    while (i < head.length && isXmlSpace(head[i])) i++;
    if (i < head.length && head[i] === 0x3c /* < */) return 'xml';
    if (i === head.length) possible.add('xml');
  } else if (i === head.length) {
    possible.add('xml');
  }

  // A damaged length prefix in front of an intact header is still a (corrupt) PBF.
  if (head.subarray(4, 4 + PBF_HEADER_PREFIX.length).equals(PBF_HEADER_PREFIX)) return 'pbf';
  if (head.length >= 4) {
    const headerLength = head.readUInt32BE(0);
    if (headerLength > 0 && headerLength <= PBF_MAX_HEADER_BYTES) {
      const header = head.subarray(4, 4 + headerLength);
      if (header.includes('OSMHeader')) return 'pbf';
      const n = Math.min(header.length, PBF_HEADER_PREFIX.length);
      const isPrefix = header.subarray(0, n).equals(PBF_HEADER_PREFIX.subarray(0, n));
      if (header.length < headerLength && isPrefix) possible.add('pbf');
    }
  } else if (head.length === 0 || (head[0] === 0 && (head.length < 2 || head[1] <= 1))) {
    // A big-endian header length of at most 64 KiB starts with 00 00 or 00 01.
    possible.add('pbf');
  }
  return possible;
}

function isXmlSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function formatFromExtension(path: string): OsmFileFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.pbf')) return 'pbf';
  if (name.endsWith('.gz')) return 'xml.gz';
  if (name.endsWith('.osm') || name.endsWith('.xml')) return 'xml';
  return undefined;
}

function describeUnknown(head: Buffer): string {
  const known: [number[], string][] = [
    [[0x42, 0x5a, 0x68], 'bzip2-compressed data; only gzip is supported, decompress it first'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz-compressed data; decompress it first'],
    [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data; decompress it first'],
    [[0x50, 0x4b, 0x03, 0x04], 'a zip archive; extract the OSM file from it first'],
    [[0xff, 0xe0], 'an o5m file; convert it with `osmium cat in.o5m -o out.osm.pbf`'],
  ];
  for (const [magic, what] of known) {
    if (magic.every((byte, k) => head[k] === byte)) return `it holds ${what}`;
  }
  const first = head.subarray(0, 16);
  const hex = [...first].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...first].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
  return `it starts with bytes ${hex} ("${text.join('')}"), which match none of them`;
}

// ---------------------------------------------------------------------------------------------
// PBF
//
// osm-pbf-parser-node's OSMTransform is not used for the framing: when a block fails to inflate
// it throws inside the piped 'data' handler, which is an uncaughtException that leaves the
// consumer waiting forever, and on truncation it throws a bare "input format error". The framing
// below checks every declared size instead, and only the block decoding (`parse`) is the
// library's. Inflating on the libuv pool also overlaps with the main thread's parsing.

interface PbfBlob {
  index: number;
  /** File offset of the blob's 4-byte length prefix. */
  offset: number;
  /** File offset just past the blob. */
  end: number;
  type: string;
  data: Buffer;
}

async function* readPbf(ctx: ReadContext): AsyncGenerator<OsmEntity[]> {
  const framer = new PbfFramer(ctx);
  const ahead: { blob: PbfBlob; inflated: Promise<Buffer> }[] = [];
  let sawHeader = false;

  const emit = async (): Promise<OsmEntity[]> => {
    const { blob, inflated } = ahead.shift()!;
    const raw = await inflated;
    let entities: OsmEntity[];
    try {
      // parse() reads its second argument both as options and as the tag filter; without
      // node/way/relation keys it keeps every tag.
      entities = parsePrimitiveBlock(raw, { withInfo: false }) as OsmEntity[];
    } catch (err) {
      throw ctx.corrupt(`${describeBlob(blob)} does not decode (${(err as Error).message})`);
    }
    ctx.progress(blob.end);
    return entities;
  };

  for await (const chunk of ctx.openStream()) {
    ctx.checkAbort();
    framer.push(chunk as Buffer);
    let blob: PbfBlob | undefined;
    while ((blob = framer.next()) !== undefined) {
      if (blob.type === 'OSMHeader') {
        checkPbfHeader(ctx, blob, await inflateBlob(ctx, blob));
        sawHeader = true;
        ctx.progress(blob.end);
        continue;
      }
      if (!sawHeader) {
        throw ctx.corrupt(`${describeBlob(blob)} comes before the OSMHeader block`);
      }
      if (blob.type !== 'OSMData') continue; // The spec tells readers to skip unknown blob types.
      const inflated = inflateBlob(ctx, blob);
      // Rejections are surfaced when the block's turn comes; this only stops Node reporting
      // them as unhandled if an earlier failure ends the read first.
      inflated.catch(() => {});
      ahead.push({ blob, inflated });
      while (ahead.length > PBF_INFLATE_AHEAD) {
        for (const batch of splitBatches(await emit())) {
          yield batch;
          ctx.checkAbort();
        }
      }
    }
  }
  framer.finish();
  if (!sawHeader) throw ctx.corrupt('no OSMHeader block');
  while (ahead.length > 0) {
    for (const batch of splitBatches(await emit())) {
      yield batch;
      ctx.checkAbort();
    }
  }
  ctx.progress(framer.offset);
}

function splitBatches(entities: OsmEntity[]): OsmEntity[][] {
  if (entities.length <= BATCH_SIZE) return entities.length > 0 ? [entities] : [];
  const batches: OsmEntity[][] = [];
  for (let i = 0; i < entities.length; i += BATCH_SIZE) {
    batches.push(entities.slice(i, i + BATCH_SIZE));
  }
  return batches;
}

function describeBlob(blob: PbfBlob): string {
  return `block #${blob.index} (${blob.type}) at byte ${blob.offset}`;
}

async function inflateBlob(ctx: ReadContext, blob: PbfBlob): Promise<Buffer> {
  let raw: Buffer | undefined;
  let rawSize: number | undefined;
  let zlibData: Buffer | undefined;
  let other: string | undefined;
  try {
    const r = new ProtoReader(blob.data);
    while (r.more()) {
      const [field, wire] = r.key();
      if (field === 1 && wire === 2) raw = r.bytes();
      else if (field === 2 && wire === 0) rawSize = r.varint();
      else if (field === 3 && wire === 2) zlibData = r.bytes();
      else if (field >= 4 && field <= 7 && wire === 2) {
        other = ['lzma', 'bzip2', 'lz4', 'zstd'][field - 4];
        r.skip(wire);
      } else r.skip(wire);
    }
  } catch (err) {
    throw ctx.corrupt(`${describeBlob(blob)} is malformed (${(err as Error).message})`);
  }
  if (raw !== undefined) return raw;
  if (zlibData === undefined) {
    if (other !== undefined) {
      throw ctx.unknownFormat(
        `it uses ${other}-compressed blocks and only zlib is supported; ` +
          `re-encode it with \`osmium cat in.osm.pbf -o out.osm.pbf\``,
      );
    }
    throw ctx.corrupt(`${describeBlob(blob)} holds no data`);
  }
  if (rawSize !== undefined && rawSize > PBF_MAX_BLOB_BYTES) {
    throw ctx.corrupt(`${describeBlob(blob)} declares an implausible size of ${rawSize} bytes`);
  }
  let inflated: Buffer;
  try {
    inflated = await inflateAsync(zlibData, { maxOutputLength: PBF_MAX_BLOB_BYTES });
  } catch (err) {
    throw ctx.corrupt(`${describeBlob(blob)} does not inflate (${(err as Error).message})`);
  }
  if (rawSize !== undefined && inflated.length !== rawSize) {
    throw ctx.corrupt(
      `${describeBlob(blob)} inflates to ${inflated.length} bytes, not the declared ${rawSize}`,
    );
  }
  return inflated;
}

function checkPbfHeader(ctx: ReadContext, blob: PbfBlob, data: Buffer): void {
  const required: string[] = [];
  try {
    const r = new ProtoReader(data);
    while (r.more()) {
      const [field, wire] = r.key();
      if (field === 4 && wire === 2) required.push(r.bytes().toString('utf8'));
      else r.skip(wire);
    }
  } catch (err) {
    throw ctx.corrupt(`${describeBlob(blob)} is malformed (${(err as Error).message})`);
  }
  const unsupported = required.filter((feature) => !PBF_SUPPORTED_FEATURES.has(feature));
  if (unsupported.length > 0) {
    throw ctx.unknownFormat(`it requires unsupported PBF features: ${unsupported.join(', ')}`);
  }
}

/** Cuts the byte stream into blobs, checking each declared size against what arrives. */
class PbfFramer {
  private chunks: Buffer[] = [];
  private head = 0;
  private buffered = 0;
  /** File offset of the first byte not yet taken from the queue. */
  offset = 0;
  private state: 'length' | 'header' | 'data' = 'length';
  private blobOffset = 0;
  private headerLength = 0;
  private type = '';
  private dataSize = 0;
  private index = 0;

  constructor(private readonly ctx: ReadContext) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  next(): PbfBlob | undefined {
    while (true) {
      if (this.state === 'length') {
        if (this.buffered < 4) return undefined;
        this.blobOffset = this.offset;
        this.headerLength = this.take(4).readUInt32BE(0);
        if (this.headerLength === 0 || this.headerLength > PBF_MAX_HEADER_BYTES) {
          throw this.ctx.corrupt(
            `block #${this.index} at byte ${this.blobOffset} declares a header of ` +
              `${this.headerLength} bytes (at most ${PBF_MAX_HEADER_BYTES} allowed)`,
          );
        }
        this.state = 'header';
      }
      if (this.state === 'header') {
        if (this.buffered < this.headerLength) return undefined;
        this.readBlobHeader(this.take(this.headerLength));
        this.state = 'data';
      }
      if (this.buffered < this.dataSize) return undefined;
      const blob: PbfBlob = {
        index: this.index++,
        offset: this.blobOffset,
        end: this.offset + this.dataSize,
        type: this.type,
        data: this.take(this.dataSize),
      };
      this.state = 'length';
      return blob;
    }
  }

  /** Throws unless the stream ended exactly at a blob boundary. */
  finish(): void {
    if (this.state === 'length' && this.buffered === 0) return;
    const at = `unexpected end of file after ${byteCount(this.offset + this.buffered)} (truncated?)`;
    const block = `block #${this.index} at byte ${this.state === 'length' ? this.offset : this.blobOffset}`;
    const missing =
      this.state === 'length'
        ? `${block} has only ${this.buffered} of its 4 length bytes`
        : this.state === 'header'
          ? `${block} declares a ${this.headerLength}-byte header but only ${this.buffered} bytes follow`
          : `${block} (${this.type}) declares ${this.dataSize} data bytes but only ${this.buffered} follow`;
    throw this.ctx.corrupt(`${at}: ${missing}`);
  }

  private readBlobHeader(bytes: Buffer): void {
    let type: string | undefined;
    let dataSize: number | undefined;
    try {
      const r = new ProtoReader(bytes);
      while (r.more()) {
        const [field, wire] = r.key();
        if (field === 1 && wire === 2) type = r.bytes().toString('utf8');
        else if (field === 3 && wire === 0) dataSize = r.varint();
        else r.skip(wire);
      }
    } catch (err) {
      throw this.ctx.corrupt(
        `block #${this.index} at byte ${this.blobOffset} has a malformed header (${(err as Error).message})`,
      );
    }
    if (type === undefined || dataSize === undefined || dataSize > PBF_MAX_BLOB_BYTES) {
      throw this.ctx.corrupt(
        `block #${this.index} at byte ${this.blobOffset} has a malformed header ` +
          (dataSize !== undefined && dataSize > PBF_MAX_BLOB_BYTES
            ? `(declares ${dataSize} data bytes, at most ${PBF_MAX_BLOB_BYTES} allowed)`
            : '(missing type or size)'),
      );
    }
    this.type = type;
    this.dataSize = dataSize;
  }

  private take(n: number): Buffer {
    this.offset += n;
    this.buffered -= n;
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const k = Math.min(chunk.length - this.head, n - filled);
      chunk.copy(out, filled, this.head, this.head + k);
      filled += k;
      this.head += k;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }
}

/** Just enough protobuf to read the PBF framing messages; blocks go to the library. */
class ProtoReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  more(): boolean {
    return this.pos < this.buf.length;
  }

  key(): [field: number, wire: number] {
    const key = this.varint();
    return [Math.floor(key / 8), key % 8];
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('varint runs past the end');
      const byte = this.buf[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  }

  bytes(): Buffer {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.buf.length) throw new Error('field runs past the end');
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.advance(4);
    else throw new Error(`unsupported wire type ${wire}`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error('field runs past the end');
    this.pos += n;
  }
}

// ---------------------------------------------------------------------------------------------
// XML

async function* readXml(ctx: ReadContext, gzipped: boolean): AsyncGenerator<OsmEntity[]> {
  const file = ctx.openStream() as Readable & { bytesRead: number };
  let source: Readable = file;
  if (gzipped) {
    const gunzip = zlib.createGunzip();
    ctx.track(gunzip);
    // pipeline, unlike pipe, forwards a read error on the file into the gunzip iterator.
    source = pipeline(file, gunzip, () => {});
  }

  const xml = new OsmXmlHandler(ctx);
  // fatal: a byte that is not UTF-8 means damage, and a silently mangled street name is worse.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let textBytes = 0;
  try {
    for await (const chunk of source) {
      ctx.checkAbort();
      textBytes += (chunk as Buffer).length;
      xml.write(decoder.decode(chunk as Buffer, { stream: true }));
      ctx.progress(file.bytesRead);
      for (const batch of xml.takeBatches()) {
        yield batch;
        ctx.checkAbort();
      }
    }
  } catch (err) {
    // A gzip error can arrive before any chunk did; the message should still say where.
    ctx.bytesRead = file.bytesRead;
    throw err;
  }
  ctx.progress(file.bytesRead);
  xml.write(decoder.decode());
  xml.end(byteCount(textBytes) + (gzipped ? ' of decompressed XML' : ''));
  for (const batch of xml.takeBatches()) yield batch;
}

/** Turns saxes events into entity batches; throws RoutingErrors from inside the callbacks. */
class OsmXmlHandler {
  private parser = new SaxesParser({ position: true });
  private batch: OsmEntity[] = [];
  private full: OsmEntity[][] = [];
  private current: OsmNode | OsmWay | OsmRelation | undefined;
  /** Deleted objects (JOSM action="delete", history visible="false") are read but not emitted. */
  private skipCurrent = false;
  private rootOpened = false;
  private rootClosed = false;

  constructor(private readonly ctx: ReadContext) {
    this.parser.on('opentag', (tag) => this.open(tag as SaxesTagPlain));
    this.parser.on('closetag', (tag) => this.close(tag.name));
    this.parser.on('error', (err) => {
      const where = `line ${this.parser.line}, column ${this.parser.column}`;
      const reason = err.message.replace(/^\d+:\d+: /, '');
      throw ctx.corrupt(`malformed XML at ${where}: ${reason}`);
    });
  }

  write(text: string): void {
    if (text.length > 0) this.parser.write(text);
  }

  end(consumed: string): void {
    if (!this.rootClosed) {
      const inside =
        this.current !== undefined
          ? `it ends inside <${this.current.type} id="${this.current.id}">`
          : this.rootOpened
            ? 'it ends before </osm>'
            : 'it ends before any <osm> element';
      throw this.ctx.corrupt(`unexpected end of file after ${consumed} (truncated?): ${inside}`);
    }
    this.parser.close();
    if (this.batch.length > 0) this.full.push(this.batch);
    this.batch = [];
  }

  takeBatches(): OsmEntity[][] {
    const out = this.full;
    this.full = [];
    return out;
  }

  private open(tag: SaxesTagPlain): void {
    const a = tag.attributes;
    if (!this.rootOpened) {
      if (tag.name !== 'osm') {
        throw this.ctx.unknownFormat(`it is XML but its root element is <${tag.name}>, not <osm>`);
      }
      this.rootOpened = true;
      return;
    }
    const current = this.current;
    switch (tag.name) {
      case 'node':
        this.startEntity(tag.name);
        this.current = {
          type: 'node',
          id: this.id(a.id, 'node id'),
          lat: this.coordinate(a.lat, 'lat', 90),
          lon: this.coordinate(a.lon, 'lon', 180),
        };
        this.skipCurrent = isDeleted(a);
        return;
      case 'way':
        this.startEntity(tag.name);
        this.current = { type: 'way', id: this.id(a.id, 'way id'), refs: [] };
        this.skipCurrent = isDeleted(a);
        return;
      case 'relation':
        this.startEntity(tag.name);
        this.current = { type: 'relation', id: this.id(a.id, 'relation id'), members: [] };
        this.skipCurrent = isDeleted(a);
        return;
      case 'tag':
        if (current === undefined) return; // e.g. a changeset's tags
        if (a.k === undefined || a.v === undefined) throw this.bad('<tag> without k or v');
        (current.tags ??= {} as OsmTags)[a.k] = a.v;
        return;
      case 'nd':
        if (current?.type === 'way') current.refs.push(this.id(a.ref, '<nd> ref'));
        return;
      case 'member':
        if (current?.type === 'relation') current.members.push(this.member(a));
        return;
    }
  }

  private close(name: string): void {
    const current = this.current;
    if (current !== undefined && name === current.type) {
      if (!this.skipCurrent) {
        this.batch.push(current);
        if (this.batch.length >= BATCH_SIZE) {
          this.full.push(this.batch);
          this.batch = [];
        }
      }
      this.current = undefined;
    } else if (name === 'osm' && current === undefined) {
      this.rootClosed = true;
    }
  }

  private startEntity(name: string): void {
    if (this.current !== undefined) {
      throw this.bad(`<${name}> inside <${this.current.type} id="${this.current.id}">`);
    }
  }

  private member(a: Record<string, string>): OsmRelationMember {
    const type = a.type;
    if (type !== 'node' && type !== 'way' && type !== 'relation') {
      throw this.bad(`<member> with type "${type ?? ''}" (expected node, way or relation)`);
    }
    return { type, ref: this.id(a.ref, '<member> ref'), role: a.role ?? '' };
  }

  private id(value: string | undefined, what: string): number {
    const n = value === undefined || value === '' ? NaN : Number(value);
    if (!Number.isSafeInteger(n)) throw this.bad(`${what} "${value ?? ''}" is not an integer`);
    return n;
  }

  private coordinate(value: string | undefined, what: string, limit: number): number {
    const n = value === undefined || value === '' ? NaN : Number(value);
    if (!(n >= -limit && n <= limit)) {
      throw this.bad(`node ${what} "${value ?? ''}" is not a number within ±${limit}`);
    }
    return n;
  }

  private bad(what: string): RoutingError {
    return this.ctx.corrupt(`${what} at line ${this.parser.line}`);
  }
}

function isDeleted(a: Record<string, string>): boolean {
  return a.visible === 'false' || a.action === 'delete';
}
