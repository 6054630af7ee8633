/**
 * The two-round method (« scrutin majoritaire à deux tours », as French associations use it).
 *
 * The rule, in words (the README and the result's explanation say the same):
 * - each ballot marks up to as many names as there are seats (`maxMarks('two_round', seats)`);
 *   blank ballots are counted but not expressed;
 * - round 1: only a candidate marked on more than half of the expressed ballots may be elected
 *   (absolute majority: exactly half is not enough). Those candidates, most votes first, take
 *   the seats through the seat rule (reserved seats per college, parity);
 * - if seats are still free, a round 2 is held for them. It is open to every candidate not yet
 *   elected who could still take one of the free seats (one whose college has no free reserved
 *   seat while no open seat is left, or whose declared category already holds all the parity
 *   rule allows, could not, whatever the votes). When the election keeps only the k best for
 *   round 2, the k best of those by round-1 votes go on, and every candidate level with the k-th
 *   goes on too (« en cas d'égalité, tous sont retenus »); and for each college with reserved
 *   seats still free, its best candidates go on too, enough to fill them (level ones included),
 *   so that a reserved seat is never left empty only because its college's candidates were
 *   ranked below the k best overall;
 * - round 2 (and any later round): relative majority. The most votes (at least one) take the
 *   free seats through the seat rule, the seats of round 1 counting for reserved seats and parity.
 */
import { z } from 'zod';
import { idSchema } from '../ids.ts';
import { electableByMarks, marksStandingSchema, rankMarks, sameVotes } from './marks.ts';
import { allocateSeats, createSeatBook } from './seats.ts';
import {
  seatAllocationSchema,
  tieSchema,
  type CountContext,
  type MarksTally,
  type SeatHolder,
} from './types.ts';

const amount = z.number().min(0);

/**
 * What round 1 asks of a candidate. `moreThan`: half the expressed ballots; a candidate needs
 * strictly more votes than that. `atLeast`: the same need as a whole number of votes
 * (⌊expressed / 2⌋ + 1) when every figure of the tally is whole; null when votes are weighted
 * into fractions, where only « more than » is exact.
 */
export const absoluteMajoritySchema = z.object({
  moreThan: amount,
  atLeast: z.number().int().min(1).nullable(),
});
export type AbsoluteMajority = z.infer<typeof absoluteMajoritySchema>;

export const twoRoundCountSchema = z.object({
  method: z.literal('two_round'),
  round: z.number().int().min(1),
  /** Round 1 only; null in round 2, where the most votes win. */
  absoluteMajority: absoluteMajoritySchema.nullable(),
  standings: z.array(marksStandingSchema),
  order: z.array(idSchema),
  ties: z.array(tieSchema),
  /** This round's seats only; earlier rounds' holders are in `alreadyElected`. */
  seats: seatAllocationSchema,
  /** The round to hold next, or null: every seat is filled, or nobody could fill the rest. */
  nextRound: z
    .object({
      seats: z.number().int().min(1),
      /** Who stands in it, by round-1 votes (best first). */
      candidateIds: z.array(idSchema).min(1),
    })
    .nullable(),
  expressed: amount,
  blank: amount,
});
export type TwoRoundCount = z.infer<typeof twoRoundCountSchema>;

/** 'all', or how many of the best go on to round 2 (level ones included). */
export type KeepForRoundTwo = 'all' | number;

export function absoluteMajorityOf(tally: MarksTally): AbsoluteMajority {
  const whole =
    Number.isInteger(tally.expressed) && Object.values(tally.votes).every(Number.isInteger);
  return {
    moreThan: tally.expressed / 2,
    atLeast: whole ? Math.floor(tally.expressed / 2) + 1 : null,
  };
}

/**
 * The first `count` of `order` (best first), and after them every one level with the last kept.
 * `order` is already ranked by `votes`, so the level ones follow the last kept directly.
 */
function bestWithLevel(
  order: readonly string[],
  votes: ReadonlyMap<string, number>,
  count: number,
) {
  if (count <= 0) return [];
  if (order.length <= count) return [...order];
  const last = votes.get(order[count - 1]!) ?? 0;
  let end = count;
  while (end < order.length && sameVotes(votes.get(order[end]!) ?? 0, last)) end += 1;
  return order.slice(0, end);
}

