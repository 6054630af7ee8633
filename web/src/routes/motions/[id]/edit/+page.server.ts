import { fail, redirect } from '@sveltejs/kit';
import { getMotion, listAmendments, updateMotion } from '$lib/api/motions.ts';
import { problemFromApi, readText } from '$lib/forms.ts';
import { authorMayEdit, secretaryMayEdit } from '$lib/motions.ts';
import { motionPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import { motionApiFields, readMotionForm } from '$lib/server/motion-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const motion = unwrap(await getMotion(event.fetch, event.params.id), event);
  // The author and accepted co-authors alike (the API's one rule, isMotionAuthor).
  const isAuthor = motion.viewer.isAuthor;
  const isSecretary = motionPermissions(user, motion.assemblyId).admit;
  // `?merge=<amendment>`: a secretary writes the version that merges an adopted amendment by hand.
  const mergeId = event.url.searchParams.get('merge');
  const amendments = mergeId && isSecretary ? await listAmendments(event.fetch, motion.id) : null;
  const merging = amendments?.ok
    ? (amendments.data.find(
        (amendment) =>
          amendment.id === mergeId &&
          amendment.status === 'adopted' &&
          amendment.resultingVersion === null,
      ) ?? null)
    : null;
  return {
    merging: merging && { id: merging.id, label: merging.label, diff: merging.diff },
    motion: {
      id: motion.id,
      reference: motion.reference,
      title: motion.title,
      text: motion.current.text,
      status: motion.status,
      currentVersion: motion.currentVersion,
    },
    isAuthor,
    isSecretary,
    // The API decides; this only avoids offering a form it would refuse.
    editable:
      (isAuthor && (authorMayEdit(motion.status) || motion.status === 'scheduled')) ||
      (isSecretary && secretaryMayEdit(motion.status)),
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const { values, problems } = readMotionForm(form);
    if (problems.length > 0) return fail(400, { values, problems });

    // The version the form was filled from: the same number back means nothing changed.
    const before = Number(readText(form, 'version'));
    const mergesAmendmentId = readText(form, 'mergesAmendmentId');
    const result = await updateMotion(event.fetch, event.params.id, {
      ...values,
      ...(mergesAmendmentId ? { mergesAmendmentId } : {}),
    });
    if (!result.ok) {
      return fail(result.status, { values, problems: [problemFromApi(result, motionApiFields)] });
    }
    const changed = result.data.currentVersion !== before;
    redirect(
      303,
      `/motions/${encodeURIComponent(event.params.id)}?notice=${changed ? 'saved' : 'unchanged'}`,
    );
  },
};
