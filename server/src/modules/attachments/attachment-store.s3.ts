import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../../config.ts';
import { type AttachmentStore, missingBytes } from './attachment-store.ts';

/** Attachments as objects of one bucket of an S3-compatible store (AWS, MinIO, Garage…). */
export function createS3AttachmentStore(settings: S3Settings): AttachmentStore {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where the protocol requires them: several self-hosted stores refuse the
    // SDK's default trailing checksums (aws-chunked bodies). The SHA-256 is ours to keep anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  return {
    kind: 's3',

    async put(key, file) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: createReadStream(file.path),
            ContentLength: file.size,
            ContentType: file.mediaType,
          }),
        );
      } finally {
        await rm(file.path, { force: true });
      }
    },

    async get(key) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!Body) missingBytes();
        // On Node the SDK answers with the HTTP response itself, a Node stream.
        if (!(Body instanceof Readable)) throw new Error('S3 answered with a non-Node stream');
        return Body;
      } catch (error) {
        if (error instanceof NoSuchKey) missingBytes();
        throw error;
      }
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
