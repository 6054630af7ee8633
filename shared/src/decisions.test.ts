import { describe, expect, it } from 'vitest';
import {
  computeResult,
  type Outcome,
  type ResultInput,
  resultInputSchema,
  resultSchema,
  type VoteRule,
} from './decisions.ts';

type Counts = ResultInput['counts'];
type Ballots = Record<string, number>;

/** Count entries for one college and/or site; several entries for one choice add up. */
function ballots(
  choices: Ballots,
  where: { collegeId?: string | null; siteId?: string | null } = {},
) {
  return Object.entries(choices).map(([choice, count]) => ({ choice, count, ...where })) as Counts;
}

function sum(counts: Counts): number {
  return counts.reduce((total, { count }) => total + count, 0);
}

/** A vote where everyone who came voted and quorum is out of the way, unless overridden. */
function vote(rule: VoteRule, counts: Counts, extra: Partial<ResultInput> = {}): ResultInput {
  const participants = sum(counts);
  return {
    kind: 'vote',
    rule,
    quorum: 0,
    electorate: participants,
    participants,
    counts,
    ...extra,
  };
}

function consent(counts: Counts, extra: Partial<ResultInput> = {}): ResultInput {
  const participants = sum(counts);
  return { kind: 'consent', quorum: 0, electorate: participants, participants, counts, ...extra };
}

/** The result, after checking that the input passes its schema and the output matches its own. */
function result(input: ResultInput) {
  const parsed = resultInputSchema.safeParse(input);
  expect(parsed.error?.issues ?? []).toEqual([]);
  return resultSchema.parse(computeResult(input));
}

describe('vote rules without colleges', () => {
  // [rule, yes, no, abstain, electorate (default: ballots), outcome, yesShare]
  const cases: [VoteRule, number, number, number, number | null, Outcome, number | undefined][] = [
    ['simple', 10, 10, 5, null, 'rejected', 0.5],
    ['simple', 11, 10, 30, null, 'adopted', 11 / 21],
    ['simple', 1, 0, 0, null, 'adopted', 1],
    ['simple', 0, 0, 12, null, 'rejected', undefined],
    ['simple', 0, 0, 0, null, 'rejected', undefined],
    ['simple', 0, 1, 0, null, 'rejected', 0],
    ['simple', 1000, 999, 0, null, 'adopted', 1000 / 1999],
    ['simple', 999, 1000, 0, null, 'rejected', 999 / 1999],
    ['absolute', 11, 5, 10, null, 'rejected', 11 / 26],
    ['absolute', 13, 0, 13, null, 'rejected', 0.5], // exactly half is a tie
    ['absolute', 14, 0, 13, null, 'adopted', 14 / 27],
    ['absolute', 14, 13, 0, null, 'adopted', 14 / 27],
    ['absolute', 0, 0, 0, null, 'rejected', undefined],
    ['absolute', 0, 0, 4, null, 'rejected', 0],
    ['two_thirds', 20, 10, 0, null, 'adopted', 2 / 3],
    ['two_thirds', 19, 10, 0, null, 'rejected', 19 / 29],
    ['two_thirds', 20, 10, 50, null, 'adopted', 2 / 3], // abstentions do not count
    ['two_thirds', 2, 1, 0, null, 'adopted', 2 / 3],
    ['two_thirds', 1, 0, 0, null, 'adopted', 1],
    ['two_thirds', 0, 0, 7, null, 'rejected', undefined], // needs at least one yes
    ['two_thirds', 0, 0, 0, null, 'rejected', undefined],
    ['two_thirds', 200, 101, 0, null, 'rejected', 200 / 301],
    ['members_absolute', 20, 0, 0, 40, 'rejected', 0.5],
    ['members_absolute', 21, 0, 0, 40, 'adopted', 21 / 40],
    ['members_absolute', 21, 19, 0, 40, 'adopted', 21 / 40],
    ['members_absolute', 20, 1, 0, 41, 'rejected', 20 / 41],
    ['members_absolute', 21, 0, 0, 41, 'adopted', 21 / 41],
    ['members_absolute', 0, 0, 0, 0, 'rejected', undefined],
  ];

  it.each(cases)(
    '%s: yes %i, no %i, abstain %i, electorate %s → %s',
    (rule, yes, no, abstain, electorate, outcome, yesShare) => {
      const counts = ballots({ yes, no, abstain });
      const input = vote(rule, counts, electorate === null ? {} : { electorate });
      const got = result(input);
      expect(got.outcome).toBe(outcome);
      expect(got.yesShare).toBe(yesShare);
      expect(got.totals).toEqual({ yes, no, abstain });
      expect(got.objections).toBe(0);
    },
  );
});