/**
 * Counts one round of a two-round election. Round 1 receives the context of the election
 * (`alreadyElected` is normally empty). Round 2 receives `alreadyElected` = the seats of round 1,
 * and as candidates those `nextRound` kept plus the round-1 holders (the seat rule needs their
 * college and category; they are not ranked again); `keep` is not used.
 */
export function countTwoRound(
  round: number,
  tally: MarksTally,
  context: CountContext & { keep: KeepForRoundTwo },
): TwoRoundCount {
  if (!Number.isInteger(round) || round < 1) {
    throw new Error(`Two-round count: round ${round} is not a round number (1, 2, …)`);
  }
  if (context.keep !== 'all' && !(Number.isInteger(context.keep) && context.keep >= 1)) {
    throw new Error(`Two-round count: keep ${context.keep} is neither 'all' nor a count ≥ 1`);
  }
  const alreadyElected = context.alreadyElected ?? [];
  const standing = new Set(context.candidates.map((candidate) => candidate.id));
  const holding = new Set(alreadyElected.map((holder) => holder.candidateId));
  for (const holder of alreadyElected) {
    // The seat rule reads a holder's college and category from the candidates: without them,
    // a round-1 seat would silently not count for parity.
    if (!standing.has(holder.candidateId)) {
      throw new Error(
        `Two-round count: "${holder.candidateId}" holds a seat but is not among the candidates`,
      );
    }
  }
  // Those who already hold a seat are not ranked again (a vote for them is refused).
  const ranked = context.candidates.filter((candidate) => !holding.has(candidate.id));
  const { votes, order, ties, standings } = rankMarks(
    tally,
    { candidates: ranked, tieOrder: context.tieOrder },
    round,
  );
  const base = { method: 'two_round' as const, round, standings, order, ties };
  const counted = { expressed: tally.expressed, blank: tally.blank };

  if (round >= 2) {
    const seats = allocateSeats(
      electableByMarks(order, votes, alreadyElected),
      context.candidates,
      context.rules,
      { alreadyElected, round },
    );
    return { ...base, absoluteMajority: null, seats, nextRound: null, ...counted };
  }

  const absoluteMajority = absoluteMajorityOf(tally);
  const hasMajority = (id: string) => {
    const count = votes.get(id) ?? 0;
    return count > absoluteMajority.moreThan && !sameVotes(count, absoluteMajority.moreThan);
  };
  const seats = allocateSeats(
    electableByMarks(order, votes, alreadyElected).filter(hasMajority),
    context.candidates,
    context.rules,
    { alreadyElected, round },
  );
  const nextRound = roundTwoOf(order, votes, context, [...alreadyElected, ...seats.elected]);
  return { ...base, absoluteMajority, seats, nextRound, ...counted };
}

/** Who goes on to round 2, for the seats still free once `holders` took theirs. */
function roundTwoOf(
  order: readonly string[],
  votes: ReadonlyMap<string, number>,
  context: CountContext & { keep: KeepForRoundTwo },
  holders: readonly SeatHolder[],
): TwoRoundCount['nextRound'] {
  const book = createSeatBook(context.candidates, context.rules, holders);
  if (book.free === 0) return null;
  const holding = new Set(holders.map((holder) => holder.candidateId));
  // Seats and parity room only shrink from here on, so who cannot take a seat now never will.
  const couldWin = order.filter((id) => !holding.has(id) && !('refused' in book.seatFor(id)));

  let kept: Set<string>;
  if (context.keep === 'all') {
    kept = new Set(couldWin);
  } else {
    kept = new Set(bestWithLevel(couldWin, votes, context.keep));
    const collegeOf = new Map(context.candidates.map((c) => [c.id, c.collegeId]));
    for (const group of context.rules.reserved) {
      const free = book.freeFor(group.collegeId);
      if (free === 0) continue;
      const members = couldWin.filter((id) => collegeOf.get(id) === group.collegeId);
      for (const id of bestWithLevel(members, votes, free)) kept.add(id);
    }
  }
  const candidateIds = couldWin.filter((id) => kept.has(id));
  return candidateIds.length ? { seats: book.free, candidateIds } : null;
}
