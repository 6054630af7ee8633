import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, type MeetingRow, members, type User } from '@cercle/db';
import {
  type Actor,
  type AgendaItem,
  type CreateMeetingBody,
  defaultTimeZone,
  isMeetingOver,
  type Meeting,
  type MeetingDetail,
  meetingQuorum,
  personSearchLimit,
  type CancelMeetingBody,
  type UpdateMeetingBody,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows, requirePermission } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { myDelegation, requireDelegatesForProxy } from './accreditation-rules.ts';
import { appendMeetingEvent } from './meeting-events.ts';
import { designatedOrFree } from './voting-presence.ts';
import { createMeetingsRepository, type MeetingsRepository } from './meetings.repository.ts';
import { takeFloorBack } from './speakers.service.ts';

// No 0/O or 1/I: the code is read aloud and typed on phones.
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCheckInCode = () =>
  Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');

function notFound(): never {
  throw new AppError(404, 'meetings.not_found', 'No such meeting.');
}

/** A cancelled meeting stays as it was when called off: no rooms, items or notes are added to it. */
function requireNotCancelled(meeting: MeetingRow) {
  if (meeting.status === 'cancelled')
    throw new AppError(409, 'meetings.invalid_state', 'This meeting was cancelled.');
}

function toMeeting(row: MeetingRow, timeZone: string): Meeting {
  return {
    id: row.id,
    assemblyId: row.assemblyId,
    timeZone,
    title: row.title,
    mode: row.mode,
    status: row.status,
    location: row.location,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    currentItemId: row.currentItemId,
    speakingOrder: row.speakingOrder,
    speakingSeconds: row.speakingSeconds,
    speakerCategories: row.speakerCategories,
    accreditationRequired: row.accreditationRequired,
  };
}

function toProxy({
  proxy,
  grantorName,
  holderName,
}: Awaited<ReturnType<MeetingsRepository['proxies']>>[number]) {
  return {
    id: proxy.id,
    grantor: { id: proxy.grantorId, name: grantorName },
    holder: { id: proxy.holderId, name: holderName },
    active: proxy.endedAt === null,
    endReason: proxy.endReason,
  };
}