describe('quorum', () => {
  // [quorum, electorate, participants, reached]
  const cases: [number, number, number, boolean][] = [
    [0.5, 40, 19, false],
    [0.5, 40, 20, true],
    [0.5, 40, 40, true],
    [0.1, 30, 3, true], // 0.1 × 30 is not exactly 3 in floating point; 3 / 30 is 0.1
    [0.1, 30, 2, false],
    [0.3, 10, 3, true],
    [0.25, 4, 1, true],
    [1, 7, 7, true],
    [1, 7, 6, false],
    [0, 10, 0, true],
    [0, 0, 0, true], // no electorate and no quorum required
    [0.25, 0, 0, false], // no electorate can never make a quorum
  ];

  it.each(cases)(
    'quorum %d, electorate %i, participants %i → reached %s',
    (quorum, e, p, reached) => {
      const counts = ballots({ yes: p, no: 0 });
      const got = result(vote('simple', counts, { quorum, electorate: e, participants: p }));
      expect(got.quorumReached).toBe(reached);
      expect(got.outcome).toBe(reached ? (p > 0 ? 'adopted' : 'rejected') : 'no_quorum');
    },
  );

  it('reports no_quorum whatever the counts, and still reports the totals', () => {
    const counts = [...ballots({ yes: 19, no: 0 }, { siteId: 'lyon' })];
    const got = result(
      vote('simple', counts, { quorum: 0.5, electorate: 40, participants: 19, colleges: [] }),
    );
    expect(got).toEqual({
      outcome: 'no_quorum',
      quorumReached: false,
      totals: { yes: 19, no: 0, abstain: 0 },
      byCollege: {},
      bySite: { lyon: { yes: 19, no: 0, abstain: 0 } },
      yesShare: 1,
      objections: 0,
      basis: {
        kind: 'vote',
        rule: 'simple',
        quorum: 0.5,
        electorate: 40,
        participants: 19,
        participation: 'answered',
        weighted: false,
        majorityInEveryCollege: false,
        yes: 19,
        of: 19,
      },
    });
  });

  it('applies to consent rounds too, before objections', () => {
    const counts = ballots({ objection: 1, consent: 5 });
    const got = result(consent(counts, { quorum: 0.5, electorate: 20, participants: 6 }));
    expect(got.outcome).toBe('no_quorum');
    expect(got.objections).toBe(1);
  });
});

