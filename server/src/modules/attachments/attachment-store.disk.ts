import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type AttachmentStore, missingBytes } from './attachment-store.ts';

/** Keys are ids the server made (never a name from outside): refuse anything else. */
function fileOf(root: string, key: string) {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`bad attachment key ${key}`);
  return join(root, key);
}

/**
 * Attachments in `<data folder>/attachments/<id>`. Received files arrive under the same folder
 * (attachment-upload.ts), so keeping one is a rename: a file is there whole or not at all.
 */
export function createDiskAttachmentStore(root: string): AttachmentStore {
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'disk',

    async put(key, file) {
      ready ??= mkdir(root, { recursive: true });
      await ready;
      try {
        await rename(file.path, fileOf(root, key));
      } finally {
        await rm(file.path, { force: true });
      }
    },

    async get(key) {
      // Opened first, so a missing file is a clean 404 before any header is sent.
      const handle = await open(fileOf(root, key), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') missingBytes();
        throw error;
      });
      return handle.createReadStream();
    },

    async remove(key) {
      await rm(fileOf(root, key), { force: true });
    },
  };
}
