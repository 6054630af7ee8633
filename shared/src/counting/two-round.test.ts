import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeatBook } from './seats.ts';
import { countTwoRound, twoRoundCountSchema, type TwoRoundCount } from './two-round.ts';
import {
  parityCap,
  seatRulesSchema,
  type CountContext,
  type MarksTally,
  type SeatHolder,
  type StandingCandidate,
} from './types.ts';

const person = (
  id: string,
  collegeId: string | null = null,
  category: string | null = null,
): StandingCandidate => ({ id, collegeId, category });

const rules = (input: {
  seats: number;
  reserved?: { collegeId: string; seats: number }[];
  parity?: boolean;
}) => seatRulesSchema.parse(input);

type Context = CountContext & { keep: 'all' | number };

const context = (
  candidates: StandingCandidate[],
  seatRules: ReturnType<typeof rules>,
  extra: Partial<Context> = {},
): Context => ({
  candidates,
  rules: seatRules,
  tieOrder: candidates.map((c) => c.id),
  keep: 'all',
  ...extra,
});

const tally = (votes: Record<string, number>, expressed: number, blank = 0): MarksTally => ({
  expressed,
  blank,
  votes,
});

/** What a reader of the result sees: who took which seat, who was passed over, what is next. */
function read(count: TwoRoundCount) {
  return {
    elected: count.seats.elected.map((h) => `${h.candidateId}@${h.reservedFor ?? 'open'}`),
    passedOver: count.seats.passedOver.map((p) => `${p.candidateId} ${p.reason}`),
    unfilled: count.seats.unfilled.map((u) => `${u.reservedFor ?? 'open'}×${u.seats}`),
    nextRound: count.nextRound,
  };
}

const people = (...ids: string[]) => ids.map((id) => person(id));
const A = (n: number) => person(`A${n}`, 'A');
const C = (n: number) => person(`C${n}`, 'C');
const M = (n: number) => person(`M${n}`, null, 'M');
const W = (n: number) => person(`W${n}`, null, 'W');

type Case = {
  name: string;
  round: number;
  tally: MarksTally;
  context: Context;
  expected: ReturnType<typeof read>;
  absoluteMajority: TwoRoundCount['absoluteMajority'];
  ties?: string[][];
};

const nobodyElected = { elected: [], passedOver: [] };

