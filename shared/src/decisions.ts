import { z } from 'zod';

/**
 * Majority rules (DESIGN §3 "Votes"): `simple` yes > no; `absolute` yes > half of all ballots;
 * `two_thirds` yes ≥ 2/3 of yes + no; `members_absolute` yes > half of the entitled voters.
 */
export const voteRuleSchema = z.enum(['simple', 'absolute', 'two_thirds', 'members_absolute']);
export type VoteRule = z.infer<typeof voteRuleSchema>;
