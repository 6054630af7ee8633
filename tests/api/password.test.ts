/**
 * A person changes their password (the current one required, their other sessions ended) or
 * chooses a new one from a mailed link (single use, one hour, the same answer for any address).
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { type OutgoingMail } from '@cercle/server';
import { queryRows } from '@cercle/db';
import { createTestApp, testAppForThisFile, testPublicUrl } from '../support/app.ts';
import {
  createUser,
  defaultPassword,
  listenForRightsNotices,
  signIn,
  uniqueEmail,
} from '../support/fixtures.ts';

const newPassword = 'a brand new passphrase';
const limits = { pairFree: 3, resetsPerAddress: 30 };

const t = testAppForThisFile({ throttleLimits: limits, backgroundJobs: false });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function me(cookie: string) {
  return t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
}

function changePassword(cookie: string, payload: unknown, remoteAddress?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: { cookie },
    payload: payload as object,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function requestReset(email: string, remoteAddress?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset',
    payload: { email },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function completeReset(payload: unknown) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/complete',
    payload: payload as object,
  });
}

/** The mails to `email` sent so far, once the work after the answers is done. */
async function mailsTo(email: string): Promise<OutgoingMail[]> {
  await t.app.auth.settled();
  return t.mails.filter((mail) => mail.to === email);
}

function tokenFrom(mail: OutgoingMail): string {
  const link = /https?:\/\/\S+\/password-reset\/(\S+)/.exec(mail.text);
  if (!link) throw new Error(`no reset link in ${mail.text}`);
  return link[1]!;
}

async function resetLinkFor(email: string): Promise<string> {
  expect((await requestReset(email)).statusCode).toBe(202);
  return tokenFrom((await mailsTo(email)).at(-1)!);
}

describe('changing one’s password', () => {
  it('needs a session', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: defaultPassword, newPassword },
    });
    expect(response.statusCode).toBe(401);
  });

  it('ends every other session of the person, keeps this one, and tells their sockets', async () => {
    const user = await createUser(t.app);
    const here = await signIn(t.app, user.email);
    const phone = await signIn(t.app, user.email);
    const other = await createUser(t.app);
    const someoneElse = await signIn(t.app, other.email);
    const notices = await listenForRightsNotices(t);

    const response = await changePassword(here, { currentPassword: defaultPassword, newPassword });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ ok: true });

    expect((await me(here)).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(someoneElse)).statusCode).toBe(200);
    await vi.waitFor(() => expect(notices.received).toContain(user.id));
    await notices.stop();

    await expect(signIn(t.app, user.email)).rejects.toThrow(/sign-in failed/);
    await signIn(t.app, user.email, newPassword);
  });

  it('refuses a wrong current password, naming the field, and counts it as a failed sign-in', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const address = '198.51.100.77';
    for (let i = 0; i < limits.pairFree; i += 1) {
      const wrong = await changePassword(
        cookie,
        { currentPassword: 'not my password', newPassword },
        address,
      );
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error).toMatchObject({
        code: 'auth.wrong_password',
        field: 'currentPassword',
      });
    }
    // The session is no way round the sign-in limit: even the right password now waits.
    const slowed = await changePassword(
      cookie,
      { currentPassword: defaultPassword, newPassword },
      address,
    );
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.code).toBe('auth.rate_limited');
    // Nothing changed.
    await signIn(t.app, user.email);
  });

  it.each([
    [{ newPassword }, 'currentPassword'],
    [{ currentPassword: defaultPassword }, 'newPassword'],
    [{ currentPassword: defaultPassword, newPassword: 'short' }, 'newPassword'],
    [{ currentPassword: defaultPassword, newPassword: 'x'.repeat(257) }, 'newPassword'],
    [{ currentPassword: 42, newPassword }, 'currentPassword'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const response = await changePassword(cookie, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field });
  });
});

