import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkGrades,
  compareMajorityJudgment,
  countMajorityJudgment,
  defaultGradeLabels,
  explainMajorityJudgment,
  gradeLabelsSchema,
  majorityGrade,
  majorityJudgmentCountSchema,
  tallyGrades,
  type MajorityJudgmentCount,
} from './majority-judgment.ts';
import { seatRulesSchema, type GradesTally, type SeatHolder } from './types.ts';

// Grades of the default scale, by index (0 is the best).
const [EX, TB, B, AB, P, INS, REJ] = [0, 1, 2, 3, 4, 5, 6] as const;
const labels = defaultGradeLabels.fr;

/** A profile over `gradeCount` grades from ballots listed as grades (best first, for reading). */
const ballots = (gradeCount: number, ...grades: number[]) => {
  const profile = new Array<number>(gradeCount).fill(0);
  for (const grade of grades) profile[grade]! += 1;
  return profile;
};
/** The same on the default 7 grades. */
const seven = (...grades: number[]) => ballots(7, ...grades);

const candidate = (
  id: string,
  collegeId: string | null = null,
  category: string | null = null,
) => ({
  id,
  collegeId,
  category,
});

const count = (
  profiles: Record<string, number[]>,
  {
    seats = 1,
    reserved = [],
    parity = false,
    candidates = Object.keys(profiles).map((id) => candidate(id)),
    tieOrder = candidates.map((c) => c.id),
    grades = labels,
    blank = 0,
    alreadyElected = [],
  }: {
    seats?: number;
    reserved?: { collegeId: string; seats: number }[];
    parity?: boolean;
    candidates?: ReturnType<typeof candidate>[];
    tieOrder?: string[];
    grades?: readonly string[];
    blank?: number;
    alreadyElected?: SeatHolder[];
  } = {},
): MajorityJudgmentCount => {
  const expressed = Object.values(profiles)[0]!.reduce((sum, n) => sum + n, 0);
  const tally: GradesTally = { expressed, blank, profiles };
  const result = countMajorityJudgment(tally, {
    candidates,
    rules: seatRulesSchema.parse({ seats, reserved, parity }),
    tieOrder,
    grades,
    alreadyElected,
  });
  // Every result is what the schema promises the server and the page.
  expect(majorityJudgmentCountSchema.parse(result)).toEqual(result);
  return result;
};

/** -1, 0 or 1 (never -0, which `toBe` tells from 0). */
const sign = (value: number) => Math.sign(value) || 0;

const electedIds = (result: MajorityJudgmentCount) =>
  result.seats.elected.map((holder) => holder.candidateId);

describe('grade labels', () => {
  it('offers seven grades in French and English, « À rejeter » last', () => {
    expect(gradeLabelsSchema.parse(defaultGradeLabels.fr)).toEqual(defaultGradeLabels.fr);
    expect(gradeLabelsSchema.parse(defaultGradeLabels.en)).toEqual(defaultGradeLabels.en);
    expect(defaultGradeLabels.fr[REJ]).toBe('À rejeter');
    expect(defaultGradeLabels.en[REJ]).toBe('Reject');
  });

  it.each([
    ['three grades', ['Pour', 'Neutre', 'Contre'], true],
    ['ten grades', Array.from({ length: 10 }, (_, i) => `Grade ${i}`), true],
    ['two grades are too few', ['Pour', 'Contre'], false],
    ['eleven grades are too many', Array.from({ length: 11 }, (_, i) => `Grade ${i}`), false],
    ['a label twice', ['Bien', 'Passable', 'Bien'], false],
    ['a label twice, in another case and with spaces', ['Bien', 'Passable', ' bien '], false],
    ['an empty label', ['Bien', ' ', 'Passable'], false],
    ['a label of 40 characters', ['Bien', 'x'.repeat(40), 'Passable'], true],
    ['a label of 41 characters', ['Bien', 'x'.repeat(41), 'Passable'], false],
  ])('%s → valid: %s', (_, grades, valid) => {
    expect(gradeLabelsSchema.safeParse(grades).success).toBe(valid);
  });
});

