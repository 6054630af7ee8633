import { alias } from 'drizzle-orm/pg-core';
import { eventsOfType, type Result } from '@cercle/shared';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  agendaItems,
  amendments,
  assemblies,
  attendance,
  colleges,
  type Database,
  candidates,
  elections,
  eventChains,
  isMotionPoll,
  meetingSites,
  meetings,
  members,
  minutes,
  motions,
  motionVersions,
  newId,
  objections,
  polls,
  proxies,
  users,
} from '@cercle/db';
import { createAttachmentsRepository } from '../attachments/attachments.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { type EventReadLog, readEvents } from '../events/read-events.ts';

const creators = alias(users, 'creators');
const approvers = alias(users, 'approvers');
const publishers = alias(users, 'publishers');
const holders = alias(users, 'holders');

export type MinutesRow = typeof minutes.$inferSelect;

/** Bind it to a transaction (`createMinutesRepository({ db: tx })`) to work inside it. */
export function createMinutesRepository({ db }: { db: Database }) {
  /** The elections held in the meeting, with their rounds and everyone who stood. */
  async function electionsOf(meetingId: string) {
    const held = await db
      .select()
      .from(elections)
      .where(eq(elections.meetingId, meetingId))
      .orderBy(asc(elections.createdAt));
    return Promise.all(
      held.map(async (election) => ({
        election,
        rounds: await db
          .select()
          .from(polls)
          .where(eq(polls.electionId, election.id))
          .orderBy(asc(polls.round)),
        candidates: await db
          .select({ id: candidates.id, label: candidates.label, name: users.name })
          .from(candidates)
          .leftJoin(users, eq(users.id, candidates.userId))
          .where(eq(candidates.electionId, election.id))
          .orderBy(asc(candidates.position)),
      })),
    );
  }

  const withNames = () =>
    db
      .select({
        minutes,
        createdByName: creators.name,
        approvedByName: approvers.name,
        publishedByName: publishers.name,
        meetingTitle: meetings.title,
        assemblyName: assemblies.name,
        timeZone: assemblies.timeZone,
        minutesVisibility: assemblies.minutesVisibility,
        minutesSecondApproval: assemblies.minutesSecondApproval,
      })
      .from(minutes)
      .innerJoin(creators, eq(creators.id, minutes.createdBy))
      .leftJoin(approvers, eq(approvers.id, minutes.approvedBy))
      .leftJoin(publishers, eq(publishers.id, minutes.publishedBy))
      .innerJoin(meetings, eq(meetings.id, minutes.meetingId))
      .innerJoin(assemblies, eq(assemblies.id, minutes.assemblyId));

  return {
    async find(id: string) {
      const [row] = await withNames().where(eq(minutes.id, id));
      return row;
    },
    async lock(id: string) {
      const [row] = await db.select().from(minutes).where(eq(minutes.id, id)).for('update');
      return row;
    },
    /** Every version of one meeting's minutes, newest first. */
    async versions(meetingId: string) {
      return withNames().where(eq(minutes.meetingId, meetingId)).orderBy(desc(minutes.version));
    },
    /** The published versions of an assembly's minutes, newest first. */
    async published(assemblyId: string) {
      return withNames()
        .where(and(eq(minutes.assemblyId, assemblyId), eq(minutes.status, 'published')))
        .orderBy(desc(minutes.publishedAt));
    },
    async create(values: Omit<typeof minutes.$inferInsert, 'id'>) {
      const [row] = await db
        .insert(minutes)
        .values({ id: newId(), ...values })
        .returning();
      return row!;
    },
    async update(id: string, values: Partial<typeof minutes.$inferInsert>) {
      await db
        .update(minutes)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(minutes.id, id));
    },
    async meeting(meetingId: string) {
      const [row] = await db
        .select({
          id: meetings.id,
          assemblyId: meetings.assemblyId,
          status: meetings.status,
          title: meetings.title,
          language: assemblies.language,
          minutesVisibility: assemblies.minutesVisibility,
        })
        .from(meetings)
        .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
        .where(eq(meetings.id, meetingId));
      return row;
    },
    /** Serialises drafting per meeting: two secretaries clicking at once make one draft. */
    async lockMeeting(meetingId: string) {
      await db
        .select({ id: meetings.id })
        .from(meetings)
        .where(eq(meetings.id, meetingId))
        .for('update');
    },
    async assemblyVisibility(assemblyId: string) {
      const [row] = await db
        .select({ minutesVisibility: assemblies.minutesVisibility })
        .from(assemblies)
        .where(eq(assemblies.id, assemblyId));
      return row;
    },
    /** The head of the assembly's event chain: what published minutes say they cover. */
    async chainHead(assemblyId: string) {
      const [head] = await db
        .select({ seq: eventChains.seq, hash: eventChains.hash })
        .from(eventChains)
        .where(eq(eventChains.assemblyId, assemblyId));
      return head;
    },
    /**
     * Everything that happened in a meeting, as the draft needs it. A note whose event does not
     * read is left out of the draft, and `log` says so.
     */
    async record(meetingId: string, log: EventReadLog, minutesId?: string) {
      const [meeting] = await db
        .select({ meeting: meetings, assembly: assemblies })
        .from(meetings)
        .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
        .where(eq(meetings.id, meetingId));
      if (!meeting) return undefined;
      const assemblyId = meeting.meeting.assemblyId;
      const sites = await db
        .select()
        .from(meetingSites)
        .where(eq(meetingSites.meetingId, meetingId))
        .orderBy(asc(meetingSites.online), asc(meetingSites.name));
      const collegeRows = await db
        .select({ id: colleges.id, name: colleges.name })
        .from(colleges)
        .where(eq(colleges.assemblyId, assemblyId))
        .orderBy(asc(colleges.name));
      const attendees = await db
        .select({
          userId: attendance.userId,
          name: users.name,
          siteId: attendance.siteId,
          present: attendance.present,
          checkedInAt: attendance.checkedInAt,
          checkedOutAt: attendance.checkedOutAt,
          collegeId: members.collegeId,
          votingRight: members.votingRight,
        })
        .from(attendance)
        .innerJoin(users, eq(users.id, attendance.userId))
        .leftJoin(
          members,
          and(eq(members.assemblyId, assemblyId), eq(members.userId, attendance.userId)),
        )
        .where(eq(attendance.meetingId, meetingId))
        .orderBy(asc(users.name));
      const proxyRows = await db
        .select({
          grantorName: users.name,
          holderName: holders.name,
          endedAt: proxies.endedAt,
          endReason: proxies.endReason,
        })
        .from(proxies)
        .innerJoin(users, eq(users.id, proxies.grantorId))
        .innerJoin(holders, eq(holders.id, proxies.holderId))
        .where(eq(proxies.meetingId, meetingId))
        .orderBy(asc(users.name));
      const agenda = await db
        .select()
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meetingId))
        .orderBy(asc(agendaItems.position));
      const notes = await createEventsRepository({ db }).ofType(assemblyId, 'agenda.note_added');
      const turns = eventsOfType(
        readEvents(await createEventsRepository({ db }).ofType(assemblyId, 'speaker.floor_ended'), {
          log,
          reader: 'minutes',
        }),
        'speaker.floor_ended',
      ).filter(({ payload }) => payload.meetingId === meetingId);
      const speakerIds = [...new Set(turns.map(({ payload }) => payload.personId))];
      const speakerNames = new Map(
        (speakerIds.length
          ? await db
              .select({ id: users.id, name: users.name })
              .from(users)
              .where(inArray(users.id, speakerIds))
          : []
        ).map((row) => [row.id, row.name]),
      );
      const itemIds = new Set(agenda.map((item) => item.id));
      const pollRows = (
        await db
          .select({ poll: polls, motion: motions })
          .from(polls)
          .innerJoin(motions, eq(motions.id, polls.motionId))
          .where(eq(polls.meetingId, meetingId))
          .orderBy(asc(polls.openedAt), asc(polls.createdAt))
      ).flatMap(({ poll, motion }) => (isMotionPoll(poll) ? [{ poll, motion }] : []));
      const pollIds = pollRows.map((row) => row.poll.id);
      const amendmentIds = pollRows.flatMap((row) => row.poll.amendmentId ?? []);
      const objectionRows = pollIds.length
        ? await db
            .select({ objection: objections, author: users.name })
            .from(objections)
            .innerJoin(users, eq(users.id, objections.authorId))
            .where(inArray(objections.pollId, pollIds))
            .orderBy(asc(objections.createdAt))
        : [];
      const amendmentRows = amendmentIds.length
        ? await db.select().from(amendments).where(inArray(amendments.id, amendmentIds))
        : [];
      const adoptedMotionIds = pollRows
        .filter(
          (row) =>
            !row.poll.amendmentId && (row.poll.result as Result | null)?.outcome === 'adopted',
        )
        .map((row) => row.motion.id);
      const texts = adoptedMotionIds.length
        ? await db
            .select()
            .from(motionVersions)
            .where(inArray(motionVersions.motionId, adoptedMotionIds))
        : [];
      // Files attached to the meeting, to these minutes, and to the motions decided in it.
      const files = createAttachmentsRepository({ db });
      const motionIds = [...new Set(pollRows.map((row) => row.motion.id))];
      return {
        meeting: meeting.meeting,
        assembly: meeting.assembly,
        attachments: {
          meeting: await files.ofMany('meeting', [meetingId]),
          minutes: minutesId ? await files.ofMany('minutes', [minutesId]) : [],
          motions: await files.ofMany('motion', motionIds),
        },
        sites,
        colleges: collegeRows,
        attendees,
        proxies: proxyRows,
        agenda,
        notes: eventsOfType(readEvents(notes, { log, reader: 'minutes' }), 'agenda.note_added')
          .map(({ payload, createdAt, actorName }) => ({
            itemId: payload.itemId,
            text: payload.text,
            createdAt,
            author: actorName,
          }))
          .filter((note) => itemIds.has(note.itemId)),
        /** Every turn of speech, in order, as the log recorded it (person, site, college, time). */
        speeches: turns.map(({ payload, createdAt }) => ({
          itemId: payload.itemId,
          personId: payload.personId,
          name: speakerNames.get(payload.personId) ?? payload.personId,
          siteId: payload.siteId,
          collegeId: payload.collegeId,
          pointOfOrder: payload.pointOfOrder,
          seconds: payload.seconds,
          endedAt: createdAt,
        })),
        elections: await electionsOf(meetingId),
        polls: pollRows.map(({ poll, motion }) => ({
          poll,
          motion,
          amendment: amendmentRows.find((row) => row.id === poll.amendmentId) ?? null,
          objections: objectionRows.filter((row) => row.objection.pollId === poll.id),
          /** The text as adopted: the motion's version when the poll closed. */
          adoptedText:
            texts
              .filter((row) => row.motionId === motion.id && row.version <= motion.currentVersion)
              .sort((a, b) => b.version - a.version)[0]?.text ?? null,
        })),
      };
    },
  };
}

export type MinutesRepository = ReturnType<typeof createMinutesRepository>;
export type MeetingRecord = NonNullable<Awaited<ReturnType<MinutesRepository['record']>>>;
