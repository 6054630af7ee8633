// Types only from @cercle/shared: this module ships to browsers.
import type { ServerMessage, TypedRealtimeEvent } from '@cercle/shared';
import {
  advanceSeq,
  backoffDelay,
  isNewEvent,
  isReadable,
  shouldReconnect,
  subscribeMessage,
  type ConnectionState,
} from './realtime-logic.ts';

export type { ConnectionState } from './realtime-logic.ts';

export type TallyMessage = Extract<ServerMessage, { type: 'tally' }>;

/** What a page wants to hear about one topic. */
export interface TopicListener {
  onEvent?: (event: TypedRealtimeEvent) => void;
  onTally?: (tally: TallyMessage) => void;
  /** Too much was missed: reload the state over HTTP (the socket subscribes again by itself). */
  onResync?: () => void;
}

/** The socket's state for the UI, shared by every component of the tab. */
export const connection: { state: ConnectionState } = $state({ state: 'connecting' });

/** A ping this often while nothing else arrives; no answer in `silenceMs` means the link is dead. */
const heartbeatMs = 20_000;
const silenceMs = 10_000;

/**
 * The one socket of this tab on `/api/ws` (same origin, session cookie). It reconnects with
 * jittered exponential backoff, subscribes again with the last sequence number seen per topic
 * (the server replays what was missed), and hands events and tallies to the pages' listeners.
 * On a phone's bad Wi-Fi a socket can die without closing: the browser's offline event and an
 * unanswered ping both drop it at once, and it comes back as soon as the browser is online again.
 */
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
  private heartbeat: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    window.addEventListener('offline', () => {
      if (this.socket) this.drop(this.socket);
    });
    window.addEventListener('online', () => {
      // Back online: no need to wait for the backoff, and no reason to spread a single tab.
      if (this.socket || this.stopped || this.listeners.size === 0) return;
      this.attempt = 0;
      this.connect();
    });
  }

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
      this.listenForSilence(socket);
    });
    socket.addEventListener('message', (message) => {
      if (this.socket === socket) this.listenForSilence(socket);
      if (typeof message.data !== 'string') return;
      try {
        this.receive(JSON.parse(message.data) as ServerMessage);
      } catch (cause) {
        console.warn('realtime: unreadable message', cause);
      }
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      if (!shouldReconnect(event.code)) {
        this.forget(socket);
        if (!this.stopped && this.listeners.size > 0) this.state = 'offline';
        return;
      }
      this.drop(socket);
    });
  }

  /** After a quiet spell, ping; a socket that does not answer is dropped as dead. */
  private listenForSilence(socket: WebSocket): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify({ type: 'ping' }));
      this.heartbeat = setTimeout(() => this.drop(socket), silenceMs);
    }, heartbeatMs);
  }

  private forget(socket: WebSocket): void {
    if (this.socket !== socket) return;
    clearTimeout(this.heartbeat);
    this.socket = undefined;
    socket.close();
  }

  /**
   * The link is lost (closed, silent, or the browser went offline): say so, and try again after
   * the backoff, or once the browser is back online (trying before only fails, noisily).
   */
  private drop(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.forget(socket);
    if (this.stopped || this.listeners.size === 0) return;
    this.state = 'reconnecting';
    clearTimeout(this.timer);
    if (!navigator.onLine) return;
    this.timer = setTimeout(() => this.connect(), backoffDelay(this.attempt));
    this.attempt += 1;
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
        if (!isReadable(message.event)) {
          console.warn(`realtime: event #${message.event.seq} (${message.event.type}) unread`);
          return;
        }
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
      case 'unsubscribed':
        // Rights were withdrawn: the page reloads over HTTP, which says what is still visible.
        this.lastSeq.delete(message.topic);
        for (const listener of this.listeners.get(message.topic) ?? []) listener.onResync?.();
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
    clearTimeout(this.heartbeat);
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
