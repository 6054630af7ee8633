/** How the server's and the web's message catalogues fill their texts: one way for both. */
import type { Locale } from './roles.ts';

export type MessageParams = Record<string, string | number>;

/** BCP 47 tags handed to Intl: French as written in France, English with day-first dates. */
export const intlLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** `template` with its `{name}` placeholders filled from `params`; unknown names stay as written. */
export function fillPlaceholders(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/** Among `Key`, the message families written `<base>.one` / `<base>.other`: their bases. */
export type PluralBase<Key extends string> = {
  [K in Key]: K extends `${infer Base}.one` ? (`${Base}.other` extends Key ? Base : never) : never;
}[Key];
