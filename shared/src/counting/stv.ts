/**
 * Single transferable vote (STV) for one or more seats, counted by the Weighted Inclusive
 * Gregory Method of the Scottish Local Government Elections Order 2007 (SSI 2007/42, schedule 1,
 * rules 45 to 52), with the seat rules every method shares (reserved seats per college, parity).
 *
 * The rules, in words (the README and the result's explanation say the same):
 *
 * - Ballots. A ballot ranks one or more candidates, most preferred first; it may stop anywhere
 *   (a partial ranking). A ballot ranking nobody is blank: counted, never valid. An unknown
 *   candidate or one ranked twice is refused when the ballot is cast (`checkRanking`); the
 *   count throws if one reaches it.
 * - Quota (Droop): ⌊valid ballots ÷ (seats + 1)⌋ + 1 votes.
 * - Fractions. Every vote value has five decimal places: a ballot paper is worth 1 at first,
 *   and a transfer value is truncated (never rounded up) to five places, as rule 48(3) says.
 *   What truncation drops is reported as `lost`, so that at every stage the candidates' votes
 *   + `exhausted` + `lost` equal the valid ballots exactly.
 * - Stage 1 gives each ballot to its first preference.
 * - At the end of every stage, each continuing candidate with at least the quota is deemed
 *   elected, highest first (equal votes: see ties). Then, if all the seats are taken, the count
 *   stops; if the continuing candidates can all take a seat together (without seat rules: there
 *   are no more of them than free seats), they are all deemed elected, most votes first, and
 *   the count stops without any further transfer (rule 52). It also stops when none of them
 *   may take any of the free seats (seat rules only): those seats stay unfilled.
 * - Otherwise the next stage is, in this order of priority:
 *   1. the papers of a candidate passed over (below) move on at their current values;
 *   2. the largest surplus is transferred (rules 48 and 49): every paper the elected candidate
 *      holds moves to its next continuing preference with the value
 *      ⌊surplus × its current value ÷ the candidate's votes⌋ (to five places); papers with no
 *      continuing preference left are exhausted with that value; the candidate keeps exactly
 *      the quota. A surplus is transferred even when it could change nothing (no deferral);
 *   3. otherwise the continuing candidate with the fewest votes is excluded (rule 50), and all
 *      their papers move on at the value they had when they reached them.
 *   Preferences for candidates already elected, excluded or passed over are skipped.
 * - Ties (rules 49 and 51). Equal surpluses: the candidate who had more votes at the end of the
 *   latest earlier stage where the tied candidates' votes differed goes first; equal lowest
 *   votes: the one who had fewer at that stage is excluded. With three or more tied, each
 *   earlier stage keeps only the highest (the lowest) and looks further back among them. Equal
 *   at every stage: the count's lot order decides: the candidate EARLIER in `tieOrder` goes
 *   first for a surplus (and is elected first), the one LATER in `tieOrder` is excluded. The
 *   order of equal candidates elected at one stage is fixed then, by the surplus rule, and is
 *   reported once (about `surplus`); it is also the order of their surpluses. Equal votes among
 *   the last candidates elected together, or among those left when the seats ran out, are
 *   ordered the same way and reported about `rank` (they decide `order`).
 * - Seats (the shared seat book, `createSeatBook`). Before a candidate who reached the quota is
 *   elected, the book is asked for a seat: one reserved for their college while one is free,
 *   else an open seat; under parity, not one more of a declared category than ⌈seats / 2⌉. If it
 *   refuses (`parity`, `no_seat_left`), the candidate is passed over: out of the count like an
 *   excluded one, their papers move on at their current values at the next stages (one stage
 *   per candidate, before any surplus; none if the count ends first), and `seats.passedOver`
 *   records the reason and the stage at whose end they reached the quota.
 * - Guard: the count never excludes a candidate for having the fewest votes when without them
 *   fewer of the free seats could be filled: a college's last candidates while its reserved
 *   seats need them, or the last candidates parity still allows. Such a candidate is
 *   `protected` (listed in the exclusion stage): the next lowest is excluded instead. Without
 *   parity this is exactly: a college keeps at least as many continuing candidates as it has
 *   free reserved seats. "Can all take a seat" in the end rule is meant the same way: the
 *   continuing candidates can be given seats together, each a reserved seat of their college or
 *   an open seat, within parity; while they cannot, the lowest candidate not needed is excluded.
 *   So a reserved seat is filled, by a candidate who may never reach the quota, whenever its
 *   college has a candidate left who may take it. (If every continuing candidate were needed,
 *   they could all be seated together; so there is always someone to exclude.) One limit: a
 *   candidate who reaches the quota takes the seat the book gives, first come first served,
 *   even when under parity this leaves a reserved seat with no candidate parity still allows.
 *   Without parity that cannot happen: every seat some candidate may take is filled.
 * - No valid ballot: nobody is elected (every seat is unfilled).
 * - Result: `stages` (votes of every candidate at the end of each stage: elected ones keep the
 *   quota once their surplus is gone, excluded and passed-over ones have 0), `order` (the
 *   elected in the order they were elected; then the continuing candidates not elected when the
 *   seats ran out, most votes first; then everyone who left the count, excluded or passed over,
 *   the last to leave first: a full ranking, useful for a choice among options), `ties`, and the
 *   seats (`round` = the stage at whose end the candidate was elected).
 *
 * `context.alreadyElected` is not used: STV fills all its seats in one count.
 */
