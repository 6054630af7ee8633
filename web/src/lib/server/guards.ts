import { error, redirect } from '@sveltejs/kit';
import { can, type CurrentUser } from '@cercle/shared';
import type { ApiResult } from '$lib/api/client.ts';
import type { AssemblyPermissions, MotionPermissions } from '$lib/assembly-permissions.ts';
import { loginPath } from '$lib/redirects.ts';

interface GuardEvent {
  locals: App.Locals;
  url: URL;
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export function requireUser({ locals, url }: GuardEvent): CurrentUser {
  if (!locals.user) redirect(303, loginPath(url.pathname + url.search));
  return locals.user;
}

/**
 * The data of a successful API call for a load; a refusal becomes the error page with the
 * API's code (translated by +error.svelte), an expired session a trip to the login page.
 */
export function unwrap<T>(result: ApiResult<T>, { url }: Pick<GuardEvent, 'url'>): T {
  if (result.ok) return result.data;
  if (result.status === 401) redirect(303, loginPath(url.pathname + url.search));
  error(result.status, { message: result.message, code: result.code });
}

/** The early refusal of a page whose actions the user may not take (the API refuses them too). */
export function forbidden(): never {
  error(403, { message: 'Forbidden', code: 'auth.forbidden' });
}

/** Creating and managing assemblies: the national secretariat (admins) alone. */
export function canManageAssemblies(user: CurrentUser): boolean {
  return can(user, 'assembly.manage', null);
}

/** What the page may offer; the API decides in the end. */
export function assemblyPermissions(user: CurrentUser, assemblyId: string): AssemblyPermissions {
  const scope = { assemblyId };
  return {
    viewMembers: can(user, 'member.view', scope),
    inviteMembers: can(user, 'member.invite', scope),
    manageMembers: can(user, 'member.manage', scope),
    manageAssembly: can(user, 'assembly.manage', scope),
    viewMotions: can(user, 'assembly.view', scope),
    submitMotions: can(user, 'motion.submit', scope),
  };
}

/** What a motion page may offer in the motion's assembly; the API decides in the end. */
export function motionPermissions(user: CurrentUser, assemblyId: string): MotionPermissions {
  const scope = { assemblyId };
  return {
    submit: can(user, 'motion.submit', scope),
    support: can(user, 'motion.support', scope),
    comment: can(user, 'motion.comment', scope),
    admit: can(user, 'motion.admit', scope),
    runPolls: can(user, 'poll.open', scope),
    vote: can(user, 'ballot.cast', scope),
  };
}
