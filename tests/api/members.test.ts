import { describe, expect, it } from 'vitest';
import type { Member } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { addMember, createAssembly, createUser, signIn, uniqueEmail } from '../support/fixtures.ts';

const t = testAppForThisFile();

async function antennaWithSecretary(name = 'MES Occitanie') {
  const antenna = await createAssembly(t.app, { name });
  const secretary = await createUser(t.app, { name: 'Léa Garcia' });
  await addMember(t.app, antenna.id, secretary.id, 'secretary');
  return { antenna, secretary, cookie: await signIn(t.app, secretary.email) };
}

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('adding members', () => {
  it('adds a new person with an account to activate, and mails the activation link', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const email = uniqueEmail('nouveau');
    const response = await call('POST', `/api/assemblies/${antenna.id}/members`, cookie, {
      email,
      name: 'Inès Martinez',
      organisation: 'Artisans du Monde',
      votingRight: false,
    });
    expect(response.statusCode).toBe(201);
    const { member, invitationLink } = response.json();
    expect(member).toMatchObject({
      name: 'Inès Martinez',
      email,
      role: 'member',
      votingRight: false,
      organisation: 'Artisans du Monde',
      activated: false,
    });
    expect(t.mails.at(-1)).toMatchObject({ to: email });
    expect(t.mails.at(-1)!.text).toContain(invitationLink);

    // Activation: the person chooses a password through the link, then signs in.
    const token = new URL(invitationLink).pathname.split('/').pop()!;
    const lookup = await t.app.inject({ url: `/api/invitations/${token}` });
    expect(lookup.json().accountExists).toBe(false);
    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload: { password: 'ma phrase de passe' },
    });
    expect(accept.statusCode).toBe(200);
    expect(accept.json().user).toMatchObject({
      name: 'Inès Martinez',
      memberships: [expect.objectContaining({ assemblyId: antenna.id, votingRight: false })],
    });
    await signIn(t.app, email, 'ma phrase de passe');
  });

  it('adds someone who already has an account without mailing them', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const existing = await createUser(t.app, { name: 'Thomas Leroy' });
    const before = t.mails.length;
    const response = await call('POST', `/api/assemblies/${antenna.id}/members`, cookie, {
      email: existing.email,
      name: 'ignored',
      role: 'secretary',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      member: { userId: existing.id, name: 'Thomas Leroy', role: 'secretary', activated: true },
      invitationLink: null,
    });
    expect(t.mails.length).toBe(before);
    const twice = await call('POST', `/api/assemblies/${antenna.id}/members`, cookie, {
      email: existing.email,
      name: 'Thomas Leroy',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('lets one person belong to an antenna and to the national assembly', async () => {
    const national = await createAssembly(t.app, { kind: 'national', name: 'MES' });
    const { antenna } = await antennaWithSecretary();
    const person = await createUser(t.app);
    await addMember(t.app, antenna.id, person.id);
    await addMember(t.app, national.id, person.id);
    const me = await t.app.inject({
      url: '/api/auth/me',
      headers: { cookie: await signIn(t.app, person.email) },
    });
    expect(
      me
        .json()
        .user.memberships.map((m: { assemblyId: string }) => m.assemblyId)
        .sort(),
    ).toEqual([antenna.id, national.id].sort());
  });

  it('refuses a college of another assembly, naming the field', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const response = await call('POST', `/api/assemblies/${antenna.id}/members`, cookie, {
      email: uniqueEmail(),
      name: 'X',
      collegeId: 'elsewhere',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'colleges.not_found', field: 'collegeId' });
  });
});

