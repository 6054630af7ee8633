import type { Locale } from '@cercle/shared';
import type {
  Node,
  NodeQueries,
  StyleDictionary,
  TDocumentDefinitions,
} from 'pdfmake/interfaces.js';
import { message } from '../messages/index.ts';
import { forText, pdfmake } from './fonts.ts';
import { unwrap } from './inline.ts';
import { markdownContent } from './markdown.ts';
import { margin } from './page.ts';
import { tableFontSize, tableLineHeight } from './tables.ts';

export interface PdfDocument {
  /** Document title (PDF metadata and first heading is already in the markdown). */
  title: string;
  /** GitHub-flavoured Markdown: headings #..####, paragraphs, **bold**, *italic*, `code`, bullet and numbered lists (nested one level), block quotes, GFM tables, horizontal rules, links (render the text, add the URL in parentheses if it differs). Raw HTML in the markdown must be ignored/stripped, never rendered. */
  markdown: string;
  language: Locale;
  /** A short line printed in every page's footer, left of the page number (e.g. "AG NAT — version 2 — empreinte 3fa2…"). */
  footer: string;
}

const styles: StyleDictionary = {
  h1: { fontSize: 20, bold: true, margin: [0, 6, 0, 10] },
  h2: { fontSize: 16, bold: true, margin: [0, 14, 0, 6] },
  h3: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
  h4: { fontSize: 11, bold: true, margin: [0, 10, 0, 3] },
  paragraph: { margin: [0, 0, 0, 7] },
  list: { margin: [0, 0, 0, 7] },
  // A sub-list ends inside its parent item: the parent list's own margin follows it.
  nestedList: { margin: [0, 1, 0, 1] },
  quote: { color: '#444444', margin: [0, 0, 0, 7] },
  table: { fontSize: tableFontSize, lineHeight: tableLineHeight, margin: [0, 2, 0, 10] },
  code: { margin: [0, 0, 0, 8] },
  footer: { fontSize: 8, color: '#555555' },
};

// A heading alone at the foot of a page, its text on the next one, goes over with its text.
// pdfmake lists the footer among a page's nodes: those carry the footer style and don't count.
function headingLeftBehind(node: Node, queries: NodeQueries): boolean {
  return (
    node.headlineLevel !== undefined &&
    queries.getFollowingNodesOnPage().every((following) => following.style === 'footer') &&
    queries.getNodesOnNextPage().length > 0
  );
}

/** Metadata strings are Unicode in the PDF itself: only layout controls need to go. */
const metadataText = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/\p{Cc}+/gu, ' ')
    .trim();

// pdfmake leaves out a footer taller than the bottom margin, page number included: two lines
// at most, whatever the caller passes.
const footerLimit = 150;
function footerLine(text: string): string {
  const line = forText(unwrap(text)).trim();
  const chars = [...line];
  return chars.length <= footerLimit ? line : `${chars.slice(0, footerLimit - 1).join('')}…`;
}

/** The minutes as an A4 PDF: headings, lists, tables and quotes laid out, each page numbered. */
export async function markdownToPdf(document: PdfDocument): Promise<Buffer> {
  const content = markdownContent(document.markdown);
  const footer = footerLine(document.footer);
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [margin, margin, margin, margin],
    info: { title: metadataText(document.title), creator: 'Cercle', producer: 'Cercle' },
    language: document.language,
    displayTitle: true,
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    styles,
    pageBreakBefore: headingLeftBehind,
    footer: (page, count) => ({
      columns: [
        { text: footer, width: '*', style: 'footer' },
        {
          text: message(document.language, 'pdf.page', { page, count }),
          width: 'auto',
          alignment: 'right',
          noWrap: true,
          style: 'footer',
        },
      ],
      columnGap: 16,
      margin: [margin, 22, margin, 0],
      style: 'footer',
    }),
  };
  return pdfmake.createPdf(definition).getBuffer();
}
