import { describe, expect, it } from 'vitest';
import { computeResult, countMarks, protectSmallGroups, type RoundResult } from '@cercle/shared';
import { draftMinutes } from './minutes.draft.ts';
import type { MeetingRecord } from './minutes.repository.ts';

const at = (time: string) => new Date(`2026-11-03T${time}:00+01:00`);

/** A consent decision in a meeting with colleges, a departure and a revoked proxy. */
function record(): MeetingRecord {
  const motion = {
    id: 'motion-1',
    title: 'Charte des antennes',
    year: 2026,
    rank: 7,
    currentVersion: 2,
  };
  return {
    meeting: {
      title: 'Conseil d’automne',
      mode: 'in_person',
      location: 'Maison des associations, Lyon',
      startsAt: at('18:00'),
      endsAt: at('20:00'),
      startedAt: at('18:05'),
      endedAt: at('19:50'),
    },
    assembly: { name: 'Conseil national', code: 'CN', timeZone: 'Europe/Paris' },
    sites: [{ id: 'site-1', name: 'Lyon' }],
    colleges: [
      { id: 'college-a', name: 'Antennes' },
      { id: 'college-b', name: 'Citoyens' },
    ],
    attendees: [
      { userId: 'u1', name: 'Amina', siteId: 'site-1', present: true, collegeId: 'college-a' },
      {
        userId: 'u2',
        name: 'Bruno',
        siteId: 'site-1',
        present: false,
        checkedOutAt: at('19:10'),
        collegeId: 'college-b',
      },
      { userId: 'u3', name: 'Chloé', siteId: 'site-1', present: true, collegeId: 'college-b' },
    ],
    proxies: [
      { grantorName: 'Denis', holderName: 'Amina', endedAt: null, endReason: null },
      { grantorName: 'Eva', holderName: 'Chloé', endedAt: at('18:30'), endReason: 'revoked' },
    ],
    agenda: [],
    notes: [],
    speeches: [],
    elections: [],
    polls: [
      {
        poll: {
          kind: 'consent',
          rule: null,
          secret: false,
          status: 'closed',
          openedAt: at('18:40'),
          closedAt: at('18:55'),
          electorateSize: 5,
          // Two stances in each college, everyone at Lyon; one person stood aside.
          result: computeResult({
            kind: 'consent',
            quorum: 0.5,
            electorate: 5,
            participants: 4,
            participation: 'present',
            counts: [
              { choice: 'consent', count: 2, collegeId: 'college-a', siteId: 'site-1' },
              { choice: 'consent', count: 1, collegeId: 'college-b', siteId: 'site-1' },
              { choice: 'stand_aside', count: 1, collegeId: 'college-b', siteId: 'site-1' },
            ],
          }),
        },
        motion,
        amendment: null,
        objections: [
          {
            objection: {
              reason: 'La charte oublie les\nantennes rurales.',
              status: 'integrated',
              integratedVersion: 2,
              resolution: 'Ajout d’un article sur les antennes rurales',
            },
            author: 'Bruno',
          },
        ],
        adoptedText: 'Chaque antenne | signe la charte.\nArticle 2 : les antennes rurales.',
      },
    ],
    attachments: { meeting: [], minutes: [], motions: [] },
  } as unknown as MeetingRecord;
}

