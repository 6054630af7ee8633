import { intlLocales } from './message-format.ts';
import type { Locale } from './roles.ts';

/*
 * What the pages need to show attachments, without zod (the browser loads this file): the types
 * accepted, a name's cleaning, a size in words.
 */

/** The media types an attachment may have, as the content tells them, with a short label. */
export const attachmentMediaTypes = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/vnd.oasis.opendocument.presentation': 'ODP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
} as const satisfies Record<string, string>;
export type AttachmentMediaType = keyof typeof attachmentMediaTypes;

export function isAttachmentMediaType(type: string): type is AttachmentMediaType {
  return Object.hasOwn(attachmentMediaTypes, type);
}

/** The longest file name kept (in characters); longer names are cut, keeping the extension. */
export const attachmentNameMaxLength = 200;

/**
 * A file name safe to keep and to send back in a Content-Disposition header: no folders, no
 * control or bidirectional-override characters, no leading dots, at most
 * `attachmentNameMaxLength` characters (the extension kept). Null when nothing is left.
 */
export function cleanAttachmentName(raw: string): string | null {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // Control characters (C0, DEL, C1), and those that make a name read backwards ("fdp.exe").
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (!cleaned) return null;
  const chars = [...cleaned];
  if (chars.length <= attachmentNameMaxLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)] : [];
  const keep = extension.length < 16 ? extension : [];
  return chars.slice(0, attachmentNameMaxLength - keep.length).join('') + keep.join('');
}

/** « 18,4 Ko », "18.4 KB": a file's size as people read it, in the language of the page. */
export function formatFileSize(bytes: number, language: Locale): string {
  const units = language === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(intlLocales[language], {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
  return `${number}\u00a0${units[unit]}`;
}
