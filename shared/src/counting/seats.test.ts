import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSeats, createSeatBook } from './seats.ts';
import {
  parityCap,
  seatRulesSchema,
  type SeatAllocation,
  type SeatHolder,
  type StandingCandidate,
} from './types.ts';

/** A candidate: id, college (null: none), declared category (null: none). */
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

/**
 * The allocation as a reader of the result sees it: 'A1@A' took a seat reserved for college A,
 * 'C1@open' an open seat; 'C3 no_seat_left' was passed over and why; 'B×1' one seat reserved for
 * B left empty ('open×1': an open seat).
 */
function read(allocation: SeatAllocation) {
  return {
    elected: allocation.elected.map((h) => `${h.candidateId}@${h.reservedFor ?? 'open'}`),
    passedOver: allocation.passedOver.map((p) => `${p.candidateId} ${p.reason}`),
    unfilled: allocation.unfilled.map((u) => `${u.reservedFor ?? 'open'}×${u.seats}`),
  };
}

// Colleges A, B, C; categories W and M for the parity rule.
const A = (n: number, category: string | null = null) => person(`A${n}`, 'A', category);
const B = (n: number, category: string | null = null) => person(`B${n}`, 'B', category);
const C = (n: number, category: string | null = null) => person(`C${n}`, 'C', category);
const M = (n: number) => person(`M${n}`, null, 'M');
const W = (n: number) => person(`W${n}`, null, 'W');
const U = (n: number) => person(`U${n}`);

/** The board of 6 the README describes: 2 seats reserved for A, 2 for B, 2 open. */
const boardOfSix = (parity = false) =>
  rules({
    seats: 6,
    reserved: [
      { collegeId: 'A', seats: 2 },
      { collegeId: 'B', seats: 2 },
    ],
    parity,
  });

type Case = {
  name: string;
  candidates: StandingCandidate[];
  rules: ReturnType<typeof rules>;
  order: string[];
  alreadyElected?: SeatHolder[];
  expected: ReturnType<typeof read>;
};