describe('asking for a reset link', () => {
  it('answers the same for an unknown address, and mails only a known one', async () => {
    const user = await createUser(t.app, { name: 'Inès Martin' });
    const unknown = uniqueEmail('nobody');
    const known = await requestReset(user.email);
    const stranger = await requestReset(unknown);
    expect(known.statusCode).toBe(202);
    expect(stranger.statusCode).toBe(202);
    expect(stranger.body).toBe(known.body);
    expect(stranger.headers['content-type']).toBe(known.headers['content-type']);

    expect(await mailsTo(unknown)).toEqual([]);
    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toMatch(/mot de passe/);
    expect(mail!.text).toContain('Bonjour Inès Martin');
    expect(mail!.text).toContain(`${testPublicUrl}/password-reset/`);
  });

  it('answers before the account is even looked up or the mail sent', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const sent: OutgoingMail[] = [];
    const slowMail = await createTestApp({
      backgroundJobs: false,
      mailer: {
        send: async (mail) => {
          await held;
          sent.push(mail);
          return 'smtp';
        },
      },
    });
    try {
      const user = await createUser(slowMail.app);
      const response = await slowMail.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { email: user.email },
      });
      expect(response.statusCode).toBe(202);
      expect(sent).toEqual([]);
      release();
      await slowMail.app.auth.settled();
      expect(sent.map((mail) => mail.to)).toEqual([user.email]);
    } finally {
      release();
      await slowMail.close();
    }
  });

  it('writes the mail in the person’s language', async () => {
    const user = await createUser(t.app, { name: 'Sam Jones' });
    const cookie = await signIn(t.app, user.email);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { cookie },
      payload: { locale: 'en' },
    });
    await requestReset(user.email);
    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toBe('Cercle: choose a new password');
    expect(mail!.text).toContain('Hello Sam Jones');
  });

  it('keeps only the hash of the link’s token, valid for one hour', async () => {
    const user = await createUser(t.app);
    const token = await resetLinkFor(user.email);
    const rows = await queryRows<{ token_hash: string; minutes: number }>(
      t.app.db,
      sql`select token_hash, round(extract(epoch from expires_at - created_at) / 60)::int as minutes
          from password_reset_tokens where user_id = ${user.id}`,
    );
    expect(rows).toEqual([{ token_hash: sha256(token), minutes: 60 }]);
    const leaks = await queryRows<{ n: number }>(
      t.app.db,
      sql`select count(*)::int as n from password_reset_tokens r where strpos(r::text, ${token}) > 0`,
    );
    expect(leaks).toEqual([{ n: 0 }]);
  });

  it('sends at most three links an hour to one person', async () => {
    const user = await createUser(t.app);
    for (let i = 0; i < 5; i += 1) expect((await requestReset(user.email)).statusCode).toBe(202);
    expect(await mailsTo(user.email)).toHaveLength(3);
  });

  it('sends none to an account that has no password yet (its invitation activates it)', async () => {
    const user = await createUser(t.app);
    await t.app.db.execute(sql`update users set password_hash = null where id = ${user.id}`);
    expect((await requestReset(user.email)).statusCode).toBe(202);
    expect(await mailsTo(user.email)).toEqual([]);
  });

  it('caps the requests from one address, whatever the addresses asked for', async () => {
    const capped = await createTestApp({
      backgroundJobs: false,
      throttleLimits: { resetsPerAddress: 3 },
    });
    try {
      const ask = (email: string) =>
        capped.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset',
          payload: { email },
          remoteAddress: '192.0.2.50',
        });
      for (let i = 0; i < 3; i += 1) expect((await ask(uniqueEmail())).statusCode).toBe(202);
      const refused = await ask(uniqueEmail());
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await capped.app.auth.settled();
    } finally {
      await capped.close();
    }
  });

  it.each([[{}], [{ email: 'not-an-email' }], [{ email: 42 }]])(
    'answers 400 naming the field for %j',
    async (payload) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation.invalid', field: 'email' });
    },
  );
});

