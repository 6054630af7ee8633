import { describe, expect, it } from 'vitest';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople } from '../support/assembly-fixture.ts';
import { createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const text = 'Le MES soutient les **antennes** régionales.';

describe('proposing motions', () => {
  it('keeps a draft private to its author, then numbers it at submission', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, {
      settings: { supportersToAdmit: 2 },
    });
    const [author, other] = voters as [(typeof voters)[0], (typeof voters)[0]];
    const created = await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Soutenir les antennes',
      text,
    });
    expect(created.status).toBe(201);
    expect(created.body.motion).toMatchObject({
      status: 'draft',
      reference: null,
      currentVersion: 1,
    });
    const id = created.body.motion.id;
    expect((await call(other, 'GET', `/api/motions/${id}`)).status).toBe(404);
    expect(
      (await call(other, 'GET', `/api/assemblies/${assembly.id}/motions`)).body.motions,
    ).toEqual([]);

    const submitted = await call(author, 'POST', `/api/motions/${id}/submit`);
    const year = new Date().getUTCFullYear();
    expect(submitted.body.motion).toMatchObject({
      status: 'submitted',
      reference: `${assembly.code}-${year}-001`,
    });
    const second = await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Deuxième motion',
      text,
      submit: true,
    });
    expect(second.body.motion.reference).toBe(`${assembly.code}-${year}-002`);
    expect((await call(author, 'POST', `/api/motions/${id}/submit`)).status).toBe(409);
  });

  it('renders Markdown and strips anything dangerous', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const created = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Texte piégé',
      text: '# Titre\n\n**gras** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    });
    const html: string = created.body.motion.current.html;
    expect(html).toContain('<h2>Titre</h2>');
    expect(html).toContain('<strong>gras</strong>');
    expect(html).not.toMatch(/script|onerror|javascript:|<img/);
  });

  it('refuses outsiders, anonymous callers and bad bodies', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const outsider = await createUser(t.app);
    const cookie = await signIn(t.app, outsider.email);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/assemblies/${assembly.id}/motions`,
      headers: { cookie },
      payload: { title: 'Intrus', text },
    });
    expect(refused.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/assemblies/${assembly.id}/motions`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
    const bad = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'x',
      text,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation.invalid', field: 'title' });
  });
});

describe('support and admission', () => {
  it('admits a motion automatically when it reaches the supporters the assembly requires', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, {
      settings: { supportersToAdmit: 2 },
    });
    const [author, a, b] = voters as [(typeof voters)[0], (typeof voters)[0], (typeof voters)[0]];
    const id = (
      await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Motion soutenue',
        text,
        submit: true,
      })
    ).body.motion.id;
    expect((await call(a, 'POST', `/api/motions/${id}/support`)).body.motion).toMatchObject({
      status: 'submitted',
      supporters: 1,
      supportedByMe: true,
    });
    // Supporting twice changes nothing.
    expect((await call(a, 'POST', `/api/motions/${id}/support`)).body.motion.supporters).toBe(1);
    const admitted = await call(b, 'POST', `/api/motions/${id}/support`);
    expect(admitted.body.motion).toMatchObject({
      status: 'admitted',
      supporters: 2,
      supportersNeeded: 2,
    });
    expect(admitted.body.motion.supporterNames).toEqual(['Votant 2', 'Votant 3']);

    const other = (
      await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Autre motion',
        text,
        submit: true,
      })
    ).body.motion.id;
    expect((await call(a, 'POST', `/api/motions/${other}/admit`)).status).toBe(403);
    expect((await call(secretary, 'POST', `/api/motions/${other}/admit`)).body.motion.status).toBe(
      'admitted',
    );
  });
});