const cases: Case[] = [
  {
    // 3 open seats, no rule: a, b, c take them in order; d comes after the last seat is given,
    // so d is simply not elected (not « passed over »).
    name: 'no rule: the first ones in order take the seats',
    candidates: [U(1), U(2), U(3), U(4)],
    rules: rules({ seats: 3 }),
    order: ['U1', 'U2', 'U3', 'U4'],
    expected: { elected: ['U1@open', 'U2@open', 'U3@open'], passedOver: [], unfilled: [] },
  },
  {
    // 3 seats, 2 candidates: U1 and U2 take 2, 3 − 2 = 1 open seat stays empty.
    name: 'fewer candidates than seats: the rest stays empty',
    candidates: [U(1), U(2)],
    rules: rules({ seats: 3 }),
    order: ['U1', 'U2'],
    expected: { elected: ['U1@open', 'U2@open'], passedOver: [], unfilled: ['open×1'] },
  },
  {
    // Board of 6: A 2 reserved, B 2 reserved, 6 − 4 = 2 open. C1, C2 (college C, nothing reserved)
    // take the 2 open seats; C3 has more votes than A1 but only open seats are for C, and none is
    // left: passed over. A1, B1, A2, B2 take their colleges' reserved seats: 2 + 4 = 6, full.
    name: 'board of 6: the reserved seat goes to the college’s best, not to a non-member with more votes',
    candidates: [C(1), C(2), C(3), A(1), B(1), A(2), B(2), A(3)],
    rules: boardOfSix(),
    order: ['C1', 'C2', 'C3', 'A1', 'B1', 'A2', 'B2', 'A3'],
    expected: {
      elected: ['C1@open', 'C2@open', 'A1@A', 'B1@B', 'A2@A', 'B2@B'],
      passedOver: ['C3 no_seat_left'],
      unfilled: [],
    },
  },
  {
    // Board of 6. A1, A2 take A's 2 reserved seats; A3, A4 (still of A, A's seats taken) take
    // the 2 open ones; B1, B2 take B's. A member uses their reserved seat before an open one, so
    // the open seats are not spent on A1 and A2.
    name: 'board of 6: members take their reserved seats first, then open ones',
    candidates: [A(1), A(2), A(3), A(4), A(5), B(1), B(2)],
    rules: boardOfSix(),
    order: ['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2'],
    expected: {
      elected: ['A1@A', 'A2@A', 'A3@open', 'A4@open', 'B1@B', 'B2@B'],
      // A5: A's 2 reserved and the 2 open seats are all taken, B's are not for A.
      passedOver: ['A5 no_seat_left'],
      unfilled: [],
    },
  },
  {
    // Board of 6, only one candidate of B. C1, C2 open; C3 no seat left (open 0, C has none
    // reserved); A1, A2 take A's; B1 takes one of B's. The second B seat is never given to C3
    // nor to A3: 1 seat reserved for B stays empty. The walk goes on to the end (a seat is still
    // free), so A3 is passed over too (A's seats and open seats taken).
    name: 'a college with too few candidates leaves its reserved seat empty',
    candidates: [C(1), C(2), C(3), A(1), A(2), A(3), B(1)],
    rules: boardOfSix(),
    order: ['C1', 'C2', 'C3', 'A1', 'A2', 'B1', 'A3'],
    expected: {
      elected: ['C1@open', 'C2@open', 'A1@A', 'A2@A', 'B1@B'],
      passedOver: ['C3 no_seat_left', 'A3 no_seat_left'],
      unfilled: ['B×1'],
    },
  },
  {
    // 6 seats, parity: cap ⌈6 / 2⌉ = 3. M1, M2, M3 elected (3 M); M4 would be a 4th M > 3:
    // passed over; W1, W2, W3 take seats 4, 5, 6. W4 is after the last seat: not elected.
    name: 'parity: the 4th man in order is passed over, the next woman takes the seat',
    candidates: [M(1), M(2), M(3), M(4), W(1), W(2), W(3), W(4)],
    rules: rules({ seats: 6, parity: true }),
    order: ['M1', 'M2', 'M3', 'M4', 'W1', 'W2', 'W3', 'W4'],
    expected: {
      elected: ['M1@open', 'M2@open', 'M3@open', 'W1@open', 'W2@open', 'W3@open'],
      passedOver: ['M4 parity'],
      unfilled: [],
    },
  },
  {
    // 6 seats, cap 3. M1..M3 (3 M), U1 (no category: never limited, seat 4), M4 (4th M > 3:
    // passed over), U2 (seat 5), U3 (seat 6). Six seats, only 3 of one category.
    name: 'parity: candidates with no declared category are never limited',
    candidates: [M(1), M(2), M(3), U(1), M(4), U(2), U(3), W(1)],
    rules: rules({ seats: 6, parity: true }),
    order: ['M1', 'M2', 'M3', 'U1', 'M4', 'U2', 'U3', 'W1'],
    expected: {
      elected: ['M1@open', 'M2@open', 'M3@open', 'U1@open', 'U2@open', 'U3@open'],
      passedOver: ['M4 parity'],
      unfilled: [],
    },
  },
  {
    // 5 seats: cap ⌈5 / 2⌉ = 3 (one category may hold the odd seat). W1..W3 elected, W4 a 4th
    // W > 3: passed over; M1, M2 take seats 4 and 5.
    name: 'parity with an odd number of seats: the cap rounds up',
    candidates: [W(1), W(2), W(3), W(4), M(1), M(2)],
    rules: rules({ seats: 5, parity: true }),
    order: ['W1', 'W2', 'W3', 'W4', 'M1', 'M2'],
    expected: {
      elected: ['W1@open', 'W2@open', 'W3@open', 'M1@open', 'M2@open'],
      passedOver: ['W4 parity'],
      unfilled: [],
    },
  },
  {
    // 4 seats, cap 2. M1, M2 elected; M3 and M4 would be a 3rd M: passed over; W1 is the only
    // other candidate: 3 elected, 4 − 3 = 1 open seat empty rather than a 3rd man.
    name: 'parity never gives a seat beyond the cap, even if it stays empty',
    candidates: [M(1), M(2), M(3), M(4), W(1)],
    rules: rules({ seats: 4, parity: true }),
    order: ['M1', 'M2', 'M3', 'W1', 'M4'],
    expected: {
      elected: ['M1@open', 'M2@open', 'W1@open'],
      passedOver: ['M3 parity', 'M4 parity'],
      unfilled: ['open×1'],
    },
  },
  {
    // Board of 4: A 1 reserved, B 1 reserved, 2 open; parity cap ⌈4 / 2⌉ = 2.
    // C1 (M) open, C2 (M) open: 2 M, open seats gone. A1 (M): A's seat is free but a 3rd M > 2:
    // parity. A2 (W) takes A's seat. C3 (W): no open seat, C has none reserved: no seat left
    // (said before parity is even looked at). B1 (W) takes B's seat. 2 M + 2 W.
    name: 'parity and reserved seats together',
    candidates: [C(1, 'M'), C(2, 'M'), A(1, 'M'), A(2, 'W'), C(3, 'W'), B(1, 'W')],
    rules: rules({
      seats: 4,
      reserved: [
        { collegeId: 'A', seats: 1 },
        { collegeId: 'B', seats: 1 },
      ],
      parity: true,
    }),
    order: ['C1', 'C2', 'A1', 'A2', 'C3', 'B1'],
    expected: {
      elected: ['C1@open', 'C2@open', 'A2@A', 'B1@B'],
      passedOver: ['A1 parity', 'C3 no_seat_left'],
      unfilled: [],
    },
  },
  {
    // Board of 6 with parity (cap 3). C1 W, C2 W open (2 W). A1 W takes A's seat (3 W). A2 W:
    // A's second seat is free but a 4th W: parity. A3 M takes A's second seat. B1 W: 4th W:
    // parity. B2 M, B3 M take B's seats. 3 W + 3 M.
    name: 'board of 6 with parity: a college’s seat goes to its best member parity allows',
    candidates: [
      C(1, 'W'),
      C(2, 'W'),
      A(1, 'W'),
      A(2, 'W'),
      A(3, 'M'),
      B(1, 'W'),
      B(2, 'M'),
      B(3, 'M'),
    ],
    rules: boardOfSix(true),
    order: ['C1', 'C2', 'A1', 'A2', 'A3', 'B1', 'B2', 'B3'],
    expected: {
      elected: ['C1@open', 'C2@open', 'A1@A', 'A3@A', 'B2@B', 'B3@B'],
      passedOver: ['A2 parity', 'B1 parity'],
      unfilled: [],
    },
  },
  {
    // 4 seats: A 1 reserved, 3 open; parity cap 2. Round 1 already elected A1 (M, A's seat) and
    // C1 (M, open): A's seat taken, 3 − 1 = 2 open left, 2 M. Round 2: A2 (W): A's seat taken,
    // takes an open one. C2 (M): a 3rd M: parity. C3 (W) takes the last open seat. Only the
    // round-2 seats are returned.
    name: 'seats of an earlier round count for reserved seats and parity',
    candidates: [A(1, 'M'), C(1, 'M'), A(2, 'W'), C(2, 'M'), C(3, 'W'), C(4, 'W')],
    rules: rules({ seats: 4, reserved: [{ collegeId: 'A', seats: 1 }], parity: true }),
    alreadyElected: [
      { candidateId: 'A1', reservedFor: 'A', round: 1 },
      { candidateId: 'C1', reservedFor: null, round: 1 },
    ],
    order: ['A2', 'C2', 'C3', 'C4'],
    expected: {
      elected: ['A2@open', 'C3@open'],
      passedOver: ['C2 parity'],
      unfilled: [],
    },
  },
  {
    // 2 seats, A 1 reserved, 1 open. X1 (no college) takes the open seat. X2: open gone, no
    // college: no seat left. A1 takes A's seat. The order ran out of seats after A1.
    name: 'a candidate of no college only ever takes an open seat',
    candidates: [U(1), U(2), A(1), A(2)],
    rules: rules({ seats: 2, reserved: [{ collegeId: 'A', seats: 1 }] }),
    order: ['U1', 'U2', 'A1', 'A2'],
    expected: {
      elected: ['U1@open', 'A1@A'],
      passedOver: ['U2 no_seat_left'],
      unfilled: [],
    },
  },
  {
    // 3 seats, all 3 reserved (A 2, B 1): no open seat at all. C1 has no seat anywhere; A1, A2
    // take A's; A3: A full and 3 − 3 = 0 open: no seat left; nobody of B stands: B×1 empty.
    name: 'every seat reserved: a college without candidates leaves its seat empty',
    candidates: [C(1), A(1), A(2), A(3)],
    rules: rules({
      seats: 3,
      reserved: [
        { collegeId: 'A', seats: 2 },
        { collegeId: 'B', seats: 1 },
      ],
    }),
    order: ['C1', 'A1', 'A2', 'A3'],
    expected: {
      elected: ['A1@A', 'A2@A'],
      passedOver: ['C1 no_seat_left', 'A3 no_seat_left'],
      unfilled: ['B×1'],
    },
  },
];