const roundOne: Case[] = [
  {
    // 1 seat, 10 expressed: half is 5, a needs more than 5, i.e. 6. a has 6 > 5: elected.
    name: '6 of 10 is an absolute majority',
    round: 1,
    tally: tally({ a: 6, b: 4 }, 10),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: { elected: ['a@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // 10 expressed: a has 5, exactly half, not more: nobody is elected. Round 2 for the seat,
    // open to all three (keep 'all'), by round-1 votes.
    name: '5 of 10 is not a majority: exactly half is not more than half',
    round: 1,
    tally: tally({ a: 5, b: 3, c: 2 }, 10),
    context: context(people('a', 'b', 'c'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      ...nobodyElected,
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['a', 'b', 'c'] },
    },
  },
  {
    // 9 expressed: half is 4.5; ⌊9 / 2⌋ + 1 = 5 needed. a has 5 > 4.5: elected.
    name: '5 of 9 is an absolute majority',
    round: 1,
    tally: tally({ a: 5, b: 4 }, 9),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 4.5, atLeast: 5 },
    expected: { elected: ['a@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // 12 ballots, 4 blank: expressed 12 − 4 = 8, half 4, a needs 5. a has 5 > 4: elected.
    // (Had the blank ballots counted, a would have needed 7 of 12.)
    name: 'blank ballots are not expressed: they do not raise the majority',
    round: 1,
    tally: tally({ a: 5, b: 3 }, 8, 4),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 4, atLeast: 5 },
    expected: { elected: ['a@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // 2 seats, 10 ballots of up to 2 names (7 + 6 + 4 + 3 = 20 marks). Needed: 6.
    // a 7 and b 6 both have it: both elected in round 1, no round 2.
    name: 'two seats filled in round 1',
    round: 1,
    tally: tally({ a: 7, b: 6, c: 4, d: 3 }, 10),
    context: context(people('a', 'b', 'c', 'd'), rules({ seats: 2 })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: { elected: ['a@open', 'b@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // 2 seats, 10 ballots of 2 names (7 + 7 + 6 = 20 marks). a, b, c all have more than 5, for
    // 2 seats: a and b (level at 7, lot a first) take them; c has a majority but comes after
    // the last seat: not elected, and no round 2 (no seat left).
    name: 'more candidates with a majority than seats: the most votes win',
    round: 1,
    tally: tally({ a: 7, b: 7, c: 6 }, 10),
    context: context(people('a', 'b', 'c'), rules({ seats: 2 })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: { elected: ['a@open', 'b@open'], passedOver: [], unfilled: [], nextRound: null },
    ties: [['a', 'b']],
  },
  {
    // 3 seats, 10 expressed (7 + 5 + 5 + 4 + 3 = 24 marks ≤ 30). Needed 6: only a (7).
    // 3 − 1 = 2 seats for round 2; keep 'all': b, c, d, e (b/c level at 5: lot b first).
    name: 'keep all: every candidate not elected goes on',
    round: 1,
    tally: tally({ a: 7, b: 5, c: 5, d: 4, e: 3 }, 10),
    context: context(people('a', 'b', 'c', 'd', 'e'), rules({ seats: 3 })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      elected: ['a@open'],
      passedOver: [],
      unfilled: ['open×2'],
      nextRound: { seats: 2, candidateIds: ['b', 'c', 'd', 'e'] },
    },
    ties: [['b', 'c']],
  },
  {
    // Same election, keep 2, no tie: a 7 elected; b 5 and c 4 are the 2 best of the rest;
    // d 3 and e 1 stop.
    name: 'keep 2: the two best of the rest go on',
    round: 1,
    tally: tally({ a: 7, b: 5, c: 4, d: 3, e: 1 }, 10),
    context: context(people('a', 'b', 'c', 'd', 'e'), rules({ seats: 3 }), { keep: 2 }),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      elected: ['a@open'],
      passedOver: [],
      unfilled: ['open×2'],
      nextRound: { seats: 2, candidateIds: ['b', 'c'] },
    },
  },
  {
    // keep 2, but c and d are level at 4 for the 2nd place: both go on (« en cas d'égalité, tous
    // sont retenus »): b, c, d, three candidates. The lot orders c and d, it does not drop d.
    name: 'keep 2 with a tie at the 2nd place: three go on',
    round: 1,
    tally: tally({ a: 7, b: 5, c: 4, d: 4, e: 1 }, 10),
    context: context(people('a', 'b', 'c', 'd', 'e'), rules({ seats: 3 }), { keep: 2 }),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      elected: ['a@open'],
      passedOver: [],
      unfilled: ['open×2'],
      nextRound: { seats: 2, candidateIds: ['b', 'c', 'd'] },
    },
    ties: [['c', 'd']],
  },
  {
    // 1 seat, keep 2, 10 expressed: a 4, b 3, c 2, d 1. Nobody above 5: the duel a / b.
    name: 'keep 2 for one seat: the classic duel',
    round: 1,
    tally: tally({ a: 4, b: 3, c: 2, d: 1 }, 10),
    context: context(people('a', 'b', 'c', 'd'), rules({ seats: 1 }), { keep: 2 }),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      ...nobodyElected,
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['a', 'b'] },
    },
  },
  {
    // 2 seats: A 1 reserved, 1 open. 10 expressed, needed 6. C1 7 takes the open seat.
    // Left: A's seat only. C2 (college C) could never take it: not in round 2, though second
    // in votes. A1, A2 go on for 1 seat.
    name: 'keep all leaves out who could not take a free seat (reserved seat left, not of the college)',
    round: 1,
    tally: tally({ C1: 7, C2: 4, A1: 3, A2: 2 }, 10),
    context: context(
      [C(1), C(2), A(1), A(2)],
      rules({ seats: 2, reserved: [{ collegeId: 'A', seats: 1 }] }),
    ),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      elected: ['C1@open'],
      passedOver: [],
      unfilled: ['A×1'],
      nextRound: { seats: 1, candidateIds: ['A1', 'A2'] },
    },
  },
  {
    // 2 seats, parity: cap ⌈2 / 2⌉ = 1. 10 ballots of up to 2 names (7 + 6 + 3 + 2 = 18).
    // M1 7 elected; M2 6 also has a majority but a 2nd M > 1: passed over for parity, and left
    // out of round 2 (the cap will still be reached). W1, W2 go on for the last seat.
    name: 'parity: a candidate the cap already stops is not in round 2',
    round: 1,
    tally: tally({ M1: 7, M2: 6, W1: 3, W2: 2 }, 10),
    context: context([M(1), M(2), W(1), W(2)], rules({ seats: 2, parity: true })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      elected: ['M1@open'],
      passedOver: ['M2 parity'],
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['W1', 'W2'] },
    },
  },
  {
    // 3 seats: A 1 reserved, 2 open; keep 2. 10 expressed: nobody above 5. The 2 best, C1 and
    // C2 (level at 4, lot C1 first), are of college C; A's reserved seat needs one of A:
    // A's best, A1 (2), goes on too. C3 (3) and A2 (1) stop. 3 go on for 3 seats.
    name: 'keep 2 with a reserved seat free: the college’s best goes on too',
    round: 1,
    tally: tally({ C1: 4, C2: 4, C3: 3, A1: 2, A2: 1 }, 10),
    context: context(
      [C(1), C(2), C(3), A(1), A(2)],
      rules({ seats: 3, reserved: [{ collegeId: 'A', seats: 1 }] }),
      { keep: 2 },
    ),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: {
      ...nobodyElected,
      unfilled: ['A×1', 'open×2'],
      nextRound: { seats: 3, candidateIds: ['C1', 'C2', 'A1'] },
    },
    ties: [['C1', 'C2']],
  },
  {
    // 2 seats: A 1 reserved, 1 open; nobody of A stands. C1 6 > 5 takes the open seat. A's seat
    // is free but nobody left could take it (C2 is of C): no round 2, the seat stays empty.
    name: 'no round 2 when nobody could take the seats left',
    round: 1,
    tally: tally({ C1: 6, C2: 4 }, 10),
    context: context([C(1), C(2)], rules({ seats: 2, reserved: [{ collegeId: 'A', seats: 1 }] })),
    absoluteMajority: { moreThan: 5, atLeast: 6 },
    expected: { elected: ['C1@open'], passedOver: [], unfilled: ['A×1'], nextRound: null },
  },
  {
    // 5 ballots, all blank: expressed 0, more than 0 needed, i.e. 1; nobody has it. Everyone
    // (both at 0) goes on to round 2.
    name: 'only blank ballots in round 1: everyone goes on',
    round: 1,
    tally: tally({}, 0, 5),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 0, atLeast: 1 },
    expected: {
      ...nobodyElected,
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['a', 'b'] },
    },
    ties: [['a', 'b']],
  },
  {
    // Weighted: expressed 7.5 (e.g. 5 ballots × 1.5). Half: 3.75. a has exactly 3.75: not more
    // than half, not elected. No whole « at least » figure exists: atLeast is null.
    name: 'weighted: exactly half of a fractional expressed figure is not a majority',
    round: 1,
    tally: tally({ a: 3.75, b: 3.75 }, 7.5),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 3.75, atLeast: null },
    expected: {
      ...nobodyElected,
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['a', 'b'] },
    },
    ties: [['a', 'b']],
  },
  {
    // Weighted: expressed 7.5, half 3.75; a has 4.5 (3 ballots × 1.5) > 3.75: elected.
    name: 'weighted: more than half of a fractional expressed figure',
    round: 1,
    tally: tally({ a: 4.5, b: 3 }, 7.5),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 3.75, atLeast: null },
    expected: { elected: ['a@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // Weighted: expressed 0.6, half 0.3. a got 0.1 + 0.2, which a computer stores as
    // 0.30000000000000004: on paper exactly half, so not a majority.
    name: 'weighted: a rounding difference does not make half a majority',
    round: 1,
    tally: tally({ a: 0.1 + 0.2, b: 0.3 }, 0.6),
    context: context(people('a', 'b'), rules({ seats: 1 })),
    absoluteMajority: { moreThan: 0.3, atLeast: null },
    expected: {
      ...nobodyElected,
      unfilled: ['open×1'],
      nextRound: { seats: 1, candidateIds: ['a', 'b'] },
    },
    ties: [['a', 'b']],
  },
  {
    // Board of 6 (A 2, B 2 reserved, 2 open); 20 expressed, needed 11.
    // C1 15, C2 14, C3 13, A1 12 have it: C1, C2 open; C3 no seat left (open gone, C has none
    // reserved); A1 A's seat. B1 8, A2 7, B2 5 lack it. Free: A 1 + B 2 = 3 seats.
    // Round 2: B1, A2, B2; not C3, who could not take any of them.
    name: 'board of 6: round 1 fills what the majority allows, the reserved seats left go to round 2',
    round: 1,
    tally: tally({ C1: 15, C2: 14, C3: 13, A1: 12, B1: 8, A2: 7, B2: 5 }, 20),
    context: context(
      [C(1), C(2), C(3), A(1), A(2), person('B1', 'B'), person('B2', 'B')],
      rules({
        seats: 6,
        reserved: [
          { collegeId: 'A', seats: 2 },
          { collegeId: 'B', seats: 2 },
        ],
      }),
    ),
    absoluteMajority: { moreThan: 10, atLeast: 11 },
    expected: {
      elected: ['C1@open', 'C2@open', 'A1@A'],
      passedOver: ['C3 no_seat_left'],
      unfilled: ['A×1', 'B×2'],
      nextRound: { seats: 3, candidateIds: ['B1', 'A2', 'B2'] },
    },
  },
];

