import type { PollRow } from '@cercle/db';
import type { PollsRepository } from './polls.repository.ts';

/** An open poll not asked about for this long is forgotten (it was closed elsewhere, or is idle). */
const idleMs = 10 * 60_000;

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
 */
export function createOpenPollCache({ repository }: { repository: PollsRepository }) {
  const open = new Map<string, OpenPoll>();

  function evictIdle(now: number) {
    for (const [id, entry] of open) if (now - entry.usedAt > idleMs) open.delete(id);
  }

  return {
    /** The poll, from memory when it is open and known, else from the database. */
    async find(pollId: string): Promise<PollRow | undefined> {
      const now = Date.now();
      const known = open.get(pollId);
      if (known) {
        known.usedAt = now;
        return known.poll;
      }
      const poll = await repository.findById(pollId);
      if (poll?.status === 'open' && !open.has(pollId)) {
        evictIdle(now);
        const electorate = repository
          .electorate(pollId)
          .then((rows) => new Map(rows.map((row) => [row.userId, row.collegeId])));
        // A failed read is not kept: the next ballot tries again.
        electorate.catch(() => open.delete(pollId));
        open.set(pollId, { poll, electorate, usedAt: now });
      }
      return poll;
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

    /** The poll is no longer open (closed here): forget it at once. */
    forget(pollId: string) {
      open.delete(pollId);
    },
  };
}

export type OpenPollCache = ReturnType<typeof createOpenPollCache>;
