import { describe, expect, it } from 'vitest';
import { parisInputValue, parisLocalToIso } from './paris-time.ts';

describe('parisLocalToIso', () => {
  it('reads winter times as UTC+1 and summer times as UTC+2', () => {
    expect(parisLocalToIso('2026-12-06T18:30')).toBe('2026-12-06T17:30:00.000Z');
    expect(parisLocalToIso('2026-07-14T10:00')).toBe('2026-07-14T08:00:00.000Z');
  });

  it('takes the first instant of the autumn overlap', () => {
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time; 02:30 happens twice.
    expect(parisLocalToIso('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('moves a time in the spring gap forward by an hour', () => {
    // 29 March 2026: 02:00 winter time becomes 03:00 summer time; 02:30 does not exist.
    expect(parisLocalToIso('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    expect(parisLocalToIso('')).toBeUndefined();
    expect(parisLocalToIso('2026-02-30T10:00')).toBeUndefined();
    expect(parisLocalToIso('demain 18 h')).toBeUndefined();
  });
});

describe('parisInputValue', () => {
  it('shows an instant as Paris wall-clock time', () => {
    expect(parisInputValue(new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-06T18:30');
    expect(parisInputValue(new Date('2026-07-14T08:00:00Z'))).toBe('2026-07-14T10:00');
  });
});
