import { and, eq, isNull } from 'drizzle-orm';
import { assemblies, type Database, invitations, newId, users } from '@cercle/db';
import type { MemberRole } from '@cercle/shared';

const invitationView = {
  id: invitations.id,
  email: invitations.email,
  assemblyId: invitations.assemblyId,
  assemblyName: assemblies.name,
  assemblyKind: assemblies.kind,
  timeZone: assemblies.timeZone,
  /** The language its mails are written in. */
  assemblyLanguage: assemblies.language,
  role: invitations.role,
  collegeId: invitations.collegeId,
  invitedByName: users.name,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
};

export function createInvitationsRepository({ db }: { db: Database }) {
  return {
    async findByTokenHash(tokenHash: string, { lock = false } = {}) {
      const query = db
        .select(invitationView)
        .from(invitations)
        .innerJoin(assemblies, eq(assemblies.id, invitations.assemblyId))
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(eq(invitations.tokenHash, tokenHash));
      const [invitation] = await (lock ? query.for('update', { of: invitations }) : query);
      return invitation;
    },

    async findById(id: string) {
      const [invitation] = await db
        .select(invitationView)
        .from(invitations)
        .innerJoin(assemblies, eq(assemblies.id, invitations.assemblyId))
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(eq(invitations.id, id));
      return invitation!;
    },

    /** A new invitation replaces any pending one for the same person and assembly. */
    async replacePending(values: {
      tokenHash: string;
      email: string;
      assemblyId: string;
      role: MemberRole;
      collegeId: string | null;
      invitedBy: string;
      expiresAt: Date;
    }) {
      await db
        .delete(invitations)
        .where(
          and(
            eq(invitations.email, values.email),
            eq(invitations.assemblyId, values.assemblyId),
            isNull(invitations.acceptedAt),
          ),
        );
      const id = newId();
      await db.insert(invitations).values({ id, ...values });
      return id;
    },

    async markAccepted(id: string, userId: string) {
      await db
        .update(invitations)
        .set({ acceptedAt: new Date(), acceptedBy: userId })
        .where(eq(invitations.id, id));
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
export type InvitationView = Awaited<ReturnType<InvitationsRepository['findById']>>;
