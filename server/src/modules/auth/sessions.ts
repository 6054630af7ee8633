import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import { type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from 'lucia';
import { type Database, sessions, type User, users } from '@cercle/db';
import { announceRightsChanged } from '../events/rights-notice.ts';
import type { KeepableSession, RightsCache } from './rights-cache.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';
import { batchPerTurn } from '../../turn-batch.ts';

export const sessionCookieName = 'cercle_session';

/**
 * The only file that knows Lucia (deprecated upstream; ARCHITECTURE.md, "Lucia behind one module"):
 * replacing it with the @oslojs recipe later touches nothing else.
 *
 * The cookie carries a random token; the database keeps its SHA-256 as the session id (the
 * recipe Lucia's author now recommends), so reading the `sessions` table opens no session.
 * Everywhere else in Cercle a session id means that hash.
 */
export function sessionIdOf(token: string): string {
  return hashToken(token);
}

/**
 * Every request reads its session, and one in the second half of its life is extended. Those
 * made in one turn of the event loop share a statement (`batchPerTurn`: a meeting's sockets open
 * together), prepared once (named, so PostgreSQL plans it once per connection) instead of being
 * rebuilt by the query builder each time (its objects were a tenth of what 5,000 sockets opening
 * at once allocated, every session of bench:live being extended).
 */
class PreparedSessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly sessionsAndUsers;
  private readonly extensions;
  private readonly readPerTurn;
  private readonly extendPerTurn;

  constructor(db: Database) {
    super(db, sessions, users);
    const ids = sql`${sql.placeholder('ids')}::text[]`;
    this.sessionsAndUsers = db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(sql`${sessions.id} = any(${ids})`)
      .prepare('sessions_and_users');
    this.extensions = db
      .update(sessions)
      .set({
        expiresAt: sql`(select extended.expires_at
          from unnest(${ids}, ${sql.placeholder('expiresAts')}::timestamptz[])
            as extended (id, expires_at)
          where extended.id = ${sessions.id})`,
      })
      .where(sql`${sessions.id} = any(${ids})`)
      .prepare('sessions_extension');
    this.readPerTurn = batchPerTurn(async (sessionIds: string[]) => {
      const rows = await this.sessionsAndUsers.execute({ ids: sessionIds });
      const byId = new Map(rows.map((row) => [row.session.id, row]));
      return sessionIds.map((id) => byId.get(id));
    });
    this.extendPerTurn = batchPerTurn(
      async (extensions: { sessionId: string; expiresAt: Date }[]) => {
        // One date per session (the latest) for the update's `unnest`.
        const latest = new Map<string, Date>();
        for (const { sessionId, expiresAt } of extensions) {
          const known = latest.get(sessionId);
          if (!known || known < expiresAt) latest.set(sessionId, expiresAt);
        }
        await this.extensions.execute({
          ids: [...latest.keys()],
          expiresAts: [...latest.values()].map((date) => date.toISOString()),
        });
        return extensions.map(() => undefined);
      },
    );
  }

  override async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.extendPerTurn({ sessionId, expiresAt });
  }

  override async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = await this.readPerTurn(sessionId);
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

/** Sessions last 30 days; Lucia extends one read in its last 15 (a write: not from memory). */
const sessionDays = 30;
const renewalWindowMs = (sessionDays / 2) * 24 * 60 * 60_000;

