import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../elections.ts';
import {
  explainRound,
  methodName,
  methodSummary,
  type RoundExplanation,
  type RoundExplanationContext,
} from './explanation.ts';
import { countMajorityJudgment, defaultGradeLabels } from './majority-judgment.ts';
import { countMarks } from './marks.ts';
import { countStv, tallyRankings } from './stv.ts';
import { countTwoRound } from './two-round.ts';
import { electionMethods } from '../enums.ts';
import type { SeatRules, StandingCandidate } from './types.ts';

// ---- Helpers ---------------------------------------------------------------------------------

/** Intl puts a no-break space before % and narrow ones between thousands in French: compare plainly. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const plainly = (explanation: RoundExplanation): RoundExplanation => ({
  summary: plain(explanation.summary),
  seats: explanation.seats.map(plain),
  details: explanation.details.map(plain),
});

const names: Record<string, string> = {
  a: 'Awa Diallo',
  b: 'Bruno Martin',
  c: 'Chloé Petit',
  d: 'David Roux',
  e: 'Émile Morel',
  f: 'Farid Benali',
  h: 'Inès Garcia',
  sat: 'Samedi',
  sun: 'Dimanche',
};
const colleges = { res: 'Réseaux', cit: 'Citoyens' };

const person = (
  id: string,
  collegeId: string | null = null,
  category: string | null = null,
): StandingCandidate => ({ id, collegeId, category });
const people = (...ids: string[]) => ids.map((id) => person(id));

const rules = (seats: number, reserved: SeatRules['reserved'] = [], parity = false) => ({
  seats,
  reserved,
  parity,
});

/** What the server stores at the close, around a count. */
const counted = (
  count: NonNullable<RoundResult['count']>,
  facts: { participants: number; electorate: number; ballots: number; quorum?: number },
  weighted = false,
): RoundResult => ({
  outcome: 'counted',
  quorum: 0,
  weighted,
  count,
  byCollege: {},
  bySite: {},
  privacy: null,
  tieOrder: [],
  ...facts,
});

const settings = (
  method: RoundExplanationContext['method'],
  seatRules: ReturnType<typeof rules>,
  extra: Partial<RoundExplanationContext> = {},
): RoundExplanationContext => ({
  method,
  seats: seatRules.seats,
  reserved: seatRules.reserved,
  parity: seatRules.parity,
  grades: null,
  round: 1,
  names,
  colleges,
  ...extra,
});

interface Case {
  name: string;
  result: RoundResult;
  context: RoundExplanationContext;
  locale: 'fr' | 'en';
  expected: RoundExplanation;
}

// ---- The board of 6 by majority judgment (reserved seats, parity, tie-break, vacancy) ---------

// Grades by index on the default scale: 0 Excellent … 6 À rejeter.
const [EX, TB, B, AB, P, INS] = [0, 1, 2, 3, 4, 5] as const;
/** A profile of 7 ballots from the grades they give (best first, for reading). */
const seven = (...grades: number[]) => {
  const profile = new Array<number>(7).fill(0);
  for (const grade of grades) profile[grade]! += 1;
  return profile;
};

const boardRules = rules(
  6,
  [
    { collegeId: 'res', seats: 2 },
    { collegeId: 'cit', seats: 2 },
  ],
  true,
);
const boardCandidates = [
  person('a', 'res', 'femme'),
  person('b', null, 'homme'),
  person('c', 'cit', 'femme'),
  person('d', 'res', 'homme'),
  person('e', null, 'homme'),
  person('f', 'cit', 'homme'),
  person('h', 'res', 'femme'),
];
/*
 * 8 ballots, 1 blank: 7 expressed. With 7 ballots the majority grade is the 4th best (⌊7/2⌋ + 1).
 *   a: 7 × EX → EX. c: EX TB TB TB TB B B → TB. b: TB TB TB TB B B B → TB. d: 7 × B → B.
 *   e: 7 × AB → AB. f: 7 × P → P. h: INS INS INS INS REJ REJ REJ → INS.
 * c and b share TB: remove the median (4th) ballot of each, 6 left, lower median = 4th:
 *   c: EX TB TB TB B B → TB; b: TB TB TB B B B → B. c first, after 1 removal.
 * Order: a c b d e f h. Seats (2 Réseaux, 2 Citoyens, 2 open; parity: ⌈6/2⌉ = 3 per category):
 *   a → Réseaux (femme 1); c → Citoyens (femme 2); b → open (homme 1); d → Réseaux (homme 2,
 *   Réseaux full); e → open (homme 3, open full); f (Citoyens, 1 reserved seat free) would be the
 *   4th homme > 3 → passed over (parity); h (Réseaux full, no open seat) → passed over
 *   (no seat left). 1 Citoyens seat stays vacant.
 */
const boardCount = countMajorityJudgment(
  {
    expressed: 7,
    blank: 1,
    profiles: {
      a: seven(EX, EX, EX, EX, EX, EX, EX),
      b: seven(TB, TB, TB, TB, B, B, B),
      c: seven(EX, TB, TB, TB, TB, B, B),
      d: seven(B, B, B, B, B, B, B),
      e: seven(AB, AB, AB, AB, AB, AB, AB),
      f: seven(P, P, P, P, P, P, P),
      h: seven(INS, INS, INS, INS, 6, 6, 6),
    },
  },
  {
    candidates: boardCandidates,
    rules: boardRules,
    tieOrder: boardCandidates.map((c) => c.id),
    grades: defaultGradeLabels.fr,
  },
);
// 8 of 9 took part: 88.9 % ≥ 25 %.
const boardResult = counted(boardCount, {
  participants: 8,
  electorate: 9,
  ballots: 8,
  quorum: 0.25,
});

