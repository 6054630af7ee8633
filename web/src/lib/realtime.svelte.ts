// Types only from @cercle/shared: this module ships to browsers.
import type { RealtimeEvent, ServerMessage } from '@cercle/shared';
import {
  advanceSeq,
  backoffDelay,
  isNewEvent,
  shouldReconnect,
  subscribeMessage,
  type ConnectionState,
} from './realtime-logic.ts';

export type { ConnectionState } from './realtime-logic.ts';

export type TallyMessage = Extract<ServerMessage, { type: 'tally' }>;

/** What a page wants to hear about one topic. */
export interface TopicListener {
  onEvent?: (event: RealtimeEvent) => void;
  onTally?: (tally: TallyMessage) => void;
  /** Too much was missed: reload the state over HTTP (the socket subscribes again by itself). */
  onResync?: () => void;
}

/**
 * The one socket of this tab on `/api/ws` (same origin, session cookie). It reconnects with
 * jittered exponential backoff, subscribes again with the last sequence number seen per topic
 * (the server replays what was missed), and hands events and tallies to the pages' listeners.
 */
/** The socket's state for the UI, shared by every component of the tab. */
export const connection: { state: ConnectionState } = $state({ state: 'connecting' });

class RealtimeSocket {
  get state(): ConnectionState {
    return connection.state;
  }
  set state(value: ConnectionState) {
    connection.state = value;
  }
  private socket: WebSocket | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Map<string, Set<TopicListener>>();
  private readonly lastSeq = new Map<string, number>();
  private stopped = false;

  /** Follows a topic (`assembly:<id>`); the returned function stops following it. */
  listen(topic: string, listener: TopicListener): () => void {
    let set = this.listeners.get(topic);
    const fresh = !set;
    if (!set) {
      // Bookkeeping, not shown: only `state` is reactive.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    this.stopped = false;
    if (!this.socket) this.connect();
    else if (fresh && this.socket.readyState === WebSocket.OPEN) this.subscribe(topic);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(topic);
      if (this.socket?.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify({ type: 'unsubscribe', topic }));
      }
      if (this.listeners.size === 0) this.close();
    };
  }

  private connect(): void {
    clearTimeout(this.timer);
    this.state = this.attempt === 0 ? 'connecting' : 'reconnecting';
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off address
    const url = new URL('/api/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      for (const topic of this.listeners.keys()) this.subscribe(topic);
    });
    socket.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      try {
        this.receive(JSON.parse(message.data) as ServerMessage);
      } catch (cause) {
        console.warn('realtime: unreadable message', cause);
      }
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.stopped || this.listeners.size === 0) return;
      if (!shouldReconnect(event.code)) {
        this.state = 'offline';
        return;
      }
      this.state = 'reconnecting';
      this.timer = setTimeout(() => this.connect(), backoffDelay(this.attempt));
      this.attempt += 1;
    });
  }

  private subscribe(topic: string): void {
    this.socket?.send(JSON.stringify(subscribeMessage(topic, this.lastSeq.get(topic))));
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'subscribed':
        this.attempt = 0;
        this.state = 'live';
        this.lastSeq.set(message.topic, advanceSeq(this.lastSeq.get(message.topic), message.seq));
        return;
      case 'event': {
        const last = this.lastSeq.get(message.topic);
        if (!isNewEvent(last, message.event)) return;
        this.lastSeq.set(message.topic, advanceSeq(last, message.event.seq));
        for (const listener of this.listeners.get(message.topic) ?? []) {
          listener.onEvent?.(message.event);
        }
        return;
      }
      case 'tally':
        for (const listener of this.listeners.get(message.topic) ?? []) listener.onTally?.(message);
        return;
      case 'resync':
        this.lastSeq.delete(message.topic);
        for (const listener of this.listeners.get(message.topic) ?? []) listener.onResync?.();
        this.subscribe(message.topic);
        return;
      case 'error':
        console.warn(`realtime: ${message.code} ${message.message}`);
        return;
      default:
        return;
    }
  }

  private close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = undefined;
    this.attempt = 0;
    this.state = 'connecting';
  }
}

let shared: RealtimeSocket | undefined;

/** The tab's socket, made on first use (browser only: call it from `$effect` or `onMount`). */
export function realtime(): RealtimeSocket {
  shared ??= new RealtimeSocket();
  return shared;
}
