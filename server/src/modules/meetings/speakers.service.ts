import type { Database, MeetingRow, SpeakerRequestRow, User } from '@cercle/db';
import {
  type Actor,
  orderSpeakers,
  personSearchLimit,
  type RequestFloorBody,
  type SpeakerEntry,
  type SpeakerList,
  type SpeakerRequest,
  type SpokenTurn,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows } from '../../permissions.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { appendMeetingEvent } from './meeting-events.ts';
import type { MeetingsService } from './meetings.service.ts';
import { createMeetingsRepository } from './meetings.repository.ts';
import { createSpeakersRepository, type SpeakerRequestView } from './speakers.repository.ts';

function noItemUnderDiscussion(): never {
  throw new AppError(409, 'speakers.no_item', 'No agenda item is under discussion.', 'itemId');
}

function notInSession(): never {
  throw new AppError(409, 'meetings.invalid_state', 'The meeting is not in session.');
}

/** A turn given, as the ordering reads the meeting's history. */
const asTurn = (request: SpeakerRequestRow): SpokenTurn => ({
  personId: request.personId,
  siteId: request.siteId,
  category: request.category,
});

/** A stored request as the pure ordering reads it. */
const asRequest = (request: SpeakerRequestRow): SpeakerRequest => ({
  id: request.id,
  personId: request.personId,
  siteId: request.siteId,
  category: request.category,
  requestedAt: request.requestedAt.getTime(),
  pointOfOrder: request.pointOfOrder,
});

/**
 * The list of speakers of a live meeting (ARCHITECTURE.md, "Rules"): requests from every site in
 * one queue per agenda item, ordered by the meeting's policy (`orderSpeakers`), the floor given
 * and taken back by the meeting's secretary. Every change is an event: screens follow the log,
 * and the minutes count the time spoken per person, site and college from it.
 */