const boardCases: Case[] = [
  {
    name: 'majority judgment board of 6: reserved seats, parity, a tie-break, a vacancy (fr)',
    result: boardResult,
    context: settings('majority_judgment', boardRules, { candidates: boardCandidates }),
    locale: 'fr',
    expected: {
      summary:
        'Jugement majoritaire, 6 sièges dont 2 réservés au collège Réseaux et 2 au collège Citoyens, parité. 8 bulletins (dont 1 blanc) ; 8 votants sur 9 inscrits, quorum atteint (25 % requis).',
      seats: [
        'Awa Diallo — siège réservé au collège Réseaux, mention majoritaire « Excellent » (1re place du classement).',
        'Chloé Petit — siège réservé au collège Citoyens, mention majoritaire « Très bien » (2e place du classement).',
        'Bruno Martin — siège ouvert, mention majoritaire « Très bien » (3e place du classement).',
        'David Roux — siège réservé au collège Réseaux, mention majoritaire « Bien » (4e place du classement).',
        'Émile Morel — siège ouvert, mention majoritaire « Assez bien » (5e place du classement).',
      ],
      details: [
        'Chloé Petit et Bruno Martin ont la même mention « Très bien » ; en retirant 1 bulletin médian de chacun, Chloé Petit garde « Très bien » et Bruno Martin descend à « Bien ».',
        'Farid Benali est écarté·e : une personne élue de plus de la catégorie déclarée « homme » dépasserait la parité (3 au plus sur 6).',
        'Inès Garcia est écarté·e : plus de siège ouvert, et les sièges réservés au collège Réseaux sont pourvus.',
        '1 siège réservé au collège Citoyens reste vacant : pas assez de candidats éligibles.',
      ],
    },
  },
  {
    // Without the candidates' colleges and categories, the reasons stay general.
    name: 'the same board in English, without the candidates’ details',
    result: boardResult,
    context: settings('majority_judgment', boardRules),
    locale: 'en',
    expected: {
      summary:
        'Majority judgment, 6 seats including 2 reserved for the Réseaux college and 2 for the Citoyens college, parity. 8 ballots (1 blank); 8 voted out of 9 entitled, quorum reached (25% required).',
      seats: [
        'Awa Diallo — seat reserved for the Réseaux college, majority grade “Excellent” (1st place in the ranking).',
        'Chloé Petit — seat reserved for the Citoyens college, majority grade “Very good” (2nd place in the ranking).',
        'Bruno Martin — open seat, majority grade “Very good” (3rd place in the ranking).',
        'David Roux — seat reserved for the Réseaux college, majority grade “Good” (4th place in the ranking).',
        'Émile Morel — open seat, majority grade “Fairly good” (5th place in the ranking).',
      ],
      details: [
        'Chloé Petit and Bruno Martin have the same majority grade “Very good”; removing 1 median ballot from each, Chloé Petit keeps “Very good” and Bruno Martin falls to “Good”.',
        'Farid Benali is passed over: one more elected person of their declared category would break parity (at most 3 of 6).',
        'Inès Garcia is passed over: no open seat is left, and the seats reserved for their college are taken.',
        '1 seat reserved for the Citoyens college stays vacant: not enough eligible candidates.',
      ],
    },
  },
  {
    // 3 of 9 took part; 50 % needs 4.5, so 5 participants. Nothing counted, nobody elected.
    name: 'no quorum (fr)',
    result: {
      outcome: 'no_quorum',
      participants: 3,
      electorate: 9,
      quorum: 0.5,
      ballots: 3,
      weighted: false,
      count: null,
      byCollege: {},
      bySite: {},
      privacy: null,
      tieOrder: [],
    },
    context: settings('majority_judgment', boardRules),
    locale: 'fr',
    expected: {
      summary:
        'Jugement majoritaire, 6 sièges dont 2 réservés au collège Réseaux et 2 au collège Citoyens, parité. Quorum non atteint : 3 votants sur 9 inscrits, il en fallait 5 (50 %) ; personne n’est élu à ce tour.',
      seats: [],
      details: [],
    },
  },
  {
    // 10 % of 30 is 3 (0.1 × 30 is 3.0000000000000004 in binary, which must not say 4).
    name: 'no quorum (en), the needed count is exact',
    result: {
      outcome: 'no_quorum',
      participants: 2,
      electorate: 30,
      quorum: 0.1,
      ballots: 2,
      weighted: false,
      count: null,
      byCollege: {},
      bySite: {},
      privacy: null,
      tieOrder: [],
    },
    context: settings('stv', rules(2)),
    locale: 'en',
    expected: {
      summary:
        'Single transferable vote, 2 seats. Quorum not reached: 2 voted out of 30 entitled, 3 needed (10%); nobody is elected in this round.',
      seats: [],
      details: [],
    },
  },
];

// ---- Majority judgment: two removals, a perfect tie, options all rejected ---------------------

