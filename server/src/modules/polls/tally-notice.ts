import { type SQL, sql } from 'drizzle-orm';
import type { Choice } from '@cercle/shared';

/** The channel on which every instance hears that a poll's count changed (named in migration 0017). */
export const talliesChannel = 'cercle_tallies';

/** What the notice carries: the count itself, so that no instance queries it again. */
export interface TallyNotice {
  pollId: string;
  assemblyId: string;
  participation: number;
  totals: Partial<Record<Choice, number>> | null;
}

/**
 * Counts a poll and tells every instance (`cercle_notify_tally`, migration 0017), as an
 * expression: inside a transaction the notice travels at commit, and only if it commits. Ballot
 * batches send it from their own functions; this is for what changes a count outside them (a
 * site's show of hands, an election round's hand count).
 */
export const notifyTallyOf = (pollId: string): SQL =>
  sql`cercle_notify_tally(${pollId}, cercle_answer_count(${pollId}))`;
