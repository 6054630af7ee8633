import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { ServerMessage } from '@cercle/shared';

/** The `/api/ws` address of an app listening on a port. */
export function wsUrl(app: FastifyInstance) {
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/ws`;
}

/** A socket of a signed-in person that records every message and waits for one that matches. */
export async function connectAs(app: FastifyInstance, who: { cookie: string }) {
  const socket = new WebSocket(wsUrl(app), { headers: { cookie: who.cookie } });
  const messages: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as ServerMessage);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve) => socket.once('open', resolve));
  async function until<T extends ServerMessage>(
    match: (m: ServerMessage) => m is T,
    timeoutMs = 5_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching message in ${JSON.stringify(messages)}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 100);
      });
    }
  }
  const subscribe = (assemblyId: string, lastSeq?: number) =>
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        topic: `assembly:${assemblyId}`,
        ...(lastSeq === undefined ? {} : { lastSeq }),
      }),
    );
  return { socket, messages, until, subscribe };
}

/** A predicate on one type of server message, narrowed, with an optional extra condition. */
export const isType =
  <K extends ServerMessage['type']>(
    type: K,
    extra: (m: Extract<ServerMessage, { type: K }>) => boolean = () => true,
  ) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type && extra(m as Extract<ServerMessage, { type: K }>);
