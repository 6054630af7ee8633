import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testPublicUrl } from '../support/app.ts';
import { createUser, defaultPassword, sessionCookieFrom, signIn } from '../support/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ throttleLimits: { perIp: 8, perAccount: 3, windowMs: 60_000 } });
});
afterAll(() => t.close());

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

  it('locks an account after repeated failures with 429 and Retry-After, even with the right password', async () => {
    const user = await createUser(t.app);
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i += 1) {
      const failure = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: 'wrong password' },
        remoteAddress: ip,
      });
      expect(failure.statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: defaultPassword },
      remoteAddress: '203.0.113.8',
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('auth.rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits failures per IP across accounts, and leaves other addresses alone', async () => {
    const ip = '198.51.100.23';
    for (let i = 0; i < 8; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `guess-${i}@example.org`, password: 'wrong password' },
        remoteAddress: ip,
      });
      expect(response.statusCode).toBe(401);
    }
    const user = await createUser(t.app);
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: defaultPassword },
      remoteAddress: ip,
    });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: defaultPassword },
      remoteAddress: '198.51.100.24',
    });
    expect(elsewhere.statusCode).toBe(200);
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

  it('ends the session at logout: the old cookie no longer works', async () => {
    const user = await createUser(t.app);
    const cookie = await signIn(t.app, user.email);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie },
    });
    expect(logout.statusCode).toBe(200);
    expect(String(logout.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
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
