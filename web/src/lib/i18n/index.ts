import { page } from '$app/state';
import type { Locale } from '@cercle/shared';
import { formatDateTime, translate, type MessageKey, type MessageParams } from './messages.ts';

export { errorMessageKey, locales, type MessageKey, type MessageParams } from './messages.ts';

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
