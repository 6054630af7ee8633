import type { Readable } from 'node:stream';
import { type Database, newId, type User } from '@cercle/db';
import {
  type Actor,
  type Attachment,
  type AttachmentList,
  type AttachmentSubject,
  cleanAttachmentName,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { mayAttachTo, mayRemoveAttachment } from '../../permissions.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import type { AttachmentStore, AttachmentStoreKind } from './attachment-store.ts';
import { receiveAttachment, tooLarge } from './attachment-upload.ts';
import {
  type AttachmentWithUploader,
  createAttachmentsRepository,
} from './attachments.repository.ts';

/** What the attachments need to know of a motion, a meeting or minutes. */
export interface AttachmentSubjectState {
  assemblyId: string;
  /** Who may attach files besides the assembly's secretaries (a motion's authors). */
  authorIds: readonly string[];
  /** Null while files may be added and removed; otherwise the refusal (409) that says why not. */
  closed: AppError | null;
}

export interface Reader {
  user: User;
  actor: Actor;
}

/**
 * Loads a subject if the reader may read it, refusing (401, 403, 404) exactly as its own module
 * does: who may read a motion's files is who may read the motion. The modules provide these in
 * services.ts, so this one depends on none of them.
 */
export type SubjectAccess = Record<
  AttachmentSubject,
  (reader: Reader | null, subjectId: string) => Promise<AttachmentSubjectState>
>;

export function notFound(): never {
  throw new AppError(404, 'attachments.not_found', 'No such attachment.');
}

export function createAttachmentsService({
  db,
  stores,
  maxBytes,
  incomingDir,
  subjects,
  log,
}: {
  db: Database;
  /** `write`: where new files go; `read`: every store a row may name. */
  stores: { write: AttachmentStore; read: Partial<Record<AttachmentStoreKind, AttachmentStore>> };
  maxBytes: number;
  /** Where uploads are received, under the data folder (a rename away from the disk store). */
  incomingDir: string;
  subjects: SubjectAccess;
  log: { error(details: object, message: string): void };
}) {
  const repository = createAttachmentsRepository({ db });

  function toAttachment(
    { attachment, uploaderName }: AttachmentWithUploader,
    canDelete: boolean,
  ): Attachment {
    return {
      id: attachment.id,
      subjectKind: attachment.subjectKind,
      subjectId: attachment.subjectId,
      fileName: attachment.fileName,
      mediaType: attachment.mediaType,
      sizeBytes: attachment.sizeBytes,
      sha256: attachment.sha256,
      uploadedBy: { id: attachment.uploadedBy, name: uploaderName },
      createdAt: attachment.createdAt.toISOString(),
      canDelete,
    };
  }

  function mayRemove(reader: Reader | null, subject: AttachmentSubjectState, uploadedBy: string) {
    if (!reader || subject.closed) return false;
    return mayRemoveAttachment(reader.actor, reader.user.id, {
      assemblyId: subject.assemblyId,
      uploadedBy,
    });
  }

  function storeOf(kind: AttachmentStoreKind) {
    const store = stores.read[kind];
    // A row in a bucket the configuration no longer names: the operator must say where it is.
    if (!store) {
      throw new AppError(
        503,
        'attachments.store_unavailable',
        `This file is kept in the "${kind}" store, which this server is not configured to reach.`,
      );
    }
    return store;
  }

  /** Loads an attachment and its subject, if the reader may read that subject. */
  async function readable(reader: Reader | null, id: string) {
    const row = await repository.find(id);
    if (!row) notFound();
    const subject = await subjects[row.attachment.subjectKind](reader, row.attachment.subjectId);
    return { row, subject };
  }

  return {
    maxBytes,

    async list(reader: Reader | null, kind: AttachmentSubject, subjectId: string) {
      const subject = await subjects[kind](reader, subjectId);
      const rows = await repository.of(kind, subjectId);
      const canUpload =
        !!reader &&
        !subject.closed &&
        mayAttachTo(reader.actor, reader.user.id, {
          assemblyId: subject.assemblyId,
          authorIds: subject.authorIds,
        });
      return {
        attachments: rows.map((row) =>
          toAttachment(row, mayRemove(reader, subject, row.attachment.uploadedBy)),
        ),
        canUpload,
        maxBytes,
      } satisfies AttachmentList;
    },

    /**
     * Keeps an uploaded file. Who may, and whether the subject is still open, is settled before a
     * byte is read; the bytes are stored before the row that points at them is committed, and
     * removed again if that commit fails.
     */
    async upload(
      reader: Reader,
      kind: AttachmentSubject,
      subjectId: string,
      upload: { name: string; body: Readable; declaredLength: number | undefined },
    ) {
      const subject = await subjects[kind](reader, subjectId);
      if (
        !mayAttachTo(reader.actor, reader.user.id, {
          assemblyId: subject.assemblyId,
          authorIds: subject.authorIds,
        })
      ) {
        throw new AppError(403, 'auth.forbidden', 'You may not attach files here.');
      }
      if (subject.closed) throw subject.closed;
      const fileName = cleanAttachmentName(upload.name);
      if (!fileName) {
        throw new AppError(400, 'validation.invalid', 'name: give the file a name.', 'name');
      }
      if (upload.declaredLength !== undefined && upload.declaredLength > maxBytes) {
        tooLarge(maxBytes);
      }
      const file = await receiveAttachment(upload.body, { incomingDir, maxBytes });
      const id = newId();
      const store = stores.write;
      await store.put(id, file);
      try {
        await db.transaction(async (tx) => {
          await createAttachmentsRepository({ db: tx }).insert({
            id,
            assemblyId: subject.assemblyId,
            subjectKind: kind,
            subjectId,
            fileName,
            mediaType: file.mediaType,
            sizeBytes: file.size,
            sha256: file.sha256,
            store: store.kind,
            storageKey: id,
            uploadedBy: reader.user.id,
          });
          await createEventsRepository({ db: tx }).append({
            assemblyId: subject.assemblyId,
            type: 'attachment.added',
            actorId: reader.user.id,
            payload: {
              attachmentId: id,
              subjectKind: kind,
              subjectId,
              fileName,
              mediaType: file.mediaType,
              sizeBytes: file.size,
              sha256: file.sha256,
            },
          });
        });
      } catch (error) {
        await store.remove(id).catch((removal: unknown) => {
          log.error({ err: removal, attachmentId: id }, 'could not remove an unrecorded file');
        });
        throw error;
      }
      return toAttachment(
        { attachment: (await repository.find(id))!.attachment, uploaderName: reader.user.name },
        true,
      );
    },

    /** The file, for a reader of its subject. */
    async download(reader: Reader | null, id: string) {
      const { row } = await readable(reader, id);
      const { attachment } = row;
      const body = await storeOf(attachment.store).get(attachment.storageKey);
      return { attachment, body };
    },

    /** Removes the row (and its event) first; the bytes go once that is committed. */
    async remove(reader: Reader, id: string) {
      const { row, subject } = await readable(reader, id);
      const { attachment } = row;
      if (
        !mayRemoveAttachment(reader.actor, reader.user.id, {
          assemblyId: subject.assemblyId,
          uploadedBy: attachment.uploadedBy,
        })
      ) {
        throw new AppError(403, 'auth.forbidden', 'You may not remove this attachment.');
      }
      if (subject.closed) throw subject.closed;
      const removed = await db.transaction(async (tx) => {
        const gone = await createAttachmentsRepository({ db: tx }).remove(id);
        if (!gone) return false;
        await createEventsRepository({ db: tx }).append({
          assemblyId: attachment.assemblyId,
          type: 'attachment.removed',
          actorId: reader.user.id,
          payload: {
            attachmentId: id,
            subjectKind: attachment.subjectKind,
            subjectId: attachment.subjectId,
            fileName: attachment.fileName,
            mediaType: attachment.mediaType,
            sizeBytes: attachment.sizeBytes,
            sha256: attachment.sha256,
          },
        });
        return true;
      });
      if (!removed) notFound();
      await storeOf(attachment.store)
        .remove(attachment.storageKey)
        .catch((error: unknown) => {
          log.error({ err: error, attachmentId: id }, 'could not remove a deleted file');
        });
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