/** A profile from the grades its ballots give, on a scale of `gradeCount` grades. */
const profile = (gradeCount: number, ...grades: number[]) => {
  const counts = new Array<number>(gradeCount).fill(0);
  for (const grade of grades) counts[grade]! += 1;
  return counts;
};
const REJ = 6;

const majorityJudgmentCases: Case[] = [
  {
    /*
     * 4 ballots: the majority grade is the 3rd best (⌊4/2⌋ + 1). a: B B B B → B; b: B B B AB → B;
     * c: INS REJ REJ REJ → REJ (never elected). a vs b: the removals take the 3rd ballot, then the
     * 2nd, then the 4th: 3rd B/B, 2nd B/B, 4th B/AB. After 2 removals a keeps B, b falls to AB.
     */
    name: 'majority judgment: a tie-break after two removals (fr)',
    result: counted(
      countMajorityJudgment(
        {
          expressed: 4,
          blank: 0,
          profiles: {
            a: profile(7, B, B, B, B),
            b: profile(7, B, B, B, AB),
            c: profile(7, INS, REJ, REJ, REJ),
          },
        },
        {
          candidates: people('a', 'b', 'c'),
          rules: rules(1),
          tieOrder: ['a', 'b', 'c'],
          grades: defaultGradeLabels.fr,
        },
      ),
      { participants: 4, electorate: 5, ballots: 4 },
    ),
    context: settings('majority_judgment', rules(1)),
    locale: 'fr',
    expected: {
      summary: 'Jugement majoritaire, 1 siège. 4 bulletins ; 4 votants sur 5 inscrits.',
      seats: ['Awa Diallo — mention majoritaire « Bien » (1re place du classement).'],
      details: [
        'Awa Diallo et Bruno Martin ont la même mention « Bien » ; en retirant 2 bulletins médians de chacun, Awa Diallo garde « Bien » et Bruno Martin descend à « Assez bien ».',
      ],
    },
  },
  {
    /*
     * The election's own 3 grades. a and b: Great Good Good each → majority grade (2nd of 3)
     * Good; the same ballots to the end: the lot order (b before a) decides.
     */
    name: 'majority judgment: a perfect tie decided by lot, with the election’s own grades (en)',
    result: counted(
      countMajorityJudgment(
        {
          expressed: 3,
          blank: 0,
          profiles: { a: profile(3, 0, 1, 1), b: profile(3, 0, 1, 1) },
        },
        {
          candidates: people('a', 'b'),
          rules: rules(1),
          tieOrder: ['b', 'a'],
          grades: ['Great', 'Good', 'Poor'],
        },
      ),
      { participants: 3, electorate: 3, ballots: 3 },
    ),
    context: settings('majority_judgment', rules(1), { grades: ['Great', 'Good', 'Poor'] }),
    locale: 'en',
    expected: {
      summary: 'Majority judgment, 1 seat. 3 ballots; 3 voted out of 3 entitled.',
      seats: ['Bruno Martin — majority grade “Good” (1st place in the ranking).'],
      details: [
        'A perfect tie between Bruno Martin and Awa Diallo (as many ballots at every grade), decided by lot drawn from the ballots’ digest: Bruno Martin goes before Awa Diallo.',
      ],
    },
  },
  {
    /*
     * Options, 3 ballots: the majority grade is the 2nd of 3. Samedi: INS REJ REJ → REJ;
     * Dimanche: REJ REJ REJ → REJ. Neither may be chosen: the one place stays empty.
     */
    name: 'majority judgment among options, all rejected (fr)',
    result: counted(
      countMajorityJudgment(
        {
          expressed: 3,
          blank: 0,
          profiles: { sat: profile(7, INS, REJ, REJ), sun: profile(7, REJ, REJ, REJ) },
        },
        {
          candidates: people('sat', 'sun'),
          rules: rules(1),
          tieOrder: ['sat', 'sun'],
          grades: defaultGradeLabels.fr,
        },
      ),
      { participants: 3, electorate: 5, ballots: 3 },
    ),
    context: settings('majority_judgment', rules(1), { subject: 'options' }),
    locale: 'fr',
    expected: {
      summary: 'Jugement majoritaire, 1 option à retenir. 3 bulletins ; 3 votants sur 5 inscrits.',
      seats: [],
      details: [
        '1 place reste vide : pas assez d’options éligibles.',
        'Mention majoritaire « À rejeter » (la plus basse), qui écarte toujours : Samedi et Dimanche.',
      ],
    },
  },
];

// ---- Plurality, block, approval ----------------------------------------------------------------

/*
 * Block, 3 seats, 6 ballots each marking up to 3 names: a 5, b 4, c 0. c was marked by nobody
 * and is never elected: the third seat stays vacant. Shares: 5/6 = 83.3 %, 4/6 = 66.7 %.
 */
const blockCount = countMarks(
  'block',
  { expressed: 6, blank: 0, votes: { a: 5, b: 4, c: 0 } },
  { candidates: people('a', 'b', 'c'), rules: rules(3), tieOrder: ['a', 'b', 'c'] },
);
const blockResult = counted(blockCount, {
  participants: 6,
  electorate: 8,
  ballots: 6,
  quorum: 0.5,
});

