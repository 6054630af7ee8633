import { describe, expect, it } from 'vitest';
import { type Actor, can, type Permission, permissionNames } from './permissions.ts';

const own = 'occitanie';
const other = 'normandie';

const actors: Record<string, Actor> = {
  admin: { isAdmin: true, memberships: [] },
  secretary: { isAdmin: false, memberships: [{ assemblyId: own, role: 'secretary' }] },
  member: { isAdmin: false, memberships: [{ assemblyId: own, role: 'member' }] },
  outsider: { isAdmin: false, memberships: [] },
};

// Expected answers, per action: [in own assembly, in another assembly], per role.
const table: Record<Permission, Record<string, [boolean, boolean]>> = {
  'assembly.view': {
    admin: [true, true],
    secretary: [true, false],
    member: [true, false],
    outsider: [false, false],
  },
  'assembly.manage': {
    admin: [true, true],
    secretary: [false, false],
    member: [false, false],
    outsider: [false, false],
  },
  'member.invite': {
    admin: [true, true],
    secretary: [true, false],
    member: [false, false],
    outsider: [false, false],
  },
};

describe('can()', () => {
  it('has an expectation for every permission', () => {
    expect(Object.keys(table).sort()).toEqual([...permissionNames].sort());
  });

  for (const permission of permissionNames) {
    for (const [role, [inOwn, inOther]] of Object.entries(table[permission])) {
      it(`${role} ${inOwn ? 'may' : 'may not'} ${permission} in own assembly, ${
        inOther ? 'may' : 'may not'
      } in another`, () => {
        expect(can(actors[role]!, permission, { assemblyId: own })).toBe(inOwn);
        expect(can(actors[role]!, permission, { assemblyId: other })).toBe(inOther);
      });
    }
  }
});
