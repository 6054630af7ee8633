import { parseEvent, type ParsedEvent } from '@cercle/shared';

/** Where a reader says it left an event out (a Fastify logger fits). */
export interface EventReadLog {
  warn(details: object, message: string): void;
}

interface StoredEventRow {
  type: string;
  payload: unknown;
  id?: number;
  assemblyId?: string;
  seq?: number;
}

/**
 * Reads one stored event through the event map. A row that does not fit is left out, and the
 * log says which reader left which event out and why: it is never guessed at, and never thrown
 * into the request or the loop that read it.
 */
export function readEvent<R extends StoredEventRow>(
  row: R,
  { log, reader }: { log: EventReadLog; reader: string },
): ParsedEvent<R> | null {
  const parsed = parseEvent(row);
  if (parsed.ok) return parsed.event;
  const { id, assemblyId, seq, type } = row;
  log.warn(
    {
      reader,
      event: { id, assemblyId, seq, type },
      reason: parsed.reason,
      problem: parsed.message,
    },
    'event left out: it does not match the event map',
  );
  return null;
}

/** `readEvent` over rows, keeping those that read. */
export function readEvents<R extends StoredEventRow>(
  rows: readonly R[],
  options: { log: EventReadLog; reader: string },
): ParsedEvent<R>[] {
  return rows.flatMap((row) => readEvent(row, options) ?? []);
}
