import type { CurrentUser, Locale, LoginBody, SetupBody } from '@cercle/shared';
import type { Database, User } from '@cercle/db';
import { AppError } from '../../errors.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SessionManager } from './sessions.ts';
import { createUsersRepository } from './users.repository.ts';

interface AuthDependencies {
  db: Database;
  sessions: SessionManager;
  throttle: LoginThrottle;
}

export function createAuthService({ db, sessions, throttle }: AuthDependencies) {
  const usersRepository = createUsersRepository({ db });

  async function currentUser(user: User): Promise<CurrentUser> {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      locale: user.locale,
      digestOptOut: user.digestOptOut,
      memberships: await usersRepository.membershipsOf(user.id),
    };
  }

  return {
    currentUser,
    membershipsOf: (userId: string) => usersRepository.membershipsOf(userId),

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
