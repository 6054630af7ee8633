import { describe, expect, it } from 'vitest';
import {
  absoluteMajorityWords,
  joinNames,
  majorityGradeOf,
  meritSegments,
  nextRoundWords,
  passedOverWords,
  seatWords,
  tieBreakWords,
  tieWords,
  unfilledWords,
} from './election-results.ts';

const names = new Map([
  ['awa', 'Awa'],
  ['bruno', 'Bruno'],
  ['chloe', 'Chloé'],
]);
const colleges = new Map([['young', 'Jeunes']]);
const grades = ['Très bien', 'Bien', 'Passable', 'À rejeter'];

describe('seats and the passed over, in words', () => {
  it('names the college of a reserved seat, and says « open » otherwise', () => {
    expect(seatWords({ reservedFor: 'young' }, colleges)).toEqual({
      key: 'electionResult.seatReserved',
      params: { college: 'Jeunes' },
    });
    expect(seatWords({ reservedFor: null }, colleges)).toEqual({ key: 'electionResult.seatOpen' });
  });

  it('gives the reason one ranked high enough was not elected', () => {
    expect(passedOverWords({ reason: 'parity' }).key).toBe('electionResult.passedOver.parity');
    expect(passedOverWords({ reason: 'no_seat_left' }).key).toBe(
      'electionResult.passedOver.no_seat_left',
    );
  });

  it('counts the seats left empty, per group', () => {
    expect(unfilledWords({ reservedFor: 'young', seats: 2 }, colleges)).toEqual({
      base: 'electionResult.unfilledReserved',
      count: 2,
      params: { college: 'Jeunes' },
    });
    expect(unfilledWords({ reservedFor: null, seats: 1 }, colleges)).toEqual({
      base: 'electionResult.unfilledOpen',
      count: 1,
    });
  });
});

describe('joinNames', () => {
  it.each([
    [[], ''],
    [['Awa'], 'Awa'],
    [['Awa', 'Bruno'], 'Awa et Bruno'],
    [['Awa', 'Bruno', 'Chloé'], 'Awa, Bruno et Chloé'],
  ])('%j → %s', (list, joined) => {
    expect(joinNames(list, 'et')).toBe(joined);
  });
});

describe('ties', () => {
  it('says a tie drawn by lot, and what it was for', () => {
    const tie = { candidateIds: ['bruno', 'awa'], decidedBy: 'lot', about: 'rank', round: 1 };
    expect(tieWords(tie as never, names, 'et')).toEqual({
      key: 'electionResult.tieLot.rank',
      params: { names: 'Bruno et Awa' },
    });
    const stv = { ...tie, decidedBy: 'earlier_round', about: 'exclusion' };
    expect(tieWords(stv as never, names, 'et').key).toBe('electionResult.tieEarlier.exclusion');
  });

  it('explains how equal majority grades were separated', () => {
    const base = {
      candidateIds: ['awa', 'bruno'] as [string, string],
      majorityGrade: 1,
      removedUnit: 'ballots' as const,
    };
    expect(
      tieBreakWords({ ...base, decidedBy: 'removals', removed: 3, grades: [0, 2] }, names, grades),
    ).toEqual({
      key: 'electionResult.tieBreak.removed',
      params: {
        first: 'Awa',
        second: 'Bruno',
        grade: 'Bien',
        firstGrade: 'Très bien',
        secondGrade: 'Passable',
        removed: '3',
      },
    });
    expect(
      tieBreakWords({ ...base, decidedBy: 'removals', removed: 1, grades: [1, 2] }, names, grades)
        .key,
    ).toBe('electionResult.tieBreak.removedOne');
    expect(
      tieBreakWords({ ...base, decidedBy: 'removals', removed: 0, grades: [1, 2] }, names, grades)
        .key,
    ).toBe('electionResult.tieBreak.atOnce');
    // Weighted, next to nothing removed: the middle itself differs.
    expect(
      tieBreakWords(
        { ...base, removedUnit: 'weight', decidedBy: 'removals', removed: 1e-12, grades: [0, 1] },
        names,
        grades,
      ).key,
    ).toBe('electionResult.tieBreak.atOnce');
    expect(
      tieBreakWords(
        { ...base, removedUnit: 'weight', decidedBy: 'removals', removed: 0.25, grades: [0, 1] },
        names,
        grades,
      ),
    ).toMatchObject({ key: 'electionResult.tieBreak.weight', params: { removed: '0.25' } });
    expect(
      tieBreakWords({ ...base, decidedBy: 'lot', removed: 0, grades: null }, names, grades),
    ).toEqual({
      key: 'electionResult.tieBreak.lot',
      params: { first: 'Awa', second: 'Bruno', grade: 'Bien' },
    });
  });
});

