import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { minutesDocument, minutesMarkdown } from './minutes-markdown.ts';

/** Shaped like the server's first draft (server/src/modules/minutes/minutes.draft.ts). */
const drafted = `# Procès-verbal — AG de printemps

**Assemblée :** MES Occitanie (73J4PEGU)  
**Mode :** hybride

*Projet établi automatiquement à partir du registre de la séance, à relire avant approbation.*

## Présences

| Site | Présents | Représentés |
| --- | ---: | ---: |
| ARDES Normandie | 1 | 0 |
| MES \\| Occitanie | 2 | 1 |
| **Total** | 3 | 1 |

### Liste des présents

- **ARDES Normandie** (1) : Votant 2

- **MES Occitanie** (2) : Léa Garcia, Votant 1

### Pouvoirs

- Votant 3 a donné pouvoir à Votant 1

## Décisions

1. Budget adopté
2. Antenne ouverte, voir [la charte](https://example.org/charte?v=2&lang=fr)

**Texte adopté**

> Le MES ouvre une antenne en Bretagne.
>
> Elle reçoit 5 000 € la première année.
`;

const roundTrip = (markdown: string) => minutesMarkdown(minutesDocument(markdown));

function cellsOf(document: JSONContent): string[][] {
  const table = document.content?.find((node) => node.type === 'table');
  const text = (node: JSONContent): string => node.text ?? (node.content ?? []).map(text).join('');
  return (table?.content ?? []).map((row) => (row.content ?? []).map(text));
}

describe('minutes Markdown through the rich-text editor', () => {
  it('keeps drafted minutes: headings, breaks, tables, lists, links, quotes', () => {
    const markdown = roundTrip(drafted);
    // The same document once read again: nothing was lost or changed on the way.
    expect(minutesDocument(markdown)).toEqual(minutesDocument(drafted));
    // And a second pass writes the very same text: saving twice changes nothing.
    expect(roundTrip(markdown)).toBe(markdown);

    expect(markdown).toContain('# Procès-verbal — AG de printemps\n');
    expect(markdown).toContain('**Assemblée :** MES Occitanie (73J4PEGU)  \n**Mode :** hybride');
    expect(markdown).toMatch(/^\| Site +\| Présents +\| Représentés +\|$/m);
    expect(markdown).toMatch(/^\| -+ \| -+: \| -+: \|$/m);
    expect(markdown).toMatch(/^\| MES \\\| Occitanie +\| 2 +\| 1 +\|$/m);
    expect(markdown).toMatch(/^\| \*\*Total\*\* +\| 3 +\| 1 +\|$/m);
    // Loose stays loose (one paragraph per person), tight stays tight.
    expect(markdown).toContain('Votant 2\n\n- **MES Occitanie**');
    expect(markdown).toContain(
      '2. Antenne ouverte, voir [la charte](https://example.org/charte?v=2&lang=fr)',
    );
    expect(markdown).toContain('1. Budget adopté\n2. Antenne');
    expect(markdown).toContain('> Le MES ouvre une antenne en Bretagne.\n>\n> Elle reçoit');
    expect(markdown).not.toMatch(/\n{3,}/);
  });

  it('keeps every column alignment and each cell’s inline marks', () => {
    const table = [
      '| Choix | Voix | Part |',
      '| :--- | ---: | :---: |',
      '| *Pour* | 12 | 60 % |',
      '| Contre | 8 | [40 %](https://example.org/) |',
    ].join('\n');
    const markdown = roundTrip(table);
    expect(markdown).toMatch(/^\| :-+ \| -+: \| :-+: \|$/m);
    expect(cellsOf(minutesDocument(markdown))).toEqual([
      ['Choix', 'Voix', 'Part'],
      ['Pour', '12', '60 %'],
      ['Contre', '8', '40 %'],
    ]);
    expect(markdown).toMatch(/^\| \*Pour\* +\| 12 +\| 60 % +\|$/m);
    expect(markdown).toContain('[40 %](https://example.org/)');
  });

  it('writes a cell typed in the editor, and a row added to the table', () => {
    const document = minutesDocument('| Choix | Voix |\n| --- | ---: |\n| Pour | 12 |\n');
    const [, body] = document.content![0]!.content!;
    body!.content![1]!.content![0]!.content = [{ type: 'text', text: '13' }];
    document.content![0]!.content!.push({
      type: 'tableRow',
      content: ['Contre', '4'].map((text, column) => ({
        type: 'tableCell',
        attrs: { align: column === 1 ? 'right' : null },
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      })),
    });
    const markdown = minutesMarkdown(document);
    expect(cellsOf(minutesDocument(markdown))).toEqual([
      ['Choix', 'Voix'],
      ['Pour', '13'],
      ['Contre', '4'],
    ]);
    expect(markdown).toMatch(/^\| -+ \| -+: \|$/m);
  });

  it('ends the text with one line break, as the drafted text does', () => {
    expect(roundTrip('Un paragraphe.\n\n\n\nUn autre.')).toBe('Un paragraphe.\n\nUn autre.\n');
  });
});