describe('college weighting', () => {
  const halves = [
    { id: 'A', share: 0.5 },
    { id: 'B', share: 0.5 },
  ];
  const quarters = ['A', 'B', 'C', 'D'].map((id) => ({ id, share: 0.25 }));
  // SCIC-style statutory shares: founders 10 %, employees 20 %, users 20 %, supporters 50 %.
  const scic = [
    { id: 'founders', share: 0.1 },
    { id: 'employees', share: 0.2 },
    { id: 'users', share: 0.2 },
    { id: 'supporters', share: 0.5 },
  ];
  type Case = {
    name: string;
    rule: VoteRule;
    colleges: { id: string; share: number }[];
    votes: Record<string, Ballots>;
    everyCollege?: boolean;
    outcome: Outcome;
    yesShare?: number;
  };
  const cases: Case[] = [
    {
      name: 'a small unanimous college outweighs a large opposed one',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 1, no: 0 }, B: { yes: 10, no: 30 } },
      outcome: 'adopted',
      yesShare: 0.625,
    },
    {
      name: 'the same with a majority required in every college',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 1, no: 0 }, B: { yes: 10, no: 30 } },
      everyCollege: true,
      outcome: 'rejected',
      yesShare: 0.625,
    },
    {
      name: 'a weighted tie is not adopted',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 5, no: 0 }, B: { yes: 0, no: 50 } },
      outcome: 'rejected',
      yesShare: 0.5,
    },
    {
      name: 'a weighted tie over statutory shares is not adopted despite float rounding',
      rule: 'simple',
      colleges: scic,
      votes: {
        founders: { yes: 1, no: 1 },
        employees: { yes: 3, no: 3 },
        users: { yes: 7, no: 7 },
        supporters: { yes: 20, no: 20 },
      },
      outcome: 'rejected',
      yesShare: 0.5,
    },
    {
      name: 'a college that only abstained is left out and the others renormalised',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 3, no: 1 }, B: { abstain: 40 } },
      outcome: 'adopted',
      yesShare: 0.75,
    },
    {
      name: 'a college with no ballot is left out and the others renormalised',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 1, no: 3 } },
      outcome: 'rejected',
      yesShare: 0.25,
    },
    {
      name: '4 × 25 %: three colleges for, one against',
      rule: 'simple',
      colleges: quarters,
      votes: {
        A: { yes: 6, no: 4 },
        B: { yes: 3, no: 1 },
        C: { yes: 2, no: 0 },
        D: { yes: 0, no: 90 },
      },
      outcome: 'adopted',
      yesShare: (0.6 + 0.75 + 1 + 0) / 4,
    },
    {
      name: '4 × 25 % with one college silent: renormalised over three',
      rule: 'simple',
      colleges: quarters,
      votes: { A: { yes: 1, no: 1 }, B: { yes: 1, no: 1 }, C: { yes: 2, no: 0 }, D: {} },
      outcome: 'adopted',
      yesShare: (0.5 + 0.5 + 1) / 3,
    },
    {
      name: 'SCIC shares with the founders silent: renormalised over 90 %',
      rule: 'simple',
      colleges: scic,
      votes: {
        founders: { abstain: 2 },
        employees: { yes: 4, no: 0 },
        users: { yes: 0, no: 10 },
        supporters: { yes: 30, no: 20 },
      },
      outcome: 'adopted',
      yesShare: (0.2 * 1 + 0.2 * 0 + 0.5 * 0.6) / 0.9,
    },
    {
      // In floating point this share comes out as 0.5000000000000001.
      name: 'SCIC shares: the 50 % college alone against the rest is a tie, not a majority',
      rule: 'simple',
      colleges: scic,
      votes: {
        founders: { yes: 1, no: 0 },
        employees: { yes: 1, no: 0 },
        users: { yes: 3, no: 0 },
        supporters: { yes: 0, no: 1 },
      },
      outcome: 'rejected',
      yesShare: 0.5,
    },
    {
      name: 'absolute: abstentions count in each college ratio',
      rule: 'absolute',
      colleges: halves,
      votes: { A: { yes: 2, no: 0, abstain: 2 }, B: { yes: 2, no: 0, abstain: 2 } },
      outcome: 'rejected',
      yesShare: 0.5,
    },
    {
      name: 'absolute: a college that only abstained weighs in with zero',
      rule: 'absolute',
      colleges: halves,
      votes: { A: { yes: 9, no: 0 }, B: { abstain: 1 } },
      outcome: 'rejected',
      yesShare: 0.5,
    },
    {
      name: 'absolute: adopted above half of the weighted ballots',
      rule: 'absolute',
      colleges: halves,
      votes: { A: { yes: 3, no: 0, abstain: 1 }, B: { yes: 1, no: 0, abstain: 1 } },
      outcome: 'adopted',
      yesShare: 0.625,
    },
    {
      name: 'two thirds: exactly two thirds in SCIC shares is adopted despite float rounding',
      rule: 'two_thirds',
      colleges: scic,
      votes: {
        founders: { yes: 2, no: 1 },
        employees: { yes: 4, no: 2 },
        users: { yes: 20, no: 10 },
        supporters: { yes: 200, no: 100, abstain: 50 },
      },
      outcome: 'adopted',
      yesShare: 2 / 3,
    },
    {
      // In floating point this share comes out as 0.6666666666666665.
      name: 'two thirds: exactly two thirds over 15/35/50 % shares is adopted',
      rule: 'two_thirds',
      colleges: [
        { id: 'A', share: 0.15 },
        { id: 'B', share: 0.35 },
        { id: 'C', share: 0.5 },
      ],
      votes: { A: { yes: 1 }, B: { yes: 3 }, C: { yes: 1, no: 2 } },
      outcome: 'adopted',
      yesShare: 2 / 3,
    },
    {
      name: 'two thirds: just under is rejected',
      rule: 'two_thirds',
      colleges: halves,
      votes: { A: { yes: 2, no: 1 }, B: { yes: 199, no: 101 } },
      outcome: 'rejected',
      yesShare: (2 / 3 + 199 / 300) / 2,
    },
    {
      name: 'two thirds with every college: one college below two thirds rejects',
      rule: 'two_thirds',
      colleges: halves,
      votes: { A: { yes: 10, no: 0 }, B: { yes: 3, no: 2 } },
      everyCollege: true,
      outcome: 'rejected',
      yesShare: 0.8,
    },
    {
      name: 'every college: a silent college does not block',
      rule: 'simple',
      colleges: quarters,
      votes: { A: { yes: 2, no: 1 }, B: { yes: 5, no: 0 }, C: { abstain: 3 } },
      everyCollege: true,
      outcome: 'adopted',
      yesShare: (2 / 3 + 1) / 2,
    },
    {
      name: 'every college: a tie in one college blocks',
      rule: 'simple',
      colleges: halves,
      votes: { A: { yes: 9, no: 0 }, B: { yes: 4, no: 4 } },
      everyCollege: true,
      outcome: 'rejected',
      yesShare: 0.75,
    },
    {
      name: 'every college: all colleges pass',
      rule: 'absolute',
      colleges: scic,
      votes: {
        founders: { yes: 2, no: 1 },
        employees: { yes: 3, abstain: 2 },
        users: { yes: 6, no: 5 },
        supporters: { yes: 51, no: 49 },
      },
      everyCollege: true,
      outcome: 'adopted',
      yesShare: 0.1 * (2 / 3) + 0.2 * 0.6 + 0.2 * (6 / 11) + 0.5 * 0.51,
    },
    {
      name: 'no college expressed a view: no share, rejected',
      rule: 'simple',
      colleges: halves,
      votes: { A: { abstain: 3 } },
      outcome: 'rejected',
    },
  ];

  it.each(cases)('$name', ({ rule, colleges, votes, everyCollege, outcome, yesShare }) => {
    const counts = Object.entries(votes).flatMap(([collegeId, v]) => ballots(v, { collegeId }));
    const got = result(vote(rule, counts, { colleges, majorityInEveryCollege: everyCollege }));
    expect(got.outcome).toBe(outcome);
    if (yesShare === undefined) expect(got.yesShare).toBeUndefined();
    else expect(got.yesShare).toBeCloseTo(yesShare, 12);
  });

  it('keeps ballots outside the listed colleges in the totals but out of the share', () => {
    const counts = [
      ...ballots({ yes: 1, no: 0 }, { collegeId: 'A' }),
      ...ballots({ yes: 0, no: 1 }, { collegeId: 'B' }),
      ...ballots({ yes: 0, no: 50 }, { collegeId: null }),
      ...ballots({ yes: 0, no: 50 }, { collegeId: 'dissolved' }),
      ...ballots({ yes: 9, no: 0 }),
    ];
    const got = result(vote('simple', counts, { colleges: halves }));
    expect(got.totals).toEqual({ yes: 10, no: 101, abstain: 0 });
    expect(got.yesShare).toBe(0.5);
    expect(got.outcome).toBe('rejected');
    expect(Object.keys(got.byCollege).sort()).toEqual(['A', 'B', 'dissolved']);
  });

  it('lists every given college in the breakdown, even without ballots', () => {
    const got = result(
      vote('simple', ballots({ yes: 2 }, { collegeId: 'A' }), { colleges: halves }),
    );
    expect(got.byCollege).toEqual({
      A: { yes: 2, no: 0, abstain: 0 },
      B: { yes: 0, no: 0, abstain: 0 },
    });
  });

  it('keeps the shares it was decided with, for the pages that draw them', () => {
    const weighted = result(
      vote('simple', ballots({ yes: 1 }, { collegeId: 'founders' }), { colleges: scic }),
    );
    expect(weighted.basis?.collegeShares).toEqual({
      founders: 0.1,
      employees: 0.2,
      users: 0.2,
      supporters: 0.5,
    });
    expect(result(vote('simple', ballots({ yes: 1 }))).basis?.collegeShares).toBeUndefined();
  });

  it('does not weight when the college list is empty', () => {
    const counts = [
      ...ballots({ yes: 1, no: 0 }, { collegeId: 'A' }),
      ...ballots({ yes: 10, no: 30 }, { collegeId: 'B' }),
    ];
    const got = result(vote('simple', counts, { colleges: [] }));
    expect(got.outcome).toBe('rejected');
    expect(got.yesShare).toBe(11 / 41);
  });

  it('keeps a unanimous share at 1 whatever the float rounding', () => {
    // 0.2 × 3 / 3 is 0.20000000000000004: divided by 0.2 the share landed above 1 and the
    // result failed its own schema (a 500 when such a poll closed).
    const got = result(
      vote('simple', ballots({ yes: 3 }, { collegeId: 'light' }), {
        colleges: [
          { id: 'heavy', share: 0.8 },
          { id: 'light', share: 0.2 },
        ],
      }),
    );
    expect(got).toMatchObject({ outcome: 'adopted', yesShare: 1 });
  });
});

