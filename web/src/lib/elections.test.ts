import { describe, expect, it } from 'vitest';
import {
  ballotFields,
  ballotFamily,
  ballotInstruction,
  callDatesKey,
  describeSelection,
  draftFromSelection,
  markLimit,
  rankingFromRanks,
  readBallotForm,
  seatsOfRound,
  sharedRanks,
  type BallotSpec,
} from './elections.ts';

const candidates = [
  { id: 'awa', label: 'Awa' },
  { id: 'bruno', label: 'Bruno' },
  { id: 'chloe', label: 'Chloé' },
];

const spec = (method: BallotSpec['method'], seats = 1): BallotSpec => ({
  pollId: 'p1',
  method,
  seats,
  candidates,
  gradeCount: 7,
});

/** A form as the browser sends it: each pair is one input's name and value. */
const formOf = (...pairs: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of pairs) form.append(name, value);
  return form;
};
const mark = (id: string): [string, string] => [ballotFields.mark, id];
const blank: [string, string] = [ballotFields.blank, 'on'];

describe('the ballot of each method', () => {
  it.each([
    ['plurality', 'single', 1],
    ['block', 'marks', 3],
    ['two_round', 'marks', 3],
    ['approval', 'marks', null],
    ['majority_judgment', 'grades', null],
    ['stv', 'ranking', null],
  ] as const)('%s: a %s ballot, at most %s names for 3 seats', (method, family, limit) => {
    expect(ballotFamily(method)).toBe(family);
    expect(markLimit(method, 3)).toBe(limit);
  });

  it('tells how many names to tick, one seat or several', () => {
    expect(ballotInstruction('block', 1)).toEqual({ key: 'electionBallot.instruction.marksOne' });
    expect(ballotInstruction('two_round', 4)).toEqual({
      key: 'electionBallot.instruction.marksUpTo',
      params: { max: 4 },
    });
    expect(ballotInstruction('stv', 4).key).toBe('electionBallot.instruction.stv');
    // A choice among options speaks of options, not names.
    expect(ballotInstruction('block', 2, 'options')).toEqual({
      key: 'electionBallotOptions.instruction.marksUpTo',
      params: { max: 2 },
    });
  });
});

describe('readBallotForm: plurality', () => {
  it('sends the one name chosen', () => {
    const reading = readBallotForm(formOf(mark('bruno')), spec('plurality'));
    expect(reading).toMatchObject({ ok: true, selection: { marks: ['bruno'] } });
  });

  it('sends a blank ballot only when « vote blanc » is chosen', () => {
    expect(readBallotForm(formOf(mark('blank')), spec('plurality'))).toMatchObject({
      ok: true,
      selection: { marks: [] },
    });
    expect(readBallotForm(formOf(), spec('plurality'))).toMatchObject({
      ok: false,
      problem: { field: 'ballot-p1', key: 'electionBallot.chooseOne' },
    });
  });

  it('refuses two names (a hand-made form) and a name not standing', () => {
    expect(readBallotForm(formOf(mark('awa'), mark('bruno')), spec('plurality'))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.tooMany', params: { max: 1 } },
    });
    expect(readBallotForm(formOf(mark('zoe')), spec('plurality'))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.unknownCandidate' },
    });
  });
});

