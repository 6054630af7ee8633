// Markdown blocks to pdfmake content: headings in the outline, lists, quotes, code, rules.
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import type { Content, ContentText, CustomTableLayout } from 'pdfmake/interfaces.js';
import { forCode } from './fonts.ts';
import { type Inline, inlinesOf, plain } from './inline.ts';
import { contentWidth, grey } from './page.ts';
import { table } from './tables.ts';

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

/** The document's content: headings kept with the text that follows them. */
export function markdownContent(markdown: string): Content[] {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  // Headings are only grouped at the top level: inside a list item or a quote, pdfmake would
  // have to keep a block whole within another one.
  return keepHeadingsWithText(laidOut(tokens, { next: 0, parents: [] }, false));
}
