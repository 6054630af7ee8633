import type { Locale } from '@cercle/shared';
import { escapeHtml } from '../text/html-escape.ts';
import { message } from '../text/messages/index.ts';

/** A link the reader may follow: a button in HTML, the address on its own line in text. */
export interface MailAction {
  label: string;
  url: string;
}

/** One thing in a list: what, about what, where to do it, and an optional detail (a deadline). */
export interface MailListItem {
  label: string;
  title: string;
  url: string;
  detail?: string;
}

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'action'; action: MailAction }
  | { kind: 'list'; heading: string; items: MailListItem[] };

/**
 * One message, written once: both the HTML and the plain-text versions are drawn from it, so
 * they always say the same thing. `footer` lines are small print (why one gets this mail, how to
 * stop it); `unsubscribe`, when set, is also the List-Unsubscribe address mail clients offer.
 */
export interface MailDocument {
  locale: Locale;
  subject: string;
  /** The first line: « Bonjour Ana, ». */
  greeting: string;
  blocks: MailBlock[];
  footer: string[];
  /** The page that stops these mails, and the address mail clients post to (RFC 8058). */
  unsubscribe?: MailAction & { oneClick: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Headers the mail carries (List-Unsubscribe and its one-click companion). */
  headers: Record<string, string>;
}

/**
 * Colours of the web app's light theme, written out: mail clients ignore style sheets and
 * custom properties. Each pair has a contrast of 4.5:1 at least (the button's text on its fill
 * included).
 */
const ink = '#1f2328';
const muted = '#57606a';
const accent = '#1a5fb4';
const line = '#d0d7de';

function textOf(document: MailDocument): string {
  const { locale } = document;
  const parts: string[] = [document.greeting];
  for (const block of document.blocks) {
    if (block.kind === 'paragraph') parts.push(block.text);
    else if (block.kind === 'action')
      parts.push(message(locale, 'mail.layout.action', { ...block.action }));
    else {
      const items = block.items.map((item) =>
        message(locale, item.detail ? 'mail.layout.itemDetail' : 'mail.layout.item', {
          label: item.label,
          title: item.title,
          url: item.url,
          detail: item.detail ?? '',
        }),
      );
      parts.push([block.heading, ...items].join('\n'));
    }
  }
  const footer = [...document.footer];
  if (document.unsubscribe) {
    const { label, url } = document.unsubscribe;
    footer.push(message(locale, 'mail.layout.unsubscribe', { label, url }));
  }
  parts.push(['--', ...footer].join('\n'));
  return parts.join('\n\n');
}

function htmlOf(document: MailDocument): string {
  const paragraph = (text: string) =>
    `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(text).replaceAll('\n', '<br>')}</p>`;
  const body = document.blocks.map((block) => {
    if (block.kind === 'paragraph') return paragraph(block.text);
    if (block.kind === 'action') {
      const { label, url } = block.action;
      return (
        `<p style="margin:0 0 24px"><a href="${escapeHtml(url)}" style="display:inline-block;` +
        `padding:12px 20px;background:${accent};color:#ffffff;border-radius:6px;` +
        `font-weight:bold;text-decoration:none">${escapeHtml(label)}</a></p>`
      );
    }
    const items = block.items
      .map(
        (item) =>
          `<li style="margin:0 0 12px;padding:0 0 12px;border-bottom:1px solid ${line}">` +
          `<span style="color:${muted}">${escapeHtml(item.label)}</span><br>` +
          `<a href="${escapeHtml(item.url)}" style="color:${accent};font-weight:bold">` +
          `${escapeHtml(item.title)}</a>` +
          (item.detail
            ? `<br><span style="color:${muted}">${escapeHtml(item.detail)}</span>`
            : '') +
          `</li>`,
      )
      .join('');
    return (
      `<h2 style="font-size:18px;margin:24px 0 12px">${escapeHtml(block.heading)}</h2>` +
      `<ul style="list-style:none;margin:0 0 16px;padding:0">${items}</ul>`
    );
  });
  const footer = document.footer.map((text) => escapeHtml(text));
  if (document.unsubscribe) {
    const { label, url } = document.unsubscribe;
    footer.push(`<a href="${escapeHtml(url)}" style="color:${muted}">${escapeHtml(label)}</a>`);
  }
  return [
    '<!doctype html>',
    `<html lang="${document.locale}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f6f8fa;color:${ink};` +
      `font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px">`,
    `<div role="article" aria-label="${escapeHtml(document.subject)}" ` +
      `style="max-width:600px;margin:0 auto;padding:24px 16px;background:#ffffff">`,
    `<p style="margin:0 0 24px;font-weight:bold;color:${accent}">Cercle</p>`,
    paragraph(document.greeting),
    ...body,
    `<p style="margin:32px 0 0;padding-top:16px;border-top:1px solid ${line};` +
      `font-size:13px;line-height:1.5;color:${muted}">${footer.join('<br>')}</p>`,
    '</div></body></html>',
  ].join('\n');
}

/** The HTML and text versions of a message, and its headers. */
export function renderMail(document: MailDocument): RenderedMail {
  const headers: Record<string, string> = {};
  if (document.unsubscribe) {
    // RFC 2369 and RFC 8058: clients show their own « unsubscribe » button, which posts here.
    headers['List-Unsubscribe'] = `<${document.unsubscribe.oneClick}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { subject: document.subject, text: textOf(document), html: htmlOf(document), headers };
}
