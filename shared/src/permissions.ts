import type { auditVisibilities } from './enums.ts';
import type { CoauthorStatus } from './motions.ts';
import type { MemberRole } from './roles.ts';

type AuditVisibility = (typeof auditVisibilities)[number];

/**
 * The one permission table (ARCHITECTURE.md, "Rules"). Each dotted action names the lowest standing
 * that may perform it inside an assembly: `member` < `secretary` < `admin` (admin is global, the
 * national secretariat). `voter` is a member holding the voting right, whatever their role. The
 * server enforces it on every route; the web uses the same function to show or hide actions.
 */
const requirements = {
  'assembly.view': 'member',
  'assembly.manage': 'admin',
  /** Erase another person's account at their request (GDPR art. 17): the platform's admins. */
  'account.erase': 'admin',
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
  /**
   * Read the audit trail in words and download its events: the assembly's secretaries, and its
   * members too when its `auditVisibility` is `members` (the scope carries it).
   */
  'audit.read': 'audit_reader',
  /** Choose who reads the audit trail (`auditVisibility`), in the assembly's settings. */
  'audit.configure': 'secretary',
  /** Attach files to meetings and minutes, to any motion, and remove anyone's. */
  'attachment.manage': 'secretary',
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

/** `audit_reader`: a secretary, or any member when the scope's `auditVisibility` is `members`. */
type Requirement = 'member' | 'voter' | 'secretary' | 'admin' | 'audit_reader';

export interface Actor {
  isAdmin: boolean;
  memberships: readonly { assemblyId: string; role: MemberRole; votingRight: boolean }[];
}

export interface PermissionScope {
  assemblyId: string;
  /** The assembly's setting, for `audit.read`; without it, only secretaries read the trail. */
  auditVisibility?: AuditVisibility;
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
    case 'audit_reader':
      return membership.role === 'secretary' || scope.auditVisibility === 'members';
    case 'admin':
      return false;
  }
}

/**
 * The one rule for a motion's authorship: its author and the co-authors who accepted share the
 * author's rights (edit, submit, withdraw, answer objections and composites). Someone invited who
 * has not accepted yet has none of them.
 */
export function isMotionAuthor(
  motion: {
    authorId: string;
    coauthors: readonly { userId: string; status: CoauthorStatus }[];
  },
  userId: string,
): boolean {
  return (
    motion.authorId === userId ||
    motion.coauthors.some(
      (coauthor) => coauthor.userId === userId && coauthor.status === 'accepted',
    )
  );
}

/**
 * Who may attach a file to a motion, a meeting or minutes: a secretary of its assembly, or one
 * of the motion's authors. Whether the subject is still open (an undecided motion, unpublished
 * minutes) is the service's question, answered with 409.
 */
export function canAttachTo(
  actor: Actor,
  userId: string,
  subject: PermissionScope & { authorIds: readonly string[] },
): boolean {
  return can(actor, 'attachment.manage', subject) || subject.authorIds.includes(userId);
}

/** Who may remove an attachment: whoever uploaded it, or a secretary of its assembly. */
export function canRemoveAttachment(
  actor: Actor,
  userId: string,
  attachment: PermissionScope & { uploadedBy: string },
): boolean {
  return can(actor, 'attachment.manage', attachment) || attachment.uploadedBy === userId;
}
