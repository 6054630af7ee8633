// GFM tables laid out so that no row is lost and short labels don't wrap.
import type { Tokens } from 'marked';
import type { CanvasElement, Content, CustomTableLayout, TableCell } from 'pdfmake/interfaces.js';
import { type Inline, inlinesOf } from './inline.ts';
import { contentWidth, grey, margin, pageHeight } from './page.ts';

const gridLayout: CustomTableLayout = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  hLineColor: () => grey,
  vLineColor: () => grey,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  // Roboto's descender space sits below the text: less padding there centres it by eye.
  paddingTop: () => 3.5,
  paddingBottom: () => 2,
  fillColor: (row) => (row === 0 ? '#ececec' : null),
};

export const tableFontSize = 9.5;
export const tableLineHeight = 1.05;

// pdfmake lays a row it must keep whole on one page and silently drops whatever does not fit
// there. So rows are kept whole only when none may come near a page: a rough estimate, erring
// on the safe side (equal column shares, average glyphs, half a page as the limit); past it,
// pdfmake is left to split long rows across pages, which loses nothing.
function mayFillPage(row: Inline[][], columns: number): boolean {
  const glyph = tableFontSize * 0.5;
  const charsPerLine = Math.max(8, (contentWidth / columns - 12) / glyph);
  const line = tableFontSize * tableLineHeight * 1.2;
  return row.some((parts) => {
    const lines = parts
      .map((part) => part.text)
      .join('')
      .split('\n')
      .reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / charsPerLine)), 0);
    return lines * line > (pageHeight - 2 * margin) / 2;
  });
}

// Sizing columns to content, pdfmake gives the extra width in proportion to how much each
// column could use: next to a column of long sentences, a column of short labels ("Ligne 12",
// "Adoptée") gets almost none and wraps them. Columns whose cells are all short keep their
// cells on one line, as long as they leave most of the width to the others.
const shortCell = 24;
function shortColumns(rows: Inline[][][], columns: number): Set<number> {
  const longest = Array.from({ length: columns }, (_, index) =>
    Math.max(
      0,
      ...rows.map((row) => [...(row[index] ?? []).map((part) => part.text).join('')].length),
    ),
  );
  const short = longest.flatMap((length, index) => (length <= shortCell ? [index] : []));
  const width = short.reduce(
    (sum, index) => sum + (longest[index] ?? 0) * tableFontSize * 0.55 + 12,
    0,
  );
  return new Set(width <= contentWidth * 0.6 ? short : []);
}

const glued = (part: Inline): Inline => ({ ...part, text: part.text.replace(/ /g, '\u00a0') });

/** « 33,3 % », « 75% », « 0.5 % »: a cell that is a share and nothing else. */
const shareText = /^(\d{1,3}(?:[.,]\d+)?)[ \u00a0\u202f]?%$/;
export const shareBarWidth = 48;
const shareBarColour = '#0b5d4b';

/** The share a cell says, when it says only that (and it is one: 0 to 100 %). */
function shareOf(parts: Inline[]): number | null {
  const match = shareText.exec(
    parts
      .map((part) => part.text)
      .join('')
      .trim(),
  );
  const share = match?.[1] ? Number(match[1].replace(',', '.')) / 100 : null;
  return share !== null && share >= 0 && share <= 1 ? share : null;
}

/**
 * A share drawn under its figure, as the web pages draw results as bars: a framed track and its
 * filled part. The figure stays the text (read, copied, searched); the bar is for the eye.
 */
function shareBar(share: number): CanvasElement[] {
  return [
    { type: 'rect', x: 0, y: 1.5, w: shareBarWidth, h: 4, lineWidth: 0.5, lineColor: grey },
    ...(share > 0
      ? [
          {
            type: 'rect',
            x: 0,
            y: 1.5,
            w: shareBarWidth * share,
            h: 4,
            color: shareBarColour,
          } as const,
        ]
      : []),
  ];
}

export function table(token: Tokens.Table): Content {
  const columns = token.header.length;
  const header = token.header.map((cell) => inlinesOf(cell.tokens, { bold: true }));
  // GFM pads short rows and cuts long ones; pdfmake needs every row exactly as wide.
  const rows = token.rows.map((row) =>
    Array.from({ length: columns }, (_, index) => {
      const cell = row[index];
      return cell ? inlinesOf(cell.tokens) : [];
    }),
  );
  const keepRowsWhole = !rows.some((row) => mayFillPage(row, columns));
  const unbroken = shortColumns([header, ...rows], columns);
  const toCells = (row: Inline[][], drawShares: boolean): TableCell[] =>
    row.map((parts, index) => {
      const cell = {
        text: unbroken.has(index) ? parts.map(glued) : parts,
        alignment: token.align[index] ?? 'left',
      };
      const share = drawShares ? shareOf(parts) : null;
      return share === null ? cell : { stack: [cell, { canvas: shareBar(share) }] };
    });
  return {
    table: {
      // The header row is repeated on each page the table runs onto.
      headerRows: 1,
      // A row moves whole to the next page rather than being cut in two, and the header is
      // never left alone at the bottom of a page.
      ...(keepRowsWhole ? { dontBreakRows: true, keepWithHeaderRows: 1 } : {}),
      widths: Array.from({ length: columns }, () => 'auto'),
      body: [toCells(header, false), ...rows.map((row) => toCells(row, true))],
    },
    layout: gridLayout,
    style: 'table',
  };
}
