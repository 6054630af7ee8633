import { formatDateTime, type Locale, type NotificationType } from '@cercle/shared';
import { message, messageCount } from '../text/messages/index.ts';

export interface DigestLine {
  type: NotificationType;
  title: string;
  link: string;
}

interface InvitationMailInput {
  assemblyName: string;
  inviterName: string | null;
  link: string;
  expiresAt: Date;
  /** The assembly's zone, named in the mail. */
  timeZone: string;
}

interface Mail {
  subject: string;
  text: string;
}

/** The mails Cercle sends, in the recipient's language; their texts are in text/messages. */
function mailsIn(locale: Locale) {
  return {
    invitation: ({
      assemblyName,
      inviterName,
      link,
      expiresAt,
      timeZone,
    }: InvitationMailInput): Mail => ({
      subject: message(locale, 'mail.invitation.subject', { assembly: assemblyName }),
      text: message(locale, 'mail.invitation.text', {
        inviter: inviterName ?? message(locale, 'mail.invitation.secretariat'),
        assembly: assemblyName,
        link,
        expires: formatDateTime(expiresAt, { locale, timeZone }),
      }),
    }),
    digest: ({
      name,
      lines,
      settingsLink,
    }: {
      name: string;
      lines: DigestLine[];
      settingsLink: string;
    }): Mail => ({
      subject: messageCount(locale, 'mail.digest.subject', lines.length),
      text: message(locale, 'mail.digest.text', {
        name,
        lines: lines
          .map((line) =>
            message(locale, 'mail.digest.line', {
              label: message(locale, `notification.${line.type}`),
              title: line.title,
              link: line.link,
            }),
          )
          .join('\n'),
        settingsLink,
      }),
    }),
    passwordReset: ({ name, link }: { name: string; link: string }): Mail => ({
      subject: message(locale, 'mail.passwordReset.subject'),
      text: message(locale, 'mail.passwordReset.text', { name, link }),
    }),
  };
}

export const mailMessages: Record<Locale, ReturnType<typeof mailsIn>> = {
  fr: mailsIn('fr'),
  en: mailsIn('en'),
};
