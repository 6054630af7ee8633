import { describe, expect, it } from 'vitest';
import { resolveLocale } from './resolve-locale.ts';

describe('resolveLocale', () => {
  it.each([
    { cookie: 'en', userLocale: 'fr', acceptLanguage: 'fr', expected: 'en' },
    { cookie: 'xx', userLocale: 'en', acceptLanguage: 'fr', expected: 'en' },
    { cookie: undefined, userLocale: 'fr', acceptLanguage: 'en-GB', expected: 'fr' },
    { cookie: undefined, userLocale: undefined, acceptLanguage: 'en-GB,en;q=0.9', expected: 'en' },
    { cookie: undefined, userLocale: undefined, acceptLanguage: 'fr-FR,en;q=0.8', expected: 'fr' },
    { cookie: undefined, userLocale: undefined, acceptLanguage: 'de,en;q=0.5', expected: 'en' },
    {
      cookie: undefined,
      userLocale: undefined,
      acceptLanguage: 'fr;q=0.4,en;q=0.6',
      expected: 'en',
    },
    { cookie: undefined, userLocale: undefined, acceptLanguage: 'en;q=0', expected: 'fr' },
    { cookie: undefined, userLocale: undefined, acceptLanguage: 'de', expected: 'fr' },
    { cookie: undefined, userLocale: undefined, acceptLanguage: null, expected: 'fr' },
  ] as const)(
    'cookie $cookie, user $userLocale, Accept-Language $acceptLanguage → $expected',
    ({ expected, ...input }) => {
      expect(resolveLocale(input)).toBe(expected);
    },
  );
});