describe('majorityGrade: the best grade given (or bettered) by strictly more than half', () => {
  it.each([
    // 1 ballot: its grade.
    [[1, 0, 0], 0],
    // n = 2, sorted 1, 2: position ⌊2/2⌋+1 = 2 → grade 2, the lower middle. Grades ≤ 1: 1 of 2,
    // not more than half.
    [[0, 1, 1], 2],
    // n = 3, sorted 0, 1, 2: the middle, position 2 → 1. Grade 0: 1 of 3 (not > 1.5); ≤ 1: 2.
    [[1, 1, 1], 1],
    // n = 4, sorted 0, 0, 1, 1: position 3 → 1 (the lower of the middle 0 and 1). Grade 0: 2 of 4,
    // exactly half, not a majority.
    [[2, 2, 0], 1],
    // n = 4, sorted 0, 0, 0, 1: position 3 → 0. Grade 0: 3 of 4 > 2.
    [[3, 1, 0], 0],
    // n = 5, sorted 0, 0, 1, 2, 2: position 3 → 1. Grade 0: 2 (not > 2.5), ≤ 1: 3.
    [[2, 1, 2], 1],
    // n = 5, everyone gave 2.
    [[0, 0, 5], 2],
    // n = 6, sorted 0, 0, 0, 2, 2, 2: position 4 → 2, not 1 (nobody gave 1, and 3 of 6 for grade 0
    // is not a majority).
    [[3, 0, 3], 2],
    // n = 10, sorted 0, 1, 1, 2, 2, 4, 4, 4, 5, 6: position 6 → 4. Running sums 1, 3, 5, 5, 8:
    // 5 is not > 5, 8 is.
    [[1, 2, 2, 0, 3, 1, 1], P],
    // n = 100: 50 « Excellent » of 100 is not a majority → the lower middle, « Bien ».
    [[50, 0, 50], 2],
    // n = 100: 51 of 100 is.
    [[51, 0, 49], 0],
    // 4 ballots, all « À rejeter ».
    [seven(REJ, REJ, REJ, REJ), REJ],
    // Nobody voted: the lowest grade (an ungraded name is « reject »).
    [[0, 0, 0], 2],
  ])('%j → %i (whole ballots)', (profile, expected) => {
    expect(majorityGrade(profile)).toBe(expected);
  });

  it.each([
    // Total 1, half 0.5: grade 0 by 0.5 (not > 0.5), ≤ 1 by 0.75 → 1. As 4 whole ballots
    // [2, 1, 1]: sorted 0, 0, 1, 2, position 3 → 1. The same.
    [[0.5, 0.25, 0.25], 1],
    // Total 1: grade 0 by 0.6 > 0.5 → 0.
    [[0.6, 0.4, 0], 0],
    // Total 1: ≤ 1 by 1/3 + 1/6 = 1/2 on paper, not more than half → 2. As 6 whole ballots
    // [2, 1, 3]: sorted 0, 0, 1, 2, 2, 2, position 4 → 2. (In binary the sum may come out a hair
    // above 0.5: it is still half.)
    [[1 / 3, 1 / 6, 1 / 2], 2],
    // Total 0.5, half 0.25: grade 0 by 0.1 (no), ≤ 1 by 0.1 + 0.2 = 0.3 > 0.25 → 1.
    [[0.1, 0.2, 0.2], 1],
    // Total 0.6, half 0.3: ≤ 1 by 0.1 + 0.2, which binary rounds to 0.30000000000000004: half on
    // paper, so not a majority → 2. Without the tolerance this would wrongly be 1.
    [[0.1, 0.2, 0.3], 2],
  ])('%j → %i (weighted ballots)', (profile, expected) => {
    expect(majorityGrade(profile)).toBe(expected);
  });
});

