import { createRequire } from 'node:module';
import { decodeHTML } from 'entities';
import { openSync, type Font } from 'fontkit';
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import pdfmake from 'pdfmake';
import type {
  Content,
  ContentText,
  CustomTableLayout,
  Node,
  NodeQueries,
  StyleDictionary,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces.js';

export interface PdfDocument {
  /** Document title (PDF metadata and first heading is already in the markdown). */
  title: string;
  /** GitHub-flavoured Markdown: headings #..####, paragraphs, **bold**, *italic*, `code`, bullet and numbered lists (nested one level), block quotes, GFM tables, horizontal rules, links (render the text, add the URL in parentheses if it differs). Raw HTML in the markdown must be ignored/stripped, never rendered. */
  markdown: string;
  language: 'fr' | 'en';
  /** A short line printed in every page's footer, left of the page number (e.g. "AG NAT — version 2 — empreinte 3fa2…"). */
  footer: string;
}

// Roboto ships inside the pdfmake package itself: it covers Latin (French included, but also
// the Polish, Romanian or Vietnamese letters members' names may carry), Greek and Cyrillic,
// where the PDF standard fonts stop at WinAnsi. Nothing is fetched or vendored.
const require = createRequire(import.meta.url);
const robotoFiles = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
// Code keeps a monospaced face; Courier is a standard font, so nothing to embed, but WinAnsi only.
const courierFaces = {
  normal: 'Courier',
  bold: 'Courier-Bold',
  italics: 'Courier-Oblique',
  bolditalics: 'Courier-BoldOblique',
};
const fontSources = new Set<string>([
  ...Object.values(robotoFiles),
  ...Object.values(courierFaces),
]);

// pdfmake's Node entry point is one shared instance; this module is its only user, and the
// policies make sure a document can never make it read another file or reach the network.
pdfmake.setFonts({ Roboto: { ...robotoFiles }, Courier: { ...courierFaces } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => fontSources.has(path));

// A glyph missing from a face is drawn as an empty box, and lost silently when the text is
// copied: characters are checked against every face before they reach the layout.
let robotoFaces: Font[] | undefined;
function roboto(): Font[] {
  robotoFaces ??= Object.values(robotoFiles).map((file) => {
    const font = openSync(file);
    if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file} is a font collection`);
    return font;
  });
  return robotoFaces;
}
const inRoboto = (codePoint: number): boolean =>
  roboto().every((face) => face.hasGlyphForCodePoint(codePoint));

// pdfkit writes standard fonts in WinAnsiEncoding: Latin-1 plus these code points of
// Windows-1252's 0x80–0x9F row. Anything else would come out as unrelated bytes.
const winAnsiExtras = new Set(
  [...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((char) => char.codePointAt(0) ?? 0),
);
const inWinAnsi = (codePoint: number): boolean =>
  (codePoint >= 0x20 && codePoint <= 0x7e) ||
  (codePoint >= 0xa0 && codePoint <= 0xff) ||
  winAnsiExtras.has(codePoint);

const substitutes = new Map<string, string>([
  // French typography puts a narrow no-break space before ; : ! ? and inside « »; neither face
  // has one, and a plain no-break space keeps the line from breaking there just the same.
  ['\u202f', '\u00a0'],
  ['\u2007', '\u00a0'],
  // Invisible in print; a soft hyphen would otherwise show as a hyphen mid-word.
  ['\u00ad', ''],
  ['\u200b', ''],
  ['\u2060', ''],
  ['\ufeff', ''],
  ['\u2192', '->'],
  ['\u2190', '<-'],
  ['\u21d2', '=>'],
]);

/** Text with only characters the face can draw: look-alikes where they exist, '?' otherwise. */
function drawable(text: string, covered: (codePoint: number) => boolean): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0) ?? 0;
    const substitute = substitutes.get(char);
    if (substitute !== undefined) {
      if ([...substitute].every((c) => covered(c.codePointAt(0) ?? 0))) {
        out += substitute;
        continue;
      }
    }
    if (char === '\n' || char === '\t' || (codePoint >= 0x20 && codePoint <= 0x7e)) {
      out += char;
    } else if (/\p{Cc}/u.test(char)) {
      continue;
    } else if (covered(codePoint)) {
      out += char;
    } else if (/[\p{M}\p{Cf}]/u.test(char)) {
      // Variation selectors, joiners and stray accents carry no glyph of their own.
      continue;
    } else {
      // 'ﬁ' → 'fi', '²' → '2', 'ő' → 'o' in Courier: compatibility forms lose less than '?'.
      const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
      const fits = plain !== '' && [...plain].every((c) => covered(c.codePointAt(0) ?? 0));
      out += fits ? plain : '?';
    }
  }
  return out;
}

const forText = (text: string): string => drawable(text, inRoboto);
const forCode = (text: string): string => drawable(text, inWinAnsi);

// ---------------------------------------------------------------------------------------------
// Markdown tokens to pdfmake content

interface InlineStyle {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  link?: string;
}

interface Inline {
  text: string;
  bold?: boolean;
  italics?: boolean;
  decoration?: 'lineThrough';
  link?: string;
  font?: string;
  background?: string;
  color?: string;
}

/** State shared along one run of inline tokens. */
interface InlineRun {
  // marked lexes `<script>…</script>` inside a paragraph as opening tag, text, closing tag: the
  // tags are dropped like all raw HTML, and this makes sure the text between goes with them.
  skipUntil?: string;
}

const hiddenElements = /^<(script|style|textarea|title|iframe|noscript|template)\b[^>]*>$/i;
const safeLink = /^(https?:|mailto:)/i;

function styled(text: string, style: InlineStyle): Inline {
  const inline: Inline = { text };
  if (style.bold) inline.bold = true;
  if (style.italics) inline.italics = true;
  if (style.strike) inline.decoration = 'lineThrough';
  if (style.link) {
    inline.link = style.link;
    inline.color = '#1a4f8b';
  }
  return inline;
}

/** marked leaves entities (and `&` it escaped itself) in text tokens, for an HTML renderer. */
const textOf = (raw: string): string => decodeHTML(raw);

// Soft line breaks inside a paragraph are spaces; only a Markdown hard break starts a new line.
const unwrap = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

function sameAddress(text: string, href: string): boolean {
  const bare = (value: string) =>
    value
      .trim()
      .replace(/^(https?:\/\/|mailto:)/i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return bare(text) === bare(href);
}

function inlines(tokens: Token[], style: InlineStyle, run: InlineRun, out: Inline[]): Inline[] {
  for (const token of tokens as MarkedToken[]) {
    if (run.skipUntil) {
      if (token.type === 'html' && token.text.trim().toLowerCase() === run.skipUntil) {
        run.skipUntil = undefined;
      }
      continue;
    }
    switch (token.type) {
      case 'text':
        if (token.tokens?.length) inlines(token.tokens, style, run, out);
        else out.push(styled(forText(unwrap(textOf(token.text))), style));
        break;
      case 'escape':
        out.push(styled(forText(token.text), style));
        break;
      case 'strong':
        inlines(token.tokens, { ...style, bold: true }, run, out);
        break;
      case 'em':
        inlines(token.tokens, { ...style, italics: true }, run, out);
        break;
      case 'del':
        inlines(token.tokens, { ...style, strike: true }, run, out);
        break;
      case 'codespan':
        out.push({
          ...styled(forCode(unwrap(token.text)), style),
          font: 'Courier',
          background: '#eeeeee',
        });
        break;
      case 'br':
        out.push({ text: '\n' });
        break;
      case 'link': {
        const href = token.href.trim();
        const linked = safeLink.test(href) ? { ...style, link: href } : style;
        const before = out.length;
        inlines(token.tokens, linked, run, out);
        const shown = out
          .slice(before)
          .map((inline) => inline.text)
          .join('');
        if (href !== '' && !sameAddress(shown, href)) {
          out.push(styled(` (${forText(href)})`, style));
        }
        break;
      }
      case 'image':
        // Nothing is ever fetched for a document: the alternative text stands in for the image.
        if (token.text.trim() !== '') {
          out.push(styled(`[${forText(unwrap(textOf(token.text)))}]`, { ...style, italics: true }));
        }
        break;
      case 'html': {
        const opening = hiddenElements.exec(token.text.trim());
        if (opening?.[1]) run.skipUntil = `</${opening[1].toLowerCase()}>`;
        break;
      }
      case 'checkbox':
        out.push(styled(token.checked ? '[x] ' : '[ ] ', style));
        break;
      default:
        break;
    }
  }
  return out;
}

const inlinesOf = (tokens: Token[], style: InlineStyle = {}): Inline[] =>
  inlines(tokens, style, {}, []);

const plain = (parts: Inline[]): string =>
  parts
    .map((part) => part.text)
    .join('')
    .trim();

const pageWidth = 595.28;
const pageHeight = 841.89;
const margin = 57; // 2 cm
const contentWidth = pageWidth - 2 * margin;

const grey = '#8a8a8a';

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

const quoteLayout: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: (line) => (line === 0 ? 2.5 : 0),
  vLineColor: () => '#b8b8b8',
  paddingLeft: () => 10,
  paddingRight: () => 0,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

const codeLayout: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 6,
  paddingRight: () => 6,
  paddingTop: () => 5,
  paddingBottom: () => 5,
  fillColor: () => '#f3f3f3',
};

interface Outline {
  next: number;
  /** Bookmark ids of the headings currently open, by depth. */
  parents: (string | undefined)[];
}

function heading(token: Tokens.Heading, outline: Outline): Content | undefined {
  const parts = inlinesOf(token.tokens);
  const label = plain(parts);
  if (label === '') return undefined;
  const depth = Math.min(Math.max(token.depth, 1), 6);
  const id = `heading-${outline.next++}`;
  const parent = outline.parents.slice(0, depth - 1).findLast((candidate) => candidate);
  outline.parents[depth - 1] = id;
  outline.parents.length = depth;
  // The typings leave `id` out of text nodes, though pdfmake reads it there for bookmarks.
  const node: ContentText & { id: string } = {
    text: parts,
    style: `h${Math.min(depth, 4)}`,
    headlineLevel: depth,
    id,
    outline: true,
    outlineText: label,
    ...(parent ? { outlineParentId: parent } : {}),
  };
  return node;
}

const tableFontSize = 9.5;
const tableLineHeight = 1.05;

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

function table(token: Tokens.Table): Content {
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
  const toCells = (row: Inline[][]): TableCell[] =>
    row.map((parts, index) => ({
      text: unbroken.has(index) ? parts.map(glued) : parts,
      alignment: token.align[index] ?? 'left',
    }));
  return {
    table: {
      // The header row is repeated on each page the table runs onto.
      headerRows: 1,
      // A row moves whole to the next page rather than being cut in two, and the header is
      // never left alone at the bottom of a page.
      ...(keepRowsWhole ? { dontBreakRows: true, keepWithHeaderRows: 1 } : {}),
      widths: Array.from({ length: columns }, () => 'auto'),
      body: [toCells(header), ...rows.map(toCells)],
    },
    layout: gridLayout,
    style: 'table',
  };
}

function list(token: Tokens.List, outline: Outline, nested: boolean): Content {
  const items = token.items.map((item): Content => {
    const parts = blocks(item.tokens, outline, true);
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    return { stack: parts };
  });
  if (token.ordered) {
    const start = typeof token.start === 'number' ? token.start : 1;
    return { ol: items, start, style: nested ? 'nestedList' : 'list' };
  }
  return { ul: items, style: nested ? 'nestedList' : 'list' };
}

function isParagraph(content: Content | undefined): content is ContentText & { text: Inline[] } {
  return (
    typeof content === 'object' &&
    content !== null &&
    'text' in content &&
    Array.isArray(content.text)
  );
}

/** One block token as pdfmake content; nothing for what prints nothing. */
function block(token: MarkedToken, outline: Outline, inList: boolean): Content | undefined {
  switch (token.type) {
    case 'heading':
      return heading(token, outline);
    case 'paragraph':
    case 'text': {
      const parts =
        token.type === 'text' && !token.tokens?.length
          ? inlinesOf([token])
          : inlinesOf(token.tokens ?? []);
      if (plain(parts) === '') return undefined;
      return token.type === 'paragraph' ? { text: parts, style: 'paragraph' } : { text: parts };
    }
    case 'list':
      return list(token, outline, inList);
    case 'blockquote':
      return {
        table: { widths: ['*'], body: [[{ stack: blocks(token.tokens, outline) }]] },
        layout: quoteLayout,
        style: 'quote',
      };
    case 'table':
      return table(token);
    case 'code':
      return {
        table: {
          widths: ['*'],
          body: [
            [
              {
                text: forCode(token.text.replace(/\t/g, '    ')),
                font: 'Courier',
                fontSize: 9,
                preserveLeadingSpaces: true,
              },
            ],
          ],
        },
        layout: codeLayout,
        style: 'code',
      };
    case 'hr':
      return {
        canvas: [
          { type: 'line', x1: 0, y1: 0, x2: contentWidth, y2: 0, lineWidth: 0.6, lineColor: grey },
        ],
        margin: [0, 8, 0, 12],
      };
    // Raw HTML blocks, link definitions and blank lines print nothing.
    default:
      return undefined;
  }
}

/** A block's height in body lines, over- rather than under-estimated. */
function estimatedLines(token: Token): number {
  const perLine = 60; // a full line holds about 85 characters of body text
  const rowLines = token.type === 'table' ? 2 : 1;
  return token.raw
    .split('\n')
    .reduce((sum, line) => sum + rowLines * Math.max(1, Math.ceil(line.length / perLine)), 0);
}

// A heading must not end a page while its text starts the next. pdfmake checks that after
// laying out the whole document, and lays it all out again for each heading it moves: that
// stays for headings followed by a long block, which only end up alone when the page is
// full to the last line. Headings followed by a short block are kept with it up front.
// pdfmake drops what does not fit on one page from a block kept whole: "short" leaves a
// wide margin for the estimate.
const shortBlock = 12;

interface Laid {
  content: Content;
  token: MarkedToken;
}

function keepHeadingsWithText(laid: Laid[]): Content[] {
  const out: Content[] = [];
  for (let index = 0; index < laid.length;) {
    let end = index;
    while (laid[end]?.token.type === 'heading') end++;
    const next = laid[end];
    if (end > index && next && estimatedLines(next.token) <= shortBlock) end++;
    const run = laid.slice(index, Math.max(end, index + 1)).map((item) => item.content);
    if (run.length > 1) out.push({ stack: run, unbreakable: true });
    else out.push(...run);
    index += run.length;
  }
  return out;
}

function laidOut(tokens: Token[], outline: Outline, inList: boolean): Laid[] {
  const laid: Laid[] = [];
  for (const [index, token] of (tokens as MarkedToken[]).entries()) {
    if (token.type === 'checkbox') {
      // A task list item: the box goes at the start of the item's first line.
      const box = inlinesOf([token]);
      const [first, ...others] = laidOut(tokens.slice(index + 1), outline, inList);
      if (first && isParagraph(first.content)) {
        const text = [...box, ...first.content.text];
        return [...laid, { ...first, content: { ...first.content, text } }, ...others];
      }
      return [...laid, { content: { text: box }, token }, ...(first ? [first] : []), ...others];
    }
    const content = block(token, outline, inList);
    if (content !== undefined) laid.push({ content, token });
  }
  return laid;
}

function blocks(tokens: Token[], outline: Outline, inList = false): Content[] {
  return laidOut(tokens, outline, inList).map((item) => item.content);
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

const pageLabel: Record<PdfDocument['language'], (page: number, count: number) => string> = {
  fr: (page, count) => `Page ${page} sur ${count}`,
  en: (page, count) => `Page ${page} of ${count}`,
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
  const tokens = new Lexer({ gfm: true }).lex(document.markdown);
  // Headings are only grouped at the top level: inside a list item or a quote, pdfmake would
  // have to keep a block whole within another one.
  const content = keepHeadingsWithText(laidOut(tokens, { next: 0, parents: [] }, false));
  const footer = footerLine(document.footer);
  const label = pageLabel[document.language];
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
          text: label(page, count),
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