/*
 * Weighted approval: college X (share 0.6) has 2 expressed ballots, each weighing 0.6/2 = 0.3;
 * college Y (share 0.4) has 4, each 0.4/4 = 0.1, and one blank ballot (counted, never weighed).
 * X: both mark a, one also b. Y: all four mark b, one also a, two also c.
 * a = 0.3 + 0.3 + 0.1 = 0.7; b = 0.3 + 4 × 0.1 = 0.7; c = 2 × 0.1 = 0.2; expressed = 0.6 + 0.4 = 1.
 * a and b are level at 70 %: the lot order (a before b) decides.
 */
const approvalCount = countMarks(
  'approval',
  {
    expressed: 0.3 * 2 + 0.1 * 4,
    blank: 1,
    votes: { a: 0.3 + 0.3 + 0.1, b: 0.3 + 0.1 + 0.1 + 0.1 + 0.1, c: 0.1 + 0.1 },
  },
  { candidates: people('a', 'b', 'c'), rules: rules(1), tieOrder: ['a', 'b', 'c'] },
);

/* Options, plurality: Samedi 7, Dimanche 5 of 12 expressed; 7/12 = 58.3 %. 12 of 30 ≥ 25 %. */
const optionsCount = countMarks(
  'plurality',
  { expressed: 12, blank: 0, votes: { sat: 7, sun: 5 } },
  { candidates: people('sat', 'sun'), rules: rules(1), tieOrder: ['sat', 'sun'] },
);
const optionsResult = counted(optionsCount, {
  participants: 12,
  electorate: 30,
  ballots: 12,
  quorum: 0.25,
});

const marksCases: Case[] = [
  {
    /*
     * Plurality, 1 seat, 11 ballots of which 1 blank: 10 expressed. a 4, b 4, c 2: a and b level;
     * the lot order puts b first. 4/10 = 40 %.
     */
    name: 'plurality: a tie decided by lot (fr)',
    result: counted(
      countMarks(
        'plurality',
        { expressed: 10, blank: 1, votes: { a: 4, b: 4, c: 2 } },
        { candidates: people('a', 'b', 'c'), rules: rules(1), tieOrder: ['b', 'a', 'c'] },
      ),
      { participants: 11, electorate: 20, ballots: 11 },
    ),
    context: settings('plurality', rules(1)),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin majoritaire à un tour, 1 siège. 11 bulletins (dont 1 blanc) ; 11 votants sur 20 inscrits.',
      seats: ['Bruno Martin — 4 voix sur 10 exprimés, soit 40 %.'],
      details: [
        'Égalité parfaite entre Bruno Martin et Awa Diallo (4 voix), départagée par le sort, tiré de l’empreinte des bulletins : Bruno Martin passe devant Awa Diallo.',
      ],
    },
  },
  {
    name: 'block: a seat left vacant, a name nobody marked (en)',
    result: blockResult,
    context: settings('block', rules(3)),
    locale: 'en',
    expected: {
      summary:
        'Block vote, 3 seats. 6 ballots; 6 voted out of 8 entitled, quorum reached (50% required).',
      seats: [
        'Awa Diallo — 5 votes out of 6 cast, i.e. 83.3%.',
        'Bruno Martin — 4 votes out of 6 cast, i.e. 66.7%.',
      ],
      details: ['1 seat stays vacant: not enough eligible candidates.', 'No vote for Chloé Petit.'],
    },
  },
  {
    name: 'block: the same in French',
    result: blockResult,
    context: settings('block', rules(3)),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin plurinominal majoritaire, 3 sièges. 6 bulletins ; 6 votants sur 8 inscrits, quorum atteint (50 % requis).',
      seats: [
        'Awa Diallo — 5 voix sur 6 exprimés, soit 83,3 %.',
        'Bruno Martin — 4 voix sur 6 exprimés, soit 66,7 %.',
      ],
      details: [
        '1 siège reste vacant : pas assez de candidats éligibles.',
        'Aucune voix pour Chloé Petit.',
      ],
    },
  },
  {
    name: 'approval weighted by college: shares, and a tie between sums of fractions (en)',
    result: counted(approvalCount, { participants: 7, electorate: 10, ballots: 7 }, true),
    context: settings('approval', rules(1)),
    locale: 'en',
    expected: {
      summary:
        'Approval voting, 1 seat, votes weighted by college. 7 ballots (1 blank); 7 voted out of 10 entitled.',
      seats: ['Awa Diallo — 70% of the votes cast, weighted by college.'],
      details: [
        'A perfect tie between Awa Diallo and Bruno Martin (70%), decided by lot drawn from the ballots’ digest: Awa Diallo goes before Bruno Martin.',
      ],
    },
  },
  {
    name: 'a choice among options (en)',
    result: optionsResult,
    context: settings('plurality', rules(1), { subject: 'options' }),
    locale: 'en',
    expected: {
      summary:
        'Plurality (first past the post), 1 option to choose. 12 ballots; 12 voted out of 30 entitled, quorum reached (25% required).',
      seats: ['Option chosen: Samedi — 7 votes out of 12 cast, i.e. 58.3%.'],
      details: [],
    },
  },
  {
    name: 'a choice among options (fr)',
    result: optionsResult,
    context: settings('plurality', rules(1), { subject: 'options' }),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin majoritaire à un tour, 1 option à retenir. 12 bulletins ; 12 votants sur 30 inscrits, quorum atteint (25 % requis).',
      seats: ['Option retenue : Samedi — 7 voix sur 12 exprimés, soit 58,3 %.'],
      details: [],
    },
  },
];

// ---- Two rounds ------------------------------------------------------------------------------

