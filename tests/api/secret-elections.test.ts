/**
 * A secret election round stays secret against whoever can read the database and the logs, as a
 * secret motion poll does (secret-ballots.test.ts, whose attacker this reuses): ballots cast in a
 * known order, one per batch (each its own transaction, the worst case), then the attacker tries
 * every route it knows to pair a voter with a ballot, while the round runs and after its close.
 * After the close nothing finer than the published count remains: no distinct ballots, nothing of
 * what a site's paper ballots said (only how many there were), only the result (whose small
 * cells are merged) and the closing event's digests.
 * It runs on each engine available: PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, queryRows } from '@cercle/db';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';
import { availableEngines, createTestDatabase } from '../support/database.ts';
import { assemblyForMeetings, electionOfMeeting, meetingOf } from '../support/election-meeting.ts';
import { bestPairing, dump, selectionsAmong } from '../support/secret-attacker.ts';

/** Three ballots of a round between two candidates, by name: graded two ways, and blank. */
const threeBallots = (first: string, second: string) => ({
  forFirst: { grades: { [first]: 0, [second]: 3 } },
  forSecond: { grades: { [first]: 5, [second]: 1 } },
  blank: { grades: {} },
});
type BallotName = keyof ReturnType<typeof threeBallots>;
const names: BallotName[] = ['forFirst', 'forSecond', 'blank'];

