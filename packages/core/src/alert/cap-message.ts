import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import type { LonLat } from '../geo/coordinates.ts';

/**
 * OASIS Common Alerting Protocol 1.2 (OASIS Standard, 1 July 2010): the message as we keep
 * it. Only what the spec defines; element names are the spec's.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
/** Ordered from the most to the least severe: rules compare by index. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

export interface CapCircle {
  centre: LonLat;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  /** Rings as lon/lat (CAP writes "lat,lon" pairs; converted once here). */
  polygons: LonLat[][];
  circles: CapCircle[];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: string[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  headline?: string;
  description?: string;
  instruction?: string;
  senderName?: string;
  effective?: string;
  onset?: string;
  expires?: string;
  parameters: { valueName: string; value: string }[];
  areas: CapArea[];
}

/** A message reference: "sender,identifier,sent". */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export interface CapMessage {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  restriction?: string;
  addresses?: string;
  codes: string[];
  note?: string;
  references: CapReference[];
  incidents?: string;
  infos: CapInfo[];
}

/** Largest CAP document taken: real alerts are a few kB; polygons of a city stay far below. */
export const CAP_MAX_BYTES = 256 * 1024;

// CAP 1.2 §3.3.2: dateTime with an explicit numeric offset; "Z" is not allowed.
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
// identifier and sender: no spaces, commas or restricted characters (< and &).
const CAP_TOKEN = /^[^\s,<&]+$/;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Every text kept as written: "0010" stays a string, numbers are parsed by the rules below.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) =>
    [
      'code',
      'info',
      'category',
      'responseType',
      'eventCode',
      'parameter',
      'resource',
      'area',
      'polygon',
      'circle',
      'geocode',
    ].includes(localName(name)),
});

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function invalid(message: string, field: string): DomainError {
  return new DomainError(DomainErrorCode.VALIDATION, message, field);
}

/**
 * Parses and validates one CAP 1.2 document by the rules of the OASIS schema and the spec's
 * text: required elements, value lists, dateTime form, references, polygon and circle syntax.
 * Every problem is reported at once (ERR_VALIDATION, `field` like `alert.info[0].urgency`).
 * A DOCTYPE is refused: CAP needs none and entity expansion is an attack surface.
 */
export function parseCap(xml: string): CapMessage {
  if (xml.length > CAP_MAX_BYTES)
    throw invalid(`a CAP document may hold at most ${CAP_MAX_BYTES} bytes`, 'body');
  if (/<!DOCTYPE/i.test(xml)) throw invalid('a CAP document must not carry a DOCTYPE', 'body');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    throw invalid(
      `not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`,
      'body',
    );
  }
  const document = parser.parse(xml) as XmlNode;
  const rootName = Object.keys(document).find((k) => !k.startsWith('?'));
  if (!rootName || localName(rootName) !== 'alert')
    throw invalid('the root element must be <alert>', 'alert');
  const root = document[rootName] as XmlNode;
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : '';
  const declared = root[prefix ? `@xmlns:${prefix}` : '@xmlns'];
  if (declared !== CAP_NAMESPACE) {
    throw invalid(
      `<alert> must be in the namespace ${CAP_NAMESPACE}, not ${String(declared ?? '(none)')}`,
      'alert.xmlns',
    );
  }
  return readAlert(new CapReader(prefix), root);
}

/** Reads children of one prefix and collects problems instead of stopping at the first. */
class CapReader {
  readonly problems = new ProblemList();
  constructor(private readonly prefix: string) {}

  private key(name: string): string {
    return this.prefix ? `${this.prefix}:${name}` : name;
  }

