/**
 * A site's show of hands, entered by its secretary. Everyone present or represented at the site
 * and not yet counted goes under it (a participation by `hands`), so they cannot also vote in the
 * app or be counted at another site; the counts never exceed who is under it, per college when
 * the assembly weighs colleges.
 */
import type { Database, MotionPollRow, User } from '@cercle/db';
import type { SiteCountsBody } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, allows } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMeetingsRepository } from '../meetings/meetings.repository.ts';
import { checkSiteCountsShape, checkSiteRoom } from './poll-rules.ts';
import type { PollView } from './poll-view.ts';
import { createPollsRepository } from './polls.repository.ts';

export function createSiteCounts({ db, view }: { db: Database; view: PollView }) {
  const repository = createPollsRepository({ db });

  return {
    async enter(actor: User, permissions: Actor, pollId: string, body: SiteCountsBody) {
      const poll = await view.loadVisible(permissions, pollId);
      if (!poll.meetingId) {
        throw new AppError(409, 'polls.invalid_state', 'Only meeting polls take site counts.');
      }
      const colleges = await createAssembliesRepository({ db }).listColleges(poll.assemblyId);
      checkSiteCountsShape(poll.kind, body.counts, {
        weighted: Boolean(poll.collegeWeighting && poll.colleges?.length),
        ids: new Set(colleges.map((college) => college.id)),
      });
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        const polls = createPollsRepository({ db: tx });
        const site = await meetings.site(body.siteId);
        if (!site || site.meetingId !== poll.meetingId) {
          throw new AppError(400, 'validation.invalid', 'No such site in this meeting.', 'siteId');
        }
        if (
          site.secretaryId !== actor.id &&
          !allows(permissions, 'meeting.run', { assemblyId: poll.assemblyId })
        ) {
          throw new AppError(
            403,
            'auth.forbidden',
            'Only this site’s secretary may enter its counts.',
          );
        }
        // The lock orders this entry with every ballot batch (they take it in share mode).
        const current = (await polls.findById(pollId, { lock: true }))!;
        if (current.status !== 'open' || (current.closesAt && current.closesAt <= new Date()))
          throw new AppError(409, 'polls.closed', 'This poll is not open.');
        const covered = await polls.coverSite(pollId, poll.meetingId!, site.id);
        checkSiteRoom(
          body.counts,
          covered.map((row) => ({ collegeId: row.college_id, count: row.count })),
        );
        await meetings.replaceSiteCounts(pollId, site.id, actor.id, body.counts);
        await createEventsRepository({ db: tx }).append({
          assemblyId: poll.assemblyId,
          type: 'poll.site_counts',
          actorId: actor.id,
          // A secret poll's counts are published at its close only, merged as its result is.
          payload: {
            pollId,
            motionId: poll.motionId,
            siteId: site.id,
            counts: poll.secret ? null : body.counts,
          },
        });
      });
      return view.view(actor, (await repository.findById(pollId)) as MotionPollRow);
    },
  };
}
