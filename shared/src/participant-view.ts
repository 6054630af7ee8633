import { z } from 'zod';
import { attachmentListSchema } from './attachments.ts';
import { electionListSchema } from './elections.ts';
import { personSearchQueryMaxLength } from './limits.ts';
import { meetingDetailSchema, proxySchema } from './meetings.ts';
import { minutesSummarySchema } from './minutes.ts';
import { personRefSchema } from './motions.ts';
import { pollSchema } from './polls.ts';
import { speakerListSchema } from './speaker-list.ts';

/**
 * What a participant's live view of a meeting shows, in one answer whatever the assembly's size
 * (`GET /meetings/:id/participant-view`): nothing in it grows with the number of members. People
 * to give a proxy to, or to put on the list of speakers, are searched for on demand.
 */
export const participantViewSchema = z
  .object({
    meeting: meetingDetailSchema,
    /**
     * The polls the room is deciding now: the open ones. Their `ballots` are only those of the
     * viewer and of the people whose proxy they carry (what their forms show as recorded): who
     * answered what is on the motion's page.
     */
    openPolls: z.array(pollSchema),
    /** The last poll closed in the meeting, its `ballots` left out likewise. */
    lastClosed: pollSchema.nullable(),
    /** « reference · title » of the motions these polls decide. */
    motionTitles: z.record(z.string(), z.string()),
    /** The assembly's colleges, which results break down by. */
    colleges: z.array(z.object({ id: z.string(), name: z.string() })),
    /** The current item's list of speakers (null when the meeting has no list to show). */
    speakers: speakerListSchema.nullable(),
    /** The proxies in force that the viewer gave for this meeting. */
    myProxies: z.array(proxySchema),
    /** Whether the viewer may give a proxy now: away, with the voting right, none given yet. */
    mayGiveProxy: z.boolean(),
    /** The elections held in this meeting, but the cancelled ones. */
    elections: electionListSchema.shape.elections,
    /** The minutes the viewer may read, once the meeting has ended. */
    minutes: z.array(minutesSummarySchema),
    /** The meeting's files (null when the viewer may not read them). */
    attachments: attachmentListSchema.nullable(),
  })
  .meta({ id: 'ParticipantView' });
export type ParticipantView = z.infer<typeof participantViewSchema>;

/** A search for a person by name, as one types it: each word found in the name, accents aside. */
export const personSearchQuerySchema = z.object({
  q: z.string().trim().max(personSearchQueryMaxLength).default(''),
});
export type PersonSearchQuery = z.infer<typeof personSearchQuerySchema>;

export { personSearchLimit, personSearchQueryMaxLength } from './limits.ts';

export const personSearchResultSchema = z.object({ people: z.array(personRefSchema) });
export type PersonSearchResult = z.infer<typeof personSearchResultSchema>;