describe('consent rounds', () => {
  // [stances, outcome]
  const cases: [Ballots, Outcome][] = [
    [{ consent: 12, objection: 1 }, 'objected'],
    [{ consent: 30, concern: 5, stand_aside: 2, objection: 1 }, 'objected'],
    [{ objection: 3 }, 'objected'],
    [{ consent: 4, concern: 3, stand_aside: 2 }, 'adopted'],
    [{ concern: 3, stand_aside: 2 }, 'adopted'], // concerns and stand-asides alone adopt
    [{ concern: 1 }, 'adopted'],
    [{ stand_aside: 6 }, 'adopted'],
    [{ consent: 1 }, 'adopted'],
    [{}, 'rejected'], // nobody answered: no consent was expressed
    [{ consent: 0, objection: 0 }, 'rejected'],
  ];

  it.each(cases)('%o → %s', (stances, outcome) => {
    const got = result(consent(ballots(stances), { electorate: 50 }));
    expect(got.outcome).toBe(outcome);
    expect(got.objections).toBe(stances.objection ?? 0);
    expect(got.yesShare).toBeUndefined();
    expect(got.totals).toEqual({
      consent: stances.consent ?? 0,
      concern: stances.concern ?? 0,
      objection: stances.objection ?? 0,
      stand_aside: stances.stand_aside ?? 0,
    });
  });

  it('is not weighted by college: one objection in a small college still blocks', () => {
    const counts = [
      ...ballots({ consent: 90 }, { collegeId: 'A' }),
      ...ballots({ objection: 1 }, { collegeId: 'B' }),
    ];
    const colleges = [
      { id: 'A', share: 0.9 },
      { id: 'B', share: 0.1 },
    ];
    const got = result(consent(counts, { colleges }));
    expect(got.outcome).toBe('objected');
    expect(got.byCollege.B).toEqual({ consent: 0, concern: 0, objection: 1, stand_aside: 0 });
  });
});

