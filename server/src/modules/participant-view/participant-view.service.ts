import type { User } from '@cercle/db';
import { isMeetingOver, type ParticipantView } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, allows } from '../../permissions.ts';
import type { AssembliesService } from '../assemblies/assemblies.service.ts';
import type { AttachmentsService } from '../attachments/attachments.service.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { SpeakersService } from '../meetings/speakers.service.ts';
import type { MinutesService } from '../minutes/minutes.service.ts';
import type { MotionsService } from '../motions/motions.service.ts';
import type { PollsService } from '../polls/polls.service.ts';

/** A part the page can go without: it shows the rest when the viewer may not read this one. */
async function unlessRefused<T>(part: Promise<T>, otherwise: T): Promise<T> {
  try {
    return await part;
  } catch (error) {
    if (error instanceof AppError && (error.statusCode === 403 || error.statusCode === 404))
      return otherwise;
    throw error;
  }
}

/**
 * A participant's live view of a meeting, put together from the modules that own each part, in
 * one answer (`GET /meetings/:id/participant-view`): the page that phones load and reload during a
 * meeting makes one API call, and nothing in the answer grows with the number of members.
 */
export function createParticipantViewService({
  meetings,
  polls,
  speakers,
  motions,
  assemblies,
  elections,
  minutes,
  attachments,
}: {
  meetings: MeetingsService;
  polls: PollsService;
  speakers: SpeakersService;
  motions: MotionsService;
  assemblies: AssembliesService;
  elections: ElectionsService;
  minutes: MinutesService;
  attachments: AttachmentsService;
}) {
  return {
    async view(viewer: User, permissions: Actor, meetingId: string): Promise<ParticipantView> {
      const row = await meetings.load(permissions, meetingId, 'meeting.attend');
      const meeting = await meetings.detail(viewer, permissions, meetingId);
      // The ballots the viewer's forms show: theirs, and those of the people they vote for.
      const voters = [viewer.id, ...meeting.me.carrying.map((person) => person.id)];
      const [focus, speakerList, colleges, myProxies, held, minutesList, files] = await Promise.all(
        [
          polls.focusInMeeting(viewer, meetingId, voters),
          row.status === 'live' ? unlessRefused(speakers.list(permissions, meetingId), null) : null,
          assemblies.collegeNames(row.assemblyId),
          meetings.proxiesGivenBy(viewer, meetingId),
          elections.ofMeeting(meetingId),
          row.status === 'ended' ? unlessRefused(minutes.history(permissions, meetingId), []) : [],
          unlessRefused(
            attachments.list({ user: viewer, actor: permissions }, 'meeting', meetingId),
            null,
          ),
        ],
      );
      const decided = [...focus.open, ...(focus.lastClosed ? [focus.lastClosed] : [])];
      return {
        meeting,
        openPolls: focus.open,
        lastClosed: focus.lastClosed,
        motionTitles: await motions.titlesOf([...new Set(decided.map((poll) => poll.motionId))]),
        colleges,
        speakers: speakerList,
        myProxies,
        mayGiveProxy:
          !isMeetingOver(row.status) &&
          !meeting.me.present &&
          myProxies.length === 0 &&
          allows(permissions, 'ballot.cast', { assemblyId: row.assemblyId }),
        elections: held,
        minutes: minutesList,
        attachments: files,
      };
    },
  };
}

export type ParticipantViewService = ReturnType<typeof createParticipantViewService>;
