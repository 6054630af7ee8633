import { fail } from '@sveltejs/kit';
import { changePassword } from '$lib/api/auth.ts';
import {
  checkNewPassword,
  checkPasswordConfirmation,
  present,
  problemFromApi,
  readPassword,
} from '$lib/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const user = requireUser(event);
  return { name: user.name, email: user.email };
};

export const actions: Actions = {
  password: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const currentPassword = readPassword(form, 'currentPassword');
    const newPassword = readPassword(form, 'newPassword');
    const confirmation = readPassword(form, 'newPasswordConfirmation');

    const problems = present(
      currentPassword
        ? undefined
        : { field: 'currentPassword', key: 'validation.currentPasswordRequired' },
      checkNewPassword(newPassword, 'newPassword'),
      checkPasswordConfirmation(newPassword, confirmation, 'newPasswordConfirmation'),
    );
    if (problems.length > 0) return fail(400, { changed: false, problems });

    const result = await changePassword(event.fetch, { currentPassword, newPassword });
    if (!result.ok) {
      return fail(result.status, {
        changed: false,
        problems: [problemFromApi(result, ['currentPassword', 'newPassword'])],
      });
    }
    return { changed: true, problems: [] };
  },
};
