import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  errorKeys,
  errorsSource,
  subsetFile,
  subsetKeys,
  subsetSource,
} from './generate-subsets.ts';
import { fr } from './fr.ts';
import { catalogueScopeOf, catalogueScopes, locales } from './messages.ts';

const scopes = Object.keys(catalogueScopes) as (keyof typeof catalogueScopes)[];

describe('the catalogues of pages that load only their own messages', () => {
  it.each(scopes.flatMap((scope) => locales.map((locale) => [scope, locale] as const)))(
    '%s in %s is what its pages’ code uses today (else: pnpm --filter @cercle/web i18n:subsets)',
    async (scope, locale) => {
      expect(readFileSync(subsetFile(scope, locale), 'utf8')).toBe(
        await subsetSource(scope, locale),
      );
    },
  );

  it.each(locales)(
    'the refusals in %s are every error message of today (else: pnpm --filter @cercle/web i18n:subsets)',
    async (locale) => {
      expect(readFileSync(subsetFile('errors', locale), 'utf8')).toBe(await errorsSource(locale));
    },
  );

  it('keeps what the participant live view shows, and leaves out what it cannot', () => {
    const keys = new Set(subsetKeys('participant'));
    // Written as literals, built from a prefix (`choice.${choice}`), plural forms.
    for (const key of [
      'meeting.pollsTitle',
      'choice.abstain',
      'result.participation.one',
      'result.participation.other',
      'result.collegeWeight',
      // What it says with no network, when the refusals could not arrive.
      'errors.network',
    ]) {
      expect(keys, key).toContain(key);
    }
    // The API's refusals arrive on demand, every one of them.
    expect(keys).not.toContain('errors.ballots.not_entitled');
    expect(errorKeys()).toContain('errors.ballots.not_entitled');
    expect(errorKeys()).toEqual(Object.keys(fr).filter((key) => key.startsWith('errors.')));
    // The congress, the organisation's settings, the elections' set-up and the audit are other
    // pages.
    for (const prefix of ['congress.', 'organisation.', 'electionSettings.', 'audit.']) {
      expect(
        [...keys].filter((key) => key.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    }
    expect(keys.size).toBeLessThan(Object.keys(fr).length / 3);
  });

  it('is chosen by route: the participant live view, not the console beside it', () => {
    expect(catalogueScopeOf('/meetings/[id]')).toBe('participant');
    expect(catalogueScopeOf('/meetings/[id]/console')).toBe('full');
    expect(catalogueScopeOf(null)).toBe('full');
  });
});
