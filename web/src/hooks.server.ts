import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import type { CurrentUser } from '@cercle/shared';
import { getCurrentUser } from '$lib/api/auth.ts';
import { loadCatalogue, locales } from '$lib/i18n/messages.ts';
import { resolveLocale } from '$lib/i18n/resolve-locale.ts';
import { forwardToApi, isApiRequest, visitorOf } from '$lib/server/api-forwarding.ts';
import { localeCookieName, sessionCookieName } from '$lib/server/cookies.ts';

// The server renders every language: both catalogues are loaded once, before any request.
await Promise.all(locales.map((locale) => loadCatalogue(locale)));

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = await loadSignedInUser(event);
  event.locals.locale = resolveLocale({
    cookie: event.cookies.get(localeCookieName),
    userLocale: event.locals.user?.locale,
    acceptLanguage: event.request.headers.get('accept-language'),
  });

  let langSet = false;
  return resolve(event, {
    transformPageChunk: ({ html }) => {
      if (langSet || !html.includes('%lang%')) return html;
      langSet = true;
      return html.replace('%lang%', event.locals.locale);
    },
  });
};

export const handleFetch: HandleFetch = ({ event, request, fetch }) =>
  isApiRequest(event, request) ? forwardToApi(event, request) : fetch(request);

async function loadSignedInUser(event: RequestEvent): Promise<CurrentUser | null> {
  if (!event.cookies.get(sessionCookieName)) return null;
  // In the server's process: the visitor as it read them, once for the page and its API calls.
  const visitor = await visitorOf(event).catch((cause: unknown) => {
    console.error('reading the session failed', cause);
    return null;
  });
  if (visitor !== undefined) return visitor;
  // Under `vite dev`, the API is another process: ask it.
  const result = await getCurrentUser(event.fetch);
  if (result.ok) return result.data;
  if (result.status !== 401)
    console.error(`GET /api/auth/me failed: ${result.status} ${result.code}`);
  return null;
}