describe('totals and breakdowns', () => {
  it('adds up entries per choice, per college and per site', () => {
    const counts = [
      ...ballots({ yes: 3, no: 1 }, { collegeId: 'A', siteId: 'paris' }),
      ...ballots({ yes: 2, abstain: 1 }, { collegeId: 'A', siteId: 'lyon' }),
      ...ballots({ yes: 1, no: 4 }, { collegeId: 'B', siteId: 'lyon' }),
      ...ballots({ yes: 5 }, { collegeId: 'B', siteId: 'online' }),
      ...ballots({ no: 2 }, { collegeId: null, siteId: 'online' }),
    ];
    const got = result(vote('simple', counts));
    expect(got.totals).toEqual({ yes: 11, no: 7, abstain: 1 });
    expect(got.byCollege).toEqual({
      A: { yes: 5, no: 1, abstain: 1 },
      B: { yes: 6, no: 4, abstain: 0 },
    });
    expect(got.bySite).toEqual({
      paris: { yes: 3, no: 1, abstain: 0 },
      lyon: { yes: 3, no: 4, abstain: 1 },
      online: { yes: 5, no: 2, abstain: 0 },
    });
    expect(got.outcome).toBe('adopted');
  });

  it('leaves out null and missing ids', () => {
    const counts = [...ballots({ yes: 1 }, { collegeId: null }), ...ballots({ no: 1 })];
    const got = result(vote('simple', counts));
    expect(got.byCollege).toEqual({});
    expect(got.bySite).toEqual({});
    expect(got.totals).toEqual({ yes: 1, no: 1, abstain: 0 });
  });

  it('keeps an id named like an Object.prototype key as a plain entry', () => {
    const got = computeResult(vote('simple', ballots({ yes: 1 }, { siteId: '__proto__' })));
    expect(Object.keys(got.bySite)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(got.bySite)).toBe(Object.prototype);
  });

  it('sums many site entries to the national result (decentralised meeting)', () => {
    const sites = ['paris', 'lyon', 'lille', 'rennes', 'online'];
    const counts = sites.flatMap((siteId, i) => ballots({ yes: 10 + i, no: 12 - i }, { siteId }));
    const got = result(vote('absolute', counts));
    expect(got.totals).toEqual({ yes: 60, no: 50, abstain: 0 });
    expect(Object.keys(got.bySite)).toEqual(sites);
    expect(got.outcome).toBe('adopted');
  });
});

