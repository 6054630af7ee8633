import { error, redirect } from '@sveltejs/kit';
import { can, type CurrentUser, type Permission, type PermissionScope } from '@cercle/shared';
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

/**
 * Whether the user may, by the one permission table the API enforces: the web's only way to
 * ask it (the linter refuses \`can\` elsewhere), so no page tests a role by itself.
 */
export function allows(
  user: CurrentUser,
  permission: Permission,
  scope: PermissionScope | null,
): boolean {
  return can(user, permission, scope);
}

/** Creating and managing assemblies: the national secretariat (admins) alone. */
export function canManageAssemblies(user: CurrentUser): boolean {
  return allows(user, 'assembly.manage', null);
}

/** What the page may offer; the API decides in the end. */
export function assemblyPermissions(user: CurrentUser, assemblyId: string): AssemblyPermissions {
  const scope = { assemblyId };
  return {
    viewMembers: allows(user, 'member.view', scope),
    inviteMembers: allows(user, 'member.invite', scope),
    manageMembers: allows(user, 'member.manage', scope),
    manageAssembly: allows(user, 'assembly.manage', scope),
    viewMotions: allows(user, 'assembly.view', scope),
    submitMotions: allows(user, 'motion.submit', scope),
  };
}

/** What a motion page may offer in the motion's assembly; the API decides in the end. */
export function motionPermissions(user: CurrentUser, assemblyId: string): MotionPermissions {
  const scope = { assemblyId };
  return {
    submit: allows(user, 'motion.submit', scope),
    support: allows(user, 'motion.support', scope),
    comment: allows(user, 'motion.comment', scope),
    admit: allows(user, 'motion.admit', scope),
    runPolls: allows(user, 'poll.open', scope),
    vote: allows(user, 'ballot.cast', scope),
  };
}