describe('draftMinutes', () => {
  it('writes attendance per site and college, with departures and every proxy’s fate', () => {
    const text = draftMinutes(record(), 'fr');
    expect(text).toContain('# Procès-verbal — Conseil d’automne');
    expect(text).toContain(
      'mardi 3 novembre 2026, de 18\u00a0h\u00a005 à 19\u00a0h\u00a050 (heure d’Europe centrale, UTC+1)',
    );
    expect(text).toContain('| Lyon | 3 | 1 |');
    expect(text).toContain('| Antennes | 1 |');
    expect(text).toContain('| Citoyens | 2 |');
    expect(text).toContain('Bruno (parti(e) à 19\u00a0h\u00a010)');
    expect(text).toContain('- Denis a donné pouvoir à Amina\n');
    expect(text).toContain('- Eva a donné pouvoir à Chloé (révoqué)');
  });

  it('gives a consent decision its result by college and site, its objections and the adopted text', () => {
    const text = draftMinutes(record(), 'fr');
    expect(text).toContain('### CN-2026-007 — Charte des antennes');
    expect(text).toContain('Décision par consentement, au scrutin public');
    // How it was decided, in words: the quorum, then the consent.
    expect(text.replace(/[\u202f\u00a0]/g, ' ')).toContain(
      '**Décision :** Quorum : 4 présents ou représentés sur 5 inscrits, il en fallait 3 (50 %) — atteint. Consentement : aucune objection sur 4 positions — adoption.',
    );
    expect(text).toContain('| Citoyens | 1 | 0 | 0 | 1 |');
    // The totals with each answer's share, which the PDF draws as bars.
    expect(text.replace(/[\u202f\u00a0]/g, ' ')).toContain(
      '| Réponse | Voix | Part |\n| --- | ---: | ---: |\n| Consentement | 3 | 75 % |\n| Réserve | 0 | 0 % |',
    );
    expect(text).toContain(
      '- Bruno\u00a0: «\u00a0La charte oublie les antennes rurales.\u00a0» — intégrée (version 2)\u00a0: Ajout d’un article sur les antennes rurales',
    );
    // Verbatim, line by line, as a quotation.
    expect(text).toContain(
      '> Chaque antenne | signe la charte.\n> Article 2 : les antennes rurales.',
    );
  });

  it('shows a secret poll’s small groups only merged, and says why', () => {
    const secret = record();
    const entry = secret.polls[0]!;
    entry.poll = {
      ...entry.poll,
      kind: 'vote',
      rule: 'simple',
      secret: true,
      result: protectSmallGroups(
        computeResult({
          kind: 'vote',
          rule: 'simple',
          quorum: 0,
          electorate: 9,
          participants: 7,
          counts: [
            { choice: 'yes', count: 5, collegeId: 'college-a', siteId: 'site-1' },
            // Alone in her college: her choice must not show.
            { choice: 'no', count: 1, collegeId: 'college-b', siteId: 'site-1' },
            { choice: 'yes', count: 1, collegeId: 'college-b', siteId: 'site-1' },
          ],
        }),
        5,
      ),
    } as typeof entry.poll;
    const text = draftMinutes(secret, 'fr');
    // The college row of the vote table is gone (the attendance table still lists colleges).
    expect(text).not.toMatch(/\| Citoyens \| \d+ \| \d+ \| \d+ \|/);
    expect(text).toContain('| Autres collèges regroupés (2) | 6 | 1 | 0 |');
    expect(text).toContain('les groupes de moins de 5 réponses sont regroupés');
  });

  it('tells an election held in the meeting: how it was decided, who took which seat, the standings', () => {
    const withElection = record();
    const candidates = [
      { id: 'k1', collegeId: 'college-a', category: null },
      { id: 'k2', collegeId: 'college-b', category: null },
      { id: 'k3', collegeId: 'college-b', category: null },
    ];
    // Block vote for 2 seats, one reserved for the Citoyens: 4 ballots (1 blank), 3 expressed.
    // Amina 3 votes, Bruno 2, Chloé 1: Amina takes the open seat (her college has none reserved),
    // Bruno the Citoyens' reserved seat.
    const count = countMarks(
      'block',
      { expressed: 3, blank: 1, votes: { k1: 3, k2: 2, k3: 1 } },
      {
        candidates,
        rules: { seats: 2, reserved: [{ collegeId: 'college-b', seats: 1 }], parity: false },
        tieOrder: ['k1', 'k2', 'k3'],
      },
    );
    const result: RoundResult = {
      outcome: 'counted',
      participants: 4,
      electorate: 5,
      quorum: 0.5,
      ballots: 4,
      weighted: false,
      count,
      byCollege: {},
      bySite: {},
      privacy: null,
      tieOrder: ['k1', 'k2', 'k3'],
    };
    withElection.elections = [
      {
        election: {
          title: 'Bureau',
          method: 'block',
          seats: 2,
          reserved: [{ collegeId: 'college-b', seats: 1 }],
          parity: false,
          grades: null,
          subject: 'people',
        },
        rounds: [{ round: 1, status: 'closed', result }],
        candidates: [
          { id: 'k1', label: null, name: 'Amina' },
          { id: 'k2', label: null, name: 'Bruno' },
          { id: 'k3', label: null, name: 'Chloé' },
        ],
      },
    ] as unknown as MeetingRecord['elections'];
    const text = draftMinutes(withElection, 'fr').replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('## Élections\n\n### Bureau');
    expect(text).toMatch(/- Amina — siège ouvert/);
    expect(text).toMatch(/- Bruno — siège réservé au collège Citoyens/);
    expect(text).toContain('| 1 | Amina | 3 | 100 % |');
    expect(text).toContain('| 3 | Chloé | 1 | 33,3 % |');
  });

  it('names who spoke on each item, and sums speaking time per person, site and college', () => {
    const withSpeeches = record();
    withSpeeches.sites = [
      { id: 'site-1', name: 'Lyon' },
      { id: 'site-2', name: 'Rouen' },
    ] as MeetingRecord['sites'];
    withSpeeches.agenda = [
      {
        id: 'item-1',
        title: 'Rapport moral',
        kind: 'debate',
        durationMinutes: 20,
        spentSeconds: 900,
        description: '',
        motionId: null,
      },
    ] as unknown as MeetingRecord['agenda'];
    const speech = (
      name: string,
      siteId: string,
      collegeId: string | null,
      seconds: number,
      pointOfOrder = false,
    ) => ({
      itemId: 'item-1',
      personId: name,
      name,
      siteId,
      collegeId,
      pointOfOrder,
      seconds,
      endedAt: at('18:20'),
    });
    withSpeeches.speeches = [
      speech('Amina', 'site-1', 'college-a', 125),
      speech('Chloé', 'site-2', 'college-b', 45, true),
      speech('Amina', 'site-1', 'college-a', 60),
    ];
    // Non-breaking spaces (French typography) read as spaces here.
    const text = draftMinutes(withSpeeches, 'fr').replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain(
      '**Intervenants :** Amina (Lyon, 2 min 05 s) ; Chloé (Rouen, 45 s, motion d’ordre) ; Amina (Lyon, 1 min 00 s)',
    );
    const section = text.slice(text.indexOf('## Temps de parole'));
    expect(section).toMatch(/\| Amina +\| +2 \| +3 min 05 s \|/);
    expect(section).toMatch(/\| Rouen +\| +1 \| +45 s \|/);
    expect(section).toMatch(/\| Antennes +\| +2 \|/);
    expect(draftMinutes(record(), 'fr')).not.toContain('Temps de parole');
  });

  it('is written in English when asked', () => {
    const text = draftMinutes(record(), 'en');
    expect(text).toContain('# Minutes — Conseil d’automne');
    expect(text).toContain(
      'Tuesday, 3 November 2026, from 18:05 to 19:50 (Central European Time, GMT+1)',
    );
    expect(text).toContain(
      '**Outcome:** adopted — Consent 3, Concern 0, Objection 0, Stand aside 1',
    );
    expect(text).toContain(
      '- Bruno: “La charte oublie les antennes rurales.” — integrated (version 2)',
    );
    expect(text).not.toContain('Procès-verbal');
  });

  it('gives every time in the assembly’s zone, named next to the date', () => {
    const reunion = record();
    reunion.assembly.timeZone = 'Indian/Reunion';
    const text = draftMinutes(reunion, 'fr');
    // 18:05 in Paris (UTC+1) is 21:05 in La Réunion (UTC+4).
    expect(text).toContain(
      'mardi 3 novembre 2026, de 21\u00a0h\u00a005 à 22\u00a0h\u00a050 (heure de La Réunion, UTC+4)',
    );
    expect(text).toContain('Bruno (parti(e) à 22\u00a0h\u00a010)');
    // Late in the evening in Guadeloupe the date is still the day before Paris's.
    const guadeloupe = record();
    guadeloupe.assembly.timeZone = 'America/Guadeloupe';
    guadeloupe.meeting.startedAt = new Date('2026-11-04T01:30:00Z');
    guadeloupe.meeting.endedAt = new Date('2026-11-04T03:10:00Z');
    expect(draftMinutes(guadeloupe, 'en')).toContain(
      'Tuesday, 3 November 2026, from 21:30 to 23:10 (Atlantic Standard Time, GMT-4)',
    );
  });

  it('lists the files of the meeting, of the minutes and of each decided motion, with their SHA-256', () => {
    const withFiles = record();
    const file = (subjectId: string, fileName: string, mediaType: string, sizeBytes: number) =>
      ({ subjectId, fileName, mediaType, sizeBytes, sha256: 'ab'.repeat(32) }) as unknown;
    withFiles.attachments = {
      meeting: [
        file(
          'meeting-1',
          'Budget 2027.ods',
          'application/vnd.oasis.opendocument.spreadsheet',
          18_842,
        ),
      ],
      minutes: [file('minutes-1', 'Rapport_[final].pdf', 'application/pdf', 512)],
      motions: [file('motion-1', 'Annexe charte.pdf', 'application/pdf', 2_411_724)],
    } as MeetingRecord['attachments'];
    const text = draftMinutes(withFiles, 'fr');
    const hash = 'ab'.repeat(32);
    expect(text).toContain(
      `**Pièces jointes de la motion**\n\n- Annexe charte.pdf (PDF, 2,3\u00a0Mo) — SHA-256\u00a0: ${hash}`,
    );
    expect(text).toContain('## Pièces jointes');
    expect(text).toContain(`- Budget 2027.ods (ODS, 18,4\u00a0Ko) — SHA-256\u00a0: ${hash}`);
    // A file's name is never read as Markdown.
    expect(text).toContain(`- Rapport\\_\\[final\\].pdf (PDF, 512\u00a0o)`);
    expect(draftMinutes(withFiles, 'en')).toContain('- Budget 2027.ods (ODS, 18.4\u00a0KB)');
    expect(draftMinutes(record(), 'fr')).not.toContain('Pièces jointes');
  });
});