describe.each(availableEngines)('secret election rounds on %s', (engine) => {
  let database: DatabaseHandle;
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  const logLines: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase({ engine });
    t = await createTestApp({
      database,
      backgroundJobs: false,
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (line) => void logLines.push(line) },
    });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  /** The rows that mention the round, by table: what remains of it. */
  async function tablesHolding(pollId: string) {
    const rows = await dump(database);
    return [
      ...new Set(rows.filter((row) => row.values.has(pollId)).map((row) => row.table)),
    ].sort();
  }

  it('leaves no route from a voter to their ballot, during the round and after it', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 24 });
    const created = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Bureau, à bulletin secret',
      method: 'majority_judgment',
      seats: 1,
    });
    const id = created.body.election.id as string;
    expect(created.body.election.secret).toBe(true);
    for (const who of voters.slice(0, 2)) {
      await call(secretary, 'POST', `/api/elections/${id}/candidacies`, { userId: who.id });
    }
    const list = (await call(secretary, 'POST', `/api/elections/${id}/publish`)).body.election;
    const [first, second] = list.candidates.map((c: { id: string }) => c.id) as [string, string];
    const ballots = threeBallots(first, second);
    const opened = await call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const pollId = opened.body.election.rounds[0].pollId as string;
    const attacker = selectionsAmong(ballots);

    const truth = new Map<string, BallotName>();
    // A known, uneven order, one ballot at a time: each one is its own batch and transaction.
    for (const [index, voter] of voters.entries()) {
      const name = names[(index * 7) % 3 === 0 ? 0 : index % 2 ? 1 : 2]!;
      truth.set(voter.id, name);
      const cast = await call(voter, 'POST', `/api/elections/${id}/ballots`, {
        selection: ballots[name],
        clientBallotId: randomUUID(),
      });
      expect(cast.body.status).toBe('counted');
      if (index === 11) {
        // Half-way: the administrator takes a dump while the round runs.
        const during = bestPairing(await dump(database), truth, pollId, attacker);
        expect(during, `paired by ${during.route}`).toEqual({ accuracy: 0, route: 'none' });
      }
    }
    const closed = await call(secretary, 'POST', `/api/elections/${id}/close`);
    expect(closed.status).toBe(200);
    // The published count is the truth: per name, how many gave each grade.
    const given = (name: BallotName) => [...truth.values()].filter((n) => n === name).length;
    const [a, b, blank] = [given('forFirst'), given('forSecond'), given('blank')];
    const count = closed.body.election.rounds[0].result.count;
    expect(count).toMatchObject({ expressed: a + b, blank });
    const profileOf = (candidateId: string) =>
      count.standings.find((s: { candidateId: string }) => s.candidateId === candidateId).profile;
    // First: `a` Excellent (0), `b` Insuffisant (5); second: `b` Très bien (1), `a` Assez bien (3).
    expect(profileOf(first)).toEqual([a, 0, 0, 0, 0, b, 0]);
    expect(profileOf(second)).toEqual([0, b, 0, a, 0, 0, 0]);

    const after = bestPairing(await dump(database), truth, pollId, attacker);
    expect(after, `paired by ${after.route}`).toEqual({ accuracy: 0, route: 'none' });
    // Nothing finer than the published count remains: no row of the round holds a ballot, and
    // the rows that mention it are its poll (the result), its events (digests), who was entitled
    // and who took part (no ballot).
    const rows = (await dump(database)).filter((row) => row.values.has(pollId));
    expect(rows.filter((row) => attacker(row.json).length > 0)).toEqual([]);
    expect(await tablesHolding(pollId)).toEqual([
      'events',
      'participations',
      'poll_electorate',
      'polls',
    ]);

    // The logs, at their most talkative, never carry a voter's id with a ballot.
    const leaking = logLines.filter(
      (line) => voters.some((voter) => line.includes(voter.id)) && line.includes('"grades":{'),
    );
    expect(leaking).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('keeps of a site’s paper count only its number of ballots after the close of a meeting round', async () => {
    const people = await assemblyForMeetings(t, 9);
    const meeting = await meetingOf(t, people);
    const { voters, siteA, siteB, secretaryOfB, checkIn } = meeting;
    const election = await electionOfMeeting(meeting, { method: 'majority_judgment', seats: 1 }, [
      voters[0]!,
      voters[1]!,
    ]);
    const [first, second] = election.candidateIds as [string, string];
    const ballots = threeBallots(first, second);
    // Montpellier: 6 vote in the app. Rouen: 2 vote in the app, 1 on paper.
    const atA = voters.slice(0, 6);
    const atB = voters.slice(6, 8);
    const onPaper = voters[8]!;
    for (const who of atA) await checkIn(who, siteA);
    for (const who of [...atB, onPaper]) await checkIn(who, siteB);
    const opened = await election.openRound();
    const pollId = opened.body.election.rounds[0].pollId as string;
    const truth = new Map<string, BallotName>();
    const plan: [Person, BallotName][] = [
      ...atA.map((who, index): [Person, BallotName] => [who, names[index % 3]!]),
      [atB[0]!, 'forFirst'],
      [atB[1]!, 'forSecond'],
    ];
    for (const [who, name] of plan) {
      truth.set(who.id, name);
      expect((await election.vote(who, ballots[name])).body.status).toBe('counted');
    }
    // Rouen's one paper ballot graded the second candidate Excellent, the first left ungraded.
    const paper = await election.siteCounts(secretaryOfB, {
      siteId: siteB.id,
      ballots: 1,
      blank: 0,
      profiles: { [second]: [1] },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(200);
    const attacker = selectionsAmong(ballots);
    const during = bestPairing(await dump(database), truth, pollId, attacker);
    expect(during, `paired by ${during.route}`).toEqual({ accuracy: 0, route: 'none' });
    // The site's count event says how many ballots, never what they said.
    const [event] = await queryRows<{ payload: { counts: unknown; ballots: number } }>(
      t.app.db,
      sql`select payload from events where type = 'election.site_counts'
          and payload->>'pollId' = ${pollId}`,
    );
    expect(event!.payload).toMatchObject({ ballots: 1, counts: null });

    const closed = await election.close();
    const result = closed.body.election.rounds[0].result;
    expect(result).toMatchObject({ ballots: 9, count: { expressed: 7, blank: 2 } });
    // Rouen's 3 ballots are under the minimum group of 5: merged with Montpellier's 6.
    expect(result.bySite).toEqual({});
    expect(result.privacy.otherSites).toMatchObject({ groups: 2, cell: { ballots: 9 } });
    // What Rouen's paper ballot said (one person's ballot) went with the close, as the app
    // ballots did: the site's row keeps how many ballots it counted, as its event does.
    const left = await queryRows<{ ballots: number; blank: number; counts: unknown }>(
      t.app.db,
      sql`select ballots, blank, counts from election_site_counts where poll_id = ${pollId}`,
    );
    expect(left).toEqual([{ ballots: 1, blank: 0, counts: { profiles: {} } }]);
    expect(closed.body.election.rounds[0].participation).toBe(9);
    expect(await tablesHolding(pollId)).toEqual([
      'election_site_counts',
      'events',
      'participations',
      'poll_electorate',
      'polls',
    ]);
    const after = bestPairing(await dump(database), truth, pollId, attacker);
    expect(after, `paired by ${after.route}`).toEqual({ accuracy: 0, route: 'none' });
  });
});
