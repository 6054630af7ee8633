import { and, asc, eq, gte } from 'drizzle-orm';
import { type Database, eventChains, events } from '@cercle/db';
import { eventHash } from '../../server/src/modules/events/event-hash.ts';

/**
 * What an attacker who read Cercle's source does with write access to its database: change one
 * event, recompute its hash and every hash after it with Cercle's own function, and move the
 * chain's recorded head along, so that the chain alone still checks out.
 */
export async function rewriteWithRecomputedHashes(
  db: Database,
  assemblyId: string,
  seq: number,
  change: (payload: Record<string, unknown>) => Record<string, unknown>,
) {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.assemblyId, assemblyId), gte(events.seq, seq - 1)))
    .orderBy(asc(events.seq));
  let prevHash = rows[0]!.hash;
  for (const row of rows.slice(1)) {
    const payload = row.seq === seq ? change(row.payload as Record<string, unknown>) : row.payload;
    const hash = eventHash({ ...row, payload, prevHash });
    await db.update(events).set({ payload, prevHash, hash }).where(eq(events.id, row.id));
    prevHash = hash;
  }
  await db
    .update(eventChains)
    .set({ hash: prevHash })
    .where(eq(eventChains.assemblyId, assemblyId));
}