const held = (candidateId: string, reservedFor: string | null = null): SeatHolder => ({
  candidateId,
  reservedFor,
  round: 1,
});

const roundTwo: Case[] = [
  {
    // Round 2, 1 seat, 9 expressed: a 4 is less than half (4.5) but the most: elected.
    name: 'round 2: the most votes win, no majority needed',
    round: 2,
    tally: tally({ a: 4, b: 3, c: 2 }, 9),
    context: context(people('a', 'b', 'c'), rules({ seats: 1 })),
    absoluteMajority: null,
    expected: { elected: ['a@open'], passedOver: [], unfilled: [], nextRound: null },
  },
  {
    // 3 seats, parity: cap ⌈3 / 2⌉ = 2. Round 1 elected M1, M2 (2 M). Round 2, 1 seat:
    // M3 6 has the most votes, but a 3rd M > 2: passed over; W1 4 takes the seat.
    name: 'round 2: round-1 seats count against the parity cap',
    round: 2,
    tally: tally({ M3: 6, W1: 4 }, 10),
    context: context([M(1), M(2), M(3), W(1)], rules({ seats: 3, parity: true }), {
      alreadyElected: [held('M1'), held('M2')],
    }),
    absoluteMajority: null,
    expected: { elected: ['W1@open'], passedOver: ['M3 parity'], unfilled: [], nextRound: null },
  },
  {
    // 3 seats: A 1 reserved, 2 open. Round 1 elected C1, C2 in the 2 open seats. Round 2:
    // C3 8 has the most votes, but only A's seat is left: no seat for C3; A1 2 takes it.
    name: 'round 2: round-1 seats count for reserved seats',
    round: 2,
    tally: tally({ C3: 8, A1: 2 }, 10),
    context: context(
      [C(1), C(2), C(3), A(1)],
      rules({ seats: 3, reserved: [{ collegeId: 'A', seats: 1 }] }),
      { alreadyElected: [held('C1'), held('C2')] },
    ),
    absoluteMajority: null,
    expected: {
      elected: ['A1@A'],
      passedOver: ['C3 no_seat_left'],
      unfilled: [],
      nextRound: null,
    },
  },
  {
    // Round 2, 1 seat: a 3, b 3. The lot order is b, a: b elected; the tie is recorded for
    // round 2.
    name: 'round 2: a tie is decided by lot',
    round: 2,
    tally: tally({ a: 3, b: 3 }, 6),
    context: context(people('a', 'b'), rules({ seats: 1 }), { tieOrder: ['b', 'a'] }),
    absoluteMajority: null,
    expected: { elected: ['b@open'], passedOver: [], unfilled: [], nextRound: null },
    ties: [['b', 'a']],
  },
  {
    // Round 2, 2 seats free of 3 (x elected in round 1), 4 blank ballots only: nobody gets a
    // vote, nobody is elected, 2 open seats stay empty; there is no round 3.
    name: 'round 2 with no votes: the seats stay empty',
    round: 2,
    tally: tally({}, 0, 4),
    context: context(people('x', 'a', 'b'), rules({ seats: 3 }), {
      alreadyElected: [held('x')],
    }),
    absoluteMajority: null,
    expected: { ...nobodyElected, unfilled: ['open×2'], nextRound: null },
    ties: [['a', 'b']],
  },
];

