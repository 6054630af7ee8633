import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@cercle/db';
import { AppError } from '../../errors.ts';
import type { KeepableSession } from './rights-cache.ts';

/** Who made a request: set by the auth plugin on every API request and websocket upgrade. */
export interface AuthContext {
  user: User;
  sessionId: string;
  /** The session as just read from the database, for the socket an upgrade opens to keep. */
  keepable?: KeepableSession | undefined;
}

/** The signed-in user, or a 401 that the web client turns into "please sign in". */
export function requireUser(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError(401, 'auth.unauthenticated', 'Please sign in.');
  return request.auth;
}

export function appendSetCookie(reply: FastifyReply, cookie: string) {
  const previous = reply.getHeader('set-cookie');
  const list =
    previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  reply.header('set-cookie', [...list, cookie]);
}
