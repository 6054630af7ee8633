import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, events } from '@cercle/db';
import { createTestApp, type TestApp, testAppForThisFile } from '../support/app.ts';
import {
  assemblyWithPeople,
  caller,
  endedMeeting,
  type Person,
} from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';
import { sampleDocx, sampleOdt, samplePdf, samplePng, zipOf } from '../support/sample-files.ts';

// A small limit, so that "too big" needs no megabytes: 64 KiB.
const t = testAppForThisFile({
  backgroundJobs: false,
  env: { CERCLE_ATTACHMENT_MAX_MB: String(64 / 1024) },
});
const { call } = t;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function upload(
  app: FastifyInstance,
  who: Person | null,
  subject: string,
  name: string,
  body: Buffer | Readable,
  contentType = 'application/octet-stream',
) {
  return app.inject({
    method: 'POST',
    url: `/api/${subject}/attachments?name=${encodeURIComponent(name)}`,
    headers: { ...(who ? { cookie: who.cookie } : {}), 'content-type': contentType },
    payload: body,
  });
}

const download = (app: FastifyInstance, who: Person | null, id: string) =>
  app.inject({
    method: 'GET',
    url: `/api/attachments/${id}`,
    headers: who ? { cookie: who.cookie } : {},
  });

/** An assembly with a secretary, two members, and a submitted motion by the first member. */
async function motionWithPeople() {
  const people = await assemblyWithPeople(t.app, { voters: 2 });
  const [author, other] = people.voters as [Person, Person];
  const created = await call(author, 'POST', `/api/assemblies/${people.assembly.id}/motions`, {
    title: 'Budget participatif',
    text: 'Le budget est voté par les membres.',
    submit: true,
  });
  return { ...people, author, other, motionId: created.body.motion.id as string };
}