describe('versions, diff and comments', () => {
  it('makes every text change a new version with a readable word diff', async () => {
    const { assembly, voters, secretary } = await assemblyWithPeople(t.app);
    const author = voters[0]!;
    const id = (
      await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Antennes',
        text: 'Le MES soutient les antennes.',
      })
    ).body.motion.id;
    const edited = await call(author, 'PATCH', `/api/motions/${id}`, {
      text: 'Le MES soutient fortement les antennes.',
      note: 'précision',
    });
    expect(edited.body.motion.currentVersion).toBe(2);
    expect(
      (
        await call(author, 'PATCH', `/api/motions/${id}`, {
          text: 'Le MES soutient fortement les antennes.',
        })
      ).body.motion.currentVersion,
    ).toBe(2);
    const versions = await call(author, 'GET', `/api/motions/${id}/versions`);
    expect(
      versions.body.versions.map((v: { version: number; note: string }) => [v.version, v.note]),
    ).toEqual([
      [1, ''],
      [2, 'précision'],
    ]);
    const diff = await call(author, 'GET', `/api/motions/${id}/diff?from=1&to=2`);
    expect(diff.body.segments).toContainEqual({ kind: 'added', text: 'fortement ' });
    expect((await call(author, 'GET', `/api/motions/${id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await call(voters[1]!, 'PATCH', `/api/motions/${id}`, { text: 'Volé' })).status).toBe(
      404,
    );
    const comment = await call(secretary, 'POST', `/api/motions/${id}/comments`, {
      text: 'Merci *beaucoup*',
    });
    expect(comment.status).toBe(404);
    await call(author, 'POST', `/api/motions/${id}/submit`);
    expect(
      (await call(secretary, 'POST', `/api/motions/${id}/comments`, { text: 'Merci *beaucoup*' }))
        .status,
    ).toBe(201);
    const comments = await call(voters[2]!, 'GET', `/api/motions/${id}/comments`);
    expect(comments.body.comments).toEqual([
      expect.objectContaining({
        html: '<p>Merci <em>beaucoup</em></p>\n',
        author: expect.objectContaining({ name: 'Léa Garcia' }),
      }),
    ]);
  });

  it('lets the author withdraw, and refers a motion to a working group', async () => {
    const { assembly, voters, secretary } = await assemblyWithPeople(t.app);
    const id = (
      await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'À retirer',
        text,
        submit: true,
      })
    ).body.motion.id;
    expect((await call(voters[1]!, 'POST', `/api/motions/${id}/withdraw`)).status).toBe(403);
    expect((await call(voters[0]!, 'POST', `/api/motions/${id}/withdraw`)).body.motion.status).toBe(
      'withdrawn',
    );
    expect((await call(voters[0]!, 'POST', `/api/motions/${id}/withdraw`)).status).toBe(409);

    const admin = await createUser(t.app, { isAdmin: true });
    const adminCookie = await signIn(t.app, admin.email);
    const national = await t.app.inject({
      method: 'POST',
      url: '/api/assemblies',
      headers: { cookie: adminCookie },
      payload: { kind: 'national', name: 'MES', code: `N${Date.now() % 100000}` },
    });
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/assemblies',
      headers: { cookie: adminCookie },
      payload: {
        kind: 'working_group',
        name: 'GT Plaidoyer',
        code: `G${Date.now() % 100000}`,
        parentId: national.json().assembly.id,
      },
    });
    const groupId = group.json().assembly.id;
    const other = (
      await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Pour le GT',
        text,
        submit: true,
      })
    ).body.motion.id;
    expect(
      (await call(secretary, 'POST', `/api/motions/${other}/refer`, { assemblyId: assembly.id }))
        .status,
    ).toBe(400);
    const referred = await call(secretary, 'POST', `/api/motions/${other}/refer`, {
      assemblyId: groupId,
    });
    expect(referred.body.motion).toMatchObject({ status: 'referred', referredTo: groupId });
    const inGroup = await t.app.inject({
      url: `/api/assemblies/${groupId}/motions`,
      headers: { cookie: adminCookie },
    });
    expect(inGroup.json().motions.map((m: { id: string }) => m.id)).toEqual([other]);
  });
});

describe('while a decision runs', () => {
  it('refuses text changes, and treats an empty list filter as no filter', async () => {
    const { assembly, voters, secretary } = await assemblyWithPeople(t.app);
    const id = (
      await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Motion en décision',
        text,
        submit: true,
      })
    ).body.motion.id;
    await call(secretary, 'POST', '/api/polls', { motionId: id, kind: 'vote', rule: 'simple' });
    const edit = await call(secretary, 'PATCH', `/api/motions/${id}`, { text: 'Changé en cours' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('motions.invalid_state');
    const all = await call(voters[1]!, 'GET', `/api/assemblies/${assembly.id}/motions?status=&q=`);
    expect(all.status).toBe(200);
    expect(all.body.motions).toHaveLength(1);
  });
});
