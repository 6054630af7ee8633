import { errorCodes } from '@cercle/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import { errorMessageKey, isLocale, loadCatalogue, locales, translate } from './messages.ts';

beforeAll(() => Promise.all(locales.map((locale) => loadCatalogue(locale))));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Words written the same in French and in British English: a message made only of these (and
 * of placeholders and punctuation) may be identical in both catalogues. Any other identical
 * message is most likely French left untranslated in en.ts.
 */
const sameInBothLanguages = new Set([
  // Cognates shown as titles, table headers and labels.
  'actions',
  'administration',
  'code',
  'console',
  'description',
  'discussion',
  'information',
  'motion',
  'motions',
  'note',
  'notifications',
  'objection',
  'objections',
  'organisation', // British spelling, like the rest of en.ts.
  'quorum',
  'total',
  'version',
  'versions',
  'vote',
  // The abbreviation of minutes (« 5 min », "5 min").
  'min',
]);

/**
 * Keys identical on purpose whatever their words: the brand, and a language's own name is shown in that
 * language in the switcher and the assembly's language list (« English » even on a French page).
 */
const identicalKeys = new Set<MessageKey>([
  // The product's name is a brand.
  'app.name',
  'layout.languageFr',
  'layout.languageEn',
  'languageName.fr',
  'languageName.en',
]);

function mayBeIdentical(key: MessageKey, message: string): boolean {
  if (identicalKeys.has(key)) return true;
  const words = message.replace(/\{\w+\}/g, ' ').match(/\p{L}+/gu) ?? [];
  return words.every((word) => sameInBothLanguages.has(word.toLowerCase()));
}

describe('message catalogues', () => {
  it('have the same keys in French and English', () => {
    // tsc checks it too; this also holds if en.ts is ever loaded from JSON or cast.
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('give every key an English message, not the French one copied', () => {
    const untranslated = (Object.keys(fr) as MessageKey[]).filter((key) => {
      const english: string | undefined = en[key];
      if (typeof english !== 'string' || english.trim() === '') return true;
      return english === fr[key] && !mayBeIdentical(key, english);
    });
    expect(untranslated, 'Translate these keys in en.ts').toEqual([]);
  });

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

describe('isLocale', () => {
  it('accepts only supported locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
