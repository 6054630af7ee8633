import { fail } from '@sveltejs/kit';
import {
  getAssembly,
  listAssemblies,
  replaceColleges,
  updateAssembly,
} from '$lib/api/assemblies.ts';
import { blankCollegeRow, collegeRows } from '$lib/colleges.ts';
import { problemFromApi } from '$lib/forms.ts';
import {
  assemblyApiFields,
  assemblyFormValues,
  readAssemblyForm,
} from '$lib/server/assembly-form.ts';
import { possibleParents } from '$lib/server/assembly-parents.ts';
import { collegesBody, readCollegeRows } from '$lib/server/colleges-form.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/** The API names the whole set `colleges` (PUT) or one share `share`: both point at the total. */
const collegesApiFields = { colleges: 'colleges-total', share: 'colleges-total' };

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  if (!assemblyPermissions(user, params.id).manageAssembly) forbidden();
  const [assembly, all] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listAssemblies(fetch).then((result) => unwrap(result, event)),
  ]);
  const rows = collegeRows(assembly.colleges);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      collegeWeighting: assembly.settings.collegeWeighting,
    },
    values: assemblyFormValues(assembly),
    parents: possibleParents(all, assembly.id),
    collegeRows: rows.length > 0 ? rows : [blankCollegeRow],
    created: url.searchParams.has('created'),
  };
};

export const actions: Actions = {
  save: async (event) => {
    requireUser(event);
    const { fetch, params, request } = event;
    // The kind cannot change: the form sends it back (hidden) only to show it again.
    const { values, problems, body } = readAssemblyForm(await request.formData(), 'antenna');
    if (problems.length > 0) return fail(400, { section: 'assembly' as const, values, problems });

    const { name, code, description, parentId, settings } = body;
    const result = await updateAssembly(fetch, params.id, {
      name,
      code,
      description,
      parentId,
      settings,
    });
    if (!result.ok) {
      return fail(result.status, {
        section: 'assembly' as const,
        values,
        problems: [problemFromApi(result, assemblyApiFields)],
      });
    }
    return { section: 'assembly' as const, saved: true, problems: [] };
  },

  saveColleges: async (event) => {
    requireUser(event);
    const { fetch, params, request } = event;
    const rows = readCollegeRows(await request.formData());
    const { problems, body } = collegesBody(rows);
    if (problems.length > 0) return fail(400, { section: 'colleges' as const, rows, problems });

    const result = await replaceColleges(fetch, params.id, body);
    if (!result.ok) {
      return fail(result.status, {
        section: 'colleges' as const,
        rows,
        problems: [problemFromApi(result, collegesApiFields)],
      });
    }
    return { section: 'colleges' as const, saved: true, problems: [] };
  },

  /** Without JavaScript, a new row is a round trip; nothing is saved until "save". */
  addCollegeRow: async ({ request }) => {
    const rows = [...readCollegeRows(await request.formData()), blankCollegeRow];
    return { section: 'colleges' as const, rows, focusRow: rows.length - 1, problems: [] };
  },
};
