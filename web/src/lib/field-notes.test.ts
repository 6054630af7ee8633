import { describe, expect, it } from 'vitest';
import { describedBy } from './field-notes.ts';

describe('describedBy', () => {
  it('points a control at its hint, then its error, so both are read out', () => {
    expect(describedBy('email', 'We never share it', 'Required')).toBe('email-hint email-error');
  });

  it('names only what is shown', () => {
    expect(describedBy('email', 'We never share it')).toBe('email-hint');
    expect(describedBy('email', undefined, 'Required')).toBe('email-error');
  });

  it('leaves the attribute out when there is nothing to read', () => {
    expect(describedBy('email')).toBeUndefined();
    expect(describedBy('email', '', '')).toBeUndefined();
  });
});
