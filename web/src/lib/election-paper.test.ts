import { describe, expect, it } from 'vitest';
import {
  normaliseName,
  parsePaperRankings,
  readSiteCountForm,
  siteCountFields,
  type SiteCountSpec,
} from './election-paper.ts';

const candidates = [
  { id: 'awa', label: 'Awa Diop' },
  { id: 'bruno', label: 'Bruno' },
  { id: 'chloe', label: 'Chloé' },
];

describe('normaliseName', () => {
  it('ignores case, accents and extra spaces', () => {
    expect(normaliseName('  CHLOE ')).toBe(normaliseName('Chloé'));
    expect(normaliseName('awa   diop')).toBe(normaliseName('Awa Diop'));
  });
});

describe('parsePaperRankings', () => {
  it('reads « N × names », with ×, x, * or : as the sign, and a line without a count as one', () => {
    const text = [
      '3 × Awa Diop > Bruno > Chloé',
      '2x chloe > awa diop',
      '4 * Bruno',
      '1: Chloé > Bruno',
      'Bruno > Chloé',
    ].join('\n');
    expect(parsePaperRankings(text, candidates)).toEqual({
      rankings: [
        { ranking: ['awa', 'bruno', 'chloe'], count: 3 },
        { ranking: ['chloe', 'awa'], count: 2 },
        { ranking: ['bruno'], count: 4 },
        { ranking: ['chloe', 'bruno'], count: 1 },
        { ranking: ['bruno', 'chloe'], count: 1 },
      ],
      problems: [],
    });
  });

  it('adds up the same ranking written on two lines (3 + 2 = 5) and skips empty lines', () => {
    const text = '3 × Bruno > Awa Diop\n\n   \n2 × bruno > AWA DIOP\n';
    expect(parsePaperRankings(text, candidates).rankings).toEqual([
      { ranking: ['bruno', 'awa'], count: 5 },
    ]);
  });

  it('says which line is wrong and why, and keeps the good lines', () => {
    const text = [
      '2 × Awa Diop > Zoé', // line 1: not standing
      '3 Bruno > Chloé', // line 2: a number without its sign
      '0 × Bruno', // line 3: no ballot
      '1 × Bruno > > Chloé', // line 4: a name missing
      '1 × Bruno > bruno', // line 5: twice
      '2 × Chloé', // line 6: good
    ].join('\n');
    expect(parsePaperRankings(text, candidates)).toEqual({
      rankings: [{ ranking: ['chloe'], count: 2 }],
      problems: [
        { line: 1, code: 'unknown_name', name: 'Zoé' },
        { line: 2, code: 'count' },
        { line: 3, code: 'count' },
        { line: 4, code: 'empty_name' },
        { line: 5, code: 'twice', name: 'bruno' },
      ],
    });
  });

  it('does not read « 3 Xavier » as « 3 x avier »', () => {
    const withXavier = [...candidates, { id: 'xavier', label: 'Xavier' }];
    expect(parsePaperRankings('3 Xavier', withXavier).problems).toEqual([
      { line: 1, code: 'count' },
    ]);
    expect(parsePaperRankings('3 x Xavier', withXavier).rankings).toEqual([
      { ranking: ['xavier'], count: 3 },
    ]);
  });

  it('refuses a name two candidates share: the line cannot say which', () => {
    const twins = [
      { id: 'a1', label: 'Awa' },
      { id: 'a2', label: 'AWA' },
    ];
    expect(parsePaperRankings('1 × Awa', twins).problems).toEqual([
      { line: 1, code: 'ambiguous_name', name: 'Awa' },
    ]);
  });
});

const spec = (method: SiteCountSpec['method'], seats = 1): SiteCountSpec => ({
  method,
  seats,
  candidates,
  gradeCount: 3,
  siteIds: ['lyon', 'nantes'],
  collegeIds: null,
});

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
};