/*
 * 2 seats, keep the 2 best for round 2. 10 ballots marking 2 names each: a 6, b 5, c 4, d 4, e 1
 * (20 marks). Absolute majority: more than 10/2 = 5, i.e. 6. a (6) is elected; b (5) is not.
 * Round 2 for the 1 seat left: the 2 best of b c d e are b (5) and c (4), and d, level with c,
 * goes on too. The c/d tie (drawn by lot) decides nothing anyone elected: it is not told.
 */
const twoRoundCandidates = people('a', 'b', 'c', 'd', 'e');
const roundOne = countTwoRound(
  1,
  { expressed: 10, blank: 0, votes: { a: 6, b: 5, c: 4, d: 4, e: 1 } },
  {
    candidates: twoRoundCandidates,
    rules: rules(2),
    tieOrder: ['a', 'b', 'c', 'd', 'e'],
    keep: 2,
  },
);
/* Round 2 among b c d (a holds a seat): c 5, b 3, d 2 of 10. The most votes win. */
const roundTwo = countTwoRound(
  2,
  { expressed: 10, blank: 0, votes: { b: 3, c: 5, d: 2 } },
  {
    candidates: people('a', 'b', 'c', 'd'),
    rules: rules(2),
    tieOrder: ['a', 'b', 'c', 'd'],
    keep: 'all',
    alreadyElected: [{ candidateId: 'a', reservedFor: null, round: 1 }],
  },
);

const twoRoundCases: Case[] = [
  {
    // 1 seat, 10 expressed: more than 5 needed, i.e. 6. a has 6.
    name: 'two rounds: elected in round 1 (fr)',
    result: counted(
      countTwoRound(
        1,
        { expressed: 10, blank: 0, votes: { a: 6, b: 4 } },
        { candidates: people('a', 'b'), rules: rules(1), tieOrder: ['a', 'b'], keep: 'all' },
      ),
      { participants: 10, electorate: 12, ballots: 10 },
    ),
    context: settings('two_round', rules(1)),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin majoritaire à deux tours (1er tour), 1 siège. 10 bulletins ; 10 votants sur 12 inscrits.',
      seats: ['Awa Diallo — élu·e au 1er tour avec 6 voix sur 10 exprimés (majorité absolue : 6).'],
      details: [],
    },
  },
  {
    name: 'two rounds: one seat in round 1, who goes to round 2 (fr)',
    result: counted(roundOne, { participants: 10, electorate: 12, ballots: 10 }),
    context: settings('two_round', rules(2)),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin majoritaire à deux tours (1er tour), 2 sièges. 10 bulletins ; 10 votants sur 12 inscrits.',
      seats: ['Awa Diallo — élu·e au 1er tour avec 6 voix sur 10 exprimés (majorité absolue : 6).'],
      details: ['Second tour pour 1 siège entre : Bruno Martin, Chloé Petit et David Roux.'],
    },
  },
  {
    name: 'two rounds: round 2 by relative majority (fr)',
    result: counted(roundTwo, { participants: 10, electorate: 12, ballots: 10 }),
    context: settings('two_round', rules(2), { round: 2 }),
    locale: 'fr',
    expected: {
      summary:
        'Scrutin majoritaire à deux tours (2e tour, 1 siège restant), 2 sièges. 10 bulletins ; 10 votants sur 12 inscrits.',
      seats: ['Chloé Petit — élu·e au 2e tour avec 5 voix sur 10 exprimés (majorité relative).'],
      details: [],
    },
  },
  {
    /*
     * 1 seat, 10 expressed: a 4, b 3, c 3; nobody has more than 5. Everyone goes on (keep all),
     * by round-1 votes (b before c by lot).
     */
    name: 'two rounds: nobody has the absolute majority (en)',
    result: counted(
      countTwoRound(
        1,
        { expressed: 10, blank: 0, votes: { a: 4, b: 3, c: 3 } },
        {
          candidates: people('a', 'b', 'c'),
          rules: rules(1),
          tieOrder: ['a', 'b', 'c'],
          keep: 'all',
        },
      ),
      { participants: 10, electorate: 12, ballots: 10 },
    ),
    context: settings('two_round', rules(1)),
    locale: 'en',
    expected: {
      summary: 'Two-round system (round 1), 1 seat. 10 ballots; 10 voted out of 12 entitled.',
      seats: [],
      details: [
        'Nobody reached the absolute majority in round 1 (6 votes out of 10 cast).',
        'Round 2 for 1 seat between: Awa Diallo, Bruno Martin and Chloé Petit.',
      ],
    },
  },
  {
    /*
     * Weighted: a 0.7, b 0.3 of 1 expressed; fractions, so the majority is said as « more than
     * 50 % ». a has 70 % > 50 %.
     */
    name: 'two rounds weighted by college: the majority as a share (en)',
    result: counted(
      countTwoRound(
        1,
        { expressed: 1, blank: 0, votes: { a: 0.7, b: 0.3 } },
        { candidates: people('a', 'b'), rules: rules(1), tieOrder: ['a', 'b'], keep: 'all' },
      ),
      { participants: 5, electorate: 6, ballots: 5 },
      true,
    ),
    context: settings('two_round', rules(1)),
    locale: 'en',
    expected: {
      summary:
        'Two-round system (round 1), 1 seat, votes weighted by college. 5 ballots; 5 voted out of 6 entitled.',
      seats: [
        'Awa Diallo — elected in round 1 with 70% of the votes cast, weighted by college (absolute majority: more than 50%).',
      ],
      details: [],
    },
  },
];

