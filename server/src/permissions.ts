import type { FastifyRequest } from 'fastify';
import { can, type Permission, type PermissionScope } from '@cercle/shared';
import { AppError } from './errors.ts';
import { requireUser } from './plugins/auth.ts';

/**
 * Every route's permission check goes through here, on top of the shared table in
 * `@cercle/shared/permissions`. 401 when nobody is signed in, 403 when the user may not.
 */
export async function authorize(
  request: FastifyRequest,
  permission: Permission,
  scope: PermissionScope,
) {
  const { user } = requireUser(request);
  const memberships = user.isAdmin ? [] : await request.server.auth.membershipsOf(user.id);
  if (!can({ isAdmin: user.isAdmin, memberships }, permission, scope)) {
    throw new AppError(403, 'auth.forbidden', `You may not do this (${permission}).`);
  }
  return user;
}
