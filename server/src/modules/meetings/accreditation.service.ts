/**
 * Delegates' accreditation (issue 17; ARCHITECTURE.md, "Rules"). The meeting's secretary gives
 * each antenna a quota, the antenna's secretary designates its delegates within it, and a site's
 * secretary (or the meeting's) accredits them at the desk, which checks them in. Who counts and
 * votes follows from the delegates' rows (`voting-presence.ts`).
 */
import type { Database, MeetingRow, User } from '@cercle/db';
import {
  type Actor,
  type DelegateQuotasBody,
  isMeetingOver,
  type MeetingDelegates,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows, requirePermission } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { createAccreditationRepository } from './accreditation.repository.ts';
import { appendMeetingEvent } from './meeting-events.ts';
import { createMeetingsRepository } from './meetings.repository.ts';
import type { MeetingsService } from './meetings.service.ts';

function notFound(): never {
  throw new AppError(404, 'meetings.not_found', 'No such meeting.');
}

function requireNotEnded(meeting: MeetingRow) {
  if (isMeetingOver(meeting.status))
    throw new AppError(409, 'meetings.invalid_state', `This meeting is ${meeting.status}.`);
}

export function createAccreditationService({
  db,
  meetings,
}: {
  db: Database;
  meetings: MeetingsService;
}) {
  const repository = createAccreditationRepository({ db });
  const meetingsRepository = createMeetingsRepository({ db });

  async function findMeeting(meetingId: string) {
    return (await meetingsRepository.findById(meetingId)) ?? notFound();
  }

  /**
   * The antennas that may be given a quota: those with a site in the meeting, and those of the
   * meeting's federation, under its assembly (a national meeting) or beside it under the same
   * parent (a congress, whose antennas sit under the national assembly too).
   */
  async function eligibleAntennas(meeting: MeetingRow) {
    const all = await createAssembliesRepository({ db }).list();
    const own = all.find((assembly) => assembly.id === meeting.assemblyId);
    const sited = new Set(
      (await meetingsRepository.sites(meeting.id)).map((site) => site.antennaId),
    );
    return all
      .filter(
        (assembly) =>
          assembly.kind === 'antenna' &&
          (sited.has(assembly.id) ||
            assembly.parentId === meeting.assemblyId ||
            (own?.parentId != null && assembly.parentId === own.parentId)),
      )
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  /** The roll-up as the viewer may see and act on it. */
  async function rollUp(actor: User, permissions: Actor, meetingId: string) {
    const meeting = await findMeeting(meetingId);
    const [sites, quotas, rows, eligible] = await Promise.all([
      meetingsRepository.sites(meetingId),
      repository.quotas(meetingId),
      repository.delegates(meetingId),
      eligibleAntennas(meeting),
    ]);
    const runs = allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId });
    const involved = new Set([
      ...quotas.map((quota) => quota.antennaId),
      ...rows.map((row) => row.delegate.antennaId),
      ...sites.flatMap((site) => (site.antennaId ? [site.antennaId] : [])),
    ]);
    const designates = [...involved].filter((antennaId) =>
      allows(permissions, 'delegate.designate', { assemblyId: antennaId }),
    );
    const accreditsAt = sites
      .filter((site) => runs || site.secretaryId === actor.id)
      .map((site) => site.id);
    // Members of the meeting's assembly see who represents whom; the antennas' and sites'
    // secretaries, who may not be, see it to do their part.
    if (
      !allows(permissions, 'meeting.attend', { assemblyId: meeting.assemblyId }) &&
      !designates.length &&
      !accreditsAt.length
    ) {
      throw new AppError(403, 'auth.forbidden', 'You may not see this meeting’s delegates.');
    }
    const names = new Map(eligible.map((antenna) => [antenna.id, antenna.name]));
    const assemblies = createAssembliesRepository({ db });
    for (const antennaId of involved) {
      if (!names.has(antennaId))
        names.set(antennaId, (await assemblies.findById(antennaId))?.name ?? '');
    }
    const members = createMembersRepository({ db });
    const voters = new Set(
      (await members.list(meeting.assemblyId))
        .filter((member) => member.votingRight)
        .map((member) => member.userId),
    );
    const designated = new Set(rows.map((row) => row.delegate.userId));
    const antennas: MeetingDelegates['antennas'] = [];
    for (const antennaId of [...involved].sort((a, b) =>
      (names.get(a) ?? '').localeCompare(names.get(b) ?? '', 'fr'),
    )) {
      antennas.push({
        antenna: { id: antennaId, name: names.get(antennaId) ?? '' },
        seats: quotas.find((quota) => quota.antennaId === antennaId)?.seats ?? 0,
        delegates: rows
          .filter((row) => row.delegate.antennaId === antennaId)
          .map(({ delegate, ...row }) => ({
            person: { id: delegate.userId, name: row.name },
            antennaId,
            designatedBy: { id: delegate.designatedBy, name: row.designatedByName },
            designatedAt: delegate.designatedAt.toISOString(),
            accreditedAt: delegate.accreditedAt?.toISOString() ?? null,
            accreditedBy: delegate.accreditedBy
              ? { id: delegate.accreditedBy, name: row.accreditedByName ?? '' }
              : null,
            accreditedSite: delegate.accreditedSiteId
              ? { id: delegate.accreditedSiteId, name: row.accreditedSiteName ?? '' }
              : null,
            present: Boolean(row.present),
            siteId: row.present ? row.siteId : null,
          })),
        candidates: designates.includes(antennaId)
          ? (await members.list(antennaId))
              .filter((member) => voters.has(member.userId) && !designated.has(member.userId))
              .map((member) => ({ id: member.userId, name: member.name }))
          : null,
      });
    }
    return {
      meeting: {
        id: meeting.id,
        assemblyId: meeting.assemblyId,
        title: meeting.title,
        status: meeting.status,
        accreditationRequired: meeting.accreditationRequired,
      },
      antennas,
      eligibleAntennas: runs ? eligible : [],
      sites: sites.map(({ id, name, antennaId }) => ({ id, name, antennaId })),
      viewer: { runs, designates, accreditsAt },
      totals: {
        seats: quotas.reduce((sum, quota) => sum + quota.seats, 0),
        designated: rows.length,
        accredited: rows.filter((row) => row.delegate.accreditedAt !== null).length,
      },
    } satisfies MeetingDelegates;
  }

  return {
    rollUp,

    /** Every antenna's quota at once, by the meeting's secretary; never below who is designated. */
    async setQuotas(actor: User, permissions: Actor, meetingId: string, body: DelegateQuotasBody) {
      const meeting = await meetings.load(permissions, meetingId, 'meeting.run');
      requireNotEnded(meeting);
      const eligible = new Set((await eligibleAntennas(meeting)).map((antenna) => antenna.id));
      body.quotas.forEach((quota, index) => {
        if (!eligible.has(quota.antennaId))
          throw new AppError(
            400,
            'validation.invalid',
            'Not an antenna of this meeting’s federation.',
            `quotas.${index}.antennaId`,
          );
      });
      await db.transaction(async (tx) => {
        await createMeetingsRepository({ db: tx }).findById(meetingId, { lock: true });
        const accreditation = createAccreditationRepository({ db: tx });
        const designated = await accreditation.delegates(meetingId);
        const counts = new Map<string, number>();
        for (const row of designated)
          counts.set(row.delegate.antennaId, (counts.get(row.delegate.antennaId) ?? 0) + 1);
        for (const [antennaId, count] of counts) {
          const index = body.quotas.findIndex((quota) => quota.antennaId === antennaId);
          if ((body.quotas[index]?.seats ?? 0) < count)
            throw new AppError(
              409,
              'delegates.quota_below_designated',
              `This antenna has ${count} delegates designated: withdraw some first.`,
              index >= 0 ? `quotas.${index}.seats` : 'quotas',
            );
        }
        await accreditation.replaceQuotas(meetingId, body.quotas);
        await appendMeetingEvent(tx, meeting, actor.id, 'delegate.quotas_set', {
          quotas: body.quotas.filter((quota) => quota.seats > 0),
        });
      });
      return rollUp(actor, permissions, meetingId);
    },

    /**
     * An antenna's secretary designates one of its members who votes in the meeting's
     * assembly, within the antenna's quota.
     */
    async designate(
      actor: User,
      permissions: Actor,
      meetingId: string,
      body: { userId: string; antennaId: string },
    ) {
      const meeting = await findMeeting(meetingId);
      requireNotEnded(meeting);
      const antenna = await createAssembliesRepository({ db }).findById(body.antennaId);
      if (antenna?.kind !== 'antenna')
        throw new AppError(400, 'validation.invalid', 'Not an antenna.', 'antennaId');
      requirePermission(
        permissions,
        'delegate.designate',
        { assemblyId: antenna.id },
        'Only the antenna’s secretary designates its delegates.',
      );
      const members = createMembersRepository({ db });
      const [ofAntenna, inMeeting] = await Promise.all([
        members.find(antenna.id, body.userId),
        members.find(meeting.assemblyId, body.userId),
      ]);
      if (!ofAntenna)
        throw new AppError(
          400,
          'delegates.not_member',
          'A delegate is a member of the antenna.',
          'userId',
        );
      if (!inMeeting?.votingRight)
        throw new AppError(
          400,
          'delegates.no_voting_right',
          'A delegate holds the voting right in the meeting’s assembly.',
          'userId',
        );
      await db.transaction(async (tx) => {
        // One designation at a time per meeting: two secretaries cannot both take the last seat.
        await createMeetingsRepository({ db: tx }).findById(meetingId, { lock: true });
        const accreditation = createAccreditationRepository({ db: tx });
        if (await accreditation.delegate(meetingId, body.userId))
          throw new AppError(
            409,
            'delegates.already_designated',
            'This person is already a delegate to this meeting.',
            'userId',
          );
        const seats =
          (await accreditation.quotas(meetingId)).find((quota) => quota.antennaId === antenna.id)
            ?.seats ?? 0;
        if ((await accreditation.designatedCount(meetingId, antenna.id)) >= seats)
          throw new AppError(
            409,
            'delegates.over_quota',
            `The antenna’s quota (${seats}) is reached.`,
            'userId',
          );
        await accreditation.designate({
          meetingId,
          userId: body.userId,
          antennaId: antenna.id,
          designatedBy: actor.id,
        });
        await appendMeetingEvent(tx, meeting, actor.id, 'delegate.designated', {
          userId: body.userId,
          antennaId: antenna.id,
        });
      });
      return rollUp(actor, permissions, meetingId);
    },

    /** The antenna's secretary withdraws a delegate; their accreditation goes with them. */
    async withdraw(actor: User, permissions: Actor, meetingId: string, userId: string) {
      const meeting = await findMeeting(meetingId);
      requireNotEnded(meeting);
      const row = await repository.delegate(meetingId, userId);
      if (!row) throw new AppError(404, 'delegates.not_found', 'Not a delegate to this meeting.');
      requirePermission(
        permissions,
        'delegate.designate',
        { assemblyId: row.delegate.antennaId },
        'Only the antenna’s secretary withdraws its delegates.',
      );
      await db.transaction(async (tx) => {
        await createMeetingsRepository({ db: tx }).findById(meetingId, { lock: true });
        await createAccreditationRepository({ db: tx }).withdraw(meetingId, userId);
        await appendMeetingEvent(tx, meeting, actor.id, 'delegate.withdrawn', {
          userId,
          antennaId: row.delegate.antennaId,
          accredited: row.delegate.accreditedAt !== null,
        });
      });
      return rollUp(actor, permissions, meetingId);
    },

    /**
     * At a site's desk: the site's secretary (or the meeting's) accredits a designated delegate
     * and checks them in there. A site of an antenna accredits that antenna's delegates only;
     * a site of none (the hall, online) any delegate. Accredited once, a delegate stays so for
     * the meeting: coming back later, they check in again as anyone does.
     */
    async accredit(
      actor: User,
      permissions: Actor,
      meetingId: string,
      userId: string,
      siteId: string,
    ) {
      const meeting = await findMeeting(meetingId);
      requireNotEnded(meeting);
      const site = await meetingsRepository.site(siteId);
      if (!site || site.meetingId !== meetingId)
        throw new AppError(400, 'validation.invalid', 'No such site.', 'siteId');
      const runs = allows(permissions, 'meeting.run', { assemblyId: meeting.assemblyId });
      if (!runs && site.secretaryId !== actor.id)
        throw new AppError(
          403,
          'auth.forbidden',
          'Only the site’s secretary or the meeting’s accredits here.',
        );
      if (!meeting.accreditationRequired)
        throw new AppError(
          409,
          'delegates.not_required',
          'This meeting does not require accreditation.',
        );
      const row = await repository.delegate(meetingId, userId);
      if (!row)
        throw new AppError(404, 'delegates.not_found', 'Not a delegate to this meeting.', 'userId');
      if (!runs && site.antennaId && site.antennaId !== row.delegate.antennaId)
        throw new AppError(
          403,
          'delegates.wrong_site',
          `A delegate of ${row.antennaName} is accredited at their antenna’s site or by the meeting’s secretary.`,
          'siteId',
        );
      if (!(await createMembersRepository({ db }).find(meeting.assemblyId, userId)))
        throw new AppError(404, 'members.not_found', 'Not a member of this assembly.', 'userId');
      await db.transaction(async (tx) => {
        const locked = (await createMeetingsRepository({ db: tx }).findById(meetingId, {
          lock: true,
        }))!;
        const accreditation = createAccreditationRepository({ db: tx });
        // Withdrawn meanwhile: the meeting's lock orders this after the withdrawal.
        const current = await accreditation.delegate(meetingId, userId);
        if (!current)
          throw new AppError(
            404,
            'delegates.not_found',
            'Not a delegate to this meeting.',
            'userId',
          );
        await meetings.recordCheckIn(tx, locked, actor.id, userId, site.id);
        if (current.delegate.accreditedAt) return;
        await accreditation.accredit(meetingId, userId, actor.id, site.id);
        await appendMeetingEvent(tx, locked, actor.id, 'delegate.accredited', {
          userId,
          antennaId: row.delegate.antennaId,
          siteId: site.id,
        });
      });
      return rollUp(actor, permissions, meetingId);
    },
  };
}

export type AccreditationService = ReturnType<typeof createAccreditationService>;