// ---- STV -------------------------------------------------------------------------------------

/** `[4, 'a>b']`: four ballots ranking a then b; `[1, '']`: a blank ballot. */
const stv = (
  ballots: [number, string][],
  candidates: StandingCandidate[],
  seatRules: ReturnType<typeof rules>,
  tieOrder = candidates.map((c) => c.id),
) =>
  countStv(
    tallyRankings(
      ballots.flatMap(([n, ranking]) =>
        Array.from({ length: n }, () => (ranking ? ranking.split('>') : [])),
      ),
    ),
    { candidates, rules: seatRules, tieOrder },
  );

/*
 * 2 seats; 5 a>b, 2 b, 2 c and 1 blank: 9 valid, quota ⌊9/3⌋ + 1 = 4.
 * Stage 1: a 5, b 2, c 2; a ≥ 4 is elected, surplus 1.
 * Stage 2: a's surplus: each of a's 5 papers goes on worth ⌊1 × 1/5⌋ = 0.2; all 5 rank b next:
 *   b 2 + 5 × 0.2 = 3. Nobody reaches 4; b and c are 2 for 1 seat.
 * Stage 3: c (2) is excluded; its papers end there. b alone is left for the seat: elected with 3.
 */
const surplusCount = stv(
  [
    [5, 'a>b'],
    [2, 'b'],
    [2, 'c'],
    [1, ''],
  ],
  people('a', 'b', 'c'),
  rules(2),
);
const surplusResult = counted(surplusCount, { participants: 10, electorate: 12, ballots: 10 });

