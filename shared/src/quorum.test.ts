import { describe, expect, it } from 'vitest';
import { meetingQuorum } from './quorum.ts';

const voter = (
  userId: string,
  present: boolean,
  siteId: string | null = 'occ',
  collegeId: string | null = 'a',
) => ({
  userId,
  present,
  siteId: present ? siteId : null,
  collegeId,
});

describe('meetingQuorum', () => {
  it('counts present voters and proxies whose holder is present and grantor away', () => {
    const state = meetingQuorum({
      voters: [
        voter('u1', true),
        voter('u2', true, 'nor'),
        voter('u3', false),
        voter('u4', false),
        voter('u5', false),
      ],
      proxies: [
        { grantorId: 'u3', holderId: 'u1' },
        { grantorId: 'u4', holderId: 'u5' }, // holder absent: represents nobody
      ],
      quorum: 0.5,
    });
    expect(state).toMatchObject({
      entitled: 5,
      present: 2,
      represented: 1,
      participants: 3,
      required: 3,
      reached: true,
    });
    expect(state.bySite).toEqual({
      occ: { present: 1, represented: 1 },
      nor: { present: 1, represented: 0 },
    });
  });

  it('does not count a proxy twice when its grantor checked in', () => {
    const state = meetingQuorum({
      voters: [voter('u1', true), voter('u2', true)],
      proxies: [{ grantorId: 'u2', holderId: 'u1' }],
      quorum: 1,
    });
    expect(state).toMatchObject({ present: 2, represented: 0, reached: true });
  });

  it.each([
    [19, false],
    [20, true],
  ])('quorum 0.5 of 40 with %i present → %s', (count, reached) => {
    const voters = Array.from({ length: 40 }, (_, i) => voter(`u${i}`, i < count));
    expect(meetingQuorum({ voters, proxies: [], quorum: 0.5 }).reached).toBe(reached);
  });

  it('breaks presence down by college', () => {
    const state = meetingQuorum({
      voters: [
        voter('u1', true, 'occ', 'a'),
        voter('u2', false, 'occ', 'b'),
        voter('u3', true, 'occ', 'b'),
      ],
      proxies: [],
      quorum: 0,
    });
    expect(state.byCollege).toEqual({
      a: { entitled: 1, present: 1 },
      b: { entitled: 2, present: 1 },
    });
  });
});
