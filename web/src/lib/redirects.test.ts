import { describe, expect, it } from 'vitest';
import { loginPath, safeRedirectTarget } from './redirects.ts';

describe('safeRedirectTarget', () => {
  it.each([
    ['/', '/'],
    ['/invitations/abc?x=1#top', '/invitations/abc?x=1#top'],
    ['/a/../b', '/b'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeRedirectTarget(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['javascript:alert(1)'],
    ['relative/path'],
  ])('refuses %s', (input) => {
    expect(safeRedirectTarget(input)).toBe('/');
  });
});

describe('loginPath', () => {
  it('keeps slashes readable and encodes the rest of the query', () => {
    expect(loginPath('/')).toBe('/login?redirectTo=/');
    expect(loginPath('/invitations/a?b=1&c=2')).toBe(
      '/login?redirectTo=/invitations/a%3Fb%3D1%26c%3D2',
    );
  });
});