describe('compareMajorityJudgment: the majority grade, then one median ballot removed at a time', () => {
  // Each row: a's ballots and b's ballots (sorted best first, 5 grades 0–4 unless said), who ranks
  // first, after how many removals, and the majority grades [a, b] that then differed.
  it.each([
    [
      // a's middle ballot (2nd of 3) is 0, b's is 1: a first at once.
      'different majority grades',
      [0, 0, 1],
      [0, 1, 1],
      'a',
      0,
      [0, 1],
    ],
    [
      // Both medians 1. Remove one 1 from each: a {0, 1} → lower middle 1; b {0, 2} → 2.
      'one removal (odd count)',
      [0, 1, 1],
      [0, 1, 2],
      'a',
      1,
      [1, 2],
    ],
    [
      // Medians 1, 1. Remove: a {0, 2} → 2, b {1, 2} → 2. Remove the 2s: a {0} → 0, b {1} → 1.
      'two removals (odd count)',
      [0, 1, 2],
      [1, 1, 2],
      'a',
      2,
      [0, 1],
    ],
    [
      // Medians (3rd of 5) 1, 1. Remove: a 0 1 1 2 → 3rd = 1; b 0 1 1 3 → 1. Remove: a 0 1 2 → 1;
      // b 0 1 3 → 1. Remove: a {0, 2} → 2; b {0, 3} → 3.
      'three removals (odd count)',
      [0, 1, 1, 1, 2],
      [0, 1, 1, 1, 3],
      'a',
      3,
      [2, 3],
    ],
    [
      // n = 4, lower middles (3rd) 1, 1. Remove: a 0 0 1 → 0; b 0 1 1 → 1.
      'one removal (even count)',
      [0, 0, 1, 1],
      [0, 1, 1, 1],
      'a',
      1,
      [0, 1],
    ],
    [
      // Lower middles 1, 1. Remove: a 0 1 2 → 1; b 0 1 3 → 1. Remove: a {0, 2} → 2; b {0, 3} → 3.
      'two removals (even count)',
      [0, 1, 1, 2],
      [0, 1, 1, 3],
      'a',
      2,
      [2, 3],
    ],
    [
      // n = 6, lower middles (4th) 1, 1. Remove: a 0 0 1 2 2 → 1; b 0 1 1 2 2 → 1. Remove:
      // a 0 0 2 2 → 3rd = 2; b 0 1 2 2 → 2. Remove: a 0 0 2 → 0; b 0 1 2 → 1.
      'three removals (even count)',
      [0, 0, 1, 1, 2, 2],
      [0, 1, 1, 1, 2, 2],
      'a',
      3,
      [0, 1],
    ],
    [
      // Odd count: after the median, the next removal reads the worse side. Medians 2, 2.
      // Remove: a 0 0 4 4 → 3rd = 4; b 1 1 3 3 → 3. The consensual b ranks first.
      'odd count: the worse neighbour is read first',
      [0, 0, 2, 4, 4],
      [1, 1, 2, 3, 3],
      'b',
      1,
      [4, 3],
    ],
    [
      // Even count: the lower middle already took the worse side, so the next removal reads the
      // better side. Lower middles 2, 2. Remove: a 0 1 4 → 1; b 0 2 3 → 2. a first, although its
      // worst ballot (4) is worse than b's (3).
      'even count: the better neighbour is read after the lower middle',
      [0, 1, 2, 4],
      [0, 2, 2, 3],
      'a',
      1,
      [1, 2],
    ],
    [
      // n = 6, a: lower middle (4th) = 2, although half of a's ballots are 0. b: all 1. b first.
      'half the ballots at the best grade is not a majority',
      [0, 0, 0, 2, 2, 2],
      [1, 1, 1, 1, 1, 1],
      'b',
      0,
      [2, 1],
    ],
    [
      // The same grades to the end: the rule cannot separate them.
      'the same ballots',
      [0, 1, 2, 3],
      [0, 1, 2, 3],
      'tie',
      0,
      null,
    ],
    [
      // Nobody graded either.
      'no ballots',
      [],
      [],
      'tie',
      0,
      null,
    ],
  ] as const)('%s', (_, ballotsA, ballotsB, first, removed, grades) => {
    const a = ballots(5, ...ballotsA);
    const b = ballots(5, ...ballotsB);
    const why = explainMajorityJudgment(a, b);
    const expected = first === 'a' ? -1 : first === 'b' ? 1 : 0;
    expect(sign(why.comparison)).toBe(expected);
    expect(sign(compareMajorityJudgment(b, a))).toBe(sign(-expected));
    expect(why).toMatchObject({ removed, removedUnit: 'ballots', grades });
  });

  it('ten thousand ballots: found without removing them one by one', () => {
    // a: 4000 × 0, 2001 × 1, 4000 × 2 (n = 10001, median: the 5001st → 1). Its 1s are the median
    // and 1000 ballots on each side of it.
    // b: 3000 × 0, 4001 × 1, 3000 × 2 (median 1): its 1s reach 2000 ballots on each side.
    // Removing a's 2001 ones takes 2001 removals; a is then 4000 × 0 and 4000 × 2, lower middle 2,
    // while b still has 2000 ones → 1. b first, after 2001 removals.
    const why = explainMajorityJudgment([4000, 2001, 4000], [3000, 4001, 3000]);
    expect(why).toEqual({ comparison: 1, removed: 2001, removedUnit: 'ballots', grades: [2, 1] });
  });

  it.each([
    [
      // Case « one removal (odd count) » with every ballot weighing 0.5: a [0.5, 1, 0] (0, 1, 1),
      // b [0.5, 0.5, 0.5] (0, 1, 2). Total 1.5, middle at 0.75. They differ on the last ballot,
      // from 1 to 1.5: 0.25 past the middle on the worse side; removing 0.25 on each side (0.5,
      // one ballot of 0.5) makes a's majority grade 1 and b's 2. The same as whole ballots.
      'every ballot weighing 0.5',
      [0.5, 1, 0],
      [0.5, 0.5, 0.5],
      'a',
      0.5,
      [1, 2],
    ],
    [
      // Both majority grade 0 (0.6 > 0.5). a is 0.6 × 0 and 0.4 × 1, b 0.6 × 0 and 0.4 × 2: they
      // differ from 0.6 to 1, 0.1 past the middle. Removing 0.1 each side of the middle (0.2):
      // a 0.4 × 0, 0.4 × 1 → lower middle 1; b 0.4 × 0, 0.4 × 2 → 2.
      'weights of colleges',
      [0.6, 0.4, 0],
      [0.6, 0, 0.4],
      'a',
      0.2,
      [1, 2],
    ],
    [
      // Total 0.6 each, middle 0.3. a: 0.1 × 0, 0.2 × 1, 0.3 × 2 → majority grade 2 (0.1 + 0.2
      // is half, not more, whatever binary rounding says). b: 0.3 × 0, 0.3 × 2 → 2. Just below the
      // middle a has 1 and b has 0: the first weight removed past the lower middle shows it.
      // As 6 whole ballots of 0.1: a 0 1 1 2 2 2, b 0 0 0 2 2 2, lower middles 2, 2; remove one
      // 2: a 0 1 1 2 2 → 1, b 0 0 0 2 2 → 0, b first.
      'sums equal on paper, not in binary',
      [0.1, 0.2, 0.3],
      [0.3, 0, 0.3],
      'b',
      0,
      [1, 0],
    ],
  ] as const)('weighted: %s', (_, a, b, first, removed, grades) => {
    const why = explainMajorityJudgment(a, b);
    expect(sign(why.comparison)).toBe(first === 'a' ? -1 : 1);
    expect(why.removedUnit).toBe('weight');
    expect(why.removed).toBeCloseTo(removed, 9);
    expect(why.grades).toEqual(grades);
  });
});

