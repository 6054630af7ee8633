import type { Locale, NotificationType } from '@cercle/shared';

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
}

/** Mail texts, per language. Kept out of the services so translators find them in one file. */
interface Mail {
  subject: string;
  text: string;
}

export const mailMessages: Record<
  Locale,
  {
    invitation(input: InvitationMailInput): Mail;
    digest(input: { name: string; lines: DigestLine[]; settingsLink: string }): Mail;
    passwordReset(input: { name: string; link: string }): Mail;
  }
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
    digest: ({ name, lines, settingsLink }) => ({
      subject: `Cercle : ${lines.length} nouveauté${lines.length > 1 ? 's' : ''} dans vos assemblées`,
      text: [
        `Bonjour ${name},`,
        '',
        'Voici ce qui s’est passé dans vos assemblées :',
        '',
        ...lines.map((line) => `- ${digestLabels.fr[line.type]} : ${line.title}\n  ${line.link}`),
        '',
        `Pour ne plus recevoir ce récapitulatif quotidien : ${settingsLink}`,
      ].join('\n'),
    }),
    passwordReset: ({ name, link }) => ({
      subject: 'Cercle : choisir un nouveau mot de passe',
      text: [
        `Bonjour ${name},`,
        '',
        'Un nouveau mot de passe a été demandé pour votre compte Cercle.',
        'Pour le choisir, ouvrez ce lien dans l’heure qui vient :',
        link,
        '',
        'Le lien ne sert qu’une fois. Le nouveau mot de passe ferme toutes vos sessions ouvertes.',
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
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
    digest: ({ name, lines, settingsLink }) => ({
      subject: `Cercle: ${lines.length} update${lines.length > 1 ? 's' : ''} in your assemblies`,
      text: [
        `Hello ${name},`,
        '',
        'Here is what happened in your assemblies:',
        '',
        ...lines.map((line) => `- ${digestLabels.en[line.type]}: ${line.title}\n  ${line.link}`),
        '',
        `To stop this daily summary: ${settingsLink}`,
      ].join('\n'),
    }),
    passwordReset: ({ name, link }) => ({
      subject: 'Cercle: choose a new password',
      text: [
        `Hello ${name},`,
        '',
        'A new password was requested for your Cercle account.',
        'To choose it, open this link within the next hour:',
        link,
        '',
        'The link works once. The new password ends every session you have open.',
        'If you did not ask for this, ignore this message: your password does not change.',
      ].join('\n'),
    }),
  },
};

const digestLabels: Record<Locale, Record<NotificationType, string>> = {
  fr: {
    'motion.submitted': 'Nouvelle motion',
    'poll.opened': 'Vote ouvert',
    'poll.closing_soon': 'Se termine dans moins de 24 h, sans votre réponse',
    'poll.closed': 'Résultat',
    'minutes.published': 'Procès-verbal publié',
    'congress.phase_opened': 'Congrès : une nouvelle étape s’ouvre',
    'congress.deadline_soon': 'Congrès : l’étape en cours se termine dans 72 h',
  },
  en: {
    'motion.submitted': 'New motion',
    'poll.opened': 'Poll open',
    'poll.closing_soon': 'Closes within 24 h, without your answer',
    'poll.closed': 'Result',
    'minutes.published': 'Minutes published',
    'congress.phase_opened': 'Congress: a new phase opens',
    'congress.deadline_soon': 'Congress: the current phase closes within 72 h',
  },
};
