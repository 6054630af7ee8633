import type { FastifyBaseLogger } from 'fastify';
import { type Database, isUniqueViolation, type User } from '@cercle/db';
import type {
  AcceptInvitationBody,
  CreateInvitationResponse,
  Invitation,
  InvitationLookupResponse,
  MemberRole,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import type { MailDelivery, Mailer } from '../../mail/mailer.ts';
import { mailMessages } from '../../mail/messages.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { SessionManager } from '../auth/sessions.ts';
import { createUsersRepository } from '../auth/users.repository.ts';
import { createInvitationsRepository, type InvitationView } from './invitations.repository.ts';

const invitationLifetimeMs = 14 * 24 * 3600_000;

interface InvitationsDependencies {
  db: Database;
  mailer: Mailer;
  sessions: SessionManager;
  auth: AuthService;
  publicUrl: URL;
  log: FastifyBaseLogger;
}

function toInvitation(view: InvitationView): Invitation {
  return {
    ...view,
    expiresAt: view.expiresAt.toISOString(),
    acceptedAt: view.acceptedAt?.toISOString() ?? null,
  };
}

/** Refuses links that cannot be used any more, with the reason the person needs to hear. */
function usableOrThrow(view: InvitationView | undefined, now = new Date()): InvitationView {
  if (!view) {
    throw new AppError(404, 'invitations.not_found', 'This invitation link is not valid.');
  }
  if (view.acceptedAt) {
    throw new AppError(409, 'invitations.already_accepted', 'This invitation was already used.');
  }
  if (view.expiresAt <= now) {
    throw new AppError(
      410,
      'invitations.expired',
      'This invitation has expired; ask for a new one.',
    );
  }
  return view;
}

export function createInvitationsService(deps: InvitationsDependencies) {
  const { db, mailer, sessions, auth, publicUrl, log } = deps;
  const invitationsRepository = createInvitationsRepository({ db });
  const assembliesRepository = createAssembliesRepository({ db });
  const usersRepository = createUsersRepository({ db });

  /**
   * Records an invitation (inside the caller's transaction when given one) and returns its link.
   * The mail goes out with `deliver`, after the transaction commits.
   */
  async function issue(
    tx: Database,
    input: {
      email: string;
      assemblyId: string;
      role: MemberRole;
      collegeId: string | null;
      invitedBy: string;
    },
  ) {
    const token = newSecretToken();
    const id = await createInvitationsRepository({ db: tx }).replacePending({
      ...input,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + invitationLifetimeMs),
    });
    await createEventsRepository({ db: tx }).append({
      assemblyId: input.assemblyId,
      type: 'invitation.created',
      actorId: input.invitedBy,
      payload: { invitationId: id, role: input.role, collegeId: input.collegeId },
    });
    return { id, link: new URL(`/invitations/${token}`, publicUrl).href };
  }

  async function deliver({
    id,
    link,
  }: {
    id: string;
    link: string;
  }): Promise<MailDelivery | 'failed'> {
    const view = await invitationsRepository.findById(id);
    const mail = mailMessages[view.assemblyLanguage].invitation({
      assemblyName: view.assemblyName,
      inviterName: view.invitedByName,
      link,
      expiresAt: view.expiresAt,
      timeZone: view.timeZone,
    });
    try {
      return await mailer.send({ to: view.email, ...mail });
    } catch (error) {
      // The invitation stands: the secretary gets the link in the answer and can pass it on.
      log.error({ err: error, invitationId: id }, 'invitation mail could not be sent');
      return 'failed';
    }
  }

  return {
    async create(
      inviter: User,
      input: {
        email: string;
        assemblyId: string;
        role: MemberRole;
        collegeId?: string | undefined;
      },
    ): Promise<CreateInvitationResponse> {
      const assembly = await assembliesRepository.findById(input.assemblyId);
      if (!assembly) {
        throw new AppError(404, 'assemblies.not_found', 'No such assembly.', 'assemblyId');
      }
      if (
        input.collegeId &&
        !(await assembliesRepository.findCollege(assembly.id, input.collegeId))
      ) {
        throw new AppError(
          400,
          'validation.invalid',
          'No such college in this assembly.',
          'collegeId',
        );
      }
      const existingUser = await usersRepository.findByEmail(input.email);
      if (existingUser && (await assembliesRepository.findMember(assembly.id, existingUser.id))) {
        throw new AppError(
          409,
          'invitations.already_member',
          'This person is already a member.',
          'email',
        );
      }
      const issued = await issue(db, {
        ...input,
        collegeId: input.collegeId ?? null,
        invitedBy: inviter.id,
      });
      const view = await invitationsRepository.findById(issued.id);
      return { invitation: toInvitation(view), link: issued.link, delivery: await deliver(issued) };
    },

    issue,
    deliver,

    async lookup(token: string): Promise<InvitationLookupResponse> {
      const view = usableOrThrow(await invitationsRepository.findByTokenHash(hashToken(token)));
      return {
        invitation: toInvitation(view),
        // An imported person has an account but no password yet: for them it is a new account.
        accountExists: Boolean((await usersRepository.findByEmail(view.email))?.passwordHash),
      };
    },

    /**
     * Accepting creates the account (or, for an existing account, requires being signed in as
     * it), adds the membership and signs the person in, all or nothing.
     */
    async accept(token: string, body: AcceptInvitationBody, signedIn: User | null) {
      const passwordHash = body.password ? await hashPassword(body.password) : undefined;
      let userId: string;
      try {
        userId = await db.transaction(async (tx) => {
          const invitations = createInvitationsRepository({ db: tx });
          const users = createUsersRepository({ db: tx });
          const view = usableOrThrow(
            await invitations.findByTokenHash(hashToken(token), { lock: true }),
          );
          const existing = await users.findByEmail(view.email);
          let user: User;
          if (existing && existing.passwordHash === null) {
            // Imported or added by a secretary: accepting chooses the password (activation).
            if (!passwordHash) {
              throw new AppError(400, 'validation.invalid', 'password: required', 'password');
            }
            user = (await users.update(existing.id, {
              passwordHash,
              ...(body.name ? { name: body.name } : {}),
            }))!;
          } else if (existing) {
            if (!signedIn) {
              throw new AppError(
                401,
                'auth.unauthenticated',
                `Sign in as ${view.email} to accept this invitation.`,
              );
            }
            if (signedIn.id !== existing.id) {
              throw new AppError(
                403,
                'invitations.wrong_account',
                `This invitation is for ${view.email}; sign in with that account.`,
              );
            }
            user = existing;
          } else {
            if (!body.name) {
              throw new AppError(400, 'validation.invalid', 'name: required', 'name');
            }
            if (!passwordHash) {
              throw new AppError(400, 'validation.invalid', 'password: required', 'password');
            }
            user = await users.create({ email: view.email, name: body.name, passwordHash });
          }
          // A membership made since the invitation (import, secretary) keeps its settings.
          await createAssembliesRepository({ db: tx }).addMemberIfAbsent({
            assemblyId: view.assemblyId,
            userId: user.id,
            role: view.role,
            collegeId: view.collegeId,
          });
          await invitations.markAccepted(view.id, user.id);
          await createEventsRepository({ db: tx }).append({
            assemblyId: view.assemblyId,
            type: 'invitation.accepted',
            actorId: user.id,
            payload: { invitationId: view.id, userId: user.id },
          });
          return user.id;
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError(409, 'auth.email_taken', 'An account with this email already exists.');
        }
        throw error;
      }
      const user = (await usersRepository.findById(userId))!;
      // The person already signed in keeps their session; a new account gets one.
      const cookie = signedIn ? null : await sessions.start(user.id);
      return { user: await auth.currentUser(user), cookie };
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