describe('readSiteCountForm', () => {
  it('sends the votes per name, empty figures as 0', () => {
    // 40 ballots, 4 blank: 36 expressed; 20 + 16 + 0 = 36 names marked, one per ballot.
    const reading = readSiteCountForm(
      formOf({
        siteId: 'lyon',
        ballots: '40',
        blank: '4',
        [siteCountFields.votes('awa')]: '20',
        [siteCountFields.votes('bruno')]: '16',
        [siteCountFields.votes('chloe')]: '',
      }),
      spec('plurality'),
    );
    expect(reading).toMatchObject({
      ok: true,
      body: { siteId: 'lyon', ballots: 40, blank: 4, votes: { awa: 20, bruno: 16, chloe: 0 } },
    });
  });

  it('refuses more names marked than the ballots carry: 10 expressed × 2 seats = 20 < 21', () => {
    const reading = readSiteCountForm(
      formOf({
        siteId: 'lyon',
        ballots: '10',
        blank: '0',
        [siteCountFields.votes('awa')]: '10',
        [siteCountFields.votes('bruno')]: '10',
        [siteCountFields.votes('chloe')]: '1',
      }),
      spec('block', 2),
    );
    expect(reading).toMatchObject({
      ok: false,
      problems: [
        {
          field: 'votes-awa',
          key: 'siteCount.marksAboveBallots',
          params: { total: 21, expressed: 10, max: 2 },
        },
      ],
    });
  });

  it('refuses a name with more votes than expressed ballots: 12 − 3 = 9 < 10', () => {
    const reading = readSiteCountForm(
      formOf({ siteId: 'lyon', ballots: '12', blank: '3', [siteCountFields.votes('bruno')]: '10' }),
      spec('approval'),
    );
    expect(reading).toMatchObject({
      ok: false,
      problems: [{ field: 'votes-bruno', key: 'siteCount.aboveExpressed' }],
    });
  });

  it('refuses an unknown site, blank above ballots, and a figure that is not a count', () => {
    const reading = readSiteCountForm(
      formOf({ siteId: 'paris', ballots: '5', blank: '6', [siteCountFields.votes('awa')]: '-1' }),
      spec('approval'),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((problem) => [problem.field, problem.key])).toEqual([
      ['siteId', 'siteCount.siteRequired'],
      ['blank', 'siteCount.blankAboveBallots'],
      ['votes-awa', 'validation.count'],
    ]);
    // What was typed comes back, to correct rather than retype.
    expect(reading.values).toMatchObject({ siteId: 'paris', ballots: '5', blank: '6' });
  });

  it('sends the grades per name, and refuses more grades than expressed ballots', () => {
    // 10 ballots, 1 blank: 9 expressed. Awa: 4 + 3 + 2 = 9. Bruno: 5 + 5 + 0 = 10 > 9.
    // Chloé: 2 + 0 + 0 = 2, the other 7 at the lowest grade, as ungraded names count.
    const fields = {
      siteId: 'nantes',
      ballots: '10',
      blank: '1',
      [siteCountFields.grade('awa', 0)]: '4',
      [siteCountFields.grade('awa', 1)]: '3',
      [siteCountFields.grade('awa', 2)]: '2',
      [siteCountFields.grade('bruno', 0)]: '5',
      [siteCountFields.grade('bruno', 1)]: '5',
      [siteCountFields.grade('chloe', 0)]: '2',
    };
    expect(readSiteCountForm(formOf(fields), spec('majority_judgment'))).toMatchObject({
      ok: false,
      problems: [{ field: 'profile-bruno-0', key: 'siteCount.aboveExpressed' }],
    });
    const fixed = { ...fields, [siteCountFields.grade('bruno', 1)]: '4' };
    expect(readSiteCountForm(formOf(fixed), spec('majority_judgment'))).toMatchObject({
      ok: true,
      body: { profiles: { awa: [4, 3, 2], bruno: [5, 4, 0], chloe: [2, 0, 0] } },
    });
  });

  it('sends the rankings when they add up to the expressed ballots: 3 + 2 = 5 = 6 − 1', () => {
    const fields = {
      siteId: 'lyon',
      ballots: '6',
      blank: '1',
      rankings: '3 × Bruno > Chloé\n2 × Awa Diop',
    };
    expect(readSiteCountForm(formOf(fields), spec('stv'))).toMatchObject({
      ok: true,
      body: {
        rankings: [
          { ranking: ['bruno', 'chloe'], count: 3 },
          { ranking: ['awa'], count: 2 },
        ],
      },
    });
    const short = { ...fields, ballots: '7' };
    expect(readSiteCountForm(formOf(short), spec('stv'))).toMatchObject({
      ok: false,
      problems: [
        { field: 'rankings', key: 'siteCount.rankingsTotal', params: { total: 5, expressed: 6 } },
      ],
    });
  });

  it('shows each wrong line of the rankings next to the field', () => {
    const reading = readSiteCountForm(
      formOf({ siteId: 'lyon', ballots: '2', blank: '0', rankings: '1 × Zoé\n1 × Bruno' }),
      spec('stv'),
    );
    expect(reading).toMatchObject({
      ok: false,
      problems: [
        {
          field: 'rankings',
          key: 'siteCount.rankingLine.unknown_name',
          params: { line: 1, name: 'Zoé' },
        },
      ],
    });
  });

  it('asks which college the ballots are from when the assembly weighs colleges', () => {
    const weighted = { ...spec('approval'), collegeIds: ['young', 'elders'] };
    const fields = { siteId: 'lyon', ballots: '1', blank: '1' };
    expect(readSiteCountForm(formOf(fields), weighted)).toMatchObject({
      ok: false,
      problems: [{ field: 'collegeId', key: 'siteCount.collegeRequired' }],
    });
    expect(readSiteCountForm(formOf({ ...fields, collegeId: 'young' }), weighted)).toMatchObject({
      ok: true,
      body: { collegeId: 'young' },
    });
  });
});
