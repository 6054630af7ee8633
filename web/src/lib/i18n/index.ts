import { page } from '$app/state';
import type { Locale } from '@cercle/shared';
import {
  formatDateTime,
  formatNumberFor,
  formatPercentage,
  translate,
  translateCount,
  type MessageKey,
  type MessageParams,
  type PluralMessageBase,
} from './messages.ts';

export {
  errorMessageKey,
  locales,
  type MessageKey,
  type MessageParams,
  type PluralMessageBase,
} from './messages.ts';

/** The locale of the page being shown (the root layout puts `event.locals.locale` in its data). */
export function currentLocale(): Locale {
  return page.data.locale;
}

/** Translates for the current page. Components only: it reads `page.data`. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(currentLocale(), key, params);
}

export function formatDate(iso: string): string {
  return formatDateTime(currentLocale(), iso);
}

/** `tCount('count.members', 3)` → « 3 membres »; `{count}` is filled, formatted for the locale. */
export function tCount(base: PluralMessageBase, count: number, params?: MessageParams): string {
  return translateCount(currentLocale(), base, count, params);
}

/** A count shown next to another (`{voted}` in « 12 sur 1 500 »), grouped like tCount's. */
export function formatNumber(value: number): string {
  return formatNumberFor(currentLocale(), value);
}

export function formatPercent(fraction: number): string {
  return formatPercentage(currentLocale(), fraction);
}
