import { randomInt } from 'node:crypto';
import type { EraseAccountBody, Locale } from '@cercle/shared';
import type { Database, User } from '@cercle/db';
import { AppError } from '../../errors.ts';
import { textHash } from '../audit/audit-chain.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { verifyPassword } from '../auth/passwords.ts';
import type { SessionManager } from '../auth/sessions.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { motionReference } from '../motions/motions.service.ts';
import { myDataDocument } from './my-data.document.ts';
import { createMyDataRepository, type PersonalData } from './my-data.repository.ts';

/** Letters and digits nobody misreads (no 0/O, 1/I/L, U). */
const pseudonymAlphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/**
 * « Personne effacée 4F7K »: random, so it says nothing of the name or the address, and stored
 * as the person's name, so it is the same wherever they appear.
 */
function newPseudonym(): string {
  let code = '';
  for (let i = 0; i < 4; i += 1) code += pseudonymAlphabet[randomInt(pseudonymAlphabet.length)];
  return `Personne effacée ${code}`;
}

/** Unique through the account's id, and undeliverable (`.invalid` is reserved, RFC 2606). */
const placeholderEmail = (userId: string) => `erased-${userId.toLowerCase()}@erased.invalid`;

const sameEmail = (typed: string, email: string) =>
  typed.trim().toLowerCase() === email.trim().toLowerCase();

function shapeExport(user: User, data: PersonalData, exportedAt: Date) {
  return {
    format: 'cercle.my-data',
    formatVersion: 1,
    exportedAt: exportedAt.toISOString(),
    profile: {
      id: user.id,
      name: user.name,
      email: user.email,
      locale: user.locale,
      createdAt: user.createdAt,
      isAdmin: user.isAdmin,
      digest: { optedOut: user.digestOptOut, lastDigestAt: user.lastDigestAt },
      /** Whether a calendar feed address exists; never the secret in it. */
      calendarFeed: user.calendarToken !== null,
    },
    memberships: data.memberships,
    motions: {
      authored: data.authored.map(({ code, year, rank, ...motion }) => ({
        ...motion,
        reference: year === null ? null : motionReference(code, { year, rank }),
      })),
      coauthored: data.coauthored,
    },
    versions: data.versions,
    amendments: data.amendments,
    comments: data.comments,
    supports: data.supports,
    objections: data.objections,
    /** Open (non-secret) polls, with the answer given. */
    ballots: data.openBallots,
    /** Every poll answered; for a secret poll this is all there is: no choice is kept. */
    participations: data.participations.map(({ byProxyHolder, ...row }) => ({
      ...row,
      castByProxyHolder: byProxyHolder !== null && byProxyHolder !== user.id,
    })),
    /** The polls the person was entitled to answer. */
    electorate: data.electorate,
    proxies: { given: data.proxiesGiven, carried: data.proxiesCarried },
    attendance: data.attendance,
    speakerRequests: data.speakerRequests,
    delegates: data.delegates,
    candidacies: data.candidacies,
    /** Open election rounds only, as for polls. */
    electionBallots: data.electionBallots,
    notifications: data.notifications,
    invitations: { received: data.invitationsReceived, sentCount: data.invitationsSent },
    /** How many sessions are open and when they expire; never their tokens. */
    sessions: {
      count: data.sessions.length,
      expiresAt: data.sessions.map((session) => session.expiresAt),
    },
    attachments: data.attachments,
    /** What the person did, as the assemblies' audit trails record it: type and date. */
    auditEvents: data.events,
  };
}

export type MyDataExport = ReturnType<typeof shapeExport>;