describe('allocateSeats: worked cases', () => {
  it.each(cases)('$name', ({ candidates, rules, order, alreadyElected, expected }) => {
    expect(read(allocateSeats(order, candidates, rules, { alreadyElected }))).toEqual(expected);
  });

  it('stamps every seat and every refusal with the round given', () => {
    // 2 seats, parity cap 1: W1 round 2; W2 a 2nd W > 1: parity in round 2; M1 round 2.
    const allocation = allocateSeats(
      ['W1', 'W2', 'M1'],
      [W(1), W(2), M(1)],
      rules({ seats: 2, parity: true }),
      { round: 2 },
    );
    expect(allocation.elected).toEqual([
      { candidateId: 'W1', reservedFor: null, round: 2 },
      { candidateId: 'M1', reservedFor: null, round: 2 },
    ]);
    expect(allocation.passedOver).toEqual([{ candidateId: 'W2', reason: 'parity', round: 2 }]);
  });
});

describe('createSeatBook', () => {
  it('says which seat a candidate would take, or why not — seat first, then parity', () => {
    // 2 seats: A 1 reserved, 1 open; parity cap ⌈2 / 2⌉ = 1. C1 (M) takes the open seat.
    const book = createSeatBook(
      [C(1, 'M'), C(2, 'W'), A(1, 'M'), A(2, 'W')],
      rules({ seats: 2, reserved: [{ collegeId: 'A', seats: 1 }], parity: true }),
    );
    expect(book.seatFor('C1')).toEqual({ reservedFor: null });
    book.elect('C1', null, 1);
    // C2 (W): no open seat left and C has none reserved. Parity would allow a W, but there is no
    // seat: the answer is no_seat_left.
    expect(book.seatFor('C2')).toEqual({ refused: 'no_seat_left' });
    // A1 (M): A's seat is free, but a 2nd M > 1: parity.
    expect(book.seatFor('A1')).toEqual({ refused: 'parity' });
    // A2 (W): A's seat, 1st W.
    expect(book.seatFor('A2')).toEqual({ reservedFor: 'A' });
    expect([book.free, book.freeOpen, book.freeFor('A'), book.freeFor('B')]).toEqual([1, 0, 1, 0]);
  });

  it('counts the seats of earlier rounds as taken, and lists empty seats in the rules’ order', () => {
    // 7 seats: B 2, A 1 reserved (in that order), 7 − 3 = 4 open. Earlier: B1 in B's seat, U1
    // open. Free: B 2 − 1 = 1, A 1, open 4 − 1 = 3: 5 in all.
    const book = createSeatBook(
      [B(1), U(1), A(1)],
      rules({
        seats: 7,
        reserved: [
          { collegeId: 'B', seats: 2 },
          { collegeId: 'A', seats: 1 },
        ],
      }),
      [
        { candidateId: 'B1', reservedFor: 'B', round: 1 },
        { candidateId: 'U1', reservedFor: null, round: 1 },
      ],
    );
    expect(book.free).toBe(5);
    expect(book.unfilled()).toEqual([
      { reservedFor: 'B', seats: 1 },
      { reservedFor: 'A', seats: 1 },
      { reservedFor: null, seats: 3 },
    ]);
    // A1 takes A's seat: A drops out of the empty seats; everyone elected is listed, earlier first.
    book.elect('A1', 'A', 2);
    expect(book.unfilled()).toEqual([
      { reservedFor: 'B', seats: 1 },
      { reservedFor: null, seats: 3 },
    ]);
    expect(book.elected.map((h) => h.candidateId)).toEqual(['B1', 'U1', 'A1']);
  });
});