describe('the members directory', () => {
  it('shows members to members, addresses only to secretaries', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const member = await createUser(t.app, { name: 'Romain Blanc' });
    await addMember(t.app, antenna.id, member.id);
    const asSecretary = await call('GET', `/api/assemblies/${antenna.id}/members`, cookie);
    expect(asSecretary.statusCode).toBe(200);
    expect(asSecretary.json().members.every((m: Member) => m.email !== null)).toBe(true);
    const asMember = await call(
      'GET',
      `/api/assemblies/${antenna.id}/members`,
      await signIn(t.app, member.email),
    );
    expect(asMember.statusCode).toBe(200);
    const names = asMember.json().members.map((m: Member) => m.name);
    expect(names).toEqual(['Léa Garcia', 'Romain Blanc']);
    expect(asMember.json().members.every((m: Member) => m.email === null)).toBe(true);
  });

  it('comes a page at a time, by name, narrowed by the words of a name, with the total', async () => {
    const { antenna, cookie } = await antennaWithSecretary('MES Bretagne');
    for (const name of ['Élodie Martin', 'Bruno Martin', 'Chloé Petit', 'Denis Roux']) {
      await addMember(t.app, antenna.id, (await createUser(t.app, { name })).id);
    }
    const url = `/api/assemblies/${antenna.id}/members`;
    const page = async (query: string) => (await call('GET', `${url}?${query}`, cookie)).json();
    const names = (body: { members: Member[] }) => body.members.map((m) => m.name);

    const first = await page('limit=2');
    expect(names(first)).toEqual(['Bruno Martin', 'Chloé Petit']);
    expect(first.total).toBe(5);
    expect(names(await page('limit=2&offset=4'))).toEqual(['Léa Garcia']);
    // Case and accents aside; every word must be in the name.
    const martins = await page('q=MARTIN');
    expect(names(martins)).toEqual(['Bruno Martin', 'Élodie Martin']);
    expect(martins.total).toBe(2);
    expect(names(await page('q=elodie%20martin'))).toEqual(['Élodie Martin']);
    expect(await page('q=personne')).toMatchObject({ members: [], total: 0 });

    const tooMany = await call('GET', `${url}?limit=1001`, cookie);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('limit');
  });

  it('shows one member to members, the address to secretaries only, and 404 for a non-member', async () => {
    const { antenna, cookie } = await antennaWithSecretary('MES Centre');
    const member = await createUser(t.app, { name: 'Inès Moreau' });
    await addMember(t.app, antenna.id, member.id);
    const url = `/api/assemblies/${antenna.id}/members/${member.id}`;
    const asSecretary = await call('GET', url, cookie);
    expect(asSecretary.statusCode).toBe(200);
    expect(asSecretary.json().member).toMatchObject({ name: 'Inès Moreau', email: member.email });
    const asMember = await call('GET', url, await signIn(t.app, member.email));
    expect(asMember.json().member).toMatchObject({ name: 'Inès Moreau', email: null });
    const outsider = await createUser(t.app, { name: 'Hors assemblée' });
    const notMember = await call(
      'GET',
      `/api/assemblies/${antenna.id}/members/${outsider.id}`,
      cookie,
    );
    expect(notMember.statusCode).toBe(404);
    expect(notMember.json().error.code).toBe('members.not_found');
    const other = await antennaWithSecretary('MES Corse');
    expect((await call('GET', url, other.cookie)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('auth.unauthenticated');
  });

  it('is closed to non-members, including another antenna’s secretary', async () => {
    const { antenna } = await antennaWithSecretary('ARDES Normandie');
    const other = await antennaWithSecretary('APES Hauts-de-France');
    const response = await call('GET', `/api/assemblies/${antenna.id}/members`, other.cookie);
    expect(response.statusCode).toBe(403);
    const add = await call('POST', `/api/assemblies/${antenna.id}/members`, other.cookie, {
      email: uniqueEmail(),
      name: 'Intrus',
    });
    expect(add.statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/assemblies/${antenna.id}/members` })).statusCode).toBe(
      401,
    );
  });
});

describe('editing and removing members', () => {
  it('changes role, voting right and organisation; a plain member may not', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const person = await createUser(t.app);
    await addMember(t.app, antenna.id, person.id);
    const url = `/api/assemblies/${antenna.id}/members/${person.id}`;
    const response = await call('PATCH', url, cookie, {
      role: 'secretary',
      votingRight: false,
      organisation: 'UFISC',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().member).toMatchObject({
      role: 'secretary',
      votingRight: false,
      organisation: 'UFISC',
    });
    const bad = await call('PATCH', url, cookie, { role: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('role');

    const plain = await createUser(t.app);
    await addMember(t.app, antenna.id, plain.id);
    const refused = await call('PATCH', url, await signIn(t.app, plain.email), { role: 'member' });
    expect(refused.statusCode).toBe(403);
  });

  it('removes a member; removing again is 404', async () => {
    const { antenna, cookie } = await antennaWithSecretary();
    const person = await createUser(t.app);
    await addMember(t.app, antenna.id, person.id);
    const url = `/api/assemblies/${antenna.id}/members/${person.id}`;
    expect((await call('DELETE', url, cookie)).statusCode).toBe(200);
    const again = await call('DELETE', url, cookie);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('members.not_found');
    expect((await call('PATCH', url, cookie, { votingRight: true })).statusCode).toBe(404);
  });
});
