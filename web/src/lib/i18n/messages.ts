// Types only from @cercle/shared: its runtime values would ship zod to every browser.
import type { ErrorCode, Locale } from '@cercle/shared';
import { locales } from '@cercle/shared/enums';
import {
  fillPlaceholders,
  intlLocales,
  type MessageParams,
  type PluralBase,
} from '@cercle/shared/message-format';
import type { MessageKey } from './fr.ts';

export type { MessageKey, MessageParams };
type Catalogue = Record<MessageKey, string>;

export { locales };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * The catalogues loaded so far. The browser downloads only the language it shows (a phone
 * on a weak network should not fetch both); the server loads both at start.
 */
const catalogues: Partial<Record<Locale, Catalogue>> = {};

export async function loadCatalogue(locale: Locale): Promise<void> {
  catalogues[locale] ??=
    locale === 'fr' ? (await import('./fr.ts')).fr : (await import('./en.ts')).en;
}

function catalogueOf(locale: Locale): Catalogue | undefined {
  return catalogues[locale] ?? catalogues.fr ?? catalogues.en;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  // Before any catalogue arrived (an error while loading the layout), the key still says
  // something rather than nothing.
  return fillPlaceholders(catalogueOf(locale)?.[key] ?? key, params);
}

/** Message families written `<base>.one` / `<base>.other`, chosen by the count's plural rule. */
export type PluralMessageBase = PluralBase<MessageKey>;

export function translateCount(
  locale: Locale,
  base: PluralMessageBase,
  count: number,
  params?: MessageParams,
): string {
  const form = new Intl.PluralRules(intlLocales[locale]).select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${base}.${form}`, {
    count: formatNumberFor(locale, count),
    ...params,
  });
}

/** A number with the locale's digit grouping (« 1 234 », "1,234"). */
export function formatNumberFor(locale: Locale, value: number): string {
  return new Intl.NumberFormat(intlLocales[locale]).format(value);
}

/** A fraction (0.25) as a percentage (« 25 % », "25%"), to two decimals at most. */
export function formatPercentage(locale: Locale, fraction: number): string {
  return new Intl.NumberFormat(intlLocales[locale], {
    style: 'percent',
    maximumFractionDigits: 2,
  }).format(fraction);
}

type ErrorMessageKey = `errors.${ErrorCode}`;

function isErrorMessageKey(key: string): key is ErrorMessageKey {
  // Every catalogue has the same keys (a test checks it): any loaded one can tell.
  return key in (catalogueOf('fr') ?? {});
}

/**
 * The message for an API error code. Returning an `ErrorMessageKey` as a `MessageKey` is what
 * makes a code without a French message (see `errorCodes` in shared) fail the type check.
 */
export function errorMessageKey(code: string): MessageKey {
  const key = `errors.${code}`;
  if (isErrorMessageKey(key)) return key;
  return code === 'network' ? 'errors.network' : 'errors.unknown';
}
