import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Database, events } from '@cercle/db';
import type { PublishedHead } from '@cercle/shared';

/** What each committed event's notice says (see `eventsChannel`). */
export interface EventNotice {
  assemblyId: string;
  seq: number;
  hash: string;
}

const safeId = /^[a-z0-9]{1,64}$/;
const hexHash = /^[0-9a-f]{64}$/;

/**
 * The server's own copy of every event's hash, kept in its data folder, outside the database:
 * one JSON line `{seq, hash, at}` per event, one file per assembly, written as each event's
 * transaction commits. Someone who rewrites the database, deletes its last events or moves its
 * head back cannot change this copy without also reaching the server's files, and the audit
 * compares the two event by event.
 *
 * Only what the database committed is written: a notice (which anyone with database access could
 * also send) counts only if the event it names is there with that hash.
 */
export function createAuditWitness({
  dir,
  db,
  log,
}: {
  dir: string;
  db: Database;
  log: FastifyBaseLogger;
}) {
  let queue: Promise<void> = Promise.resolve();
  const fileOf = (assemblyId: string) => join(dir, `${assemblyId}.jsonl`);

  async function write(notice: EventNotice) {
    const [stored] = await db
      .select({ seq: events.seq })
      .from(events)
      .where(
        and(
          eq(events.assemblyId, notice.assemblyId),
          eq(events.seq, notice.seq),
          eq(events.hash, notice.hash),
        ),
      );
    if (!stored) return;
    await mkdir(dir, { recursive: true });
    const line = JSON.stringify({
      seq: notice.seq,
      hash: notice.hash,
      at: new Date().toISOString(),
    });
    await appendFile(fileOf(notice.assemblyId), `${line}\n`);
  }

  return {
    /** Takes one notice of the events channel; writes are kept in order, one at a time. */
    record(payload: string) {
      let notice: EventNotice;
      try {
        notice = JSON.parse(payload) as EventNotice;
      } catch {
        return;
      }
      if (!safeId.test(String(notice.assemblyId)) || !Number.isInteger(notice.seq)) return;
      if (!hexHash.test(String(notice.hash))) return;
      queue = queue
        .then(() => write(notice))
        .catch((error: unknown) => log.error({ err: error }, 'audit witness: could not record'));
    },

    /** Every head this copy holds for the assembly (a line cut short by a crash is skipped). */
    heads: (assemblyId: string) => readWitnessHeads(dir, assemblyId),

    /** Resolves once every notice received so far is written. */
    settled: () => queue,
  };
}

export type AuditWitness = ReturnType<typeof createAuditWitness>;

/**
 * The heads a witness folder holds for one assembly, read without a running server: the move and
 * restore tools check a database against the copy its data folder kept.
 */
export async function readWitnessHeads(dir: string, assemblyId: string): Promise<PublishedHead[]> {
  if (!safeId.test(assemblyId)) return [];
  let text: string;
  try {
    text = await readFile(join(dir, `${assemblyId}.jsonl`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    try {
      const { seq, hash, at } = JSON.parse(line) as { seq: unknown; hash: unknown; at: unknown };
      if (!Number.isInteger(seq) || typeof hash !== 'string' || !hexHash.test(hash)) return [];
      return [
        {
          seq: seq as number,
          hash,
          source: 'witness' as const,
          ...(typeof at === 'string' ? { at } : {}),
        },
      ];
    } catch {
      return [];
    }
  });
}
