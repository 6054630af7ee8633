import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { type Database, passwordResetTokens, users } from '@cercle/db';

/** Every time here is the database's clock, the one all instances share. */
export function createPasswordResetsRepository({ db }: { db: Database }) {
  return {
    /**
     * Adds a link valid for an hour unless `perHour` were already made for this person in the
     * last hour; false then. The person's row is locked meanwhile, so requests arriving together
     * cannot all slip under the limit.
     */
    async addWithin(tokenHash: string, userId: string, perHour: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
        const [row] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(passwordResetTokens)
          .where(
            and(
              eq(passwordResetTokens.userId, userId),
              gt(passwordResetTokens.createdAt, sql`now() - interval '1 hour'`),
            ),
          );
        if ((row?.count ?? 0) >= perHour) return false;
        await tx
          .insert(passwordResetTokens)
          .values({ tokenHash, userId, expiresAt: sql`now() + interval '1 hour'` });
        return true;
      });
    },

    /** Marks the link used if it is still usable; its owner then, else null. Single use. */
    async consume(tokenHash: string): Promise<string | null> {
      const [row] = await db
        .update(passwordResetTokens)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(passwordResetTokens.tokenHash, tokenHash),
            isNull(passwordResetTokens.usedAt),
            gt(passwordResetTokens.expiresAt, sql`now()`),
          ),
        )
        .returning({ userId: passwordResetTokens.userId });
      return row?.userId ?? null;
    },

    /** Why a link cannot be used: unknown, used, or expired. */
    async whyUnusable(tokenHash: string): Promise<'unknown' | 'used' | 'expired'> {
      const [row] = await db
        .select({ usedAt: passwordResetTokens.usedAt })
        .from(passwordResetTokens)
        .where(eq(passwordResetTokens.tokenHash, tokenHash));
      if (!row) return 'unknown';
      return row.usedAt ? 'used' : 'expired';
    },

    /** A new password, however it was set, voids the links still out. */
    async voidPending(userId: string) {
      await db
        .update(passwordResetTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
    },

    /** Links expired for a day go: past that, an old link is simply unknown. */
    async prune() {
      await db
        .delete(passwordResetTokens)
        .where(lt(passwordResetTokens.expiresAt, sql`now() - interval '1 day'`));
    },
  };
}
