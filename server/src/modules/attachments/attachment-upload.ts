import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { attachmentMediaTypes, isAttachmentMediaType } from '@cercle/shared';
import { AppError } from '../../errors.ts';

export interface ReceivedFile {
  /** A temporary file under the data folder, synced to disk; the caller removes or keeps it. */
  path: string;
  size: number;
  sha256: string;
  mediaType: string;
}

export function tooLarge(maxBytes: number): never {
  const limit =
    maxBytes >= 1024 * 1024
      ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`
      : `${Math.round(maxBytes / 1024)} KB`;
  throw new AppError(
    413,
    'attachments.too_large',
    `body: the file is larger than ${limit}.`,
    'body',
  );
}

/**
 * Writes an upload to a temporary file while counting and hashing it: nothing is held in
 * memory, and the upload is cut as soon as it goes past `maxBytes` (a missing or lying
 * Content-Length changes nothing). The type is then read from the content itself: a name or a
 * declared Content-Type says nothing about what a file is.
 */
export async function receiveAttachment(
  body: Readable,
  { incomingDir, maxBytes }: { incomingDir: string; maxBytes: number },
): Promise<ReceivedFile> {
  await mkdir(incomingDir, { recursive: true });
  const path = join(incomingDir, `${randomUUID()}.part`);
  const file = await open(path, 'wx');
  const hash = createHash('sha256');
  let size = 0;
  try {
    try {
      // Stopping early must not destroy the request: its socket still carries our answer.
      for await (const chunk of body.iterator({
        destroyOnReturn: false,
      }) as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) tooLarge(maxBytes);
        hash.update(chunk);
        await file.write(chunk);
      }
      // On disk before the row that points at it is committed.
      await file.sync();
    } finally {
      await file.close();
    }
    if (size === 0) {
      throw new AppError(400, 'attachments.empty', 'body: the file is empty.', 'body');
    }
    const mediaType = (await fileTypeFromFile(path))?.mime;
    if (!mediaType || !isAttachmentMediaType(mediaType)) {
      const accepted = [...new Set(Object.values(attachmentMediaTypes))].join(', ');
      throw new AppError(
        415,
        'attachments.unsupported_type',
        `body: this kind of file is not accepted (accepted: ${accepted}).`,
        'body',
      );
    }
    return { path, size, sha256: hash.digest('hex'), mediaType };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
