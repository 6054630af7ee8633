import type { Result } from '@cercle/shared';
import { currentLocale } from './i18n/index.ts';
// Its own entry, not the package's index: the index also defines the zod schemas, which would
// then ship to every phone (about 37 KB gzipped). This module imports types only.
import { explainResult } from '@cercle/shared/result-explanation';

/**
 * How a closed result was decided, in the page's language: quorum, rule, share reached,
 * threshold, weighting and outcome, in the words the minutes and documents use too. Null for
 * results closed before their basis was stored: the outcome line alone says what is known.
 * Components only: it reads the page's locale.
 */
export function explainForPage(result: Result): string | null {
  return result.basis ? explainResult(result, currentLocale()) : null;
}
