import { describe, expect, it } from 'vitest';
import { type Actor, can, type Permission, permissionNames } from './permissions.ts';

const own = 'occitanie';
const other = 'normandie';

const actors = {
  admin: { isAdmin: true, memberships: [] },
  secretary: {
    isAdmin: false,
    memberships: [{ assemblyId: own, role: 'secretary', votingRight: true }],
  },
  'secretary without vote': {
    isAdmin: false,
    memberships: [{ assemblyId: own, role: 'secretary', votingRight: false }],
  },
  member: { isAdmin: false, memberships: [{ assemblyId: own, role: 'member', votingRight: true }] },
  'member without vote': {
    isAdmin: false,
    memberships: [{ assemblyId: own, role: 'member', votingRight: false }],
  },
  outsider: { isAdmin: false, memberships: [] },
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

// Who may act in their own assembly. Nobody but the admin may act in another assembly:
// an antenna secretary has no power over another antenna.
const mayActInOwnAssembly: Record<Permission, Who[]> = {
  'assembly.view': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'assembly.manage': ['admin'],
  'election.manage': ['admin', 'secretary', 'secretary without vote'],
  'election.stand': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'member.view': ['admin', 'secretary', 'secretary without vote', 'member', 'member without vote'],
  'member.invite': ['admin', 'secretary', 'secretary without vote'],
  'member.manage': ['admin', 'secretary', 'secretary without vote'],
  'motion.submit': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'motion.support': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'motion.comment': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'motion.admit': ['admin', 'secretary', 'secretary without vote'],
  'poll.open': ['admin', 'secretary', 'secretary without vote'],
  'ballot.cast': ['admin', 'secretary', 'member'],
  'meeting.attend': [
    'admin',
    'secretary',
    'secretary without vote',
    'member',
    'member without vote',
  ],
  'meeting.run': ['admin', 'secretary', 'secretary without vote'],
  'minutes.publish': ['admin', 'secretary', 'secretary without vote'],
  'congress.manage': ['admin'],
  'congress.prepare': ['admin', 'secretary', 'secretary without vote'],
  'congress.forward': ['admin', 'secretary', 'secretary without vote'],
  'delegate.designate': ['admin', 'secretary', 'secretary without vote'],
};

describe('can()', () => {
  it('has an expectation for every permission', () => {
    expect(Object.keys(mayActInOwnAssembly).sort()).toEqual([...permissionNames].sort());
  });

  for (const permission of permissionNames) {
    for (const who of Object.keys(actors) as Who[]) {
      const inOwn = mayActInOwnAssembly[permission].includes(who);
      const inOther = who === 'admin';
      it(`${who}: ${permission} ${inOwn ? 'allowed' : 'refused'} in own assembly, ${
        inOther ? 'allowed' : 'refused'
      } in another`, () => {
        expect(can(actors[who], permission, { assemblyId: own })).toBe(inOwn);
        expect(can(actors[who], permission, { assemblyId: other })).toBe(inOther);
      });
    }
  }
});
