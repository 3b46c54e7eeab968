import { describe, expect, it } from 'vitest';
import type { OsmTags } from '../build/osm-entities.ts';
import { DEFAULT_PROFILES } from './default-profiles.ts';
import { evaluateWay, parseMaxspeedKmh } from './way-access.ts';

type ProfileName = 'drive' | 'walk' | 'bike';
/** [forward km/h, backward km/h], or null when the way is no road for the profile. */
type Expected = [number, number] | null;

const MPH = 1.609344;

// Speeds restated from the documented defaults (not read from DEFAULT_PROFILES) so that a
// changed default table shows up here as a deliberate, reviewed change.
const cases: [string, OsmTags, ProfileName, Expected][] = [
  // Highway classes per profile.
  ['motorway: drive, implied oneway', { highway: 'motorway' }, 'drive', [90, 0]],
  ['motorway: no walking', { highway: 'motorway' }, 'walk', null],
  ['motorway: no cycling', { highway: 'motorway' }, 'bike', null],
  ['motorway oneway=no: both ways', { highway: 'motorway', oneway: 'no' }, 'drive', [90, 90]],
  ['motorway oneway=-1: reversed', { highway: 'motorway', oneway: '-1' }, 'drive', [0, 90]],
  ['residential: drive', { highway: 'residential' }, 'drive', [25, 25]],
  ['residential: walk', { highway: 'residential' }, 'walk', [5, 5]],
  ['residential: bike', { highway: 'residential' }, 'bike', [18, 18]],
  ['primary: drive', { highway: 'primary' }, 'drive', [55, 55]],
  ['footway: walk', { highway: 'footway' }, 'walk', [5, 5]],
  ['footway: no driving', { highway: 'footway' }, 'drive', null],
  ['footway: bike not without bicycle tag', { highway: 'footway' }, 'bike', null],
  ['footway bicycle=yes: bike', { highway: 'footway', bicycle: 'yes' }, 'bike', [6, 6]],
  [
    'footway bicycle=designated: bike',
    { highway: 'footway', bicycle: 'designated' },
    'bike',
    [6, 6],
  ],
  ['footway bicycle=no: no bike', { highway: 'footway', bicycle: 'no' }, 'bike', null],
  ['steps: walk slowly', { highway: 'steps' }, 'walk', [2.5, 2.5]],
  ['steps: no driving', { highway: 'steps' }, 'drive', null],
  ['steps: no cycling', { highway: 'steps' }, 'bike', null],
  ['cycleway: bike', { highway: 'cycleway' }, 'bike', [20, 20]],
  ['cycleway: walk', { highway: 'cycleway' }, 'walk', [5, 5]],
  ['cycleway: no driving', { highway: 'cycleway' }, 'drive', null],
  ['pedestrian: walk', { highway: 'pedestrian' }, 'walk', [5, 5]],
  ['pedestrian: no driving', { highway: 'pedestrian' }, 'drive', null],
  ['pedestrian: bike not without bicycle tag', { highway: 'pedestrian' }, 'bike', null],
  ['pedestrian bicycle=yes: bike', { highway: 'pedestrian', bicycle: 'yes' }, 'bike', [6, 6]],
  ['bridleway: walk', { highway: 'bridleway' }, 'walk', [4, 4]],
  ['living_street: drive', { highway: 'living_street' }, 'drive', [10, 10]],

  // oneway values for a car.
  ['oneway=yes', { highway: 'residential', oneway: 'yes' }, 'drive', [25, 0]],
  ['oneway=true', { highway: 'residential', oneway: 'true' }, 'drive', [25, 0]],
  ['oneway=1', { highway: 'residential', oneway: '1' }, 'drive', [25, 0]],
  ['oneway=-1', { highway: 'residential', oneway: '-1' }, 'drive', [0, 25]],
  ['oneway=reverse', { highway: 'residential', oneway: 'reverse' }, 'drive', [0, 25]],
  ['oneway=no', { highway: 'residential', oneway: 'no' }, 'drive', [25, 25]],
  ['oneway=false', { highway: 'residential', oneway: 'false' }, 'drive', [25, 25]],
  ['oneway=0', { highway: 'residential', oneway: '0' }, 'drive', [25, 25]],
  ['unknown oneway value is ignored', { highway: 'residential', oneway: 'x' }, 'drive', [25, 25]],
  ['oneway=reversible: unusable', { highway: 'residential', oneway: 'reversible' }, 'drive', null],
  [
    'oneway=alternating: unusable',
    { highway: 'residential', oneway: 'alternating' },
    'drive',
    null,
  ],

  // Walkers ignore oneway, but not oneway:foot.
  ['walk ignores oneway=yes', { highway: 'residential', oneway: 'yes' }, 'walk', [5, 5]],
  ['walk ignores oneway=-1', { highway: 'residential', oneway: '-1' }, 'walk', [5, 5]],
  [
    'walk ignores oneway=reversible',
    { highway: 'residential', oneway: 'reversible' },
    'walk',
    [5, 5],
  ],
  ['walk honours oneway:foot=yes', { highway: 'footway', 'oneway:foot': 'yes' }, 'walk', [5, 0]],
  ['walk honours oneway:foot=-1', { highway: 'footway', 'oneway:foot': '-1' }, 'walk', [0, 5]],
  [
    'oneway:foot=no beats oneway=yes for walkers',
    { highway: 'residential', oneway: 'yes', 'oneway:foot': 'no' },
    'walk',
    [5, 5],
  ],
  [
    'oneway:foot does not bind cars',
    { highway: 'residential', 'oneway:foot': 'yes' },
    'drive',
    [25, 25],
  ],

  // Bikes honour oneway, with the cyclist exceptions.
  ['bike honours oneway=yes', { highway: 'residential', oneway: 'yes' }, 'bike', [18, 0]],
  ['bike honours oneway=-1', { highway: 'residential', oneway: '-1' }, 'bike', [0, 18]],
  [
    'oneway:bicycle=no opens contraflow',
    { highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' },
    'bike',
    [18, 18],
  ],
  [
    'oneway:bicycle=yes on a two-way street',
    { highway: 'residential', 'oneway:bicycle': 'yes' },
    'bike',
    [18, 0],
  ],
  [
    'cycleway=opposite_lane opens contraflow',
    { highway: 'residential', oneway: 'yes', cycleway: 'opposite_lane' },
    'bike',
    [18, 18],
  ],
  [
    'cycleway=opposite opens contraflow',
    { highway: 'residential', oneway: 'yes', cycleway: 'opposite' },
    'bike',
    [18, 18],
  ],
  [
    'cycleway:left=opposite_lane opens contraflow',
    { highway: 'residential', oneway: 'yes', 'cycleway:left': 'opposite_lane' },
    'bike',
    [18, 18],
  ],
  [
    'cycleway=lane is no contraflow',
    { highway: 'residential', oneway: 'yes', cycleway: 'lane' },
    'bike',
    [18, 0],
  ],
  [
    'oneway:bicycle=no does not free cars',
    { highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' },
    'drive',
    [25, 0],
  ],
  [
    'cycleway=opposite_lane does not free cars',
    { highway: 'residential', oneway: 'yes', cycleway: 'opposite_lane' },
    'drive',
    [25, 0],
  ],

  // Roundabouts and circular junctions.
  [
    'roundabout: drive oneway',
    { highway: 'residential', junction: 'roundabout' },
    'drive',
    [25, 0],
  ],
  ['roundabout: bike oneway', { highway: 'residential', junction: 'roundabout' }, 'bike', [18, 0]],
  [
    'roundabout: walk both ways',
    { highway: 'residential', junction: 'roundabout' },
    'walk',
    [5, 5],
  ],
  ['circular: drive oneway', { highway: 'residential', junction: 'circular' }, 'drive', [25, 0]],
  ['circular: bike oneway', { highway: 'residential', junction: 'circular' }, 'bike', [18, 0]],
  ['circular: walk both ways', { highway: 'residential', junction: 'circular' }, 'walk', [5, 5]],
  [
    'explicit oneway=no beats an implied roundabout',
    { highway: 'residential', junction: 'roundabout', oneway: 'no' },
    'drive',
    [25, 25],
  ],
  ['reversible: bike unusable', { highway: 'residential', oneway: 'reversible' }, 'bike', null],

  // Access.
  ['access=no: drive', { highway: 'residential', access: 'no' }, 'drive', null],
  ['access=no: walk', { highway: 'residential', access: 'no' }, 'walk', null],
  ['access=no: bike', { highway: 'residential', access: 'no' }, 'bike', null],
  ['access=private', { highway: 'residential', access: 'private' }, 'drive', null],
  ['access=agricultural', { highway: 'residential', access: 'agricultural' }, 'drive', null],
  [
    'access=destination is usable',
    { highway: 'residential', access: 'destination' },
    'drive',
    [25, 25],
  ],
  [
    'access=no + motor_vehicle=yes: drive',
    { highway: 'residential', access: 'no', motor_vehicle: 'yes' },
    'drive',
    [25, 25],
  ],
  [
    'access=no + motor_vehicle=yes: still no walking',
    { highway: 'residential', access: 'no', motor_vehicle: 'yes' },
    'walk',
    null,
  ],
  [
    'access=yes + motor_vehicle=no: no driving',
    { highway: 'residential', access: 'yes', motor_vehicle: 'no' },
    'drive',
    null,
  ],
  [
    'access=yes + motor_vehicle=no: walk',
    { highway: 'residential', access: 'yes', motor_vehicle: 'no' },
    'walk',
    [5, 5],
  ],
  [
    'access=yes + motor_vehicle=no: bike',
    { highway: 'residential', access: 'yes', motor_vehicle: 'no' },
    'bike',
    [18, 18],
  ],
  ['motorcar=no closes to cars', { highway: 'residential', motorcar: 'no' }, 'drive', null],
  [
    'most specific key wins: vehicle=no, motorcar=yes',
    { highway: 'residential', vehicle: 'no', motorcar: 'yes' },
    'drive',
    [25, 25],
  ],
  ['vehicle=no closes to bikes', { highway: 'residential', vehicle: 'no' }, 'bike', null],
  [
    'vehicle=no + bicycle=yes: bike',
    { highway: 'residential', vehicle: 'no', bicycle: 'yes' },
    'bike',
    [18, 18],
  ],
  ['foot=no: no walking', { highway: 'residential', foot: 'no' }, 'walk', null],
  ['foot=no: still drivable', { highway: 'residential', foot: 'no' }, 'drive', [25, 25]],
  ['access=no + foot=yes: walk', { highway: 'footway', access: 'no', foot: 'yes' }, 'walk', [5, 5]],
  ['impassable=yes', { highway: 'residential', impassable: 'yes' }, 'drive', null],
  ['status=impassable', { highway: 'residential', status: 'impassable' }, 'walk', null],

  // Service roads.
  ['service: drive', { highway: 'service' }, 'drive', [15, 15]],
  ['service=parking_aisle', { highway: 'service', service: 'parking_aisle' }, 'drive', [8, 8]],
  ['service=driveway', { highway: 'service', service: 'driveway' }, 'drive', [8, 8]],
  ['service=alley', { highway: 'service', service: 'alley' }, 'drive', [10, 10]],
  [
    'service=emergency_access',
    { highway: 'service', service: 'emergency_access' },
    'drive',
    [20, 20],
  ],
  ['unknown service value: class speed', { highway: 'service', service: 'x' }, 'drive', [15, 15]],
  [
    'service=parking_aisle: walker speed',
    { highway: 'service', service: 'parking_aisle' },
    'walk',
    [5, 5],
  ],

  // Tracks.
  ['track grade4: no driving', { highway: 'track', tracktype: 'grade4' }, 'drive', null],
  ['track grade3: no driving', { highway: 'track', tracktype: 'grade3' }, 'drive', null],
  ['track grade1: drive', { highway: 'track', tracktype: 'grade1' }, 'drive', [10, 10]],
  ['track grade2: drive', { highway: 'track', tracktype: 'grade2' }, 'drive', [10, 10]],
  ['track without grade: drive', { highway: 'track' }, 'drive', [10, 10]],
  ['track grade1: walk', { highway: 'track', tracktype: 'grade1' }, 'walk', [5, 5]],
  ['track grade4: walk', { highway: 'track', tracktype: 'grade4' }, 'walk', [5, 5]],
  ['track grade4: bike', { highway: 'track', tracktype: 'grade4' }, 'bike', [12, 12]],

  // maxspeed: drive takes 80 % of the limit, walk and bike ignore it.
  ['maxspeed=50', { highway: 'residential', maxspeed: '50' }, 'drive', [40, 40]],
  [
    'maxspeed=30 mph',
    { highway: 'residential', maxspeed: '30 mph' },
    'drive',
    [30 * MPH * 0.8, 30 * MPH * 0.8],
  ],
  ['maxspeed=50 km/h', { highway: 'residential', maxspeed: '50 km/h' }, 'drive', [40, 40]],
  [
    'maxspeed=50;30 takes the first',
    { highway: 'residential', maxspeed: '50;30' },
    'drive',
    [40, 40],
  ],
  ['maxspeed=none: class speed', { highway: 'residential', maxspeed: 'none' }, 'drive', [25, 25]],
  [
    'maxspeed=signals: class speed',
    { highway: 'residential', maxspeed: 'signals' },
    'drive',
    [25, 25],
  ],
  [
    'maxspeed=RU:urban: class speed',
    { highway: 'residential', maxspeed: 'RU:urban' },
    'drive',
    [25, 25],
  ],
  ['maxspeed lowers a fast class', { highway: 'primary', maxspeed: '30' }, 'drive', [24, 24]],
  [
    'maxspeed with oneway',
    { highway: 'residential', maxspeed: '50', oneway: 'yes' },
    'drive',
    [40, 0],
  ],
  [
    'maxspeed overrides a service speed',
    { highway: 'service', service: 'parking_aisle', maxspeed: '30' },
    'drive',
    [24, 24],
  ],
  ['walk ignores maxspeed', { highway: 'residential', maxspeed: '50' }, 'walk', [5, 5]],
  ['bike ignores maxspeed', { highway: 'residential', maxspeed: '50' }, 'bike', [18, 18]],
  ['bike ignores a low maxspeed', { highway: 'residential', maxspeed: '10' }, 'bike', [18, 18]],

  // Areas and ways that are no roads.
  ['area=yes footway', { highway: 'footway', area: 'yes' }, 'walk', null],
  ['area=yes residential', { highway: 'residential', area: 'yes' }, 'drive', null],
  ['area=yes service', { highway: 'service', area: 'yes' }, 'walk', null],
  ['area=yes pedestrian is a square', { highway: 'pedestrian', area: 'yes' }, 'walk', [5, 5]],
  ['area=no footway', { highway: 'footway', area: 'no' }, 'walk', [5, 5]],
  ['highway=construction: drive', { highway: 'construction' }, 'drive', null],
  ['highway=construction: walk', { highway: 'construction' }, 'walk', null],
  ['highway=construction: bike', { highway: 'construction' }, 'bike', null],
  ['highway=proposed: drive', { highway: 'proposed' }, 'drive', null],
  ['highway=proposed: walk', { highway: 'proposed' }, 'walk', null],
  ['highway=proposed: bike', { highway: 'proposed' }, 'bike', null],
  ['no highway: drive', { name: 'Main St', building: 'yes' }, 'drive', null],
  ['no highway: walk', { railway: 'rail' }, 'walk', null],
  ['no tags at all', {}, 'bike', null],
];

describe('evaluateWay', () => {
  it.each(cases)('%s (%o, %s)', (_label, tags, profile, expected) => {
    const result = evaluateWay(tags, DEFAULT_PROFILES[profile]);
    if (expected === null) {
      expect(result).toBeNull();
    } else {
      expect(result).not.toBeNull();
      expect(result!.forwardKmh).toBeCloseTo(expected[0], 9);
      expect(result!.backwardKmh).toBeCloseTo(expected[1], 9);
    }
  });

  it('does not modify the tags or the profile', () => {
    const tags = { highway: 'service', service: 'parking_aisle', maxspeed: '30', oneway: 'yes' };
    const tagsBefore = structuredClone(tags);
    const profileBefore = structuredClone(DEFAULT_PROFILES.drive);
    evaluateWay(tags, DEFAULT_PROFILES.drive);
    expect(tags).toEqual(tagsBefore);
    expect(DEFAULT_PROFILES.drive).toEqual(profileBefore);
  });

  // Tag values are free text: names of Object.prototype members ('constructor', 'toString')
  // must not find inherited functions in the speed tables (they would become NaN speeds).
  it.each([
    ['highway=constructor', { highway: 'constructor' }, 'drive'],
    ['highway=toString', { highway: 'toString' }, 'walk'],
  ] as [string, OsmTags, ProfileName][])(
    'a class named like an Object.prototype member is no road (%s)',
    (_label, tags, profile) => {
      expect(evaluateWay(tags, DEFAULT_PROFILES[profile])).toBeNull();
    },
  );

  it('a service value named like an Object.prototype member keeps the class speed', () => {
    const result = evaluateWay(
      { highway: 'service', service: 'constructor' },
      DEFAULT_PROFILES.drive,
    );
    expect(result).toEqual({ forwardKmh: 15, backwardKmh: 15 });
  });
});

describe('parseMaxspeedKmh', () => {
  it.each([
    ['50', 50],
    ['120', 120],
    ['20.5', 20.5],
    [' 60 ', 60],
    ['30 mph', 30 * MPH],
    ['30mph', 30 * MPH],
    ['30 MPH', 30 * MPH],
    ['50 km/h', 50],
    ['50km/h', 50],
    ['50 kmh', 50],
    ['50 kph', 50],
    ['50;30', 50],
    ['30 mph;50', 30 * MPH],
  ] as [string, number][])('%s → %s km/h', (value, expected) => {
    expect(parseMaxspeedKmh(value)).toBeCloseTo(expected, 9);
  });

  it.each([
    'none',
    'signals',
    'walk',
    'RU:urban',
    'DE:zone30',
    '',
    '0',
    '0 mph',
    '-30',
    '50 knots',
    'fifty',
    '50 km/h 30',
  ])('%j → null', (value) => {
    expect(parseMaxspeedKmh(value)).toBeNull();
  });
});