describe('input validation', () => {
  const valid = vote('simple', ballots({ yes: 1 }), { electorate: 10 });
  // [name, input, expected path, part of the message]
  const cases: [string, unknown, (string | number)[], string][] = [
    ['a vote without rule', { ...valid, rule: undefined }, ['rule'], 'rule'],
    [
      'members_absolute with colleges',
      { ...valid, rule: 'members_absolute', colleges: [{ id: 'A', share: 1 }] },
      ['rule'],
      'members_absolute',
    ],
    [
      'a consent stance in a vote',
      { ...valid, counts: ballots({ consent: 1 }) },
      ['counts', 0, 'choice'],
      'yes, no, abstain',
    ],
    [
      'a vote choice in a consent round',
      consent([...ballots({ consent: 1 }), ...ballots({ yes: 1 })]),
      ['counts', 1, 'choice'],
      'consent, concern, objection, stand_aside',
    ],
    [
      'an unknown choice',
      { ...valid, counts: [{ choice: 'maybe', count: 1 }] },
      ['counts', 0, 'choice'],
      '',
    ],
    [
      'a negative count',
      { ...valid, counts: [{ choice: 'yes', count: -1 }] },
      ['counts', 0, 'count'],
      '',
    ],
    [
      'a fractional count',
      { ...valid, counts: [{ choice: 'yes', count: 1.5 }] },
      ['counts', 0, 'count'],
      '',
    ],
    [
      'more participants than electorate',
      { ...valid, participants: 11 },
      ['participants'],
      'electorate',
    ],
    ['a quorum above 1', { ...valid, quorum: 1.5 }, ['quorum'], ''],
    ['a negative quorum', { ...valid, quorum: -0.1 }, ['quorum'], ''],
    ['a negative electorate', { ...valid, electorate: -1, participants: 0 }, ['electorate'], ''],
    ['an unknown kind', { ...valid, kind: 'lottery' }, ['kind'], ''],
    ['an unknown rule', { ...valid, rule: 'unanimity' }, ['rule'], ''],
    [
      'a college share above 1',
      { ...valid, colleges: [{ id: 'A', share: 1.2 }] },
      ['colleges', 0, 'share'],
      '',
    ],
    [
      'a college listed twice',
      {
        ...valid,
        colleges: [
          { id: 'A', share: 0.5 },
          { id: 'A', share: 0.5 },
        ],
      },
      ['colleges', 1, 'id'],
      'Duplicate',
    ],
  ];

  it.each(cases)('rejects %s', (_name, input, path, message) => {
    const parsed = resultInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(parsed.error?.issues)).toBeDefined();
    expect(issue?.message).toContain(message);
  });

  it('accepts a consent round without rule, members_absolute without colleges, null ids', () => {
    const inputs = [
      consent(ballots({ consent: 1 })),
      vote('members_absolute', ballots({ yes: 1 }), { electorate: 3, colleges: [] }),
      vote('simple', ballots({ yes: 1 }, { collegeId: null, siteId: null })),
    ];
    for (const input of inputs) expect(resultInputSchema.safeParse(input).success).toBe(true);
  });
});
