/**
 * What the polls' unit tests (server/src/modules/polls/*.test.ts) stand on, written on a bare
 * migrated database through the repositories and the poll lifecycle itself, with no HTTP: an
 * assembly with a secretary and voters, admitted motions, open polls, a live meeting.
 */
import type { assemblies, Database, MeetingSiteRow, PollRow, User } from '@cercle/db';
import type { Actor, CreatePollBody } from '@cercle/shared';
import { createAssembliesRepository } from '../../server/src/modules/assemblies/assemblies.repository.ts';
import { requireOpenPhase } from '../../server/src/modules/congress/congress.phases.ts';
import { createMeetingsRepository } from '../../server/src/modules/meetings/meetings.repository.ts';
import { createMotionsRepository } from '../../server/src/modules/motions/motions.repository.ts';
import type { PollFollower } from '../../server/src/modules/polls/poll-followers.ts';
import { createPollCore } from '../../server/src/modules/polls/polls.service.ts';
import { addMember, createAssembly, createUser } from './fixtures.ts';

/** A follower that follows nothing, for tests where no other module needs to hear of a poll. */
export const noFollower: PollFollower = { opened: async () => {}, decided: async () => {} };

/**
 * An assembly (quorum 0 unless `settings` say otherwise) with a secretary and `voters` members holding the voting right, and the poll modules wired on `db`
 * as the app wires them, `followers` included.
 */
export async function pollsFixture(
  db: Database,
  options: {
    voters?: number;
    settings?: Partial<typeof assemblies.$inferInsert>;
    followers?: readonly PollFollower[];
  } = {},
) {
  const assembly = await createAssembly({ db });
  await createAssembliesRepository({ db }).update(assembly.id, {
    quorum: 0,
    supportersToAdmit: 0,
    ...options.settings,
  });
  /** A member who never signs in (no password to hash: these tests call the modules). */
  const member = async (name: string, role: 'member' | 'secretary' = 'member') => {
    const user = await createUser({ db }, { name, password: null });
    await addMember({ db }, assembly.id, user.id, role);
    return user;
  };
  const secretary = await member('Léa Garcia', 'secretary');
  const voters: User[] = [];
  for (let i = 0; i < (options.voters ?? 3); i += 1) voters.push(await member(`Votant ${i + 1}`));
  const permissions: Actor = {
    isAdmin: false,
    memberships: [{ assemblyId: assembly.id, role: 'secretary', votingRight: true }],
  };

  const { repository, view, lifecycle } = createPollCore({
    db,
    followers: options.followers ?? [noFollower],
    requireOpenPhase,
  });
  const motions = createMotionsRepository({ db });
  const meetings = createMeetingsRepository({ db });

  async function admittedMotion(title = 'Charte des antennes') {
    const motion = await motions.create({ assemblyId: assembly.id, title, authorId: secretary.id });
    return motions.update(motion.id, { status: 'admitted' });
  }

  /** A poll on a fresh admitted motion, created by the secretary (a simple-majority vote). */
  async function createdPoll(body: Partial<CreatePollBody> = {}): Promise<PollRow> {
    const motion = await admittedMotion();
    const kind = body.kind ?? 'vote';
    const created = await lifecycle.create(secretary, permissions, {
      motionId: motion.id,
      kind,
      ...(kind === 'vote' ? { rule: 'simple' as const } : {}),
      ...body,
      secret: body.secret ?? false,
    });
    return (await repository.findById(created.id))!;
  }

  /** The same, opened: its electorate is frozen. */
  async function openPoll(body: Partial<CreatePollBody> = {}): Promise<PollRow> {
    const poll = await createdPoll(body);
    await lifecycle.open(secretary, permissions, poll.id);
    return (await repository.findById(poll.id))!;
  }

  /** A live meeting of the assembly with one site per name; people check in at `site`. */
  async function liveMeeting(siteNames: string[] = ['Montpellier']) {
    const meeting = await meetings.create({
      assemblyId: assembly.id,
      title: 'Assemblée de printemps',
      mode: 'hybrid',
      status: 'live',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 2 * 3600_000),
      startedAt: new Date(),
      createdBy: secretary.id,
    });
    const sites: MeetingSiteRow[] = [];
    for (const [index, name] of siteNames.entries()) {
      sites.push(
        await meetings.addSite({
          meetingId: meeting.id,
          name,
          checkInCode: `${meeting.id.slice(0, 4)}${index}`.toUpperCase(),
        }),
      );
    }
    return {
      meeting,
      sites,
      checkIn: (user: User, site = sites[0]!) =>
        meetings.checkIn({
          meetingId: meeting.id,
          userId: user.id,
          siteId: site.id,
          checkedInBy: secretary.id,
        }),
      checkOut: (user: User) => meetings.checkOut(meeting.id, user.id),
      proxy: (grantor: User, holder: User) =>
        meetings.addProxy({ meetingId: meeting.id, grantorId: grantor.id, holderId: holder.id }),
    };
  }

  return {
    assembly,
    secretary,
    voters,
    member,
    permissions,
    repository,
    view,
    lifecycle,
    createdPoll,
    openPoll,
    liveMeeting,
  };
}
