import { describe, expect, it } from 'vitest';
import { stripSegments } from './bar-geometry.ts';

describe('stripSegments', () => {
  it('lays each answer after the previous, as its share of the group', () => {
    expect(stripSegments(['yes', 'no', 'abstain'], { yes: 3, no: 1, abstain: 0 })).toEqual([
      { choice: 'yes', start: 0, width: 0.75 },
      { choice: 'no', start: 0.75, width: 0.25 },
      { choice: 'abstain', start: 1, width: 0 },
    ]);
  });

  it('counts a missing answer as none and ignores answers the poll does not offer', () => {
    const segments = stripSegments(['consent', 'objection'], { consent: 2, yes: 40 });
    expect(segments.map(({ width }) => width)).toEqual([1, 0]);
  });

  it('draws nothing for a group where nobody answered', () => {
    expect(stripSegments(['yes', 'no'], { yes: 0, no: 0 })).toEqual([]);
  });
});
