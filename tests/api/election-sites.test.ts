/**
 * Elections held in a decentralised meeting: some people vote in the app where they are checked
 * in, a site's secretary enters the site's paper ballots, and the count adds both. What a
 * secretary and the people in the rooms would notice: each person counted once (in the app or
 * under their site's paper count, never both), a site's paper ballots never more than the people
 * there, site secretaries for their own site only, proxies, and the paper counts' refusals per
 * method (majority judgment profiles, plurality votes, STV rankings).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@cercle/db';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { electionOfMeeting, meetingWithTwoSites } from '../support/election-meeting.ts';
import { createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });

/** Grades of the default French scale: 0 = Excellent … 6 = À rejeter. */
const grades = (x: number, y: number, z: number, ids: string[]) => ({
  grades: { [ids[0]!]: x, [ids[1]!]: y, [ids[2]!]: z },
});

describe('a majority judgment board elected in two rooms', () => {
  it('adds the app ballots and a site’s paper count, each person once, the site’s count replaced when entered again', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 10 });
    const { voters, siteA, siteB, secretaryOfA, secretaryOfB, checkIn } = setup;
    const [a1, a2, a3, , , b1, b2, b3, , late] = voters as Person[];
    const election = await electionOfMeeting(setup, { method: 'majority_judgment', seats: 2 }, [
      a1!,
      b1!,
      voters[8]!,
    ]);
    const ids = election.candidateIds;
    const [x, y, z] = ids as [string, string, string];
    for (const who of [a1!, a2!, a3!]) await checkIn(who, siteA);
    for (const who of [secretaryOfB, b1!, b2!, b3!]) await checkIn(who, siteB);
    const opened = await election.openRound();
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    // Electorate: the secretary, 10 voters and the two site secretaries.
    expect(opened.body.election.rounds[0]).toMatchObject({ status: 'open', electorate: 13 });

    // In the app at Montpellier: two graded ballots and a blank one; at Rouen, b3 votes in the
    // app before the paper count.
    expect((await election.vote(a1!, grades(0, 2, 4, ids))).body.status).toBe('counted');
    expect((await election.vote(a2!, grades(1, 1, 5, ids))).body.status).toBe('counted');
    expect((await election.vote(a3!, { grades: {} })).body.status).toBe('counted');
    expect((await election.vote(b3!, grades(2, 1, 4, ids))).body.status).toBe('counted');

    // Rouen has 4 people present; b3 voted in the app: its paper count holds at most 3.
    const paper = (ballots: number, blank: number, profiles: Record<string, number[]>) => ({
      siteId: siteB.id,
      ballots,
      blank,
      profiles,
    });
    const fourAtRouen = await election.siteCounts(secretaryOfB, paper(4, 1, {}));
    expect(fourAtRouen.status).toBe(409);
    expect(fourAtRouen.body.error.code).toBe('site_counts.too_many');
    // Another site's secretary, and a member, may not enter Rouen's count.
    const byMontpellier = await election.siteCounts(secretaryOfA, paper(3, 1, {}));
    expect(byMontpellier.status).toBe(403);
    expect((await election.siteCounts(b1!, paper(3, 1, {}))).status).toBe(403);
    // A refused count covers nobody: b1 could still vote in the app here (she does not).
    expect((await election.view(b1!)).body.election.rounds[0].me.countedAtSite).toBeNull();

    const first = await election.siteCounts(
      secretaryOfB,
      paper(3, 1, { [x]: [1, 1], [y]: [0, 0, 2], [z]: [0, 0, 0, 0, 2] }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.election.rounds[0].participation).toBe(4 + 3);
    // Those under Rouen's paper count cannot also vote in the app, and are told so.
    const again = await election.vote(b1!, grades(0, 0, 0, ids));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ballots.counted_at_site');
    expect((await election.view(b1!)).body.election.rounds[0].me).toMatchObject({
      answered: false,
      countedAtSite: siteB.id,
    });

    // Someone arrives at Rouen late: the site counts again with her, and its new count replaces
    // the first one (4 paper ballots, not 3 + 4).
    await checkIn(late!, siteB);
    const fiveAtRouen = await election.siteCounts(secretaryOfB, paper(5, 1, {}));
    expect(fiveAtRouen.body.error.code).toBe('site_counts.too_many');
    const replaced = await election.siteCounts(
      secretaryOfB,
      paper(4, 1, { [x]: [2, 1], [y]: [0, 0, 3], [z]: [0, 0, 0, 0, 2, 1] }),
    );
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.election.rounds[0].participation).toBe(4 + 4);
    expect((await election.vote(late!, grades(0, 0, 0, ids))).body.error.code).toBe(
      'ballots.counted_at_site',
    );

    const closed = await election.close();
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const result = closed.body.election.rounds[0].result;
    // 8 ballots: 4 in the app (one blank), 4 on paper (one blank). Expressed 3 + 3 = 6.
    expect(result).toMatchObject({ outcome: 'counted', ballots: 8, participants: 8 });
    expect(result.count).toMatchObject({ expressed: 6, blank: 2 });
    // Profiles, app + paper (a name left ungraded on paper takes the lowest grade, 6):
    //   x: app 0, 1, 2; paper 0, 0, 1        → [3, 2, 1, 0, 0, 0, 0], majority grade 1 (5 of 6 at 1 or better)
    //   y: app 2, 1, 1; paper 2, 2, 2        → [0, 2, 4, 0, 0, 0, 0], majority grade 2
    //   z: app 4, 5, 4; paper 4, 4, 5        → [0, 0, 0, 0, 4, 2, 0], majority grade 4
    const profileOf = (id: string) =>
      result.count.standings.find((s: { candidateId: string }) => s.candidateId === id);
    expect(profileOf(x)).toMatchObject({ profile: [3, 2, 1, 0, 0, 0, 0], majorityGrade: 1 });
    expect(profileOf(y)).toMatchObject({ profile: [0, 2, 4, 0, 0, 0, 0], majorityGrade: 2 });
    expect(profileOf(z)).toMatchObject({ profile: [0, 0, 0, 0, 4, 2, 0], majorityGrade: 4 });
    expect(result.count.order).toEqual([x, y, z]);
    expect(closed.body.election.elected.map((h: { candidateId: string }) => h.candidateId)).toEqual(
      [x, y],
    );
    // By site, a secret round publishes no cell under 5 ballots: Montpellier (3) is merged, and
    // Rouen (1 in the app + 4 on paper = 5), the smallest shown, joins it to reach 5.
    expect(result.bySite).toEqual({});
    expect(result.privacy.otherSites).toMatchObject({ groups: 2, cell: { ballots: 8, blank: 2 } });
    const verify = await t.call(
      setup.secretary,
      'GET',
      `/api/assemblies/${setup.assembly.id}/audit/verify`,
    );
    expect(verify.body).toMatchObject({ valid: true });
  });

  it('counts a proxy once: carried in the app, or represented under the holder’s site count', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 6 });
    const { voters, siteA, siteB, secretaryOfA, secretaryOfB, checkIn, giveProxy } = setup;
    const [holderA, grantorA, onPaperA, holderB, grantorB] = voters as Person[];
    const election = await electionOfMeeting(setup, { method: 'majority_judgment', seats: 1 }, [
      voters[5]!,
      holderA!,
      holderB!,
    ]);
    const ids = election.candidateIds;
    await checkIn(holderA!, siteA);
    await checkIn(onPaperA!, siteA);
    await checkIn(holderB!, siteB);
    expect((await giveProxy(grantorA!, holderA!)).status).toBe(201);
    expect((await giveProxy(grantorB!, holderB!)).status).toBe(201);
    expect((await election.openRound()).status).toBe(200);

    // The holder votes for herself and, in the app, for her grantor.
    expect((await election.vote(holderA!, grades(0, 1, 2, ids))).body.status).toBe('counted');
    const carried = { onBehalfOf: grantorA!.id, clientBallotId: 'proxy-ballot-0001' };
    const forGrantor = await election.vote(holderA!, grades(3, 3, 3, ids), carried);
    expect(forGrantor.body).toMatchObject({ status: 'counted', participation: 2 });
    // A resend of the same ballot counts once; another ballot for the grantor is refused (secret).
    const resent = await election.vote(holderA!, grades(3, 3, 3, ids), carried);
    expect(resent.body).toMatchObject({ status: 'already_counted', participation: 2 });
    const secondForGrantor = await election.vote(holderA!, grades(0, 0, 0, ids), {
      onBehalfOf: grantorA!.id,
    });
    expect(secondForGrantor.status).toBe(409);
    expect(secondForGrantor.body.error.code).toBe('ballots.already_cast');
    // Someone else's grantor is not hers to carry.
    const notHers = await election.vote(holderA!, grades(0, 0, 0, ids), {
      onBehalfOf: grantorB!.id,
    });
    expect(notHers.body.error.code).toBe('ballots.no_proxy');
    // The grantor arrives (her proxy ends): her vote is already in.
    await checkIn(grantorA!, siteA);
    const herself = await election.vote(grantorA!, grades(0, 0, 0, ids));
    expect(herself.status).toBe(409);
    expect(herself.body.error.code).toBe('ballots.already_cast');
    // Montpellier's paper ballots: holderA and grantorA voted in the app; only onPaperA is left.
    const twoOnPaper = await election.siteCounts(secretaryOfA, {
      siteId: siteA.id,
      ballots: 2,
      blank: 2,
      profiles: {},
    });
    expect(twoOnPaper.body.error.code).toBe('site_counts.too_many');
    const oneOnPaper = await election.siteCounts(secretaryOfA, {
      siteId: siteA.id,
      ballots: 1,
      blank: 1,
      profiles: {},
    });
    expect(oneOnPaper.status).toBe(200);

    // At Rouen, grantorB is represented by holderB: both go under Rouen's paper count, and the
    // holder can no longer carry her vote in the app.
    const rouen = await election.siteCounts(secretaryOfB, {
      siteId: siteB.id,
      ballots: 2,
      blank: 0,
      profiles: { [ids[0]!]: [2] },
    });
    expect(rouen.status, JSON.stringify(rouen.body)).toBe(200);
    const late = await election.vote(holderB!, grades(0, 0, 0, ids), { onBehalfOf: grantorB!.id });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ballots.counted_at_site');

    const closed = await election.close();
    const result = closed.body.election.rounds[0].result;
    // 2 in the app (holderA, grantorA), 1 on paper at Montpellier, 2 on paper at Rouen.
    expect(closed.body.election.rounds[0].participation).toBe(5);
    expect(result).toMatchObject({ ballots: 5, participants: 5 });
    // Blank: 1 (Montpellier's paper); expressed: 2 (app) + 2 (Rouen) = 4.
    expect(result.count).toMatchObject({ expressed: 4, blank: 1 });
    // Each person at most one participation, in the app or under a site.
    const rows = await queryRows<{ voter_id: string; method: string; cast_by: string | null }>(
      t.app.db,
      sql`select voter_id, method, cast_by from participations
          where poll_id = ${closed.body.election.rounds[0].pollId} order by voter_id`,
    );
    const byVoter = new Map(rows.map((row) => [row.voter_id, row]));
    expect(rows).toHaveLength(byVoter.size);
    expect(byVoter.get(grantorA!.id)).toMatchObject({ method: 'app', cast_by: holderA!.id });
    expect(byVoter.get(grantorB!.id)).toMatchObject({ method: 'hands' });
  });

  it('opens no round while its meeting is not live', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 3, start: false });
    const election = await electionOfMeeting(setup, { method: 'majority_judgment', seats: 1 }, [
      setup.voters[0]!,
      setup.voters[1]!,
    ]);
    const scheduled = await election.openRound();
    expect(scheduled.status).toBe(409);
    expect(scheduled.body.error.code).toBe('meetings.invalid_state');
    const { call, secretary, meetingId } = setup;
    await call(secretary, 'POST', `/api/meetings/${meetingId}/start`);
    await call(secretary, 'POST', `/api/meetings/${meetingId}/end`);
    const ended = await election.openRound();
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('meetings.invalid_state');
    expect((await election.view()).body.election).toMatchObject({
      status: 'published',
      rounds: [],
    });
  });
});