// ---- Properties -----------------------------------------------------------------------------

/**
 * A random election: up to 12 candidates spread over colleges A, B, C or none, categories W, M
 * or none; seats, reserved seats (never more than the seats) and parity drawn; an order that is
 * a random arrangement of a random subset of the candidates.
 */
const electionArbitrary = fc
  .record({
    people: fc.array(
      fc.record({
        collegeId: fc.constantFrom('A', 'B', 'C', null),
        category: fc.constantFrom('W', 'M', null),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    seats: fc.integer({ min: 1, max: 8 }),
    reservedA: fc.integer({ min: 0, max: 3 }),
    reservedB: fc.integer({ min: 0, max: 3 }),
    parity: fc.boolean(),
  })
  .chain(({ people, seats, reservedA, reservedB, parity }) => {
    const candidates = people.map((p, i) => person(`P${i}`, p.collegeId, p.category));
    const reserved: { collegeId: string; seats: number }[] = [];
    let left = seats;
    for (const [collegeId, wanted] of [
      ['A', reservedA],
      ['B', reservedB],
    ] as const) {
      const taken = Math.min(wanted, left);
      if (taken > 0) reserved.push({ collegeId, seats: taken });
      left -= taken;
    }
    return fc.record({
      candidates: fc.constant(candidates),
      rules: fc.constant(rules({ seats, reserved, parity })),
      order: fc.shuffledSubarray(candidates.map((c) => c.id)),
    });
  });

describe('allocateSeats: properties', () => {
  it('never gives more seats than there are, nor two seats to one person', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ candidates, rules, order }) => {
        const { elected, unfilled } = allocateSeats(order, candidates, rules);
        const ids = elected.map((h) => h.candidateId);
        expect(new Set(ids).size).toBe(ids.length);
        // Every seat is either held or reported empty.
        expect(elected.length + unfilled.reduce((sum, u) => sum + u.seats, 0)).toBe(rules.seats);
      }),
    );
  });

  it('gives a reserved seat only to its college, and never goes past the parity cap', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ candidates, rules, order }) => {
        const byId = new Map(candidates.map((c) => [c.id, c]));
        const { elected } = allocateSeats(order, candidates, rules);
        for (const group of rules.reserved) {
          const holders = elected.filter((h) => h.reservedFor === group.collegeId);
          expect(holders.length).toBeLessThanOrEqual(group.seats);
          for (const h of holders) expect(byId.get(h.candidateId)!.collegeId).toBe(group.collegeId);
        }
        const open = elected.filter((h) => h.reservedFor === null).length;
        const reservedSeats = rules.reserved.reduce((sum, g) => sum + g.seats, 0);
        expect(open).toBeLessThanOrEqual(rules.seats - reservedSeats);
        if (rules.parity) {
          for (const category of ['W', 'M']) {
            const count = elected.filter((h) => byId.get(h.candidateId)!.category === category);
            expect(count.length).toBeLessThanOrEqual(parityCap(rules.seats));
          }
        }
      }),
    );
  });

  it('counts an earlier round’s seats: both rounds together keep every rule', () => {
    fc.assert(
      fc.property(electionArbitrary, fc.nat(), ({ candidates, rules, order }, cut) => {
        // Round 1 walks the first part of the order; round 2 the rest, with round 1's seats.
        const split = cut % (order.length + 1);
        const first = allocateSeats(order.slice(0, split), candidates, rules);
        const second = allocateSeats(order.slice(split), candidates, rules, {
          alreadyElected: first.elected,
          round: 2,
        });
        const all = [...first.elected, ...second.elected];
        const byId = new Map(candidates.map((c) => [c.id, c]));
        expect(new Set(all.map((h) => h.candidateId)).size).toBe(all.length);
        expect(all.length + second.unfilled.reduce((sum, u) => sum + u.seats, 0)).toBe(rules.seats);
        expect(second.elected.every((h) => h.round === 2)).toBe(true);
        for (const group of rules.reserved) {
          const holders = all.filter((h) => h.reservedFor === group.collegeId);
          expect(holders.length).toBeLessThanOrEqual(group.seats);
          for (const h of holders) expect(byId.get(h.candidateId)!.collegeId).toBe(group.collegeId);
        }
        if (rules.parity) {
          for (const category of ['W', 'M']) {
            const count = all.filter((h) => byId.get(h.candidateId)!.category === category);
            expect(count.length).toBeLessThanOrEqual(parityCap(rules.seats));
          }
        }
      }),
    );
  });

  it('never skips a candidate without saying why: everyone before the last elected is elected or passed over', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ candidates, rules, order }) => {
        const { elected, passedOver } = allocateSeats(order, candidates, rules);
        const seen = new Set([...elected, ...passedOver].map((x) => x.candidateId));
        const last = Math.max(-1, ...elected.map((h) => order.indexOf(h.candidateId)));
        for (const id of order.slice(0, last + 1)) expect(seen.has(id)).toBe(true);
        // And a reserved seat left empty was refused to nobody of its college who came in order.
        for (const group of allocateSeats(order, candidates, rules).unfilled) {
          if (group.reservedFor === null) continue;
          const members = order.filter(
            (id) => candidates.find((c) => c.id === id)!.collegeId === group.reservedFor,
          );
          for (const id of members) {
            const refusal = passedOver.find((p) => p.candidateId === id);
            const holds = elected.some((h) => h.candidateId === id);
            expect(holds || refusal?.reason === 'parity').toBe(true);
          }
        }
      }),
    );
  });
});