export function createMyDataService({
  db,
  sessions,
  throttle,
}: {
  db: Database;
  sessions: SessionManager;
  throttle: LoginThrottle;
}) {
  async function exportOf(user: User) {
    const exportedAt = new Date();
    const data = await createMyDataRepository({ db }).collect(user.id, user.email);
    return {
      data: shapeExport(user, data, exportedAt),
      fileDate: exportedAt.toISOString().slice(0, 10),
    };
  }

  /** The person who asks proves it is them (or an admin proves it is them) with a password. */
  async function reauthenticate(asker: User, password: string, ip: string) {
    const passed = await throttle.attempt(ip, asker.email, () =>
      verifyPassword(asker.passwordHash, password),
    );
    if (!passed) {
      throw new AppError(403, 'auth.wrong_password', 'The password is wrong.', 'password');
    }
  }

  /**
   * Erases the account in one transaction (README, "My data"): nobody can sign in as it again,
   * what only served the account goes, and the records the assemblies must keep stay, under a
   * pseudonym. Events hold ids only, so the chain is untouched; published minutes get the
   * pseudonym in their text and a `minutes.redacted` event that carries the new hash.
   */
  async function erase(actor: User, targetId: string) {
    const oldEmail = await db.transaction(async (tx) => {
      const repository = createMyDataRepository({ db: tx });
      const target = await repository.person(targetId);
      if (!target) throw new AppError(404, 'users.not_found', 'No such person.');
      if (target.erasedAt) {
        throw new AppError(409, 'erasure.already_erased', 'This account is already erased.');
      }
      if (target.isAdmin && (await repository.otherAdmins(target.id)).length === 0) {
        throw new AppError(
          409,
          'erasure.last_admin',
          'The last administrator cannot be erased: make someone else an administrator first.',
        );
      }
      let pseudonym = newPseudonym();
      while (await repository.nameTaken(pseudonym)) pseudonym = newPseudonym();
      const email = placeholderEmail(target.id);

      const events = createEventsRepository({ db: tx });
      const assemblyIds = await repository.endMemberships(target.id);
      for (const assemblyId of assemblyIds) {
        await events.append({
          assemblyId,
          type: 'user.erased',
          actorId: actor.id,
          payload: { userId: target.id },
        });
      }
      for (const row of await repository.minutesNaming(target.id, assemblyIds, target.name)) {
        const text = row.text.replaceAll(target.name, pseudonym);
        if (row.status !== 'published') {
          await repository.rewriteMinutes(row.id, text, null);
          continue;
        }
        const hash = textHash(text);
        await repository.rewriteMinutes(row.id, text, hash);
        await events.append({
          assemblyId: row.assemblyId,
          type: 'minutes.redacted',
          actorId: actor.id,
          payload: {
            minutesId: row.id,
            meetingId: row.meetingId,
            previousTextHash: row.textHash ?? textHash(row.text),
            textHash: hash,
            userId: target.id,
          },
        });
      }
      await repository.deleteAccountRows(target.id, target.email, email);
      await sessions.endAllFor(target.id, { tx });
      await repository.anonymise(target.id, pseudonym, email);
      return target.email;
    });
    // The failed sign-ins counted against the address (hashed) go with it.
    await throttle.forgetAccount(oldEmail);
  }

  return {
    exportOf,

    async exportDocument(user: User, locale: Locale) {
      const { data, fileDate } = await exportOf(user);
      return { html: myDataDocument(data, locale), fileDate };
    },

    /** The person erases their own account: their password, and their address typed again. */
    async eraseSelf(user: User, { password, confirmation }: EraseAccountBody, ip: string) {
      await reauthenticate(user, password, ip);
      if (!sameEmail(confirmation, user.email)) {
        throw new AppError(
          400,
          'erasure.confirmation_mismatch',
          'Type your email address to confirm.',
          'confirmation',
        );
      }
      await erase(user, user.id);
    },

    /** An admin erases someone's account at their request: the admin's password, their address. */
    async eraseByAdmin(
      admin: User,
      targetId: string,
      { password, confirmation }: EraseAccountBody,
      ip: string,
    ) {
      await reauthenticate(admin, password, ip);
      const target = await createMyDataRepository({ db }).person(targetId);
      if (!target) throw new AppError(404, 'users.not_found', 'No such person.');
      if (!target.erasedAt && !sameEmail(confirmation, target.email)) {
        throw new AppError(
          400,
          'erasure.confirmation_mismatch',
          'Type the email address of the account to erase.',
          'confirmation',
        );
      }
      await erase(admin, targetId);
    },
  };
}

export type MyDataService = ReturnType<typeof createMyDataService>;
