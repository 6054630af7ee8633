import { fail, redirect } from '@sveltejs/kit';
import { eraseMyAccount, myDataDownloads } from '$lib/api/my-data.ts';
import { present, problemFromApi, readChecked, readPassword, readText } from '$lib/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const user = requireUser(event);
  return { name: user.name, email: user.email, downloads: myDataDownloads };
};

/**
 * Erasure in two steps, both plain forms (no JavaScript needed): `review` checks the typed
 * address and the acknowledgement, then the page asks for the password and a last click;
 * `erase` does it, and the person lands, signed out, on the confirmation page.
 */
export const actions: Actions = {
  review: async (event) => {
    const user = requireUser(event);
    const form = await event.request.formData();
    const confirmation = readText(form, 'confirmation');
    const problems = present(
      confirmation.toLowerCase() === user.email.toLowerCase()
        ? undefined
        : { field: 'confirmation', key: 'myData.confirmationMismatch' },
      readChecked(form, 'understood')
        ? undefined
        : { field: 'understood', key: 'myData.understoodRequired' },
    );
    if (problems.length > 0) return fail(400, { step: 'start' as const, confirmation, problems });
    return { step: 'final' as const, confirmation, problems: [] };
  },

  erase: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const confirmation = readText(form, 'confirmation');
    const password = readPassword(form, 'password');
    if (!password) {
      return fail(400, {
        step: 'final' as const,
        confirmation,
        problems: [{ field: 'password', key: 'validation.currentPasswordRequired' as const }],
      });
    }
    const result = await eraseMyAccount(event.fetch, { password, confirmation });
    if (!result.ok) {
      // A wrong address sends the person back to the first step, where it is typed.
      const step = result.field === 'confirmation' ? ('start' as const) : ('final' as const);
      return fail(result.status, {
        step,
        confirmation,
        problems: [problemFromApi(result, ['password', 'confirmation'])],
      });
    }
    redirect(303, '/account/erased');
  },
};
