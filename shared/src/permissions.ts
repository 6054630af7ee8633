import type { MemberRole } from './roles.ts';

/**
 * The one permission table (DESIGN §3 "Roles"). Each dotted action names the lowest standing
 * that may perform it inside an assembly: `member` < `secretary` < `admin` (admin is global).
 * The server enforces it on every route; the web uses the same function to show or hide actions.
 */
const minimumStanding = {
  'assembly.view': 'member',
  'assembly.manage': 'admin',
  'member.invite': 'secretary',
} as const satisfies Record<string, Standing>;

export type Permission = keyof typeof minimumStanding;
export const permissionNames = Object.keys(minimumStanding) as Permission[];

type Standing = MemberRole | 'admin';
const rank: Record<Standing, number> = { member: 1, secretary: 2, admin: 3 };

export interface Actor {
  isAdmin: boolean;
  memberships: readonly { assemblyId: string; role: MemberRole }[];
}

export interface PermissionScope {
  assemblyId: string;
}

export function can(actor: Actor, permission: Permission, scope: PermissionScope): boolean {
  if (actor.isAdmin) return true;
  const membership = actor.memberships.find((m) => m.assemblyId === scope.assemblyId);
  if (!membership) return false;
  return rank[membership.role] >= rank[minimumStanding[permission]];
}
