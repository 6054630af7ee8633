import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, locales } from './i18n/messages.ts';
import { meetingPollTitle } from './meeting-polls.ts';

beforeAll(() => Promise.all(locales.map((locale) => loadCatalogue(locale))));

describe('meetingPollTitle', () => {
  const titles = { m1: 'M-3 · Budget' };

  it('names a vote by the motion it decides', () => {
    expect(meetingPollTitle('en', { kind: 'vote', round: 1, motionId: 'm1' }, titles)).toBe(
      'Vote · M-3 · Budget',
    );
  });

  it('numbers a consent round, in the page language', () => {
    expect(meetingPollTitle('fr', { kind: 'consent', round: 2, motionId: 'm1' }, titles)).toBe(
      'Tour de consentement n° 2 · M-3 · Budget',
    );
  });

  it('says a vote is on an amendment, with its label where the page knows it', () => {
    const onAmendment = { kind: 'vote', round: 1, motionId: 'm1', amendmentId: 'a1' } as const;
    expect(meetingPollTitle('fr', onAmendment, titles)).toBe('Vote · M-3 · Budget · amendement');
    expect(meetingPollTitle('en', onAmendment, titles, { a1: 'A1' })).toBe(
      'Vote · M-3 · Budget · amendment A1',
    );
  });

  it('still names the kind when the motion is not among the meeting’s', () => {
    expect(meetingPollTitle('en', { kind: 'consent', round: 1, motionId: 'gone' }, titles)).toBe(
      'Consent round 1 · ',
    );
  });
});
