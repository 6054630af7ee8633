import { page } from '$app/state';
import type { Locale } from '@cercle/shared';
import {
  defaultTimeZone,
  formatDateTime,
  formatTime as formatTimeIn,
  formatZoneName,
} from '@cercle/shared/time-zones';
import {
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

/**
 * The zone of the page's dates: the one of the assembly the page is about, which its load
 * returns as `timeZone`. A page about no assembly in particular shows the federation's default.
 */
export function currentTimeZone(): string {
  return page.data.timeZone ?? defaultTimeZone;
}

/** « 12 mars 2027 à 18:00 (heure de La Réunion, UTC+4) », in the page's zone unless told another. */
export function formatDate(iso: string, timeZone = currentTimeZone()): string {
  return formatDateTime(iso, { locale: currentLocale(), timeZone });
}

/** « 18:05 », the time of day in the page's zone (a request for the floor, a turn). */
export function formatTime(iso: string, timeZone = currentTimeZone()): string {
  return formatTimeIn(iso, timeZone, currentLocale());
}

/** The hint under a date-time input: « À l’heure de l’assemblée : heure de La Réunion, UTC+4 (Indian/Reunion). » */
export function localTimeHint(timeZone = currentTimeZone()): string {
  return t('meetingForm.localTime', {
    zone: formatZoneName(new Date(), timeZone, currentLocale()),
    timeZone,
  });
}

/** `tCount('count.members', 3)` → « 3 membres »; `{count}` is filled, formatted for the locale. */
export function tCount(base: PluralMessageBase, count: number, params?: MessageParams): string {
  return translateCount(currentLocale(), base, count, params);
}

/** A count shown next to another (`{voted}` in « 12 sur 1 500 »), grouped like tCount's. */
export function formatNumber(value: number): string {
  return formatNumberFor(currentLocale(), value);
}

/** « Yann et Zoé », « Yann, Zoé et Ali »: names joined as the page's language joins them. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(items);
}

export function formatPercent(fraction: number): string {
  return formatPercentage(currentLocale(), fraction);
}
