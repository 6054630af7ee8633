import {
  parityCap,
  type PassedOver,
  type SeatAllocation,
  type SeatHolder,
  type SeatRules,
  type StandingCandidate,
} from './types.ts';

/**
 * The seats a count may still give, and whether a candidate may take one. Shared by every
 * method: the rank-ordered ones walk their order through `allocateSeats`, STV asks `seatFor`
 * each time a candidate reaches the quota.
 *
 * The rule, in words (the README and the result's explanation say the same):
 * - a candidate takes a seat reserved for their college while one is free, otherwise an open
 *   seat (seats − reserved seats) while one is free; reserved seats never go to anyone else;
 * - under the parity rule, a candidate is passed over when one more of their declared category
 *   would put more than ⌈seats / 2⌉ of it among the elected (undeclared: never limited);
 * - seats elected in an earlier round count as taken, for both.
 */
export function createSeatBook(
  candidates: readonly StandingCandidate[],
  rules: SeatRules,
  alreadyElected: readonly SeatHolder[] = [],
) {
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const freeReserved = new Map(rules.reserved.map((group) => [group.collegeId, group.seats]));
  let freeOpen = rules.seats - rules.reserved.reduce((sum, group) => sum + group.seats, 0);
  const perCategory = new Map<string, number>();
  const cap = parityCap(rules.seats);
  const holders: SeatHolder[] = [];

  function take(holder: SeatHolder) {
    const candidate = byId.get(holder.candidateId);
    if (holder.reservedFor !== null) {
      freeReserved.set(holder.reservedFor, (freeReserved.get(holder.reservedFor) ?? 0) - 1);
    } else {
      freeOpen -= 1;
    }
    if (candidate?.category) {
      perCategory.set(candidate.category, (perCategory.get(candidate.category) ?? 0) + 1);
    }
    holders.push(holder);
  }
  for (const holder of alreadyElected) take(holder);

  return {
    /**
     * The seat this candidate would take now, or why they may not: `no_seat_left` or `parity`.
     * Seat first: a candidate with no seat to take is never said to be stopped by parity.
     */
    seatFor(
      candidateId: string,
    ): { reservedFor: string | null } | { refused: PassedOver['reason'] } {
      const candidate = byId.get(candidateId);
      const college = candidate?.collegeId ?? null;
      let reservedFor: string | null;
      if (college !== null && (freeReserved.get(college) ?? 0) > 0) reservedFor = college;
      else if (freeOpen > 0) reservedFor = null;
      else return { refused: 'no_seat_left' };
      if (rules.parity && candidate?.category) {
        if ((perCategory.get(candidate.category) ?? 0) + 1 > cap) return { refused: 'parity' };
      }
      return { reservedFor };
    },
    elect(candidateId: string, reservedFor: string | null, round: number) {
      take({ candidateId, reservedFor, round });
    },
    /** Seats still free, in all. */
    get free() {
      let free = freeOpen;
      for (const seats of freeReserved.values()) free += seats;
      return free;
    },
    /** Reserved seats still free for this college. */
    freeFor(collegeId: string) {
      return freeReserved.get(collegeId) ?? 0;
    },
    get freeOpen() {
      return freeOpen;
    },
    /** Everyone elected, earlier rounds included, in the order they were elected. */
    get elected(): readonly SeatHolder[] {
      return holders;
    },
    /** The seats nobody took, per group: reserved groups in the rules' order, then open seats. */
    unfilled(): SeatAllocation['unfilled'] {
      const groups: SeatAllocation['unfilled'] = [];
      for (const group of rules.reserved) {
        const seats = freeReserved.get(group.collegeId) ?? 0;
        if (seats > 0) groups.push({ reservedFor: group.collegeId, seats });
      }
      if (freeOpen > 0) groups.push({ reservedFor: null, seats: freeOpen });
      return groups;
    },
  };
}
export type SeatBook = ReturnType<typeof createSeatBook>;

/**
 * Gives the seats by walking `order` (the method's order, best first; only candidates the method
 * found electable), as `createSeatBook` says. Stops when every seat is taken: candidates after
 * that are simply not elected, not passed over.
 */
export function allocateSeats(
  order: readonly string[],
  candidates: readonly StandingCandidate[],
  rules: SeatRules,
  {
    alreadyElected = [],
    round = 1,
  }: { alreadyElected?: readonly SeatHolder[]; round?: number } = {},
): SeatAllocation {
  const book = createSeatBook(candidates, rules, alreadyElected);
  const passedOver: PassedOver[] = [];
  const before = alreadyElected.length;
  for (const candidateId of order) {
    if (book.free === 0) break;
    const seat = book.seatFor(candidateId);
    if ('refused' in seat) passedOver.push({ candidateId, reason: seat.refused, round });
    else book.elect(candidateId, seat.reservedFor, round);
  }
  return { elected: book.elected.slice(before), passedOver, unfilled: book.unfilled() };
}
