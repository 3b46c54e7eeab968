import { DomainError, DomainErrorCode, ProblemList, notFound } from '../errors.ts';
import type { LocalNames } from '../shared/local-names.ts';

/**
 * Levels of the public-safety hierarchy. Departments (urban management, water, ...) hang off any
 * administrative level and receive work orders, never dispatches.
 */
export type OrgKind = 'city' | 'district' | 'station' | 'community' | 'grid' | 'department';

export const ORG_KINDS: readonly OrgKind[] = [
  'city',
  'district',
  'station',
  'community',
  'grid',
  'department',
];

export interface Org {
  id: string;
  /** Null only for a root (a city, or a province-level deployment's several cities). */
  parentId: string | null;
  kind: OrgKind;
  name: string;
  /** The name in each console language, when given in both ('玄武区' / 'Xuanwu District'). */
  localNames?: LocalNames;
}

/** Which parent kinds each kind may hang under; keeps e.g. a district from sitting under a grid. */
const ALLOWED_PARENTS: Record<OrgKind, readonly (OrgKind | null)[]> = {
  city: [null],
  district: ['city'],
  station: ['district'],
  community: ['station'],
  grid: ['community'],
  department: ['city', 'district', 'station', 'department'],
};

/**
 * The org hierarchy, indexed for scope checks. Every read and write is scoped to the caller's
 * subtree, so `isWithin` runs on every request: it is O(1) through pre-order numbering (a node's
 * subtree is the contiguous range [enter, exit) of the pre-order).
 */
export class OrgTree {
  private readonly byId = new Map<string, Org>();
  private readonly children = new Map<string, string[]>();
  private readonly enter = new Map<string, number>();
  private readonly exit = new Map<string, number>();
  private readonly preorder: string[] = [];

  /** Throws ERR_VALIDATION for duplicate ids, unknown parents, cycles and misplaced kinds. */
  constructor(orgs: readonly Org[]) {
    const problems = new ProblemList();
    orgs.forEach((org, i) => {
      if (typeof org.id !== 'string' || org.id === '') problems.add(`orgs[${i}].id`, 'is required');
      else if (this.byId.has(org.id)) problems.add(`orgs[${i}].id`, `${org.id} is used twice`);
      else this.byId.set(org.id, org);
      if (!ORG_KINDS.includes(org.kind)) {
        problems.add(`orgs[${i}].kind`, `must be one of ${ORG_KINDS.join(', ')}`);
      }
    });
    orgs.forEach((org, i) => {
      if (org.parentId !== null && !this.byId.has(org.parentId)) {
        problems.add(`orgs[${i}].parentId`, `names unknown org ${org.parentId}`);
        return;
      }
      const parentKind = org.parentId === null ? null : this.byId.get(org.parentId)!.kind;
      const allowed = ALLOWED_PARENTS[org.kind];
      if (allowed && !allowed.includes(parentKind)) {
        problems.add(
          `orgs[${i}].parentId`,
          `a ${org.kind} cannot hang under ${parentKind ?? 'nothing'} (allowed: ${allowed.map((k) => k ?? 'none').join(', ')})`,
        );
      }
    });
    problems.throwIfAny('org tree');

    for (const org of orgs) {
      if (org.parentId === null) continue;
      const list = this.children.get(org.parentId);
      if (list) list.push(org.id);
      else this.children.set(org.parentId, [org.id]);
    }
    for (const org of orgs) if (org.parentId === null) this.number(org.id);
    if (this.preorder.length !== this.byId.size) {
      // Nodes not reached from any root sit on a cycle (each one's parent chain never ends).
      const stuck = [...this.byId.keys()].filter((id) => !this.enter.has(id));
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `invalid org tree: cycle through ${stuck.join(', ')}`,
        'parentId',
      );
    }
  }

  /** Iterative DFS: a city tree is shallow, but a data error must not overflow the stack. */
  private number(rootId: string): void {
    const stack: { id: string; next: number }[] = [{ id: rootId, next: 0 }];
    this.enter.set(rootId, this.preorder.length);
    this.preorder.push(rootId);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const kids = this.children.get(top.id) ?? [];
      if (top.next < kids.length) {
        const child = kids[top.next++];
        this.enter.set(child, this.preorder.length);
        this.preorder.push(child);
        stack.push({ id: child, next: 0 });
      } else {
        this.exit.set(top.id, this.preorder.length);
        stack.pop();
      }
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Org {
    const org = this.byId.get(id);
    if (!org) throw notFound('org', id, 'orgId');
    return org;
  }

  /** True when `orgId` is `scopeRootId` or below it; false for unknown ids (never throws). */
  isWithin(orgId: string, scopeRootId: string): boolean {
    const at = this.enter.get(orgId);
    const from = this.enter.get(scopeRootId);
    if (at === undefined || from === undefined) return false;
    return at >= from && at < this.exit.get(scopeRootId)!;
  }

  /** The root and everything below it, in pre-order (parents before children). */
  subtreeIds(rootId: string): string[] {
    const from = this.enter.get(rootId);
    if (from === undefined) throw notFound('org', rootId, 'orgId');
    return this.preorder.slice(from, this.exit.get(rootId)!);
  }

  childrenOf(id: string): readonly Org[] {
    this.get(id);
    return (this.children.get(id) ?? []).map((c) => this.byId.get(c)!);
  }

  /** From the org itself up to its root, e.g. to find the station a grid cell belongs to. */
  ancestors(id: string): Org[] {
    const chain: Org[] = [];
    for (let org: Org | undefined = this.get(id); org;) {
      chain.push(org);
      org = org.parentId === null ? undefined : this.byId.get(org.parentId);
    }
    return chain;
  }

  /** Nearest org of a kind at or above `id` (e.g. the station responsible for a community). */
  nearest(id: string, kind: OrgKind): Org | undefined {
    return this.ancestors(id).find((org) => org.kind === kind);
  }

  all(): Org[] {
    return this.preorder.map((id) => this.byId.get(id)!);
  }
}