export function createSessionManager({
  db,
  secure,
  rights,
}: {
  db: Database;
  secure: boolean;
  /** Where sessions of people on a socket are kept; none, and every request reads the table. */
  rights?: RightsCache;
}) {
  const lucia = new Lucia(new PreparedSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(sessionDays, 'd'),
    sessionCookie: { name: sessionCookieName, attributes: { secure, sameSite: 'lax' } },
    // The adapter already reads the user row with the session: keep it, and save a query on
    // every request.
    getUserAttributes: (attributes) => attributes,
  });

  /**
   * Deletes sessions and tells every instance, in the same transaction (the caller's when given),
   * so that their sockets close once the change is committed and never before.
   */
  async function endWhere(userId: string, which: SQL, tx: Database | undefined): Promise<number> {
    const run = async (db: Database) => {
      const ended = await db.delete(sessions).where(which).returning({ id: sessions.id });
      if (ended.length > 0) await announceRightsChanged(db, userId);
      return ended.length;
    };
    return tx ? run(tx) : db.transaction(run);
  }

  /** Sessions read from the database (not from memory), since start. */
  let reads = 0;

  /** A session by its stored id, from memory for people on a socket; `renewed` if extended. */
  async function byId(sessionId: string) {
    const known = rights?.session(sessionId);
    if (known) {
      return {
        session: known.session,
        user: known.user,
        expiresAt: known.expiresAt,
        renewed: false,
        keepable: undefined,
      };
    }
    const stamp = rights?.stamp() ?? 0;
    reads += 1;
    const { session, user } = await lucia.validateSession(sessionId);
    if (!session) return null;
    const valid = { id: session.id, userId: session.userId };
    const { expiresAt } = session;
    // Kept only while no renewal can be due: a renewal must reach the database.
    const keepable: KeepableSession | undefined =
      expiresAt.getTime() - Date.now() > renewalWindowMs + 60 * 60_000
        ? { known: { session: valid, user, expiresAt }, stamp }
        : undefined;
    if (keepable) rights?.keepSession(keepable.known, stamp);
    return { session: valid, user, expiresAt, renewed: session.fresh, keepable };
  }

  return {
    /** The session token a Cookie header carries, or null. */
    tokenOf(cookieHeader: string | undefined): string | null {
      return cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
    },
    /** How many sessions were read from the database since start (not from memory). */
    reads: () => reads,
    /**
     * The session a Cookie header points to, with a renewed cookie when Lucia extended it.
     * `session.id` is the hash stored in the database, never the cookie's token.
     */
    async validate(cookieHeader: string | undefined): Promise<{
      session: { id: string; userId: string } | null;
      user: User | null;
      setCookie: string | null;
      /** When just read from the database and worth keeping: for a socket this request opens. */
      keepable?: KeepableSession;
    }> {
      const token = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
      if (!token) return { session: null, user: null, setCookie: null };
      const found = await byId(sessionIdOf(token));
      if (!found) {
        return {
          session: null,
          user: null,
          setCookie: lucia.createBlankSessionCookie().serialize(),
        };
      }
      const setCookie = found.renewed ? lucia.createSessionCookie(token).serialize() : null;
      return { session: found.session, user: found.user, setCookie, keepable: found.keepable };
    },
    /**
     * The session of a socket, by the id it was opened with: what a ballot on that socket acts
     * as, and when it ends. Null once the session ended (the socket is being closed for it).
     */
    async ofSocket(sessionId: string) {
      const found = await byId(sessionId);
      return found && { session: found.session, user: found.user, expiresAt: found.expiresAt };
    },
    /** Starts a session and returns the Set-Cookie value that carries its token. */
    async start(userId: string): Promise<string> {
      const token = newSecretToken();
      await lucia.createSession(userId, {}, { sessionId: sessionIdOf(token) });
      return lucia.createSessionCookie(token).serialize();
    },
    /** Ends one session and returns the Set-Cookie value that clears it. */
    async end(session: { id: string; userId: string }): Promise<string> {
      await endWhere(session.userId, eq(sessions.id, session.id), undefined);
      return lucia.createBlankSessionCookie().serialize();
    },
    /**
     * Ends every session of a user, but `except` (the session asking, which stays signed in);
     * inside `tx` when the change that calls for it is in a transaction. Returns how many ended.
     */
    endAllFor(userId: string, options: { except?: string; tx?: Database } = {}): Promise<number> {
      const ofUser = eq(sessions.userId, userId);
      const which = options.except ? and(ofUser, ne(sessions.id, options.except))! : ofUser;
      return endWhere(userId, which, options.tx);
    },
    /** The Set-Cookie value that clears the cookie, for a session already ended in a transaction. */
    blankCookie(): string {
      return lucia.createBlankSessionCookie().serialize();
    },
    /** Deletes expired sessions (Lucia deletes one only when its cookie comes back). */
    async pruneExpired() {
      await lucia.deleteExpiredSessions();
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
