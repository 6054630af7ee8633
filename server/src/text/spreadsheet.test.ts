import { describe, expect, it } from 'vitest';
import { csv, neutraliseFormula, xmlEscape } from './spreadsheet.ts';

describe('spreadsheet cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 6 12', "'+33 6 12"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['Motion = texte', 'Motion = texte'],
    ['', ''],
  ])('neutralises a formula: %j', (text, shown) => {
    expect(neutraliseFormula(text)).toBe(shown);
  });

  it('writes CSV with a byte order mark, semicolons, every field quoted, CRLF', () => {
    const text = csv({
      name: 'x',
      header: ['A', 'B'],
      rows: [
        ['dit « oui »; "non"', null],
        [{ day: '2026-03-01', text: '1 mars 2026' }, 'ligne\nsuivante'],
      ],
    });
    expect(text).toBe(
      '\ufeff"A";"B"\r\n"dit « oui »; ""non""";""\r\n"1 mars 2026";"ligne\nsuivante"\r\n',
    );
  });

  it('escapes XML and drops what XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});
