import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations } from '@cercle/db';
import { testAppForThisFile } from '../support/app.ts';
import {
  addMember,
  createAssembly,
  createUser,
  sessionCookieFrom,
  signIn,
  uniqueEmail,
} from '../support/fixtures.ts';

const t = testAppForThisFile();

async function invite(cookie: string, payload: object) {
  return t.app.inject({ method: 'POST', url: '/api/invitations', headers: { cookie }, payload });
}

async function secretaryOf(assemblyId: string) {
  const secretary = await createUser(t.app, { name: 'Sophie Garnier' });
  await addMember(t.app, assemblyId, secretary.id, 'secretary');
  return { secretary, cookie: await signIn(t.app, secretary.email) };
}

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

describe('creating invitations', () => {
  it('lets a secretary invite into their assembly; the mail carries the link', async () => {
    const antenna = await createAssembly(t.app, { name: 'APES Hauts-de-France' });
    const { cookie } = await secretaryOf(antenna.id);
    const email = uniqueEmail('invitee');
    const response = await invite(cookie, { email, assemblyId: antenna.id, role: 'member' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.invitation).toMatchObject({
      email,
      assemblyName: 'APES Hauts-de-France',
      role: 'member',
      invitedByName: 'Sophie Garnier',
      acceptedAt: null,
    });
    expect(body.link).toMatch(/^http:\/\/localhost:3000\/invitations\/[\w-]{43}$/);
    expect(body.delivery).toBe('outbox');
    const mail = t.mails.at(-1)!;
    expect(mail.to).toBe(email);
    expect(mail.subject).toContain('APES Hauts-de-France');
    expect(mail.text).toContain(body.link);
  });

  it('keeps only a hash of the token in the database', async () => {
    const antenna = await createAssembly(t.app);
    const { cookie } = await secretaryOf(antenna.id);
    const { link, invitation } = (
      await invite(cookie, { email: uniqueEmail(), assemblyId: antenna.id })
    ).json();
    const [row] = await t.app.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(row!.tokenHash).not.toContain(tokenOf(link));
  });

  it('refuses a secretary of another antenna (403) and a plain member (403)', async () => {
    const occitanie = await createAssembly(t.app, { name: 'MES Occitanie' });
    const normandie = await createAssembly(t.app, { name: 'ARDES Normandie' });
    const { cookie } = await secretaryOf(normandie.id);
    const foreign = await invite(cookie, { email: uniqueEmail(), assemblyId: occitanie.id });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('auth.forbidden');

    const member = await createUser(t.app);
    await addMember(t.app, occitanie.id, member.id, 'member');
    const asMember = await invite(await signIn(t.app, member.email), {
      email: uniqueEmail(),
      assemblyId: occitanie.id,
    });
    expect(asMember.statusCode).toBe(403);
  });

  it('refuses anonymous requests with 401', async () => {
    const antenna = await createAssembly(t.app);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/invitations',
      payload: { email: uniqueEmail(), assemblyId: antenna.id },
    });
    expect(response.statusCode).toBe(401);
  });

  it('lets an admin invite anywhere, and answers 404 for an unknown assembly', async () => {
    const admin = await createUser(t.app, { isAdmin: true });
    const cookie = await signIn(t.app, admin.email);
    const antenna = await createAssembly(t.app);
    expect(
      (await invite(cookie, { email: uniqueEmail(), assemblyId: antenna.id, role: 'secretary' }))
        .statusCode,
    ).toBe(201);
    const unknown = await invite(cookie, { email: uniqueEmail(), assemblyId: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'assemblies.not_found',
      field: 'assemblyId',
    });
  });

  it.each([
    [{ email: 'not-an-email', assemblyId: 'x' }, 'email'],
    [{ email: 'a@example.org' }, 'assemblyId'],
    [{ email: 'a@example.org', assemblyId: 'x', role: 'admin' }, 'role'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const admin = await createUser(t.app, { isAdmin: true });
    const response = await invite(await signIn(t.app, admin.email), payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field });
  });

  it('refuses a college of another assembly and an existing member', async () => {
    const admin = await createUser(t.app, { isAdmin: true });
    const cookie = await signIn(t.app, admin.email);
    const antenna = await createAssembly(t.app);
    const badCollege = await invite(cookie, {
      email: uniqueEmail(),
      assemblyId: antenna.id,
      collegeId: 'elsewhere',
    });
    expect(badCollege.statusCode).toBe(400);
    expect(badCollege.json().error.field).toBe('collegeId');

    const member = await createUser(t.app);
    await addMember(t.app, antenna.id, member.id);
    const again = await invite(cookie, { email: member.email, assemblyId: antenna.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invitations.already_member');
  });
});

describe('accepting invitations', () => {
  async function freshInvitation(email = uniqueEmail(), role = 'member') {
    const antenna = await createAssembly(t.app, { name: 'CRE-SOL Centre' });
    const { cookie } = await secretaryOf(antenna.id);
    const body = (await invite(cookie, { email, assemblyId: antenna.id, role })).json();
    return {
      antenna,
      token: tokenOf(body.link),
      email,
      invitationId: body.invitation.id as string,
    };
  }

  const accept = (token: string, payload: object, cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload,
      headers: cookie ? { cookie } : {},
    });

  it('shows the invitation, creates the account, adds the membership and signs in', async () => {
    const { token, email, antenna } = await freshInvitation(undefined, 'secretary');
    const lookup = await t.app.inject({ url: `/api/invitations/${token}` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      invitation: { email, assemblyName: 'CRE-SOL Centre', role: 'secretary' },
      accountExists: false,
    });

    const response = await accept(token, { name: 'Louis Morel', password: 'une phrase de passe' });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      email,
      name: 'Louis Morel',
      memberships: [{ assemblyId: antenna.id, role: 'secretary' }],
    });
    const cookie = sessionCookieFrom(response.headers['set-cookie']);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'une phrase de passe' },
    });
    expect(relogin.statusCode).toBe(200);
  });

  it('refuses an unknown token with 404', async () => {
    const lookup = await t.app.inject({ url: '/api/invitations/unknown-token' });
    expect(lookup.statusCode).toBe(404);
    expect(lookup.json().error.code).toBe('invitations.not_found');
    const response = await accept('unknown-token', { name: 'X', password: 'long enough password' });
    expect(response.statusCode).toBe(404);
  });

  it('refuses an expired invitation with 410', async () => {
    const { token, invitationId } = await freshInvitation();
    await t.app.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitationId));
    expect((await t.app.inject({ url: `/api/invitations/${token}` })).statusCode).toBe(410);
    const response = await accept(token, { name: 'Late', password: 'long enough password' });
    expect(response.statusCode).toBe(410);
    expect(response.json().error.code).toBe('invitations.expired');
  });

  it('cannot be accepted twice', async () => {
    const { token } = await freshInvitation();
    expect(
      (await accept(token, { name: 'Once', password: 'long enough password' })).statusCode,
    ).toBe(200);
    const twice = await accept(token, { name: 'Twice', password: 'long enough password' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('invitations.already_accepted');
  });

  it('asks a new person for a name and a valid password, naming the field', async () => {
    const { token } = await freshInvitation();
    const noName = await accept(token, { password: 'long enough password' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.field).toBe('name');
    const shortPassword = await accept(token, { name: 'Inès', password: 'short' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().error.field).toBe('password');
  });

  it('lets an existing account accept only when signed in as itself', async () => {
    const existing = await createUser(t.app);
    const { token, antenna } = await freshInvitation(existing.email);
    expect((await t.app.inject({ url: `/api/invitations/${token}` })).json().accountExists).toBe(
      true,
    );
    expect((await accept(token, {})).statusCode).toBe(401);

    const someoneElse = await createUser(t.app);
    const wrong = await accept(token, {}, await signIn(t.app, someoneElse.email));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('invitations.wrong_account');

    const right = await accept(token, {}, await signIn(t.app, existing.email));
    expect(right.statusCode).toBe(200);
    expect(right.json().user.memberships).toEqual([
      expect.objectContaining({ assemblyId: antenna.id, role: 'member' }),
    ]);
  });
});
