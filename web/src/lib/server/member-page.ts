import type { CurrentUser } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import type { Fetch } from '$lib/api/client.ts';
import { getMember } from '$lib/api/members.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from './guards.ts';

/**
 * The user, assembly and member behind a member's own pages (settings, removal): only for
 * those who manage the assembly's members, and a 404 when the person is not a member.
 */
export async function loadManagedMember(event: {
  locals: App.Locals;
  url: URL;
  fetch: Fetch;
  params: { id: string; userId: string };
}) {
  const user: CurrentUser = requireUser(event);
  const { fetch, params } = event;
  if (!assemblyPermissions(user, params.id).manageMembers) forbidden();
  const [assembly, member] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    getMember(fetch, params.id, params.userId).then((result) => unwrap(result, event)),
  ]);
  return { user, assembly, member };
}