export function createSpeakersService({
  db,
  meetings,
}: {
  db: Database;
  meetings: MeetingsService;
}) {
  const repository = createSpeakersRepository({ db });
  const meetingRepository = createMeetingsRepository({ db });

  /** The item named, else the current one (null when none is current). */
  async function itemOf(meeting: MeetingRow, itemId: string | undefined) {
    const id = itemId ?? meeting.currentItemId;
    if (!id) return null;
    const item = await meetingRepository.agendaItem(id);
    if (!item || item.meetingId !== meeting.id)
      throw new AppError(
        400,
        'validation.invalid',
        'No such agenda item in this meeting.',
        'itemId',
      );
    return item;
  }

  /** The secretary of the meeting, or of the site in question (any of the meeting's, if none). */
  async function secretaryOf(
    actor: User,
    permissions: Actor,
    meeting: MeetingRow,
    siteId?: string | null,
  ) {
    if (allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId })) return 'meeting';
    const sites = await meetingRepository.sites(meeting.id);
    const mine = sites.filter((site) => site.secretaryId === actor.id);
    if (siteId === undefined ? mine.length > 0 : mine.some((site) => site.id === siteId))
      return 'site';
    return null;
  }

  async function list(
    permissions: Actor,
    meetingId: string,
    itemId?: string,
  ): Promise<SpeakerList> {
    const meeting = await meetings.load(permissions, meetingId, 'meeting.attend');
    const item = await itemOf(meeting, itemId);
    const { waiting, turns } = await repository.ofList(meeting.id, item?.id ?? null);
    const spoke = new Set(
      turns.filter((turn) => turn.request.status === 'spoken').map((turn) => turn.request.personId),
    );
    const entry = (row: SpeakerRequestView): SpeakerEntry => ({
      id: row.request.id,
      person: { id: row.request.personId, name: row.personName },
      site: row.site,
      category: row.request.category,
      pointOfOrder: row.request.pointOfOrder,
      firstTime: !spoke.has(row.request.personId),
      requestedAt: row.request.requestedAt.toISOString(),
      addedBy:
        row.request.addedBy && row.addedByName
          ? { id: row.request.addedBy, name: row.addedByName }
          : null,
    });
    const byId = new Map(waiting.map((row) => [row.request.id, row]));
    const ordered = orderSpeakers(
      waiting.map((row) => asRequest(row.request)),
      meeting.speakingOrder,
      turns.map((row) => asTurn(row.request)),
    );
    const speaking = turns.find((turn) => turn.request.status === 'speaking');
    return {
      meetingId: meeting.id,
      itemId: item?.id ?? null,
      closed: item?.speakersClosed ?? false,
      order: meeting.speakingOrder,
      speakingSeconds: meeting.speakingSeconds,
      categories: meeting.speakerCategories,
      current: speaking
        ? {
            ...entry(speaking),
            // Whether this is their first turn is about the turn before this one.
            firstTime: !turns.some(
              (turn) =>
                turn.request.personId === speaking.request.personId &&
                turn.request.status === 'spoken',
            ),
            floorGivenAt: speaking.request.floorGivenAt!.toISOString(),
            allottedSeconds: speaking.request.allottedSeconds ?? meeting.speakingSeconds,
          }
        : null,
      queue: ordered.map((request) => entry(byId.get(request.id)!)),
      heard: turns
        .filter((turn) => turn.request.status === 'spoken' && turn.request.itemId === item?.id)
        .map((turn) => ({ ...entry(turn), seconds: spokenSeconds(turn.request) })),
      serverTime: new Date().toISOString(),
    };
  }

  /** The meeting, locked for the change and in session: one change of the list at a time. */
  async function lockLive(tx: Database, meetingId: string) {
    const meeting = (await createMeetingsRepository({ db: tx }).findById(meetingId, {
      lock: true,
    }))!;
    if (meeting.status !== 'live') notInSession();
    return meeting;
  }

  return {
    list,

    /**
     * Whom a secretary acts for, by name (puts on the list, checks in: a person without a
     * phone, say): any member of the assembly, for the meeting's secretary or one of its sites'.
     */
    async peopleToActFor(actor: User, permissions: Actor, meetingId: string, text: string) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.attend');
      if (!(await secretaryOf(actor, permissions, meeting)))
        throw new AppError(
          403,
          'auth.forbidden',
          'Only the meeting’s secretary, or a site’s, may add someone to the list.',
        );
      return createMembersRepository({ db }).searchByName(meeting.assemblyId, text, {
        limit: personSearchLimit,
      });
    },

    async request(actor: User, permissions: Actor, meetingId: string, body: RequestFloorBody) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.attend');
      if (meeting.status !== 'live') notInSession();
      const item = await itemOf(meeting, body.itemId);
      if (!item) noItemUnderDiscussion();
      const personId = body.personId ?? actor.id;
      const pointOfOrder = body.pointOfOrder ?? false;
      const category = body.category ?? null;
      let siteId: string | null;
      if (personId === actor.id && body.siteId === undefined) {
        const attendance = await meetingRepository.attendanceOf(meeting.id, actor.id);
        if (!attendance?.present)
          throw new AppError(
            409,
            'meetings.not_present',
            'Check in at your site before asking for the floor.',
          );
        siteId = attendance.siteId;
      } else {
        // For someone else (a person without a phone), or at a site one names: a secretary's act.
        const attendance = await meetingRepository.attendanceOf(meeting.id, personId);
        siteId = body.siteId ?? (attendance?.present ? attendance.siteId : null);
        if (siteId !== null) {
          const site = await meetingRepository.site(siteId);
          if (!site || site.meetingId !== meeting.id)
            throw new AppError(
              400,
              'validation.invalid',
              'No such site in this meeting.',
              'siteId',
            );
        }
        const role = await secretaryOf(actor, permissions, meeting, siteId);
        if (!role)
          throw new AppError(
            403,
            'auth.forbidden',
            siteId === null
              ? 'Only the meeting’s secretary may add someone to the list.'
              : 'Only the meeting’s secretary, or this site’s, may add someone to its list.',
          );
        if (!(await createMembersRepository({ db }).find(meeting.assemblyId, personId)))
          throw new AppError(
            404,
            'members.not_found',
            'Not a member of this assembly.',
            'personId',
          );
      }
      if (category !== null && !meeting.speakerCategories.includes(category))
        throw new AppError(
          400,
          'speakers.unknown_category',
          'This category is not one the meeting offers.',
          'category',
        );
      await db.transaction(async (tx) => {
        const locked = await lockLive(tx, meeting.id);
        const current = await createMeetingsRepository({ db: tx }).agendaItem(item.id);
        if (current!.speakersClosed && !pointOfOrder)
          throw new AppError(
            409,
            'speakers.list_closed',
            'The list of speakers is closed on this item (a point of order remains possible).',
          );
        const speakers = createSpeakersRepository({ db: tx });
        if (await speakers.waitingOf(item.id, personId, pointOfOrder))
          throw new AppError(
            409,
            'speakers.already_listed',
            'This person is already on the list for this item.',
          );
        const request = await speakers.add({
          meetingId: meeting.id,
          itemId: item.id,
          personId,
          siteId,
          category,
          pointOfOrder,
          addedBy: personId === actor.id ? null : actor.id,
        });
        await appendMeetingEvent(tx, locked, actor.id, 'speaker.requested', {
          itemId: item.id,
          requestId: request.id,
          personId,
          siteId,
          pointOfOrder,
        });
      });
      return list(permissions, meeting.id, item.id);
    },

    /** The person withdraws their request, or a secretary (of the meeting or its site) removes it. */
    async withdraw(actor: User, permissions: Actor, requestId: string) {
      const found = await repository.find(requestId);
      if (!found) throw new AppError(404, 'speakers.not_found', 'No such request for the floor.');
      const meeting = await meetings.load(permissions, found.meetingId, 'meeting.attend');
      const removed = found.personId !== actor.id;
      if (removed && !(await secretaryOf(actor, permissions, meeting, found.siteId)))
        throw new AppError(
          403,
          'auth.forbidden',
          'Only the speaker or a secretary may withdraw this.',
        );
      await db.transaction(async (tx) => {
        const locked = await lockLive(tx, meeting.id);
        const speakers = createSpeakersRepository({ db: tx });
        const request = (await speakers.find(requestId, { lock: true }))!;
        if (request.status !== 'waiting')
          throw new AppError(409, 'speakers.not_waiting', 'This request is no longer waiting.');
        await speakers.update(request.id, { status: 'withdrawn' });
        await appendMeetingEvent(tx, locked, actor.id, 'speaker.withdrawn', {
          itemId: request.itemId,
          requestId: request.id,
          personId: request.personId,
          removed,
        });
      });
      return list(permissions, meeting.id, found.itemId);
    },

    /**
     * Gives the floor: to the request named, else to the first of the current item's queue in
     * the meeting's order. Whoever held it before has their turn ended and counted.
     */
    async giveFloor(actor: User, permissions: Actor, meetingId: string, requestId?: string) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.run');
      let itemId: string | null = null;
      await db.transaction(async (tx) => {
        const locked = await lockLive(tx, meeting.id);
        const speakers = createSpeakersRepository({ db: tx });
        let chosen;
        if (requestId) {
          chosen = await speakers.find(requestId, { lock: true });
          if (!chosen || chosen.meetingId !== meeting.id)
            throw new AppError(
              400,
              'validation.invalid',
              'No such request in this meeting.',
              'requestId',
            );
          if (chosen.status !== 'waiting')
            throw new AppError(409, 'speakers.not_waiting', 'This request is no longer waiting.');
        } else {
          if (!locked.currentItemId) noItemUnderDiscussion();
          const waiting = await speakers.waiting(locked.currentItemId);
          const history = (await speakers.turns(meeting.id)).map(asTurn);
          const [first] = orderSpeakers(waiting.map(asRequest), locked.speakingOrder, history);
          chosen = first && waiting.find((request) => request.id === first.id);
          if (!chosen)
            throw new AppError(409, 'speakers.queue_empty', 'Nobody is waiting for the floor.');
        }
        await takeFloorBack(tx, locked, actor.id);
        await speakers.update(chosen.id, {
          status: 'speaking',
          floorGivenAt: new Date(),
          allottedSeconds: locked.speakingSeconds,
        });
        await appendMeetingEvent(tx, locked, actor.id, 'speaker.floor_given', {
          itemId: chosen.itemId,
          requestId: chosen.id,
          personId: chosen.personId,
          siteId: chosen.siteId,
          allottedSeconds: locked.speakingSeconds,
        });
        itemId = chosen.itemId;
      });
      return list(permissions, meeting.id, itemId ?? undefined);
    },

    async endFloorNow(actor: User, permissions: Actor, meetingId: string) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.run');
      await db.transaction(async (tx) => {
        const locked = await lockLive(tx, meeting.id);
        if (!(await takeFloorBack(tx, locked, actor.id)))
          throw new AppError(409, 'speakers.nobody_speaking', 'Nobody holds the floor.');
      });
      return list(permissions, meeting.id);
    },

    /** Closes an item's list to new requests (points of order apart), or opens it again. */
    async setClosed(
      actor: User,
      permissions: Actor,
      meetingId: string,
      body: { itemId?: string; closed: boolean },
    ) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.run');
      const item = await itemOf(meeting, body.itemId);
      if (!item) noItemUnderDiscussion();
      await db.transaction(async (tx) => {
        const locked = await lockLive(tx, meeting.id);
        const repositoryInTx = createMeetingsRepository({ db: tx });
        const current = (await repositoryInTx.agendaItem(item.id))!;
        // Saying again what is already so changes nothing, and logs nothing.
        if (current.speakersClosed === body.closed) return;
        await repositoryInTx.updateAgendaItem(item.id, { speakersClosed: body.closed });
        await appendMeetingEvent(
          tx,
          locked,
          actor.id,
          body.closed ? 'speaker.list_closed' : 'speaker.list_reopened',
          { itemId: item.id },
        );
      });
      return list(permissions, meeting.id, item.id);
    },
  };
}