describe('readBallotForm: names ticked', () => {
  it('takes up to one name per seat for block and two-round, and refuses one more', () => {
    const two = formOf(mark('awa'), mark('chloe'));
    expect(readBallotForm(two, spec('block', 2))).toMatchObject({
      ok: true,
      selection: { marks: ['awa', 'chloe'] },
    });
    const three = formOf(mark('awa'), mark('bruno'), mark('chloe'));
    const refused = readBallotForm(three, spec('two_round', 2));
    expect(refused).toMatchObject({
      ok: false,
      problem: { field: 'ballot-p1', key: 'electionBallot.tooMany', params: { max: 2 } },
    });
    // The form shows again what was ticked, so the voter unticks one rather than starting over.
    expect(refused.draft.marks).toEqual(['awa', 'bruno', 'chloe']);
  });

  it('takes any number of names for approval', () => {
    const all = formOf(mark('awa'), mark('bruno'), mark('chloe'));
    expect(readBallotForm(all, spec('approval', 1))).toMatchObject({ ok: true });
  });

  it('wants a name or « vote blanc », not both, not neither', () => {
    expect(readBallotForm(formOf(blank), spec('approval'))).toMatchObject({
      ok: true,
      selection: { marks: [] },
    });
    expect(readBallotForm(formOf(), spec('approval'))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.chooseSome' },
    });
    expect(readBallotForm(formOf(mark('awa'), blank), spec('block', 2))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.blankWithNames' },
    });
  });
});

describe('readBallotForm: majority judgment', () => {
  it('sends the grades given and leaves ungraded names out (the count gives them the lowest)', () => {
    const form = formOf([ballotFields.grade('awa'), '0'], [ballotFields.grade('chloe'), '6']);
    expect(readBallotForm(form, spec('majority_judgment'))).toMatchObject({
      ok: true,
      selection: { grades: { awa: 0, chloe: 6 } },
    });
  });

  it('refuses a grade outside the 7 offered, on that name', () => {
    const form = formOf([ballotFields.grade('bruno'), '7']);
    expect(readBallotForm(form, spec('majority_judgment'))).toMatchObject({
      ok: false,
      problem: { field: 'grade-bruno', key: 'electionBallot.unknownGrade' },
    });
  });

  it('wants a grade or « vote blanc »', () => {
    expect(readBallotForm(formOf(), spec('majority_judgment'))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.gradeSome' },
    });
    expect(readBallotForm(formOf(blank), spec('majority_judgment'))).toMatchObject({
      ok: true,
      selection: { grades: {} },
    });
  });
});

describe('readBallotForm: STV', () => {
  it('sends the names ranked, sorted by rank, the unranked left out', () => {
    const form = formOf(
      [ballotFields.rank('awa'), '2'],
      [ballotFields.rank('bruno'), ''],
      [ballotFields.rank('chloe'), '1'],
    );
    expect(readBallotForm(form, spec('stv'))).toMatchObject({
      ok: true,
      selection: { ranking: ['chloe', 'awa'] },
    });
  });

  it('refuses two names at one rank, naming them, on the first of them', () => {
    const form = formOf([ballotFields.rank('awa'), '1'], [ballotFields.rank('chloe'), '1']);
    expect(readBallotForm(form, spec('stv'))).toMatchObject({
      ok: false,
      problem: {
        field: 'rank-awa',
        key: 'electionBallot.duplicateRank',
        params: { rank: 1, names: 'Awa, Chloé' },
      },
    });
  });

  it('wants a name ranked or « vote blanc »', () => {
    expect(readBallotForm(formOf(), spec('stv'))).toMatchObject({
      ok: false,
      problem: { key: 'electionBallot.rankSome' },
    });
  });
});

