import { sql } from 'drizzle-orm';
import type { Database } from '@cercle/db';

/** Every instance listens here and re-checks the open sockets of the users named. */
export const rightsChannel = 'cercle_rights';

/**
 * Tells every instance that what `userId` may follow has changed (a session ended, a membership
 * was removed or its role changed). Call it inside the transaction that makes the change: NOTIFY
 * is delivered at commit, so no instance re-checks before the change is visible, and a change
 * rolled back announces nothing.
 */
export async function announceRightsChanged(db: Database, userId: string) {
  await db.execute(sql`select pg_notify(${rightsChannel}, ${userId})`);
}