  nodes(node: XmlNode, name: string): unknown[] {
    const value = node[this.key(name)];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  text(node: XmlNode, name: string, field: string, required: boolean): string | undefined {
    const value = node[this.key(name)];
    if (value === undefined || value === '') {
      if (required) this.problems.add(field, `<${name}> is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.add(field, `<${name}> must hold text`);
      return undefined;
    }
    return value;
  }

  texts(node: XmlNode, name: string, field: string): string[] {
    return this.nodes(node, name).flatMap((value, i) => {
      if (typeof value === 'string' && value !== '') return [value];
      this.problems.add(`${field}[${i}]`, `<${name}> must hold text`);
      return [];
    });
  }

  oneOf<T extends string>(
    node: XmlNode,
    name: string,
    field: string,
    allowed: readonly T[],
    required = true,
  ): T | undefined {
    const value = this.text(node, name, field, required);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.add(field, `<${name}> must be one of ${allowed.join(', ')}, not ${value}`);
      return undefined;
    }
    return value as T;
  }

  dateTime(node: XmlNode, name: string, field: string, required: boolean): string | undefined {
    const value = this.text(node, name, field, required);
    if (value === undefined) return undefined;
    if (!CAP_DATE_TIME.test(value) || !Number.isFinite(Date.parse(value))) {
      this.problems.add(
        field,
        `<${name}> must be a dateTime with a numeric offset, e.g. 2026-12-03T10:00:00+08:00`,
      );
      return undefined;
    }
    return value;
  }

  pairs(node: XmlNode, name: string, field: string): { valueName: string; value: string }[] {
    return this.nodes(node, name).flatMap((item, i) => {
      if (typeof item !== 'object' || item === null) {
        this.problems.add(`${field}[${i}]`, `<${name}> must hold valueName and value`);
        return [];
      }
      const valueName = this.text(item as XmlNode, 'valueName', `${field}[${i}].valueName`, true);
      const value = this.text(item as XmlNode, 'value', `${field}[${i}].value`, true);
      return valueName !== undefined && value !== undefined ? [{ valueName, value }] : [];
    });
  }
}

function readAlert(r: CapReader, root: XmlNode): CapMessage {
  const identifier = r.text(root, 'identifier', 'alert.identifier', true);
  const sender = r.text(root, 'sender', 'alert.sender', true);
  if (identifier !== undefined && !CAP_TOKEN.test(identifier))
    r.problems.add('alert.identifier', 'identifier must not hold spaces, commas, < or &');
  if (sender !== undefined && !CAP_TOKEN.test(sender))
    r.problems.add('alert.sender', 'sender must not hold spaces, commas, < or &');
  const sent = r.dateTime(root, 'sent', 'alert.sent', true);
  const status = r.oneOf(root, 'status', 'alert.status', CAP_STATUSES);
  const msgType = r.oneOf(root, 'msgType', 'alert.msgType', CAP_MSG_TYPES);
  const scope = r.oneOf(root, 'scope', 'alert.scope', CAP_SCOPES);
  const restriction = r.text(root, 'restriction', 'alert.restriction', scope === 'Restricted');
  const addresses = r.text(root, 'addresses', 'alert.addresses', scope === 'Private');
  const referencesText = r.text(
    root,
    'references',
    'alert.references',
    msgType === 'Update' || msgType === 'Cancel' || msgType === 'Ack' || msgType === 'Error',
  );
  const references = (referencesText ?? '')
    .split(/\s+/)
    .filter((s) => s !== '')
    .flatMap((entry, i) => {
      const parts = entry.split(',');
      if (parts.length !== 3 || parts.some((p) => p === '') || !CAP_DATE_TIME.test(parts[2])) {
        r.problems.add(`alert.references[${i}]`, 'a reference is sender,identifier,sent');
        return [];
      }
      return [{ sender: parts[0], identifier: parts[1], sent: parts[2] }];
    });
  const infos = r.nodes(root, 'info').flatMap((node, i) => {
    if (typeof node !== 'object' || node === null) {
      r.problems.add(`alert.info[${i}]`, '<info> must hold elements');
      return [];
    }
    return [readInfo(r, node as XmlNode, `alert.info[${i}]`)];
  });
  const codes = r.texts(root, 'code', 'alert.code');
  const source = r.text(root, 'source', 'alert.source', false);
  const note = r.text(root, 'note', 'alert.note', false);
  const incidents = r.text(root, 'incidents', 'alert.incidents', false);
  r.problems.throwIfAny('CAP message');
  const message: CapMessage = {
    identifier: identifier!,
    sender: sender!,
    sent: sent!,
    status: status!,
    msgType: msgType!,
    scope: scope!,
    codes,
    references,
    infos,
  };
  if (source !== undefined) message.source = source;
  if (restriction !== undefined) message.restriction = restriction;
  if (addresses !== undefined) message.addresses = addresses;
  if (note !== undefined) message.note = note;
  if (incidents !== undefined) message.incidents = incidents;
  return message;
}

function readInfo(r: CapReader, node: XmlNode, field: string): CapInfo {
  const categories = r.texts(node, 'category', `${field}.category`);
  if (categories.length === 0 && r.nodes(node, 'category').length === 0)
    r.problems.add(`${field}.category`, '<info> needs at least one <category>');
  categories.forEach((c, i) => {
    if (!(CAP_CATEGORIES as readonly string[]).includes(c))
      r.problems.add(
        `${field}.category[${i}]`,
        `category must be one of ${CAP_CATEGORIES.join(', ')}`,
      );
  });
  const responseTypes = r.texts(node, 'responseType', `${field}.responseType`);
  responseTypes.forEach((t, i) => {
    if (!(CAP_RESPONSE_TYPES as readonly string[]).includes(t))
      r.problems.add(
        `${field}.responseType[${i}]`,
        `responseType must be one of ${CAP_RESPONSE_TYPES.join(', ')}`,
      );
  });
  const info: CapInfo = {
    language: r.text(node, 'language', `${field}.language`, false) ?? 'en-US',
    categories: categories as CapCategory[],
    event: r.text(node, 'event', `${field}.event`, true) ?? '',
    responseTypes,
    urgency: r.oneOf(node, 'urgency', `${field}.urgency`, CAP_URGENCIES) ?? 'Unknown',
    severity: r.oneOf(node, 'severity', `${field}.severity`, CAP_SEVERITIES) ?? 'Unknown',
    certainty: r.oneOf(node, 'certainty', `${field}.certainty`, CAP_CERTAINTIES) ?? 'Unknown',
    parameters: r.pairs(node, 'parameter', `${field}.parameter`),
    areas: r.nodes(node, 'area').flatMap((area, i) => {
      if (typeof area !== 'object' || area === null) {
        r.problems.add(`${field}.area[${i}]`, '<area> must hold <areaDesc>');
        return [];
      }
      return [readArea(r, area as XmlNode, `${field}.area[${i}]`)];
    }),
  };
  for (const name of ['headline', 'description', 'instruction', 'senderName'] as const) {
    const value = r.text(node, name, `${field}.${name}`, false);
    if (value !== undefined) info[name] = value;
  }
  for (const name of ['effective', 'onset', 'expires'] as const) {
    const value = r.dateTime(node, name, `${field}.${name}`, false);
    if (value !== undefined) info[name] = value;
  }
  return info;
}

function readArea(r: CapReader, node: XmlNode, field: string): CapArea {
  const polygons = r.texts(node, 'polygon', `${field}.polygon`).flatMap((text, i) => {
    const ring = readPairs(text);
    const where = `${field}.polygon[${i}]`;
    if (!ring || ring.length < 4) {
      r.problems.add(where, 'a polygon is at least four "lat,lon" pairs separated by spaces');
      return [];
    }
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first.lon !== last.lon || first.lat !== last.lat) {
      r.problems.add(where, 'a polygon must end where it starts');
      return [];
    }
    return [ring];
  });
  const circles = r.texts(node, 'circle', `${field}.circle`).flatMap((text, i) => {
    const match = /^(\S+)\s+(\S+)$/.exec(text.trim());
    const centre = match ? readPairs(match[1]) : undefined;
    const radiusKm = match ? Number(match[2]) : NaN;
    if (!centre || centre.length !== 1 || !Number.isFinite(radiusKm) || radiusKm < 0) {
      r.problems.add(`${field}.circle[${i}]`, 'a circle is "lat,lon radius" with the radius in km');
      return [];
    }
    return [{ centre: centre[0], radiusKm }];
  });
  const area: CapArea = {
    areaDesc: r.text(node, 'areaDesc', `${field}.areaDesc`, true) ?? '',
    polygons,
    circles,
    geocodes: r.pairs(node, 'geocode', `${field}.geocode`),
  };
  const altitude = r.text(node, 'altitude', `${field}.altitude`, false);
  const ceiling = r.text(node, 'ceiling', `${field}.ceiling`, false);
  if (ceiling !== undefined && altitude === undefined)
    r.problems.add(`${field}.ceiling`, '<ceiling> is only allowed with <altitude>');
  return area;
}

/** "lat,lon lat,lon ..." (WGS 84) → lon/lat points, or undefined when any pair is not a coordinate. */
function readPairs(text: string): LonLat[] | undefined {
  const points: LonLat[] = [];
  for (const pair of text.trim().split(/\s+/)) {
    const [latText, lonText, extra] = pair.split(',');
    if (extra !== undefined || lonText === undefined) return undefined;
    const lat = Number(latText);
    const lon = Number(lonText);
    if (latText === '' || lonText === '' || !Number.isFinite(lat) || !Number.isFinite(lon))
      return undefined;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
    points.push({ lon, lat });
  }
  return points;
}