function storedFiles(app: FastifyInstance) {
  const root = join(app.config.dataDir, 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('attachments', () => {
  it('keep a PDF, a PNG, an ODT and a DOCX by their content, and give them back with safe headers', async () => {
    const { author, other, motionId, secretary } = await motionWithPeople();
    const cases = [
      { name: 'Annexe budgétaire.pdf', bytes: samplePdf, type: 'application/pdf', inline: false },
      { name: 'photo.png', bytes: samplePng(), type: 'image/png', inline: true },
      {
        name: 'Compte rendu.odt',
        bytes: sampleOdt(),
        type: 'application/vnd.oasis.opendocument.text',
        inline: false,
      },
      {
        name: 'Rapport.docx',
        bytes: sampleDocx(),
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        inline: false,
      },
    ];
    for (const sample of cases) {
      // The declared type is a lie on purpose: only the content counts.
      const sent = await upload(
        t.app,
        author,
        `motions/${motionId}`,
        sample.name,
        sample.bytes,
        'text/html',
      );
      expect(sent.statusCode, sent.body).toBe(201);
      const attachment = sent.json().attachment;
      expect(attachment).toMatchObject({
        subjectKind: 'motion',
        subjectId: motionId,
        fileName: sample.name,
        mediaType: sample.type,
        sizeBytes: sample.bytes.length,
        sha256: sha256(sample.bytes),
        uploadedBy: { id: author.id },
        canDelete: true,
      });
      // Any member who reads the motion may download it.
      const got = await download(t.app, other, attachment.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(sample.bytes)).toBe(true);
      expect(got.headers['content-type']).toBe(sample.type);
      expect(got.headers['content-length']).toBe(String(sample.bytes.length));
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-security-policy']).toMatch(/^sandbox/);
      expect(got.headers['cache-control']).toMatch(/^private/);
      expect(got.headers.etag).toBe(`"${sha256(sample.bytes)}"`);
      expect(got.headers['content-disposition']).toBe(
        `${sample.inline ? 'inline' : 'attachment'}; filename="${sample.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(sample.name)}`,
      );
    }
    const list = await call(other, 'GET', `/api/motions/${motionId}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(
      cases.map((sample) => sample.name),
    );
    // A member who is not the author may neither add nor remove; the secretary may both.
    expect(list.body).toMatchObject({ canUpload: false, maxBytes: 64 * 1024 });
    expect(list.body.attachments[0].canDelete).toBe(false);
    const bySecretary = await call(secretary, 'GET', `/api/motions/${motionId}/attachments`);
    expect(bySecretary.body.canUpload).toBe(true);

    const added = await t.database.db
      .select()
      .from(events)
      .where(eq(events.type, 'attachment.added'));
    expect(added.map((event) => (event.payload as { fileName: string }).fileName)).toEqual(
      expect.arrayContaining(cases.map((sample) => sample.name)),
    );
  });

  it('clean the name: no folder, no control characters, not too long', async () => {
    const { author, motionId } = await motionWithPeople();
    const sent = await upload(
      t.app,
      author,
      `motions/${motionId}`,
      `../../etc/\u202eévil\u0007 ${'a'.repeat(300)}.pdf`,
      samplePdf,
    );
    expect(sent.statusCode).toBe(201);
    const { fileName } = sent.json().attachment;
    expect(fileName.startsWith('évil a')).toBe(true);
    expect(fileName.endsWith('.pdf')).toBe(true);
    expect([...fileName].length).toBe(200);
    const nameless = await upload(t.app, author, `motions/${motionId}`, '../\u0001', samplePdf);
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().error).toMatchObject({ code: 'validation.invalid', field: 'name' });
  });

  it('say so, without a server error, when a file is kept in a store this server cannot reach', async () => {
    const { author, motionId } = await motionWithPeople();
    const sent = await upload(t.app, author, `motions/${motionId}`, 'annexe.pdf', samplePdf);
    const { id } = sent.json().attachment;
    // As after moving to a server without the S3 settings the file was kept with.
    await t.app.db.update(attachments).set({ store: 's3' }).where(eq(attachments.id, id));
    const answer = await download(t.app, author, id);
    expect(answer.statusCode).toBe(503);
    expect(answer.json().error.code).toBe('attachments.store_unavailable');
  });

  it('refuse what is not an accepted document, whatever its name says (415)', async () => {
    const { author, motionId } = await motionWithPeople();
    const refused = [
      ['report.pdf', Buffer.from('<!doctype html><html><script>alert(1)</script></html>')],
      ['archive.zip', zipOf([['notes.txt', 'bonjour']])],
      [
        'logo.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      ],
      ['setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
    ] as const;
    for (const [name, bytes] of refused) {
      const sent = await upload(
        t.app,
        author,
        `motions/${motionId}`,
        name,
        bytes,
        'application/pdf',
      );
      expect(sent.statusCode, name).toBe(415);
      expect(sent.json().error).toMatchObject({
        code: 'attachments.unsupported_type',
        field: 'body',
      });
    }
    const empty = await upload(t.app, author, `motions/${motionId}`, 'vide.pdf', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'attachments.empty', field: 'body' });
    const rows = await t.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.subjectId, motionId));
    expect(rows).toEqual([]);
  });

  it('refuse a file past the limit (413), declared or streamed, and keep nothing of it', async () => {
    const { author, motionId } = await motionWithPeople();
    const before = storedFiles(t.app).length;
    const big = Buffer.concat([samplePdf, Buffer.alloc(65 * 1024, 0x20)]);
    const declared = await upload(t.app, author, `motions/${motionId}`, 'gros.pdf', big);
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error).toMatchObject({ code: 'attachments.too_large', field: 'body' });
    // Without a Content-Length, the upload is cut as it streams past the limit.
    const streamed = await upload(
      t.app,
      author,
      `motions/${motionId}`,
      'gros.pdf',
      Readable.from([samplePdf, ...Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20))]),
    );
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.code).toBe('attachments.too_large');
    const rows = await t.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.subjectId, motionId));
    expect(rows).toEqual([]);
    expect(storedFiles(t.app).length).toBe(before);
  });

  it('follow the subject’s permissions: authors and secretaries add, readers of the subject read', async () => {
    const { author, other, secretary, motionId } = await motionWithPeople();
    const byOther = await upload(t.app, other, `motions/${motionId}`, 'a.pdf', samplePdf);
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().error.code).toBe('auth.forbidden');
    const signedOut = await upload(t.app, null, `motions/${motionId}`, 'a.pdf', samplePdf);
    expect(signedOut.statusCode).toBe(401);
    const bySecretary = await upload(t.app, secretary, `motions/${motionId}`, 'b.pdf', samplePdf);
    expect(bySecretary.statusCode).toBe(201);
    const id = (await upload(t.app, author, `motions/${motionId}`, 'c.pdf', samplePdf)).json()
      .attachment.id as string;

    // A member of another antenna reads neither the list nor the file.
    const antenna = await createAssembly(t.app, { name: 'ARDES Normandie' });
    const user = await createUser(t.app, { name: 'Nora Petit' });
    await addMember(t.app, antenna.id, user.id, 'secretary');
    const stranger: Person = {
      id: user.id,
      name: 'Nora Petit',
      cookie: await signIn(t.app, user.email),
    };
    expect([403, 404]).toContain((await download(t.app, stranger, id)).statusCode);
    expect([403, 404]).toContain(
      (await call(stranger, 'GET', `/api/motions/${motionId}/attachments`)).status,
    );
    expect((await download(t.app, null, id)).statusCode).toBe(401);

    // Removing: not by another member nor the stranger; by the uploader, file and all.
    const byStranger = await call(stranger, 'DELETE', `/api/attachments/${id}`);
    expect([403, 404]).toContain(byStranger.status);
    const byMember = await call(other, 'DELETE', `/api/attachments/${id}`);
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe('auth.forbidden');
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.id, id));
    expect(existsSync(join(t.app.config.dataDir, 'attachments', row!.storageKey))).toBe(true);
    expect((await call(author, 'DELETE', `/api/attachments/${id}`)).status).toBe(200);
    expect((await download(t.app, author, id)).statusCode).toBe(404);
    expect(existsSync(join(t.app.config.dataDir, 'attachments', row!.storageKey))).toBe(false);
    const removed = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'attachment.removed'), eq(events.assemblyId, row!.assemblyId)));
    expect(removed.map((event) => event.payload)).toEqual([
      expect.objectContaining({ attachmentId: id, fileName: 'c.pdf', sha256: sha256(samplePdf) }),
    ]);
  });

  it('stop changing once the motion is decided', async () => {
    const { author, motionId } = await motionWithPeople();
    await call(author, 'POST', `/api/motions/${motionId}/withdraw`);
    const late = await upload(t.app, author, `motions/${motionId}`, 'tard.pdf', samplePdf);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('motions.invalid_state');
  });

  it('on a meeting and its minutes: listed in the draft, frozen once the minutes are published', async () => {
    const { secretary, voters, assembly } = await assemblyWithPeople(t.app, { voters: 1 });
    const member = voters[0]!;
    const meetingId = await endedMeeting(t.app, { secretary, assemblyId: assembly.id });
    const byMember = await upload(
      t.app,
      member,
      `meetings/${meetingId}`,
      'budget.odt',
      sampleOdt(),
    );
    expect(byMember.statusCode).toBe(403);
    const budget = await upload(
      t.app,
      secretary,
      `meetings/${meetingId}`,
      'Budget 2027.odt',
      sampleOdt(),
    );
    expect(budget.statusCode).toBe(201);
    // Members of the assembly read the meeting's files.
    expect((await download(t.app, member, budget.json().attachment.id)).statusCode).toBe(200);

    const minutesId = (await call(secretary, 'POST', `/api/meetings/${meetingId}/minutes`, {})).body
      .minutes.id as string;
    const report = await upload(
      t.app,
      secretary,
      `minutes/${minutesId}`,
      'Rapport moral.pdf',
      samplePdf,
    );
    expect(report.statusCode).toBe(201);
    // The draft is for the secretaries, and so are its files.
    expect((await download(t.app, member, report.json().attachment.id)).statusCode).toBe(403);

    const redrafted = await call(secretary, 'POST', `/api/minutes/${minutesId}/regenerate`, {});
    const text: string = redrafted.body.minutes.text;
    expect(text).toContain('## Pièces jointes');
    expect(text).toContain(`- Budget 2027.odt (ODT, `);
    expect(text).toContain(`SHA-256\u00a0: ${sha256(sampleOdt())}`);
    expect(text).toContain(
      `- Rapport moral.pdf (PDF, ${samplePdf.length}\u00a0o) — SHA-256\u00a0: ${sha256(samplePdf)}`,
    );
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/minutes/${minutesId}/export.pdf`,
      headers: { cookie: secretary.cookie },
    });
    expect(pdf.statusCode).toBe(200);

    await call(secretary, 'POST', `/api/minutes/${minutesId}/approve`);
    expect((await call(secretary, 'POST', `/api/minutes/${minutesId}/publish`)).status).toBe(200);
    const late = await upload(t.app, secretary, `minutes/${minutesId}`, 'oubli.pdf', samplePdf);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('minutes.published');
    const removal = await call(
      secretary,
      'DELETE',
      `/api/attachments/${report.json().attachment.id}`,
    );
    expect(removal.status).toBe(409);
    expect(removal.body.error.code).toBe('minutes.published');
    // Published, the minutes and their files are the members' to read.
    expect((await download(t.app, member, report.json().attachment.id)).statusCode).toBe(200);
  });
});

/** Enough of S3 for the SDK: PUT, GET and DELETE of objects, path-style, signatures unchecked. */
function fakeS3() {
  const objects = new Map<string, { bytes: Buffer; type: string | undefined }>();
  const server: Server = createServer((request, response) => {
    const key = decodeURIComponent(new URL(request.url!, 'http://s3').pathname);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'PUT') {
        objects.set(key, { bytes: Buffer.concat(chunks), type: request.headers['content-type'] });
        response.writeHead(200, { etag: '"fake"' }).end();
      } else if (request.method === 'GET') {
        const object = objects.get(key);
        if (!object) {
          response
            .writeHead(404, { 'content-type': 'application/xml' })
            .end(
              '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>',
            );
          return;
        }
        response
          .writeHead(200, {
            'content-type': object.type ?? 'application/octet-stream',
            'content-length': object.bytes.length,
          })
          .end(object.bytes);
      } else if (request.method === 'DELETE') {
        objects.delete(key);
        response.writeHead(204).end();
      } else {
        response.writeHead(405).end();
      }
    });
  });
  return { server, objects };
}

