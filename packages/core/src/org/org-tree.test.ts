import { describe, expect, it } from 'vitest';
import { catchDomainError as codeOf } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import { OrgTree } from './org-tree.ts';

describe('OrgTree', () => {
  const tree = new OrgTree(sampleOrgs);

  it('knows an org is within itself and its ancestors', () => {
    expect(tree.isWithin('xjk-g1', 'xjk-g1')).toBe(true);
    expect(tree.isWithin('xjk-g1', 'xjk')).toBe(true);
    expect(tree.isWithin('xjk-g1', 'xw')).toBe(true);
    expect(tree.isWithin('xjk-g1', 'nj')).toBe(true);
  });

  it('keeps siblings and other branches out of scope', () => {
    expect(tree.isWithin('xjk-g1', 'mfl')).toBe(false);
    expect(tree.isWithin('gl-s1', 'xw')).toBe(false);
    expect(tree.isWithin('xw', 'xjk')).toBe(false);
  });

  it('treats unknown orgs as out of scope rather than throwing', () => {
    expect(tree.isWithin('nowhere', 'nj')).toBe(false);
    expect(tree.isWithin('xjk', 'nowhere')).toBe(false);
  });

  it('lists a subtree parents first', () => {
    expect(tree.subtreeIds('xw')).toEqual(['xw', 'xjk', 'xjk-c1', 'xjk-g1', 'mfl', 'xw-urban']);
    expect(tree.subtreeIds('xjk-g1')).toEqual(['xjk-g1']);
    expect(tree.subtreeIds('nj')).toHaveLength(sampleOrgs.length);
  });

  it('walks up to ancestors and the nearest station', () => {
    expect(tree.ancestors('xjk-g1').map((o) => o.id)).toEqual([
      'xjk-g1',
      'xjk-c1',
      'xjk',
      'xw',
      'nj',
    ]);
    expect(tree.nearest('xjk-g1', 'station')?.id).toBe('xjk');
    expect(tree.nearest('xw', 'station')).toBeUndefined();
    expect(tree.childrenOf('xw').map((o) => o.id)).toEqual(['xjk', 'mfl', 'xw-urban']);
  });

  it('reports unknown ids as ERR_NOT_FOUND', () => {
    expect(codeOf(() => tree.get('x')).code).toBe('ERR_NOT_FOUND');
    expect(codeOf(() => tree.subtreeIds('x')).code).toBe('ERR_NOT_FOUND');
  });

  it('rejects an unknown parent, naming the field', () => {
    const e = codeOf(
      () => new OrgTree([...sampleOrgs, { id: 'z', parentId: 'nope', kind: 'grid', name: 'z' }]),
    );
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.field).toBe(`orgs[${sampleOrgs.length}].parentId`);
    expect(e.message).toContain('unknown org nope');
  });

  it('rejects a cycle', () => {
    const e = codeOf(
      () =>
        new OrgTree([
          { id: 'a', parentId: 'b', kind: 'department', name: 'a' },
          { id: 'b', parentId: 'a', kind: 'department', name: 'b' },
        ]),
    );
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.message).toContain('cycle');
  });

  it('rejects duplicate ids and misplaced kinds', () => {
    expect(codeOf(() => new OrgTree([...sampleOrgs, sampleOrgs[1]])).message).toContain(
      'used twice',
    );
    const e = codeOf(
      () =>
        new OrgTree([...sampleOrgs, { id: 'd2', parentId: 'xjk-g1', kind: 'district', name: '' }]),
    );
    expect(e.message).toContain('a district cannot hang under grid');
  });

  it('allows several roots (a province of cities)', () => {
    const two = new OrgTree([
      { id: 'a', parentId: null, kind: 'city', name: 'A' },
      { id: 'b', parentId: null, kind: 'city', name: 'B' },
    ]);
    expect(two.isWithin('a', 'b')).toBe(false);
    expect(two.all()).toHaveLength(2);
  });
});
