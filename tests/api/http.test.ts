import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, MeResponse } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUser, defaultPassword, sessionCookieFrom } from '../support/fixtures.ts';

// The same API over a real socket: what browsers and scripts actually talk to.
let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('over HTTP', () => {
  it('signs in, reads me with the cookie, signs out', async () => {
    const user = await createUser(t.app, { name: 'Yasmine Roux' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: defaultPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = sessionCookieFrom(login.headers.getSetCookie());
    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    expect(((await me.json()) as MeResponse).user.name).toBe('Yasmine Roux');
    const logout = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(200);
    expect((await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a cross-site form post carrying the cookie', async () => {
    const user = await createUser(t.app);
    const response = await fetch(`${base}/api/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example', cookie: 'cercle_session=whatever' },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ApiError).error.code).toBe('auth.forbidden_origin');
    expect(user.id).toBeTruthy();
  });
});
