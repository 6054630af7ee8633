import { describe, expect, expectTypeOf, it } from 'vitest';
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
    // Checked by the type checker (pnpm check): `sites` lacks its `.other`, `title` is no family.
    expectTypeOf<
      PluralBase<'votes.one' | 'votes.other' | 'sites.one' | 'title'>
    >().toEqualTypeOf<'votes'>();
  });
});
