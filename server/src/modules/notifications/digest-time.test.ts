import { describe, expect, it } from 'vitest';
import { latestDigestTime, nextDigestTime } from './digests.ts';

const iso = (date: Date) => date.toISOString();

describe('the daily digest time', () => {
  it('is 7:00 of the day in the zone once it has passed, else of the day before', () => {
    // 6 December: Paris is UTC+1.
    expect(iso(latestDigestTime(new Date('2026-12-06T06:00:00Z'), 7, 'Europe/Paris'))).toBe(
      '2026-12-06T06:00:00.000Z',
    );
    expect(iso(latestDigestTime(new Date('2026-12-06T05:59:59Z'), 7, 'Europe/Paris'))).toBe(
      '2026-12-05T06:00:00.000Z',
    );
    expect(iso(nextDigestTime(new Date('2026-12-06T05:59:59Z'), 7, 'Europe/Paris'))).toBe(
      '2026-12-06T06:00:00.000Z',
    );
  });

  it('follows each person’s zone: La Réunion’s morning comes before Paris’s', () => {
    const now = new Date('2026-12-06T04:00:00Z'); // 8:00 at La Réunion (UTC+4), 5:00 in Paris
    expect(iso(latestDigestTime(now, 7, 'Indian/Reunion'))).toBe('2026-12-06T03:00:00.000Z');
    expect(iso(latestDigestTime(now, 7, 'Europe/Paris'))).toBe('2026-12-05T06:00:00.000Z');
  });

  it('keeps the hour across a change of clocks and a month’s end', () => {
    // Paris goes to summer time on 28 March 2027: 7:00 is then 5:00 UTC.
    expect(iso(latestDigestTime(new Date('2027-03-28T12:00:00Z'), 7, 'Europe/Paris'))).toBe(
      '2027-03-28T05:00:00.000Z',
    );
    expect(iso(latestDigestTime(new Date('2027-03-01T05:00:00Z'), 7, 'Europe/Paris'))).toBe(
      '2027-02-28T06:00:00.000Z',
    );
  });
});
