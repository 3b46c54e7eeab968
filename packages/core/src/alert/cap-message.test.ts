import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { CAP_MAX_BYTES, parseCap } from './cap-message.ts';
import { capSample } from './cap-samples.ts';

function failure(xml: string): { code: string; field?: string; fields: string[] } {
  try {
    parseCap(xml);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      code: error.code,
      field: error.field,
      fields: (error.problems ?? []).map((p) => p.field),
    };
  }
  throw new Error('parseCap accepted the document');
}

describe('parseCap (OASIS CAP 1.2)', () => {
  it('reads an alert with its info and area, polygons as lon/lat', () => {
    const message = parseCap(capSample());
    expect(message).toMatchObject({
      identifier: 'NJ-XJK-2026-0001',
      sender: 'camera-analytics@xuanwu.nanjing.example',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      references: [],
    });
    expect(message.infos[0]).toMatchObject({
      categories: ['Safety'],
      event: 'crowd',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
    });
    const ring = message.infos[0].areas[0].polygons[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual({ lon: 118.778, lat: 32.044 });
  });

  it('reads an Update with its references, a circle and geocodes', () => {
    const message = parseCap(
      capSample({
        identifier: 'NJ-XJK-2026-0002',
        msgType: 'Update',
        references:
          'camera-analytics@xuanwu.nanjing.example,NJ-XJK-2026-0001,2026-12-03T09:00:00+08:00',
        area: '<areaDesc>广场</areaDesc><circle>32.041,118.783 0.25</circle><geocode><valueName>GB2260</valueName><value>320102</value></geocode>',
      }),
    );
    expect(message.references).toEqual([
      {
        sender: 'camera-analytics@xuanwu.nanjing.example',
        identifier: 'NJ-XJK-2026-0001',
        sent: '2026-12-03T09:00:00+08:00',
      },
    ]);
    expect(message.infos[0].areas[0].circles).toEqual([
      { centre: { lon: 118.783, lat: 32.041 }, radiusKm: 0.25 },
    ]);
    expect(message.infos[0].areas[0].geocodes).toEqual([{ valueName: 'GB2260', value: '320102' }]);
  });

  it('reads a prefixed document (cap:alert) by its namespace, not its prefix', () => {
    const xml = capSample()
      .replace('<alert xmlns=', '<cap:alert xmlns:cap=')
      .replace(/<(\/?)(?!cap:|\?)([a-zA-Z]+)/g, '<$1cap:$2');
    expect(parseCap(xml).identifier).toBe('NJ-XJK-2026-0001');
  });

  it('refuses a Cancel without references', () => {
    expect(failure(capSample({ msgType: 'Cancel' }))).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'alert.references',
    });
  });

  it('refuses malformed XML', () => {
    expect(failure(capSample().replace('</info>', ''))).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'body',
    });
  });

  it('refuses the wrong namespace (CAP 1.1)', () => {
    expect(failure(capSample({ namespace: 'urn:oasis:names:tc:emergency:cap:1.1' }))).toMatchObject(
      { code: 'ERR_VALIDATION', field: 'alert.xmlns' },
    );
  });

  it('names every bad field at once: value lists, dateTime with Z, spaces in identifier', () => {
    const result = failure(
      capSample({ identifier: 'has space', sent: '2026-12-03T01:00:00Z', severity: 'Awful' }),
    );
    expect(result.fields).toEqual(
      expect.arrayContaining(['alert.identifier', 'alert.sent', 'alert.info[0].severity']),
    );
  });

  it('refuses an open polygon, a polygon of three points and a circle without radius', () => {
    const open = failure(
      capSample({
        area: '<areaDesc>x</areaDesc><polygon>32.0,118.7 32.1,118.7 32.1,118.8 32.0,118.8</polygon>',
      }),
    );
    expect(open.field).toBe('alert.info[0].area[0].polygon[0]');
    const short = failure(
      capSample({
        area: '<areaDesc>x</areaDesc><polygon>32.0,118.7 32.1,118.7 32.0,118.7</polygon>',
      }),
    );
    expect(short.field).toBe('alert.info[0].area[0].polygon[0]');
    const circle = failure(
      capSample({ area: '<areaDesc>x</areaDesc><circle>32.0,118.7</circle>' }),
    );
    expect(circle.field).toBe('alert.info[0].area[0].circle[0]');
  });

  it('refuses missing required elements of info and area', () => {
    const xml = capSample()
      .replace('<event>crowd</event>', '')
      .replace('<areaDesc>新街口广场</areaDesc>', '');
    expect(failure(xml).fields).toEqual(
      expect.arrayContaining(['alert.info[0].event', 'alert.info[0].area[0].areaDesc']),
    );
  });

  it('refuses a DOCTYPE (no entity expansion) and a huge document', () => {
    const bomb = capSample().replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY a "aaaaaaaaaa">]>',
    );
    expect(failure(bomb).field).toBe('body');
    const huge = capSample({
      infoExtra: `<description>${'x'.repeat(CAP_MAX_BYTES)}</description>`,
    });
    expect(failure(huge).field).toBe('body');
  });
});
