/**
 * What the attachments module asks of the modules whose things carry files: whether the reader
 * may read the motion, meeting or minutes (by each module's own rules), who besides the
 * secretaries may attach files to it, and whether it is still open to new files. Written here,
 * with the wiring, so that attachments depend on none of them (the minutes list attachments).
 */
import type { Database } from '@cercle/db';
import { openMotionStatuses } from '@cercle/shared';
import { AppError } from './errors.ts';
import type { SubjectAccess } from './modules/attachments/attachments.service.ts';
import type { createMeetingsService } from './modules/meetings/meetings.service.ts';
import type { createMinutesService } from './modules/minutes/minutes.service.ts';
import { createCoauthorsRepository } from './modules/motions/coauthors.repository.ts';
import type { createMotionsService } from './modules/motions/motions.service.ts';

const signIn = () => new AppError(401, 'auth.unauthenticated', 'Please sign in.');

export function attachmentSubjects({
  db,
  motions,
  meetings,
  minutes,
}: {
  db: Database;
  motions: ReturnType<typeof createMotionsService>;
  meetings: ReturnType<typeof createMeetingsService>;
  minutes: ReturnType<typeof createMinutesService>;
}): SubjectAccess {
  return {
    async motion(reader, id) {
      if (!reader) throw signIn();
      const motion = await motions.visible(reader.user, reader.actor, id);
      // A decided motion is a record: its files stay as they were when it was decided.
      const open = motion.status === 'draft' || openMotionStatuses.includes(motion.status);
      return {
        assemblyId: motion.assemblyId,
        // Its author and the co-authors who accepted: they share the author's rights.
        authorIds: [
          motion.authorId,
          ...(await createCoauthorsRepository({ db }).ofMotions([id], { acceptedOnly: true })).map(
            (coauthor) => coauthor.userId,
          ),
        ],
        closed: open
          ? null
          : new AppError(409, 'motions.invalid_state', 'This motion is decided: its files stay.'),
      };
    },

    async meeting(reader, id) {
      if (!reader) throw signIn();
      const meeting = await meetings.load(reader.actor, id, 'meeting.attend');
      return { assemblyId: meeting.assemblyId, authorIds: [], closed: null };
    },

    async minutes(reader, id) {
      const version = await minutes.get(reader?.actor ?? null, id);
      return {
        assemblyId: version.assemblyId,
        authorIds: [],
        closed:
          version.status === 'published'
            ? new AppError(
                409,
                'minutes.published',
                'Published minutes cannot change: start an erratum.',
              )
            : null,
      };
    },
  };
}
