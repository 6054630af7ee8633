/**
 * The digest a closed poll's `poll.closed` event carries, computed at the close and again by the
 * audit. Pure: the standalone `pnpm audit:verify` runs it too.
 */
import type { Result } from '@cercle/shared';
import { canonicalJson, sha256 } from '../events/event-hash.ts';

/** A ballot of an open poll as its digest covers it. */
export interface DigestBallot {
  id: string;
  voterId: string | null;
  choice: string;
  reason: string | null;
  collegeId: string | null;
  siteId: string | null;
}

/**
 * The digest the `poll.closed` event carries. An open poll's: every ballot row, in the order the
 * database lists them by id. A secret poll keeps no ballots: its digest covers the published
 * counts, the one record of its answers that remains after the close.
 */
export function ballotsDigest(
  poll: { secret: true; result: Result } | { secret: false; ballots: readonly DigestBallot[] },
): string {
  if (poll.secret) {
    const { totals, byCollege, bySite, privacy } = poll.result;
    return sha256(canonicalJson({ totals, byCollege, bySite, privacy: privacy ?? null }));
  }
  return sha256(
    canonicalJson(
      poll.ballots.map(({ id, voterId, choice, reason, collegeId, siteId }) => ({
        id,
        voterId,
        choice,
        reason,
        collegeId,
        siteId,
      })),
    ),
  );
}

/** The whole stored result, with the words' facts (rule, share, quorum) the event does not carry. */
export const resultDigest = (result: Result) => sha256(canonicalJson(result));