const stvCases: Case[] = [
  {
    name: 'STV: the quota, a surplus, the last seat without the quota (fr)',
    result: surplusResult,
    context: settings('stv', rules(2)),
    locale: 'fr',
    expected: {
      summary:
        'Vote unique transférable, 2 sièges. 10 bulletins (dont 1 blanc) ; 10 votants sur 12 inscrits.',
      seats: [
        'Awa Diallo — atteint le quota (4) à l’étape 1.',
        'Bruno Martin — élu·e à l’étape 3 sans atteindre le quota (3 voix sur 4), quand il ne restait plus de concurrent pour les sièges libres.',
      ],
      details: [
        'Quota : 4 voix, soit ⌊9 bulletins valides ÷ (2 + 1)⌋ + 1 (quota de Droop).',
        'Étape 1 — premières préférences : Awa Diallo 5, Bruno Martin 2, Chloé Petit 2 ; élu·e : Awa Diallo.',
        'Étape 2 — Awa Diallo : excédent de 1 voix reporté à 0,2 par bulletin.',
        'Étape 3 — Chloé Petit est exclu·e avec le moins de voix (2) ; élu·e : Bruno Martin.',
      ],
    },
  },
  {
    name: 'STV: the same in English',
    result: surplusResult,
    context: settings('stv', rules(2)),
    locale: 'en',
    expected: {
      summary:
        'Single transferable vote, 2 seats. 10 ballots (1 blank); 10 voted out of 12 entitled.',
      seats: [
        'Awa Diallo — reached the quota (4) at stage 1.',
        'Bruno Martin — elected at stage 3 without reaching the quota (3 votes of 4), when no rival was left for the free seats.',
      ],
      details: [
        'Quota: 4 votes, i.e. ⌊9 valid ballots ÷ (2 + 1)⌋ + 1 (Droop quota).',
        'Stage 1 — first preferences: Awa Diallo 5, Bruno Martin 2, Chloé Petit 2; elected: Awa Diallo.',
        'Stage 2 — Awa Diallo’s surplus (1 vote) transferred at 0.2 per ballot.',
        'Stage 3 — Chloé Petit excluded with the fewest votes (2); elected: Bruno Martin.',
      ],
    },
  },
  {
    /*
     * 1 seat; 3 a, 2 b, 2 c>b: 7 valid, quota ⌊7/2⌋ + 1 = 4. Stage 1: a 3, b 2, c 2.
     * Stage 2: b and c tie for the fewest, with no earlier stage: the lot order (a b c) excludes
     * the later one, c. Its 2 papers go to b: 4 = the quota, b is elected.
     */
    name: 'STV: an exclusion decided by lot (en)',
    result: counted(
      stv(
        [
          [3, 'a'],
          [2, 'b'],
          [2, 'c>b'],
        ],
        people('a', 'b', 'c'),
        rules(1),
      ),
      { participants: 7, electorate: 9, ballots: 7 },
    ),
    context: settings('stv', rules(1)),
    locale: 'en',
    expected: {
      summary: 'Single transferable vote, 1 seat. 7 ballots; 7 voted out of 9 entitled.',
      seats: ['Bruno Martin — reached the quota (4) at stage 2.'],
      details: [
        'Stage 2: Chloé Petit and Bruno Martin tie for the fewest votes, and no earlier stage separates them; the lot drawn from the ballots’ digest excludes Chloé Petit.',
        'Quota: 4 votes, i.e. ⌊7 valid ballots ÷ (1 + 1)⌋ + 1 (Droop quota).',
        'Stage 1 — first preferences: Awa Diallo 3, Bruno Martin 2, Chloé Petit 2.',
        'Stage 2 — Chloé Petit excluded with the fewest votes (2); elected: Bruno Martin.',
      ],
    },
  },
  {
    /*
     * 1 seat; 5 a, 3 b, 4 c, 1 d>b: 13 valid, quota ⌊13/2⌋ + 1 = 7.
     * Stage 1: a 5, c 4, b 3, d 1. Stage 2: d excluded, its paper to b: b 4, c 4.
     * Stage 3: b and c tie for the fewest; at stage 1 b had 3 < c's 4: b is excluded (its papers
     * rank nobody after b: they end). Stage 4: c (4 < a's 5) is excluded; a is left alone and
     * takes the seat with 5, short of the quota.
     */
    name: 'STV: an exclusion decided by an earlier stage (fr)',
    result: counted(
      stv(
        [
          [5, 'a'],
          [3, 'b'],
          [4, 'c'],
          [1, 'd>b'],
        ],
        people('a', 'b', 'c', 'd'),
        rules(1),
      ),
      { participants: 13, electorate: 20, ballots: 13 },
    ),
    context: settings('stv', rules(1)),
    locale: 'fr',
    expected: {
      summary: 'Vote unique transférable, 1 siège. 13 bulletins ; 13 votants sur 20 inscrits.',
      seats: [
        'Awa Diallo — élu·e à l’étape 4 sans atteindre le quota (5 voix sur 7), quand il ne restait plus de concurrent pour les sièges libres.',
      ],
      details: [
        'Étape 3 : Bruno Martin et Chloé Petit ont le moins de voix, à égalité ; Bruno Martin, qui en avait moins à une étape antérieure, est exclu·e.',
        'Quota : 7 voix, soit ⌊13 bulletins valides ÷ (1 + 1)⌋ + 1 (quota de Droop).',
        'Étape 1 — premières préférences : Awa Diallo 5, Chloé Petit 4, Bruno Martin 3, David Roux 1.',
        'Étape 2 — David Roux est exclu·e avec le moins de voix (1).',
        'Étape 3 — Bruno Martin est exclu·e avec le moins de voix (4).',
        'Étape 4 — Chloé Petit est exclu·e avec le moins de voix (4) ; élu·e : Awa Diallo.',
      ],
    },
  },
  {
    /*
     * 2 seats, parity: at most ⌈2/2⌉ = 1 per category. a, b « homme »; c, d « femme ».
     * 4 a, 4 b>c, 1 c, 1 d: 10 valid, quota ⌊10/3⌋ + 1 = 4.
     * Stage 1: a 4, b 4 both reach it, level with no earlier stage: the lot order (a b c d) takes
     *   a first. a is elected (1 homme); b would be a 2nd homme: passed over. c 1, d 1.
     * Stage 2: b's 4 papers go on at their value to c: c 5 ≥ 4, elected (1 femme).
     */
    name: 'STV: parity passes over a candidate who reached the quota (fr)',
    result: counted(
      stv(
        [
          [4, 'a'],
          [4, 'b>c'],
          [1, 'c'],
          [1, 'd'],
        ],
        [
          person('a', null, 'homme'),
          person('b', null, 'homme'),
          person('c', null, 'femme'),
          person('d', null, 'femme'),
        ],
        rules(2, [], true),
      ),
      { participants: 10, electorate: 10, ballots: 10 },
    ),
    context: settings('stv', rules(2, [], true), {
      candidates: [
        person('a', null, 'homme'),
        person('b', null, 'homme'),
        person('c', null, 'femme'),
        person('d', null, 'femme'),
      ],
    }),
    locale: 'fr',
    expected: {
      summary:
        'Vote unique transférable, 2 sièges, parité. 10 bulletins ; 10 votants sur 10 inscrits.',
      seats: [
        'Awa Diallo — atteint le quota (4) à l’étape 1.',
        'Chloé Petit — atteint le quota (4) à l’étape 2.',
      ],
      details: [
        'Étape 1 : Awa Diallo et Bruno Martin ont autant de voix, et aucune étape antérieure ne les départage ; le sort, tiré de l’empreinte des bulletins, fait passer Awa Diallo en premier.',
        'Bruno Martin est écarté·e à l’étape 1 : une personne élue de plus de la catégorie déclarée « homme » dépasserait la parité (1 au plus sur 2).',
        'Quota : 4 voix, soit ⌊10 bulletins valides ÷ (2 + 1)⌋ + 1 (quota de Droop).',
        'Étape 1 — premières préférences : Awa Diallo 4, Bruno Martin 4, Chloé Petit 1, David Roux 1 ; élu·e : Awa Diallo.',
        'Étape 2 — Bruno Martin, écarté·e (parité) : ses bulletins passent aux préférences suivantes ; élu·e : Chloé Petit.',
      ],
    },
  },
  {
    /*
     * 2 seats, 1 reserved for Citoyens; a, b of no college, c of Citoyens. 4 a, 3 b, 2 c:
     * 9 valid, quota 4. Stage 1: a 4 = quota, elected to the open seat. Left: the Citoyens seat,
     * which only c may take. Stage 2: c has the fewest (2) but is protected; b (3) is excluded.
     * c, alone, takes the reserved seat with 2.
     */
    name: 'STV: a reserved seat protects its college’s last candidate (en)',
    result: counted(
      stv(
        [
          [4, 'a'],
          [3, 'b'],
          [2, 'c'],
        ],
        [person('a'), person('b'), person('c', 'cit')],
        rules(2, [{ collegeId: 'cit', seats: 1 }]),
      ),
      { participants: 9, electorate: 10, ballots: 9 },
    ),
    context: settings('stv', rules(2, [{ collegeId: 'cit', seats: 1 }])),
    locale: 'en',
    expected: {
      summary:
        'Single transferable vote, 2 seats including 1 reserved for the Citoyens college. 9 ballots; 9 voted out of 10 entitled.',
      seats: [
        'Awa Diallo — open seat, reached the quota (4) at stage 1.',
        'Chloé Petit — seat reserved for the Citoyens college, elected at stage 2 without reaching the quota (2 votes of 4), when no rival was left for the free seats.',
      ],
      details: [
        'Quota: 4 votes, i.e. ⌊9 valid ballots ÷ (2 + 1)⌋ + 1 (Droop quota).',
        'Stage 1 — first preferences: Awa Diallo 4, Bruno Martin 3, Chloé Petit 2; elected: Awa Diallo.',
        'Stage 2 — Bruno Martin excluded (3 votes): Chloé Petit, who has no more, is kept for a seat that needs them; elected: Chloé Petit.',
      ],
    },
  },
];

