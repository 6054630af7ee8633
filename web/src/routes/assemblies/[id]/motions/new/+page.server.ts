import { fail, redirect } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { createMotion } from '$lib/api/motions.ts';
import { problemFromApi } from '$lib/forms.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import { motionApiFields, readMotionForm } from '$lib/server/motion-form.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!assemblyPermissions(user, event.params.id).submitMotions) forbidden();
  const assembly = unwrap(await getAssembly(event.fetch, event.params.id), event);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      supportersToAdmit: assembly.settings.supportersToAdmit,
    },
  };
};

/** Both buttons send the same form: one keeps a draft, the other submits it at once. */
async function propose(event: RequestEvent, submit: boolean) {
  requireUser(event);
  const { values, problems } = readMotionForm(await event.request.formData());
  if (problems.length > 0) return fail(400, { values, problems });

  const result = await createMotion(event.fetch, event.params.id, {
    title: values.title,
    text: values.text,
    submit,
  });
  if (!result.ok) {
    return fail(result.status, { values, problems: [problemFromApi(result, motionApiFields)] });
  }
  redirect(
    303,
    `/motions/${encodeURIComponent(result.data.id)}?notice=${submit ? 'submitted' : 'draft'}`,
  );
}

export const actions: Actions = {
  submit: (event) => propose(event, true),
  draft: (event) => propose(event, false),
};
