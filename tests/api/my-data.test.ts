import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ballots, events, members, minutes as minutesTable, sessions, users } from '@cercle/db';
import type { MeetingDetail } from '@cercle/shared';
import { notifyFromEvents } from '@cercle/server';
import { testAppForThisFile } from '../support/app.ts';
import {
  assemblyWithPeople,
  openVoteOnNewMotion,
  type Person,
} from '../support/assembly-fixture.ts';
import { createAssembly, createUser, defaultPassword, signIn } from '../support/fixtures.ts';
import { dump } from '../support/secret-attacker.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const ok = async <T = Record<string, unknown>>(
  response: Promise<{ status: number; body: unknown }>,
) => {
  const { status, body } = await response;
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return body as T;
};

const vote = (who: Person, pollId: string, choice: string) =>
  ok(call(who, 'POST', `/api/polls/${pollId}/ballots`, { choice, clientBallotId: randomUUID() }));

/**
 * Awa takes part in everything: a motion, a comment, a support, an open vote, a secret vote, a
 * meeting whose minutes are published; Bruno, another member, comments too.
 */
async function awaTakesPart() {
  const people = await assemblyWithPeople(t.app, { voters: 1 });
  const { assembly, secretary, person } = people;
  const awa = await person(`Awa Diallo ${randomUUID().slice(0, 6)}`);
  const bruno = await person('Bruno Martin');
  const email = (await t.app.db.select().from(users).where(eq(users.id, awa.id)))[0]!.email;

  const openPoll = await openVoteOnNewMotion(t.app, {
    assemblyId: assembly.id,
    author: awa,
    secretary,
    title: 'Ouvrir une antenne en Bretagne',
  });
  const secretPoll = await openVoteOnNewMotion(t.app, {
    assemblyId: assembly.id,
    author: bruno,
    secretary,
    title: 'Élire le bureau',
    secret: true,
  });
  const openMotionId = (
    await ok<{ poll: { motionId: string } }>(call(awa, 'GET', `/api/polls/${openPoll}`))
  ).poll.motionId;
  const brunoMotion = await ok<{ motion: { id: string } }>(
    call(bruno, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Budget participatif',
      text: 'Texte.',
      submit: true,
    }),
  );
  await ok(call(awa, 'POST', `/api/motions/${brunoMotion.motion.id}/support`));
  await ok(
    call(awa, 'POST', `/api/motions/${openMotionId}/comments`, {
      text: 'Je tiens à <script>alert(1)</script> ce texte.',
    }),
  );
  await ok(
    call(bruno, 'POST', `/api/motions/${openMotionId}/comments`, {
      text: 'Le commentaire de Bruno, à lui seul.',
    }),
  );
  await vote(awa, openPoll, 'yes');
  await vote(bruno, openPoll, 'no');
  await vote(awa, secretPoll, 'no');
  await vote(bruno, secretPoll, 'yes');
  await vote(secretary, secretPoll, 'yes');
  await ok(call(secretary, 'POST', `/api/polls/${openPoll}/close`));
  await ok(call(secretary, 'POST', `/api/polls/${secretPoll}/close`));

  // A meeting Awa attends, whose minutes (naming her) are published.
  const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
  const { meeting } = await ok<{ meeting: MeetingDetail }>(
    call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'AG de printemps',
      mode: 'hybrid',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      antennaIds: [antenna.id],
    }),
  );
  await ok(call(secretary, 'POST', `/api/meetings/${meeting.id}/start`));
  const code = meeting.sites.find((site) => site.name === 'MES Bretagne')!.checkInCode;
  for (const who of [secretary, awa, bruno]) {
    await ok(call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, { code }));
  }
  await ok(call(secretary, 'POST', `/api/meetings/${meeting.id}/end`));
  const drafted = await ok<{ minutes: { id: string; text: string } }>(
    call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {}),
  );
  const minutesId = drafted.minutes.id;
  expect(drafted.minutes.text).toContain(awa.name);
  await ok(call(secretary, 'POST', `/api/minutes/${minutesId}/approve`));
  await ok(call(secretary, 'POST', `/api/minutes/${minutesId}/publish`));

  while ((await notifyFromEvents(t.app.db, new Date(Date.now() + 60_000))) > 0);
  return { ...people, awa, bruno, email, openPoll, secretPoll, openMotionId, minutesId };
}

async function download(who: Person, format: 'json' | 'html') {
  return t.app.inject({
    method: 'GET',
    url: `/api/me/export.${format}`,
    headers: { cookie: who.cookie },
  });
}

const erase = (who: Person, body: object) => call(who, 'POST', '/api/me/erase', body);

/** The tables of a whole dump (every row, JSON opened up) where `needle` appears in a value. */
async function tablesHolding(needle: string) {
  const rows = await dump(t.database);
  const tables = rows
    .filter((row) => [...row.values].some((value) => value.includes(needle)))
    .map((row) => row.table);
  return [...new Set(tables)];
}