describe('paper counts in the method’s form', () => {
  it('takes plurality votes per name, refusing names off the ballot and more votes than ballots', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 7 });
    const { voters, siteA, siteB, secretaryOfB, checkIn } = setup;
    const election = await electionOfMeeting(setup, {
      subject: 'options',
      title: 'Ville du prochain congrès',
      method: 'plurality',
      options: ['Lyon', 'Nantes', 'Lille'],
    });
    const [lyon, nantes, lille] = election.candidateIds as [string, string, string];
    for (const who of voters.slice(0, 3)) await checkIn(who, siteA);
    for (const who of voters.slice(3, 7)) await checkIn(who, siteB);
    expect((await election.openRound()).status).toBe(200);
    for (const [index, mark] of [lyon, lyon, lille].entries()) {
      expect((await election.vote(voters[index]!, { marks: [mark] })).body.status).toBe('counted');
    }
    // Rouen: 4 paper ballots, 1 blank, so 3 expressed, each naming one city at most.
    const rouen = (votes: Record<string, number>) =>
      election.siteCounts(secretaryOfB, { siteId: siteB.id, ballots: 4, blank: 1, votes });
    const offBallot = await rouen({ [lyon]: 1, 'not-a-candidate': 1 });
    expect(offBallot).toMatchObject({
      status: 400,
      body: { error: { code: 'validation.invalid', field: 'votes' } },
    });
    // 4 votes for Nantes out of 3 expressed ballots.
    expect((await rouen({ [nantes]: 4 })).body.error.field).toBe('votes');
    // 2 + 2 = 4 names on 3 ballots of one name each.
    expect((await rouen({ [lyon]: 2, [nantes]: 2 })).body.error.field).toBe('votes');
    expect(
      (await election.siteCounts(secretaryOfB, { siteId: siteB.id, ballots: 4, blank: 1 })).body
        .error.field,
    ).toBe('votes');
    // Refused counts cover nobody: the Rouen voters are not under a count yet.
    expect((await election.view()).body.election.rounds[0].participation).toBe(3);
    const counted = await rouen({ [lyon]: 1, [nantes]: 2 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);

    const result = (await election.close()).body.election.rounds[0].result;
    // Lyon 2 (app) + 1 (paper) = 3, Nantes 0 + 2 = 2, Lille 1 + 0 = 1; expressed 3 + 3 = 6;
    // blank 0 + 1 = 1; ballots 3 + 4 = 7.
    expect(result).toMatchObject({ ballots: 7 });
    expect(result.count).toMatchObject({ expressed: 6, blank: 1 });
    const votesOf = (id: string) =>
      result.count.standings.find((s: { candidateId: string }) => s.candidateId === id).votes;
    expect([votesOf(lyon), votesOf(nantes), votesOf(lille)]).toEqual([3, 2, 1]);
    expect(result.count.seats.elected).toEqual([
      { candidateId: lyon, reservedFor: null, round: 1 },
    ]);
    // An open round shows each site: what its app ballots and its paper gave.
    expect(result.bySite).toEqual({
      [siteA.id]: { ballots: 3, blank: 0, byCandidate: { [lyon]: [2], [lille]: [1] } },
      [siteB.id]: { ballots: 4, blank: 1, byCandidate: { [lyon]: [1], [nantes]: [2] } },
    });
  });

  it('takes STV rankings that add up to the ballots that are not blank', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 7 });
    const { voters, siteA, siteB, secretaryOfB, checkIn } = setup;
    const election = await electionOfMeeting(setup, {
      subject: 'options',
      title: 'Thèmes de campagne',
      method: 'stv',
      seats: 2,
      options: ['Alimentation', 'Monnaies locales', 'Logement'],
    });
    const [food, money, housing] = election.candidateIds as [string, string, string];
    for (const who of voters.slice(0, 3)) await checkIn(who, siteA);
    for (const who of voters.slice(3, 7)) await checkIn(who, siteB);
    expect((await election.openRound()).status).toBe(200);
    const app = [[food, money], [food, housing], [money]];
    for (const [index, ranking] of app.entries()) {
      expect((await election.vote(voters[index]!, { ranking })).body.status).toBe('counted');
    }
    // Rouen: 4 paper ballots, 1 blank: the rankings written must number 3.
    const rouen = (rankings: { ranking: string[]; count: number }[]) =>
      election.siteCounts(secretaryOfB, { siteId: siteB.id, ballots: 4, blank: 1, rankings });
    const tooFew = await rouen([{ ranking: [food, money], count: 2 }]);
    expect(tooFew).toMatchObject({ status: 400, body: { error: { field: 'rankings' } } });
    const tooMany = await rouen([
      { ranking: [food, money], count: 2 },
      { ranking: [housing], count: 2 },
    ]);
    expect(tooMany.body.error.field).toBe('rankings');
    const twice = await rouen([
      { ranking: [food, food], count: 2 },
      { ranking: [housing], count: 1 },
    ]);
    expect(twice.body.error.field).toBe('rankings');
    const offBallot = await rouen([
      { ranking: [food, 'not-an-option'], count: 2 },
      { ranking: [housing], count: 1 },
    ]);
    expect(offBallot.body.error.field).toBe('rankings');
    const counted = await rouen([
      { ranking: [food, money], count: 2 },
      { ranking: [housing], count: 1 },
    ]);
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);

    const closed = (await election.close()).body.election;
    const result = closed.rounds[0].result;
    expect(result.ballots).toBe(7);
    // 6 rankings (3 app + 3 paper), 1 blank. Quota ⌊6 / 3⌋ + 1 = 3. First preferences: food
    // 2 (app) + 2 (paper) = 4, elected with a surplus of 1; money 1 (app); housing 1 (paper).
    // Food's surplus goes on at 1/4 per ballot: 3 ballots to money (1 app + 2 paper), 1 to
    // housing: money 1 + 3/4, housing 1 + 1/4. Nobody reaches 3; housing, the lowest, is
    // excluded, and money takes the last seat.
    expect(result.count).toMatchObject({ method: 'stv', quota: 3, blank: 1 });
    expect(closed.elected.map((h: { candidateId: string }) => h.candidateId)).toEqual([
      food,
      money,
    ]);
  });
});

