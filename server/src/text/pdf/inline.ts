// Markdown inline tokens to pdfmake text runs.
import { decodeHTML } from 'entities';
import type { Token, MarkedToken } from 'marked';
import { forCode, forText } from './fonts.ts';

interface InlineStyle {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  link?: string;
}

export interface Inline {
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
export const unwrap = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

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

export const inlinesOf = (tokens: Token[], style: InlineStyle = {}): Inline[] =>
  inlines(tokens, style, {}, []);

export const plain = (parts: Inline[]): string =>
  parts
    .map((part) => part.text)
    .join('')
    .trim();
