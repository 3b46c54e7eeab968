import { DomainError, DomainErrorCode } from '../errors.ts';
import type { OrgTree } from '../org/org-tree.ts';
import {
  PERMISSIONS,
  type Action,
  type Grant,
  type PermissionTable,
  type Role,
} from './permissions.ts';

export interface User {
  id: string;
  /** The root of everything this user may see or touch. */
  orgId: string;
  roles: readonly Role[];
  /** Units the user is a member of (responders, grid workers). */
  unitIds?: readonly string[];
}

export interface AuthorizeTarget {
  /** For own-unit actions: the unit acted for (the dispatch's unit, the reporting unit). */
  unitId?: string;
}

/**
 * Throws ERR_FORBIDDEN when no role grants the action, ERR_OUT_OF_SCOPE when the target org is
 * outside the user's subtree (or an own-unit action targets someone else's unit). Returns the
 * grant used, so callers can tell a full grant from an own-unit one.
 */
export function authorize(
  user: User,
  action: Action,
  targetOrgId: string,
  orgTree: OrgTree,
  target: AuthorizeTarget = {},
  permissions: PermissionTable = PERMISSIONS,
): Grant {
  const grant = strongestGrant(user.roles, action, permissions);
  if (grant === undefined) {
    throw new DomainError(
      DomainErrorCode.FORBIDDEN,
      `${user.roles.length ? user.roles.join(', ') : 'no role'} may not ${action}`,
      'action',
    );
  }
  if (!orgTree.isWithin(targetOrgId, user.orgId)) {
    throw new DomainError(
      DomainErrorCode.OUT_OF_SCOPE,
      `org ${targetOrgId} is outside the scope of ${user.id} (${user.orgId})`,
      'orgId',
    );
  }
  if (grant === 'own_unit' && !(target.unitId && user.unitIds?.includes(target.unitId))) {
    throw new DomainError(
      DomainErrorCode.OUT_OF_SCOPE,
      `${action} is allowed only for the user's own unit, not ${target.unitId ?? 'an unnamed unit'}`,
      'unitId',
    );
  }
  return grant;
}

/** True instead of throwing: for hiding buttons and filtering fields (e.g. contact details). */
export function can(
  user: User,
  action: Action,
  targetOrgId: string,
  orgTree: OrgTree,
  target: AuthorizeTarget = {},
  permissions: PermissionTable = PERMISSIONS,
): boolean {
  try {
    authorize(user, action, targetOrgId, orgTree, target, permissions);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/**
 * Whether any of the roles grants `action` somewhere (in the user's subtree or for their own
 * unit): for choosing which screens and sections to offer. The server still checks each call
 * against the target's org.
 */
export function rolesMay(
  roles: readonly Role[],
  action: Action,
  permissions: PermissionTable = PERMISSIONS,
): boolean {
  return strongestGrant(roles, action, permissions) !== undefined;
}

/** A user with several roles gets the widest grant any of them gives. */
function strongestGrant(
  roles: readonly Role[],
  action: Action,
  permissions: PermissionTable,
): Grant | undefined {
  let best: Grant | undefined;
  for (const role of roles) {
    const grant = permissions[role]?.[action];
    if (grant === 'subtree') return grant;
    if (grant) best = grant;
  }
  return best;
}