// ---- Running the tables ----------------------------------------------------------------------

describe('explainRound', () => {
  const groups: [string, Case[]][] = [
    ['the board and the quorum', boardCases],
    ['majority judgment', majorityJudgmentCases],
    ['plurality, block, approval', marksCases],
    ['two rounds', twoRoundCases],
    ['STV', stvCases],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      it.each(cases)('$name', ({ result, context, locale, expected }) => {
        expect(plainly(explainRound(result, context, locale))).toEqual(expected);
      });
    });
  }

  it('French numbers keep Intl’s spaces: no-break before %, narrow no-break between thousands', () => {
    const explanation = explainRound(
      counted(
        countMarks(
          'plurality',
          { expressed: 2000, blank: 0, votes: { a: 1500, b: 500 } },
          { candidates: people('a', 'b'), rules: rules(1), tieOrder: ['a', 'b'] },
        ),
        { participants: 2000, electorate: 3000, ballots: 2000 },
      ),
      settings('plurality', rules(1)),
      'fr',
    );
    // 1500/2000 = 75 %.
    expect(explanation.seats).toEqual([
      'Awa Diallo — 1\u202f500 voix sur 2\u202f000 exprimés, soit 75\u00a0%.',
    ]);
  });

  it('gives one line per seat, naming its holder, and a line per candidate passed over and per vacancy', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.constantFrom('plurality' as const, 'block' as const, 'approval' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.constantFrom('res', null), { minLength: 5, maxLength: 5 }),
        fc.array(fc.constantFrom('F', 'H', null), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (method, seats, votes, collegeOf, categoryOf, parity) => {
          const candidates = ids.map((id, i) => person(id, collegeOf[i]!, categoryOf[i]!));
          const seatRules = rules(seats, [{ collegeId: 'res', seats: 1 }], parity);
          const count = countMarks(
            method,
            {
              expressed: Math.max(...votes, 1),
              blank: 0,
              votes: Object.fromEntries(ids.map((id, i) => [id, votes[i]!])),
            },
            { candidates, rules: seatRules, tieOrder: ids },
          );
          const explanation = explainRound(
            counted(count, { participants: 10, electorate: 10, ballots: 10 }),
            settings(method, seatRules, { candidates }),
            'en',
          );
          expect(explanation.seats).toHaveLength(count.seats.elected.length);
          count.seats.elected.forEach((holder, index) => {
            expect(explanation.seats[index]!.startsWith(`${names[holder.candidateId]} — `)).toBe(
              true,
            );
          });
          for (const entry of count.seats.passedOver) {
            const told = explanation.details.some((line) =>
              line.startsWith(`${names[entry.candidateId]} is passed over: `),
            );
            expect(told).toBe(true);
          }
          const vacancies = explanation.details.filter((line) => line.includes('vacant'));
          expect(vacancies).toHaveLength(count.seats.unfilled.length);
        },
      ),
    );
  });
});

describe('methodName and methodSummary', () => {
  it.each([
    ['majority_judgment', 'fr', 'Jugement majoritaire'],
    ['stv', 'fr', 'Vote unique transférable'],
    ['two_round', 'fr', 'Scrutin majoritaire à deux tours'],
    ['approval', 'en', 'Approval voting'],
    ['stv', 'en', 'Single transferable vote'],
  ] as const)('%s in %s is « %s »', (method, locale, name) => {
    expect(methodName(method, locale)).toBe(name);
  });

  it('names every method differently, and sums each up in one sentence, in both languages', () => {
    for (const locale of ['fr', 'en'] as const) {
      const all = electionMethods.map((method) => methodName(method, locale));
      expect(new Set(all).size).toBe(electionMethods.length);
      for (const method of electionMethods) {
        const summary = methodSummary(method, locale);
        // One sentence: a capital first, one full stop, at the end.
        expect(summary).toMatch(/^[A-ZÀ-Ý][^.]*\.$/);
      }
    }
  });

  it('says the two-round rule: more than half of the ballots cast', () => {
    expect(methodSummary('two_round', 'en')).toContain('more than half of the ballots cast');
    expect(methodSummary('two_round', 'fr')).toContain('plus de la moitié des bulletins exprimés');
  });
});