describe('countTwoRound: worked cases', () => {
  it.each([...roundOne, ...roundTwo])(
    'round $round: $name',
    ({ round, tally, context, expected, absoluteMajority, ties = [] }) => {
      const count = twoRoundCountSchema.parse(countTwoRound(round, tally, context));
      expect(read(count)).toEqual(expected);
      expect(count.absoluteMajority).toEqual(absoluteMajority);
      expect(count.ties.map((t) => t.candidateIds)).toEqual(ties);
      expect(count.ties.every((t) => t.round === round)).toBe(true);
      expect(count.seats.elected.every((h) => h.round === round)).toBe(true);
      expect([count.method, count.round, count.expressed, count.blank]).toEqual([
        'two_round',
        round,
        tally.expressed,
        tally.blank,
      ]);
    },
  );

  it('a whole election: round 1 then round 2 on the candidates it kept', () => {
    // 3 seats, parity (cap 2), keep 2. Round 1, 10 ballots of up to 3 names: M1 8, M2 4, W1 4,
    // M3 3, W2 2. Needed 6: M1 elected (1 M). 2 seats left; the 2 best of the rest: M2 and W1
    // level at 4 (lot: M2 first), then M3 3 — keep 2 gives M2, W1.
    const candidates = [M(1), M(2), W(1), M(3), W(2)];
    const seatRules = rules({ seats: 3, parity: true });
    const first = countTwoRound(
      1,
      tally({ M1: 8, M2: 4, W1: 4, M3: 3, W2: 2 }, 10),
      context(candidates, seatRules, { keep: 2 }),
    );
    expect(first.nextRound).toEqual({ seats: 2, candidateIds: ['M2', 'W1'] });

    // Round 2, 9 ballots of up to 2 names: M2 7, W1 5. Both elected: M2 is the 2nd M (≤ 2),
    // W1 the 1st W. Board: M1 (round 1), M2, W1 (round 2).
    // Round 2's candidates: those kept, and the round-1 holder M1 (for the seat rule only).
    const holders = first.seats.elected;
    const kept = candidates.filter(
      (c) =>
        first.nextRound!.candidateIds.includes(c.id) || holders.some((h) => h.candidateId === c.id),
    );
    const second = countTwoRound(
      2,
      tally({ M2: 7, W1: 5 }, 9),
      context(kept, seatRules, { alreadyElected: holders }),
    );
    expect(second.order).toEqual(['M2', 'W1']);
    expect(second.seats.elected).toEqual([
      { candidateId: 'M2', reservedFor: null, round: 2 },
      { candidateId: 'W1', reservedFor: null, round: 2 },
    ]);
    expect(second.seats.unfilled).toEqual([]);
  });

  it.each([
    ['round 0', 0, 'all' as const, /round 0/],
    ['round 1.5', 1.5, 'all' as const, /round 1.5/],
    ['keep 0', 1, 0, /keep 0/],
  ])('refuses %s', (_name, round, keep, message) => {
    expect(() =>
      countTwoRound(round, tally({ a: 1 }, 1), context(people('a'), rules({ seats: 1 }), { keep })),
    ).toThrow(message);
  });

  it('refuses a round whose seat holders are not among the candidates', () => {
    // Without M1's category, M1's seat would not count for the parity rule.
    expect(() =>
      countTwoRound(
        2,
        tally({ M2: 1 }, 1),
        context([M(2)], rules({ seats: 2, parity: true }), { alreadyElected: [held('M1')] }),
      ),
    ).toThrow(/"M1" holds a seat but is not among the candidates/);
  });

  it('refuses a vote for someone not standing', () => {
    expect(() =>
      countTwoRound(1, tally({ a: 1, zz: 1 }, 2), context(people('a'), rules({ seats: 1 }))),
    ).toThrow(/"zz", who is not standing/);
  });
});

