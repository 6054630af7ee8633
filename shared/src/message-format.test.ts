import { describe, expect, it } from 'vitest';
import { fillPlaceholders, type PluralBase } from './message-format.ts';

describe('fillPlaceholders', () => {
  it('fills every placeholder it has a value for, numbers included, and leaves the others', () => {
    expect(fillPlaceholders('{count} voix pour {title}', { count: 3, title: 'Budget' })).toBe(
      '3 voix pour Budget',
    );
    expect(fillPlaceholders('Bonjour {name}, {unknown}', { name: 'Awa' })).toBe(
      'Bonjour Awa, {unknown}',
    );
    expect(fillPlaceholders('Sans {rien}')).toBe('Sans {rien}');
  });

  it('names as plural families only the keys that have both forms', () => {
    const base: PluralBase<'votes.one' | 'votes.other' | 'sites.one' | 'title'> = 'votes';
    expect(base).toBe('votes');
  });
});
