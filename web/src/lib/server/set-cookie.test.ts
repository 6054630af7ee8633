import { describe, expect, it } from 'vitest';
import { parseSetCookie } from './set-cookie.ts';

describe('parseSetCookie', () => {
  it('keeps the session cookie and its attributes', () => {
    const parsed = parseSetCookie(
      'cercle_session=abc%3D; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
    expect(parsed?.name).toBe('cercle_session');
    expect(parsed?.value).toBe('abc%3D');
    expect(parsed?.options).toMatchObject({
      path: '/',
      maxAge: 2592000,
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
    });
    expect(parsed?.options.encode?.('abc%3D')).toBe('abc%3D');
  });

  it('keeps a clearing cookie (sign-out) as an empty value with Max-Age=0', () => {
    const parsed = parseSetCookie('cercle_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
    expect(parsed).toMatchObject({ name: 'cercle_session', value: '', options: { maxAge: 0 } });
  });

  it('does not add Secure or HttpOnly the API did not ask for (plain-HTTP installs)', () => {
    const parsed = parseSetCookie('a=b');
    expect(parsed?.options).toMatchObject({ path: '/', secure: false, httpOnly: false });
  });

  it('reads Expires and keeps "=" inside values', () => {
    const parsed = parseSetCookie('t=x=y; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parsed?.value).toBe('x=y');
    expect(parsed?.options.expires?.toISOString()).toBe('2026-10-21T07:28:00.000Z');
  });

  it('ignores a line without a name', () => {
    expect(parseSetCookie('=value; Path=/')).toBeUndefined();
    expect(parseSetCookie('garbage')).toBeUndefined();
  });
});
