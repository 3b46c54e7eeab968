/**
 * Test helpers: state OSM data as short readable lines instead of hand-written XML, so a test
 * shows the network it builds at a glance.
 *
 * One entity per line; blank lines and lines starting with `#` are ignored. Lines keep their
 * order in the output, so unsorted files (ways before nodes, descending ids) are written as is.
 *
 *   node 1 lat=31.2304 lon=121.4737 highway=traffic_signals
 *   way 10 nodes=1,2,3 highway=residential oneway=yes name="中山路"
 *   relation 5 members=way:10:from,node:2:via,way:11:to type=restriction restriction=no_left_turn
 *
 * - The first word is the kind (node, way, relation), the second the id (an integer, negative
 *   ids as JOSM writes them are fine).
 * - A node needs `lat=` and `lon=`; a way needs `nodes=` (ids separated by commas); a relation
 *   needs `members=` (`type:ref:role` separated by commas; the role may be empty, as in `way:10:`
 *   or `way:10`). These keys are reserved for their kind; every other `key=value` is a tag.
 * - A value with spaces, commas or quotes goes in double quotes, with `\"` and `\\` escapes:
 *   `name="Main St"`, `members="way:10:outer ring"`. Keys may contain `:` (`name:en=Zhongshan Rd`
 *   needs quotes only because of the space). Any Unicode text is fine.
 *
 * `osmEntities` gives the entities a reader is expected to yield for the text, `osmXml` the OSM
 * XML file holding them, and `writeOsmFixture` puts that XML on disk, optionally gzipped.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { OsmEntity, OsmRelationMember, OsmTags } from './osm-entities.ts';

/** Parses the compact text into entities, in line order; throws naming the line on bad input. */
export function osmEntities(text: string): OsmEntity[] {
  const entities: OsmEntity[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (what: string): never => {
      throw new Error(`osm fixture line ${index + 1} (${line}): ${what}`);
    };
    const [kind, idText, ...fields] = tokenize(line, fail);
    if (kind?.value !== undefined || idText?.value !== undefined) fail('expected "<kind> <id>"');
    const id = integer(idText?.key, 'id', fail);
    const attributes = new Map<string, string>();
    const tags: OsmTags = {};
    const reserved =
      kind.key === 'node'
        ? ['lat', 'lon']
        : kind.key === 'way'
          ? ['nodes']
          : kind.key === 'relation'
            ? ['members']
            : fail(`unknown kind "${kind.key}"`);
    for (const field of fields) {
      if (field.value === undefined) fail(`"${field.key}" has no =value`);
      if (reserved.includes(field.key)) attributes.set(field.key, field.value!);
      else if (field.key in tags) fail(`tag "${field.key}" given twice`);
      else tags[field.key] = field.value!;
    }
    for (const key of reserved) if (!attributes.has(key)) fail(`${kind.key} needs ${key}=`);
    const withTags = Object.keys(tags).length > 0 ? { tags } : {};

    if (kind.key === 'node') {
      const lat = Number(attributes.get('lat'));
      const lon = Number(attributes.get('lon'));
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) fail('lat and lon must be numbers');
      entities.push({ type: 'node', id, lat, lon, ...withTags });
    } else if (kind.key === 'way') {
      const refs = attributes
        .get('nodes')!
        .split(',')
        .map((ref) => integer(ref.trim(), 'node ref', fail));
      entities.push({ type: 'way', id, refs, ...withTags });
    } else {
      const members = attributes
        .get('members')!
        .split(',')
        .map((member): OsmRelationMember => {
          const [type, ref, ...role] = member.trim().split(':');
          if (type !== 'node' && type !== 'way' && type !== 'relation') {
            return fail(`member "${member}" must start with node:, way: or relation:`);
          }
          return { type, ref: integer(ref, 'member ref', fail), role: role.join(':') };
        });
      entities.push({ type: 'relation', id, members, ...withTags });
    }
  });
  return entities;
}

/** OSM XML (API 0.6 layout) holding the entities in the given order. */
export function osmXmlFromEntities(entities: readonly OsmEntity[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<osm version="0.6" generator="jiefang osm-fixture">',
  ];
  for (const entity of entities) {
    const tagLines = Object.entries(entity.tags ?? {}).map(
      ([k, v]) => `    <tag k="${escapeXml(k)}" v="${escapeXml(v)}"/>`,
    );
    let head: string;
    let children: string[];
    if (entity.type === 'node') {
      head = `  <node id="${entity.id}" lat="${entity.lat}" lon="${entity.lon}"`;
      children = tagLines;
    } else if (entity.type === 'way') {
      head = `  <way id="${entity.id}"`;
      children = [...entity.refs.map((ref) => `    <nd ref="${ref}"/>`), ...tagLines];
    } else {
      head = `  <relation id="${entity.id}"`;
      children = [
        ...entity.members.map(
          (m) => `    <member type="${m.type}" ref="${m.ref}" role="${escapeXml(m.role)}"/>`,
        ),
        ...tagLines,
      ];
    }
    if (children.length === 0) out.push(`${head}/>`);
    else out.push(`${head}>`, ...children, `  </${entity.type}>`);
  }
  out.push('</osm>', '');
  return out.join('\n');
}

/** OSM XML for the compact text; see the file header for the syntax. */
export function osmXml(text: string): string {
  return osmXmlFromEntities(osmEntities(text));
}

/**
 * Writes `xml` to `<dir>/<name>.osm`, or gzipped to `<dir>/<name>.osm.gz`, and returns the path.
 */
export async function writeOsmFixture(
  dir: string,
  name: string,
  xml: string,
  options: { gzip?: boolean } = {},
): Promise<string> {
  const path = join(dir, `${name}${options.gzip ? '.osm.gz' : '.osm'}`);
  const bytes = Buffer.from(xml, 'utf8');
  await writeFile(path, options.gzip ? gzipSync(bytes) : bytes);
  return path;
}

interface Token {
  key: string;
  value?: string;
}

function tokenize(line: string, fail: (what: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (/\s/.test(line[i])) {
      i++;
      continue;
    }
    let key = '';
    while (i < line.length && line[i] !== '=' && !/\s/.test(line[i])) key += line[i++];
    if (line[i] !== '=') {
      tokens.push({ key });
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (line[i] !== '"') {
        if (i >= line.length) fail(`unterminated quote after ${key}=`);
        if (line[i] === '\\') i++;
        value += line[i++];
      }
      i++;
      if (i < line.length && !/\s/.test(line[i]))
        fail(`text right after the closing quote of ${key}`);
    } else {
      while (i < line.length && !/\s/.test(line[i])) value += line[i++];
    }
    if (key === '') fail('a field starts with =');
    tokens.push({ key, value });
  }
  return tokens;
}

function integer(text: string | undefined, what: string, fail: (what: string) => never): number {
  const n = text === undefined || text === '' ? NaN : Number(text);
  return Number.isSafeInteger(n) ? n : fail(`${what} "${text ?? ''}" is not an integer`);
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Raw tabs and newlines in an attribute would be normalized to spaces by any XML parser.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]);
}
