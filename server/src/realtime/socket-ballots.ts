import type { FastifyBaseLogger } from 'fastify';
import type { User } from '@cercle/db';
import {
  ballotRequestIdSchema,
  type CastBallotBody,
  type CastBallotResponse,
  ballotMessageSchema,
  type ServerMessage,
} from '@cercle/shared';
import { AppError } from '../errors.ts';
import type { Actor } from '../permissions.ts';
import { cleanInput } from '../plugins/input.ts';

type Ack = Extract<ServerMessage, { type: 'ack' }>;

/** Ballots of one socket waiting for their commit: more is a client flooding, not a voter. */
const maxInFlight = 16;

/** A message that asks to be answered as a ballot: it names itself one and carries an id. */
export function isBallotMessage(message: unknown): message is { type: 'ballot'; id: string } {
  if (!message || typeof message !== 'object') return false;
  const { type, id } = message as Record<string, unknown>;
  return type === 'ballot' && ballotRequestIdSchema.safeParse(id).success;
}

/** A refusal as an ack carries it: the HTTP status, code, message and field of the route. */
function refusedAck(id: string, error: AppError): Ack {
  return {
    type: 'ack',
    id,
    status: error.statusCode,
    error: {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    },
  };
}

/** The first problem of a ballot message, named as the HTTP route names the body's fields. */
function invalidBallot(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const first = issues[0];
  const path = (first?.path ?? []).filter((part) => part !== 'ballot').map(String);
  const field = path.join('.') || 'body';
  return new AppError(400, 'validation.invalid', `${field}: ${first?.message ?? 'invalid'}`, field);
}

/** What every socket's ballots stand on (one for the instance). */
interface SocketBallotDeps {
  /** The socket's session as it stands (null once ended), from memory for people on a socket. */
  sessionOf(sessionId: string): Promise<{ user: User } | null>;
  actorOf(user: User): Promise<Actor>;
  cast(user: User, actor: Actor, pollId: string, body: CastBallotBody): Promise<CastBallotResponse>;
  /** A ballot acknowledged (the metric the HTTP route feeds too). */
  counted(): void;
  /** 0: no limit. */
  writesPerMinute: number;
  log: FastifyBaseLogger;
  now?: () => number;
}

/** Where a socket's acks go. */
export interface AckSender {
  send(ack: Ack): void;
}

/**
 * One socket's ballots: each message answered with exactly one `ack`. A class, its methods
 * shared: thousands of sockets each held three closures and their context before.
 */
class SocketBallotQueue {
  private inFlight = 0;
  private windowStart: number;
  private inWindow = 0;

  constructor(
    private readonly deps: Required<SocketBallotDeps>,
    private readonly sessionId: string,
    private readonly ready: Promise<unknown>,
    private readonly sender: AckSender,
  ) {
    this.windowStart = deps.now();
  }

  private admit(): AppError | null {
    if (this.inFlight >= maxInFlight) {
      return new AppError(
        429,
        'realtime.too_many_ballots',
        `At most ${maxInFlight} ballots may wait for their answer on one connection.`,
        undefined,
        1,
      );
    }
    const { writesPerMinute, now } = this.deps;
    if (writesPerMinute > 0) {
      if (now() - this.windowStart >= 60_000) [this.windowStart, this.inWindow] = [now(), 0];
      if (this.inWindow >= writesPerMinute) {
        const after = Math.ceil((this.windowStart + 60_000 - now()) / 1000);
        return new AppError(
          429,
          'http.rate_limited',
          `Too many changes from one person: at most ${writesPerMinute} a minute. Try again in ${after} seconds.`,
          undefined,
          after,
        );
      }
      this.inWindow += 1;
    }
    return null;
  }

  private async answer(message: { id: string }): Promise<Ack> {
    // The edge's one rule for outside text, with the route's field names (body, pollId).
    const { ballot: body, pollId } = message as { ballot?: unknown; pollId?: unknown };
    const parsed = ballotMessageSchema.safeParse({
      ...message,
      pollId: cleanInput(pollId, 'pollId'),
      ballot: cleanInput(body, 'body'),
    });
    if (!parsed.success) throw invalidBallot(parsed.error.issues);
    // The socket's own session check (at its opening) comes first, as for a subscription.
    await this.ready.catch(() => undefined);
    const session = await this.deps.sessionOf(this.sessionId);
    if (!session) throw new AppError(401, 'auth.unauthenticated', 'Please sign in.');
    const actor = await this.deps.actorOf(session.user);
    const ballot = await this.deps.cast(
      session.user,
      actor,
      parsed.data.pollId,
      parsed.data.ballot,
    );
    this.deps.counted();
    return {
      type: 'ack',
      id: message.id,
      status: ballot.status === 'counted' ? 201 : 200,
      ballot,
    };
  }

  async take(message: { type: 'ballot'; id: string }) {
    const refusal = this.admit();
    if (refusal) return this.sender.send(refusedAck(message.id, refusal));
    this.inFlight += 1;
    try {
      this.sender.send(await this.answer(message));
    } catch (error) {
      if (error instanceof AppError) return this.sender.send(refusedAck(message.id, error));
      this.deps.log.error({ err: error }, 'ballot on a socket failed');
      this.sender.send({
        type: 'ack',
        id: message.id,
        status: 500,
        error: { code: 'server.internal', message: 'Something went wrong on our side.' },
      });
    } finally {
      this.inFlight -= 1;
    }
  }
}

/**
 * Ballots on an already signed-in socket: no HTTP request, no cookie to parse, no route to
 * find, and an acknowledgement on the socket that also carries the tallies. The ballot goes
 * through the very checks of `POST /api/polls/:id/ballots` (the session as it stands now, the
 * person's rights, the poll's rules, the batch under the poll's lock) and its `ack` leaves only
 * once its batch committed; resending the same `clientBallotId` never counts twice, on either
 * path. The route's write limit per person holds here too, counted per socket.
 */
export function createSocketBallots(deps: SocketBallotDeps) {
  const shared: Required<SocketBallotDeps> = { now: () => Date.now(), ...deps };
  /** One socket's ballots, sent after `ready` (its session check), acknowledged to `sender`. */
  return function forSocket(sessionId: string, ready: Promise<unknown>, sender: AckSender) {
    return new SocketBallotQueue(shared, sessionId, ready, sender);
  };
}

export type SocketBallots = ReturnType<typeof createSocketBallots>;