describe('choosing a new password from the link', () => {
  it('sets it, ends every session of the person, tells their sockets, and works once', async () => {
    const user = await createUser(t.app);
    const laptop = await signIn(t.app, user.email);
    const phone = await signIn(t.app, user.email);
    const token = await resetLinkFor(user.email);
    const notices = await listenForRightsNotices(t);

    const done = await completeReset({ token, password: newPassword });
    expect(done.statusCode, done.body).toBe(200);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    await vi.waitFor(() => expect(notices.received).toContain(user.id));
    await notices.stop();
    await signIn(t.app, user.email, newPassword);
    await expect(signIn(t.app, user.email)).rejects.toThrow(/sign-in failed/);

    const again = await completeReset({ token, password: 'yet another passphrase' });
    expect(again.statusCode).toBe(410);
    expect(again.json().error).toMatchObject({ code: 'auth.reset_token_used', field: 'token' });
    await signIn(t.app, user.email, newPassword);
  });

  it('refuses a link older than an hour', async () => {
    const user = await createUser(t.app);
    const token = await resetLinkFor(user.email);
    await t.app.db.execute(
      sql`update password_reset_tokens set created_at = now() - interval '61 minutes',
            expires_at = now() - interval '1 minute'
          where token_hash = ${sha256(token)}`,
    );
    const late = await completeReset({ token, password: newPassword });
    expect(late.statusCode).toBe(410);
    expect(late.json().error).toMatchObject({ code: 'auth.reset_token_expired', field: 'token' });
    await signIn(t.app, user.email);
  });

  it('refuses an unknown token', async () => {
    const response = await completeReset({ token: 'made-up-token', password: newPassword });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'auth.reset_token_invalid',
      field: 'token',
    });
  });

  it('accepts one of two concurrent uses of a link, never both', async () => {
    const user = await createUser(t.app);
    const token = await resetLinkFor(user.email);
    const answers = await Promise.all([
      completeReset({ token, password: 'first new passphrase' }),
      completeReset({ token, password: 'second new passphrase' }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 410]);
  });

  it('voids the other links out, and a password change voids them too', async () => {
    const user = await createUser(t.app);
    const first = await resetLinkFor(user.email);
    const second = await resetLinkFor(user.email);
    expect((await completeReset({ token: second, password: newPassword })).statusCode).toBe(200);
    expect((await completeReset({ token: first, password: defaultPassword })).statusCode).toBe(410);

    const cookie = await signIn(t.app, user.email, newPassword);
    const third = await resetLinkFor(user.email);
    const changed = await changePassword(cookie, {
      currentPassword: newPassword,
      newPassword: defaultPassword,
    });
    expect(changed.statusCode).toBe(200);
    expect((await completeReset({ token: third, password: newPassword })).statusCode).toBe(410);
  });

  it('lifts the account’s sign-in wait for its owner, who proved they read its mail', async () => {
    const guarded = await createTestApp({
      backgroundJobs: false,
      throttleLimits: { accountFree: 2 },
    });
    try {
      const user = await createUser(guarded.app);
      const home = '192.0.2.80';
      const login = (password: string, remoteAddress: string) =>
        guarded.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: user.email, password },
          remoteAddress,
        });
      expect((await login('wrong password', '192.0.2.81')).statusCode).toBe(401);
      expect((await login('wrong password', '192.0.2.82')).statusCode).toBe(401);
      // The owner mistyped too, at home: the account's wait now holds home back.
      expect((await login('wrong password', home)).statusCode).toBe(401);
      expect((await login(defaultPassword, home)).statusCode).toBe(429);

      await guarded.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { email: user.email },
      });
      await guarded.app.auth.settled();
      const token = tokenFrom(guarded.mails.at(-1)!);
      const done = await guarded.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/complete',
        payload: { token, password: newPassword },
      });
      expect(done.statusCode).toBe(200);
      expect((await login(newPassword, home)).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it.each([
    [{ password: newPassword }, 'token'],
    [{ token: '', password: newPassword }, 'token'],
    [{ token: 'x'.repeat(201), password: newPassword }, 'token'],
    [{ token: 'abc' }, 'password'],
    [{ token: 'abc', password: 'short' }, 'password'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const response = await completeReset(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field });
  });
});
