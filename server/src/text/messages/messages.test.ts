import { describe, expect, it } from 'vitest';
import {
  choices,
  compositeResponses,
  mandates,
  notificationTypes,
  objectionStatuses,
  outcomes,
  motionPollKinds,
  voteRules,
} from '@cercle/shared';
import { mailMessages } from '../../mail/messages.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { message, messageCount, type MessageKey } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('server message catalogue', () => {
  it('has every French key in English, and no other', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('fills the same placeholders in both languages, and leaves no text empty', () => {
    for (const key of Object.keys(fr) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('names every value the documents and mails print', () => {
    const families: [string, readonly string[]][] = [
      ['choice', choices],
      ['outcome', outcomes],
      ['pollKind', motionPollKinds],
      ['voteRule', voteRules],
      ['objectionStatus', objectionStatuses],
      ['mandate', mandates],
      ['compositeResponse', compositeResponses],
      ['notification', notificationTypes],
    ];
    for (const [family, values] of families) {
      for (const value of values)
        expect(fr, `${family}.${value}`).toHaveProperty([`${family}.${value}`]);
    }
  });

  it('renders labels as the documents always printed them', () => {
    expect(message('fr', 'pdf.page', { page: 2, count: 7 })).toBe('Page 2 sur 7');
    expect(message('en', 'pdf.page', { page: 2, count: 7 })).toBe('Page 2 of 7');
    expect(message('fr', 'typography.quoted', { text: 'Oui' })).toBe('«\u00a0Oui\u00a0»');
    expect(message('fr', 'minutes.otherSites', { groups: 3 })).toBe('Autres sites regroupés (3)');
    expect(message('en', 'pdf.trailHead', { head: '42:3fa2b1c4' })).toBe('trail 42:3fa2b1c4');
    // A value is inserted as it is, never read again as a placeholder.
    expect(message('en', 'typography.quoted', { text: '{text}' })).toBe('“{text}”');
    expect(messageCount('fr', 'mail.digest.subject', 1)).toBe(
      'Cercle : 1 nouveauté dans vos assemblées',
    );
    expect(messageCount('en', 'mail.digest.subject', 4)).toBe(
      'Cercle: 4 updates in your assemblies',
    );
  });

  it('writes each mail once: the text and the HTML say the same, in the language asked', () => {
    const invitation = mailMessages.fr.invitation({
      assemblyName: 'MES Occitanie',
      inviterName: null,
      link: 'http://localhost:3000/invitations/abc',
      expiresAt: new Date('2026-05-02T10:00:00Z'),
      timeZone: 'Indian/Reunion',
    });
    expect(invitation.subject).toBe('Invitation à rejoindre MES Occitanie sur Cercle');
    expect(invitation.text).toBe(
      [
        'Bonjour,',
        '',
        'Le secrétariat vous invite à rejoindre « MES Occitanie » sur Cercle,',
        "l'outil de l'assemblée générale permanente.",
        '',
        "Accepter l'invitation :",
        'http://localhost:3000/invitations/abc',
        '',
        "Ce lien est valable jusqu'au 2 mai 2026 à 14:00 (heure de La Réunion, UTC+4).",
        '',
        '--',
        "Si vous n'attendiez pas cette invitation, ignorez ce message.",
      ].join('\n'),
    );
    expect(invitation.html).toContain('<html lang="fr">');
    // The action is a link with its words, not a bare address.
    expect(invitation.html).toMatch(
      /<a href="http:\/\/localhost:3000\/invitations\/abc"[^>]*>Accepter l&#39;invitation<\/a>/,
    );
    expect(invitation.html).toContain('« MES Occitanie »');
    expect(invitation.headers).toEqual({});

    const reset = mailMessages.en.passwordReset({ name: 'Sam', link: 'http://x/password-reset/t' });
    expect(reset.text).toContain('Hello Sam,');
    expect(reset.text).toContain('Choose a new password:\nhttp://x/password-reset/t');
    expect(reset.html).toContain('<html lang="en">');
  });

  it('puts what waits for the reader first in the digest, and lets them stop it in one click', () => {
    const digest = mailMessages.en.digest({
      name: 'Léa <Garcia>',
      lines: [
        { type: 'poll.opened', title: 'Charte', link: 'http://x/motions/1' },
        { type: 'minutes.published', title: 'AG & co', link: 'http://x/minutes/2' },
      ],
      todo: [
        {
          item: {
            kind: 'poll',
            key: 'poll:p1:a1',
            title: 'Charte',
            number: 'OCC-2026-004',
            assembly: { id: 'a1', name: 'MES Occitanie', timeZone: 'Europe/Paris' },
            due: '2026-05-02T16:00:00.000Z',
            path: '/motions/1',
            count: null,
            calendarPath: null,
            live: false,
          },
          link: 'http://x/motions/1',
        },
      ],
      homeLink: 'http://x/',
      settingsLink: 'http://x/notifications',
      unsubscribeLink: 'http://x/unsubscribe/secret',
      oneClickLink: 'http://x/api/unsubscribe/secret',
    });
    expect(digest.subject).toBe('Cercle: 2 updates in your assemblies');
    expect(digest.text).toBe(
      [
        'Hello Léa <Garcia>,',
        '',
        'What needs you',
        '- Vote: OCC-2026-004 · Charte (MES Occitanie, by 2 May 2026 at 18:00 (Central European Time, GMT+2))',
        '  http://x/motions/1',
        '',
        'What happened in your assemblies',
        '- Poll open: Charte\n  http://x/motions/1',
        '- Minutes published: AG & co\n  http://x/minutes/2',
        '',
        'Open Cercle:\nhttp://x/',
        '',
        '--',
        'You get this summary once a day at most, when there is news.',
        'Notification settings: http://x/notifications',
        'Stop this daily summary: http://x/unsubscribe/secret',
      ].join('\n'),
    );
    // What people wrote is text in the HTML, never markup.
    expect(digest.html).toContain('Hello Léa &lt;Garcia&gt;,');
    expect(digest.html).toContain('AG &amp; co');
    expect(digest.html).not.toContain('<Garcia>');
    expect(digest.html.indexOf('What needs you')).toBeLessThan(
      digest.html.indexOf('What happened in your assemblies'),
    );
    expect(digest.headers).toEqual({
      'List-Unsubscribe': '<http://x/api/unsubscribe/secret>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
