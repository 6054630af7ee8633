import { fail } from '@sveltejs/kit';
import type { ImportResult } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import type { ApiFailure, Fetch } from '$lib/api/client.ts';
import { importMembers } from '$lib/api/members.ts';
import { decodeCsvBytes } from '$lib/csv-text.ts';
import { problemFromApi, readChecked, type FormProblem } from '$lib/forms.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!assemblyPermissions(user, event.params.id).manageMembers) forbidden();
  const assembly = unwrap(await getAssembly(event.fetch, event.params.id), event);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      code: assembly.code,
      collegeNames: assembly.colleges.map((college) => college.name),
    },
    wide: true,
  };
};

/** What every answer carries back to the page: the CSV as understood, and what happened. */
interface ImportState {
  csv: string;
  preview?: ImportResult;
  imported?: ImportResult;
  problems: FormProblem[];
}

export const actions: Actions = {
  /** A dry run. The file input works without JavaScript: the form is multipart. */
  preview: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const file = form.get('file');
    const typed = form.get('csv');
    const csv =
      file instanceof File && file.size > 0
        ? decodeCsvBytes(new Uint8Array(await file.arrayBuffer()))
        : typeof typed === 'string'
          ? typed
          : '';
    if (!csv.trim()) {
      return fail(400, {
        csv,
        problems: [{ field: 'csv', key: 'validation.csvRequired' }],
      } satisfies ImportState);
    }
    return runPreview(event.fetch, event.params.id, csv);
  },

  import: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const csv = String(form.get('csv') ?? '');
    const result = await importMembers(event.fetch, event.params.id, {
      csv,
      dryRun: false,
      sendInvitations: readChecked(form, 'sendInvitations'),
    });
    if (result.ok) return { csv: '', imported: result.data, problems: [] } satisfies ImportState;
    // Something changed since the preview (another secretary, a new member): show it again.
    return runPreview(event.fetch, event.params.id, csv, result);
  },
};

async function runPreview(fetch: Fetch, assemblyId: string, csv: string, cause?: ApiFailure) {
  const preview = await importMembers(fetch, assemblyId, {
    csv,
    dryRun: true,
    sendInvitations: false,
  });
  if (!preview.ok) {
    const failure = cause ?? preview;
    return fail(preview.status, {
      csv,
      problems: [
        problemFromApi(failure, ['csv']),
        // The parser says what it could not read (a column, a quote); it only speaks English.
        ...(failure.code === 'members.import_malformed'
          ? [{ key: 'import.malformedDetail' as const, params: { detail: failure.message } }]
          : []),
      ],
    } satisfies ImportState);
  }
  const state: ImportState = {
    csv,
    preview: preview.data,
    problems: cause ? [problemFromApi(cause, ['csv'])] : [],
  };
  return cause ? fail(cause.status, state) : state;
}
