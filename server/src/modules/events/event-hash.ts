import { createHash } from 'node:crypto';

export interface HashedEventContent {
  assemblyId: string;
  seq: number;
  type: string;
  actorId: string | null;
  payload: unknown;
  createdAt: Date;
  prevHash: string;
}

/** JSON with object keys sorted at every depth: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
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
  return createHash('sha256').update(`cercle:genesis:${assemblyId}`).digest('hex');
}

export function eventHash(event: HashedEventContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        assemblyId: event.assemblyId,
        seq: event.seq,
        type: event.type,
        actorId: event.actorId,
        payload: event.payload,
        createdAt: event.createdAt.toISOString(),
        prevHash: event.prevHash,
      }),
    )
    .digest('hex');
}