// ---- Properties -----------------------------------------------------------------------------

const weights = [1, 1, 0.5, 0.75, 1.5];

/** Tallies ballots of up to `seats` names, each with a weight (1 most often). */
function tallyOf(ballots: { names: string[]; weight: number }[]): MarksTally {
  const votes: Record<string, number> = {};
  let expressed = 0;
  let blank = 0;
  for (const { names, weight } of ballots) {
    if (names.length === 0) blank += weight;
    else expressed += weight;
    for (const name of names) votes[name] = (votes[name] ?? 0) + weight;
  }
  return tally(votes, expressed, blank);
}

const ballotsArbitrary = (ids: string[], seats: number) =>
  fc.array(
    fc.record({
      names: fc.shuffledSubarray(ids, { maxLength: Math.min(seats, ids.length) }),
      weight: fc.constantFrom(...weights),
    }),
    { maxLength: 15 },
  );

/** A random two-round election with its round-1 ballots and a keep rule. */
const electionArbitrary = fc
  .record({
    people: fc.array(
      fc.record({
        collegeId: fc.constantFrom('A', 'B', null),
        category: fc.constantFrom('W', 'M', null),
      }),
      { minLength: 1, maxLength: 9 },
    ),
    seats: fc.integer({ min: 1, max: 5 }),
    reservedA: fc.integer({ min: 0, max: 2 }),
    reservedB: fc.integer({ min: 0, max: 2 }),
    parity: fc.boolean(),
    keep: fc.oneof(fc.constant<'all'>('all'), fc.integer({ min: 1, max: 4 })),
  })
  .chain((draw) => {
    const candidates = draw.people.map((p, i) => person(`P${i}`, p.collegeId, p.category));
    const ids = candidates.map((c) => c.id);
    const reserved: { collegeId: string; seats: number }[] = [];
    let left = draw.seats;
    for (const [collegeId, wanted] of [
      ['A', draw.reservedA],
      ['B', draw.reservedB],
    ] as const) {
      const taken = Math.min(wanted, left);
      if (taken > 0) reserved.push({ collegeId, seats: taken });
      left -= taken;
    }
    return fc.record({
      context: fc.shuffledSubarray(ids, { minLength: ids.length }).map((tieOrder) =>
        context(candidates, rules({ seats: draw.seats, reserved, parity: draw.parity }), {
          tieOrder,
          keep: draw.keep,
        }),
      ),
      first: ballotsArbitrary(ids, draw.seats),
      second: ballotsArbitrary(ids, draw.seats),
    });
  });

