import type { RequestEvent } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { unwrap } from './guards.ts';

/**
 * The zone a form's `datetime-local` values are typed in: the assembly's, read again when the
 * form comes back (never the browser's nor the server's, and never taken from the form itself).
 */
export async function assemblyTimeZone(event: RequestEvent, assemblyId: string): Promise<string> {
  return unwrap(await getAssembly(event.fetch, assemblyId), event).settings.timeZone;
}
