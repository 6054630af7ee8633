// Types only from @cercle/shared: its runtime values would ship zod to every browser.
import type { ErrorCode, Locale } from '@cercle/shared';
import { createSubscriber } from 'svelte/reactivity';
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
 *
 * Such a catalogue leaves out the API's refusals (`errors.*`, a fifth of its weight, which most
 * visits never show): they arrive on demand, in a catalogue of their own (`errors.fr.ts`), before
 * a refused form shows its answer (`enhance`), or else as soon as a text asks for one, which is
 * then written again. Only the refusals the page words itself (no answer at all, an unknown one)
 * stay in the page's catalogue: without a network, nothing more could arrive.
 */
export const catalogueScopes = { participant: ['/meetings/[id]'] } as const;
export type CatalogueScope = 'full' | keyof typeof catalogueScopes;

/** The messages a page's own catalogue leaves to `loadErrorMessages`. */
export const onDemandPrefix = 'errors.';

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
const errorCatalogues: Partial<Record<Locale, Partial<Catalogue>>> = {};
const errorsLoading: Partial<Record<Locale, Promise<void>>> = {};

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

/** The API's refusals in this language, for a page that loaded only its own messages. */
export function loadErrorMessages(locale: Locale): Promise<void> {
  if (catalogues[locale] || errorCatalogues[locale]) return Promise.resolve();
  errorsLoading[locale] ??= (
    locale === 'fr'
      ? import('./errors.fr.ts').then((module) => module.frErrors)
      : import('./errors.en.ts').then((module) => module.enErrors)
  ).then(
    (messages) => void (errorCatalogues[locale] = messages),
    // A network that failed now may come back: the next refusal tries again.
    (error: unknown) => {
      delete errorsLoading[locale];
      throw error;
    },
  );
  return errorsLoading[locale];
}

/** Calls the texts back that asked for messages not yet loaded; set while some wait. */
let messagesArrived: (() => void) | undefined;
const waitForMessages = createSubscriber((update) => {
  messagesArrived = update;
  return () => (messagesArrived = undefined);
});

/**
 * Fetches what a page's own catalogue lacks, and has the text asking read again once it is
 * there: the refusals first; the whole catalogue should a page's code ever show a message its
 * catalogue missed (the browser journeys fail on a key shown raw, so it stays a safety net).
 */
function fetchMissing(locale: Locale, key: string): void {
  waitForMessages();
  const loading =
    key.startsWith(onDemandPrefix) && !errorCatalogues[locale]
      ? loadErrorMessages(locale)
      : loadCatalogue(locale, 'full');
  loading.then(
    () => messagesArrived?.(),
    (error: unknown) => console.error(`messages for ${key} did not arrive`, error),
  );
}

function messageOf(locale: Locale, key: MessageKey): string | undefined {
  const whole = catalogues[locale];
  if (whole) return whole[key];
  const own = participantCatalogues[locale];
  if (!own) return (catalogues.fr ?? catalogues.en)?.[key];
  const found = own[key] ?? errorCatalogues[locale]?.[key];
  if (found === undefined) fetchMissing(locale, key);
  return found;
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
  // Every whole catalogue has the same keys (a test checks it), and so has every catalogue of
  // refusals: any loaded one can tell. Before one arrived (a page with its own messages), the
  // key is taken as it is: the text asking for it fetches them and is written again.
  const loaded = [...Object.values(catalogues), ...Object.values(errorCatalogues)];
  return loaded.length === 0 || loaded.some((catalogue) => key in catalogue);
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
