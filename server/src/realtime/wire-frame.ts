import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One tally frame goes to thousands of sockets. `ws.send` builds a frame header for each and
 * writes header and payload as two buffers (cork, write, write, uncork: a writev per socket).
 * Here the frame is built once, header and payload in one buffer, and each socket gets one
 * plain write of it on its TCP socket. Safe because the server negotiates no compression, so
 * `ws` never holds a frame back (it writes each synchronously, in order, as this does); what
 * is written counts in `bufferedAmount` all the same, so a slow reader is still cut.
 */

/** The TCP socket under each websocket, kept when the upgrade hands it over. */
const tcpSockets = new WeakMap<WebSocket, Socket>();

export function keepTcpSocket(socket: WebSocket, tcp: Socket) {
  tcpSockets.set(socket, tcp);
}

/** A final, unmasked text frame (RFC 6455, section 5.2) carrying `payload`. */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/** Writes a frame built by `textFrame`; a socket whose TCP socket is not known gets `send`. */
export function writeFrame(socket: WebSocket, frame: Buffer, payload: Buffer) {
  const tcp = tcpSockets.get(socket);
  if (tcp && !tcp.destroyed) tcp.write(frame);
  else socket.send(payload, { binary: false });
}
