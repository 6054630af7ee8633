import { describe, expect, it } from 'vitest';
import { excerptParts } from './search.service.ts';

describe('excerptParts', () => {
  it('cuts a headline at its markers, the marked words flagged', () => {
    expect(excerptParts('\uE000Budget\uE001 des antennes : le \uE000budget\uE001 voté.')).toEqual([
      { text: 'Budget', match: true },
      { text: ' des antennes : le ', match: false },
      { text: 'budget', match: true },
      { text: ' voté.', match: false },
    ]);
  });

  it('gives the text as it is, markup included, when nothing is marked', () => {
    expect(excerptParts('<b>gras</b> & <script>')).toEqual([
      { text: '<b>gras</b> & <script>', match: false },
    ]);
  });

  it('drops a stray marker rather than show it', () => {
    expect(excerptParts('un \uE000mot sans fin')).toEqual([
      { text: 'un mot sans fin', match: false },
    ]);
  });
});
