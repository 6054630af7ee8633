import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '@cercle/db';
import type { AssemblyDetail } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { addMember, createUser, signIn } from '../support/fixtures.ts';

let t: TestApp;
let adminCookie: string;
let national: AssemblyDetail;
let codeCounter = 0;
const nextCode = (prefix = 'T') => `${prefix}${(codeCounter += 1)}${Date.now() % 1000}`;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await createUser(t.app, { isAdmin: true, name: 'Claire Martin' });
  adminCookie = await signIn(t.app, admin.email);
  national = (await create({ kind: 'national', name: 'MES national', code: nextCode('N') })).json()
    .assembly;
});
afterAll(() => t.close());

function create(payload: object, cookie = adminCookie) {
  return t.app.inject({ method: 'POST', url: '/api/assemblies', headers: { cookie }, payload });
}
function request(
  method: 'GET' | 'PATCH' | 'PUT' | 'POST',
  url: string,
  payload?: object,
  cookie = adminCookie,
) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}
async function antenna(name = 'MES Occitanie') {
  const response = await create({
    kind: 'antenna',
    name,
    code: nextCode('A'),
    parentId: national.id,
  });
  expect(response.statusCode).toBe(201);
  return response.json().assembly as AssemblyDetail;
}

describe('creating assemblies', () => {
  it('creates an antenna under the national assembly with default settings', async () => {
    const response = await create({
      kind: 'antenna',
      name: 'ARDES Normandie',
      code: 'nor1',
      parentId: national.id,
      settings: { quorum: 0.4 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().assembly).toMatchObject({
      kind: 'antenna',
      name: 'ARDES Normandie',
      code: 'NOR1',
      parentId: national.id,
      memberCount: 0,
      colleges: [],
      myRole: null,
      settings: {
        quorum: 0.4,
        maxProxiesPerHolder: 2,
        maxConsentRounds: 3,
        fallbackRule: 'two_thirds',
        collegeWeighting: false,
        minutesVisibility: 'members',
        language: 'fr',
      },
    });
  });

  it.each([
    [{ kind: 'antenna', name: 'Orpheline', code: 'ORPH' }, 'parentId'],
    [{ kind: 'national', name: 'Deux', code: 'NAT2X', parentId: 'x' }, 'parentId'],
  ])('refuses a wrong parent: %j', async (payload, field) => {
    const response = await create(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'assemblies.invalid_parent', field });
  });

  it('refuses an antenna under an antenna', async () => {
    const parent = await antenna();
    const response = await create({
      kind: 'antenna',
      name: 'Sous-antenne',
      code: nextCode(),
      parentId: parent.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('assemblies.invalid_parent');
    const group = await create({
      kind: 'working_group',
      name: 'GT local',
      code: nextCode(),
      parentId: parent.id,
    });
    expect(group.statusCode).toBe(201);
  });

  it('refuses a code already used (409) and a malformed code or setting (400 naming the field)', async () => {
    const taken = await create({
      kind: 'antenna',
      name: 'Copie',
      code: national.code,
      parentId: national.id,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'assemblies.code_taken', field: 'code' });
    const badCode = await create({
      kind: 'antenna',
      name: 'Code',
      code: 'é!',
      parentId: national.id,
    });
    expect(badCode.json().error).toMatchObject({ code: 'validation.invalid', field: 'code' });
    const badQuorum = await create({
      kind: 'antenna',
      name: 'Quorum',
      code: nextCode(),
      parentId: national.id,
      settings: { quorum: 1.5 },
    });
    expect(badQuorum.statusCode).toBe(400);
    expect(badQuorum.json().error.field).toBe('settings.quorum');
  });

  it('is for admins only: a secretary gets 403, nobody signed in 401', async () => {
    const own = await antenna();
    const secretary = await createUser(t.app);
    await addMember(t.app, own.id, secretary.id, 'secretary');
    const cookie = await signIn(t.app, secretary.email);
    const response = await create(
      { kind: 'working_group', name: 'GT', code: nextCode(), parentId: own.id },
      cookie,
    );
    expect(response.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/assemblies', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    const edit = await request('PATCH', `/api/assemblies/${own.id}`, { name: 'Renamed' }, cookie);
    expect(edit.statusCode).toBe(403);
  });
});

describe('reading the movement', () => {
  it('lists assemblies with member counts for any signed-in person, and my role', async () => {
    const own = await antenna('APES Hauts-de-France');
    const person = await createUser(t.app);
    await addMember(t.app, own.id, person.id, 'member');
    const cookie = await signIn(t.app, person.email);
    const list = await request('GET', '/api/assemblies', undefined, cookie);
    expect(list.statusCode).toBe(200);
    const listed = list.json().assemblies.find((a: { id: string }) => a.id === own.id);
    expect(listed).toMatchObject({ name: 'APES Hauts-de-France', memberCount: 1 });
    const detail = await request('GET', `/api/assemblies/${own.id}`, undefined, cookie);
    expect(detail.json().assembly.myRole).toBe('member');
    expect((await t.app.inject({ url: '/api/assemblies' })).statusCode).toBe(401);
    expect((await request('GET', '/api/assemblies/unknown')).statusCode).toBe(404);
  });
});

describe('settings and colleges', () => {
  it('edits settings and renames the assembly', async () => {
    const own = await antenna();
    const response = await request('PATCH', `/api/assemblies/${own.id}`, {
      name: 'CRE-SOL Centre',
      settings: { maxProxiesPerHolder: 1, minutesVisibility: 'public', language: 'en' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().assembly).toMatchObject({
      name: 'CRE-SOL Centre',
      settings: {
        maxProxiesPerHolder: 1,
        minutesVisibility: 'public',
        language: 'en',
        quorum: 0.25,
      },
    });
    const unknownField = await request('PATCH', `/api/assemblies/${own.id}`, { colour: 'green' });
    expect(unknownField.statusCode).toBe(400);
  });

  it('requires college shares to total 100 % when weighting is on', async () => {
    const own = await antenna();
    const half = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: [{ name: 'Réseaux régionaux', share: 0.5 }],
    });
    expect(half.statusCode).toBe(200);
    const weighting = await request('PATCH', `/api/assemblies/${own.id}`, {
      settings: { collegeWeighting: true },
    });
    expect(weighting.statusCode).toBe(400);
    expect(weighting.json().error).toMatchObject({
      code: 'colleges.shares_not_100',
      field: 'settings.collegeWeighting',
    });

    const four = [
      'Réseaux régionaux',
      'Réseaux nationaux',
      'Réseaux sectoriels',
      'Citoyens engagés',
    ];
    const equal = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: four.map((name) => ({ name, share: 0.25 })),
    });
    expect(equal.json().colleges).toHaveLength(4);
    expect(
      (
        await request('PATCH', `/api/assemblies/${own.id}`, {
          settings: { collegeWeighting: true },
        })
      ).statusCode,
    ).toBe(200);

    const unbalanced = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: four.map((name, index) => ({ name, share: index === 0 ? 0.4 : 0.25 })),
    });
    expect(unbalanced.statusCode).toBe(400);
    expect(unbalanced.json().error).toMatchObject({
      code: 'colleges.shares_not_100',
      field: 'colleges',
    });
    const extra = await request('POST', `/api/assemblies/${own.id}/colleges`, {
      name: 'Cinquième',
      share: 0.1,
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.field).toBe('share');
  });

  it('keeps members when their college is renamed, and their seat when it is removed', async () => {
    const own = await antenna();
    const created = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: [
        { name: 'Citoyens', share: 0.5 },
        { name: 'Réseaux', share: 0.5 },
      ],
    });
    const [citizens, networks] = created.json().colleges as { id: string; name: string }[];
    const person = await createUser(t.app);
    await addMember(t.app, own.id, person.id);
    await request('PATCH', `/api/assemblies/${own.id}/members/${person.id}`, {
      collegeId: networks!.id,
    });
    const renamed = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: [{ id: networks!.id, name: 'Réseaux sectoriels', share: 1 }],
    });
    expect(renamed.json().colleges).toEqual([
      expect.objectContaining({ id: networks!.id, name: 'Réseaux sectoriels', memberCount: 1 }),
    ]);
    expect(citizens).toBeDefined();
    await request('PUT', `/api/assemblies/${own.id}/colleges`, { colleges: [] });
    const members = await request('GET', `/api/assemblies/${own.id}/members`);
    expect(members.json().members).toEqual([
      expect.objectContaining({ userId: person.id, collegeId: null }),
    ]);
    const foreign = await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: [{ id: 'not-ours', name: 'X', share: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({
      code: 'colleges.not_found',
      field: 'colleges.0.id',
    });
  });
});

describe('audit trail', () => {
  it('records every change as a hash-chained event and detects tampering', async () => {
    const own = await antenna();
    await request('PATCH', `/api/assemblies/${own.id}`, { description: 'Antenne régionale' });
    await request('PUT', `/api/assemblies/${own.id}/colleges`, {
      colleges: [{ name: 'Unique', share: 1 }],
    });
    const verify = await request('GET', `/api/assemblies/${own.id}/audit/verify`);
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({
      valid: true,
      events: 3,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    await t.app.db
      .update(events)
      .set({ payload: sql`jsonb_set(payload, '{changes,description}', '"Falsifié"')` })
      .where(eq(events.assemblyId, own.id))
      .execute();
    const broken = await request('GET', `/api/assemblies/${own.id}/audit/verify`);
    expect(broken.json()).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('is readable by members only', async () => {
    const own = await antenna();
    const outsider = await createUser(t.app);
    const response = await request(
      'GET',
      `/api/assemblies/${own.id}/audit/verify`,
      undefined,
      await signIn(t.app, outsider.email),
    );
    expect(response.statusCode).toBe(403);
  });
});
