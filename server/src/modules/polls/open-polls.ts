import type { PollRow } from '@cercle/db';
import type { PollsRepository } from './polls.repository.ts';

/** An open poll not asked about for this long is forgotten (it was closed elsewhere, or is idle). */
const idleMs = 10 * 60_000;

/**
 * The channel on which an instance that opened a poll tells every instance, at commit: each loads
 * it then, before its first ballot, rather than when a hundred ballots ask for it at once.
 */
export const pollOpenedChannel = 'cercle_poll_opened';
/**
 * And the one on which the instance that closed a poll tells the others, at commit: they forget
 * it then (its electorate is 10,000 entries at 10,000 members) rather than when it idles out.
 */
export const pollClosedChannel = 'cercle_poll_closed';

interface OpenPoll {
  poll: PollRow;
  /** The electorate frozen at opening: voter → college. It cannot change while the poll is open. */
  electorate: Promise<Map<string, string | null>>;
  usedAt: number;
}

/**
 * What the ballot path reads of an open poll, kept in memory so that a ballot costs no query
 * before its batch: the poll row and its frozen electorate. Only open polls are kept. A poll
 * closed by another instance may look open here for a moment; the batch that writes the
 * ballot re-reads the status under the poll's lock, so such a ballot is still refused.
 * A poll is loaded when it opens (`pollOpenedChannel`) or by its first ballot; the ballots that
 * arrive while it loads wait for that one read (at 10,000 members the first ballots came in
 * their dozens, each reading the poll again, and the electorate took some 90 ms to load).
 */
export function createOpenPollCache({ repository }: { repository: PollsRepository }) {
  const open = new Map<string, OpenPoll>();
  /** Reads under way: every ballot that asks meanwhile shares it. */
  const loading = new Map<string, Promise<PollRow | undefined>>();

  function evictIdle(now: number) {
    for (const [id, entry] of open) if (now - entry.usedAt > idleMs) open.delete(id);
  }

  async function load(pollId: string) {
    const poll = await repository.findById(pollId);
    if (poll?.status === 'open' && !open.has(pollId)) {
      evictIdle(Date.now());
      const electorate = repository
        .electorate(pollId)
        .then((rows) => new Map(rows.map((row) => [row.userId, row.collegeId])));
      // A failed read is not kept: the next ballot tries again.
      electorate.catch(() => open.delete(pollId));
      open.set(pollId, { poll, electorate, usedAt: Date.now() });
    }
    return poll;
  }

  /** The poll, from memory when it is open and known, else from the database. */
  function find(pollId: string): Promise<PollRow | undefined> {
    const known = open.get(pollId);
    if (known) {
      known.usedAt = Date.now();
      return Promise.resolve(known.poll);
    }
    let read = loading.get(pollId);
    if (!read) {
      read = load(pollId).finally(() => loading.delete(pollId));
      loading.set(pollId, read);
    }
    return read;
  }

  return {
    find,

    /** A poll just opened: loads it and its electorate now, before any ballot asks. */
    async prepare(pollId: string) {
      await find(pollId);
      await open.get(pollId)?.electorate;
    },

    /** The voter's entry in the frozen electorate of an open poll found by `find`. */
    async elector(pollId: string, voterId: string) {
      const entry = open.get(pollId);
      if (!entry) {
        const row = await repository.elector(pollId, voterId);
        return row ? { collegeId: row.collegeId } : undefined;
      }
      const electorate = await entry.electorate;
      return electorate.has(voterId) ? { collegeId: electorate.get(voterId)! } : undefined;
    },

    /** The poll is no longer open (closed here, or by another instance): forget it at once. */
    forget(pollId: string) {
      open.delete(pollId);
    },
  };
}

export type OpenPollCache = ReturnType<typeof createOpenPollCache>;
