import { z } from 'zod';
import { currentUserSchema } from './auth.ts';
import { choiceSchema } from './decisions.ts';
import { apiErrorSchema } from './errors.ts';
import { eventPayloadSchemas, eventTypes, type TypedEvent } from './events.ts';
import { idSchema } from './ids.ts';
import { castBallotBodySchema, castBallotResponseSchema } from './polls.ts';

/** What a client can follow: every event of one assembly (its hash chain, in order). */
export const topicSchema = z.string().regex(/^assembly:[a-z0-9]{1,64}$/, 'assembly:<id>');

/** Chosen by the client to match an `ack` to its ballot message. */
export const ballotRequestIdSchema = z.string().min(1).max(64);

/**
 * A ballot on the socket already signed in: what `POST /api/polls/:id/ballots` takes, the same
 * checks and idempotency, answered by an `ack` with the same `id` once committed.
 */
export const ballotMessageSchema = z.object({
  type: z.literal('ballot'),
  id: ballotRequestIdSchema,
  pollId: idSchema,
  ballot: castBallotBodySchema,
});

/** Messages a browser sends on `/api/ws`. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }),
  z.object({
    type: z.literal('subscribe'),
    topic: topicSchema,
    /** The last sequence number seen: missed events are replayed from there. */
    lastSeq: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), topic: topicSchema }),
  ballotMessageSchema,
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** An event as the socket carries it: one of the event map's types, with its payload. */
export type TypedRealtimeEvent = { seq: number; createdAt: string; unread?: never } & TypedEvent;
/**
 * An event the server could not read through the map (logged there): it still moves the
 * client's sequence on, but says nothing a page may rely on, so it carries no payload.
 */
export interface UnreadRealtimeEvent {
  seq: number;
  createdAt: string;
  type: string;
  payload?: never;
  unread: true;
}
export type RealtimeEvent = TypedRealtimeEvent | UnreadRealtimeEvent;

const eventMessageSchemas: z.ZodObject[] = eventTypes.map((type) =>
  z.object({
    seq: z.number().int(),
    type: z.literal(type),
    payload: eventPayloadSchemas[type],
    createdAt: z.iso.datetime(),
  }),
);
export const realtimeEventSchema = z.union([
  z.discriminatedUnion('type', eventMessageSchemas as [z.ZodObject, ...z.ZodObject[]]),
  z.object({
    seq: z.number().int(),
    type: z.string(),
    createdAt: z.iso.datetime(),
    unread: z.literal(true),
  }),
]) as unknown as z.ZodType<RealtimeEvent>;

/** Messages the server sends on `/api/ws`. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), user: currentUserSchema.pick({ id: true, name: true }) }),
  z.object({ type: z.literal('pong'), id: z.string().optional() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({
    type: z.literal('subscribed'),
    topic: topicSchema,
    /** The newest sequence number at subscription time, after any replay. */
    seq: z.number().int(),
  }),
  z.object({ type: z.literal('event'), topic: topicSchema, event: realtimeEventSchema }),
  /** Too much was missed to replay: reload the state over HTTP, then subscribe again. */
  z.object({ type: z.literal('resync'), topic: topicSchema }),
  /** This person may no longer follow the topic (membership removed): nothing more comes. */
  z.object({ type: z.literal('unsubscribed'), topic: topicSchema, code: z.string() }),
  /** A poll's live count, a few times a second at most; totals stay null for secret polls. */
  z.object({
    type: z.literal('tally'),
    topic: topicSchema,
    pollId: idSchema,
    participation: z.number().int(),
    totals: z.partialRecord(choiceSchema, z.number().int()).nullable(),
  }),
  /**
   * The answer to a `ballot` message, sent after its batch committed: `status` as the HTTP route
   * would answer (201 counted, 200 changed or a resend, 4xx refused with `error`).
   */
  z.object({
    type: z.literal('ack'),
    id: ballotRequestIdSchema,
    status: z.number().int(),
    ballot: castBallotResponseSchema.optional(),
    error: apiErrorSchema.shape.error.optional(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Close codes in the 4000 range are ours. A client must not retry an unauthenticated socket. */
export const wsCloseCodes = {
  unauthenticated: 4401,
  /** The client read too slowly and its buffer filled up: reconnect and resynchronise. */
  tooSlow: 4408,
  /** The person opened more sockets than allowed; this, their oldest, was closed. */
  tooManySockets: 4429,
  serverShutdown: 1001,
} as const;
