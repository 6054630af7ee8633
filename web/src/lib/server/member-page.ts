import { error } from '@sveltejs/kit';
import type { CurrentUser } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import type { Fetch } from '$lib/api/client.ts';
import { listMembers } from '$lib/api/members.ts';
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
  const [assembly, members] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listMembers(fetch, params.id).then((result) => unwrap(result, event)),
  ]);
  const member = members.find((candidate) => candidate.userId === params.userId);
  if (!member) error(404, { message: 'Member not found', code: 'members.not_found' });
  return { user, assembly, member };
}
