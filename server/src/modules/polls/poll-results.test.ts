import { describe, expect, it } from 'vitest';
import { computeResult } from '@cercle/shared';
import { type CountRow, resultInput } from './poll-results.ts';

const vote = {
  kind: 'vote' as const,
  rule: 'simple' as const,
  quorum: 0,
  electorateSize: 10,
  meetingId: null,
  collegeWeighting: false,
  colleges: null,
  majorityInEveryCollege: null,
};

const row = (choice: CountRow['choice'], count: number, extra: Partial<CountRow> = {}) => ({
  choice,
  count,
  collegeId: null,
  siteId: null,
  ...extra,
});

describe('resultInput', () => {
  it('adds a site’s show of hands to the app ballots, keeping each one’s site', () => {
    const result = computeResult(
      resultInput(
        { ...vote, meetingId: 'm1' },
        {
          app: [row('yes', 2), row('no', 3)],
          hands: [row('yes', 4, { siteId: 's1' })],
          participants: 9,
        },
      ),
    );
    expect(result.totals).toMatchObject({ yes: 6, no: 3 });
    expect(result.outcome).toBe('adopted');
    expect(result.basis?.participation).toBe('present');
    expect(result.bySite.s1).toMatchObject({ yes: 4, no: 0 });
  });

  it('never counts more participants than the frozen electorate', () => {
    const input = resultInput(
      { ...vote, quorum: 1 },
      { app: [row('yes', 10)], hands: [], participants: 12 },
    );
    expect(input.participants).toBe(10);
    expect(input.participation).toBe('answered');
    expect(computeResult(input).outcome).toBe('adopted');
  });

  it('weighs colleges only when the poll froze them', () => {
    const colleges = [
      { id: 'c1', share: 0.5 },
      { id: 'c2', share: 0.5 },
    ];
    // Three yes in a small college, four no in the other: weighted, the colleges tie.
    const app = [row('yes', 3, { collegeId: 'c1' }), row('no', 4, { collegeId: 'c2' })];
    const weighted = resultInput(
      { ...vote, collegeWeighting: true, colleges, majorityInEveryCollege: false },
      { app, hands: [], participants: 7 },
    );
    expect(weighted.colleges).toEqual(colleges);
    const unweighted = resultInput(
      { ...vote, collegeWeighting: true, colleges: [] },
      { app, hands: [], participants: 7 },
    );
    expect(unweighted.colleges).toBeUndefined();
    expect(computeResult(unweighted).outcome).toBe('rejected');
  });

  it('gives a consent round no rule, and a vote without one the simple majority', () => {
    expect(
      resultInput({ ...vote, kind: 'consent' }, { app: [], hands: [], participants: 0 }),
    ).not.toHaveProperty('rule');
    expect(resultInput({ ...vote, rule: null }, { app: [], hands: [], participants: 0 }).rule).toBe(
      'simple',
    );
  });
});
