import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import { DEFAULT_PROFILES } from './default-profiles.ts';
import { loadProfilesFile, resolveProfiles } from './load-profiles.ts';
import type { ProfileSpec } from './profile-spec.ts';

function byName(profiles: ProfileSpec[]): Record<string, ProfileSpec> {
  return Object.fromEntries(profiles.map((p) => [p.name, p]));
}

/** The RoutingError `run` throws; fails the test when it throws anything else or nothing. */
function routingError(run: () => unknown): RoutingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RoutingError);
    return error as RoutingError;
  }
  throw new Error('expected a RoutingError, nothing was thrown');
}

describe('resolveProfiles', () => {
  it('without an override gives the three defaults', () => {
    const profiles = resolveProfiles();
    expect(profiles.map((p) => p.name).sort()).toEqual(['bike', 'drive', 'walk']);
    const drive = byName(profiles).drive;
    expect(drive.speeds.motorway).toBe(90);
    expect(drive.speeds.residential).toBe(25);
    expect(drive.maxspeedFactor).toBe(0.8);
    expect(drive.oneway).toBe('vehicle');
    expect(byName(profiles).walk.speeds.steps).toBe(2.5);
    expect(byName(profiles).bike.speeds.cycleway).toBe(20);
    expect(profiles).toEqual(Object.values(DEFAULT_PROFILES));
  });

  it('hands out copies, so changing a result does not change the defaults', () => {
    const drive = byName(resolveProfiles()).drive;
    drive.speeds.residential = 1;
    drive.accessKeys.push('hgv');
    expect(DEFAULT_PROFILES.drive.speeds.residential).toBe(25);
    expect(DEFAULT_PROFILES.drive.accessKeys).toEqual([
      'access',
      'vehicle',
      'motor_vehicle',
      'motorcar',
    ]);
    expect(byName(resolveProfiles()).drive.speeds.residential).toBe(25);
  });

  it('an empty override gives the defaults', () => {
    expect(resolveProfiles({})).toEqual(Object.values(DEFAULT_PROFILES));
  });

  it('merges one speed and leaves every other speed and profile unchanged', () => {
    const profiles = byName(resolveProfiles({ drive: { speeds: { primary: 60 } } }));
    expect(profiles.drive.speeds.primary).toBe(60);
    expect(profiles.drive.speeds).toEqual({ ...DEFAULT_PROFILES.drive.speeds, primary: 60 });
    expect(profiles.drive.serviceSpeeds).toEqual(DEFAULT_PROFILES.drive.serviceSpeeds);
    expect(profiles.drive.accessKeys).toEqual(DEFAULT_PROFILES.drive.accessKeys);
    expect(profiles.walk).toEqual(DEFAULT_PROFILES.walk);
    expect(profiles.bike).toEqual(DEFAULT_PROFILES.bike);
  });

  it('adds a class that the default lacks', () => {
    const profiles = byName(resolveProfiles({ walk: { speeds: { motorway: 3 } } }));
    expect(profiles.walk.speeds.motorway).toBe(3);
    expect(profiles.walk.speeds.footway).toBe(5);
  });

  it('a speed of 0 removes the class', () => {
    const profiles = byName(resolveProfiles({ drive: { speeds: { track: 0 } } }));
    expect('track' in profiles.drive.speeds).toBe(false);
    expect(Object.keys(profiles.drive.speeds)).toHaveLength(
      Object.keys(DEFAULT_PROFILES.drive.speeds).length - 1,
    );
    expect(profiles.drive.speeds.residential).toBe(25);
  });

  it('merges service speeds key by key', () => {
    const profiles = byName(
      resolveProfiles({ drive: { serviceSpeeds: { alley: 12, parking_aisle: 0 } } }),
    );
    expect(profiles.drive.serviceSpeeds).toEqual({
      driveway: 8,
      'drive-through': 8,
      alley: 12,
      emergency_access: 20,
    });
  });

  it('replaces scalar and list fields', () => {
    const profiles = byName(
      resolveProfiles({
        drive: {
          description: 'ambulance',
          trackGradesAllowed: null,
          maxspeedFactor: 1,
          oneway: 'bicycle',
          accessKeys: ['access', 'emergency'],
        },
        walk: { trackGradesAllowed: ['grade1'], maxspeedFactor: 2 },
        bike: { maxspeedFactor: null },
      }),
    );
    expect(profiles.drive.description).toBe('ambulance');
    expect(profiles.drive.trackGradesAllowed).toBeNull();
    expect(profiles.drive.maxspeedFactor).toBe(1);
    expect(profiles.drive.oneway).toBe('bicycle');
    expect(profiles.drive.accessKeys).toEqual(['access', 'emergency']);
    expect(profiles.drive.speeds).toEqual(DEFAULT_PROFILES.drive.speeds);
    expect(profiles.walk.trackGradesAllowed).toEqual(['grade1']);
    expect(profiles.walk.maxspeedFactor).toBe(2);
    expect(profiles.bike.maxspeedFactor).toBeNull();
  });

  it('a new profile with only speeds gets blank defaults', () => {
    const profiles = resolveProfiles({ scooter: { speeds: { residential: 20, cycleway: 15 } } });
    expect(profiles.map((p) => p.name).sort()).toEqual(['bike', 'drive', 'scooter', 'walk']);
    expect(byName(profiles).scooter).toEqual({
      name: 'scooter',
      description: 'scooter',
      speeds: { residential: 20, cycleway: 15 },
      serviceSpeeds: {},
      trackGradesAllowed: null,
      maxspeedFactor: null,
      oneway: 'vehicle',
      accessKeys: ['access'],
    });
  });

  // 'constructor' is a valid lower-case word and must not find Object's own constructor.
  it("a new profile named 'constructor' gets blank defaults too", () => {
    const profiles = resolveProfiles({ constructor: { speeds: { residential: 5 } } });
    expect(profiles.find((p) => p.name === 'constructor')).toEqual({
      name: 'constructor',
      description: 'constructor',
      speeds: { residential: 5 },
      serviceSpeeds: {},
      trackGradesAllowed: null,
      maxspeedFactor: null,
      oneway: 'vehicle',
      accessKeys: ['access'],
    });
  });

  it('accepts speeds at the bounds 200 and just above 0', () => {
    const profiles = byName(resolveProfiles({ drive: { speeds: { motorway: 200, track: 0.5 } } }));
    expect(profiles.drive.speeds.motorway).toBe(200);
    expect(profiles.drive.speeds.track).toBe(0.5);
  });

  it.each([
    ['speed -5', { drive: { speeds: { primary: -5 } } }, 'drive.speeds.primary'],
    ["speed 'fast'", { drive: { speeds: { primary: 'fast' } } }, 'drive.speeds.primary'],
    ['speed 500', { drive: { speeds: { primary: 500 } } }, 'drive.speeds.primary'],
    ['speed 200.5', { drive: { speeds: { primary: 200.5 } } }, 'drive.speeds.primary'],
    ['speed null', { drive: { speeds: { primary: null } } }, 'drive.speeds.primary'],
    ["speed '50' as a string", { walk: { speeds: { footway: '50' } } }, 'walk.speeds.footway'],
    ['service speed -1', { drive: { serviceSpeeds: { alley: -1 } } }, 'drive.serviceSpeeds.alley'],
    ['speeds as a list', { drive: { speeds: [50] } }, 'drive.speeds'],
    ['speeds as a number', { drive: { speeds: 50 } }, 'drive.speeds'],
    ['speeds null', { drive: { speeds: null } }, 'drive.speeds'],
    ["oneway 'sometimes'", { drive: { oneway: 'sometimes' } }, 'drive.oneway'],
    ['oneway true', { drive: { oneway: true } }, 'drive.oneway'],
    ['unknown field', { drive: { colour: 'blue' } }, 'drive.colour'],
    ['the name field is not overridable', { drive: { name: 'car' } }, 'drive.name'],
    ['description a number', { drive: { description: 5 } }, 'drive.description'],
    ['maxspeedFactor 0', { drive: { maxspeedFactor: 0 } }, 'drive.maxspeedFactor'],
    ['maxspeedFactor 2.5', { drive: { maxspeedFactor: 2.5 } }, 'drive.maxspeedFactor'],
    ["maxspeedFactor '0.8'", { drive: { maxspeedFactor: '0.8' } }, 'drive.maxspeedFactor'],
    [
      'trackGradesAllowed a string',
      { drive: { trackGradesAllowed: 'grade1' } },
      'drive.trackGradesAllowed',
    ],
    [
      'trackGradesAllowed with a number',
      { drive: { trackGradesAllowed: [1] } },
      'drive.trackGradesAllowed',
    ],
    ['accessKeys empty', { drive: { accessKeys: [] } }, 'drive.accessKeys'],
    ['accessKeys a string', { drive: { accessKeys: 'access' } }, 'drive.accessKeys'],
    ['accessKeys with a number', { drive: { accessKeys: ['access', 3] } }, 'drive.accessKeys'],
    ['profile name Drive!', { 'Drive!': { speeds: { primary: 50 } } }, 'Drive!'],
    ['profile name with upper case', { Drive: { speeds: { primary: 50 } } }, 'Drive'],
    ['profile name starting with a digit', { '4x4': { speeds: { track: 20 } } }, '4x4'],
    ['empty profile name', { '': { speeds: { track: 20 } } }, ''],
    ['profile not an object', { drive: 5 }, 'drive'],
    ['profile a list', { drive: [] }, 'drive'],
    ['profile null', { drive: null }, 'drive'],
    ['a new profile without speeds', { scooter: { description: 'scooter' } }, 'scooter.speeds'],
    ['every class removed', { scooter: { speeds: { residential: 0 } } }, 'scooter.speeds'],
    ['document a list', [], ''],
    ['document a string', 'drive', ''],
    ['document a number', 42, ''],
    ['document null', null, ''],
  ] as [string, unknown, string][])('%s → ERR_PROFILE_INVALID at %j', (_label, override, field) => {
    const error = routingError(() => resolveProfiles(override));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe(field);
    if (field !== '') expect(error.message).toContain(`'${field}'`);
  });

  it('names the source in the message', () => {
    const error = routingError(() => resolveProfiles({ drive: { colour: 1 } }, 'city.json'));
    expect(error.message).toContain('city.json');
  });

  it('removing every class of an existing profile is refused', () => {
    const speeds = Object.fromEntries(Object.keys(DEFAULT_PROFILES.walk.speeds).map((k) => [k, 0]));
    const error = routingError(() => resolveProfiles({ walk: { speeds } }));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe('walk.speeds');
  });
});

