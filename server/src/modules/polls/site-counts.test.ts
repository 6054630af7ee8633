import { describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { type MeetingSiteRow, members, participations, siteCounts, type User } from '@cercle/db';
import type { SiteCountsBody } from '@cercle/shared';
import { testDatabaseForThisFile } from '../../../../tests/support/database.ts';
import { pollsFixture } from '../../../../tests/support/polls-fixture.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { choiceStore, createBallotBatcher } from './ballot-batcher.ts';
import { createSiteCounts } from './site-counts.ts';

const { db } = await testDatabaseForThisFile();

/**
 * A live meeting at two sites. Montpellier: Ana, who answered in the app before the count, Ben,
 * and Chloé holding Denis's proxy; Toulouse: Emma. Farid is away and represented by nobody. So
 * three are under Montpellier's show of hands: Ben, Chloé and Denis. `weighted`: the assembly
 * weighs two colleges, Ben and Chloé producers, everyone else citizens.
 */
async function meetingPoll({ weighted = false } = {}) {
  const f = await pollsFixture(db, { voters: 6, settings: { collegeWeighting: weighted } });
  const [ana, ben, chloe, denis, emma] = f.voters as [User, User, User, User, User];
  const colleges = weighted ? await twoColleges(f.assembly.id, [ben, chloe]) : null;
  const room = await f.liveMeeting(['Montpellier', 'Toulouse']);
  const [montpellier, toulouse] = room.sites as [MeetingSiteRow, MeetingSiteRow];
  for (const person of [ana, ben, chloe]) await room.checkIn(person, montpellier);
  await room.checkIn(emma, toulouse);
  await room.proxy(denis, chloe);
  const poll = await f.openPoll({ meetingId: room.meeting.id });
  const batcher = createBallotBatcher({ db, store: choiceStore });
  const cast = (voter: User, castBy = voter) =>
    batcher.submit(poll, {
      voterId: voter.id,
      castBy: castBy.id,
      answer: 'yes',
      reason: null,
      clientBallotId: `${voter.id}-${castBy.id}`,
      collegeId: null,
    });
  await cast(ana);
  const counts = createSiteCounts({ db, view: f.view });
  const enter = (body: SiteCountsBody) => counts.enter(f.secretary, f.permissions, poll.id, body);
  return { f, poll, colleges, montpellier, cast, enter, ana, ben, chloe, denis, emma };
}

/** Producers (`producers`) and citizens (every other member), half the say each. */
async function twoColleges(assemblyId: string, producers: User[]) {
  const assemblies = createAssembliesRepository({ db });
  const producer = await assemblies.addCollege(assemblyId, { name: 'Producteurs', share: 0.5 });
  const citizen = await assemblies.addCollege(assemblyId, { name: 'Citoyens', share: 0.5 });
  await db.update(members).set({ collegeId: citizen.id }).where(eq(members.assemblyId, assemblyId));
  await db
    .update(members)
    .set({ collegeId: producer.id })
    .where(
      and(
        eq(members.assemblyId, assemblyId),
        inArray(
          members.userId,
          producers.map((user) => user.id),
        ),
      ),
    );
  return { producer: producer.id, citizen: citizen.id };
}

const handsOf = async (pollId: string) =>
  (
    await db
      .select({ voterId: participations.voterId, siteId: participations.siteId })
      .from(participations)
      .where(and(eq(participations.pollId, pollId), eq(participations.method, 'hands')))
  ).sort((a, b) => a.voterId.localeCompare(b.voterId));
const countsOf = (pollId: string) =>
  db
    .select({ choice: siteCounts.choice, count: siteCounts.count, siteId: siteCounts.siteId })
    .from(siteCounts)
    .where(eq(siteCounts.pollId, pollId));

describe('site counts', () => {
  it('refuses more answers than people under the site’s show of hands, and then puts nobody under it', async () => {
    const { poll, montpellier, enter, cast, ben, denis, chloe } = await meetingPoll();

    await expect(
      enter({
        siteId: montpellier.id,
        counts: [
          { choice: 'yes', count: 3 },
          { choice: 'no', count: 1 },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'site_counts.too_many', field: 'counts' });

    expect(await countsOf(poll.id)).toEqual([]);
    expect(await handsOf(poll.id)).toEqual([]);
    expect(await cast(ben)).toMatchObject({ status: 'counted' });
    expect(await cast(denis, chloe)).toMatchObject({ status: 'counted', participation: 3 });
  });

  it('puts the site’s present and represented people under the counts: none of them can vote in the app any more', async () => {
    const s = await meetingPoll();

    const view = await s.enter({
      siteId: s.montpellier.id,
      counts: [
        { choice: 'yes', count: 2 },
        { choice: 'no', count: 1 },
      ],
    });

    expect(view.participation).toBe(4); // Ana in the app, three hands
    const under = [s.ben, s.chloe, s.denis]
      .map((person) => ({ voterId: person.id, siteId: s.montpellier.id }))
      .sort((a, b) => a.voterId.localeCompare(b.voterId));
    expect(await handsOf(s.poll.id)).toEqual(under);
    for (const [voter, castBy] of [
      [s.ben, s.ben],
      [s.chloe, s.chloe],
      [s.denis, s.chloe],
    ] as const) {
      await expect(s.cast(voter, castBy)).rejects.toMatchObject({
        statusCode: 409,
        code: 'ballots.counted_at_site',
      });
    }
    // Who answered in the app, or sits at another site, is not under Montpellier's hands.
    expect(await s.cast(s.ana)).toMatchObject({ status: 'already_counted' });
    expect(await s.cast(s.emma)).toMatchObject({ status: 'counted', participation: 5 });

    // A correction covers the same show of hands: no more room than before, and it replaces.
    await expect(
      s.enter({ siteId: s.montpellier.id, counts: [{ choice: 'yes', count: 4 }] }),
    ).rejects.toMatchObject({ code: 'site_counts.too_many' });
    await s.enter({ siteId: s.montpellier.id, counts: [{ choice: 'abstain', count: 3 }] });
    expect(await countsOf(s.poll.id)).toEqual([
      { choice: 'abstain', count: 3, siteId: s.montpellier.id },
    ]);
    expect(await handsOf(s.poll.id)).toEqual(under);
  });

  it('holds the room per college when the assembly weighs colleges', async () => {
    const { poll, colleges, montpellier, enter } = await meetingPoll({ weighted: true });
    const { producer, citizen } = colleges!;

    // Three under the hands in all, but one citizen among them (Denis).
    await expect(
      enter({ siteId: montpellier.id, counts: [{ choice: 'yes', count: 2, collegeId: citizen }] }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'site_counts.too_many',
      field: 'counts.0.count',
    });
    await expect(
      enter({ siteId: montpellier.id, counts: [{ choice: 'yes', count: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'site_counts.college_required' });
    expect(await countsOf(poll.id)).toEqual([]);

    await enter({
      siteId: montpellier.id,
      counts: [
        { choice: 'yes', count: 2, collegeId: producer },
        { choice: 'no', count: 1, collegeId: citizen },
      ],
    });
    expect(await countsOf(poll.id)).toHaveLength(2);
  });

  it('refuses counts once the poll is closed', async () => {
    const { f, poll, montpellier, enter } = await meetingPoll();
    await f.lifecycle.close(poll.id, f.secretary.id);

    await expect(
      enter({ siteId: montpellier.id, counts: [{ choice: 'yes', count: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'polls.closed' });
    expect(await countsOf(poll.id)).toEqual([]);
  });
});
