import { describe, expect, it } from 'vitest';
import { meetingQuorum, participantsRequired } from './quorum.ts';

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

describe('participantsRequired: the fewest who reach the quorum, as `reached` decides it', () => {
  it.each([
    // quorum, entitled, required: the products inexact in binary are the point.
    [0.3, 10, 3], // 0.3 × 10 = 3.0000000000000004, and 3 / 10 = 30 % reaches it
    [0.1, 30, 3], // 0.1 × 30 = 3.0000000000000004
    [0.7, 10, 7], // 0.7 × 10 = 7.000000000000001
    [0.25, 4, 1],
    [0.25, 5, 2], // 1 / 5 = 20 % < 25 %
    [0.5, 5, 3],
    [1 / 3, 9, 3],
    [0, 12, 0],
    [1, 12, 12],
    [0.5, 0, 0],
  ])('%s of %s entitled: %s', (quorum, entitled, required) => {
    expect(participantsRequired(quorum, entitled)).toBe(required);
    if (entitled > 0) {
      expect(required / entitled >= quorum).toBe(true);
      if (required > 0) expect((required - 1) / entitled >= quorum).toBe(false);
    }
  });
});
