import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { eq, sql } from 'drizzle-orm';
import { type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from 'lucia';
import { type Database, sessions, type User, users } from '@cercle/db';

export const sessionCookieName = 'cercle_session';

/**
 * The only file that knows Lucia (deprecated upstream, STACK.md pitfall 4): replacing it with
 * the @oslojs recipe later touches nothing else.
 */
/**
 * Every request reads its session: that one query is prepared once (named, so PostgreSQL plans
 * it once per connection) instead of being rebuilt by the query builder each time.
 */
class PreparedSessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly sessionAndUser;

  constructor(db: Database) {
    super(db, sessions, users);
    this.sessionAndUser = db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .prepare('session_and_user');
  }

  override async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const [row] = await this.sessionAndUser.execute({ sessionId });
    if (!row) return [null, null];
    const { id, ...attributes } = row.user;
    return [
      {
        id: row.session.id,
        userId: row.session.userId,
        expiresAt: row.session.expiresAt,
        attributes: {},
      },
      { id, attributes },
    ];
  }
}

export function createSessionManager({ db, secure }: { db: Database; secure: boolean }) {
  const lucia = new Lucia(new PreparedSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: { name: sessionCookieName, attributes: { secure, sameSite: 'lax' } },
    // The adapter already reads the user row with the session: keep it, and save a query on
    // every request.
    getUserAttributes: (attributes) => attributes,
  });

  return {
    /** The session a Cookie header points to, with a renewed cookie when Lucia extended it. */
    async validate(cookieHeader: string | undefined): Promise<{
      session: { id: string; userId: string } | null;
      user: User | null;
      setCookie: string | null;
    }> {
      const sessionId = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
      if (!sessionId) return { session: null, user: null, setCookie: null };
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session) {
        return {
          session: null,
          user: null,
          setCookie: lucia.createBlankSessionCookie().serialize(),
        };
      }
      const setCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : null;
      return { session: { id: session.id, userId: session.userId }, user, setCookie };
    },
    /** Starts a session and returns the Set-Cookie value that carries it. */
    async start(userId: string): Promise<string> {
      const session = await lucia.createSession(userId, {});
      return lucia.createSessionCookie(session.id).serialize();
    },
    /** Ends one session and returns the Set-Cookie value that clears it. */
    async end(sessionId: string): Promise<string> {
      await lucia.invalidateSession(sessionId);
      return lucia.createBlankSessionCookie().serialize();
    },
    endAllFor(userId: string) {
      return lucia.invalidateUserSessions(userId);
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;

declare module 'lucia' {
  interface Register {
    Lucia: Lucia<Record<never, never>, Omit<User, 'id'>>;
    UserId: string;
    DatabaseUserAttributes: Omit<User, 'id'>;
  }
}
