import { describe, expect, it } from 'vitest';
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
    assembly: { name: 'Conseil national', code: 'CN' },
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
          result: {
            outcome: 'adopted',
            quorumReached: true,
            totals: { consent: 3, concern: 0, objection: 1, stand_aside: 0 },
            byCollege: {
              'college-a': { consent: 2, objection: 0 },
              'college-b': { consent: 1, objection: 1 },
            },
            bySite: { 'site-1': { consent: 3, objection: 1 } },
            objections: 1,
          },
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
  } as unknown as MeetingRecord;
}

describe('draftMinutes', () => {
  it('writes attendance per site and college, with departures and every proxy’s fate', () => {
    const text = draftMinutes(record(), 'fr');
    expect(text).toContain('# Procès-verbal — Conseil d’automne');
    expect(text).toContain('mardi 3 novembre 2026, de 18\u00a0h\u00a005 à 19\u00a0h\u00a050');
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
    expect(text).toContain('**Quorum\u00a0:** atteint — 4 réponses / 5 inscrits');
    expect(text).toContain('| Citoyens | 1 | 0 | 1 | 0 |');
    expect(text).toContain(
      '- Bruno\u00a0: «\u00a0La charte oublie les antennes rurales.\u00a0» — intégrée (version 2)\u00a0: Ajout d’un article sur les antennes rurales',
    );
    // Verbatim, line by line, as a quotation.
    expect(text).toContain(
      '> Chaque antenne | signe la charte.\n> Article 2 : les antennes rurales.',
    );
  });

  it('is written in English when asked', () => {
    const text = draftMinutes(record(), 'en');
    expect(text).toContain('# Minutes — Conseil d’automne');
    expect(text).toContain('Tuesday, 3 November 2026, from 18:05 to 19:50 (Paris time)');
    expect(text).toContain(
      '**Outcome:** adopted — Consent 3, Concern 0, Objection 1, Stand aside 0',
    );
    expect(text).toContain(
      '- Bruno: “La charte oublie les antennes rurales.” — integrated (version 2)',
    );
    expect(text).not.toContain('Procès-verbal');
  });
});
