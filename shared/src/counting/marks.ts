/**
 * The methods whose ballots mark names: plurality, block and approval (the two-round method
 * reuses the pieces exported here, see `two-round.ts`).
 *
 * The rule, in words (the README and the result's explanation say the same):
 * - each candidate's score is the number of ballots that marked them (weighted by college when
 *   the assembly weighs its votes, so it may be fractional); blank ballots (no name) are counted
 *   but are not expressed, and do not change anyone's share;
 * - candidates are ranked by score, most first; candidates with the same score are ranked by the
 *   lot order drawn for this count, and the tie is recorded;
 * - the seats go down that order through the seat rule (`allocateSeats`: reserved seats per
 *   college, parity); a candidate nobody marked is never elected, even if seats stay empty;
 * - plurality marks one name and usually fills one seat. When a plurality election has several
 *   seats, the most-marked candidates fill them, as block voting does (each voter still marks
 *   one name: « vote unique non transférable »); block marks up to as many names as seats;
 *   approval marks any number of names.
 */
import { z } from 'zod';
import { idSchema } from '../ids.ts';
import { allocateSeats } from './seats.ts';
import { rankBy } from './ties.ts';
import {
  seatAllocationSchema,
  tieSchema,
  type CountContext,
  type MarksTally,
  type SeatHolder,
  type Tie,
} from './types.ts';

export const marksMethods = ['plurality', 'block', 'approval'] as const;
export type MarksMethod = (typeof marksMethods)[number];

/** Every method whose ballots mark names, the two-round method included. */
export type MarkingMethod = MarksMethod | 'two_round';

const amount = z.number().min(0);

/** One candidate's line in the result, listed best first. */
export const marksStandingSchema = z.object({
  candidateId: idSchema,
  votes: amount,
  /** votes / expressed ballots; 0 when nothing was expressed. */
  share: amount,
  /** 1-based position in the count's order (ties already decided by lot). */
  rank: z.number().int().min(1),
});
export type MarksStanding = z.infer<typeof marksStandingSchema>;

export const marksCountSchema = z.object({
  method: z.enum(marksMethods),
  /** Every candidate, in the order below. */
  standings: z.array(marksStandingSchema),
  /** Every candidate, best first: most votes, then the lot order between equal scores. */
  order: z.array(idSchema),
  ties: z.array(tieSchema),
  seats: seatAllocationSchema,
  expressed: amount,
  blank: amount,
});
export type MarksCount = z.infer<typeof marksCountSchema>;

/**
 * The most names one ballot may mark; null when there is no limit (approval).
 * Plurality: one name, however many seats. Block and two-round: as many names as seats.
 */
export function maxMarks(method: MarkingMethod, seats: number): number | null {
  switch (method) {
    case 'plurality':
      return 1;
    case 'block':
    case 'two_round':
      return seats;
    case 'approval':
      return null;
  }
}

export type MarksProblem = {
  code: 'too_many' | 'unknown_candidate' | 'duplicate';
  candidateId?: string;
};

/**
 * Whether one ballot's marked names fit the method: null when they do, else the first problem
 * found (a name not standing, a name marked twice, then too many names). No name at all is a
 * blank ballot, which is allowed.
 */
export function checkMarks(
  method: MarkingMethod,
  candidateIds: readonly string[],
  context: Pick<CountContext, 'candidates' | 'rules'>,
): MarksProblem | null {
  const standing = new Set(context.candidates.map((candidate) => candidate.id));
  const seen = new Set<string>();
  for (const candidateId of candidateIds) {
    if (!standing.has(candidateId)) return { code: 'unknown_candidate', candidateId };
    if (seen.has(candidateId)) return { code: 'duplicate', candidateId };
    seen.add(candidateId);
  }
  const limit = maxMarks(method, context.rules.seats);
  if (limit !== null && candidateIds.length > limit) return { code: 'too_many' };
  return null;
}

/**
 * Whether two scores are the same. Weighted scores are sums of fractions, and two sums equal on
 * paper may differ in their last binary digit depending on the order they were added in: such a
 * difference must be a tie decided by lot, not a win.
 */
export function sameVotes(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Compares scores for `rankBy`: more first, and equal (as `sameVotes` says) gives 0. */
export function byMoreVotes(votes: ReadonlyMap<string, number>) {
  return (a: string, b: string) => {
    const va = votes.get(a) ?? 0;
    const vb = votes.get(b) ?? 0;
    return sameVotes(va, vb) ? 0 : vb - va;
  };
}

const isAmount = (value: number) => Number.isFinite(value) && value >= 0;

/**
 * The tally's votes per candidate (0 for a candidate nobody marked). The server checks every
 * ballot before it is counted, so a vote for someone not standing, or a figure that is not a
 * count, is a programming error: it throws.
 */
export function readMarksTally(tally: MarksTally, context: Pick<CountContext, 'candidates'>) {
  if (!isAmount(tally.expressed) || !isAmount(tally.blank)) {
    throw new Error(
      `Marks tally: expressed (${tally.expressed}) and blank (${tally.blank}) must be finite counts ≥ 0`,
    );
  }
  const votes = new Map(context.candidates.map((candidate) => [candidate.id, 0]));
  for (const [candidateId, count] of Object.entries(tally.votes)) {
    if (!votes.has(candidateId)) {
      throw new Error(`Marks tally: a vote for "${candidateId}", who is not standing`);
    }
    if (!isAmount(count)) {
      throw new Error(`Marks tally: "${candidateId}" has ${count} votes, not a finite count ≥ 0`);
    }
    votes.set(candidateId, count);
  }
  return votes;
}

/**
 * Ranks every candidate by votes (ties by the lot order) and writes their standings: the part
 * every marking method shares before it gives the seats.
 */
export function rankMarks(
  tally: MarksTally,
  context: Pick<CountContext, 'candidates' | 'tieOrder'>,
  round = 1,
): { votes: Map<string, number>; order: string[]; ties: Tie[]; standings: MarksStanding[] } {
  const votes = readMarksTally(tally, context);
  const { order, ties } = rankBy([...votes.keys()], byMoreVotes(votes), context.tieOrder, round);
  const standings = order.map((candidateId, index) => {
    const count = votes.get(candidateId) ?? 0;
    return {
      candidateId,
      votes: count,
      share: tally.expressed > 0 ? count / tally.expressed : 0,
      rank: index + 1,
    };
  });
  return { votes, order, ties, standings };
}

/** The candidates of `order` who may be given a seat: marked at least once, not yet elected. */
export function electableByMarks(
  order: readonly string[],
  votes: ReadonlyMap<string, number>,
  alreadyElected: readonly SeatHolder[] = [],
) {
  const holding = new Set(alreadyElected.map((holder) => holder.candidateId));
  return order.filter((id) => (votes.get(id) ?? 0) > 0 && !holding.has(id));
}

/** Counts a plurality, block or approval election (see the rule at the top of this file). */
export function countMarks(
  method: MarksMethod,
  tally: MarksTally,
  context: CountContext,
): MarksCount {
  const { votes, order, ties, standings } = rankMarks(tally, context);
  const seats = allocateSeats(
    electableByMarks(order, votes, context.alreadyElected),
    context.candidates,
    context.rules,
    { alreadyElected: context.alreadyElected },
  );
  return {
    method,
    standings,
    order,
    ties,
    seats,
    expressed: tally.expressed,
    blank: tally.blank,
  };
}