import { z } from 'zod';
import { idSchema } from '../ids.ts';
import { createSeatBook } from './seats.ts';
import {
  parityCap,
  passedOverReasons,
  seatAllocationSchema,
  tieSchema,
  type CountContext,
  type PassedOver,
  type RankingsTally,
  type StandingCandidate,
  type Tie,
} from './types.ts';

/** Vote values are whole numbers of hundred-thousandths of a vote: five decimal places. */
export const STV_SCALE = 100_000;

/** The Droop quota: ⌊valid ÷ (seats + 1)⌋ + 1 whole votes (rule 46). */
export function droopQuota(valid: number, seats: number): number {
  return Math.floor(valid / (seats + 1)) + 1;
}

// ---- Ballots ---------------------------------------------------------------------------------

export const rankingProblemCodes = ['unknown_candidate', 'duplicate'] as const;
export interface RankingProblem {
  code: (typeof rankingProblemCodes)[number];
  candidateId: string;
}

/**
 * What is wrong with a ranking, for the server's ballot validation: the first unknown candidate
 * or the first one ranked twice, or null. A partial ranking is fine; an empty one is a blank
 * ballot (also null).
 */
export function checkRanking(
  ranking: readonly string[],
  context: Pick<CountContext, 'candidates'>,
): RankingProblem | null {
  const known = new Set(context.candidates.map((candidate) => candidate.id));
  const seen = new Set<string>();
  for (const candidateId of ranking) {
    if (!known.has(candidateId)) return { code: 'unknown_candidate', candidateId };
    if (seen.has(candidateId)) return { code: 'duplicate', candidateId };
    seen.add(candidateId);
  }
  return null;
}

function assertRanking(ranking: readonly string[], context: Pick<CountContext, 'candidates'>) {
  const problem = checkRanking(ranking, context);
  if (problem) {
    // Ballots are checked when cast: reaching the count with one is a programming error.
    throw new Error(`STV ranking: ${problem.code} ${problem.candidateId}`);
  }
}

/** Orders rankings by their ids, position by position (a ranking before its extensions). */
function compareRankings(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Groups identical rankings and counts the empty ones as blank. The rankings come out sorted
 * by their ids, so the tally (and its digest) does not depend on the order the ballots came in.
 * With `context`, a ranking naming an unknown candidate or one twice throws.
 */
export function tallyRankings(
  ballots: readonly (readonly string[])[],
  context?: Pick<CountContext, 'candidates'>,
): RankingsTally {
  let blank = 0;
  const groups = new Map<string, { ranking: string[]; count: number }>();
  for (const ballot of ballots) {
    if (ballot.length === 0) {
      blank += 1;
      continue;
    }
    if (context) assertRanking(ballot, context);
    const key = JSON.stringify(ballot);
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { ranking: [...ballot], count: 1 });
  }
  const rankings = [...groups.values()].sort((a, b) => compareRankings(a.ranking, b.ranking));
  return { blank, rankings };
}

// ---- The result ------------------------------------------------------------------------------

const decimal = z.number().min(0);