describe('rankingFromRanks', () => {
  it('reads gaps as order only: ranks 1 and 3 give the same ballot as 1 and 2', () => {
    expect(rankingFromRanks({ awa: '3', bruno: '1', chloe: '' }, candidates)).toEqual({
      ok: true,
      ranking: ['bruno', 'awa'],
    });
  });

  it('refuses a rank beyond the number of names, or not a number', () => {
    expect(rankingFromRanks({ awa: '4' }, candidates.slice(0, 2))).toMatchObject({
      ok: false,
      code: 'invalid',
      candidateIds: ['awa'],
    });
    expect(rankingFromRanks({ bruno: 'premier' }, candidates)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });

  it('names the lowest rank given twice first', () => {
    expect(rankingFromRanks({ awa: '2', bruno: '1', chloe: '1' }, candidates)).toMatchObject({
      ok: false,
      code: 'duplicate',
      rank: 1,
      candidateIds: ['bruno', 'chloe'],
    });
  });
});

describe('sharedRanks', () => {
  it('lists only the ranks given to several names', () => {
    expect(sharedRanks({ awa: '1', bruno: '2', chloe: '2' })).toEqual(
      new Map([['2', ['bruno', 'chloe']]]),
    );
    expect(sharedRanks({ awa: '1', bruno: '', chloe: '' }).size).toBe(0);
  });
});

describe('a recorded ballot shown again, to change it', () => {
  it('ticks the names, checks the grades, sets the ranks', () => {
    expect(draftFromSelection({ marks: ['bruno'] })).toMatchObject({
      marks: ['bruno'],
      blank: false,
    });
    expect(draftFromSelection({ grades: { awa: 2 } }).grades).toEqual({ awa: 2 });
    expect(draftFromSelection({ ranking: ['chloe', 'awa'] }).ranks).toEqual({
      chloe: '1',
      awa: '2',
    });
    expect(draftFromSelection({ marks: [] }).blank).toBe(true);
  });

  it('says what was chosen in ballot order, ungraded names at the lowest grade', () => {
    const grades = ['Bien', 'Passable', 'À rejeter'];
    expect(describeSelection({ marks: ['chloe', 'awa'] }, candidates, grades)).toEqual([
      { kind: 'mark', label: 'Awa' },
      { kind: 'mark', label: 'Chloé' },
    ]);
    expect(describeSelection({ grades: { bruno: 0 } }, candidates, grades)).toEqual([
      { kind: 'grade', label: 'Awa', grade: 'À rejeter' },
      { kind: 'grade', label: 'Bruno', grade: 'Bien' },
      { kind: 'grade', label: 'Chloé', grade: 'À rejeter' },
    ]);
    expect(describeSelection({ ranking: ['chloe', 'awa'] }, candidates, grades)).toEqual([
      { kind: 'rank', label: 'Chloé', rank: 1 },
      { kind: 'rank', label: 'Awa', rank: 2 },
    ]);
    expect(describeSelection({ ranking: [] }, candidates, grades)).toEqual([{ kind: 'blank' }]);
  });
});

describe('seatsOfRound', () => {
  const twoRound = (rounds: Parameters<typeof seatsOfRound>[0]['rounds'], elected = 0) => ({
    method: 'two_round' as const,
    seats: 5,
    elected: new Array(elected).fill(null),
    rounds,
  });

  it('is every seat in round 1, and in round 2 what round 1 left, as its count says', () => {
    const rounds = [
      { round: 1, result: { count: { method: 'two_round', nextRound: { seats: 2 } } } },
      { round: 2, result: null },
    ];
    expect(seatsOfRound(twoRound(rounds, 3), { round: 1 })).toBe(5);
    expect(seatsOfRound(twoRound(rounds, 3), { round: 2 })).toBe(2);
  });

  it('without round 1’s count, is the seats nobody holds yet: 5 − 3 = 2', () => {
    expect(seatsOfRound(twoRound([{ round: 1, result: null }], 3), { round: 2 })).toBe(2);
  });

  it('is always every seat for the other methods', () => {
    const block = { method: 'block' as const, seats: 3, elected: [], rounds: [] };
    expect(seatsOfRound(block, { round: 2 })).toBe(3);
  });
});

describe('callDatesKey', () => {
  it.each([
    ['2027-01-01T00:00:00Z', '2027-01-10T00:00:00Z', 'election.callBetween'],
    ['2027-01-01T00:00:00Z', null, 'election.callFrom'],
    [null, '2027-01-10T00:00:00Z', 'election.callUntil'],
    [null, null, 'election.callNoDates'],
  ] as const)('opens %s, closes %s: %s', (openAt, closeAt, key) => {
    expect(callDatesKey(openAt, closeAt)).toBe(key);
  });
});
