import type { Readable } from 'node:stream';
import type { AttachmentRow } from '@cercle/db';
import { AppError } from '../../errors.ts';

export type AttachmentStoreKind = AttachmentRow['store'];

/**
 * Where attachments' bytes are kept: the data folder (attachment-store.disk.ts) or an
 * S3-compatible bucket (attachment-store.s3.ts). A row names its store, so files kept on disk
 * stay readable after the operator moves new ones to a bucket.
 */
export interface AttachmentStore {
  readonly kind: AttachmentStoreKind;
  /**
   * Takes a received file (a finished temporary file under the data folder) and keeps it under
   * `key`; the temporary file is gone afterwards, whatever happens.
   */
  put(key: string, file: { path: string; size: number; mediaType: string }): Promise<void>;
  /** The bytes kept under `key`; refuses with 404 when they are missing. */
  get(key: string): Promise<Readable>;
  /** Forgets `key`; nothing happens when it is already gone. */
  remove(key: string): Promise<void>;
}

export function missingBytes(): never {
  throw new AppError(404, 'attachments.not_found', 'The file of this attachment is missing.');
}
