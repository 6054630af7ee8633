import type { Locale } from '@cercle/shared';
import {
  fillPlaceholders,
  intlLocales,
  type MessageParams,
  type PluralBase,
} from '@cercle/shared/message-format';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export { intlLocales };
export type { MessageKey, MessageParams };

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** The text of `key` in `locale`, its `{name}` placeholders filled from `params`. */
export function message(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return fillPlaceholders(catalogues[locale][key], params);
}

/** Message families written `<base>.one` / `<base>.other`. */
export type PluralMessageBase = PluralBase<MessageKey>;

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
