import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRanking,
  countStv,
  droopQuota,
  STV_SCALE,
  stvCountSchema,
  tallyRankings,
  type StvCount,
  type StvStage,
} from './stv.ts';
import { parityCap, type SeatRules, type StandingCandidate } from './types.ts';

// ---- Helpers ---------------------------------------------------------------------------------

/** `'A'`: an option (no college, no category); `'A:k'`: college k; `'A:k:F'`: category F. */
function candidate(spec: string): StandingCandidate {
  const [id, college, category] = spec.split(':');
  return { id: id!, collegeId: college || null, category: category || null };
}

/** `[4, 'A>B']`: four ballots ranking A then B. */
type Ballots = [number, string][];
const expand = (ballots: Ballots) =>
  ballots.flatMap(([count, ranking]) =>
    Array.from({ length: count }, () => (ranking === '' ? [] : ranking.split('>'))),
  );

interface Election {
  candidates: string[];
  seats: number;
  reserved?: SeatRules['reserved'];
  parity?: boolean;
  /** Defaults to the candidates' order. */
  tieOrder?: string[];
  ballots: Ballots;
}

function count({ candidates, seats, reserved = [], parity = false, tieOrder, ballots }: Election) {
  const standing = candidates.map(candidate);
  const ids = standing.map((c) => c.id);
  const result = countStv(tallyRankings(expand(ballots)), {
    candidates: standing,
    rules: { seats, reserved, parity },
    tieOrder: tieOrder ?? ids,
  });
  // Every result is what the schema says.
  expect(stvCountSchema.parse(result)).toEqual(result);
  return result;
}

/** One line per stage: what it did, everyone's votes, exhausted (and lost), who was elected. */
function describeStage(stage: StvStage): string {
  const { action } = stage;
  const what =
    action.kind === 'first_count'
      ? 'first count'
      : action.kind === 'surplus'
        ? `surplus ${action.candidateId} (${action.surplus} at ${action.transferValue})`
        : action.kind === 'exclusion'
          ? `exclude ${action.candidateId}` +
            (action.protected.length ? ` (keeping ${action.protected.join(' ')})` : '')
          : `pass over ${action.candidateId} (${action.reason})`;
  const votes = Object.entries(stage.votes)
    .map(([id, value]) => `${id} ${value}`)
    .join(', ');
  const spent = `exhausted ${stage.exhausted}` + (stage.lost ? `, lost ${stage.lost}` : '');
  const elected = stage.elected.length ? ` | elected ${stage.elected.join(' ')}` : '';
  return `${what} | ${votes} | ${spent}${elected}`;
}

/** `A open 1`: A took an open seat at stage 1; `K1 k 3`: a seat reserved for college k. */
const seatsOf = (result: StvCount) =>
  result.seats.elected.map(
    (seat) => `${seat.candidateId} ${seat.reservedFor ?? 'open'} ${seat.round}`,
  );
const passedOverOf = (result: StvCount) =>
  result.seats.passedOver.map((entry) => `${entry.candidateId} ${entry.reason} ${entry.round}`);
const tiesOf = (result: StvCount) =>
  result.ties.map(
    (tie) => `${tie.about} ${tie.candidateIds.join(' ')} by ${tie.decidedBy} at ${tie.round}`,
  );

interface Case {
  name: string;
  election: Election;
  quota: number;
  stages: string[];
  seats: string[];
  order?: string[];
  passedOver?: string[];
  ties?: string[];
  unfilled?: StvCount['seats']['unfilled'];
}

function check(example: Case) {
  const result = count(example.election);
  expect(result.quota).toBe(example.quota);
  expect(result.stages.map(describeStage)).toEqual(example.stages);
  expect(seatsOf(result)).toEqual(example.seats);
  expect(passedOverOf(result)).toEqual(example.passedOver ?? []);
  expect(tiesOf(result)).toEqual(example.ties ?? []);
  expect(result.seats.unfilled).toEqual(example.unfilled ?? []);
  if (example.order) expect(result.order).toEqual(example.order);
}

// ---- Cases worked by hand --------------------------------------------------------------------

describe('droopQuota', () => {
  it.each([
    // valid, seats, ⌊valid ÷ (seats + 1)⌋ + 1
    [5, 1, 3], // ⌊5/2⌋ + 1 = 2 + 1
    [100, 1, 51], // ⌊100/2⌋ + 1: one more than half
    [20, 3, 6], // ⌊20/4⌋ + 1 = 5 + 1
    [9, 2, 4], // ⌊9/3⌋ + 1 = 3 + 1
    [11, 2, 4], // ⌊11/3⌋ = 3 (3.67), + 1
    [12, 2, 5], // ⌊12/3⌋ + 1 = 4 + 1
    [0, 1, 1], // no valid ballot: ⌊0⌋ + 1
  ])('%i valid ballots, %i seats → %i', (valid, seats, quota) => {
    expect(droopQuota(valid, seats)).toBe(quota);
  });
});

