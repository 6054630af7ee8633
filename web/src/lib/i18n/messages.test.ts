import { errorCodes } from '@cercle/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import {
  errorMessageKey,
  formatDateTime,
  isLocale,
  loadCatalogue,
  locales,
  translate,
} from './messages.ts';

beforeAll(() => Promise.all(locales.map(loadCatalogue)));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('use the same placeholders in French and English', () => {
    for (const key of Object.keys(fr) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('translate every API error code', () => {
    for (const code of errorCodes) {
      expect(errorMessageKey(code)).toBe(`errors.${code}`);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('fr', 'home.greeting', { name: 'Awa' })).toBe('Bonjour Awa');
    expect(translate('en', 'home.greeting', { name: 'Awa' })).toBe('Hello Awa');
    expect(translate('en', 'home.greeting')).toBe('Hello {name}');
  });
});

describe('errorMessageKey', () => {
  it('falls back for codes the client does not know yet', () => {
    expect(errorMessageKey('congress.not_yet_known')).toBe('errors.unknown');
    expect(errorMessageKey('network')).toBe('errors.network');
  });
});

describe('formatDateTime', () => {
  it('formats in Paris time for each locale', () => {
    const iso = '2026-12-06T10:50:00.000Z';
    expect(formatDateTime('fr', iso)).toMatch(/^6 décembre 2026 .*11:50/);
    expect(formatDateTime('en', iso)).toMatch(/^6 December 2026 .*11:50/);
  });
});

describe('isLocale', () => {
  it('accepts only supported locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