describe('my data: the export', () => {
  it('holds what the person did, secret choices excepted, and nothing of anyone else', async () => {
    const { awa, assembly, email, openPoll, secretPoll } = await awaTakesPart();
    const response = await download(awa, 'json');
    expect(response.statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="cercle-mes-donnees-${today}.json"`,
    );
    const data = response.json();
    expect(data.profile).toMatchObject({ name: awa.name, email, locale: 'fr' });
    expect(data.memberships).toEqual([
      expect.objectContaining({ assemblyId: assembly.id, role: 'member', votingRight: true }),
    ]);
    expect(data.motions.authored).toEqual([
      expect.objectContaining({ title: 'Ouvrir une antenne en Bretagne' }),
    ]);
    expect(data.comments).toEqual([
      expect.objectContaining({ text: 'Je tiens à <script>alert(1)</script> ce texte.' }),
    ]);
    expect(data.supports).toEqual([
      expect.objectContaining({ motionTitle: 'Budget participatif' }),
    ]);
    expect(data.ballots).toEqual([expect.objectContaining({ pollId: openPoll, choice: 'yes' })]);
    expect(data.attendance).toEqual([expect.objectContaining({ meeting: 'AG de printemps' })]);
    expect(data.notifications.length).toBeGreaterThan(0);
    expect(data.sessions.count).toBe(1);

    // The secret poll: that Awa answered, and nothing of what.
    const secret = data.participations.find((row: { pollId: string }) => row.pollId === secretPoll);
    expect(secret).toMatchObject({ secret: true, method: 'app' });
    expect(Object.keys(secret)).not.toContain('choice');
    const aboutSecretPoll = JSON.stringify(data).split(secretPoll).length - 1;
    // Named in the participation and the electorate only.
    expect(aboutSecretPoll).toBe(2);
    expect(data.ballots.some((row: { pollId: string }) => row.pollId === secretPoll)).toBe(false);
    expect(JSON.stringify(secret)).not.toMatch(/"(yes|no|abstain)"/);

    // Nobody else's words, and no session token.
    const text = JSON.stringify(data);
    expect(text).not.toContain('Le commentaire de Bruno');
    const [session] = await t.app.db.select().from(sessions).where(eq(sessions.userId, awa.id));
    expect(text).not.toContain(session!.id);
    expect(text).not.toContain(awa.cookie.split('=')[1]!);
  });

  it('reads as a printable page in the person’s language, their words escaped', async () => {
    const { awa } = await awaTakesPart();
    const response = await download(awa, 'html');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="cercle-mes-donnees-\d{4}-\d{2}-\d{2}\.html"$/,
    );
    const html = response.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`Mes données dans Cercle — ${awa.name}`);
    expect(html).toContain('Je tiens à &lt;script&gt;alert(1)&lt;/script&gt; ce texte.');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('Le commentaire de Bruno');

    await ok(call(awa, 'PATCH', '/api/auth/me', { locale: 'en' }));
    const english = (await download(awa, 'html')).body;
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('My data in Cercle');
  });

  it('is for the signed-in person only', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/me/export.json' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.unauthenticated');
  });
});

describe('my data: erasure', () => {
  it('deletes the account and leaves a pseudonym in what the assembly keeps', async () => {
    const taking = await awaTakesPart();
    const { awa, assembly, email, openPoll, secretPoll, openMotionId, minutesId, secretary } =
      taking;
    const results = async () =>
      Promise.all(
        [openPoll, secretPoll].map(async (id) => {
          const { poll } = await ok<{ poll: { result: unknown } }>(
            call(secretary, 'GET', `/api/polls/${id}`),
          );
          return poll.result;
        }),
      );
    const resultsBefore = await results();
    const ballotsBefore = await t.app.db.select().from(ballots).where(eq(ballots.pollId, openPoll));

    // The search below finds what is there: before, her address and her name are.
    expect(await tablesHolding(email)).toContain('users');
    expect(await tablesHolding(awa.name)).toEqual(expect.arrayContaining(['users', 'minutes']));

    const response = await t.app.inject({
      method: 'POST',
      url: '/api/me/erase',
      headers: { cookie: awa.cookie },
      payload: { password: defaultPassword, confirmation: ` ${email.toUpperCase()} ` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/cercle_session=;/);

    // Nobody signs in as her any more: the old session is gone, the address is unknown.
    expect((await call(awa, 'GET', '/api/auth/me')).status).toBe(401);
    expect(await t.app.db.select().from(sessions).where(eq(sessions.userId, awa.id))).toEqual([]);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: defaultPassword },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('auth.invalid_credentials');

    const [row] = await t.app.db.select().from(users).where(eq(users.id, awa.id));
    expect(row!.name).toMatch(/^Personne effacée [A-Z2-9]{4}$/);
    expect(row!.email).not.toBe(email);
    expect(row!.passwordHash).toBeNull();
    expect(row!.erasedAt).not.toBeNull();
    const pseudonym = row!.name;
    expect(await t.app.db.select().from(members).where(eq(members.userId, awa.id))).toEqual([]);

    // The motion and the minutes show the pseudonym.
    const { motion } = await ok<{ motion: { author: { name: string } } }>(
      call(secretary, 'GET', `/api/motions/${openMotionId}`),
    );
    expect(motion.author.name).toBe(pseudonym);
    const { minutes } = await ok<{ minutes: { text: string } }>(
      call(secretary, 'GET', `/api/minutes/${minutesId}`),
    );
    expect(minutes.text).toContain(pseudonym);
    expect(minutes.text).not.toContain(awa.name);

    // Neither her address nor her name is left anywhere in a dump of the database, events included.
    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding(awa.name)).toEqual([]);

    // The record holds: the chain verifies, the ballots and results are what they were.
    const verified = await ok<{ valid: boolean }>(
      call(secretary, 'GET', `/api/assemblies/${assembly.id}/audit/verify`),
    );
    expect(verified).toMatchObject({ valid: true, issues: [] });
    expect(await results()).toEqual(resultsBefore);
    expect(await t.app.db.select().from(ballots).where(eq(ballots.pollId, openPoll))).toEqual(
      ballotsBefore,
    );
    const erased = await t.app.db
      .select({ type: events.type, payload: events.payload })
      .from(events)
      .where(eq(events.assemblyId, assembly.id));
    expect(erased).toContainEqual({ type: 'user.erased', payload: { userId: awa.id } });
    expect(erased.filter((event) => event.type === 'minutes.redacted')).toHaveLength(1);

    // The redaction is the only change the check lets through: any other still shows.
    await t.app.db
      .update(minutesTable)
      .set({ text: sql`${minutesTable.text} || ' (ajout)'` })
      .where(eq(minutesTable.id, minutesId));
    const tampered = await ok<{ valid: boolean; reason?: string }>(
      call(secretary, 'GET', `/api/assemblies/${assembly.id}/audit/verify`),
    );
    expect(tampered).toMatchObject({ valid: false, reason: 'minutes.text_mismatch' });
  });

  it('is refused without the right password or confirmation, and to the last admin', async () => {
    const { awa, email } = await awaTakesPart();
    const noBody = await erase(awa, {});
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.code).toBe('validation.invalid');

    const wrongPassword = await erase(awa, { password: 'not it at all', confirmation: email });
    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body.error).toMatchObject({
      code: 'auth.wrong_password',
      field: 'password',
    });
    const wrongConfirmation = await erase(awa, {
      password: defaultPassword,
      confirmation: 'someone-else@example.org',
    });
    expect(wrongConfirmation.status).toBe(400);
    expect(wrongConfirmation.body.error).toMatchObject({
      code: 'erasure.confirmation_mismatch',
      field: 'confirmation',
    });
    expect((await call(awa, 'GET', '/api/auth/me')).status).toBe(200);

    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/me/erase',
      payload: { password: defaultPassword, confirmation: email },
    });
    expect(anonymous.statusCode).toBe(401);

    // The last admin of the platform: refused while no other admin remains.
    await t.app.db.update(users).set({ isAdmin: false }).where(eq(users.isAdmin, true));
    const admin = await createUser(t.app, { isAdmin: true });
    const adminPerson = {
      id: admin.id,
      name: admin.name,
      cookie: await signIn(t.app, admin.email),
    };
    const lastAdmin = await erase(adminPerson, {
      password: defaultPassword,
      confirmation: admin.email,
    });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.error.code).toBe('erasure.last_admin');
    expect((await call(adminPerson, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('is done by an admin at a person’s request, with the admin’s own password', async () => {
    const { awa, bruno, email } = await awaTakesPart();
    const admin = await createUser(t.app, { isAdmin: true });
    const adminPerson = {
      id: admin.id,
      name: admin.name,
      cookie: await signIn(t.app, admin.email),
    };
    const byAdmin = (who: Person, id: string, body: object) =>
      call(who, 'POST', `/api/users/${id}/erase`, body);

    const byMember = await byAdmin(bruno, awa.id, {
      password: defaultPassword,
      confirmation: email,
    });
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe('auth.forbidden');
    const wrongPassword = await byAdmin(adminPerson, awa.id, {
      password: 'not it at all',
      confirmation: email,
    });
    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body.error.field).toBe('password');
    const unknown = await byAdmin(adminPerson, 'nobody-by-this-id', {
      password: defaultPassword,
      confirmation: email,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('users.not_found');
    const wrongAccount = await byAdmin(adminPerson, awa.id, {
      password: defaultPassword,
      confirmation: 'someone-else@example.org',
    });
    expect(wrongAccount.status).toBe(400);
    expect(wrongAccount.body.error.field).toBe('confirmation');

    const done = await byAdmin(adminPerson, awa.id, {
      password: defaultPassword,
      confirmation: email,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await call(awa, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(adminPerson, 'GET', '/api/auth/me')).status).toBe(200);
    const again = await byAdmin(adminPerson, awa.id, {
      password: defaultPassword,
      confirmation: email,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('erasure.already_erased');
  });
});
