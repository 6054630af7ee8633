/**
 * The server's one way to ask the permission table (`@cercle/shared/permissions`): routes call
 * `authorize` or `signedInActor`, services `requirePermission` or `allows`. Nothing else on the
 * server reads the table (the linter refuses `can` elsewhere).
 */
import type { FastifyRequest } from 'fastify';
import type { User } from '@cercle/db';
import {
  type Actor,
  can,
  canAttachTo,
  canRemoveAttachment,
  type Permission,
  type PermissionScope,
} from '@cercle/shared';
import { AppError } from './errors.ts';
import { requireUser } from './modules/auth/request-auth.ts';

export type { Actor, Permission, PermissionScope };

/** Whether the actor may; for choices that are not refusals (what to show, whose site). */
export function allows(actor: Actor, permission: Permission, scope: PermissionScope | null) {
  return can(actor, permission, scope);
}

/** Refuses with 403 and `message` (the API's words for this refusal) unless the actor may. */
export function requirePermission(
  actor: Actor,
  permission: Permission,
  scope: PermissionScope | null,
  message = `You may not do this (${permission}).`,
) {
  if (!can(actor, permission, scope)) throw new AppError(403, 'auth.forbidden', message);
}

/** Whether the user may attach a file to this subject (its authors, or a secretary). */
export function mayAttachTo(
  actor: Actor,
  userId: string,
  subject: PermissionScope & { authorIds: readonly string[] },
) {
  return canAttachTo(actor, userId, subject);
}

/** Whether the user may remove this attachment (its uploader, or a secretary). */
export function mayRemoveAttachment(
  actor: Actor,
  userId: string,
  attachment: PermissionScope & { uploadedBy: string },
) {
  return canRemoveAttachment(actor, userId, attachment);
}

const actors = new WeakMap<FastifyRequest, Actor>();

/** The user with their memberships, as the shared permission table reads them; once a request. */
export async function actorOf(request: FastifyRequest, user: User): Promise<Actor> {
  const known = actors.get(request);
  if (known) return known;
  // Read once per page request too, when a page's load or action makes several calls.
  const actor = await actorOfUser(request.pageRequest ?? request.server.auth, user);
  actors.set(request, actor);
  return actor;
}

/** The user with their memberships, outside a request (a ballot on a socket). */
export async function actorOfUser(
  auth: { membershipsOf(userId: string): Promise<Actor['memberships']> },
  user: User,
): Promise<Actor> {
  const memberships = user.isAdmin ? [] : await auth.membershipsOf(user.id);
  return { isAdmin: user.isAdmin, memberships };
}

/**
 * Every route's permission check goes through here, on top of the shared table in
 * `@cercle/shared/permissions`. 401 when nobody is signed in, 403 when the user may not.
 */
export async function authorize(
  request: FastifyRequest,
  permission: Permission,
  scope: PermissionScope | null,
) {
  const { user } = requireUser(request);
  requirePermission(await actorOf(request, user), permission, scope);
  return user;
}

/** The signed-in user and what they may do, for services that decide per motion or poll. */
export async function signedInActor(request: FastifyRequest) {
  const { user } = requireUser(request);
  return { user, permissions: await actorOf(request, user) };
}