describe('countTwoRound: properties', () => {
  it('round 1 elects only with more than half the expressed ballots, and hands on the right seats', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ context, first }) => {
        const t = tallyOf(first);
        const count = countTwoRound(1, t, context);
        expect(twoRoundCountSchema.parse(count)).toEqual(count);
        for (const h of count.seats.elected) {
          expect(t.votes[h.candidateId]! * 2).toBeGreaterThan(t.expressed);
        }
        const book = createSeatBook(context.candidates, context.rules, count.seats.elected);
        const elected = new Set(count.seats.elected.map((h) => h.candidateId));
        const couldWin = context.candidates
          .map((c) => c.id)
          .filter((id) => !elected.has(id) && !('refused' in book.seatFor(id)));
        if (count.nextRound === null) {
          // Every seat filled, or nobody left who could fill one.
          expect(book.free === 0 || couldWin.length === 0).toBe(true);
          return;
        }
        expect(count.nextRound.seats).toBe(context.rules.seats - count.seats.elected.length);
        for (const id of count.nextRound.candidateIds) expect(couldWin).toContain(id);
        if (context.keep === 'all') {
          expect([...count.nextRound.candidateIds].sort()).toEqual([...couldWin].sort());
        } else {
          // Nobody is left out while fewer than `keep` candidates who go on have more votes.
          const votes = (id: string) => t.votes[id] ?? 0;
          for (const id of couldWin.filter((x) => !count.nextRound!.candidateIds.includes(x))) {
            const ahead = count.nextRound.candidateIds.filter((k) => votes(k) > votes(id));
            expect(ahead.length).toBeGreaterThanOrEqual(context.keep);
          }
        }
      }),
    );
  });

  it('both rounds together keep every seat rule and elect nobody twice', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ context, first, second }) => {
        const one = countTwoRound(1, tallyOf(first), context);
        let all = one.seats.elected;
        if (one.nextRound) {
          const kept = one.nextRound.candidateIds;
          const two = countTwoRound(
            2,
            tallyOf(second.map((b) => ({ ...b, names: b.names.filter((n) => kept.includes(n)) }))),
            {
              ...context,
              candidates: context.candidates.filter(
                (c) => kept.includes(c.id) || one.seats.elected.some((h) => h.candidateId === c.id),
              ),
              alreadyElected: one.seats.elected,
            },
          );
          expect(two.nextRound).toBeNull();
          expect(two.seats.elected.every((h) => kept.includes(h.candidateId))).toBe(true);
          all = [...all, ...two.seats.elected];
        }
        const byId = new Map(context.candidates.map((c) => [c.id, c]));
        const ids = all.map((h) => h.candidateId);
        expect(ids.length).toBeLessThanOrEqual(context.rules.seats);
        expect(new Set(ids).size).toBe(ids.length);
        for (const h of all) {
          if (h.reservedFor !== null)
            expect(byId.get(h.candidateId)!.collegeId).toBe(h.reservedFor);
        }
        for (const group of context.rules.reserved) {
          const holders = all.filter((h) => h.reservedFor === group.collegeId).length;
          expect(holders).toBeLessThanOrEqual(group.seats);
        }
        if (context.rules.parity) {
          for (const category of ['W', 'M']) {
            const count = ids.filter((id) => byId.get(id)!.category === category).length;
            expect(count).toBeLessThanOrEqual(parityCap(context.rules.seats));
          }
        }
      }),
    );
  });
});
