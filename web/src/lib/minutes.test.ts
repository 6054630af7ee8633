import { describe, expect, it } from 'vitest';
import { markdownFromForm, nextMinutesStep } from './minutes.ts';

describe('nextMinutesStep', () => {
  it('drafts the minutes when there is no version yet', () => {
    expect(nextMinutesStep([])).toEqual({ step: 'draft' });
  });

  it('goes on with the newest version while it is not published', () => {
    expect(
      nextMinutesStep([
        { id: 'b', version: 2, status: 'approved' },
        { id: 'a', version: 1, status: 'published' },
      ]),
    ).toEqual({ step: 'continue', id: 'b', version: 2 });
  });

  it('offers an erratum of the newest version once it is published', () => {
    expect(nextMinutesStep([{ id: 'a', version: 1, status: 'published' }])).toEqual({
      step: 'erratum',
      id: 'a',
    });
  });
});

describe('markdownFromForm', () => {
  it('keeps the text as typed, with LF line ends', () => {
    expect(markdownFromForm('# PV\r\n\r\n  - item\r\n')).toBe('# PV\n\n  - item\n');
    expect(markdownFromForm(null)).toBe('');
  });
});
