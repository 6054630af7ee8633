import type { Locale } from '@cercle/shared';
import { defaultLocale } from '@cercle/shared/enums';
import { isLocale } from './messages.ts';

/**
 * Locale for a request: explicit choice (cookie) first, then the signed-in user's setting,
 * then the browser's preference when it ranks English above French, else French.
 */
export function resolveLocale(input: {
  cookie: string | undefined;
  userLocale: Locale | undefined;
  acceptLanguage: string | null;
}): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  if (input.userLocale) return input.userLocale;
  return preferredFromAcceptLanguage(input.acceptLanguage) ?? defaultLocale;
}

function preferredFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attributes] = part.trim().split(';');
      const q = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      const language = tag.trim().toLowerCase().split('-')[0] ?? '';
      return { language, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const first = ranked.find((entry) => entry.language === 'fr' || entry.language === 'en');
  return first?.language === 'en' ? 'en' : undefined;
}
