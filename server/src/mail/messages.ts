import { formatDateTime, type Locale, type NotificationType, type TodoItem } from '@cercle/shared';
import {
  message,
  messageCount,
  type MessageKey,
  type MessageParams,
} from '../text/messages/index.ts';
import { type MailListItem, renderMail, type RenderedMail } from './layout.ts';

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

/** What the digest lists as still waiting for the reader, with the address to do it at. */
export interface DigestTodo {
  item: TodoItem;
  link: string;
}

/** The mails Cercle sends, in the recipient's language; their texts are in text/messages. */
function mailsIn(locale: Locale) {
  const say = (key: MessageKey, params?: MessageParams) => message(locale, key, params);
  const todoLine = ({ item, link }: DigestTodo): MailListItem => {
    const when = item.due
      ? say(item.kind === 'meeting' ? 'mail.todo.starts' : 'mail.todo.due', {
          due: formatDateTime(new Date(item.due), { locale, timeZone: item.assembly.timeZone }),
        })
      : undefined;
    return {
      label: say(
        item.kind === 'meeting' && item.live ? 'mail.todo.meetingLive' : `mail.todo.${item.kind}`,
      ),
      title: item.number ? `${item.number} · ${item.title}` : item.title,
      url: link,
      ...(when ? { detail: `${item.assembly.name}, ${when}` } : { detail: item.assembly.name }),
    };
  };
  return {
    invitation: ({
      assemblyName,
      inviterName,
      link,
      expiresAt,
      timeZone,
    }: InvitationMailInput): RenderedMail =>
      renderMail({
        locale,
        subject: say('mail.invitation.subject', { assembly: assemblyName }),
        greeting: say('mail.greeting'),
        blocks: [
          {
            kind: 'paragraph',
            text: say('mail.invitation.intro', {
              inviter: inviterName ?? say('mail.invitation.secretariat'),
              assembly: assemblyName,
            }),
          },
          { kind: 'action', action: { label: say('mail.invitation.action'), url: link } },
          {
            kind: 'paragraph',
            text: say('mail.invitation.expiry', {
              expires: formatDateTime(expiresAt, { locale, timeZone }),
            }),
          },
        ],
        footer: [say('mail.invitation.footer')],
      }),
    digest: ({
      name,
      lines,
      todo,
      homeLink,
      settingsLink,
      unsubscribeLink,
      oneClickLink,
    }: {
      name: string;
      lines: DigestLine[];
      /** What still waits for them (the home page's list), soonest deadline first. */
      todo: DigestTodo[];
      homeLink: string;
      settingsLink: string;
      /** The page that stops the digest, signed in or not, once asked. */
      unsubscribeLink: string;
      /** What mail clients post to stop it in one click (List-Unsubscribe-Post). */
      oneClickLink: string;
    }): RenderedMail =>
      renderMail({
        locale,
        subject: messageCount(locale, 'mail.digest.subject', lines.length),
        greeting: say('mail.greetingNamed', { name }),
        blocks: [
          ...(todo.length > 0
            ? [
                {
                  kind: 'list' as const,
                  heading: say('mail.digest.todo'),
                  items: todo.map(todoLine),
                },
              ]
            : []),
          {
            kind: 'list',
            heading: say('mail.digest.news'),
            items: lines.map((line) => ({
              label: say(`notification.${line.type}`),
              title: line.title,
              url: line.link,
            })),
          },
          { kind: 'action', action: { label: say('mail.digest.action'), url: homeLink } },
        ],
        footer: [say('mail.digest.footer'), say('mail.digest.settings', { link: settingsLink })],
        unsubscribe: {
          label: say('mail.digest.unsubscribe'),
          url: unsubscribeLink,
          oneClick: oneClickLink,
        },
      }),
    passwordReset: ({ name, link }: { name: string; link: string }): RenderedMail =>
      renderMail({
        locale,
        subject: say('mail.passwordReset.subject'),
        greeting: say('mail.greetingNamed', { name }),
        blocks: [
          { kind: 'paragraph', text: say('mail.passwordReset.intro') },
          { kind: 'action', action: { label: say('mail.passwordReset.action'), url: link } },
          { kind: 'paragraph', text: say('mail.passwordReset.once') },
        ],
        footer: [say('mail.passwordReset.footer')],
      }),
  };
}

export const mailMessages: Record<Locale, ReturnType<typeof mailsIn>> = {
  fr: mailsIn('fr'),
  en: mailsIn('en'),
};