describe('a site count in an assembly that weighs its colleges', () => {
  it('keeps each college’s paper count at a site beside the other’s', async () => {
    const setup = await meetingWithTwoSites(t, { voters: 4 });
    const { voters, siteA, secretaryOfA, checkIn, call, assembly } = setup;
    const admin = await createUser(t.app, { name: 'Secrétariat national', isAdmin: true });
    const adminPerson = {
      id: admin.id,
      name: admin.name,
      cookie: await signIn(t.app, admin.email),
    };
    const colleges = await call(adminPerson, 'PUT', `/api/assemblies/${assembly.id}/colleges`, {
      colleges: [
        { name: 'Structures', share: 0.5 },
        { name: 'Personnes', share: 0.5 },
      ],
    });
    const [structures, persons] = colleges.body.colleges as { id: string }[];
    for (const [index, voter] of voters.entries()) {
      await call(setup.secretary, 'PATCH', `/api/assemblies/${assembly.id}/members/${voter.id}`, {
        collegeId: index < 2 ? structures!.id : persons!.id,
      });
    }
    await call(adminPerson, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { collegeWeighting: true },
    });
    const election = await electionOfMeeting(setup, {
      subject: 'options',
      title: 'Ville du prochain congrès',
      method: 'plurality',
      options: ['Lyon', 'Nantes'],
    });
    const [lyon, nantes] = election.candidateIds as [string, string];
    for (const voter of voters) await checkIn(voter, siteA);
    expect((await election.openRound()).status).toBe(200);
    const montpellier = (collegeId: string | undefined, votes: Record<string, number>) =>
      election.siteCounts(secretaryOfA, {
        siteId: siteA.id,
        ...(collegeId ? { collegeId } : {}),
        ballots: 2,
        blank: 0,
        votes,
      });
    expect((await montpellier(undefined, { [lyon]: 2 })).body.error.code).toBe(
      'site_counts.college_required',
    );
    expect((await montpellier('no-such-college', { [lyon]: 2 })).status).toBe(400);
    expect((await montpellier(structures!.id, { [lyon]: 2 })).status).toBe(200);
    expect((await montpellier(persons!.id, { [nantes]: 2 })).status).toBe(200);
    // The structures' count stays when the persons' is entered.
    expect((await election.view()).body.election.rounds[0].participation).toBe(4);
    const result = (await election.close()).body.election.rounds[0].result;
    // Each college weighs 0.5 over its 2 expressed ballots: Lyon 2 × 0.25 = 0.5, Nantes 0.5.
    expect(result).toMatchObject({ ballots: 4, weighted: true });
    const votesOf = (id: string) =>
      result.count.standings.find((s: { candidateId: string }) => s.candidateId === id).votes;
    expect([votesOf(lyon), votesOf(nantes)]).toEqual([0.5, 0.5]);
  });
});
