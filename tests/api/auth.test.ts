import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { queryRows } from '@cercle/db';
import { sessionCookieName } from '@cercle/server';
import { createTestApp, testAppForThisFile, testPublicUrl } from '../support/app.ts';
import {
  createUser,
  defaultPassword,
  listenForRightsNotices,
  sessionCookieFrom,
  signIn,
} from '../support/fixtures.ts';

const t = testAppForThisFile();

const login = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, headers });

describe('login', () => {
  it('signs in with the right password and sets an httpOnly, SameSite=Lax session cookie', async () => {
    const user = await createUser(t.app, { name: 'Amandine Leroy' });
    const response = await login({ email: user.email.toUpperCase(), password: defaultPassword });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ id: user.id, name: 'Amandine Leroy' });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^cercle_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const user = await createUser(t.app);
    const response = await login({ email: user.email, password: 'not the password' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'auth.invalid_credentials', message: expect.any(String), field: 'password' },
    });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers an unknown address exactly like a wrong password', async () => {
    const response = await login({ email: 'nobody@example.org', password: 'whatever123' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.invalid_credentials');
  });

  it.each([
    [{ password: 'x' }, 'email'],
    [{ email: 'not-an-email', password: 'x' }, 'email'],
    [{ email: 'a@example.org' }, 'password'],
    [{ email: 'a@example.org', password: 42 }, 'password'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const response = await login(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field });
  });

  it('answers 400 for a body that is not JSON, without a stack trace', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation.invalid');
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('sessions in the database', () => {
  const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('keeps the SHA-256 of the cookie’s token as the session id, and the token nowhere', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const token = tokenOf(cookie);
    expect(token.length).toBeGreaterThanOrEqual(40);

    const rows = await queryRows<{ id: string }>(
      t.app.db,
      sql`select id from sessions where user_id = ${user.id}`,
    );
    expect(rows).toEqual([{ id: sha256(token) }]);

    // Every text of every table, as a dump would show it.
    const tables = await queryRows<{ name: string }>(
      t.app.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    for (const { name } of tables) {
      const found = await queryRows<{ n: number }>(
        t.app.db,
        sql`select count(*)::int as n from ${sql.identifier(name)} r
            where strpos(r::text, ${token}) > 0`,
      );
      expect(found, `the token appears in ${name}`).toEqual([{ n: 0 }]);
    }
  });

  it('opens no session with an id read from the database', async () => {
    const user = await createUser(t.app);
    await signIn(t.app, user.email);
    const [row] = await queryRows<{ id: string }>(
      t.app.db,
      sql`select id from sessions where user_id = ${user.id}`,
    );
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `${sessionCookieName}=${row!.id}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('renews a session in its second half with the same token, still stored hashed', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const id = sha256(tokenOf(cookie));
    await t.app.db.execute(
      sql`update sessions set expires_at = now() + interval '2 days' where id = ${id}`,
    );
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(sessionCookieFrom(me.headers['set-cookie'])).toBe(cookie);
    const [row] = await queryRows<{ days: number }>(
      t.app.db,
      sql`select round(extract(epoch from expires_at - now()) / 86400)::int as days
          from sessions where id = ${id}`,
    );
    expect(row?.days).toBe(30);
  });
});

describe('me and logout', () => {
  it('returns the signed-in user with their memberships', async () => {
    const user = await createUser(t.app, { name: 'Bruno Petit' });
    const cookie = await signIn(t.app, user.email);
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      name: 'Bruno Petit',
      isAdmin: false,
      locale: 'fr',
      memberships: [],
    });
  });

  it('answers 401 without a cookie', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.unauthenticated');
  });

  it('answers 401 to a forged cookie and clears it', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'cercle_session=forgedforgedforgedforgedforged' },
    });
    expect(response.statusCode).toBe(401);
    expect(String(response.headers['set-cookie'])).toMatch(/cercle_session=;.*Max-Age=0/);
  });

  it('changes the language of the signed-in user', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { cookie },
      payload: { locale: 'en' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.locale).toBe('en');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: { cookie },
      payload: { locale: 'de' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('locale');
  });

  it('ends the session at logout: the old cookie no longer works, sockets hear of it', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const notices = await listenForRightsNotices(t);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie },
    });
    expect(logout.statusCode).toBe(200);
    expect(String(logout.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    await vi.waitFor(() => expect(notices.received).toContain(user.id));
    await notices.stop();
  });
});

describe('cross-site requests', () => {
  it('refuses a write from a foreign Origin with 403', async () => {
    const user = await createUser(t.app);
    const response = await login(
      { email: user.email, password: defaultPassword },
      { origin: 'https://evil.example.com' },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.forbidden_origin');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('accepts the public origin and the host the browser actually used', async () => {
    const user = await createUser(t.app);
    const fromPublic = await login(
      { email: user.email, password: defaultPassword },
      { origin: testPublicUrl },
    );
    expect(fromPublic.statusCode).toBe(200);
    const fromLan = await login(
      { email: user.email, password: defaultPassword },
      { origin: 'http://192.168.1.20:3000', host: '192.168.1.20:3000' },
    );
    expect(fromLan.statusCode).toBe(200);
    sessionCookieFrom(fromLan.headers['set-cookie']);
  });

  it('lets reads through whatever their Origin', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('behind https', () => {
  it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ env: { PUBLIC_URL: 'https://ag.example.org' } });
    try {
      const user = await createUser(secure.app);
      const response = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: defaultPassword },
      });
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await secure.close();
    }
  });
});
