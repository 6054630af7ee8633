import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The same message in HTML (clients show it, with the text as the fallback). */
  html?: string;
  headers?: Record<string, string>;
}

/** How a mail left: through SMTP, or written to the outbox folder for an admin to forward. */
export type MailDelivery = 'smtp' | 'outbox';

export interface Mailer {
  send(mail: OutgoingMail): Promise<MailDelivery>;
}

/**
 * SMTP when SMTP_URL is set; otherwise every mail is written as an .eml file in the outbox and
 * logged, so that no invitation is silently dropped on an instance without mail.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn'>;
}): Mailer {
  const { smtpUrl, from, outboxDir, log } = options;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from, ...mail });
        log.info({ to: mail.to, subject: mail.subject }, 'mail sent');
        return 'smtp';
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  // Said once, not once per mail: a demo start writes a few dozen digests, and a warning per
  // mail would bury the sign-in lines printed just before.
  let warned = false;
  return {
    async send(mail) {
      const { message } = await transport.sendMail({ from, ...mail });
      await mkdir(outboxDir, { recursive: true });
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
      const file = join(
        outboxDir,
        `${new Date().toISOString().replaceAll(':', '-')}-${safeTo}.eml`,
      );
      await writeFile(file, message as Buffer);
      if (!warned) {
        warned = true;
        log.warn(
          { outbox: outboxDir },
          'no SMTP_URL: mails are written to the outbox folder instead of being sent',
        );
      }
      log.debug({ to: mail.to, subject: mail.subject, file }, 'mail written to outbox');
      return 'outbox';
    },
  };
}
