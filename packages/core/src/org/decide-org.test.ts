import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import { decideOrg } from './decide-org.ts';
import { OrgTree } from './org-tree.ts';

const ctx = {
  now: Date.parse('2026-11-28T08:00:00Z'),
  actorId: 'admin',
  orgTree: new OrgTree(sampleOrgs),
};
const byId = (id: string) => sampleOrgs.find((o) => o.id === id)!;

describe('decideOrg', () => {
  it('creates an org under a known parent of the right kind', () => {
    const org = { id: 'xjk-c2', parentId: 'xjk', kind: 'community' as const, name: '华侨路社区' };
    const { state, events } = decideOrg(undefined, { type: 'create', org }, ctx);
    expect(state).toEqual(org);
    expect(events).toEqual([{ type: 'org.created', payload: org }]);
  });

  it('rejects an unknown parent, a wrong kind, a taken id and an empty name', () => {
    const base = { id: 'n', parentId: 'nowhere', kind: 'community' as const, name: 'n' };
    expect(
      catchDomainError(() => decideOrg(undefined, { type: 'create', org: base }, ctx)).code,
    ).toBe('ERR_VALIDATION');
    const wrongKind = { ...base, parentId: 'xw' };
    expect(
      catchDomainError(() => decideOrg(undefined, { type: 'create', org: wrongKind }, ctx)).message,
    ).toContain('a community cannot hang under district');
    const taken = { ...base, id: 'xjk', parentId: 'xjk' };
    expect(
      catchDomainError(() => decideOrg(undefined, { type: 'create', org: taken }, ctx)).code,
    ).toBe('ERR_ALREADY_EXISTS');
    const unnamed = { ...base, parentId: 'xjk', name: '' };
    expect(
      catchDomainError(() => decideOrg(undefined, { type: 'create', org: unnamed }, ctx)).field,
    ).toBe('name');
  });

  it('moves a community to another station with its subtree', () => {
    const { state } = decideOrg(byId('xjk-c1'), { type: 'move', parentId: 'mfl' }, ctx);
    expect(state.parentId).toBe('mfl');
  });

  it('refuses a move that would make a cycle', () => {
    const withChild = new OrgTree([
      ...sampleOrgs,
      { id: 'xw-urban-1', parentId: 'xw-urban', kind: 'department', name: '一中队' },
    ]);
    const e = catchDomainError(() =>
      decideOrg(
        byId('xw-urban'),
        { type: 'move', parentId: 'xw-urban-1' },
        { ...ctx, orgTree: withChild },
      ),
    );
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.message).toContain('cycle');
  });

  it('renames', () => {
    expect(decideOrg(byId('xjk'), { type: 'rename', name: '新街口所' }, ctx).state.name).toBe(
      '新街口所',
    );
    expect(
      catchDomainError(() => decideOrg(byId('xjk'), { type: 'rename', name: ' ' }, ctx)).field,
    ).toBe('name');
  });
});
