import { type Database, type User } from '@cercle/db';
import type { AddMemberBody, Member, MemberListQuery, UpdateMemberBody } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, allows } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createUsersRepository } from '../auth/users.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import type { InvitationsService } from '../invitations/invitations.service.ts';
import { announceRightsChanged } from '../events/rights-notice.ts';
import { importMembers } from './members.import.ts';
import { addMembership } from './add-membership.ts';
import { createMembersRepository, type MembershipValues, toMember } from './members.repository.ts';

type ImportRequest = Parameters<typeof importMembers>[1];

interface MembersDependencies {
  db: Database;
  invitations: InvitationsService;
}

function memberNotFound() {
  return new AppError(404, 'members.not_found', 'This person is not a member of this assembly.');
}

export function createMembersService({ db, invitations }: MembersDependencies) {
  const membersRepository = createMembersRepository({ db });

  async function requireAssembly(assemblyId: string) {
    const assembly = await createAssembliesRepository({ db }).findById(assemblyId);
    if (!assembly) throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
    return assembly;
  }

  async function checkCollege(
    tx: Database,
    assemblyId: string,
    collegeId: string | null | undefined,
  ) {
    if (!collegeId) return;
    if (!(await createAssembliesRepository({ db: tx }).findCollege(assemblyId, collegeId))) {
      throw new AppError(
        400,
        'colleges.not_found',
        'No such college in this assembly.',
        'collegeId',
      );
    }
  }

  async function view(assemblyId: string, userId: string, showEmail: boolean): Promise<Member> {
    const row = await membersRepository.find(assemblyId, userId);
    if (!row) throw memberNotFound();
    return toMember(row, showEmail);
  }

  return {
    /** Imports a CSV of members into this assembly, or into others it names that the actor manages. */
    async importCsv(actor: User, permissions: Actor, assemblyId: string, body: ImportRequest) {
      const defaultAssembly = await requireAssembly(assemblyId);
      return importMembers(
        {
          db,
          actor,
          defaultAssembly,
          invitations,
          // Rows may name other assemblies: each needs its own right to manage members.
          mayManage: (id) => allows(permissions, 'member.manage', { assemblyId: id }),
        },
        body,
      );
    },

    async list(assemblyId: string, query: MemberListQuery, showEmails: boolean) {
      await requireAssembly(assemblyId);
      const { rows, total } = await membersRepository.page(assemblyId, query);
      return { members: rows.map((row) => toMember(row, showEmails)), total };
    },

    /** One member, as the directory shows them. */
    async one(assemblyId: string, userId: string, showEmail: boolean) {
      await requireAssembly(assemblyId);
      return view(assemblyId, userId, showEmail);
    },

    /**
     * Adds a person by address: an unknown address gets an account without password and, unless
     * told otherwise, an invitation link to choose one.
     */
    async add(actor: User, assemblyId: string, body: Required<AddMemberBody>) {
      await requireAssembly(assemblyId);
      const result = await db.transaction(async (tx) => {
        await checkCollege(tx, assemblyId, body.collegeId);
        const users = createUsersRepository({ db: tx });
        const user =
          (await users.findByEmail(body.email)) ??
          (await users.create({ email: body.email, name: body.name, passwordHash: null }));
        const members = createMembersRepository({ db: tx });
        if (await members.find(assemblyId, user.id)) {
          throw new AppError(
            409,
            'invitations.already_member',
            'This person is already a member.',
            'email',
          );
        }
        const values: MembershipValues = {
          role: body.role,
          collegeId: body.collegeId,
          votingRight: body.votingRight,
          organisation: body.organisation,
        };
        await addMembership(tx, { assemblyId, userId: user.id, values, actorId: actor.id });
        const invitation =
          body.sendInvitation && user.passwordHash === null
            ? await invitations.issue(tx, {
                email: user.email,
                assemblyId,
                role: body.role,
                collegeId: body.collegeId,
                invitedBy: actor.id,
              })
            : null;
        return { userId: user.id, invitation };
      });
      if (result.invitation) await invitations.deliver(result.invitation);
      return {
        member: await view(assemblyId, result.userId, true),
        invitationLink: result.invitation?.link ?? null,
      };
    },

    async update(actor: User, assemblyId: string, userId: string, body: UpdateMemberBody) {
      await db.transaction(async (tx) => {
        const members = createMembersRepository({ db: tx });
        const current = await members.find(assemblyId, userId);
        if (!current) throw memberNotFound();
        await checkCollege(tx, assemblyId, body.collegeId);
        await members.update(assemblyId, userId, body);
        await createEventsRepository({ db: tx }).append({
          assemblyId,
          type: 'member.updated',
          actorId: actor.id,
          payload: { userId, changes: body },
        });
        // A new role may follow less (or more): their open sockets are checked again.
        await announceRightsChanged(tx, userId);
      });
      return view(assemblyId, userId, true);
    },

    async remove(actor: User, assemblyId: string, userId: string) {
      await db.transaction(async (tx) => {
        if (!(await createMembersRepository({ db: tx }).remove(assemblyId, userId))) {
          throw memberNotFound();
        }
        await createEventsRepository({ db: tx }).append({
          assemblyId,
          type: 'member.removed',
          actorId: actor.id,
          payload: { userId },
        });
        await announceRightsChanged(tx, userId);
      });
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
