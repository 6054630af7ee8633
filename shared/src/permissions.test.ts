import { describe, expect, it } from 'vitest';
import {
  type Actor,
  can,
  canAttachTo,
  canRemoveAttachment,
  type Permission,
  permissionNames,
} from './permissions.ts';

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
  'account.erase': ['admin'],
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
  // Without the assembly's visibility in the scope: secretaries only (see below).
  'audit.read': ['admin', 'secretary', 'secretary without vote'],
  'audit.configure': ['admin', 'secretary', 'secretary without vote'],
  'attachment.manage': ['admin', 'secretary', 'secretary without vote'],
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

describe('audit.read', () => {
  it('lets members read the trail when the assembly says so, secretaries always', () => {
    for (const auditVisibility of ['members', 'secretaries'] as const) {
      const scope = { assemblyId: own, auditVisibility };
      expect(can(actors.secretary, 'audit.read', scope)).toBe(true);
      expect(can(actors.admin, 'audit.read', { assemblyId: other, auditVisibility })).toBe(true);
      expect(can(actors.member, 'audit.read', scope)).toBe(auditVisibility === 'members');
      expect(can(actors.member, 'audit.read', { assemblyId: other, auditVisibility })).toBe(false);
    }
  });
});

describe('attachments', () => {
  const motion = { assemblyId: own, authorIds: ['author'] };
  it('a motion takes files from its authors and the secretaries, not from other members', () => {
    expect(canAttachTo(actors.member, 'author', motion)).toBe(true);
    expect(canAttachTo(actors.member, 'someone', motion)).toBe(false);
    expect(canAttachTo(actors.secretary, 'someone', motion)).toBe(true);
    expect(canAttachTo(actors.secretary, 'someone', { ...motion, assemblyId: other })).toBe(false);
  });
  it('a file is removed by whoever uploaded it or a secretary', () => {
    const file = { assemblyId: own, uploadedBy: 'author' };
    expect(canRemoveAttachment(actors.member, 'author', file)).toBe(true);
    expect(canRemoveAttachment(actors.member, 'someone', file)).toBe(false);
    expect(canRemoveAttachment(actors['secretary without vote'], 'someone', file)).toBe(true);
  });
});
