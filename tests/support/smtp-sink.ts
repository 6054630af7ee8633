import { createServer, type Socket } from 'node:net';

export interface SinkMessage {
  to: string[];
  data: string;
}

/**
 * A tiny SMTP server for process tests. In `accept` mode it answers 250 to every message; in
 * `hang` mode it reads the message and never answers, like a mail server that stalls, so a
 * test can kill Cercle while it is inside `mailer.send`.
 */
export async function startSmtpSink() {
  const sockets = new Set<Socket>();
  const sink = {
    mode: 'accept' as 'accept' | 'hang',
    accepted: [] as SinkMessage[],
    held: [] as SinkMessage[],
    url: '',
    /** Messages accepted for `address`. */
    acceptedFor: (address: string) => sink.accepted.filter((m) => m.to.includes(address)),
    async waitFor(done: () => boolean, what: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: no ${what} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write('220 sink ESMTP\r\n');
    let buffer = '';
    let inData = false;
    let to: string[] = [];
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          // Soft line breaks undone, so that a test finds a long link whole.
          const message = { to, data: buffer.slice(0, end).replaceAll('=\r\n', '') };
          buffer = buffer.slice(end + 5);
          inData = false;
          to = [];
          if (sink.mode === 'hang') {
            sink.held.push(message);
            continue;
          }
          sink.accepted.push(message);
          socket.write('250 queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'RCPT') to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else if (['EHLO', 'HELO', 'MAIL', 'RCPT', 'RSET', 'NOOP'].includes(verb))
          socket.write('250 ok\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${(server.address() as { port: number }).port}`;
  return sink;
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
