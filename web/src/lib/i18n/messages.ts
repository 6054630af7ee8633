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
 * Pages that load only the messages their code can show, not all two thousand: the participant
 * live view, which every phone of a meeting room loads, often on a weak network. Their
 * catalogues are generated from their code (`pnpm --filter @cercle/web i18n:subsets`, checked
 * by subsets.test.ts); every other page loads the whole catalogue of its language.
 */
export const catalogueScopes = { participant: ['/meetings/[id]'] } as const;
export type CatalogueScope = 'full' | keyof typeof catalogueScopes;

/** The catalogue a page of this route loads. */
export function catalogueScopeOf(routeId: string | null): CatalogueScope {
  for (const [scope, routes] of Object.entries(catalogueScopes)) {
    if ((routes as readonly string[]).includes(routeId ?? '')) return scope as CatalogueScope;
  }
  return 'full';
}

/**
 * The catalogues loaded so far. The browser downloads only the language it shows (a phone
 * on a weak network should not fetch both), and on the participant live view only its
 * messages; the server loads both whole at start.
 */
const catalogues: Partial<Record<Locale, Catalogue>> = {};
const participantCatalogues: Partial<Record<Locale, Partial<Catalogue>>> = {};

export async function loadCatalogue(locale: Locale, scope: CatalogueScope = 'full'): Promise<void> {
  if (catalogues[locale]) return;
  if (scope === 'participant') {
    participantCatalogues[locale] ??=
      locale === 'fr'
        ? (await import('./participant.fr.ts')).frParticipant
        : (await import('./participant.en.ts')).enParticipant;
    return;
  }
  catalogues[locale] =
    locale === 'fr' ? (await import('./fr.ts')).fr : (await import('./en.ts')).en;
}

function messageOf(locale: Locale, key: MessageKey): string | undefined {
  const own = catalogues[locale] ?? participantCatalogues[locale];
  return own ? own[key] : (catalogues.fr ?? catalogues.en)?.[key];
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  // Before any catalogue arrived (an error while loading the layout), the key still says
  // something rather than nothing.
  return fillPlaceholders(messageOf(locale, key) ?? key, params);
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
  // Every catalogue has the same keys (a test checks it), and a page's own catalogue has every
  // error message (its code builds them): any loaded one can tell.
  return [...Object.values(catalogues), ...Object.values(participantCatalogues)].some(
    (catalogue) => key in catalogue,
  );
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
