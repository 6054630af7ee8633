import { beforeEach, describe, expect, it } from 'vitest';
import { setupTokens, users } from '@cercle/db';
import { testAppForThisFile } from '../support/app.ts';
import { sessionCookieFrom } from '../support/fixtures.ts';

const t = testAppForThisFile();
// Setup is about an empty instance: start every test from one (cheaper than a new database).
beforeEach(async () => {
  await t.app.db.delete(setupTokens);
  await t.app.db.delete(users);
});

const setup = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/auth/setup', payload });

const firstAdmin = {
  email: 'secretariat@example.org',
  name: 'Nadia Benali',
  password: 'a long passphrase',
};

describe('first-admin setup', () => {
  it('creates the first admin from the one-time token and signs them in', async () => {
    expect((await t.app.inject({ url: '/api/auth/setup' })).json()).toEqual({ needed: true });
    const token = (await t.app.auth.issueSetupToken())!;
    const response = await setup({ token, ...firstAdmin });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ email: firstAdmin.email, isAdmin: true });
    const cookie = sessionCookieFrom(response.headers['set-cookie']);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user.isAdmin).toBe(true);
    expect((await t.app.inject({ url: '/api/auth/setup' })).json()).toEqual({ needed: false });
    expect(await t.app.auth.issueSetupToken()).toBeNull();
  });

  it('refuses a wrong token with 403', async () => {
    await t.app.auth.issueSetupToken();
    const response = await setup({ token: 'guessed-token', ...firstAdmin });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'auth.setup_token_invalid',
      field: 'token',
    });
  });

  it('cannot be used twice: the second attempt gets 409', async () => {
    const token = (await t.app.auth.issueSetupToken())!;
    expect((await setup({ token, ...firstAdmin })).statusCode).toBe(200);
    const again = await setup({ token, ...firstAdmin, email: 'intruder@example.org' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('auth.setup_unavailable');
  });

  it('refuses a short password, naming the field', async () => {
    const token = (await t.app.auth.issueSetupToken())!;
    const response = await setup({ token, ...firstAdmin, password: 'short' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field: 'password' });
  });

  it('creates or resets the admin named by CERCLE_ADMIN_EMAIL/PASSWORD', async () => {
    await t.app.auth.ensureAdmin({
      email: 'ops@example.org',
      password: 'first password',
      name: 'Ops',
    });
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'ops@example.org', password },
      });
    const first = await login('first password');
    expect(first.statusCode).toBe(200);
    const oldCookie = sessionCookieFrom(first.headers['set-cookie']);
    await t.app.auth.ensureAdmin({
      email: 'ops@example.org',
      password: 'second password',
      name: 'Ops',
    });
    expect((await login('first password')).statusCode).toBe(401);
    expect((await login('second password')).statusCode).toBe(200);
    // Sessions opened with the old password end with it.
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: oldCookie } });
    expect(me.statusCode).toBe(401);
  });
});
