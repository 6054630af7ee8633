import type { User } from '@cercle/db';
import type { Membership } from '@cercle/shared';

/** A valid session as a request reads it: what `sessions.validate` answers. */
export interface KnownSession {
  session: { id: string; userId: string };
  user: User;
  expiresAt: Date;
}

/**
 * A session read from the database, with the stamp taken before the read: what a request that
 * opens a socket hands over, so that the socket's checks do not read it again (`keepSession`).
 */
export interface KeepableSession {
  known: KnownSession;
  stamp: number;
}

/** A cached answer this old is read again from the database: the net under a lost notice. */
const defaultTtlMs = 30_000;

/**
 * The sessions and memberships of the people connected to this instance by a socket (those in a
 * live meeting), held in memory so that their ballots and page calls cost no database round trip
 * before the work itself. Anything that changes a person's rights (a session ended or cut short,
 * a membership added, removed or changed, the user row changed) is announced on `cercle_rights`:
 * by the code that makes the change, and by database triggers (migrations 0015, 0019), so that no
 * path forgets it. A session extended is not announced: none kept here is ever due for
 * extension. Every instance drops that person's entries when the notice arrives, at commit.
 * A read that started before an invalidation never stores its older answer (generations), and an
 * entry is read again after `ttlMs` whatever happens, should a notice be lost with a dropped
 * listening connection. People without a socket are not cached: they read the database as before.
 */
export function createRightsCache({
  ttlMs = defaultTtlMs,
  now = () => Date.now(),
}: { ttlMs?: number; now?: () => number } = {}) {
  const sockets = new Map<string, number>();
  /**
   * When each person was last invalidated, on one counter for all: a read stamped before that
   * moment does not store what it read (it may be older than the change).
   */
  const generations = new Map<string, number>();
  let lastGeneration = 0;
  const sessions = new Map<string, { value: KnownSession; at: number }>();
  const sessionsOfUser = new Map<string, Set<string>>();
  const memberships = new Map<string, { value: Membership[]; at: number }>();

  const generationOf = (userId: string) => generations.get(userId) ?? 0;
  const fresh = (at: number) => now() - at < ttlMs;

  function forget(userId: string) {
    lastGeneration += 1;
    generations.set(userId, lastGeneration);
    for (const sessionId of sessionsOfUser.get(userId) ?? []) sessions.delete(sessionId);
    sessionsOfUser.delete(userId);
    memberships.delete(userId);
  }

  return {
    forget,

    /** A socket of this person opened: their rights are worth keeping. */
    connected(userId: string) {
      sockets.set(userId, (sockets.get(userId) ?? 0) + 1);
    },

    /** A socket closed; with the last one, their entries go. */
    disconnected(userId: string) {
      const left = (sockets.get(userId) ?? 1) - 1;
      if (left > 0) return void sockets.set(userId, left);
      sockets.delete(userId);
      forget(userId);
    },

    /** The session, from memory when known and fresh. */
    session(sessionId: string): KnownSession | null {
      const entry = sessions.get(sessionId);
      if (!entry || !fresh(entry.at) || entry.value.expiresAt.getTime() <= now()) return null;
      return entry.value;
    },

    /** Stamps a read about to start: hand it back to `keepSession` with what it read. */
    stamp: () => lastGeneration,

    /** Keeps a session just read, unless its person changed since `stamp` or is not here. */
    keepSession(known: KnownSession, stamp: number) {
      const { userId } = known.session;
      if (!sockets.has(userId) || generationOf(userId) > stamp) return;
      sessions.set(known.session.id, { value: known, at: now() });
      let ids = sessionsOfUser.get(userId);
      if (!ids) sessionsOfUser.set(userId, (ids = new Set()));
      ids.add(known.session.id);
    },

    /** The person's memberships, read through `load` unless known and fresh. */
    async memberships(userId: string, load: () => Promise<Membership[]>): Promise<Membership[]> {
      const entry = memberships.get(userId);
      if (entry && fresh(entry.at)) return entry.value;
      const stamp = lastGeneration;
      const value = await load();
      if (sockets.has(userId) && generationOf(userId) <= stamp) {
        memberships.set(userId, { value, at: now() });
      }
      return value;
    },
  };
}

export type RightsCache = ReturnType<typeof createRightsCache>;
