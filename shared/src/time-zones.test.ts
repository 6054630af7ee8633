import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDay,
  isoDayIn,
  isTimeZone,
  zonedInputValue,
  zonedLocalToIso,
} from './time-zones.ts';

const paris = 'Europe/Paris';
const reunion = 'Indian/Reunion';
const guadeloupe = 'America/Guadeloupe';

describe('zonedLocalToIso', () => {
  it('reads Paris winter times as UTC+1 and summer times as UTC+2', () => {
    expect(zonedLocalToIso('2026-12-06T18:30', paris)).toBe('2026-12-06T17:30:00.000Z');
    expect(zonedLocalToIso('2026-07-14T10:00', paris)).toBe('2026-07-14T08:00:00.000Z');
  });

  it('takes the first instant of the Paris autumn overlap', () => {
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time; 02:30 happens twice.
    expect(zonedLocalToIso('2026-10-25T02:30', paris)).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedLocalToIso('2026-10-25T03:30', paris)).toBe('2026-10-25T02:30:00.000Z');
  });

  it('moves a time in the Paris spring gap forward by an hour', () => {
    // 29 March 2026: 02:00 winter time becomes 03:00 summer time; 02:30 does not exist.
    expect(zonedLocalToIso('2026-03-29T02:30', paris)).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedLocalToIso('2026-03-29T03:00', paris)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('reads La Réunion as UTC+4 and Guadeloupe as UTC−4, all year', () => {
    expect(zonedLocalToIso('2027-03-12T18:00', reunion)).toBe('2027-03-12T14:00:00.000Z');
    expect(zonedLocalToIso('2027-07-12T18:00', reunion)).toBe('2027-07-12T14:00:00.000Z');
    expect(zonedLocalToIso('2027-03-12T18:00', guadeloupe)).toBe('2027-03-12T22:00:00.000Z');
    // Late evening in Guadeloupe is already the next day in UTC.
    expect(zonedLocalToIso('2027-12-31T21:30', guadeloupe)).toBe('2028-01-01T01:30:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    expect(zonedLocalToIso('', paris)).toBeUndefined();
    expect(zonedLocalToIso('2026-02-30T10:00', reunion)).toBeUndefined();
    expect(zonedLocalToIso('demain 18 h', guadeloupe)).toBeUndefined();
  });
});

describe('zonedInputValue', () => {
  it('shows an instant as the wall-clock time of the zone', () => {
    const instant = new Date('2027-03-12T14:00:00Z');
    expect(zonedInputValue(instant, paris)).toBe('2027-03-12T15:00');
    expect(zonedInputValue(instant, reunion)).toBe('2027-03-12T18:00');
    expect(zonedInputValue(instant, guadeloupe)).toBe('2027-03-12T10:00');
  });

  it('reads back what zonedLocalToIso wrote, across a change of offset', () => {
    for (const value of ['2026-10-25T01:59', '2026-10-25T04:00', '2026-03-29T03:15']) {
      expect(zonedInputValue(zonedLocalToIso(value, paris)!, paris)).toBe(value);
    }
  });
});

describe('formatDateTime', () => {
  it('names the zone of the assembly, in French and in English', () => {
    const instant = '2027-03-12T14:00:00.000Z';
    expect(formatDateTime(instant, { locale: 'fr', timeZone: reunion })).toBe(
      '12 mars 2027 à 18:00 (heure de La Réunion, UTC+4)',
    );
    expect(formatDateTime(instant, { locale: 'en', timeZone: reunion })).toBe(
      '12 March 2027 at 18:00 (Réunion Time, GMT+4)',
    );
    expect(formatDateTime(instant, { locale: 'fr', timeZone: guadeloupe })).toBe(
      '12 mars 2027 à 10:00 (heure normale de l’Atlantique, UTC−4)',
    );
    expect(formatDateTime(instant, { locale: 'fr', timeZone: paris })).toBe(
      '12 mars 2027 à 15:00 (heure d’Europe centrale, UTC+1)',
    );
  });

  it('says the summer offset in summer', () => {
    expect(formatDateTime('2027-07-12T14:00:00Z', { locale: 'en', timeZone: paris })).toBe(
      '12 July 2027 at 16:00 (Central European Time, GMT+2)',
    );
  });
});

describe('formatDay', () => {
  it('gives the day as the zone sees it', () => {
    // 23:30 in Guadeloupe on 31 December is 1 January in Paris and in La Réunion.
    const instant = '2028-01-01T03:30:00Z';
    expect(formatDay(instant, { locale: 'fr', timeZone: guadeloupe })).toBe('31 décembre 2027');
    expect(formatDay(instant, { locale: 'fr', timeZone: reunion })).toBe('1 janvier 2028');
    expect(isoDayIn(instant, guadeloupe)).toBe('2027-12-31');
    expect(isoDayIn(instant, reunion)).toBe('2028-01-01');
  });
});

describe('isTimeZone', () => {
  it('knows IANA zones by their canonical names only', () => {
    expect(isTimeZone(reunion)).toBe(true);
    expect(isTimeZone(guadeloupe)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('europe/paris')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