describe('the two-round method in words', () => {
  it('says the absolute majority in votes when the figures are whole', () => {
    // 41 expressed: more than 20.5, that is at least ⌊41 / 2⌋ + 1 = 21.
    expect(absoluteMajorityWords({ moreThan: 20.5, atLeast: 21 }, 41)).toEqual({
      key: 'electionResult.absoluteMajority',
      params: { expressed: '41', atLeast: '21' },
    });
    // Weighted: only « more than half », to three decimals, written the page's way.
    const french = (value: number) => String(value).replace('.', ',');
    expect(absoluteMajorityWords({ moreThan: 12.3456, atLeast: null }, 24.6912, french)).toEqual({
      key: 'electionResult.absoluteMajorityWeighted',
      params: { half: '12,346' },
    });
  });

  it('names who goes on to round 2 and for how many seats', () => {
    const count = {
      method: 'two_round',
      nextRound: { seats: 2, candidateIds: ['chloe', 'awa', 'bruno'] },
    };
    expect(nextRoundWords(count as never, names, 'et')).toEqual({
      base: 'electionResult.nextRound',
      count: 2,
      params: { names: 'Chloé, Awa et Bruno' },
    });
    expect(nextRoundWords({ method: 'two_round', nextRound: null } as never, names, 'et')).toBe(
      null,
    );
    expect(nextRoundWords({ method: 'block' } as never, names, 'et')).toBe(null);
  });
});

describe('merit profiles', () => {
  it('draws each grade given in proportion, best on the left', () => {
    // 20 ballots: 5 « Très bien » (25 %), none « Bien », 10 « Passable » (50 %), 5 « À rejeter ».
    expect(meritSegments([5, 0, 10, 5])).toEqual([
      { grade: 0, count: 5, start: 0, width: 25 },
      { grade: 2, count: 10, start: 25, width: 50 },
      { grade: 3, count: 5, start: 75, width: 25 },
    ]);
  });

  it('ends the bar at exactly 100 whatever the rounding: thirds of 3 ballots', () => {
    const segments = meritSegments([1, 1, 1]);
    const last = segments.at(-1)!;
    expect(last.start + last.width).toBe(100);
    expect(segments.map((segment) => segment.width.toFixed(4))).toEqual([
      '33.3333',
      '33.3333',
      '33.3333',
    ]);
  });

  it('draws nothing when nothing was expressed', () => {
    expect(meritSegments([0, 0, 0])).toEqual([]);
  });

  it.each([
    // 3 ballots: grade 0 given by 1 (not > 1.5), grades 0–1 by 2 > 1.5 → 1.
    [[1, 1, 1], 1],
    // 4 ballots: grade 0 by 2 (not > 2), grades 0–1 by 4 → 1, the lower middle.
    [[2, 2, 0], 1],
    // 5 ballots: grade 0 by 3 > 2.5 → 0.
    [[3, 1, 1], 0],
    // Nobody graded: nothing to read.
    [[0, 0, 0], null],
  ])('the majority grade of %j is %s', (profile, grade) => {
    expect(majorityGradeOf(profile)).toBe(grade);
  });
});
