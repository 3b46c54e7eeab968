import { describe, expect, it } from 'vitest';
import { OrgTree } from '../org/org-tree.ts';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import { authorize, can, type User } from './authorize.ts';
import { ACTIONS, PERMISSIONS, ROLES, type Action, type Role } from './permissions.ts';

const tree = new OrgTree(sampleOrgs);

/**
 * The expected table, written out independently of PERMISSIONS: S = whole subtree,
 * U = own unit only, . = forbidden. Columns follow the role order below.
 */
const roleColumns: Role[] = [
  'admin',
  'supervisor',
  'dispatcher',
  'responder',
  'grid_worker',
  'department',
  'analyst',
  'integration',
];
// prettier-ignore
const expected: Record<Action, string> = {
  //                       adm sup dsp rsp grd dep ana int
  'incident.create':       'S   S   S   S   S   .   .   .',
  'incident.read':         'S   S   S   S   S   .   S   .',
  'incident.read_contact': 'S   S   S   U   U   .   .   .',
  'incident.update':       'S   S   S   .   .   .   .   .',
  'incident.supervise':    'S   S   .   .   .   .   .   .',
  'incident.note':         'S   S   S   U   U   .   .   .',
  'dispatch.create':       'S   S   S   .   .   .   .   .',
  'dispatch.transition':   'S   S   S   U   U   .   .   .',
  'unit.read':             'S   S   S   S   S   .   S   .',
  'unit.manage':           'S   .   .   .   .   .   .   .',
  'unit.status':           'S   S   S   U   U   .   .   .',
  mobilise:                'S   S   S   .   .   .   .   .',
  'plan.read':             'S   S   S   .   .   .   S   .',
  'plan.manage':           'S   .   .   .   .   .   .   .',
  'org.manage':            'S   .   .   .   .   .   .   .',
  'user.manage':           'S   .   .   .   .   .   .   .',
  'position.report':       'S   .   .   U   U   .   .   .',
  'workorder.read':        'S   S   S   .   S   S   .   .',
  'workorder.handle':      'S   .   .   .   S   S   .   .',
  'stats.read':            'S   S   .   .   .   .   S   .',
  'case.create':           'S   S   S   S   S   .   .   .',
  'case.read':             'S   S   S   S   S   .   S   .',
  'case.read_contact':     'S   S   S   .   .   .   .   .',
  'case.update':           'S   S   S   .   .   .   .   .',
  'open311.request':       'S   .   .   .   .   .   .   S',
  'alert.ingest':          'S   S   S   .   .   .   .   S',
  'alert.read':            'S   S   S   .   .   .   S   .',
  'alert.read_personal':   'S   S   S   .   .   .   .   .',
  'alert.manage':          'S   S   S   .   .   .   .   .',
  'assist.request':        'S   S   S   S   S   .   .   .',
  'assist.answer':         'S   S   S   .   .   .   .   .',
  'patrol.read':           'S   S   S   .   .   .   S   .',
  'patrol.plan':           'S   S   .   .   .   .   .   .',
  'series.read':           'S   S   .   .   .   .   S   .',
  'series.link':           'S   S   .   .   .   .   S   .',
};

function expectedGrant(role: Role, action: Action): 'S' | 'U' | '.' {
  return expected[action].split(/\s+/)[roleColumns.indexOf(role)] as 'S' | 'U' | '.';
}

/** Everyone sits at the 新街口 station; unit u1 is theirs. */
function userWith(role: Role): User {
  return { id: `user-${role}`, orgId: 'xjk', roles: [role], unitIds: ['u1'] };
}

const cases = ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const));

describe('authorize: role × action × scope', () => {
  it('the table covers every action', () => {
    expect(Object.keys(expected).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(cases)('%s / %s', (role, action) => {
    const user = userWith(role);
    const grant = expectedGrant(role, action);
    if (grant === '.') {
      expect(
        catchDomainError(() => authorize(user, action, 'xjk-g1', tree, { unitId: 'u1' })).code,
      ).toBe('ERR_FORBIDDEN');
      return;
    }
    // In scope (below the user's station), for the user's own unit: allowed.
    expect(authorize(user, action, 'xjk-g1', tree, { unitId: 'u1' })).toBe(
      grant === 'S' ? 'subtree' : 'own_unit',
    );
    // Another station of the same district: out of scope.
    expect(
      catchDomainError(() => authorize(user, action, 'mfl', tree, { unitId: 'u1' })).code,
    ).toBe('ERR_OUT_OF_SCOPE');
    // The district above the user: out of scope too (scope goes down, never up).
    expect(can(user, action, 'xw', tree, { unitId: 'u1' })).toBe(false);
    // Someone else's unit: fine for a subtree grant, out of scope for an own-unit grant.
    if (grant === 'S') expect(can(user, action, 'xjk', tree, { unitId: 'u2' })).toBe(true);
    else {
      const e = catchDomainError(() => authorize(user, action, 'xjk', tree, { unitId: 'u2' }));
      expect(e.code).toBe('ERR_OUT_OF_SCOPE');
      expect(e.field).toBe('unitId');
    }
  });
});

describe('authorize: details', () => {
  it('treats an unknown target org as out of scope, revealing nothing', () => {
    const e = catchDomainError(() => authorize(userWith('admin'), 'incident.read', 'ghost', tree));
    expect(e.code).toBe('ERR_OUT_OF_SCOPE');
    expect(e.field).toBe('orgId');
  });

  it('checks the role before the scope, so a forbidden action never hints at scope', () => {
    expect(
      catchDomainError(() => authorize(userWith('analyst'), 'dispatch.create', 'ghost', tree)).code,
    ).toBe('ERR_FORBIDDEN');
  });

  it('gives a user with several roles the widest grant', () => {
    const both: User = { id: 'x', orgId: 'xjk', roles: ['responder', 'dispatcher'], unitIds: [] };
    expect(authorize(both, 'dispatch.transition', 'xjk', tree, { unitId: 'u9' })).toBe('subtree');
  });

  it('forbids everything to a user without roles', () => {
    const e = catchDomainError(() =>
      authorize({ id: 'x', orgId: 'nj', roles: [] }, 'incident.read', 'nj', tree),
    );
    expect(e.code).toBe('ERR_FORBIDDEN');
    expect(e.message).toBe('no role may not incident.read');
  });

  it('lets a city admin act anywhere in the city', () => {
    const admin: User = { id: 'a', orgId: 'nj', roles: ['admin'] };
    for (const org of tree.all()) expect(can(admin, 'org.manage', org.id, tree)).toBe(true);
  });

  it('keeps department staff inside their department', () => {
    const liaison: User = { id: 'd', orgId: 'xw-urban', roles: ['department'] };
    expect(can(liaison, 'workorder.handle', 'xw-urban', tree)).toBe(true);
    expect(can(liaison, 'workorder.handle', 'xjk', tree)).toBe(false);
  });

  it('accepts a custom permission table', () => {
    const table = { ...PERMISSIONS, analyst: { 'incident.read_contact': 'subtree' as const } };
    expect(can(userWith('analyst'), 'incident.read_contact', 'xjk', tree, {}, table)).toBe(true);
  });
});
