import { redirect } from '@sveltejs/kit';
import { localeSchema } from '@cercle/shared';
import { updateMe } from '$lib/api/auth.ts';
import { readText } from '$lib/forms.ts';
import { safeRedirectTarget } from '$lib/redirects.ts';
import { localeCookieMaxAgeSeconds, localeCookieName } from '$lib/server/cookies.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
  redirectTo: safeRedirectTarget(url.searchParams.get('redirectTo')),
});

export const actions: Actions = {
  default: async ({ request, cookies, fetch, locals, url }) => {
    const form = await request.formData();
    const redirectTo = safeRedirectTarget(readText(form, 'redirectTo'));
    const locale = localeSchema.safeParse(readText(form, 'locale'));
    if (!locale.success) redirect(303, redirectTo);

    cookies.set(localeCookieName, locale.data, {
      path: '/',
      maxAge: localeCookieMaxAgeSeconds,
      sameSite: 'lax',
      httpOnly: true,
      // Plain-HTTP installs on a local network must keep the choice too.
      secure: url.protocol === 'https:',
    });
    if (locals.user && locals.user.locale !== locale.data) {
      const result = await updateMe(fetch, { locale: locale.data });
      // The cookie already holds the choice; the account setting is a convenience.
      if (!result.ok) console.error(`PATCH /api/auth/me failed: ${result.status} ${result.code}`);
    }
    redirect(303, redirectTo);
  },
};
