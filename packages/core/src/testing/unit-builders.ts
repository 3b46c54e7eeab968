import type { EmergencyUnit, GridUnit, PoliceUnit, SpecialUnit } from '../unit/unit.ts';

/** Real units with typical values, so each test states only what it is about. */
export function emergencyUnit(id: string, overrides: Partial<EmergencyUnit> = {}): EmergencyUnit {
  return {
    id,
    name: `应急-${id}`,
    kind: 'community',
    orgId: 'xjk-c1',
    profile: 'walk',
    turnoutSeconds: 10,
    status: 'available',
    talkGroupIds: ['tg-xjk'],
    siteId: 'site-mall',
    members: [
      { personId: `${id}-p1`, name: '张三', role: 'leader' },
      { personId: `${id}-p2`, name: '李四', role: 'member' },
    ],
    equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    ...overrides,
  };
}

export function policeCar(id: string, overrides: Partial<PoliceUnit> = {}): PoliceUnit {
  return {
    id,
    name: `巡-${id}`,
    kind: 'police',
    mode: 'car',
    orgId: 'xjk',
    profile: 'drive',
    turnoutSeconds: 30,
    status: 'available',
    talkGroupIds: ['tg-police'],
    ...overrides,
  };
}

export function gridWorker(id: string, overrides: Partial<GridUnit> = {}): GridUnit {
  return {
    id,
    name: `网格-${id}`,
    kind: 'grid',
    orgId: 'xjk-g1',
    profile: 'bike',
    turnoutSeconds: 20,
    status: 'available',
    talkGroupIds: ['tg-xjk'],
    members: [{ personId: `${id}-p1`, name: '王五' }],
    ...overrides,
  };
}

export function specialUnit(id: string, overrides: Partial<SpecialUnit> = {}): SpecialUnit {
  return {
    id,
    name: `特-${id}`,
    kind: 'special',
    speciality: 'swat',
    orgId: 'xw',
    profile: 'drive',
    turnoutSeconds: 120,
    status: 'available',
    talkGroupIds: [],
    ...overrides,
  };
}
