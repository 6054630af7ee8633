import type { AttachmentRow } from '@cercle/db';
import {
  attachmentMediaTypes,
  type AttachmentMediaType,
  formatFileSize,
  type Locale,
} from '@cercle/shared';
import { messagesIn } from '../../text/messages/index.ts';

/** A file name is the uploader's text: it must not turn into Markdown links or emphasis. */
const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');

/**
 * Files as a Markdown list for the minutes and the congress's texts: name, type, size and the
 * full SHA-256, so that anyone holding a copy can tell it is the one the document means.
 */
export function attachmentLines(
  files: Pick<AttachmentRow, 'fileName' | 'mediaType' | 'sizeBytes' | 'sha256'>[],
  language: Locale,
) {
  const colon = messagesIn(language)('typography.colon');
  return files
    .map((file) => {
      const kind = attachmentMediaTypes[file.mediaType as AttachmentMediaType] ?? file.mediaType;
      const size = formatFileSize(file.sizeBytes, language);
      return `- ${escapeMarkdown(file.fileName)} (${kind}, ${size}) — SHA-256${colon} ${file.sha256}`;
    })
    .join('\n');
}