export const stvStageActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('first_count') }),
  z.object({
    kind: z.literal('surplus'),
    candidateId: idSchema,
    surplus: decimal,
    /** What a paper worth 1 carried on: ⌊surplus ÷ votes⌋ to five places. */
    transferValue: decimal.max(1),
  }),
  z.object({
    kind: z.literal('exclusion'),
    candidateId: idSchema,
    /** Candidates with no more votes who were kept because a seat needs them (see the guard). */
    protected: z.array(idSchema),
  }),
  z.object({
    kind: z.literal('passed_over'),
    candidateId: idSchema,
    reason: z.enum(passedOverReasons),
  }),
]);
export type StvStageAction = z.infer<typeof stvStageActionSchema>;

export const stvStageSchema = z.object({
  number: z.number().int().min(1),
  action: stvStageActionSchema,
  /** Every candidate's votes at the end of the stage (0 once excluded or passed over). */
  votes: z.record(idSchema, decimal),
  /** Value of the papers with no continuing preference left, so far. */
  exhausted: decimal,
  /** Value dropped by truncating transfer values to five places, so far. */
  lost: decimal,
  /** Deemed elected at the end of this stage, in order. */
  elected: z.array(idSchema),
});
export type StvStage = z.infer<typeof stvStageSchema>;

export const stvCountSchema = z.object({
  method: z.literal('stv'),
  /** Whole votes. */
  quota: z.number().int().min(1),
  valid: z.number().int().min(0),
  blank: decimal,
  stages: z.array(stvStageSchema).min(1),
  order: z.array(idSchema),
  ties: z.array(tieSchema),
  seats: seatAllocationSchema,
});
export type StvCount = z.infer<typeof stvCountSchema>;

// ---- Seats the continuing candidates could fill together -------------------------------------

/**
 * How many of the free seats these candidates could fill together: each takes a free seat
 * reserved for their college or a free open seat, and no declared category passes what parity
 * still allows it. A maximum flow: source → category (its room left) → candidate (1) → their
 * college's reserved seats or the open seats → sink.
 */
function seatsFillableBy(
  group: readonly StandingCandidate[],
  free: { open: number; reservedFor: (collegeId: string) => number },
  roomLeft: ((category: string) => number) | null,
): number {
  const graph: { to: number; capacity: number; back: number }[][] = [[], []];
  const SOURCE = 0;
  const SINK = 1;
  const node = () => graph.push([]) - 1;
  const link = (from: number, to: number, capacity: number) => {
    graph[from]!.push({ to, capacity, back: graph[to]!.length });
    graph[to]!.push({ to: from, capacity: 0, back: graph[from]!.length - 1 });
  };
  const open = node();
  link(open, SINK, free.open);
  const pools = new Map<string, number>();
  const categories = new Map<string, number>();
  for (const candidate of group) {
    const self = node();
    if (roomLeft && candidate.category) {
      let category = categories.get(candidate.category);
      if (category === undefined) {
        category = node();
        categories.set(candidate.category, category);
        link(SOURCE, category, Math.max(0, roomLeft(candidate.category)));
      }
      link(category, self, 1);
    } else {
      link(SOURCE, self, 1);
    }
    link(self, open, 1);
    const college = candidate.collegeId;
    if (college !== null && free.reservedFor(college) > 0) {
      let pool = pools.get(college);
      if (pool === undefined) {
        pool = node();
        pools.set(college, pool);
        link(pool, SINK, free.reservedFor(college));
      }
      link(self, pool, 1);
    }
  }
  let flow = 0;
  for (;;) {
    const seen = new Array<boolean>(graph.length).fill(false);
    const augment = (at: number): boolean => {
      if (at === SINK) return true;
      seen[at] = true;
      for (const edge of graph[at]!) {
        if (edge.capacity > 0 && !seen[edge.to] && augment(edge.to)) {
          edge.capacity -= 1;
          graph[edge.to]![edge.back]!.capacity += 1;
          return true;
        }
      }
      return false;
    };
    if (!augment(SOURCE)) return flow;
    flow += 1;
  }
}

// ---- The count -------------------------------------------------------------------------------

/** Papers with the same ranking, at the same place in it, worth the same. */
interface Parcel {
  ranking: readonly string[];
  count: number;
  /** Where in the ranking the papers sit now: their current holder. */
  at: number;
  /** Value of each paper, in hundred-thousandths of a vote. */
  value: number;
}

