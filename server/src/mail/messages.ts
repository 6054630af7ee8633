import type { Locale } from '@cercle/shared';

interface InvitationMailInput {
  assemblyName: string;
  inviterName: string | null;
  link: string;
  expiresAt: Date;
}

/** Mail texts, per language. Kept out of the services so translators find them in one file. */
export const mailMessages: Record<
  Locale,
  { invitation(input: InvitationMailInput): { subject: string; text: string } }
> = {
  fr: {
    invitation: ({ assemblyName, inviterName, link, expiresAt }) => ({
      subject: `Invitation à rejoindre ${assemblyName} sur Cercle`,
      text: [
        'Bonjour,',
        '',
        `${inviterName ?? 'Le secrétariat'} vous invite à rejoindre « ${assemblyName} » sur Cercle,`,
        "l'outil de l'assemblée générale permanente.",
        '',
        'Pour accepter, ouvrez ce lien :',
        link,
        '',
        `Ce lien est valable jusqu'au ${expiresAt.toLocaleDateString('fr-FR', { dateStyle: 'long' })}.`,
        "Si vous n'attendiez pas cette invitation, ignorez ce message.",
      ].join('\n'),
    }),
  },
  en: {
    invitation: ({ assemblyName, inviterName, link, expiresAt }) => ({
      subject: `Invitation to join ${assemblyName} on Cercle`,
      text: [
        'Hello,',
        '',
        `${inviterName ?? 'The secretariat'} invites you to join "${assemblyName}" on Cercle,`,
        'the tool of the permanent general assembly.',
        '',
        'To accept, open this link:',
        link,
        '',
        `This link is valid until ${expiresAt.toLocaleDateString('en-GB', { dateStyle: 'long' })}.`,
        'If you were not expecting this invitation, ignore this message.',
      ].join('\n'),
    }),
  },
};
