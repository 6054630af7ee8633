import type { Locale } from '@cercle/shared';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** BCP 47 tags handed to Intl: French as written in France, English with day-first dates. */
export const intlLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** The text of `key` in `locale`, its `{name}` placeholders filled from `params`. */
export function message(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/** Message families written `<base>.one` / `<base>.other`. */
export type PluralMessageBase = {
  [K in MessageKey]: K extends `${infer Base}.one`
    ? `${Base}.other` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

/** `<base>.one` up to a count of one, `<base>.other` above, with `{count}` filled. */
export function messageCount(
  locale: Locale,
  base: PluralMessageBase,
  count: number,
  params?: MessageParams,
): string {
  return message(locale, `${base}.${count > 1 ? 'other' : 'one'}`, { count, ...params });
}

/** `message` bound to one locale, for a document written in it from end to end. */
export function messagesIn(locale: Locale) {
  return (key: MessageKey, params?: MessageParams) => message(locale, key, params);
}
