import {
  haversineMetres,
  type EmergencyUnit,
  type GridUnit,
  type Org,
  type PoliceUnit,
  type Role,
  type Site,
  type SiteKind,
  type Unit,
} from '@jiefang/core';
import type { Place } from '@jiefang/routing';
import type { Account } from '../auth/account.ts';
import { hashPassword } from '../auth/password.ts';
import { orgPart, sitePart, talkGroupPart, unitPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { accountCommand } from '../routes/account-commands.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

/** Demo passwords are public on purpose: they are printed at start and only exist in demo data. */
export const DEMO_LOGINS: DemoLogin[] = [
  {
    username: 'admin',
    password: 'admin-demo-2026',
    role: 'admin',
    displayName: '系统管理员 Admin',
  },
  {
    username: 'supervisor',
    password: 'supervisor-demo-2026',
    role: 'supervisor',
    displayName: '值班领导 Supervisor',
  },
  {
    username: 'dispatcher',
    password: 'dispatcher-demo-2026',
    role: 'dispatcher',
    displayName: '调度员 Dispatcher',
  },
  {
    username: 'responder',
    password: 'responder-demo-2026',
    role: 'responder',
    displayName: '巡逻民警 Responder',
  },
  {
    username: 'grid',
    password: 'grid-demo-2026',
    role: 'grid_worker',
    displayName: '网格员 Grid worker',
  },
  {
    username: 'department',
    password: 'department-demo-2026',
    role: 'department',
    displayName: '城管联络员 Department',
  },
  {
    username: 'analyst',
    password: 'analyst-demo-2026',
    role: 'analyst',
    displayName: '研判员 Analyst',
  },
];

const SITE_KINDS: [string, SiteKind][] = [
  ['shop=mall', 'mall'],
  ['shop=department_store', 'mall'],
  ['amenity=school', 'school'],
  ['building=school', 'school'],
  ['amenity=hospital', 'hospital'],
  ['amenity=bank', 'bank'],
  ['amenity=marketplace', 'market'],
];

export interface DemoSeed {
  logins: DemoLogin[];
  /** Where each unit starts: its station or site. */
  startPositions: Map<string, { lon: number; lat: number }>;
}

/**
 * The demo city's organisation, built from the city's own OSM places: a district with one
 * station per police POI, a community with grid cells, community emergency units at the real
 * malls, schools, hospitals and banks, police cars at the stations, a grid worker per cell,
 * a talk group for the business district, and one account per role. Idempotent: a seeded
 * database is left as it is.
 */
export async function seedDemoCity(
  ctx: ServerContext,
  options: { maxSites?: number } = {},
): Promise<DemoSeed> {
  const startPositions = new Map<string, { lon: number; lat: number }>();
  const places = ctx.router.city.places;
  const stationsPlaces = distinct(
    places.filter((p) => p.kind === 'amenity=police'),
    100,
  );
  const stations: Org[] = stationsPlaces.map((p, i) => ({
    id: `station-${i + 1}`,
    parentId: 'district',
    kind: 'station',
    name: p.name === 'police' ? `派出所 ${i + 1}` : p.name,
  }));
  if (stations.length === 0) {
    const [w, s, e, n] = ctx.router.city.meta.bbox;
    stationsPlaces.push({
      osmType: 'node',
      osmId: 0,
      kind: 'amenity=police',
      name: '派出所',
      altNames: [],
      lon: (w + e) / 2,
      lat: (s + n) / 2,
    });
    stations.push({ id: 'station-1', parentId: 'district', kind: 'station', name: '派出所' });
  }
  const orgs: Org[] = [
    { id: 'city', parentId: null, kind: 'city', name: '南京市 Nanjing' },
    { id: 'district', parentId: 'city', kind: 'district', name: '玄武区 Xuanwu' },
    ...stations,
    { id: 'community', parentId: 'station-1', kind: 'community', name: '新街口社区 Xinjiekou' },
    { id: 'grid-1', parentId: 'community', kind: 'grid', name: '网格 1' },
    { id: 'grid-2', parentId: 'community', kind: 'grid', name: '网格 2' },
    {
      id: 'urban-management',
      parentId: 'district',
      kind: 'department',
      name: '城管 Urban management',
    },
  ];
  const alreadySeeded = ctx.world.orgs.has('city');
  if (alreadySeeded) return { logins: DEMO_LOGINS, startPositions: startPositionsOf(ctx) };

  for (const org of orgs)
    await ctx.commands.execute(orgPart(ctx, org.id, { type: 'create', org }), null);

  const sitePlaces: { place: Place; kind: SiteKind }[] = [];
  for (const [osmKind, kind] of SITE_KINDS) {
    for (const place of places.filter((p) => p.kind === osmKind)) sitePlaces.push({ place, kind });
  }
  const chosen = distinct(
    sitePlaces.map((s) => ({ ...s.place, siteKind: s.kind })),
    80,
  ).slice(0, options.maxSites ?? 16);
  const units: Unit[] = [];
  const sites: Site[] = [];
  chosen.forEach((place, i) => {
    const unitId = `eu-${i + 1}`;
    const site: Site = {
      id: `site-${i + 1}`,
      name: place.name,
      kind: place.siteKind,
      orgId: 'community',
      location: { lon: place.lon, lat: place.lat },
      unitIds: [unitId],
    };
    sites.push(site);
    const unit: EmergencyUnit = {
      id: unitId,
      name: `${place.name} 应急单元`,
      kind: 'community',
      orgId: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
      talkGroupIds: ['tg-xinjiekou'],
      siteId: site.id,
      members: [
        { personId: `${unitId}-1`, name: `${place.name} 保安 1`, role: 'leader' },
        { personId: `${unitId}-2`, name: `${place.name} 保安 2`, role: 'member' },
        ...(i % 2 === 0
          ? [{ personId: `${unitId}-3`, name: `${place.name} 志愿者`, role: 'member' as const }]
          : []),
      ],
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    };
    units.push(unit);
    startPositions.set(unitId, place);
  });
  stations.forEach((station, i) => {
    const place = stationsPlaces[i];
    for (let k = 1; k <= 2; k++) {
      const unit: PoliceUnit = {
        id: `police-${i + 1}-${k}`,
        name: `${station.name} 巡${k}`,
        kind: 'police',
        mode: 'car',
        orgId: station.id,
        profile: 'drive',
        turnoutSeconds: 30,
        status: 'available',
        talkGroupIds: ['tg-xinjiekou'],
      };
      units.push(unit);
      startPositions.set(unit.id, place);
    }
  });
  for (const [i, gridId] of ['grid-1', 'grid-2'].entries()) {
    const place = chosen[i] ?? stationsPlaces[0];
    const unit: GridUnit = {
      id: `grid-unit-${i + 1}`,
      name: `网格员 ${i + 1}`,
      kind: 'grid',
      orgId: gridId,
      profile: 'bike',
      turnoutSeconds: 20,
      status: 'available',
      talkGroupIds: [],
      members: [{ personId: `grid-person-${i + 1}`, name: `网格员 ${i + 1}`, role: 'leader' }],
    };
    units.push(unit);
    startPositions.set(unit.id, place);
  }
  for (const unit of units)
    await ctx.commands.execute(unitPart(ctx, unit.id, { type: 'register', unit }), null);
  for (const site of sites)
    await ctx.commands.execute(sitePart(ctx, site.id, { type: 'register', site }), null);
  await ctx.commands.execute(
    talkGroupPart(ctx, 'tg-xinjiekou', {
      type: 'create',
      talkGroup: {
        id: 'tg-xinjiekou',
        name: '新街口商圈 Xinjiekou business district',
        orgId: 'district',
        unitIds: units.filter((u) => u.talkGroupIds.includes('tg-xinjiekou')).map((u) => u.id),
      },
    }),
    null,
  );

  const homes: Record<Role, { orgId: string; unitIds: string[] }> = {
    admin: { orgId: 'city', unitIds: [] },
    supervisor: { orgId: 'district', unitIds: [] },
    dispatcher: { orgId: 'district', unitIds: [] },
    responder: { orgId: 'station-1', unitIds: ['police-1-1'] },
    grid_worker: { orgId: 'grid-1', unitIds: ['grid-unit-1'] },
    department: { orgId: 'urban-management', unitIds: [] },
    analyst: { orgId: 'district', unitIds: [] },
  };
  for (const login of DEMO_LOGINS) {
    const account: Account = {
      id: `account-${login.username}`,
      username: login.username,
      displayName: login.displayName,
      roles: [login.role],
      ...homes[login.role],
      passwordHash: await hashPassword(login.password),
      disabled: false,
    };
    await ctx.commands.execute(accountCommand(ctx, { type: 'create', account }), null);
  }
  return { logins: DEMO_LOGINS, startPositions };
}

function startPositionsOf(ctx: ServerContext): Map<string, { lon: number; lat: number }> {
  const positions = new Map<string, { lon: number; lat: number }>();
  for (const { value: site } of ctx.world.sites.values()) {
    for (const unitId of site.unitIds) positions.set(unitId, site.location);
  }
  return positions;
}

/** OSM maps many places twice (building and entrance): keep one per `metres`. */
function distinct<T extends { lon: number; lat: number }>(items: T[], metres: number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (kept.every((k) => haversineMetres(k.lon, k.lat, item.lon, item.lat) > metres))
      kept.push(item);
  }
  return kept;
}