describe('countMajorityJudgment', () => {
  it('one seat: the best majority grade wins; shares, p and q explain each line', () => {
    // 10 ballots. a: 2 Ex, 3 TB, 3 B, 1 AB, 1 P. Running 2, 5, 8: 5 is not > 5, 8 is → « Bien ».
    //   Above « Bien »: 5/10; at or above: 8/10; below: 2/10.
    // b: 1, 1, 2, 3, 2, 1, 0. Running 1, 2, 4, 7 → « Assez bien ». Above 4/10, below 3/10.
    // c: 0, 0, 1, 2, 2, 2, 3. Running 0, 0, 1, 3, 5, 7 → « Insuffisant ». Above 5/10, below 3/10.
    const result = count({
      a: [2, 3, 3, 1, 1, 0, 0],
      b: [1, 1, 2, 3, 2, 1, 0],
      c: [0, 0, 1, 2, 2, 2, 3],
    });
    expect(result.order).toEqual(['a', 'b', 'c']);
    expect(result.seats).toEqual({
      elected: [{ candidateId: 'a', reservedFor: null, round: 1 }],
      passedOver: [],
      unfilled: [],
    });
    expect(result.grades).toEqual(labels);
    expect(result.ties).toEqual([]);
    expect(result.tieBreaks).toEqual([]);
    expect(result.expressed).toBe(10);
    const [a, b, c] = result.standings;
    expect(a).toMatchObject({ candidateId: 'a', rank: 1, majorityGrade: B, electable: true });
    expect(a!.shares).toEqual([0.2, 0.3, 0.3, 0.1, 0.1, 0, 0]);
    expect(a!.aboveMajorityGrade).toBeCloseTo(0.5);
    expect(a!.atOrAboveMajorityGrade).toBeCloseTo(0.8);
    expect(a!.belowMajorityGrade).toBeCloseTo(0.2);
    expect(b).toMatchObject({ candidateId: 'b', rank: 2, majorityGrade: AB });
    expect(b!.aboveMajorityGrade).toBeCloseTo(0.4);
    expect(b!.atOrAboveMajorityGrade).toBeCloseTo(0.7);
    expect(b!.belowMajorityGrade).toBeCloseTo(0.3);
    expect(c).toMatchObject({ candidateId: 'c', rank: 3, majorityGrade: INS, electable: true });
    expect(c!.aboveMajorityGrade).toBeCloseTo(0.5);
    expect(c!.belowMajorityGrade).toBeCloseTo(0.3);
  });

  it('three candidates with one majority grade: decided after 3 and after 1 removal', () => {
    // 5 ballots each, all majority grade « Très bien » (the 3rd of 5).
    // a: Ex TB TB TB B. b: Ex Ex TB B B. c: TB TB TB TB TB.
    // c vs a: removals take the 3rd, then 4th, 2nd, 5th ballot of the sorted line. a's are TB, TB,
    //   TB, B; c's all TB: after 3 removals a is {Ex, B} → lower middle « Bien », c still « TB ».
    // a vs b: after 1 removal a is Ex TB TB B → 3rd = TB; b is Ex Ex B B → 3rd = « Bien ».
    // b has the most « Excellent » (p = 2/5) but as many below (q = 2/5): it ranks last.
    const result = count(
      {
        a: seven(EX, TB, TB, TB, B),
        b: seven(EX, EX, TB, B, B),
        c: seven(TB, TB, TB, TB, TB),
      },
      { seats: 2 },
    );
    expect(result.order).toEqual(['c', 'a', 'b']);
    expect(electedIds(result)).toEqual(['c', 'a']);
    expect(result.ties).toEqual([]);
    expect(result.tieBreaks).toEqual([
      {
        candidateIds: ['c', 'a'],
        majorityGrade: TB,
        decidedBy: 'removals',
        removed: 3,
        removedUnit: 'ballots',
        grades: [TB, B],
      },
      {
        candidateIds: ['a', 'b'],
        majorityGrade: TB,
        decidedBy: 'removals',
        removed: 1,
        removedUnit: 'ballots',
        grades: [TB, B],
      },
    ]);
    const b = result.standings[2]!;
    expect(b.aboveMajorityGrade).toBeCloseTo(0.4);
    expect(b.belowMajorityGrade).toBeCloseTo(0.4);
    expect(result.standings[0]).toMatchObject({ aboveMajorityGrade: 0, belowMajorityGrade: 0 });
  });

  it.each([
    ['b', 'a'],
    ['a', 'b'],
  ])('the same grades to the end: the lot order (%s first) decides, and says so', (...lot) => {
    // a and b both: Ex, TB, B → majority grade TB; removing one TB: {Ex, B} → B for both;
    // removing B: {Ex} for both; nothing tells them apart.
    const result = count(
      { a: seven(EX, TB, B), b: seven(EX, TB, B), c: seven(B, B, AB) },
      { tieOrder: [...lot, 'c'] },
    );
    expect(result.order).toEqual([...lot, 'c']);
    expect(electedIds(result)).toEqual([lot[0]]);
    expect(result.ties).toEqual([{ candidateIds: lot, decidedBy: 'lot', about: 'rank', round: 1 }]);
    expect(result.tieBreaks).toEqual([
      {
        candidateIds: lot,
        majorityGrade: TB,
        decidedBy: 'lot',
        removed: 0,
        removedUnit: 'ballots',
        grades: null,
      },
    ]);
  });

  it('several seats: three of five, a tie at « Très bien » decided after 2 removals', () => {
    // 4 ballots each; the majority grade is the 3rd (lower middle).
    // e: Ex Ex Ex Rej → Ex.  a: Ex TB TB B → TB.  b: Ex TB TB AB → TB.  c: TB B B AB → B.
    // d: B AB AB P → AB.
    // a vs b: remove a TB: a Ex TB B → TB, b Ex TB AB → TB; remove the other: a {Ex, B} → B,
    // b {Ex, AB} → AB. a first after 2 removals.
    const result = count(
      {
        a: seven(EX, TB, TB, B),
        b: seven(EX, TB, TB, AB),
        c: seven(TB, B, B, AB),
        d: seven(B, AB, AB, P),
        e: seven(EX, EX, EX, REJ),
      },
      { seats: 3 },
    );
    expect(result.order).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(electedIds(result)).toEqual(['e', 'a', 'b']);
    expect(result.standings.map((line) => line.majorityGrade)).toEqual([EX, TB, TB, B, AB]);
    expect(result.tieBreaks).toEqual([
      {
        candidateIds: ['a', 'b'],
        majorityGrade: TB,
        decidedBy: 'removals',
        removed: 2,
        removedUnit: 'ballots',
        grades: [B, AB],
      },
    ]);
  });

  // One ballot each: a « Excellent », b « Très bien », c « Bien »: the order is a, b, c.
  const abc = { a: seven(EX), b: seven(TB), c: seven(B) };

  it('a seat reserved for a college goes to its best-ranked member', () => {
    // 2 seats, 1 reserved for college x (so 1 open). a (college y) takes the open seat; b (y)
    // finds no seat left; c (x) takes the reserved one although ranked after b.
    const result = count(abc, {
      seats: 2,
      reserved: [{ collegeId: 'x', seats: 1 }],
      candidates: [candidate('a', 'y'), candidate('b', 'y'), candidate('c', 'x')],
    });
    expect(result.seats).toEqual({
      elected: [
        { candidateId: 'a', reservedFor: null, round: 1 },
        { candidateId: 'c', reservedFor: 'x', round: 1 },
      ],
      passedOver: [{ candidateId: 'b', reason: 'no_seat_left', round: 1 }],
      unfilled: [],
    });
  });

  it('parity passes over a second elected of one category among 2 seats', () => {
    // 2 seats, at most ⌈2/2⌉ = 1 per declared category. a (h) elected; b (h) would be a 2nd h:
    // passed over; c (f) elected.
    const result = count(abc, {
      seats: 2,
      parity: true,
      candidates: [candidate('a', null, 'h'), candidate('b', null, 'h'), candidate('c', null, 'f')],
    });
    expect(electedIds(result)).toEqual(['a', 'c']);
    expect(result.seats.passedOver).toEqual([{ candidateId: 'b', reason: 'parity', round: 1 }]);
  });

  it('a majority grade of « À rejeter » is never elected, even when seats stay empty', () => {
    // 3 seats, 3 ballots each. a: B B B → B. b: Ex Ins Rej → median Ins (« Insuffisant » is
    // still electable). c: Ex Rej Rej → median Rej, despite one « Excellent ».
    const result = count(
      { a: seven(B, B, B), b: seven(EX, INS, REJ), c: seven(EX, REJ, REJ) },
      { seats: 3 },
    );
    expect(result.order).toEqual(['a', 'b', 'c']);
    expect(electedIds(result)).toEqual(['a', 'b']);
    expect(result.seats.unfilled).toEqual([{ reservedFor: null, seats: 1 }]);
    expect(result.standings[2]).toMatchObject({ candidateId: 'c', rank: 3, electable: false });
  });

  it('a seat already filled by an earlier round counts', () => {
    // 2 seats, a already holds one: of the order a, b, c only b is elected now.
    const result = count(abc, {
      seats: 2,
      alreadyElected: [{ candidateId: 'a', reservedFor: null, round: 1 }],
    });
    expect(result.seats.elected).toEqual([{ candidateId: 'b', reservedFor: null, round: 1 }]);
  });

  it('grades of its own: « Contre » is the grade that is never elected', () => {
    // Grades Pour, Neutre, Contre; 4 ballots. a: Pour Pour Contre Contre → 3rd = Contre: half
    // « Pour » is no majority. b: Neutre Neutre Neutre Contre → 3rd = Neutre.
    const result = count(
      { a: ballots(3, 0, 0, 2, 2), b: ballots(3, 1, 1, 1, 2) },
      { grades: ['Pour', 'Neutre', 'Contre'] },
    );
    expect(result.order).toEqual(['b', 'a']);
    expect(electedIds(result)).toEqual(['b']);
    expect(result.standings.map((line) => [line.majorityGrade, line.electable])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('a candidate missing from the tally was graded « À rejeter » by every ballot', () => {
    // 2 expressed ballots; b has no profile: [0, …, 0, 2] → Rej, not electable.
    const result = countMajorityJudgment(
      { expressed: 2, blank: 0, profiles: { a: seven(AB, P) } },
      {
        candidates: [candidate('a'), candidate('b')],
        rules: seatRulesSchema.parse({ seats: 2 }),
        tieOrder: ['b', 'a'],
        grades: labels,
      },
    );
    expect(result.standings[1]).toMatchObject({
      candidateId: 'b',
      profile: [0, 0, 0, 0, 0, 0, 2],
      majorityGrade: REJ,
      electable: false,
    });
    expect(electedIds(result)).toEqual(['a']);
  });

  it('the Tennessee capital, recomputed: the most « Excellent » is not the winner', () => {
    // The textbook illustration (a state choosing its capital; each voter prefers the city they
    // live in). Grades here are our own, chosen by distance, and every figure is recomputed.
    // 100 voters: Memphis 42, Nashville 26, Chattanooga 15, Knoxville 17.
    //   Memphis voters:     Memphis Ex, Nashville TB, Chattanooga B,  Knoxville AB
    //   Nashville voters:   Nashville Ex, Chattanooga TB, Knoxville B, Memphis P
    //   Chattanooga voters: Chattanooga Ex, Knoxville TB, Nashville TB, Memphis Ins
    //   Knoxville voters:   Knoxville Ex, Chattanooga TB, Nashville B, Memphis Rej
    // Memphis:     Ex 42, P 26, Ins 15, Rej 17. Running 42 (not > 50), 68 → « Passable ».
    // Nashville:   Ex 26, TB 42 + 15 = 57, B 17. Running 26, 83 → « Très bien » (p 26, q 17).
    // Chattanooga: Ex 15, TB 26 + 17 = 43, B 42. Running 15, 58 → « Très bien » (p 15, q 42).
    // Knoxville:   Ex 17, TB 15, B 26, AB 42. Running 17, 32, 58 → « Bien ».
    // Nashville vs Chattanooga, sorted lines of 100, lower middle the 51st. Chattanooga's TB are
    // places 16–58, Nashville's 27–83. Removals take places 51, 50, 52, 49, … : 16 removals take
    // 43–58, the 17th would read place 59: Chattanooga « Bien », Nashville still « Très bien ».
    // (Their other difference, places 16–26, is 25 places above the middle: read much later.)
    const tally = tallyGrades(
      [
        { grades: { mem: EX, nas: TB, cha: B, kno: AB }, weight: 42 },
        { grades: { nas: EX, cha: TB, kno: B, mem: P }, weight: 26 },
        { grades: { cha: EX, kno: TB, nas: TB, mem: INS }, weight: 15 },
        { grades: { kno: EX, cha: TB, nas: B, mem: REJ }, weight: 17 },
      ],
      ['mem', 'nas', 'cha', 'kno'],
      7,
    );
    expect(tally.profiles).toEqual({
      mem: [42, 0, 0, 0, 26, 15, 17],
      nas: [26, 57, 17, 0, 0, 0, 0],
      cha: [15, 43, 42, 0, 0, 0, 0],
      kno: [17, 15, 26, 42, 0, 0, 0],
    });
    const result = countMajorityJudgment(tally, {
      candidates: ['mem', 'nas', 'cha', 'kno'].map((id) => candidate(id)),
      rules: seatRulesSchema.parse({ seats: 1 }),
      tieOrder: ['mem', 'nas', 'cha', 'kno'],
      grades: labels,
    });
    expect(result.order).toEqual(['nas', 'cha', 'kno', 'mem']);
    expect(electedIds(result)).toEqual(['nas']);
    expect(result.standings.map((line) => line.majorityGrade)).toEqual([TB, TB, B, P]);
    expect(result.tieBreaks).toEqual([
      {
        candidateIds: ['nas', 'cha'],
        majorityGrade: TB,
        decidedBy: 'removals',
        removed: 16,
        removedUnit: 'ballots',
        grades: [TB, B],
      },
    ]);
    const [nas, cha] = result.standings;
    expect([nas!.aboveMajorityGrade, nas!.belowMajorityGrade]).toEqual([0.26, 0.17]);
    expect([cha!.aboveMajorityGrade, cha!.belowMajorityGrade]).toEqual([0.15, 0.42]);
  });

  it('only blank ballots: nobody is expressed, nobody elected, the lot orders the names', () => {
    // 3 blank ballots: expressed 0, every profile empty → lowest grade, all level.
    const tally = tallyGrades([{ grades: {} }, { grades: {} }, { grades: {} }], ['a', 'b'], 7);
    expect(tally).toMatchObject({ expressed: 0, blank: 3 });
    const result = countMajorityJudgment(tally, {
      candidates: [candidate('a'), candidate('b')],
      rules: seatRulesSchema.parse({ seats: 1 }),
      tieOrder: ['b', 'a'],
      grades: labels,
    });
    expect(result.order).toEqual(['b', 'a']);
    expect(result.ties).toEqual([
      { candidateIds: ['b', 'a'], decidedBy: 'lot', about: 'rank', round: 1 },
    ]);
    expect(result.seats).toEqual({
      elected: [],
      passedOver: [],
      unfilled: [{ reservedFor: null, seats: 1 }],
    });
    expect(result.standings[0]!.shares).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses a tally that breaks its own rules', () => {
    const context = {
      candidates: [candidate('a')],
      rules: seatRulesSchema.parse({ seats: 1 }),
      tieOrder: ['a'],
      grades: labels,
    };
    const tally = (profiles: Record<string, number[]>): GradesTally => ({
      expressed: 2,
      blank: 0,
      profiles,
    });
    expect(() => countMajorityJudgment(tally({ z: seven(EX, EX) }), context)).toThrow(/standing/);
    expect(() => countMajorityJudgment(tally({ a: [1, 1] }), context)).toThrow(/7 counts/);
    expect(() => countMajorityJudgment(tally({ a: seven(EX) }), context)).toThrow(/expressed/);
  });
});

describe('ballots', () => {
  const context = { candidates: [candidate('a'), candidate('b')] };

  it.each([
    [{ a: EX, b: REJ }, null],
    // Names left ungraded are allowed (they count as « À rejeter »); grading nobody is blank.
    [{ a: B }, null],
    [{}, null],
    [
      { a: EX, z: EX },
      { code: 'unknown_candidate', candidateId: 'z' },
    ],
    [{ a: -1 }, { code: 'grade_out_of_range', candidateId: 'a' }],
    // 7 grades: 0–6. 7 is past « À rejeter ».
    [{ b: 7 }, { code: 'grade_out_of_range', candidateId: 'b' }],
    [{ a: 1.5 }, { code: 'grade_out_of_range', candidateId: 'a' }],
    [{ a: Number.NaN }, { code: 'grade_out_of_range', candidateId: 'a' }],
  ])('checkGrades(%j) → %j', (grades, problem) => {
    expect(checkGrades(grades, context, 7)).toEqual(problem);
  });

  it('tallyGrades: blank ballots are not expressed, ungraded names get the lowest grade', () => {
    // 5 ballots, 2 empty → expressed 3, blank 2.
    // a: Ex, B, Ex → [2, 0, 1, 0, 0, 0, 0]; running 2 > 1.5 → « Excellent ».
    // b: TB, (ungraded → Rej), Ex → [1, 1, 0, 0, 0, 0, 1]; running 1, 2 > 1.5 → « Très bien ».
    const tally = tallyGrades(
      [
        { grades: { a: EX, b: TB } },
        { grades: {} },
        { grades: { a: B } },
        { grades: {} },
        { grades: { b: EX, a: EX } },
      ],
      ['a', 'b'],
      7,
    );
    expect(tally).toEqual({
      expressed: 3,
      blank: 2,
      profiles: { a: [2, 0, 1, 0, 0, 0, 0], b: [1, 1, 0, 0, 0, 0, 1] },
    });
    const result = count(tally.profiles, { blank: tally.blank, seats: 2 });
    expect(result).toMatchObject({ expressed: 3, blank: 2, order: ['a', 'b'] });
    // Shares are of the 3 expressed ballots, not of the 5.
    expect(result.standings[0]!.shares[EX]).toBeCloseTo(2 / 3);
    expect(result.standings.map((line) => line.majorityGrade)).toEqual([EX, TB]);
  });

  it('weighted by college: the weights, not the heads, decide', () => {
    // College X: 3 voters weighing 1/3 each; college Y: 2 voters weighing 1/2 each.
    // X voters: a Ex, b B. Y voters: a P, b TB.
    // By heads (5 ballots): a Ex Ex Ex P P → Ex; b TB TB B B B → B: a would win.
    // By weight (total 2, half 1): a is Ex 1, P 1 → Ex by exactly half, no majority → P.
    // b is TB 1, B 1 → TB by exactly half → B. b wins, « Bien » before « Passable ».
    const x = { grades: { a: EX, b: B }, weight: 1 / 3 };
    const y = { grades: { a: P, b: TB }, weight: 1 / 2 };
    const tally = tallyGrades([x, x, x, y, y], ['a', 'b'], 7);
    expect(tally.expressed).toBeCloseTo(2);
    expect(tally.profiles.a![EX]).toBeCloseTo(1);
    expect(tally.profiles.b![TB]).toBeCloseTo(1);
    const result = countMajorityJudgment(tally, {
      candidates: [candidate('a'), candidate('b')],
      rules: seatRulesSchema.parse({ seats: 1 }),
      tieOrder: ['a', 'b'],
      grades: labels,
    });
    expect(result.order).toEqual(['b', 'a']);
    expect(result.standings.map((line) => line.majorityGrade)).toEqual([B, P]);
    expect(electedIds(result)).toEqual(['b']);
    const heads = tallyGrades(
      [x, x, x, y, y].map(({ grades }) => ({ grades })),
      ['a', 'b'],
      7,
    );
    expect(majorityGrade(heads.profiles.a!)).toBe(EX);
  });

  it('tallyGrades refuses a ballot that checkGrades refuses', () => {
    expect(() => tallyGrades([{ grades: { z: 0 } }], ['a'], 7)).toThrow(/unknown_candidate/);
    expect(() => tallyGrades([{ grades: { a: 7 } }], ['a'], 7)).toThrow(/grade_out_of_range/);
    expect(() => tallyGrades([{ grades: { a: 0 }, weight: -1 }], ['a'], 7)).toThrow(/weighs/);
  });
});

// ---- Properties -------------------------------------------------------------------------------

/**
 * The removal rule done literally, as the rule is written: sort the ballots best first, read the
 * lower middle (index ⌊n/2⌋), remove it, again. A reference for the closed form above.
 */
function removalsByHand(a: readonly number[], b: readonly number[]) {
  const line = (profile: readonly number[]) =>
    profile.flatMap((count, grade) => new Array<number>(count).fill(grade));
  const lineA = line(a);
  const lineB = line(b);
  let removed = 0;
  while (lineA.length > 0) {
    const middle = Math.floor(lineA.length / 2);
    const gradeA = lineA[middle]!;
    const gradeB = lineB[middle]!;
    if (gradeA !== gradeB)
      return { comparison: Math.sign(gradeA - gradeB), removed, grades: [gradeA, gradeB] };
    lineA.splice(middle, 1);
    lineB.splice(middle, 1);
    removed += 1;
  }
  return { comparison: 0, removed: 0, grades: null };
}

/** Profiles over the same grades and the same number of ballots, as a count has them. */
const profilesArbitrary = (howMany: number) =>
  fc
    .record({
      gradeCount: fc.integer({ min: 2, max: 7 }),
      ballots: fc.integer({ min: 1, max: 25 }),
    })
    .chain(({ gradeCount, ballots: n }) =>
      fc.array(
        fc
          .array(fc.integer({ min: 0, max: gradeCount - 1 }), { minLength: n, maxLength: n })
          .map((grades) => ballots(gradeCount, ...grades)),
        { minLength: howMany, maxLength: howMany },
      ),
    );

describe('properties', () => {
  it('the closed form agrees with removing median ballots one at a time', () => {
    fc.assert(
      fc.property(profilesArbitrary(2), ([a, b]) => {
        const why = explainMajorityJudgment(a!, b!);
        expect({ comparison: why.comparison, removed: why.removed, grades: why.grades }).toEqual(
          removalsByHand(a!, b!),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('the comparison is a total preorder: reflexive, antisymmetric, transitive', () => {
    fc.assert(
      fc.property(profilesArbitrary(3), ([a, b, c]) => {
        expect(compareMajorityJudgment(a!, a!)).toBe(0);
        const ab = sign(compareMajorityJudgment(a!, b!));
        const bc = sign(compareMajorityJudgment(b!, c!));
        const ac = sign(compareMajorityJudgment(a!, c!));
        expect(sign(compareMajorityJudgment(b!, a!))).toBe(sign(-ab));
        if (ab === 0 && bc === 0) expect(ac).toBe(0);
        if (ab <= 0 && bc <= 0) expect(ac).toBeLessThanOrEqual(0);
        if (ab < 0 && bc <= 0) expect(ac).toBe(-1);
        if (ab <= 0 && bc < 0) expect(ac).toBe(-1);
      }),
      { numRuns: 500 },
    );
  });

  it('ballots all weighing the same compare as whole ballots', () => {
    fc.assert(
      fc.property(
        profilesArbitrary(2),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        ([a, b], weight) => {
          const scale = (profile: number[]) => profile.map((count) => count * weight);
          expect(sign(compareMajorityJudgment(scale(a!), scale(b!)))).toBe(
            sign(compareMajorityJudgment(a!, b!)),
          );
          expect(majorityGrade(scale(a!))).toBe(majorityGrade(a!));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a ballot moved to a better grade never moves its candidate down against another', () => {
    fc.assert(
      fc.property(profilesArbitrary(3), fc.nat(), fc.nat(), ([a, b, c], pickBallot, pickGrade) => {
        // Move one of a's ballots (not at the best grade) to a better grade.
        const movable = a!.flatMap((n, grade) =>
          grade > 0 ? new Array<number>(n).fill(grade) : [],
        );
        fc.pre(movable.length > 0);
        const from = movable[pickBallot % movable.length]!;
        const to = pickGrade % from;
        const better = [...a!];
        better[from]! -= 1;
        better[to]! += 1;
        expect(sign(compareMajorityJudgment(better, b!))).toBeLessThanOrEqual(
          sign(compareMajorityJudgment(a!, b!)),
        );
        // In a whole count too, with the lot order fixed: a's place before b never worsens.
        const before = count({ a: a!, b: b!, c: c! }, { grades: labels.slice(0, a!.length) });
        const after = count({ a: better, b: b!, c: c! }, { grades: labels.slice(0, a!.length) });
        const place = (result: MajorityJudgmentCount, id: string) => result.order.indexOf(id);
        if (place(before, 'a') < place(before, 'b')) {
          expect(place(after, 'a')).toBeLessThan(place(after, 'b'));
        }
        expect(place(after, 'a')).toBeLessThanOrEqual(place(before, 'a'));
      }),
      { numRuns: 300 },
    );
  });

  it('the order puts better majority grades first, and elects no « reject »', () => {
    fc.assert(
      fc.property(profilesArbitrary(4), fc.integer({ min: 1, max: 4 }), (profiles, seats) => {
        const gradeCount = profiles[0]!.length;
        const result = count(
          Object.fromEntries(profiles.map((profile, index) => [`c${index}`, profile])),
          { seats, grades: labels.slice(0, gradeCount) },
        );
        const grades = result.standings.map((line) => line.majorityGrade);
        expect(grades).toEqual([...grades].sort((x, y) => x - y));
        expect(result.standings.map((line) => line.rank)).toEqual([1, 2, 3, 4]);
        const byId = new Map(result.standings.map((line) => [line.candidateId, line]));
        for (const holder of result.seats.elected) {
          expect(byId.get(holder.candidateId)!.majorityGrade).toBeLessThan(gradeCount - 1);
        }
        // Seats go down the order: an electable candidate left out means every seat is taken.
        const electable = result.standings.filter((line) => line.electable).length;
        expect(result.seats.elected).toHaveLength(Math.min(seats, electable));
      }),
      { numRuns: 200 },
    );
  });
});
