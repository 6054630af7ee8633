import type { MemberRole } from './roles.ts';

/**
 * The one permission table (ARCHITECTURE.md, "Rules"). Each dotted action names the lowest standing
 * that may perform it inside an assembly: `member` < `secretary` < `admin` (admin is global, the
 * national secretariat). `voter` is a member holding the voting right, whatever their role. The
 * server enforces it on every route; the web uses the same function to show or hide actions.
 */
const requirements = {
  'assembly.view': 'member',
  'assembly.manage': 'admin',
  'member.view': 'member',
  'member.invite': 'secretary',
  'member.manage': 'secretary',
  'motion.submit': 'member',
  'motion.support': 'member',
  'motion.comment': 'member',
  'motion.admit': 'secretary',
  'poll.open': 'secretary',
  /** Set up an election, enter candidacies for others, publish the list, run its rounds. */
  'election.manage': 'secretary',
  /** Stand as a candidate (eligibility is checked by the elections module). */
  'election.stand': 'member',
  'ballot.cast': 'voter',
  'meeting.attend': 'member',
  'meeting.run': 'secretary',
  'minutes.publish': 'secretary',
  'congress.manage': 'admin',
  /** In a congress: move its deadlines, merge its motions into composites. */
  'congress.prepare': 'secretary',
  /** In an antenna: forward its adopted motions, record its mandates, amend in its name. */
  'congress.forward': 'secretary',
  /** In an antenna: designate and withdraw its delegates to a meeting that accredits them. */
  'delegate.designate': 'secretary',
} as const satisfies Record<string, Requirement>;

export type Permission = keyof typeof requirements;
export const permissionNames = Object.keys(requirements) as Permission[];

type Requirement = 'member' | 'voter' | 'secretary' | 'admin';

export interface Actor {
  isAdmin: boolean;
  memberships: readonly { assemblyId: string; role: MemberRole; votingRight: boolean }[];
}

export interface PermissionScope {
  assemblyId: string;
}

/** `scope` null: an action outside any assembly (creating one), which only admins may do. */
export function can(actor: Actor, permission: Permission, scope: PermissionScope | null): boolean {
  if (actor.isAdmin) return true;
  if (!scope) return false;
  const membership = actor.memberships.find((m) => m.assemblyId === scope.assemblyId);
  if (!membership) return false;
  switch (requirements[permission]) {
    case 'member':
      return true;
    case 'voter':
      return membership.votingRight;
    case 'secretary':
      return membership.role === 'secretary';
    case 'admin':
      return false;
  }
}