export function createMeetingsService({ db }: { db: Database }) {
  const repository = createMeetingsRepository({ db });

  async function load(
    permissions: Actor,
    meetingId: string,
    permission: 'meeting.attend' | 'meeting.run',
  ) {
    const meeting = await repository.findById(meetingId);
    if (!meeting) notFound();
    requirePermission(
      permissions,
      permission,
      { assemblyId: meeting.assemblyId },
      `You may not do this (${permission}).`,
    );
    return meeting;
  }

  /** Presence, proxies and quorum as they stand; shared with live polls. */
  async function quorumOf(meeting: MeetingRow, tx: Database = db) {
    const meetings = createMeetingsRepository({ db: tx });
    const assembly = (await createAssembliesRepository({ db: tx }).findById(meeting.assemblyId))!;
    // `tx` may be a transaction, whose one connection takes one query at a time.
    const voters = await meetings.presence(meeting.id, meeting.assemblyId);
    const proxies = await meetings.activeProxies(meeting.id);
    return meetingQuorum({ voters, proxies, quorum: assembly.quorum });
  }

  async function detail(
    viewer: User,
    permissions: Actor,
    meetingId: string,
  ): Promise<MeetingDetail> {
    const meeting = (await repository.findById(meetingId))!;
    const runs = allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId });
    const [sites, agenda, quorum, mine, proxies, assembly, delegate] = await Promise.all([
      repository.sites(meetingId),
      repository.agenda(meetingId),
      quorumOf(meeting),
      repository.attendanceOf(meetingId, viewer.id),
      repository.proxies(meetingId),
      createAssembliesRepository({ db }).findById(meeting.assemblyId),
      myDelegation(db, meeting, viewer.id),
    ]);
    const timeZone = assembly?.timeZone ?? defaultTimeZone;
    const active = proxies.filter((row) => row.proxy.endedAt === null);
    let clock = meeting.startsAt.getTime();
    const items: AgendaItem[] = agenda.map((item) => {
      const plannedStart = new Date(clock).toISOString();
      clock += item.durationMinutes * 60_000;
      return {
        id: item.id,
        position: item.position,
        kind: item.kind,
        title: item.title,
        description: item.description,
        durationMinutes: item.durationMinutes,
        plannedStart,
        motionId: item.motionId,
        spentSeconds:
          item.spentSeconds +
          (item.currentSince ? Math.floor((Date.now() - item.currentSince.getTime()) / 1000) : 0),
        current: meeting.currentItemId === item.id,
      };
    });
    return {
      ...toMeeting(meeting, timeZone),
      sites: sites.map((site) => ({
        id: site.id,
        name: site.name,
        online: site.online,
        antennaId: site.antennaId,
        checkInCode: runs || site.secretaryId === viewer.id ? site.checkInCode : null,
        secretaryId: site.secretaryId,
        present: quorum.bySite[site.id]?.present ?? 0,
        represented: quorum.bySite[site.id]?.represented ?? 0,
      })),
      agenda: items,
      quorum: {
        entitled: quorum.entitled,
        present: quorum.present,
        represented: quorum.represented,
        required: quorum.required,
        reached: quorum.reached,
        bySite: quorum.bySite,
        byCollege: quorum.byCollege,
      },
      me: {
        siteId: mine?.present ? mine.siteId : null,
        present: Boolean(mine?.present),
        carrying: active
          .filter((row) => row.proxy.holderId === viewer.id)
          .map((row) => ({ id: row.proxy.grantorId, name: row.grantorName })),
        carriedBy:
          active
            .filter((row) => row.proxy.grantorId === viewer.id)
            .map((row) => ({ id: row.proxy.holderId, name: row.holderName }))[0] ?? null,
        delegate,
      },
    };
  }

  /** Ends every proxy of a grantor who is now present: they vote in person. */
  async function voidProxiesOf(tx: Database, meeting: MeetingRow, grantorId: string) {
    const meetings = createMeetingsRepository({ db: tx });
    const voided = (await meetings.activeProxies(meeting.id)).filter(
      (proxy) => proxy.grantorId === grantorId,
    );
    await meetings.endProxies(
      voided.map((proxy) => proxy.id),
      'grantor_present',
    );
    for (const proxy of voided)
      await appendMeetingEvent(tx, meeting, null, 'proxy.voided', { proxyId: proxy.id, grantorId });
  }

  /** Someone present at a site (again, or moved), their proxy void: inside the caller's transaction. */
  async function recordCheckIn(
    tx: Database,
    meeting: MeetingRow,
    actorId: string,
    userId: string,
    siteId: string,
  ) {
    await createMeetingsRepository({ db: tx }).checkIn({
      meetingId: meeting.id,
      userId,
      siteId,
      checkedInBy: actorId,
    });
    await voidProxiesOf(tx, meeting, userId);
    await appendMeetingEvent(tx, meeting, actorId, 'attendance.checked_in', { userId, siteId });
  }

  return {
    detail,
    quorumOf,
    load,
    recordCheckIn,

    async list(assemblyId: string) {
      const [rows, assembly] = await Promise.all([
        repository.list(assemblyId),
        createAssembliesRepository({ db }).findById(assemblyId),
      ]);
      return rows.map((row) => toMeeting(row, assembly?.timeZone ?? defaultTimeZone));
    },

    async create(
      actor: User,
      permissions: Actor,
      assemblyId: string,
      body: CreateMeetingBody & { location: string; antennaIds: string[] },
    ) {
      const assemblies = createAssembliesRepository({ db });
      if (!(await assemblies.findById(assemblyId)))
        throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
      const antennas: { id: string; name: string }[] = [];
      for (const [index, antennaId] of body.antennaIds.entries()) {
        const antenna = await assemblies.findById(antennaId);
        if (!antenna || antenna.kind !== 'antenna') {
          throw new AppError(400, 'validation.invalid', 'Not an antenna.', `antennaIds.${index}`);
        }
        antennas.push(antenna);
      }
      const id = await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        const meeting = await meetings.create({
          assemblyId,
          title: body.title,
          mode: body.mode,
          location: body.location,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          createdBy: actor.id,
        });
        // Every meeting has somewhere to check in: the antennas' rooms, the room, or online.
        const sites: { name: string; online: boolean; antennaId: string | null }[] = antennas.map(
          (antenna) => ({ name: antenna.name, online: false, antennaId: antenna.id }),
        );
        if (!sites.length && body.mode !== 'online')
          sites.push({
            name: body.location || body.title,
            online: false,
            antennaId: null,
          });
        if (body.mode !== 'in_person')
          sites.push({ name: 'En ligne', online: true, antennaId: null });
        for (const site of sites)
          await meetings.addSite({ meetingId: meeting.id, checkInCode: newCheckInCode(), ...site });
        await appendMeetingEvent(tx, meeting, actor.id, 'meeting.created', {
          title: meeting.title,
          startsAt: body.startsAt,
        });
        return meeting.id;
      });
      return detail(actor, permissions, id);
    },

    async update(actor: User, permissions: Actor, meetingId: string, changes: UpdateMeetingBody) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      if (isMeetingOver(meeting.status))
        throw new AppError(409, 'meetings.invalid_state', `This meeting is ${meeting.status}.`);
      await db.transaction(async (tx) => {
        await createMeetingsRepository({ db: tx }).update(meetingId, {
          ...(changes.title ? { title: changes.title } : {}),
          ...(changes.location !== undefined ? { location: changes.location } : {}),
          ...(changes.startsAt ? { startsAt: new Date(changes.startsAt) } : {}),
          ...(changes.endsAt ? { endsAt: new Date(changes.endsAt) } : {}),
          // The rules of the list of speakers and of accreditation, as given.
          speakingOrder: changes.speakingOrder,
          speakingSeconds: changes.speakingSeconds,
          speakerCategories: changes.speakerCategories,
          accreditationRequired: changes.accreditationRequired,
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'meeting.updated', { changes });
      });
      return detail(actor, permissions, meetingId);
    },

    async start(actor: User, permissions: Actor, meetingId: string) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      if (meeting.status !== 'scheduled')
        throw new AppError(409, 'meetings.invalid_state', 'This meeting is not scheduled.');
      await db.transaction(async (tx) => {
        await createMeetingsRepository({ db: tx }).update(meetingId, {
          status: 'live',
          startedAt: new Date(),
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'meeting.started', {});
      });
      return detail(actor, permissions, meetingId);
    },

    /**
     * Calls off a meeting that has not started: members are told why (a notification from the
     * event). Its prepared polls go with it, so that their motions can be decided elsewhere.
     */
    async cancel(actor: User, permissions: Actor, meetingId: string, body: CancelMeetingBody) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        // Under the row's lock: a start and a cancellation at once end as one or the other.
        const locked = (await meetings.findById(meetingId, { lock: true }))!;
        if (locked.status !== 'scheduled') {
          throw new AppError(
            409,
            'meetings.invalid_state',
            'Only a meeting that has not started can be cancelled.',
          );
        }
        await meetings.update(meetingId, {
          status: 'cancelled',
          cancelledAt: new Date(),
          cancelReason: body.reason,
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'meeting.cancelled', {
          title: meeting.title,
          reason: body.reason,
        });
        const events = createEventsRepository({ db: tx });
        for (const poll of await meetings.removePreparedPolls(meetingId)) {
          await events.append({
            assemblyId: meeting.assemblyId,
            type: 'poll.deleted',
            actorId: actor.id,
            payload: { pollId: poll.id, motionId: poll.motionId!, amendmentId: poll.amendmentId },
          });
        }
      });
      return detail(actor, permissions, meetingId);
    },

    async end(actor: User, permissions: Actor, meetingId: string, hasOpenPoll: boolean) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      if (meeting.status !== 'live')
        throw new AppError(409, 'meetings.invalid_state', 'This meeting is not live.');
      if (hasOpenPoll)
        throw new AppError(409, 'meetings.invalid_state', 'Close the open polls first.');
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        if (meeting.currentItemId) await this.moveCurrent(tx, meeting, null);
        await takeFloorBack(tx, meeting, actor.id);
        await meetings.update(meetingId, {
          status: 'ended',
          endedAt: new Date(),
          currentItemId: null,
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'meeting.ended', {});
      });
      return detail(actor, permissions, meetingId);
    },

    /** Stops the clock on the current item and starts it on the next. */
    async moveCurrent(tx: Database, meeting: MeetingRow, itemId: string | null) {
      const meetings = createMeetingsRepository({ db: tx });
      const now = new Date();
      if (meeting.currentItemId) {
        const current = await meetings.agendaItem(meeting.currentItemId);
        if (current?.currentSince) {
          const spent = Math.floor((now.getTime() - current.currentSince.getTime()) / 1000);
          await meetings.updateAgendaItem(current.id, {
            spentSeconds: current.spentSeconds + spent,
            currentSince: null,
          });
        }
      }
      if (itemId) await meetings.updateAgendaItem(itemId, { currentSince: now });
      await meetings.update(meeting.id, { currentItemId: itemId });
    },

    async setCurrentItem(
      actor: User,
      permissions: Actor,
      meetingId: string,
      itemId: string | null,
    ) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      if (meeting.status !== 'live')
        throw new AppError(409, 'meetings.invalid_state', 'The meeting is not live.');
      if (itemId) {
        const item = await repository.agendaItem(itemId);
        if (!item || item.meetingId !== meetingId)
          throw new AppError(400, 'validation.invalid', 'Not an item of this meeting.', 'itemId');
      }
      await db.transaction(async (tx) => {
        const locked = (await createMeetingsRepository({ db: tx }).findById(meetingId, {
          lock: true,
        }))!;
        await this.moveCurrent(tx, locked, itemId);
        await appendMeetingEvent(tx, meeting, actor.id, 'agenda.current_changed', { itemId });
      });
      return detail(actor, permissions, meetingId);
    },

    async addSite(
      actor: User,
      permissions: Actor,
      meetingId: string,
      site: { name: string; online: boolean; antennaId: string | null; secretaryId: string | null },
    ) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      requireNotCancelled(meeting);
      await db.transaction(async (tx) => {
        const created = await createMeetingsRepository({ db: tx }).addSite({
          meetingId,
          checkInCode: newCheckInCode(),
          ...site,
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'site.added', {
          siteId: created.id,
          name: created.name,
        });
      });
      return detail(actor, permissions, meetingId);
    },

    async addAgendaItem(
      actor: User,
      permissions: Actor,
      meetingId: string,
      item: {
        kind: AgendaItem['kind'];
        title: string;
        description: string;
        durationMinutes: number;
        motionId: string | null;
      },
    ) {
      const meeting = await load(permissions, meetingId, 'meeting.run');
      requireNotCancelled(meeting);
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        await meetings.findById(meetingId, { lock: true });
        const position = (await meetings.agenda(meetingId)).length + 1;
        const created = await meetings.addAgendaItem({ meetingId, position, ...item });
        await appendMeetingEvent(tx, meeting, actor.id, 'agenda.item_added', {
          itemId: created.id,
          title: created.title,
          position,
        });
      });
      return detail(actor, permissions, meetingId);
    },

    async updateAgendaItem(
      actor: User,
      permissions: Actor,
      itemId: string,
      changes: Partial<{
        kind: AgendaItem['kind'];
        title: string;
        description: string;
        durationMinutes: number;
        motionId: string | null;
        position: number;
      }>,
    ) {
      const item = await repository.agendaItem(itemId);
      if (!item) throw new AppError(404, 'meetings.not_found', 'No such agenda item.');
      const meeting = await load(permissions, item.meetingId, 'meeting.run');
      requireNotCancelled(meeting);
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        await meetings.findById(meeting.id, { lock: true });
        const { position, ...fields } = changes;
        if (Object.keys(fields).length) await meetings.updateAgendaItem(itemId, fields);
        if (position !== undefined) {
          const ordered = (await meetings.agenda(meeting.id)).filter(
            (other) => other.id !== itemId,
          );
          ordered.splice(Math.min(position, ordered.length + 1) - 1, 0, item);
          for (const [index, other] of ordered.entries())
            await meetings.updateAgendaItem(other.id, { position: index + 1 });
        }
        await appendMeetingEvent(tx, meeting, actor.id, 'agenda.item_updated', { itemId, changes });
      });
      return detail(actor, permissions, meeting.id);
    },

    /** The secretary's notes, kept in the event log: the minutes are drafted from it. */
    async addNote(actor: User, permissions: Actor, itemId: string, text: string) {
      const item = await repository.agendaItem(itemId);
      if (!item) throw new AppError(404, 'meetings.not_found', 'No such agenda item.');
      const meeting = await load(permissions, item.meetingId, 'meeting.run');
      requireNotCancelled(meeting);
      await db.transaction((tx) =>
        appendMeetingEvent(tx, meeting, actor.id, 'agenda.note_added', { itemId, text }),
      );
    },

    async checkIn(
      actor: User,
      permissions: Actor,
      meetingId: string,
      body: { code: string } | { userId: string; siteId: string },
    ) {
      const meeting = await load(permissions, meetingId, 'meeting.attend');
      if (isMeetingOver(meeting.status))
        throw new AppError(409, 'meetings.invalid_state', `This meeting is ${meeting.status}.`);
      let userId = actor.id;
      let siteId: string;
      if ('code' in body) {
        const site = await repository.siteByCode(meetingId, body.code);
        if (!site)
          throw new AppError(
            400,
            'meetings.bad_code',
            'This code does not match any site of the meeting.',
            'code',
          );
        siteId = site.id;
      } else {
        const site = await repository.site(body.siteId);
        if (!site || site.meetingId !== meetingId)
          throw new AppError(400, 'validation.invalid', 'No such site.', 'siteId');
        const runs = allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId });
        if (!runs && site.secretaryId !== actor.id)
          throw new AppError(403, 'auth.forbidden', 'Only a secretary may check others in.');
        if (!(await createMembersRepository({ db }).find(meeting.assemblyId, body.userId))) {
          throw new AppError(404, 'members.not_found', 'Not a member of this assembly.', 'userId');
        }
        userId = body.userId;
        siteId = site.id;
      }
      await db.transaction((tx) => recordCheckIn(tx, meeting, actor.id, userId, siteId));
      return detail(actor, permissions, meetingId);
    },

    async checkOut(actor: User, permissions: Actor, meetingId: string, userId: string | undefined) {
      const meeting = await load(permissions, meetingId, 'meeting.attend');
      const target = userId ?? actor.id;
      if (
        target !== actor.id &&
        !allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId })
      ) {
        throw new AppError(403, 'auth.forbidden', 'Only a secretary may check others out.');
      }
      await db.transaction(async (tx) => {
        if (!(await createMeetingsRepository({ db: tx }).checkOut(meetingId, target))) {
          throw new AppError(409, 'meetings.not_present', 'This person is not checked in.');
        }
        await appendMeetingEvent(tx, meeting, actor.id, 'attendance.checked_out', {
          userId: target,
        });
      });
      return detail(actor, permissions, meetingId);
    },

    async proxies(permissions: Actor, meetingId: string) {
      await load(permissions, meetingId, 'meeting.attend');
      return (await repository.proxies(meetingId)).map(toProxy);
    },

    /** The proxies in force the viewer gave, for someone the caller checked may attend. */
    async proxiesGivenBy(viewer: User, meetingId: string) {
      return (await repository.proxies(meetingId, viewer.id)).map(toProxy);
    },

    /**
     * Whom the viewer may give their proxy to, by name: members with the voting right but
     * themselves (designated delegates only, when the meeting accredits). The rest of the rules
     * (the cap, no chains) are checked when the proxy is given.
     */
    async proxyHolders(viewer: User, permissions: Actor, meetingId: string, text: string) {
      const meeting = await load(permissions, meetingId, 'meeting.attend');
      return createMembersRepository({ db }).searchByName(meeting.assemblyId, text, {
        votingRightOnly: true,
        except: viewer.id,
        also: designatedOrFree(meeting.id, sql`${members.userId}`),
        limit: personSearchLimit,
      });
    },

    /** A proxy: for one meeting, to a voting member, within the cap, never passed on. */
    async giveProxy(
      actor: User,
      permissions: Actor,
      meetingId: string,
      body: { holderId: string; grantorId?: string | undefined },
    ) {
      const meeting = await load(permissions, meetingId, 'meeting.attend');
      if (isMeetingOver(meeting.status))
        throw new AppError(409, 'meetings.invalid_state', `This meeting is ${meeting.status}.`);
      const grantorId = body.grantorId ?? actor.id;
      if (
        grantorId !== actor.id &&
        !allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId })
      ) {
        throw new AppError(
          403,
          'auth.forbidden',
          'Only a secretary may record a proxy for someone else.',
        );
      }
      const invalid = (message: string, field = 'holderId') =>
        new AppError(400, 'proxies.invalid', message, field);
      if (grantorId === body.holderId) throw invalid('A proxy goes to someone else.');
      const members = createMembersRepository({ db });
      const [grantor, holder] = await Promise.all([
        members.find(meeting.assemblyId, grantorId),
        members.find(meeting.assemblyId, body.holderId),
      ]);
      if (!grantor?.votingRight)
        throw invalid('Only a member with the voting right can give a proxy.', 'grantorId');
      if (!holder?.votingRight) throw invalid('The holder must be a member with the voting right.');
      await requireDelegatesForProxy(db, meeting, grantorId, body.holderId);
      const assembly = (await createAssembliesRepository({ db }).findById(meeting.assemblyId))!;
      return db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        await meetings.findById(meetingId, { lock: true });
        if ((await meetings.attendanceOf(meetingId, grantorId))?.present)
          throw invalid('You are present: vote in person.', 'grantorId');
        const active = await meetings.activeProxies(meetingId);
        if (active.some((p) => p.grantorId === grantorId))
          throw invalid(
            'A proxy was already given for this meeting; revoke it first.',
            'grantorId',
          );
        // No chains: a holder does not give their own vote away, and a grantor carries none.
        if (active.some((p) => p.grantorId === body.holderId))
          throw invalid('The holder gave their own proxy to someone.');
        if (active.some((p) => p.holderId === grantorId))
          throw invalid('You carry proxies yourself: you cannot pass them on.', 'grantorId');
        if (
          active.filter((p) => p.holderId === body.holderId).length >= assembly.maxProxiesPerHolder
        ) {
          throw new AppError(
            409,
            'proxies.cap_reached',
            `A member may carry at most ${assembly.maxProxiesPerHolder} proxies.`,
            'holderId',
          );
        }
        const proxy = await meetings.addProxy({ meetingId, grantorId, holderId: body.holderId });
        await appendMeetingEvent(tx, meeting, actor.id, 'proxy.given', {
          proxyId: proxy.id,
          grantorId,
          holderId: body.holderId,
        });
        return proxy.id;
      });
    },

    async revokeProxy(actor: User, permissions: Actor, proxyId: string) {
      const proxy = await repository.proxy(proxyId);
      if (!proxy) throw new AppError(404, 'proxies.invalid', 'No such proxy.');
      const meeting = await load(permissions, proxy.meetingId, 'meeting.attend');
      const runs = allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId });
      if (proxy.grantorId !== actor.id && !runs)
        throw new AppError(403, 'auth.forbidden', 'Only its grantor may revoke a proxy.');
      if (proxy.endedAt)
        throw new AppError(409, 'proxies.invalid', 'This proxy is no longer in force.');
      await db.transaction(async (tx) => {
        await createMeetingsRepository({ db: tx }).endProxies([proxyId], 'revoked');
        await appendMeetingEvent(tx, meeting, actor.id, 'proxy.revoked', { proxyId });
      });
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
