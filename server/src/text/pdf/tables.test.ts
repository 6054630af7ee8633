import { lexer, type Tokens } from 'marked';
import type { CanvasElement, ContentStack, TableCell } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { shareBarWidth, table } from './tables.ts';

/** The body rows of a Markdown table as the PDF lays them out. */
function bodyOf(markdown: string): TableCell[][] {
  const token = lexer(markdown).find((candidate) => candidate.type === 'table') as Tokens.Table;
  const content = table(token) as { table: { body: TableCell[][] } };
  return content.table.body.slice(1);
}

/** The filled part of a cell's drawn share, in points; null when the cell draws none. */
function filledWidth(cell: TableCell | undefined): number | null {
  const stack = (cell as ContentStack | undefined)?.stack;
  if (!stack) return null;
  const drawing = stack.find((item) => typeof item === 'object' && 'canvas' in item) as
    { canvas: CanvasElement[] } | undefined;
  const fill = drawing?.canvas.find((shape) => shape.type === 'rect' && shape.color);
  return fill && fill.type === 'rect' ? fill.w : drawing ? 0 : null;
}

describe('a share in a table of the PDF', () => {
  it('is drawn as a bar as long as the share, under the figure that says it', () => {
    const [yes, no, abstain] = bodyOf(
      '| Réponse | Voix | Part |\n| --- | ---: | ---: |\n| Pour | 3 | 75 % |\n| Contre | 1 | 25\u00a0% |\n| Abstention | 0 | 0 % |',
    );
    expect(filledWidth(yes?.[2])).toBeCloseTo(0.75 * shareBarWidth, 6);
    expect(filledWidth(no?.[2])).toBeCloseTo(0.25 * shareBarWidth, 6);
    // Nothing filled, the frame still says « a share of nothing ».
    expect(filledWidth(abstain?.[2])).toBe(0);
    // The figure stays text: read, copied and searched as before.
    expect(JSON.stringify(yes?.[2])).toMatch(/75[ \u00a0]%/);
  });

  it('reads decimals with a comma or a point', () => {
    const [row] = bodyOf('| Nom | Part |\n| --- | ---: |\n| Chloé | 33,3 % |');
    expect(filledWidth(row?.[1])).toBeCloseTo(0.333 * shareBarWidth, 6);
    const [english] = bodyOf('| Name | Share |\n| --- | ---: |\n| Chloé | 33.3% |');
    expect(filledWidth(english?.[1])).toBeCloseTo(0.333 * shareBarWidth, 6);
  });

  it('leaves alone cells that are not a share on their own, and the header', () => {
    const body = bodyOf(
      '| 50 % | Texte |\n| --- | --- |\n| Quorum de 50 % | 150 % |\n| 12 | 3 min 05 s |',
    );
    for (const cell of body.flat()) expect(filledWidth(cell)).toBeNull();
  });
});