type Want = 'highest' | 'lowest';

/** ⌊a × b ÷ c⌋ on whole numbers, exactly (a × b may pass 2⁵³). */
const multiplyDivide = (a: number, b: number, c: number) =>
  Number((BigInt(a) * BigInt(b)) / BigInt(c));

const toDecimal = (units: number) => units / STV_SCALE;

export function countStv(tally: RankingsTally, context: CountContext): StvCount {
  const { candidates, rules } = context;
  for (const { ranking, count } of tally.rankings) {
    if (ranking.length === 0) throw new Error('STV ranking: empty (count it as blank)');
    if (!Number.isInteger(count) || count < 1) throw new Error(`STV ranking: count ${count}`);
    assertRanking(ranking, context);
  }
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const ids = candidates.map((candidate) => candidate.id);
  const valid = tally.rankings.reduce((sum, { count }) => sum + count, 0);
  const quota = droopQuota(valid, rules.seats);
  const quotaUnits = quota * STV_SCALE;

  const lot = new Map(context.tieOrder.map((id, index) => [id, index]));
  const lotOf = (id: string) => lot.get(id) ?? Number.MAX_SAFE_INTEGER;
  const byLot = (a: string, b: string) => lotOf(a) - lotOf(b) || (a < b ? -1 : a > b ? 1 : 0);

  const book = createSeatBook(candidates, rules);
  const constrained = rules.reserved.length > 0 || rules.parity;
  const electedPerCategory = new Map<string, number>();

  const state = new Map<string, 'continuing' | 'elected' | 'out'>(
    ids.map((id) => [id, 'continuing']),
  );
  const votes = new Map<string, number>(ids.map((id) => [id, 0]));
  const piles = new Map<string, Parcel[]>(ids.map((id) => [id, []]));
  let exhausted = 0;
  let lost = 0;

  /** Votes at the end of each stage so far (the last one is the current standing). */
  const history: Map<string, number>[] = [];
  const stages: StvStage[] = [];
  const ties: Tie[] = [];
  const passedOver: PassedOver[] = [];
  const electedOrder: string[] = [];
  /** Candidates who left the count (excluded, passed over), in the order they left. */
  const leftOrder: string[] = [];
  const pendingPassedOver: string[] = [];
  const pendingSurpluses: string[] = [];

  const votesOf = (id: string) => votes.get(id) ?? 0;
  const continuing = () => ids.filter((id) => state.get(id) === 'continuing');

  // -- Ties --

  /**
   * Rules 49(2) and 51(2): looks back from the latest earlier stage, keeping at each stage only
   * the candidates with the most (`highest`) or fewest (`lowest`) votes, until one is left;
   * equal at every stage, the lot order decides (earlier in `tieOrder` is favoured).
   */
  function pick(group: readonly string[], want: Want) {
    let remaining = [...group];
    for (let stage = history.length - 2; stage >= 0 && remaining.length > 1; stage--) {
      const standing = history[stage]!;
      const values = remaining.map((id) => standing.get(id) ?? 0);
      const target = want === 'highest' ? Math.max(...values) : Math.min(...values);
      remaining = remaining.filter((id) => (standing.get(id) ?? 0) === target);
    }
    if (remaining.length === 1) return { chosen: remaining[0]!, byLot: false };
    const sorted = remaining.sort(byLot);
    return { chosen: (want === 'highest' ? sorted[0] : sorted[sorted.length - 1])!, byLot: true };
  }

  /** Orders a group of candidates with equal votes, `want` first. */
  function orderTied(group: readonly string[], want: Want) {
    const rest = [...group];
    const order: string[] = [];
    let decidedByLot = false;
    while (rest.length > 1) {
      const { chosen, byLot: lotDecided } = pick(rest, want);
      decidedByLot ||= lotDecided;
      order.push(chosen);
      rest.splice(rest.indexOf(chosen), 1);
    }
    order.push(...rest);
    return { order, decidedBy: decidedByLot ? ('lot' as const) : ('earlier_round' as const) };
  }

  const recorded = new Set<string>();
  function recordTie(
    candidateIds: string[],
    decidedBy: Tie['decidedBy'],
    about: Tie['about'],
    round: number,
  ) {
    // The same equal surpluses are decided once: when their holders are elected.
    const key = `${about}:${JSON.stringify([...candidateIds].sort())}`;
    if (about === 'surplus' && recorded.has(key)) return;
    recorded.add(key);
    ties.push({ candidateIds, decidedBy, about, round });
  }

  /** Sorts by current votes, most first, ordering equal ones by the tie rules (and recording). */
  function rankByVotes(group: readonly string[], about: Tie['about'], round: number): string[] {
    const byVotes = new Map<number, string[]>();
    for (const id of group) byVotes.set(votesOf(id), [...(byVotes.get(votesOf(id)) ?? []), id]);
    const order: string[] = [];
    for (const value of [...byVotes.keys()].sort((a, b) => b - a)) {
      const tied = byVotes.get(value)!;
      if (tied.length === 1) {
        order.push(tied[0]!);
        continue;
      }
      const decided = orderTied(tied, 'highest');
      recordTie(decided.order, decided.decidedBy, about, round);
      order.push(...decided.order);
    }
    return order;
  }

  // -- Seats --

  function fillable(group: readonly string[]): number {
    if (!constrained) return Math.min(group.length, book.free);
    return seatsFillableBy(
      group.map((id) => byId.get(id)!),
      { open: book.freeOpen, reservedFor: (collegeId) => book.freeFor(collegeId) },
      rules.parity
        ? (category) => parityCap(rules.seats) - (electedPerCategory.get(category) ?? 0)
        : null,
    );
  }

  function elect(id: string, stage: StvStage): boolean {
    const seat = book.seatFor(id);
    if ('refused' in seat) {
      state.set(id, 'out');
      leftOrder.push(id);
      passedOver.push({ candidateId: id, reason: seat.refused, round: stage.number });
      pendingPassedOver.push(id);
      return false;
    }
    book.elect(id, seat.reservedFor, stage.number);
    state.set(id, 'elected');
    electedOrder.push(id);
    stage.elected.push(id);
    const category = byId.get(id)?.category;
    if (category) electedPerCategory.set(category, (electedPerCategory.get(category) ?? 0) + 1);
    return true;
  }

  // -- Moving papers --

  function nextPreference(parcel: Parcel): number {
    for (let at = parcel.at + 1; at < parcel.ranking.length; at++) {
      if (state.get(parcel.ranking[at]!) === 'continuing') return at;
    }
    return -1;
  }

  /** Moves every paper the candidate holds on, at the value `valueOf` gives; returns the total. */
  function moveOn(from: string, valueOf: (parcel: Parcel) => number): number {
    let moved = 0;
    for (const parcel of piles.get(from)!) {
      const value = valueOf(parcel);
      moved += parcel.count * value;
      const at = nextPreference(parcel);
      if (at < 0) {
        exhausted += parcel.count * value;
        continue;
      }
      parcel.at = at;
      parcel.value = value;
      const to = parcel.ranking[at]!;
      piles.get(to)!.push(parcel);
      votes.set(to, votesOf(to) + parcel.count * value);
    }
    piles.set(from, []);
    return moved;
  }

  // -- Stages --

  /** Records the stage just counted, then elects (rule 47) and tells whether the count ends. */
  function closeStage(action: StvStageAction): boolean {
    const standing = new Map(votes);
    history.push(standing);
    const stage: StvStage = {
      number: stages.length + 1,
      action,
      votes: Object.fromEntries(ids.map((id) => [id, toDecimal(standing.get(id) ?? 0)])),
      exhausted: toDecimal(exhausted),
      lost: toDecimal(lost),
      elected: [],
    };
    stages.push(stage);
    if (valid === 0) return true;

    const reached = continuing().filter((id) => votesOf(id) >= quotaUnits);
    for (const id of rankByVotes(reached, 'surplus', stage.number)) {
      if (book.free === 0) break;
      if (elect(id, stage) && votesOf(id) > quotaUnits) pendingSurpluses.push(id);
    }
    if (book.free === 0) return true;

    // Rule 52, with the seat rules: the continuing candidates are elected once they can all
    // take a seat together. Each then gets one (their college's reserved seats first, then open
    // seats), whatever the order, so nobody is refused here.
    const left = continuing();
    const seatable = fillable(left);
    if (seatable === left.length) {
      for (const id of rankByVotes(left, 'rank', stage.number)) elect(id, stage);
      return true;
    }
    // Nobody left may take any of the free seats (seat rules only): they stay unfilled.
    return seatable === 0;
  }

  function transferSurplus(): StvStageAction {
    const surplusOf = (id: string) => votesOf(id) - quotaUnits;
    const largest = Math.max(...pendingSurpluses.map(surplusOf));
    const tied = pendingSurpluses.filter((id) => surplusOf(id) === largest);
    let from = tied[0]!;
    if (tied.length > 1) {
      const decided = orderTied(tied, 'highest');
      recordTie(decided.order, decided.decidedBy, 'surplus', stages.length + 1);
      from = decided.order[0]!;
    }
    pendingSurpluses.splice(pendingSurpluses.indexOf(from), 1);
    const total = votesOf(from);
    const surplus = total - quotaUnits;
    // Rule 48(3): each paper goes on worth ⌊surplus × its value ÷ the candidate's votes⌋.
    const moved = moveOn(from, (parcel) => multiplyDivide(surplus, parcel.value, total));
    lost += surplus - moved;
    votes.set(from, quotaUnits);
    return {
      kind: 'surplus',
      candidateId: from,
      surplus: toDecimal(surplus),
      transferValue: toDecimal(multiplyDivide(surplus, STV_SCALE, total)),
    };
  }

  function exclude(): StvStageAction {
    const group = continuing();
    const needed = constrained ? fillable(group) : 0;
    const isProtected = (id: string) =>
      constrained && fillable(group.filter((other) => other !== id)) < needed;
    const ascending = [...group].sort((a, b) => votesOf(a) - votesOf(b));
    const kept: string[] = [];
    let lowest: string[] = [];
    for (const id of ascending) {
      if (lowest.length > 0 && votesOf(id) > votesOf(lowest[0]!)) break;
      if (isProtected(id)) kept.push(id);
      else lowest.push(id);
    }
    // Cannot happen (if everyone were needed they could all be seated and the count would have
    // ended), but a count must always go on: exclude the lowest of all then.
    if (lowest.length === 0) {
      lowest = ascending.filter((id) => votesOf(id) === votesOf(ascending[0]!));
      kept.length = 0;
    }
    let out = lowest[0]!;
    if (lowest.length > 1) {
      const decided = orderTied(lowest, 'lowest');
      recordTie(decided.order, decided.decidedBy, 'exclusion', stages.length + 1);
      out = decided.order[0]!;
    }
    state.set(out, 'out');
    leftOrder.push(out);
    // Rule 50(4): the papers go on at the value they had when they reached the candidate.
    moveOn(out, (parcel) => parcel.value);
    votes.set(out, 0);
    kept.sort((a, b) => votesOf(a) - votesOf(b) || byLot(a, b));
    return { kind: 'exclusion', candidateId: out, protected: kept };
  }

  function passOver(): StvStageAction {
    const id = pendingPassedOver.shift()!;
    moveOn(id, (parcel) => parcel.value);
    votes.set(id, 0);
    const reason = passedOver.find((entry) => entry.candidateId === id)!.reason;
    return { kind: 'passed_over', candidateId: id, reason };
  }

  // Stage 1 (rule 45): each ballot to its first preference, worth 1.
  for (const { ranking, count } of tally.rankings) {
    const first = ranking[0]!;
    piles.get(first)!.push({ ranking, count, at: 0, value: STV_SCALE });
    votes.set(first, votesOf(first) + count * STV_SCALE);
  }
  let done = closeStage({ kind: 'first_count' });
  while (!done) {
    const action =
      pendingPassedOver.length > 0
        ? passOver()
        : pendingSurpluses.length > 0
          ? transferSurplus()
          : exclude();
    done = closeStage(action);
  }

  // Those still continuing when the seats ran out rank after the elected, most votes first;
  // ties in that order are reported (about `rank`) at the last stage.
  const notElected = rankByVotes(continuing(), 'rank', stages.length);
  return {
    method: 'stv',
    quota,
    valid,
    blank: tally.blank,
    stages,
    order: [...electedOrder, ...notElected, ...[...leftOrder].reverse()],
    ties,
    seats: { elected: [...book.elected], passedOver, unfilled: book.unfilled() },
  };
}
