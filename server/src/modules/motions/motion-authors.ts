/**
 * Who counts as a motion's author on the server: the one place that reads co-authorship for a
 * right (editing, submitting, withdrawing, answering objections and composites). The rule itself
 * is `isMotionAuthor` in `@cercle/shared/permissions`, which the web reads too.
 */
import type { Database, MotionRow } from '@cercle/db';
import { isMotionAuthor } from '@cercle/shared';
import { createCoauthorsRepository } from './coauthors.repository.ts';

/** Whether `userId` is the motion's author or a co-author who accepted, read on `db`. */
export async function isAuthorOf(
  db: Database,
  motion: Pick<MotionRow, 'id' | 'authorId'>,
  userId: string,
) {
  if (motion.authorId === userId) return true;
  const coauthor = await createCoauthorsRepository({ db }).find(motion.id, userId);
  return isMotionAuthor(
    { authorId: motion.authorId, coauthors: coauthor ? [coauthor] : [] },
    userId,
  );
}

/**
 * The assemblies whose members may co-sign a motion of `assembly`: its own; for a congress, also
 * every antenna (the whole movement debates congress motions, and antennas' members write them).
 */
export function coauthorScope(assembly: { id: string; kind: string }) {
  return { assemblyIds: [assembly.id], antennas: assembly.kind === 'congress' };
}