describe('attachments in an S3-compatible store', () => {
  const s3 = fakeS3();
  let opened: TestApp;
  beforeAll(async () => {
    await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
    const { port } = s3.server.address() as AddressInfo;
    opened = await createTestApp({
      backgroundJobs: false,
      env: {
        CERCLE_S3_BUCKET: 'cercle-files',
        CERCLE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        CERCLE_S3_REGION: 'fr-par',
        CERCLE_S3_ACCESS_KEY_ID: 'test-key',
        CERCLE_S3_SECRET_ACCESS_KEY: 'test-secret',
        CERCLE_S3_FORCE_PATH_STYLE: '1',
      },
    });
  });
  afterAll(async () => {
    await opened?.close();
    await new Promise((resolve) => s3.server.close(resolve));
  });

  it('puts, gets and deletes the bytes there, not in the data folder', async () => {
    const { app } = opened;
    const people = await assemblyWithPeople(app, { voters: 1 });
    const author = people.voters[0]!;
    const motion = await caller(app)(
      author,
      'POST',
      `/api/assemblies/${people.assembly.id}/motions`,
      {
        title: 'Stockage externe',
        text: 'Les fichiers vont dans un seau.',
        submit: true,
      },
    );
    const png = samplePng();
    const sent = await upload(app, author, `motions/${motion.body.motion.id}`, 'plan.png', png);
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().attachment.id as string;
    const [row] = await opened.database.db.select().from(attachments).where(eq(attachments.id, id));
    expect(row).toMatchObject({ store: 's3', storageKey: id });
    expect(s3.objects.get(`/cercle-files/${id}`)).toEqual({ bytes: png, type: 'image/png' });
    expect(storedFiles(app)).toEqual([]);

    const got = await download(app, author, id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(png)).toBe(true);

    expect((await caller(app)(author, 'DELETE', `/api/attachments/${id}`)).status).toBe(200);
    expect(s3.objects.has(`/cercle-files/${id}`)).toBe(false);
  });
});
