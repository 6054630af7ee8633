import type { FastifyBaseLogger } from 'fastify';
import type {
  ChangePasswordBody,
  CurrentUser,
  Locale,
  LoginBody,
  Membership,
  PasswordResetBody,
  SetupBody,
} from '@cercle/shared';
import type { Database, User } from '@cercle/db';
import { AppError } from '../../errors.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { mailMessages } from '../../mail/messages.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';
import { batchPerTurn } from '../../turn-batch.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createPasswordResetsRepository } from './password-resets.repository.ts';
import type { RightsCache } from './rights-cache.ts';
import type { SessionManager } from './sessions.ts';
import { createUsersRepository } from './users.repository.ts';

interface AuthDependencies {
  db: Database;
  sessions: SessionManager;
  rights: RightsCache;
  throttle: LoginThrottle;
  mailer: Mailer;
  publicUrl: URL;
  log: Pick<FastifyBaseLogger, 'error'>;
}

/** Reset links sent to one person per hour at most: a stranger cannot flood their mailbox. */
const resetLinksPerHour = 3;

export function createAuthService({
  db,
  sessions,
  rights,
  throttle,
  mailer,
  publicUrl,
  log,
}: AuthDependencies) {
  const usersRepository = createUsersRepository({ db });
  const resetsRepository = createPasswordResetsRepository({ db });
  /** People whose requests or sockets arrive in the same turn share one read of memberships. */
  const membershipsPerTurn = batchPerTurn(usersRepository.membershipsOfPeople);

  /** Work done after the answer went out; a graceful close waits for it. */
  const pending = new Set<Promise<void>>();
  function inBackground(work: () => Promise<void>) {
    const running: Promise<void> = work()
      .catch((error: unknown) => log.error({ err: error }, 'background auth work failed'))
      .finally(() => pending.delete(running));
    pending.add(running);
  }

  /** Sends a reset link if the address is an account with a password, quietly otherwise. */
  async function sendResetLink(email: string) {
    const user = await usersRepository.findByEmail(email);
    // An account without password yet is activated by its invitation, not by a reset.
    if (!user?.passwordHash) return;
    await resetsRepository.prune();
    const token = newSecretToken();
    if (!(await resetsRepository.addWithin(hashToken(token), user.id, resetLinksPerHour))) return;
    const link = new URL(`/password-reset/${token}`, publicUrl).href;
    await mailer.send({
      to: user.email,
      ...mailMessages[user.locale].passwordReset({ name: user.name, link }),
    });
  }

  async function currentUser(user: User): Promise<CurrentUser> {
    return describeUser(user, await usersRepository.membershipsOf(user.id));
  }

  return {
    currentUser,
    /** Every request's permission check reads them: from memory for people on a socket. */
    membershipsOf: (userId: string) => rights.memberships(userId, () => membershipsPerTurn(userId)),

    async login({ email, password }: LoginBody, ip: string) {
      let user: User | undefined;
      const passed = await throttle.attempt(ip, email, async () => {
        user = await usersRepository.findByEmail(email);
        return verifyPassword(user?.passwordHash, password);
      });
      if (!passed || !user) {
        throw new AppError(401, 'auth.invalid_credentials', 'Wrong email or password.', 'password');
      }
      return { user: await currentUser(user), cookie: await sessions.start(user.id) };
    },

    /**
     * The signed-in person changes their password. A wrong current password counts as a failed
     * sign-in (a stolen session must not become a way to guess it); every other session ends.
     */
    async changePassword(
      { user, sessionId }: { user: User; sessionId: string },
      { currentPassword, newPassword }: ChangePasswordBody,
      ip: string,
    ) {
      const passed = await throttle.attempt(ip, user.email, () =>
        verifyPassword(user.passwordHash, currentPassword),
      );
      if (!passed) {
        throw new AppError(
          403,
          'auth.wrong_password',
          'The current password is wrong.',
          'currentPassword',
        );
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await createUsersRepository({ db: tx }).update(user.id, { passwordHash });
        await createPasswordResetsRepository({ db: tx }).voidPending(user.id);
        await sessions.endAllFor(user.id, { except: sessionId, tx });
      });
    },

    /**
     * Mails a reset link to the address if it is an account. The answer is the same either way
     * and goes out before the account is even looked up, so neither it nor its timing tells.
     */
    async requestPasswordReset(email: string, ip: string) {
      await throttle.resetRequested(ip);
      inBackground(() => sendResetLink(email));
    },

    /** Sets the new password from a mailed link: once, within the hour; every session ends. */
    async completePasswordReset({ token, password }: PasswordResetBody) {
      const passwordHash = await hashPassword(password);
      const tokenHash = hashToken(token);
      const email = await db.transaction(async (tx) => {
        const resets = createPasswordResetsRepository({ db: tx });
        const userId = await resets.consume(tokenHash);
        if (!userId) {
          const why = await resets.whyUnusable(tokenHash);
          if (why === 'unknown') {
            throw new AppError(404, 'auth.reset_token_invalid', 'This link is not valid.', 'token');
          }
          throw why === 'used'
            ? new AppError(410, 'auth.reset_token_used', 'This link was already used.', 'token')
            : new AppError(
                410,
                'auth.reset_token_expired',
                'This link has expired; ask for a new one.',
                'token',
              );
        }
        const user = await createUsersRepository({ db: tx }).update(userId, { passwordHash });
        await resets.voidPending(userId);
        await sessions.endAllFor(userId, { tx });
        return user!.email;
      });
      // Whoever reads the mailbox is the owner: failures on the account no longer hold them.
      await throttle.forgetAccount(email);
    },

    /** Resolves once the mails and other work started after an answer are done. */
    async settled() {
      await Promise.all([...pending]);
    },

    async updateProfile(
      user: User,
      changes: { name?: string; locale?: Locale; digestOptOut?: boolean },
    ) {
      const updated = await usersRepository.update(user.id, changes);
      return currentUser(updated ?? user);
    },

    async setupNeeded(): Promise<boolean> {
      return !(await usersRepository.hasAdmin());
    },

    /** Creates the first admin from the one-time link printed at first start. */
    async completeSetup({ token, email, name, password }: SetupBody) {
      const passwordHash = await hashPassword(password);
      const admin = await db.transaction(async (tx) => {
        const usersInTx = createUsersRepository({ db: tx });
        if (await usersInTx.hasAdmin()) {
          throw new AppError(409, 'auth.setup_unavailable', 'Cercle already has an administrator.');
        }
        if (!(await usersInTx.consumeSetupToken(hashToken(token)))) {
          throw new AppError(
            403,
            'auth.setup_token_invalid',
            'This setup link is not valid.',
            'token',
          );
        }
        const existing = await usersInTx.findByEmail(email);
        if (existing) {
          return (await usersInTx.update(existing.id, { name, passwordHash, isAdmin: true }))!;
        }
        return usersInTx.create({ email, name, passwordHash, isAdmin: true });
      });
      return { user: await currentUser(admin), cookie: await sessions.start(admin.id) };
    },

    /**
     * For automated deployments: CERCLE_ADMIN_EMAIL/PASSWORD create that admin, or reset its
     * password, at every start.
     */
    async ensureAdmin({
      email,
      password,
      name,
    }: {
      email: string;
      password: string;
      name: string;
    }) {
      const passwordHash = await hashPassword(password);
      const existing = await usersRepository.findByEmail(email);
      if (existing) {
        const passwordChanged = !(await verifyPassword(existing.passwordHash, password));
        await usersRepository.update(existing.id, { passwordHash, isAdmin: true });
        // A changed password must lock out whoever knew the old one.
        if (passwordChanged) await sessions.endAllFor(existing.id);
        return existing.id;
      }
      return (await usersRepository.create({ email, name, passwordHash, isAdmin: true })).id;
    },

    /** On an instance without admin, a fresh one-time setup token; null once an admin exists. */
    async issueSetupToken(): Promise<string | null> {
      if (await usersRepository.hasAdmin()) return null;
      const token = newSecretToken();
      await usersRepository.addSetupToken(hashToken(token));
      return token;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** The signed-in person as the API and the pages show them, from what was read of them. */
export function describeUser(user: User, memberships: Membership[]): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    locale: user.locale,
    digestOptOut: user.digestOptOut,
    memberships,
  };
}
