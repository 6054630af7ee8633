import { describe, expect, it } from 'vitest';
import { computeResult, type Result, type Tally } from './decisions.ts';
import { mergeSmallCells, protectSmallGroups } from './result-privacy.ts';

/** A vote tally from a compact [yes, no, abstain]. */
const v = ([yes, no, abstain]: [number, number, number]): Tally => ({ yes, no, abstain });

describe('mergeSmallCells, worked by hand (minimum 5)', () => {
  // [cells, ids shown, merged ids' tally or null, groups merged]
  const cases: [
    string,
    Record<string, [number, number, number]>,
    string[],
    [number, number, number] | null,
    number,
  ][] = [
    ['nothing small: all shown', { a: [3, 2, 0], b: [10, 0, 1] }, ['a', 'b'], null, 0],
    // One voter alone in b: merged with the smallest other (a, 5) so b cannot be read back as
    // total − a − c, and the merged cell has 6 answers.
    ['one alone', { a: [3, 2, 0], b: [1, 0, 0], c: [9, 9, 0] }, ['c'], [4, 2, 0], 2],
    // Two small cells that reach 5 together need nobody else.
    ['small ones together', { a: [2, 0, 0], b: [0, 3, 0], c: [7, 1, 0] }, ['c'], [2, 3, 0], 2],
    // Together still under 5: the smallest shown cell joins.
    [
      'small ones and one more',
      { a: [1, 0, 0], b: [0, 2, 0], c: [5, 0, 0], d: [9, 1, 0] },
      ['d'],
      [6, 2, 0],
      3,
    ],
    // Everything is small: no cell shown, the merged one equals the total.
    ['all small', { a: [1, 0, 0], b: [0, 1, 1] }, [], [1, 1, 1], 2],
    // An empty college shows nobody's choice: it stays.
    ['empty stays', { a: [0, 0, 0], b: [4, 0, 0], c: [3, 3, 0] }, ['a'], [7, 3, 0], 2],
    ['exactly the minimum is shown', { a: [5, 0, 0], b: [0, 0, 5] }, ['a', 'b'], null, 0],
  ];
  it.each(cases)('%s', (_, cells, shownIds, mergedTally, groups) => {
    const input = Object.fromEntries(Object.entries(cells).map(([id, t]) => [id, v(t)]));
    const { shown, other } = mergeSmallCells(input, 5);
    expect(Object.keys(shown).sort()).toEqual(shownIds);
    if (mergedTally === null) expect(other).toBeNull();
    else expect(other).toEqual({ groups, tally: v(mergedTally) });
    // Nothing lost: shown + merged = every answer.
    const all = (tallies: Tally[]) =>
      tallies.reduce((sum, t) => sum + (t.yes ?? 0) + (t.no ?? 0) + (t.abstain ?? 0), 0);
    expect(all(Object.values(shown)) + all(other ? [other.tally] : [])).toBe(
      all(Object.values(input)),
    );
    // Every shown cell is empty or holds the minimum; so does the merged one, unless it is all.
    for (const tally of Object.values(shown))
      expect(all([tally]) === 0 || all([tally]) >= 5).toBe(true);
    if (other && shownIds.some((id) => all([shown[id]!]) > 0)) {
      expect(all([other.tally])).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('protectSmallGroups', () => {
  const secretVote = (): Result =>
    computeResult({
      kind: 'vote',
      rule: 'simple',
      quorum: 0,
      electorate: 30,
      participants: 20,
      colleges: [
        { id: 'people', share: 0.5 },
        { id: 'orgs', share: 0.5 },
      ],
      counts: [
        { choice: 'yes', count: 12, collegeId: 'people', siteId: 'lyon' },
        { choice: 'no', count: 3, collegeId: 'people', siteId: 'lyon' },
        { choice: 'yes', count: 4, collegeId: 'orgs', siteId: 'lyon' },
        // Alone at the Brest site: their choice must not show.
        { choice: 'no', count: 1, collegeId: 'orgs', siteId: 'brest' },
      ],
    });

  it('merges the lone voter’s site and keeps totals, outcome and share', () => {
    const plain = secretVote();
    const safe = protectSmallGroups(plain, 5);
    expect(safe.totals).toEqual(plain.totals);
    expect(safe.outcome).toBe(plain.outcome);
    expect(safe.yesShare).toBe(plain.yesShare);
    expect(safe.bySite).toEqual({});
    expect(safe.privacy?.otherSites).toEqual({ groups: 2, tally: { yes: 16, no: 4, abstain: 0 } });
    // Both colleges hold 5 or more answers: shown.
    expect(safe.byCollege).toEqual(plain.byCollege);
    expect(safe.privacy?.otherColleges).toBeNull();
  });

  it('changes nothing when applied again', () => {
    const once = protectSmallGroups(secretVote(), 5);
    expect(protectSmallGroups(once, 5)).toEqual(once);
  });

  it('hides a college of four with a higher minimum, and the other college with it', () => {
    const safe = protectSmallGroups(secretVote(), 6);
    expect(safe.byCollege).toEqual({});
    expect(safe.privacy?.otherColleges?.groups).toBe(2);
  });
});
