import type { Database, MotionPollRow } from '@cercle/db';
import type { Result } from '@cercle/shared';

/**
 * How other modules follow a poll without the polls writing their tables: the motions module
 * schedules a motion when a poll on it opens and applies the outcome to its text or status; the
 * congress module records an antenna's mandate. Wired in app.ts; each call runs inside the
 * poll's own transaction, so the outcome commits with the close or not at all.
 */
export interface PollFollower {
  opened(tx: Database, poll: MotionPollRow): Promise<void>;
  decided(tx: Database, poll: MotionPollRow, result: Result): Promise<void>;
}
