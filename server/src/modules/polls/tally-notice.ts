import { type SQL, sql } from 'drizzle-orm';
import type { Choice } from '@cercle/shared';

/** The channel on which every instance hears that a poll's count changed. */
export const talliesChannel = 'cercle_tallies';

/** What the notice carries: the count itself, so that no instance queries it again. */
export interface TallyNotice {
  pollId: string;
  assemblyId: string;
  participation: number;
  totals: Partial<Record<Choice, number>> | null;
}

/**
 * `pg_notify` of a poll's tally, as an expression over `polls p` (the poll's row). Sent by the
 * statement that counts it: inside a ballot batch's transaction it travels at commit, and only if
 * the batch committed. It reads the poll's counters (kept by triggers, migration 0016) rather
 * than counting its rows again. The totals are an open vote's, hand counts entered for a site included; a
 * secret poll and an election round tell their participation only (their count comes at close).
 */
export function notifyTally(participation: SQL): SQL {
  return sql`pg_notify(${talliesChannel}, json_build_object(
      'pollId', p.id,
      'assemblyId', p.assembly_id,
      'participation', ${participation},
      'totals', case when p.secret or p.election_id is not null then null else coalesce((
        select json_object_agg(choice, total) from (
          select choice, sum(n)::int as total from (
            select key as choice, value::int as n from jsonb_each_text(p.app_totals)
            union all
            select choice::text, sum(count) from site_counts
            where poll_id = p.id group by choice
          ) as parts group by choice
        ) as totals), '{}'::json) end
    )::text)`;
}
