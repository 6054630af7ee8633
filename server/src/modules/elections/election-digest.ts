/**
 * The digests an election round's `election.round_closed` event carries, computed at the close
 * and again by the audit, and the lot order drawn from them. Pure (node:crypto only, through
 * event-hash): the audit's checks run it without a database.
 */
import type { ElectionSelection, ElectionSiteTally, SecretElectionBallots } from '@cercle/db';
import { canonicalJson, sha256 } from '../events/event-hash.ts';

/** An open round's ballot as its digest covers it: the row, in the order listed by id. */
export interface DigestElectionBallot {
  id: string;
  voterId: string;
  selection: ElectionSelection;
  collegeId: string | null;
  siteId: string | null;
}

/** A site's paper count as the digest covers it, in the order listed by site, then college. */
export interface DigestSiteCount {
  siteId: string;
  collegeId: string | null;
  ballots: number;
  blank: number;
  counts: ElectionSiteTally;
}

/** The open ballots' columns the digest covers, and nothing else of the rows. */
export const openBallotsForDigest = (rows: readonly DigestElectionBallot[]) =>
  rows.map(({ id, voterId, selection, collegeId, siteId }) => ({
    id,
    voterId,
    selection,
    collegeId,
    siteId,
  }));

/** The site counts' columns the digest covers (not who entered them, nor when). */
export const siteCountsForDigest = (rows: readonly DigestSiteCount[]): DigestSiteCount[] =>
  rows.map(({ siteId, collegeId, ballots, blank, counts }) => ({
    siteId,
    collegeId,
    ballots,
    blank,
    counts,
  }));

/**
 * The digest of what was counted: an open round's ballot rows (or a secret round's distinct
 * ballots, which go at its close) and the sites' paper counts.
 */
export function electionBallotsDigest(
  ballots: readonly DigestElectionBallot[] | readonly SecretElectionBallots[],
  siteCounts: readonly DigestSiteCount[],
) {
  return sha256(canonicalJson({ ballots, siteCounts }));
}

/** The digest of a round's whole stored result. */
export const roundResultDigest = (result: unknown) => sha256(canonicalJson(result));

/**
 * The lot order of a count: candidates sorted by the digest of (ballots digest, candidate id).
 * Nobody chooses it, and it is fixed once the ballots are: a recount draws the same order.
 */
export function lotOrder(ballotsDigest: string, candidateIds: readonly string[]) {
  return [...candidateIds]
    .map((id) => ({ id, key: sha256(`${ballotsDigest}:${id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.id);
}