describe('loadProfilesFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-profiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and merges a valid file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify({ drive: { speeds: { residential: 30 } } }));
    const profiles = byName(loadProfilesFile(path));
    expect(profiles.drive.speeds.residential).toBe(30);
    expect(profiles.walk).toEqual(DEFAULT_PROFILES.walk);
  });

  it('a missing file → ERR_PROFILE_INVALID naming the path', () => {
    const path = join(dir, 'does-not-exist.json');
    const error = routingError(() => loadProfilesFile(path));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe(path);
    expect(error.message).toContain(path);
  });

  it('invalid JSON → ERR_PROFILE_INVALID naming the path', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "drive": { "speeds": { "primary": 50, } }');
    const error = routingError(() => loadProfilesFile(path));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe(path);
    expect(error.message).toContain(path);
  });

  it('an empty file → ERR_PROFILE_INVALID naming the path', () => {
    const path = join(dir, 'empty.json');
    writeFileSync(path, '');
    const error = routingError(() => loadProfilesFile(path));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe(path);
  });

  it('an invalid field names both the file and the field', () => {
    const path = join(dir, 'bad-field.json');
    writeFileSync(path, JSON.stringify({ bike: { speeds: { cycleway: 'fast' } } }));
    const error = routingError(() => loadProfilesFile(path));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe('bike.speeds.cycleway');
    expect(error.message).toContain(path);
  });

  it('a document that is not an object → ERR_PROFILE_INVALID', () => {
    const path = join(dir, 'list.json');
    writeFileSync(path, '[1, 2, 3]');
    const error = routingError(() => loadProfilesFile(path));
    expect(error.code).toBe(RoutingErrorCode.PROFILE_INVALID);
    expect(error.field).toBe('');
    expect(error.message).toContain(path);
  });
});