describe('one seat: STV is the instant runoff', () => {
  it.each<Case>([
    {
      // 5 valid, quota ⌊5/2⌋ + 1 = 3. Stage 1: A 3 ≥ 3, elected; the only seat is taken: stop.
      // B, never excluded, ranks after A.
      name: 'a majority of first preferences wins at once',
      election: {
        candidates: ['A', 'B'],
        seats: 1,
        ballots: [
          [3, 'A'],
          [2, 'B>A'],
        ],
      },
      quota: 3,
      stages: ['first count | A 3, B 2 | exhausted 0 | elected A'],
      seats: ['A open 1'],
      order: ['A', 'B'],
    },
    {
      // 9 valid, quota ⌊9/2⌋ + 1 = 5. Stage 1: A 4, B 3, C 2: nobody has 5.
      // Stage 2: C (2) is excluded; C's 2 papers go to B: 3 + 2 = 5 ≥ 5, B elected.
      // (Plurality would have chosen A.) Order: B, A (continuing), C (excluded).
      name: 'the lowest is excluded and their papers decide',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 1,
        ballots: [
          [4, 'A'],
          [3, 'B'],
          [2, 'C>B'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 4, B 3, C 2 | exhausted 0',
        'exclude C | A 4, B 5, C 0 | exhausted 0 | elected B',
      ],
      seats: ['B open 2'],
      order: ['B', 'A', 'C'],
    },
    {
      // 9 valid, quota 5. Stage 1: A 4, B 3, C 2. Stage 2: C excluded, C's 2 papers rank
      // nobody else: exhausted 2. Stage 3: B (3) excluded, exhausted 2 + 3 = 5. A is the only
      // continuing candidate for the one seat: elected with 4 votes, below the quota (rule 52).
      name: 'exhausted papers: the last continuing candidate is elected below the quota',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 1,
        ballots: [
          [4, 'A'],
          [3, 'B'],
          [2, 'C'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 4, B 3, C 2 | exhausted 0',
        'exclude C | A 4, B 3, C 0 | exhausted 2',
        'exclude B | A 4, B 0, C 0 | exhausted 5 | elected A',
      ],
      seats: ['A open 3'],
      order: ['A', 'B', 'C'],
    },
    {
      // 12 valid, quota ⌊12/2⌋ + 1 = 7. Stage 1: A 5, B 4, C 1, D 2.
      // Stage 2: C (1) excluded, its paper C>B goes to B: 5.
      // Stage 3: D (2) excluded; its papers D>C>B skip C (excluded) and go to B: 5 + 2 = 7,
      // elected.
      name: 'a preference for an excluded candidate is skipped',
      election: {
        candidates: ['A', 'B', 'C', 'D'],
        seats: 1,
        ballots: [
          [5, 'A'],
          [4, 'B'],
          [1, 'C>B'],
          [2, 'D>C>B'],
        ],
      },
      quota: 7,
      stages: [
        'first count | A 5, B 4, C 1, D 2 | exhausted 0',
        'exclude C | A 5, B 5, C 0, D 2 | exhausted 0',
        'exclude D | A 5, B 7, C 0, D 0 | exhausted 0 | elected B',
      ],
      seats: ['B open 3'],
      order: ['B', 'A', 'D', 'C'],
    },
  ])('$name', check);
});

describe('several seats: surpluses by the Weighted Inclusive Gregory Method', () => {
  it.each<Case>([
    {
      // The food election (3 seats, 20 ballots): quota ⌊20/4⌋ + 1 = 6.
      // Stage 1: Oranges 4, Pears 2, Chocolate 8 + 4 = 12, Strawberries 1, Hamburgers 1.
      //   Chocolate 12 ≥ 6: elected, surplus 6.
      // Stage 2: transfer value 6 / 12 = 0.5 on all 12 of Chocolate's papers:
      //   8 C>S → Strawberries 1 + 8 × 0.5 = 5; 4 C>H → Hamburgers 1 + 4 × 0.5 = 3; C keeps 6.
      // Stage 3: nobody has 6; Pears (2) excluded, 2 P>O → Oranges 4 + 2 = 6: elected (no
      //   surplus: exactly the quota).
      // Stage 4: one seat left for S 5 and H 3: H excluded. H's papers: 1 H (worth 1) and
      //   4 C>H (worth 0.5 each = 2) rank nobody after H: exhausted 3. S is the last one
      //   continuing for the last seat: elected with 5.
      //   Check: 6 + 6 + 5 + exhausted 3 = 20.
      name: 'the food election',
      election: {
        candidates: ['O', 'P', 'C', 'S', 'H'],
        seats: 3,
        ballots: [
          [4, 'O'],
          [2, 'P>O'],
          [8, 'C>S'],
          [4, 'C>H'],
          [1, 'S'],
          [1, 'H'],
        ],
      },
      quota: 6,
      stages: [
        'first count | O 4, P 2, C 12, S 1, H 1 | exhausted 0 | elected C',
        'surplus C (6 at 0.5) | O 4, P 2, C 6, S 5, H 3 | exhausted 0',
        'exclude P | O 6, P 0, C 6, S 5, H 3 | exhausted 0 | elected O',
        'exclude H | O 6, P 0, C 6, S 5, H 0 | exhausted 3 | elected S',
      ],
      seats: ['C open 1', 'O open 3', 'S open 4'],
      order: ['C', 'O', 'S', 'H', 'P'],
    },
    {
      // 2 seats, 10 valid: quota ⌊10/3⌋ + 1 = 4.
      // Stage 1: A 4 + 2 + 1 = 7, elected, surplus 3; B 2, C 1.
      // Stage 2: 3/7 = 0.428571… truncated to 0.42857 per paper worth 1.
      //   4 A>B → B 2 + 4 × 0.42857 = 2 + 1.71428 = 3.71428
      //   2 A>C → C 1 + 2 × 0.42857 = 1 + 0.85714 = 1.85714
      //   1 A   → exhausted 0.42857
      //   moved 7 × 0.42857 = 2.99999 of the surplus 3: lost 0.00001. A keeps 4.
      //   Check: 4 + 3.71428 + 1.85714 + 0.42857 + 0.00001 = 10.
      // Stage 3: nobody has 4. C (1.85714) excluded: 1 C worth 1 and 2 A>C worth 0.42857 rank
      //   nobody after C: exhausted 0.42857 + 1 + 0.85714 = 2.28571. B, alone, takes the seat.
      name: 'a surplus with a truncated transfer value (3/7) and a paper that has no next choice',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 2,
        ballots: [
          [4, 'A>B'],
          [2, 'A>C'],
          [1, 'A'],
          [2, 'B'],
          [1, 'C'],
        ],
      },
      quota: 4,
      stages: [
        'first count | A 7, B 2, C 1 | exhausted 0 | elected A',
        'surplus A (3 at 0.42857) | A 4, B 3.71428, C 1.85714 | exhausted 0.42857, lost 0.00001',
        'exclude C | A 4, B 3.71428, C 0 | exhausted 2.28571, lost 0.00001 | elected B',
      ],
      seats: ['A open 1', 'B open 3'],
    },
    {
      // 3 seats, 23 valid: quota ⌊23/4⌋ + 1 = 6.
      // Stage 1: A 10 (elected, surplus 4), B 5, C 3, D 3, E 2.
      // Stage 2: 4/10 = 0.4 on A's 10 papers A>B>C → B 5 + 4 = 9 ≥ 6: elected, surplus 3.
      // Stage 3: B's votes 9, surplus 3; each paper goes on worth ⌊3 × its value ÷ 9⌋:
      //   5 B>D worth 1   → ⌊0.33333…⌋ = 0.33333 each → D 3 + 1.66665 = 4.66665
      //   10 A>B>C worth 0.4 → ⌊3 × 0.4 / 9 = 0.13333…⌋ = 0.13333 each → C 3 + 1.3333 = 4.3333
      //   moved 1.66665 + 1.3333 = 2.99995: lost 0.00005. B keeps 6.
      // Stage 4: E (2) excluded, its 2 papers exhausted.
      // Stage 5: C (4.3333) excluded: 3 C worth 1 and 10 A>B>C worth 0.13333 rank nobody
      //   after C: exhausted 2 + 3 + 1.3333 = 6.3333. D takes the last seat.
      //   Check: 6 + 6 + 4.66665 + 6.3333 + 0.00005 = 23.
      name: 'a surplus of papers received at a fraction of a vote',
      election: {
        candidates: ['A', 'B', 'C', 'D', 'E'],
        seats: 3,
        ballots: [
          [10, 'A>B>C'],
          [5, 'B>D'],
          [3, 'C'],
          [3, 'D'],
          [2, 'E'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 10, B 5, C 3, D 3, E 2 | exhausted 0 | elected A',
        'surplus A (4 at 0.4) | A 6, B 9, C 3, D 3, E 2 | exhausted 0 | elected B',
        'surplus B (3 at 0.33333) | A 6, B 6, C 4.3333, D 4.66665, E 2 | exhausted 0, lost 0.00005',
        'exclude E | A 6, B 6, C 4.3333, D 4.66665, E 0 | exhausted 2, lost 0.00005',
        'exclude C | A 6, B 6, C 0, D 4.66665, E 0 | exhausted 6.3333, lost 0.00005 | elected D',
      ],
      seats: ['A open 1', 'B open 2', 'D open 5'],
      order: ['A', 'B', 'D', 'C', 'E'],
    },
    {
      // 3 seats, 16 valid: quota ⌊16/4⌋ + 1 = 5.
      // Stage 1: A 6 and B 5 both reach 5: elected, A first (more votes). C 2, D 3.
      // Stage 2: A's surplus 1; 1/6 = 0.16666 (truncated). The 6 papers A>B>C skip B (elected)
      //   and go to C: 2 + 6 × 0.16666 = 2 + 0.99996 = 2.99996; lost 0.00004. B has no surplus.
      // Stage 3: C 2.99996 < D 3 (truncation decides): C excluded, 2 C + 6 × 0.16666 exhausted
      //   = 2.99996; D takes the last seat. Check: 5 + 5 + 3 + 2.99996 + 0.00004 = 16.
      name: 'a preference for an elected candidate is skipped; truncation can decide',
      election: {
        candidates: ['A', 'B', 'C', 'D'],
        seats: 3,
        ballots: [
          [6, 'A>B>C'],
          [5, 'B'],
          [2, 'C'],
          [3, 'D'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 6, B 5, C 2, D 3 | exhausted 0 | elected A B',
        'surplus A (1 at 0.16666) | A 5, B 5, C 2.99996, D 3 | exhausted 0, lost 0.00004',
        'exclude C | A 5, B 5, C 0, D 3 | exhausted 2.99996, lost 0.00004 | elected D',
      ],
      seats: ['A open 1', 'B open 1', 'D open 3'],
    },
    {
      // 2 seats, 20 valid: quota ⌊20/3⌋ + 1 = 7.
      // Stage 1: A 8 (elected, surplus 1), B 3, C 4, D 5.
      // Stage 2: 1/8 = 0.125 on 8 A>B>C → B 3 + 1 = 4.
      // Stage 3: B 4 = C 4, the lowest. At stage 1 (the latest earlier stage where they
      //   differed) B had 3 < C 4: B excluded. 3 B exhausted; 8 A>B>C go on to C at the value
      //   they had, 0.125: C 4 + 1 = 5.
      // Stage 4: C 5 = D 5. Stage 3 equal; stage 2: C 4 < D 5: C excluded. 4 C worth 1 and
      //   8 × 0.125 exhausted: 3 + 5 = 8. D takes the last seat. Check: 7 + 5 + 8 = 20.
      name: 'an excluded candidate’s papers go on at the fractional value they arrived with',
      election: {
        candidates: ['A', 'B', 'C', 'D'],
        seats: 2,
        ballots: [
          [8, 'A>B>C'],
          [3, 'B'],
          [4, 'C'],
          [5, 'D'],
        ],
      },
      quota: 7,
      stages: [
        'first count | A 8, B 3, C 4, D 5 | exhausted 0 | elected A',
        'surplus A (1 at 0.125) | A 7, B 4, C 4, D 5 | exhausted 0',
        'exclude B | A 7, B 0, C 5, D 5 | exhausted 3',
        'exclude C | A 7, B 0, C 0, D 5 | exhausted 8 | elected D',
      ],
      seats: ['A open 1', 'D open 4'],
      ties: ['exclusion B C by earlier_round at 3', 'exclusion C D by earlier_round at 4'],
    },
  ])('$name', check);
});

describe('ties', () => {
  it.each<Case>([
    {
      // 1 seat, 11 valid: quota ⌊11/2⌋ + 1 = 6. The lot order (Y X A Z) would decide the
      // other way each time: it is the earlier stages that decide.
      // Stage 1: A 5, X 3, Y 2, Z 1. Stage 2: Z excluded, Z>Y → Y 3.
      // Stage 3: X 3 = Y 3. Latest earlier stage where they differed: stage 1, X 3 > Y 2: Y
      //   excluded. 2 Y>X → X 5; 1 Z>Y ranks nobody after Y: exhausted 1.
      // Stage 4: A 5 = X 5. Stage 3 equal; stage 2: A 5 > X 3: X excluded. 3 X>A → A 8;
      //   2 Y>X exhausted: 3. A elected. Check: 8 + 3 = 11.
      name: 'exclusion ties decided by the latest earlier stage where the votes differed',
      election: {
        candidates: ['A', 'X', 'Y', 'Z'],
        seats: 1,
        tieOrder: ['Y', 'X', 'A', 'Z'],
        ballots: [
          [5, 'A'],
          [3, 'X>A'],
          [2, 'Y>X'],
          [1, 'Z>Y'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 5, X 3, Y 2, Z 1 | exhausted 0',
        'exclude Z | A 5, X 3, Y 3, Z 0 | exhausted 0',
        'exclude Y | A 5, X 5, Y 0, Z 0 | exhausted 1',
        'exclude X | A 8, X 0, Y 0, Z 0 | exhausted 3 | elected A',
      ],
      seats: ['A open 4'],
      ties: ['exclusion Y X by earlier_round at 3', 'exclusion X A by earlier_round at 4'],
      order: ['A', 'X', 'Y', 'Z'],
    },
    {
      // 2 seats, 21 valid: quota ⌊21/3⌋ + 1 = 8. Lot order A B X Y R (by lot Y would go).
      // Stage 1: A 10 (elected, surplus 2), X 3, Y 2, R 1, B 5.
      // Stage 2: 2/10 = 0.2 on 10 A>Y → Y 2 + 2 = 4 (now above X 3).
      // Stage 3: R (1) excluded, R>X → X 4.
      // Stage 4: X 4 = Y 4 (the standing after stage 3), the lowest. The latest earlier stage
      //   where they differed is stage 2: X 3 < Y 4, X excluded (the first stage, X 3 > Y 2,
      //   would have said Y). 3 X + 1 R>X exhausted: 4.
      // Stage 5: Y (4) excluded: 2 Y + 10 × 0.2 exhausted: 8. B takes the seat.
      //   Check: 8 + 5 + 8 = 21.
      name: 'an exclusion tie looks at the latest earlier stage, not the first',
      election: {
        candidates: ['A', 'X', 'Y', 'R', 'B'],
        seats: 2,
        tieOrder: ['A', 'B', 'X', 'Y', 'R'],
        ballots: [
          [10, 'A>Y'],
          [3, 'X'],
          [2, 'Y'],
          [1, 'R>X'],
          [5, 'B'],
        ],
      },
      quota: 8,
      stages: [
        'first count | A 10, X 3, Y 2, R 1, B 5 | exhausted 0 | elected A',
        'surplus A (2 at 0.2) | A 8, X 3, Y 4, R 1, B 5 | exhausted 0',
        'exclude R | A 8, X 4, Y 4, R 0, B 5 | exhausted 0',
        'exclude X | A 8, X 0, Y 4, R 0, B 5 | exhausted 4',
        'exclude Y | A 8, X 0, Y 0, R 0, B 5 | exhausted 8 | elected B',
      ],
      seats: ['A open 1', 'B open 5'],
      ties: ['exclusion X Y by earlier_round at 4'],
    },
    {
      // 1 seat, 7 valid: quota ⌊7/2⌋ + 1 = 4. Stage 1: A 3, B 2, C 2: B and C tie at the
      // first stage, nothing earlier: the lot order decides, the one later in it (C) is
      // excluded. 2 C>B → B 4: elected.
      name: 'an exclusion tie decided by lot (lot order A B C: C excluded)',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 1,
        tieOrder: ['A', 'B', 'C'],
        ballots: [
          [3, 'A'],
          [2, 'B>C'],
          [2, 'C>B'],
        ],
      },
      quota: 4,
      stages: [
        'first count | A 3, B 2, C 2 | exhausted 0',
        'exclude C | A 3, B 4, C 0 | exhausted 0 | elected B',
      ],
      seats: ['B open 2'],
      ties: ['exclusion C B by lot at 2'],
    },
    {
      // The same ballots with the lot order A C B: B excluded, 2 B>C → C 4: elected.
      name: 'an exclusion tie decided by lot (lot order A C B: B excluded)',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 1,
        tieOrder: ['A', 'C', 'B'],
        ballots: [
          [3, 'A'],
          [2, 'B>C'],
          [2, 'C>B'],
        ],
      },
      quota: 4,
      stages: [
        'first count | A 3, B 2, C 2 | exhausted 0',
        'exclude B | A 3, B 0, C 4 | exhausted 0 | elected C',
      ],
      seats: ['C open 2'],
      ties: ['exclusion B C by lot at 2'],
    },
    {
      // 2 seats, 15 valid: quota ⌊15/3⌋ + 1 = 6.
      // Stage 1: A 8 (elected, surplus 2), X 3, Y 2, Z 2.
      // Stage 2: 2/8 = 0.25 on 8 papers: 4 A>Y → Y 3, 4 A>Z → Z 3.
      // Stage 3: X = Y = Z = 3. At stage 1: X 3, Y 2, Z 2: the lowest there are Y and Z, equal
      //   at every stage: lot, the later in (A X Y Z) is Z: excluded (then Y, then X, is the
      //   order the rule gives the three). 2 Z + 4 × 0.25 exhausted = 3.
      // Stage 4: X 3 = Y 3; stage 3 and 2 equal, stage 1 X 3 > Y 2: Y excluded, 2 Y + 1
      //   exhausted: 6. X takes the last seat. Check: 6 + 3 + 6 = 15.
      name: 'a three-way tie narrowed by an earlier stage, then drawn by lot',
      election: {
        candidates: ['A', 'X', 'Y', 'Z'],
        seats: 2,
        ballots: [
          [4, 'A>Y'],
          [4, 'A>Z'],
          [3, 'X'],
          [2, 'Y'],
          [2, 'Z'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 8, X 3, Y 2, Z 2 | exhausted 0 | elected A',
        'surplus A (2 at 0.25) | A 6, X 3, Y 3, Z 3 | exhausted 0',
        'exclude Z | A 6, X 3, Y 3, Z 0 | exhausted 3',
        'exclude Y | A 6, X 3, Y 0, Z 0 | exhausted 6 | elected X',
      ],
      seats: ['A open 1', 'X open 4'],
      ties: ['exclusion Z Y X by lot at 3', 'exclusion Y X by earlier_round at 4'],
    },
    {
      // 3 seats, 15 valid: quota ⌊15/4⌋ + 1 = 4.
      // Stage 1: A 5 = B 5, both elected with equal surpluses of 1; no earlier stage: the lot
      //   order (B A …) puts B first, for the election and the surplus.
      // Stage 2: B's surplus, 1/5 = 0.2 on 5 B>D → D 1 + 1 = 2.
      // Stage 3: A's surplus, 0.2 on 5 A>C → C 2 + 1 = 3.
      // Stage 4: D 2 = E 2 after stage 3; equal after stage 2 too; stage 1 D 1 < E 2: D
      //   excluded. 1 D + 5 × 0.2 exhausted: 2.
      // Stage 5: E (2) excluded: exhausted 4; C takes the last seat. Check: 4 + 4 + 3 + 4 = 15.
      name: 'equal surpluses: the lot order decides (B first)',
      election: {
        candidates: ['A', 'B', 'C', 'D', 'E'],
        seats: 3,
        tieOrder: ['B', 'A', 'C', 'D', 'E'],
        ballots: [
          [5, 'A>C'],
          [5, 'B>D'],
          [2, 'C'],
          [1, 'D'],
          [2, 'E'],
        ],
      },
      quota: 4,
      stages: [
        'first count | A 5, B 5, C 2, D 1, E 2 | exhausted 0 | elected B A',
        'surplus B (1 at 0.2) | A 5, B 4, C 2, D 2, E 2 | exhausted 0',
        'surplus A (1 at 0.2) | A 4, B 4, C 3, D 2, E 2 | exhausted 0',
        'exclude D | A 4, B 4, C 3, D 0, E 2 | exhausted 2',
        'exclude E | A 4, B 4, C 3, D 0, E 0 | exhausted 4 | elected C',
      ],
      seats: ['B open 1', 'A open 1', 'C open 5'],
      ties: ['surplus B A by lot at 1', 'exclusion D E by earlier_round at 4'],
      order: ['B', 'A', 'C', 'E', 'D'],
    },
    {
      // The same ballots, lot order A B …: A elected first and A's surplus goes first
      // (stage 2: C 3), then B's (stage 3: D 2). Stage 4: D 2 = E 2 after stage 3; after
      // stage 2, D 1 < E 2: D excluded (by the earlier stage again); then E. C elected.
      name: 'equal surpluses: the lot order decides (A first)',
      election: {
        candidates: ['A', 'B', 'C', 'D', 'E'],
        seats: 3,
        ballots: [
          [5, 'A>C'],
          [5, 'B>D'],
          [2, 'C'],
          [1, 'D'],
          [2, 'E'],
        ],
      },
      quota: 4,
      stages: [
        'first count | A 5, B 5, C 2, D 1, E 2 | exhausted 0 | elected A B',
        'surplus A (1 at 0.2) | A 4, B 5, C 3, D 1, E 2 | exhausted 0',
        'surplus B (1 at 0.2) | A 4, B 4, C 3, D 2, E 2 | exhausted 0',
        'exclude D | A 4, B 4, C 3, D 0, E 2 | exhausted 2',
        'exclude E | A 4, B 4, C 3, D 0, E 0 | exhausted 4 | elected C',
      ],
      seats: ['A open 1', 'B open 1', 'C open 5'],
      ties: ['surplus A B by lot at 1', 'exclusion D E by earlier_round at 4'],
    },
    {
      // 4 seats, 25 valid: quota ⌊25/5⌋ + 1 = 6.
      // Stage 1: A 8 (surplus 2), Y 7 (surplus 1) elected; X 5, Z 3, W 2.
      // Stage 2: the larger surplus first: A's, 2/8 = 0.25 on 8 A>X → X 5 + 2 = 7: elected,
      //   surplus 1.
      // Stage 3: Y and X both have 7 (surplus 1). Stage 2 equal; stage 1 Y 7 > X 5: Y first
      //   (the lot order X Y … would have put X first). 1/7 = 0.14285 on 7 Y>Z → Z 3 + 0.99995
      //   = 3.99995; lost 1 − 0.99995 = 0.00005.
      // Stage 4: X's surplus 1 of 7: 5 X>W worth 1 go on worth ⌊1/7⌋ = 0.14285 → W 2 + 0.71425
      //   = 2.71425; 8 A>X worth 0.25 go on worth ⌊0.25/7 = 0.035714…⌋ = 0.03571 and rank
      //   nobody after X: exhausted 8 × 0.03571 = 0.28568. Moved 0.99993: lost 0.00005 +
      //   0.00007 = 0.00012.
      // Stage 5: W (2.71425) excluded: 2 W + 5 × 0.14285 exhausted: 0.28568 + 2.71425 =
      //   2.99993. Z takes the last seat. Check: 6 × 3 + 3.99995 + 2.99993 + 0.00012 = 25.
      name: 'equal surpluses decided by an earlier stage',
      election: {
        candidates: ['A', 'Y', 'X', 'Z', 'W'],
        seats: 4,
        tieOrder: ['X', 'Y', 'A', 'Z', 'W'],
        ballots: [
          [8, 'A>X'],
          [7, 'Y>Z'],
          [5, 'X>W'],
          [3, 'Z'],
          [2, 'W'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 8, Y 7, X 5, Z 3, W 2 | exhausted 0 | elected A Y',
        'surplus A (2 at 0.25) | A 6, Y 7, X 7, Z 3, W 2 | exhausted 0 | elected X',
        'surplus Y (1 at 0.14285) | A 6, Y 6, X 7, Z 3.99995, W 2 | exhausted 0, lost 0.00005',
        'surplus X (1 at 0.14285) | A 6, Y 6, X 6, Z 3.99995, W 2.71425 | exhausted 0.28568, lost 0.00012',
        'exclude W | A 6, Y 6, X 6, Z 3.99995, W 0 | exhausted 2.99993, lost 0.00012 | elected Z',
      ],
      seats: ['A open 1', 'Y open 1', 'X open 2', 'Z open 5'],
      ties: ['surplus Y X by earlier_round at 3'],
    },
  ])('$name', check);
});

describe('the end of the count', () => {
  it.each<Case>([
    {
      // 3 seats, 6 valid: quota ⌊6/4⌋ + 1 = 2. Stage 1: A 5 ≥ 2, elected. B and C are the
      // only continuing candidates for the 2 seats left: both elected at once (C with no vote),
      // and A's surplus is not transferred (rule 52: no further transfer).
      name: 'as many candidates as seats: all elected at the first stage',
      election: {
        candidates: ['A', 'B', 'C'],
        seats: 3,
        ballots: [
          [5, 'A'],
          [1, 'B'],
        ],
      },
      quota: 2,
      stages: ['first count | A 5, B 1, C 0 | exhausted 0 | elected A B C'],
      seats: ['A open 1', 'B open 1', 'C open 1'],
    },
    {
      // 3 seats, 5 valid: quota ⌊5/4⌋ + 1 = 2. Stage 1: A 3 and B 2 reach it: elected, A
      // first. Nobody is left for the third seat: unfilled.
      name: 'fewer candidates than seats: a seat stays unfilled',
      election: {
        candidates: ['A', 'B'],
        seats: 3,
        ballots: [
          [3, 'A>B'],
          [2, 'B'],
        ],
      },
      quota: 2,
      stages: ['first count | A 3, B 2 | exhausted 0 | elected A B'],
      seats: ['A open 1', 'B open 1'],
      unfilled: [{ reservedFor: null, seats: 1 }],
    },
    {
      // 1 seat, 13 valid: quota 7. Stage 1: A 7, elected: the seat is taken, the count stops.
      // The others rank by their votes: C 3, B 2, D 1 (a full ranking of the options).
      name: 'the seats run out: the others rank by their votes',
      election: {
        candidates: ['A', 'B', 'C', 'D'],
        seats: 1,
        ballots: [
          [7, 'A'],
          [2, 'B'],
          [3, 'C'],
          [1, 'D'],
        ],
      },
      quota: 7,
      stages: ['first count | A 7, B 2, C 3, D 1 | exhausted 0 | elected A'],
      seats: ['A open 1'],
      order: ['A', 'C', 'B', 'D'],
    },
    {
      // 1 seat, 12 valid: quota 7. Stage 1: A 7, elected. B 2 = C 2 in the order after A:
      // no earlier stage, lot order (C B …): C first.
      name: 'the seats run out: equal ones are ranked by lot',
      election: {
        candidates: ['A', 'B', 'C', 'D'],
        seats: 1,
        tieOrder: ['C', 'B', 'A', 'D'],
        ballots: [
          [7, 'A'],
          [2, 'B'],
          [2, 'C'],
          [1, 'D'],
        ],
      },
      quota: 7,
      stages: ['first count | A 7, B 2, C 2, D 1 | exhausted 0 | elected A'],
      seats: ['A open 1'],
      order: ['A', 'C', 'B', 'D'],
      ties: ['rank C B by lot at 1'],
    },
    {
      // 5 blank ballots are counted but not valid: 5 valid, quota ⌊5/2⌋ + 1 = 3 (not
      // ⌊10/2⌋ + 1 = 6). Stage 1: A 3, elected.
      name: 'blank ballots do not count towards the quota',
      election: {
        candidates: ['A', 'B'],
        seats: 1,
        ballots: [
          [5, ''],
          [3, 'A'],
          [2, 'B'],
        ],
      },
      quota: 3,
      stages: ['first count | A 3, B 2 | exhausted 0 | elected A'],
      seats: ['A open 1'],
    },
    {
      // Nothing but blank ballots: 0 valid, quota 1, nobody elected, both seats unfilled.
      name: 'no valid ballot: nobody is elected',
      election: { candidates: ['A', 'B', 'C'], seats: 2, ballots: [[4, '']] },
      quota: 1,
      stages: ['first count | A 0, B 0, C 0 | exhausted 0'],
      seats: [],
      unfilled: [{ reservedFor: null, seats: 2 }],
      ties: ['rank A B C by lot at 1'],
    },
  ])('$name', check);

  it('reports blank ballots', () => {
    expect(
      count({
        candidates: ['A'],
        seats: 1,
        ballots: [
          [2, ''],
          [1, 'A'],
        ],
      }),
    ).toMatchObject({
      method: 'stv',
      valid: 1,
      blank: 2,
    });
  });
});

describe('reserved seats and parity', () => {
  it.each<Case>([
    {
      // 3 seats, one reserved for college k (2 open). 16 valid: quota ⌊16/4⌋ + 1 = 5.
      // Stage 1: A 5 elected, to an open seat (college m has no reserved seat). B 4, C 3,
      //   K1 2, K2 2. Left: 1 open + 1 reserved for k.
      // Stage 2: K1 2 = K2 2 are the lowest; k has 2 continuing candidates for 1 seat, so
      //   neither is needed: lot (… K1 K2), K2 excluded. 2 K2>C → C 5: elected, open seat.
      //   Left: the seat reserved for k. B (college m) cannot take it: continue.
      // Stage 3: K1 (2) has the fewest votes but is k's last candidate: kept. B (4) excluded,
      //   4 B exhausted. K1 takes k's seat with 2 votes, never near the quota.
      //   Check: 5 + 5 + 2 + 4 = 16.
      name: 'a reserved seat filled by a candidate who never reaches the quota',
      election: {
        candidates: ['A:m', 'B:m', 'C:m', 'K1:k', 'K2:k'],
        seats: 3,
        reserved: [{ collegeId: 'k', seats: 1 }],
        ballots: [
          [5, 'A'],
          [4, 'B'],
          [3, 'C'],
          [2, 'K1'],
          [2, 'K2>C'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 5, B 4, C 3, K1 2, K2 2 | exhausted 0 | elected A',
        'exclude K2 | A 5, B 4, C 5, K1 2, K2 0 | exhausted 0 | elected C',
        'exclude B (keeping K1) | A 5, B 0, C 5, K1 2, K2 0 | exhausted 4 | elected K1',
      ],
      seats: ['A open 1', 'C open 2', 'K1 k 3'],
      ties: ['exclusion K2 K1 by lot at 2'],
    },
    {
      // The same with the lot order … K2 K1: K1 excluded at stage 2 (2 K1 exhausted); C stays
      //   at 3. Left: 1 open + 1 for k; B, C, K2 cannot all be seated.
      // Stage 3: K2 (2) is k's last candidate: kept; C (3) excluded, 3 C exhausted: 5.
      //   B and K2 can now both take a seat: B the open one, K2 k's. Check: 5 + 4 + 2 + 5 = 16.
      name: 'a reserved seat: the other candidate of the college, by lot',
      election: {
        candidates: ['A:m', 'B:m', 'C:m', 'K1:k', 'K2:k'],
        seats: 3,
        reserved: [{ collegeId: 'k', seats: 1 }],
        tieOrder: ['A', 'B', 'C', 'K2', 'K1'],
        ballots: [
          [5, 'A'],
          [4, 'B'],
          [3, 'C'],
          [2, 'K1'],
          [2, 'K2>C'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 5, B 4, C 3, K1 2, K2 2 | exhausted 0 | elected A',
        'exclude K1 | A 5, B 4, C 3, K1 0, K2 2 | exhausted 2',
        'exclude C (keeping K2) | A 5, B 4, C 0, K1 0, K2 2 | exhausted 5 | elected B K2',
      ],
      seats: ['A open 1', 'B open 3', 'K2 k 3'],
      ties: ['exclusion K1 K2 by lot at 2'],
    },
    {
      // 2 seats, one reserved for k (1 open). 13 valid: quota ⌊13/3⌋ + 1 = 5.
      // Stage 1: A 5 elected, the open seat. Left: k's seat.
      // Stage 2: K1 (1) kept, k's only candidate; C (3) excluded, 3 C>B → B 4 + 3 = 7 ≥ 5.
      //   But no seat is left for B (college m): passed over (no_seat_left). K1, the last
      //   continuing candidate, takes k's seat at once.
      name: 'a candidate of another college reaches the quota when only a reserved seat is left',
      election: {
        candidates: ['A:m', 'B:m', 'C:m', 'K1:k'],
        seats: 2,
        reserved: [{ collegeId: 'k', seats: 1 }],
        ballots: [
          [5, 'A'],
          [4, 'B'],
          [3, 'C>B'],
          [1, 'K1'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 5, B 4, C 3, K1 1 | exhausted 0 | elected A',
        'exclude C (keeping K1) | A 5, B 7, C 0, K1 1 | exhausted 0 | elected K1',
      ],
      seats: ['A open 1', 'K1 k 2'],
      passedOver: ['B no_seat_left 2'],
      order: ['A', 'K1', 'B', 'C'],
    },
    {
      // 2 seats with parity: at most ⌈2/2⌉ = 1 of a category. 15 valid: quota 6.
      // Stage 1: A (F) 6, elected. Only C and D (M) may now take the last seat.
      // Stage 2: D (1) excluded (C can still fill the seat). D>B → B 5 + 1 = 6 ≥ 6, but a
      //   second F would pass 1: B passed over (parity). C, the last continuing, elected.
      name: 'parity: a candidate who reaches the quota is passed over',
      election: {
        candidates: ['A::F', 'B::F', 'C::M', 'D::M'],
        seats: 2,
        parity: true,
        ballots: [
          [6, 'A'],
          [5, 'B'],
          [3, 'C'],
          [1, 'D>B'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 6, B 5, C 3, D 1 | exhausted 0 | elected A',
        'exclude D | A 6, B 6, C 3, D 0 | exhausted 0 | elected C',
      ],
      seats: ['A open 1', 'C open 2'],
      passedOver: ['B parity 2'],
    },
    {
      // 3 seats with parity: at most ⌈3/2⌉ = 2 of a category. 23 valid: quota ⌊23/4⌋ + 1 = 6.
      // Stage 1: A (F) 6 = B (F) 6: both elected, A first (lot); F is full.
      // Stage 2: G (1) excluded; G>E → E (F) 5 + 1 = 6: passed over (parity). C 3, D 2 left
      //   for one seat.
      // Stage 3: E's papers move on at their value: 5 E>D → D 2 + 5 = 7 ≥ 6: elected;
      //   1 G>E ranks nobody after E: exhausted 1. (Without E's papers D, the lowest, would
      //   have been excluded and C elected.) Check: 6 + 6 + 3 + 7 + 1 = 23.
      name: 'parity: a passed-over candidate’s papers move on and decide the last seat',
      election: {
        candidates: ['A::F', 'B::F', 'E::F', 'C::M', 'D::M', 'G::M'],
        seats: 3,
        parity: true,
        ballots: [
          [6, 'A'],
          [6, 'B'],
          [5, 'E>D'],
          [3, 'C'],
          [2, 'D'],
          [1, 'G>E'],
        ],
      },
      quota: 6,
      stages: [
        'first count | A 6, B 6, E 5, C 3, D 2, G 1 | exhausted 0 | elected A B',
        'exclude G | A 6, B 6, E 6, C 3, D 2, G 0 | exhausted 0',
        'pass over E (parity) | A 6, B 6, E 0, C 3, D 7, G 0 | exhausted 1 | elected D',
      ],
      seats: ['A open 1', 'B open 1', 'D open 3'],
      passedOver: ['E parity 2'],
      ties: ['surplus A B by lot at 1'],
      order: ['A', 'B', 'D', 'C', 'E', 'G'],
    },
    {
      // 2 seats with parity (1 of a category). 12 valid: quota ⌊12/3⌋ + 1 = 5.
      // Stage 1: A (F) 5 elected. Only C (M) may take the last seat.
      // Stage 2: C (1) has the fewest votes but is kept; D (2) excluded, 2 D>C → C 3.
      // Stage 3: C (3) kept again; B (4) excluded, 4 B exhausted. C elected with 3.
      //   Check: 5 + 3 + 4 = 12.
      name: 'parity: the only candidate who may take the last seat is never excluded',
      election: {
        candidates: ['A::F', 'B::F', 'C::M', 'D::F'],
        seats: 2,
        parity: true,
        ballots: [
          [5, 'A'],
          [4, 'B'],
          [1, 'C'],
          [2, 'D>C'],
        ],
      },
      quota: 5,
      stages: [
        'first count | A 5, B 4, C 1, D 2 | exhausted 0 | elected A',
        'exclude D (keeping C) | A 5, B 4, C 3, D 0 | exhausted 0',
        'exclude B (keeping C) | A 5, B 0, C 3, D 0 | exhausted 4 | elected C',
      ],
      seats: ['A open 1', 'C open 3'],
    },
    {
      // 4 seats with parity (at most ⌈4/2⌉ = 2 of a category), 2 reserved for college k
      // (2 open). 16 valid: quota ⌊16/5⌋ + 1 = 4.
      // Stage 1: W (m, F) 10 elected, an open seat. Left: 1 open seat, 2 for k, room for one
      //   more F. X (m, F), Y (m, M), Z (k, F): three candidates for three seats, but they
      //   cannot all be seated: X and Y both need the open seat; X and Z would be a 3rd F.
      //   At most two seats can be filled: Y (open) and Z (k's).
      // Stage 2: W's surplus 6, 6/10 = 0.6 on 10 papers W ranking nobody else: exhausted 6.
      // Stage 3: Z (1) and Y (2) are both needed for those two seats; X (3) is not: excluded
      //   although the highest (electing X would fill one seat instead of two). 3 X exhausted:
      //   9. Y takes the open seat, Z one of k's; k's other seat has no candidate.
      //   Check: 4 + 2 + 1 + 9 = 16.
      name: 'the last candidates are elected only once they can all be seated together',
      election: {
        candidates: ['W:m:F', 'X:m:F', 'Y:m:M', 'Z:k:F'],
        seats: 4,
        reserved: [{ collegeId: 'k', seats: 2 }],
        parity: true,
        ballots: [
          [10, 'W'],
          [3, 'X'],
          [2, 'Y'],
          [1, 'Z'],
        ],
      },
      quota: 4,
      stages: [
        'first count | W 10, X 3, Y 2, Z 1 | exhausted 0 | elected W',
        'surplus W (6 at 0.6) | W 4, X 3, Y 2, Z 1 | exhausted 6',
        'exclude X (keeping Z Y) | W 4, X 0, Y 2, Z 1 | exhausted 9 | elected Y Z',
      ],
      seats: ['W open 1', 'Y open 3', 'Z k 3'],
      unfilled: [{ reservedFor: 'k', seats: 1 }],
    },
    {
      // The one limit (documented): 2 seats with parity (1 of a category), 1 reserved for k.
      // 11 valid: quota ⌊11/3⌋ + 1 = 4.
      // Stage 1: X (m, F) 6 ≥ 4 takes the open seat, first come first served. k's seat is left,
      //   and k's only candidate Z is F: parity bars Z; Y (m) has no seat. Nobody left may take
      //   the free seat: the count stops (X's surplus is not transferred), k's seat is empty.
      //   Z and Y rank after X by their votes.
      name: 'parity: a candidate who reaches the quota is elected even if a reserved seat is then left empty',
      election: {
        candidates: ['X:m:F', 'Z:k:F', 'Y:m:M'],
        seats: 2,
        reserved: [{ collegeId: 'k', seats: 1 }],
        parity: true,
        ballots: [
          [6, 'X'],
          [3, 'Z'],
          [2, 'Y'],
        ],
      },
      quota: 4,
      stages: ['first count | X 6, Z 3, Y 2 | exhausted 0 | elected X'],
      seats: ['X open 1'],
      unfilled: [{ reservedFor: 'k', seats: 1 }],
      order: ['X', 'Z', 'Y'],
    },
    {
      // 2 seats with parity. 12 valid: quota 5. A and B declared no category: never limited.
      // Stage 1: A 5 = B 5, both elected (A first by lot).
      name: 'parity does not limit candidates who declared no category',
      election: {
        candidates: ['A', 'B', 'C::F'],
        seats: 2,
        parity: true,
        ballots: [
          [5, 'A'],
          [5, 'B'],
          [2, 'C'],
        ],
      },
      quota: 5,
      stages: ['first count | A 5, B 5, C 2 | exhausted 0 | elected A B'],
      seats: ['A open 1', 'B open 1'],
      ties: ['surplus A B by lot at 1'],
    },
  ])('$name', check);
});

// ---- Ballots and tallies ---------------------------------------------------------------------

describe('checkRanking', () => {
  const context = { candidates: ['A', 'B', 'C'].map(candidate) };
  it.each([
    [[], null],
    [['B'], null],
    [['C', 'A', 'B'], null],
    [['A', 'Z'], { code: 'unknown_candidate', candidateId: 'Z' }],
    [['A', 'B', 'A'], { code: 'duplicate', candidateId: 'A' }],
  ])('%j → %j', (ranking, problem) => {
    expect(checkRanking(ranking, context)).toEqual(problem);
  });
});

describe('tallyRankings', () => {
  it('groups identical rankings in an order that does not depend on the ballots’ order', () => {
    const ballots = [['B', 'A'], [], ['A'], ['B', 'A'], ['A', 'B'], ['A'], []];
    const expected = {
      blank: 2,
      rankings: [
        { ranking: ['A'], count: 2 },
        { ranking: ['A', 'B'], count: 1 },
        { ranking: ['B', 'A'], count: 2 },
      ],
    };
    expect(tallyRankings(ballots)).toEqual(expected);
    expect(tallyRankings([...ballots].reverse())).toEqual(expected);
  });

  it('refuses an unknown or repeated candidate when given the candidates', () => {
    const context = { candidates: ['A', 'B'].map(candidate) };
    expect(() => tallyRankings([['A', 'C']], context)).toThrow(/unknown_candidate C/);
    expect(() => tallyRankings([['B', 'B']], context)).toThrow(/duplicate B/);
  });
});

describe('countStv refuses what ballot validation should have stopped', () => {
  const context = {
    candidates: ['A', 'B'].map(candidate),
    rules: { seats: 1, reserved: [], parity: false },
    tieOrder: ['A', 'B'],
  };
  it.each([
    [{ blank: 0, rankings: [{ ranking: ['A', 'X'], count: 1 }] }, /unknown_candidate X/],
    [{ blank: 0, rankings: [{ ranking: ['A', 'B', 'A'], count: 1 }] }, /duplicate A/],
    [{ blank: 0, rankings: [{ ranking: [], count: 1 }] }, /empty/],
    [{ blank: 0, rankings: [{ ranking: ['A'], count: 1.5 }] }, /count/],
  ])('%j', (tally, message) => {
    expect(() => countStv(tally, context)).toThrow(message);
  });
});

// ---- Properties ------------------------------------------------------------------------------

const units = (value: number) => Math.round(value * STV_SCALE);

/** Small random elections: up to 6 candidates in 2 colleges and 2 categories, up to 40 ballots. */
const electionArbitrary = fc
  .record({
    size: fc.integer({ min: 1, max: 6 }),
    seats: fc.integer({ min: 1, max: 4 }),
    colleges: fc.array(fc.constantFrom<string | null>('k', 'm', null), {
      minLength: 6,
      maxLength: 6,
    }),
    categories: fc.array(fc.constantFrom<string | null>('F', 'M', null), {
      minLength: 6,
      maxLength: 6,
    }),
    reservedK: fc.integer({ min: 0, max: 2 }),
    parity: fc.boolean(),
    rankings: fc.array(
      fc.record({
        order: fc.array(fc.nat({ max: 5 }), { maxLength: 6 }),
        count: fc.integer({ min: 1, max: 5 }),
      }),
      { maxLength: 12 },
    ),
    blank: fc.nat({ max: 3 }),
    lot: fc.array(fc.double({ noNaN: true }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ size, seats, colleges, categories, reservedK, parity, rankings, blank, lot }) => {
    const candidates = Array.from({ length: size }, (_, index) => ({
      id: `c${index}`,
      collegeId: colleges[index]!,
      category: categories[index]!,
    }));
    const ids = candidates.map((c) => c.id);
    const tally = {
      blank,
      rankings: rankings
        .map(({ order, count }) => ({
          ranking: [...new Set(order.filter((index) => index < size).map((index) => ids[index]!))],
          count,
        }))
        .filter(({ ranking }) => ranking.length > 0),
    };
    const rules: SeatRules = {
      seats,
      reserved: reservedK > 0 ? [{ collegeId: 'k', seats: Math.min(reservedK, seats) }] : [],
      parity,
    };
    const tieOrder = [...ids].sort((a, b) => lot[ids.indexOf(a)]! - lot[ids.indexOf(b)]!);
    return { tally, context: { candidates, rules, tieOrder } };
  });

describe('properties', () => {
  it('elects no more than the seats, each once, within the seat rules', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ tally, context }) => {
        const result = countStv(tally, context);
        stvCountSchema.parse(result);
        const elected = result.seats.elected;
        expect(elected.length).toBeLessThanOrEqual(context.rules.seats);
        expect(new Set(elected.map((seat) => seat.candidateId)).size).toBe(elected.length);
        const byId = new Map(context.candidates.map((c) => [c.id, c]));
        for (const seat of elected) {
          if (seat.reservedFor)
            expect(byId.get(seat.candidateId)!.collegeId).toBe(seat.reservedFor);
        }
        if (context.rules.parity) {
          for (const category of ['F', 'M']) {
            const same = elected.filter((s) => byId.get(s.candidateId)!.category === category);
            expect(same.length).toBeLessThanOrEqual(parityCap(context.rules.seats));
          }
        }
        // `order` ranks every candidate once, the elected first in the order they were elected.
        expect([...result.order].sort()).toEqual(context.candidates.map((c) => c.id).sort());
        expect(result.order.slice(0, elected.length)).toEqual(elected.map((s) => s.candidateId));
      }),
      { numRuns: 400 },
    );
  });

  it('accounts for every vote at every stage: votes + exhausted + lost = valid ballots', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ tally, context }) => {
        const result = countStv(tally, context);
        let lostBefore = 0;
        for (const stage of result.stages) {
          const held = Object.values(stage.votes).reduce((sum, value) => sum + units(value), 0);
          expect(held + units(stage.exhausted) + units(stage.lost)).toBe(result.valid * STV_SCALE);
          // Truncation loses less than 0.00001 per paper, and only when a surplus moves.
          const lost = units(stage.lost) - lostBefore;
          if (stage.action.kind === 'surplus') expect(lost).toBeLessThan(result.valid);
          else expect(lost).toBe(0);
          lostBefore = units(stage.lost);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('without parity, fills every seat some candidate may take (reserved ones included)', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ tally, context }) => {
        const rules = { ...context.rules, parity: false };
        const result = countStv(tally, { ...context, rules });
        fc.pre(result.valid > 0);
        const reserved = rules.reserved[0]?.seats ?? 0;
        const ofK = context.candidates.filter((c) => c.collegeId === 'k').length;
        const open = rules.seats - reserved;
        // k's candidates beyond its reserved seats, and everyone else, may take open seats.
        const forOpen = context.candidates.length - Math.min(ofK, reserved);
        expect(result.seats.elected.length).toBe(Math.min(ofK, reserved) + Math.min(open, forOpen));
        const unfilledK = result.seats.unfilled.find((group) => group.reservedFor === 'k');
        expect(unfilledK?.seats ?? 0).toBe(Math.max(0, reserved - ofK));
      }),
      { numRuns: 400 },
    );
  });

  it('one seat: a majority of first preferences always wins', () => {
    fc.assert(
      fc.property(electionArbitrary, fc.nat({ max: 5 }), ({ tally, context }, pick) => {
        const winner = context.candidates[pick % context.candidates.length]!.id;
        const others = tally.rankings.reduce((sum, { count }) => sum + count, 0);
        // More first preferences for the winner than all the other ballots together.
        const majority = {
          ...tally,
          rankings: [...tally.rankings, { ranking: [winner], count: others + 1 }],
        };
        const rules = { seats: 1, reserved: [], parity: false };
        const result = countStv(majority, { ...context, rules });
        expect(result.seats.elected.map((seat) => seat.candidateId)).toEqual([winner]);
        expect(result.stages).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the rankings, nor on how equal ones are grouped', () => {
    fc.assert(
      fc.property(
        electionArbitrary,
        fc.array(fc.double({ noNaN: true }), { minLength: 12, maxLength: 12 }),
        ({ tally, context }, keys) => {
          const expected = countStv(tally, context);
          const shuffled = tally.rankings
            .map((entry, index) => ({ entry, key: keys[index]! }))
            .sort((a, b) => a.key - b.key)
            .map(({ entry }) => entry);
          expect(countStv({ ...tally, rankings: shuffled }, context)).toEqual(expected);
          // Every ballot on its own: the same count, paper by paper.
          const single = tally.rankings.flatMap(({ ranking, count }) =>
            Array.from({ length: count }, () => ({ ranking, count: 1 })),
          );
          expect(countStv({ ...tally, rankings: single.reverse() }, context)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
