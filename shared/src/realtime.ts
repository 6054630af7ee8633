import { z } from 'zod';
import { currentUserSchema } from './auth.ts';

/** Messages a browser sends on `/api/ws`. Later issues add `subscribe` with a last sequence. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Messages the server sends on `/api/ws`. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), user: currentUserSchema.pick({ id: true, name: true }) }),
  z.object({ type: z.literal('pong'), id: z.string().optional() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Close codes in the 4000 range are ours: the client must not retry an unauthenticated socket. */
export const wsCloseCodes = { unauthenticated: 4401, serverShutdown: 1001 } as const;