export type SpeakersService = ReturnType<typeof createSpeakersService>;

/** Takes the floor back from whoever holds it, in `tx`, counting the time they spoke. */
export async function takeFloorBack(tx: Database, meeting: MeetingRow, actorId: string | null) {
  const speakers = createSpeakersRepository({ db: tx });
  const speaking = await speakers.speaking(meeting.id);
  if (!speaking) return false;
  const ended = { ...speaking, floorEndedAt: new Date() };
  await speakers.update(speaking.id, { status: 'spoken', floorEndedAt: ended.floorEndedAt });
  const member = await createMembersRepository({ db: tx }).find(
    meeting.assemblyId,
    speaking.personId,
  );
  await appendMeetingEvent(tx, meeting, actorId, 'speaker.floor_ended', {
    itemId: speaking.itemId,
    requestId: speaking.id,
    personId: speaking.personId,
    siteId: speaking.siteId,
    collegeId: member?.collegeId ?? null,
    pointOfOrder: speaking.pointOfOrder,
    seconds: spokenSeconds(ended),
  });
  return true;
}

/** Whole seconds between the floor given and taken back. */
function spokenSeconds(request: { floorGivenAt: Date | null; floorEndedAt: Date | null }) {
  if (!request.floorGivenAt || !request.floorEndedAt) return 0;
  return Math.max(
    0,
    Math.round((request.floorEndedAt.getTime() - request.floorGivenAt.getTime()) / 1000),
  );
}
