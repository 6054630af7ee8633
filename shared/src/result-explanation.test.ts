import { describe, expect, it } from 'vitest';
import { computeResult, type ResultInput } from './decisions.ts';
import { explainResult } from './result-explanation.ts';

/** Intl puts a narrow no-break space before % in French: compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const explain = (input: ResultInput, locale: 'fr' | 'en' = 'fr') =>
  plain(explainResult(computeResult(input), locale));

const vote = (
  rule: ResultInput['rule'],
  [yes, no, abstain]: [number, number, number],
  extra: Partial<ResultInput> = {},
): ResultInput => ({
  kind: 'vote',
  rule,
  quorum: 0,
  electorate: 20,
  participants: yes + no + abstain,
  counts: [
    { choice: 'yes', count: yes },
    { choice: 'no', count: no },
    { choice: 'abstain', count: abstain },
  ],
  ...extra,
});

describe('explainResult', () => {
  const cases: [string, ResultInput, 'fr' | 'en', string][] = [
    [
      'two thirds missed (the issue’s example)',
      vote('two_thirds', [4, 3, 2]),
      'fr',
      'Majorité des deux tiers : 4 pour sur 7 exprimés (pour et contre), soit 57,1 %, il en fallait au moins 66,7 % — rejet.',
    ],
    [
      'simple majority, abstentions left out',
      vote('simple', [5, 3, 4]),
      'fr',
      'Majorité simple : 5 pour sur 8 exprimés (pour et contre), soit 62,5 %, il en fallait plus de 50 % — adoption.',
    ],
    [
      'absolute majority counts abstentions: a half is not more than half',
      vote('absolute', [5, 3, 2]),
      'fr',
      'Majorité absolue : 5 pour sur 10 votes (abstentions comprises), soit 50 %, il en fallait plus de 50 % — rejet.',
    ],
    [
      'members’ absolute majority against the electorate',
      vote('members_absolute', [11, 2, 0]),
      'en',
      'Absolute majority of members: 11 in favour out of 20 entitled, i.e. 55%, more than 50% was needed — adopted.',
    ],
    [
      'quorum of a meeting, then the rule',
      vote('simple', [6, 2, 0], { quorum: 0.25, participants: 9, participation: 'present' }),
      'fr',
      'Quorum : 9 présents ou représentés sur 20 inscrits, il en fallait 5 (25 %) — atteint. Majorité simple : 6 pour sur 8 exprimés (pour et contre), soit 75 %, il en fallait plus de 50 % — adoption.',
    ],
    [
      'quorum missed: no decision, nothing about the majority',
      vote('simple', [3, 0, 0], { quorum: 0.5 }),
      'en',
      'Quorum not reached: 3 voted out of 20 entitled, 10 needed (50%) — no decision.',
    ],
    [
      'nobody for or against',
      vote('simple', [0, 0, 3]),
      'fr',
      'Majorité simple : aucune voix exprimée — rejet.',
    ],
    [
      'weighted by college, majority required in each',
      {
        ...vote('simple', [0, 0, 0]),
        colleges: [
          { id: 'a', share: 0.75 },
          { id: 'b', share: 0.25 },
        ],
        majorityInEveryCollege: true,
        counts: [
          { choice: 'yes', count: 3, collegeId: 'a' },
          { choice: 'no', count: 1, collegeId: 'a' },
          { choice: 'no', count: 2, collegeId: 'b' },
        ],
        participants: 6,
      },
      'fr',
      'Majorité simple pondérée par collège : 56,3 % de pour, chaque collège pesant selon sa part, il en fallait plus de 50 % — rejet. La majorité, requise dans chaque collège, manque dans au moins un collège.',
    ],
    [
      'consent without objection',
      {
        kind: 'consent',
        quorum: 0,
        electorate: 12,
        participants: 9,
        counts: [
          { choice: 'consent', count: 7 },
          { choice: 'concern', count: 1 },
          { choice: 'stand_aside', count: 1 },
        ],
      },
      'fr',
      'Consentement : aucune objection sur 9 positions — adoption.',
    ],
    [
      'consent with one objection',
      {
        kind: 'consent',
        quorum: 0,
        electorate: 12,
        participants: 5,
        counts: [
          { choice: 'consent', count: 4 },
          { choice: 'objection', count: 1 },
        ],
      },
      'en',
      'Consent: 1 objection among 5 stances — no consent, the objections are to be answered.',
    ],
  ];
  it.each(cases)('%s', (_, input, locale, expected) => {
    expect(explain(input, locale)).toBe(expected);
  });

  it('says the outcome alone for results stored before their basis was', () => {
    const legacy = { ...computeResult(vote('simple', [2, 1, 0])), basis: undefined };
    expect(explainResult(legacy, 'fr')).toBe('Adoption.');
  });
});
