/**
 * How events are hashed and chained: the one definition the server's appends, its verify route
 * and the standalone `pnpm audit:verify` share. Only node:crypto: no database, no Fastify.
 */
import { createHash } from 'node:crypto';

/** One event as the chain stores it (its assembly is the chain's). */
export interface ChainEvent {
  seq: number;
  type: string;
  actorId: string | null;
  payload: unknown;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * JSON with object keys sorted at every depth: jsonb reorders keys, the hash must not care. Any
 * other value reads as JSON.stringify writes it (a Date as its ISO string), since that is what
 * the database stores and gives back.
 */
export function canonicalJson(value: unknown): string {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Where every assembly's chain starts. */
export function genesisHash(assemblyId: string): string {
  return sha256(`cercle:genesis:${assemblyId}`);
}

export function eventHash(event: Omit<ChainEvent, 'hash'> & { assemblyId: string }): string {
  return sha256(
    canonicalJson({
      assemblyId: event.assemblyId,
      seq: event.seq,
      type: event.type,
      actorId: event.actorId,
      payload: event.payload,
      createdAt: event.createdAt.toISOString(),
      prevHash: event.prevHash,
    }),
  );
}

/**
 * `42:3fa2b1c4d5e6f708`: a chain head as printed on a document, short enough to copy by hand and
 * long enough to check (`pnpm audit:verify FILE --head 42:3fa2b1c4d5e6f708`).
 */
export const printedHead = (head: { seq: number; hash: string }) =>
  `${head.seq}:${head.hash.slice(0, 16)}`;
