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

describe('meetingQuorum over groups of alike voters (an assembly of thousands)', () => {
  it('counts each group as that many voters, and proxies between people named one by one', () => {
    const state = meetingQuorum({
      voters: [
        { userId: null, collegeId: 'a', siteId: null, present: false, count: 9_000 },
        { userId: null, collegeId: 'a', siteId: 'occ', present: true, count: 990 },
        { userId: null, collegeId: 'b', siteId: 'nor', present: true, count: 5 },
        voter('holder', true, 'nor', 'b'),
        voter('grantor', false, 'occ', 'a'),
        voter('away holder', false, 'occ', 'a'),
        voter('second grantor', false, 'occ', 'b'),
      ],
      proxies: [
        { grantorId: 'grantor', holderId: 'holder' },
        { grantorId: 'second grantor', holderId: 'away holder' },
      ],
      quorum: 0.1,
    });
    expect(state).toMatchObject({
      entitled: 9_999,
      present: 996,
      represented: 1,
      participants: 997,
      required: 1_000,
      reached: false,
    });
    expect(state.bySite).toEqual({
      occ: { present: 990, represented: 0 },
      nor: { present: 6, represented: 1 },
    });
    expect(state.byCollege).toEqual({
      a: { entitled: 9_992, present: 990 },
      b: { entitled: 7, present: 6 },
    });
  });

  it('gives the same answer as the voters one by one', () => {
    const people = Array.from({ length: 40 }, (_, i) =>
      voter(`u${i}`, i % 3 === 0, i % 2 ? 'occ' : 'nor', i % 4 ? 'a' : 'b'),
    );
    const proxies = [
      { grantorId: 'u1', holderId: 'u0' },
      { grantorId: 'u2', holderId: 'u4' },
      { grantorId: 'u3', holderId: 'u6' },
    ];
    const named = new Set(proxies.flatMap((proxy) => [proxy.grantorId, proxy.holderId]));
    const groups = new Map<
      string,
      {
        userId: null;
        collegeId: string | null;
        siteId: string | null;
        present: boolean;
        count: number;
      }
    >();
    for (const person of people.filter((person) => !named.has(person.userId))) {
      const key = `${person.collegeId}/${person.siteId}/${person.present}`;
      const group = groups.get(key) ?? { ...person, userId: null, count: 0 };
      group.count += 1;
      groups.set(key, group);
    }
    const grouped = [...groups.values(), ...people.filter((person) => named.has(person.userId))];
    expect(meetingQuorum({ voters: grouped, proxies, quorum: 0.3 })).toEqual(
      meetingQuorum({ voters: people, proxies, quorum: 0.3 }),
    );
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
