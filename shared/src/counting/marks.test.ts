import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMarks,
  countMarks,
  marksCountSchema,
  maxMarks,
  type MarkingMethod,
  type MarksCount,
  type MarksMethod,
} from './marks.ts';
import {
  parityCap,
  seatRulesSchema,
  type CountContext,
  type MarksTally,
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

/** A context whose lot order is the candidates' order, unless one is given. */
const context = (
  candidates: StandingCandidate[],
  seatRules: ReturnType<typeof rules>,
  tieOrder = candidates.map((c) => c.id),
): CountContext => ({ candidates, rules: seatRules, tieOrder });

const tally = (votes: Record<string, number>, expressed: number, blank = 0): MarksTally => ({
  expressed,
  blank,
  votes,
});

/** Who took which seat: 'a@open', 'A1@A' (reserved for A); passed over: 'x parity'. */
function read(count: MarksCount) {
  return {
    order: count.order,
    elected: count.seats.elected.map((h) => `${h.candidateId}@${h.reservedFor ?? 'open'}`),
    passedOver: count.seats.passedOver.map((p) => `${p.candidateId} ${p.reason}`),
    unfilled: count.seats.unfilled.map((u) => `${u.reservedFor ?? 'open'}×${u.seats}`),
  };
}

const abcd = ['a', 'b', 'c', 'd', 'e'].map((id) => person(id));

describe('maxMarks and checkMarks: the shape of one ballot', () => {
  it.each([
    // [method, seats, most names a ballot may mark]
    ['plurality', 1, 1],
    ['plurality', 3, 1], // several seats: still one name each (single non-transferable vote)
    ['block', 3, 3],
    ['two_round', 4, 4],
    ['approval', 2, null], // any number
  ] as [MarkingMethod, number, number | null][])('%s with %i seats: %s', (method, seats, most) => {
    expect(maxMarks(method, seats)).toBe(most);
  });

  const oneSeat = { candidates: abcd, rules: rules({ seats: 1 }) };
  const threeSeats = { candidates: abcd, rules: rules({ seats: 3 }) };
  it.each([
    ['plurality: a blank ballot is allowed', 'plurality', [], oneSeat, null],
    ['plurality: one name', 'plurality', ['a'], oneSeat, null],
    ['plurality: two names are too many', 'plurality', ['a', 'b'], oneSeat, { code: 'too_many' }],
    [
      'plurality with 3 seats: still one name',
      'plurality',
      ['a', 'b'],
      threeSeats,
      { code: 'too_many' },
    ],
    ['block, 3 seats: 3 names', 'block', ['a', 'b', 'c'], threeSeats, null],
    [
      'block, 3 seats: 4 names are too many',
      'block',
      ['a', 'b', 'c', 'd'],
      threeSeats,
      { code: 'too_many' },
    ],
    ['approval: every name, 1 seat', 'approval', ['a', 'b', 'c', 'd', 'e'], oneSeat, null],
    [
      'a name not standing',
      'approval',
      ['a', 'zz'],
      oneSeat,
      { code: 'unknown_candidate', candidateId: 'zz' },
    ],
    [
      'a name marked twice',
      'approval',
      ['a', 'b', 'a'],
      oneSeat,
      { code: 'duplicate', candidateId: 'a' },
    ],
    [
      // ['a', 'zz'] is also 2 names > 1: the unknown name is the more useful answer.
      'an unknown name is reported before too many names',
      'plurality',
      ['a', 'zz'],
      oneSeat,
      { code: 'unknown_candidate', candidateId: 'zz' },
    ],
    [
      'two-round, 3 seats: 4 names',
      'two_round',
      ['a', 'b', 'c', 'd'],
      threeSeats,
      { code: 'too_many' },
    ],
    ['two-round, 3 seats: 2 names', 'two_round', ['a', 'b'], threeSeats, null],
  ] as [string, MarkingMethod, string[], typeof oneSeat, unknown][])(
    '%s',
    (_name, method, names, ctx, problem) => {
      expect(checkMarks(method, names, ctx)).toEqual(problem);
    },
  );
});

type Case = {
  name: string;
  method: MarksMethod;
  tally: MarksTally;
  context: CountContext;
  expected: ReturnType<typeof read>;
  /** [candidate, votes, share, rank] for the ones worth checking. */
  standings?: [string, number, number, number][];
  ties?: string[][];
};

const A = (n: number, category: string | null = null) => person(`A${n}`, 'A', category);
const B = (n: number, category: string | null = null) => person(`B${n}`, 'B', category);
const C = (n: number, category: string | null = null) => person(`C${n}`, 'C', category);
const boardOfSix = (parity = false) =>
  rules({
    seats: 6,
    reserved: [
      { collegeId: 'A', seats: 2 },
      { collegeId: 'B', seats: 2 },
    ],
    parity,
  });

const cases: Case[] = [
  {
    // 10 ballots, one name each: a 5, b 3, c 2 (5 + 3 + 2 = 10). Shares 5/10, 3/10, 2/10.
    // One seat: a.
    name: 'plurality: the most votes take the seat',
    method: 'plurality',
    tally: tally({ a: 5, b: 3, c: 2 }, 10),
    context: context(abcd.slice(0, 3), rules({ seats: 1 })),
    expected: { order: ['a', 'b', 'c'], elected: ['a@open'], passedOver: [], unfilled: [] },
    standings: [
      ['a', 5, 0.5, 1],
      ['b', 3, 0.3, 2],
      ['c', 2, 0.2, 3],
    ],
  },
  {
    // 10 ballots, 3 blank: expressed 10 − 3 = 7 (a 4 + b 3). Shares 4/7 ≈ 0.571, 3/7 ≈ 0.429,
    // not 4/10 and 3/10: a blank ballot is counted but expresses nothing.
    name: 'plurality: blank ballots are not expressed',
    method: 'plurality',
    tally: tally({ a: 4, b: 3 }, 7, 3),
    context: context(abcd.slice(0, 2), rules({ seats: 1 })),
    expected: { order: ['a', 'b'], elected: ['a@open'], passedOver: [], unfilled: [] },
    standings: [
      ['a', 4, 4 / 7, 1],
      ['b', 3, 3 / 7, 2],
    ],
  },
  {
    // a 4, b 4, c 2: a and b level. The lot order drawn for this count is b, a, c: b ranks 1st
    // and takes the seat; the tie a/b is recorded (listed in the order it was decided: b, a).
    name: 'plurality: a tie for the seat is decided by lot and recorded',
    method: 'plurality',
    tally: tally({ a: 4, b: 4, c: 2 }, 10),
    context: context(abcd.slice(0, 3), rules({ seats: 1 }), ['b', 'c', 'a']),
    expected: { order: ['b', 'a', 'c'], elected: ['b@open'], passedOver: [], unfilled: [] },
    ties: [['b', 'a']],
  },
  {
    // 2 seats, one name per ballot: a 5, b 4, c 3 (12 ballots). The two most-voted, a and b,
    // fill the 2 seats, as in block voting.
    name: 'plurality with 2 seats: the two most-voted are elected',
    method: 'plurality',
    tally: tally({ a: 5, b: 4, c: 3 }, 12),
    context: context(abcd.slice(0, 3), rules({ seats: 2 })),
    expected: {
      order: ['a', 'b', 'c'],
      elected: ['a@open', 'b@open'],
      passedOver: [],
      unfilled: [],
    },
  },
  {
    // Block, 3 seats, 10 ballots of 3 names (30 marks: 8 + 7 + 6 + 5 + 4 = 30). Shares over
    // the 10 ballots: a 8/10, b 7/10, c 6/10. a, b, c take the 3 seats; d (5) and e (4) do not.
    name: 'block with 3 seats: the 3 most-voted',
    method: 'block',
    tally: tally({ a: 8, b: 7, c: 6, d: 5, e: 4 }, 10),
    context: context(abcd, rules({ seats: 3 })),
    expected: {
      order: ['a', 'b', 'c', 'd', 'e'],
      elected: ['a@open', 'b@open', 'c@open'],
      passedOver: [],
      unfilled: [],
    },
    standings: [
      ['a', 8, 0.8, 1],
      ['c', 6, 0.6, 3],
      ['e', 4, 0.4, 5],
    ],
  },
  {
    // Block, 3 seats: c and d level at 6 for the 3rd seat. Lot order e, d, c, b, a: d before c.
    // a 9, b 7, d 6 elected; c (6) ranked 4th by lot.
    name: 'block: a tie for the last seat is decided by lot',
    method: 'block',
    tally: tally({ a: 9, b: 7, c: 6, d: 6, e: 2 }, 10),
    context: context(abcd, rules({ seats: 3 }), ['e', 'd', 'c', 'b', 'a']),
    expected: {
      order: ['a', 'b', 'd', 'c', 'e'],
      elected: ['a@open', 'b@open', 'd@open'],
      passedOver: [],
      unfilled: [],
    },
    ties: [['d', 'c']],
  },
  {
    // Approval, 1 seat, 10 ballots: a is on 9 of them (share 9/10 = 0.9), b on 6, c on 6,
    // d on 2 (9 + 6 + 6 + 2 = 23 marks on 10 ballots). a elected; b and c level, lot: c first.
    name: 'approval: the candidate on most ballots',
    method: 'approval',
    tally: tally({ a: 9, b: 6, c: 6, d: 2 }, 10),
    context: context(abcd.slice(0, 4), rules({ seats: 1 }), ['c', 'a', 'b', 'd']),
    expected: {
      order: ['a', 'c', 'b', 'd'],
      elected: ['a@open'],
      passedOver: [],
      unfilled: [],
    },
    standings: [
      ['a', 9, 0.9, 1],
      ['c', 6, 0.6, 2],
      ['b', 6, 0.6, 3],
    ],
    ties: [['c', 'b']],
  },
  {
    // Approval, 2 seats, 8 ballots: a on all 8 (share 8/8 = 1), b on 3, c on 5. a, c elected.
    name: 'approval: a candidate on every ballot has a share of 1',
    method: 'approval',
    tally: tally({ a: 8, b: 3, c: 5 }, 8),
    context: context(abcd.slice(0, 3), rules({ seats: 2 })),
    expected: {
      order: ['a', 'c', 'b'],
      elected: ['a@open', 'c@open'],
      passedOver: [],
      unfilled: [],
    },
    standings: [
      ['a', 8, 1, 1],
      ['c', 5, 5 / 8, 2],
      ['b', 3, 3 / 8, 3],
    ],
  },
  {
    // Block, 3 seats, but only a (5) and b (3) were marked; c and d have 0. Nobody marked c or d:
    // they are never elected, the 3rd seat stays empty. They still appear in the order (lot
    // between them: c, d, recorded as a tie).
    name: 'a candidate nobody marked is not elected, even with a seat free',
    method: 'block',
    tally: tally({ a: 5, b: 3 }, 6),
    context: context(abcd.slice(0, 4), rules({ seats: 3 })),
    expected: {
      order: ['a', 'b', 'c', 'd'],
      elected: ['a@open', 'b@open'],
      passedOver: [],
      unfilled: ['open×1'],
    },
    standings: [['d', 0, 0, 4]],
    ties: [['c', 'd']],
  },
  {
    // 4 ballots, all blank: expressed 0, every share 0 (not 0/0), nobody elected.
    name: 'only blank ballots: nobody is elected, shares are 0',
    method: 'plurality',
    tally: tally({}, 0, 4),
    context: context(abcd.slice(0, 2), rules({ seats: 1 })),
    expected: { order: ['a', 'b'], elected: [], passedOver: [], unfilled: ['open×1'] },
    standings: [
      ['a', 0, 0, 1],
      ['b', 0, 0, 2],
    ],
    ties: [['a', 'b']],
  },
  {
    // Board of 6 (A 2, B 2 reserved, 2 open), block: 20 ballots of up to 6 names.
    // Order by votes: C1 15, C2 14, C3 13, A1 12, B1 11, B2 10, A2 9, A3 8.
    // C1, C2 take the 2 open seats; C3 (13) has more votes than A1..A3 and B1, B2 but only open
    // seats are for college C: passed over. A1, B1, B2, A2 take their colleges' reserved seats.
    name: 'board of 6: a reserved seat goes to its college’s best, not to a non-member with more votes',
    method: 'block',
    tally: tally({ C1: 15, C2: 14, C3: 13, A1: 12, B1: 11, B2: 10, A2: 9, A3: 8 }, 20),
    context: context([A(1), A(2), A(3), B(1), B(2), C(1), C(2), C(3)], boardOfSix()),
    expected: {
      order: ['C1', 'C2', 'C3', 'A1', 'B1', 'B2', 'A2', 'A3'],
      elected: ['C1@open', 'C2@open', 'A1@A', 'B1@B', 'B2@B', 'A2@A'],
      passedOver: ['C3 no_seat_left'],
      unfilled: [],
    },
  },
  {
    // Board of 6, approval, B has a single candidate. Order: A1 9, A2 8, A3 7, C1 6, B1 2.
    // A1, A2 take A's seats; A3 the first open seat; C1 the second; B1 one of B's.
    // B's second seat stays empty: never given to anyone outside B.
    name: 'board of 6: a college with too few candidates leaves its reserved seat empty',
    method: 'approval',
    tally: tally({ A1: 9, A2: 8, A3: 7, C1: 6, B1: 2 }, 10),
    context: context([A(1), A(2), A(3), B(1), C(1)], boardOfSix()),
    expected: {
      order: ['A1', 'A2', 'A3', 'C1', 'B1'],
      elected: ['A1@A', 'A2@A', 'A3@open', 'C1@open', 'B1@B'],
      passedOver: [],
      unfilled: ['B×1'],
    },
  },
  {
    // Block, 6 seats, parity: cap ⌈6 / 2⌉ = 3. Order: m1 10, m2 9, m3 8, m4 7, w1 6, u1 5,
    // w2 4, w3 3. m1..m3 elected (3 M), m4 would be a 4th: passed over; w1 (4th seat),
    // u1 (no category declared, never limited: 5th), w2 (6th). w3 after the last seat.
    name: 'parity: the 4th man is passed over, the next woman takes the seat',
    method: 'block',
    tally: tally({ m1: 10, m2: 9, m3: 8, m4: 7, w1: 6, u1: 5, w2: 4, w3: 3 }, 12),
    context: context(
      [
        person('m1', null, 'M'),
        person('m2', null, 'M'),
        person('m3', null, 'M'),
        person('m4', null, 'M'),
        person('w1', null, 'W'),
        person('u1'),
        person('w2', null, 'W'),
        person('w3', null, 'W'),
      ],
      rules({ seats: 6, parity: true }),
    ),
    expected: {
      order: ['m1', 'm2', 'm3', 'm4', 'w1', 'u1', 'w2', 'w3'],
      elected: ['m1@open', 'm2@open', 'm3@open', 'w1@open', 'u1@open', 'w2@open'],
      passedOver: ['m4 parity'],
      unfilled: [],
    },
  },
  {
    // Board of 6 with parity (cap 3), approval. Order: C1 W 20, C2 W 19, A1 W 18, A2 W 17,
    // B1 M 16, A3 M 15, B2 M 14, C3 M 13.
    // C1, C2 open (2 W). A1 A's seat (3 W). A2: A's second seat free but a 4th W: parity.
    // B1 B's seat (1 M). A3 A's second seat (2 M). B2 B's second seat (3 M). 6 seats: full.
    // C3 comes after: not elected.
    name: 'parity and reserved seats together',
    method: 'approval',
    tally: tally({ C1: 20, C2: 19, A1: 18, A2: 17, B1: 16, A3: 15, B2: 14, C3: 13 }, 25),
    context: context(
      [C(1, 'W'), C(2, 'W'), A(1, 'W'), A(2, 'W'), B(1, 'M'), A(3, 'M'), B(2, 'M'), C(3, 'M')],
      boardOfSix(true),
    ),
    expected: {
      order: ['C1', 'C2', 'A1', 'A2', 'B1', 'A3', 'B2', 'C3'],
      elected: ['C1@open', 'C2@open', 'A1@A', 'B1@B', 'A3@A', 'B2@B'],
      passedOver: ['A2 parity'],
      unfilled: [],
    },
  },
  {
    // Votes weighed by college: college X's ballots count 1.5, college Y's 0.75.
    // a: 1 X + 2 Y = 1.5 + 1.5 = 3; b: 2 X = 3; c: 3 Y = 2.25; expressed 2 X + 4 Y = 3 + 3 = 6.
    // Plurality, 1 seat: a and b level at 3 (share 3/6 = 0.5), lot b, a: b elected.
    name: 'weighted fractional tally: equal weighted votes are a tie',
    method: 'plurality',
    tally: tally({ a: 1.5 + 0.75 + 0.75, b: 1.5 + 1.5, c: 0.75 * 3 }, 6),
    context: context(abcd.slice(0, 3), rules({ seats: 1 }), ['b', 'a', 'c']),
    expected: { order: ['b', 'a', 'c'], elected: ['b@open'], passedOver: [], unfilled: [] },
    standings: [
      ['b', 3, 0.5, 1],
      ['a', 3, 0.5, 2],
      ['c', 2.25, 0.375, 3],
    ],
    ties: [['b', 'a']],
  },
  {
    // a got 0.1 + 0.2 (= 0.30000000000000004 in binary floating point), b got 0.3: the same on
    // paper, so a tie decided by lot (b first), not a win for a by 4e-17 of a vote.
    name: 'weighted fractional tally: a rounding difference in the sums is still a tie',
    method: 'plurality',
    tally: tally({ a: 0.1 + 0.2, b: 0.3, c: 0.1 }, 0.7),
    context: context(abcd.slice(0, 3), rules({ seats: 1 }), ['b', 'a', 'c']),
    expected: { order: ['b', 'a', 'c'], elected: ['b@open'], passedOver: [], unfilled: [] },
    ties: [['b', 'a']],
  },
  {
    // Weighted, 2 seats, block: a 2.5, b 2.25, c 1.25; expressed 4 weighted ballots.
    // Shares 2.5/4 = 0.625, 2.25/4 = 0.5625, 1.25/4 = 0.3125. a, b elected.
    name: 'weighted fractional tally: shares of the weighted expressed ballots',
    method: 'block',
    tally: tally({ a: 2.5, b: 2.25, c: 1.25 }, 4, 0.5),
    context: context(abcd.slice(0, 3), rules({ seats: 2 })),
    expected: {
      order: ['a', 'b', 'c'],
      elected: ['a@open', 'b@open'],
      passedOver: [],
      unfilled: [],
    },
    standings: [
      ['a', 2.5, 0.625, 1],
      ['b', 2.25, 0.5625, 2],
      ['c', 1.25, 0.3125, 3],
    ],
  },
  {
    // 3 seats, a already holds one from an earlier count: 3 − 1 = 2 left. a is not given a
    // second seat; b 4, c 3 take the other two.
    name: 'a seat already held counts, and its holder is not elected again',
    method: 'block',
    tally: tally({ a: 5, b: 4, c: 3, d: 1 }, 6),
    context: {
      ...context(abcd.slice(0, 4), rules({ seats: 3 })),
      alreadyElected: [{ candidateId: 'a', reservedFor: null, round: 1 }],
    },
    expected: {
      order: ['a', 'b', 'c', 'd'],
      elected: ['b@open', 'c@open'],
      passedOver: [],
      unfilled: [],
    },
  },
];

describe('countMarks: worked cases', () => {
  it.each(cases)('$name', ({ method, tally, context, expected, standings = [], ties = [] }) => {
    const count = marksCountSchema.parse(countMarks(method, tally, context));
    expect(count.method).toBe(method);
    expect(read(count)).toEqual(expected);
    expect(count.ties.map((t) => t.candidateIds)).toEqual(ties);
    for (const [id, votes, share, rank] of standings) {
      const line = count.standings.find((s) => s.candidateId === id)!;
      expect(line.votes).toBeCloseTo(votes, 12);
      expect(line.share).toBeCloseTo(share, 12);
      expect(line.rank).toBe(rank);
    }
    // Every candidate stands once, listed in the order, ranked 1, 2, 3…
    expect(count.standings.map((s) => s.candidateId)).toEqual(count.order);
    expect(count.standings.map((s) => s.rank)).toEqual(count.order.map((_, i) => i + 1));
    expect([count.expressed, count.blank]).toEqual([tally.expressed, tally.blank]);
  });

  it('records a tie decided by lot with its kind and round', () => {
    const count = countMarks(
      'plurality',
      tally({ a: 2, b: 2 }, 4),
      context(abcd.slice(0, 2), rules({ seats: 1 }), ['b', 'a']),
    );
    expect(count.ties).toEqual([
      { candidateIds: ['b', 'a'], decidedBy: 'lot', about: 'rank', round: 1 },
    ]);
  });

  it.each([
    // A vote for someone not standing: the server checks ballots first, so this is a bug.
    ['a vote for someone not standing', tally({ a: 2, zz: 1 }, 3), /"zz", who is not standing/],
    ['a negative count', tally({ a: -1 }, 3), /"a" has -1 votes/],
    ['a count that is not a number', tally({ a: Number.NaN }, 3), /"a" has NaN votes/],
    ['a negative expressed figure', tally({ a: 1 }, -1), /expressed \(-1\)/],
  ])('refuses a tally with %s', (_name, bad, message) => {
    expect(() =>
      countMarks('approval', bad, context(abcd.slice(0, 2), rules({ seats: 1 }))),
    ).toThrow(message);
  });
});

// ---- Properties -----------------------------------------------------------------------------

/**
 * A random count: up to 10 candidates over colleges A, B or none and categories W, M or none;
 * seats, reserved seats and parity drawn; votes whole or weighted (quarters), often level; a
 * random lot order.
 */
const countArbitrary = (constrained: boolean) =>
  fc
    .record({
      people: fc.array(
        fc.record({
          collegeId: fc.constantFrom('A', 'B', null),
          category: fc.constantFrom('W', 'M', null),
          votes: fc.integer({ min: 0, max: 12 }),
        }),
        { minLength: 1, maxLength: 10 },
      ),
      weight: fc.constantFrom(1, 0.25, 0.1),
      seats: fc.integer({ min: 1, max: 6 }),
      reservedA: fc.integer({ min: 0, max: 2 }),
      reservedB: fc.integer({ min: 0, max: 2 }),
      parity: fc.boolean(),
      method: fc.constantFrom<MarksMethod>('plurality', 'block', 'approval'),
    })
    .chain((draw) => {
      const candidates = draw.people.map((p, i) =>
        constrained ? person(`P${i}`, p.collegeId, p.category) : person(`P${i}`),
      );
      const reserved: { collegeId: string; seats: number }[] = [];
      let left = draw.seats;
      for (const [collegeId, wanted] of [
        ['A', draw.reservedA],
        ['B', draw.reservedB],
      ] as const) {
        const taken = constrained ? Math.min(wanted, left) : 0;
        if (taken > 0) reserved.push({ collegeId, seats: taken });
        left -= taken;
      }
      const votes = Object.fromEntries(draw.people.map((p, i) => [`P${i}`, p.votes * draw.weight]));
      const expressed = Math.max(0, ...Object.values(votes)) + draw.weight;
      return fc.record({
        method: fc.constant(draw.method),
        tally: fc.constant(tally(votes, expressed)),
        context: fc
          .shuffledSubarray(
            candidates.map((c) => c.id),
            { minLength: candidates.length },
          )
          .map((tieOrder) =>
            context(
              candidates,
              rules({ seats: draw.seats, reserved, parity: constrained && draw.parity }),
              tieOrder,
            ),
          ),
      });
    });

describe('countMarks: properties', () => {
  it('keeps every seat rule: seats, one seat each, reserved seats, parity', () => {
    fc.assert(
      fc.property(countArbitrary(true), ({ method, tally, context }) => {
        const { seats } = countMarks(method, tally, context);
        const byId = new Map(context.candidates.map((c) => [c.id, c]));
        const ids = seats.elected.map((h) => h.candidateId);
        expect(ids.length).toBeLessThanOrEqual(context.rules.seats);
        expect(new Set(ids).size).toBe(ids.length);
        for (const h of seats.elected) {
          if (h.reservedFor !== null)
            expect(byId.get(h.candidateId)!.collegeId).toBe(h.reservedFor);
          // Nobody is elected without a single vote.
          expect(tally.votes[h.candidateId]).toBeGreaterThan(0);
        }
        if (context.rules.parity) {
          for (const category of ['W', 'M']) {
            const held = ids.filter((id) => byId.get(id)!.category === category).length;
            expect(held).toBeLessThanOrEqual(parityCap(context.rules.seats));
          }
        }
      }),
    );
  });

  it('never elects someone with fewer votes than a candidate left out without a reason', () => {
    fc.assert(
      fc.property(countArbitrary(true), ({ method, tally, context }) => {
        const count = countMarks(method, tally, context);
        const elected = new Set(count.seats.elected.map((h) => h.candidateId));
        const passedOver = new Set(count.seats.passedOver.map((p) => p.candidateId));
        const votes = (id: string) => tally.votes[id] ?? 0;
        const leftOut = count.order.filter((id) => !elected.has(id) && !passedOver.has(id));
        for (const winner of elected) {
          // Equal votes are allowed: the lot order put the elected one first.
          for (const loser of leftOut) expect(votes(winner)).toBeGreaterThanOrEqual(votes(loser));
        }
        // And the order itself goes by votes, most first.
        for (let i = 1; i < count.order.length; i += 1) {
          expect(votes(count.order[i - 1]!)).toBeGreaterThanOrEqual(votes(count.order[i]!) - 1e-9);
        }
      }),
    );
  });

  it('without reserved seats or parity, more votes for an elected candidate never un-elect them', () => {
    fc.assert(
      fc.property(
        countArbitrary(false),
        fc.nat(),
        fc.integer({ min: 1, max: 5 }),
        ({ method, tally: before, context }, pick, more) => {
          const elected = countMarks(method, before, context).seats.elected;
          fc.pre(elected.length > 0);
          const chosen = elected[pick % elected.length]!.candidateId;
          // `more` extra ballots marking the chosen candidate (and nobody else).
          const after = tally(
            { ...before.votes, [chosen]: (before.votes[chosen] ?? 0) + more },
            before.expressed + more,
          );
          const again = countMarks(method, after, context).seats.elected;
          expect(again.map((h) => h.candidateId)).toContain(chosen);
        },
      ),
    );
  });

  it('answers what the schema describes', () => {
    fc.assert(
      fc.property(countArbitrary(true), ({ method, tally, context }) => {
        const count = countMarks(method, tally, context);
        expect(marksCountSchema.parse(count)).toEqual(count);
        expect([...count.order].sort()).toEqual(context.candidates.map((c) => c.id).sort());
      }),
    );
  });
});
