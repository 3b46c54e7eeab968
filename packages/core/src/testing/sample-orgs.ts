import type { Org } from '../org/org-tree.ts';

/** A small slice of Nanjing (the demo city) for tests: two districts, stations, a grid, a department. */
export const sampleOrgs: Org[] = [
  { id: 'nj', parentId: null, kind: 'city', name: '南京市' },
  { id: 'xw', parentId: 'nj', kind: 'district', name: '玄武区' },
  { id: 'gl', parentId: 'nj', kind: 'district', name: '鼓楼区' },
  { id: 'xjk', parentId: 'xw', kind: 'station', name: '新街口派出所' },
  { id: 'mfl', parentId: 'xw', kind: 'station', name: '梅园新村派出所' },
  { id: 'xjk-c1', parentId: 'xjk', kind: 'community', name: '新街口社区' },
  { id: 'xjk-g1', parentId: 'xjk-c1', kind: 'grid', name: '网格一' },
  { id: 'xw-urban', parentId: 'xw', kind: 'department', name: '玄武区城管局' },
  { id: 'gl-s1', parentId: 'gl', kind: 'station', name: '宁海路派出所' },
];
