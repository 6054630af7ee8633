/**
 * A secret vote stays secret against whoever can read the database (a dump, a replica, direct
 * SQL with system columns) and the logs: the test votes in a known order, one ballot per batch
 * (the worst case), then plays the attacker on every route it knows and checks that none pairs
 * a voter with a choice. It runs on each engine available: PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set (CI). Exactly-once for secret polls is in polls.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, queryRows } from '@cercle/db';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';
import { availableEngines, createTestDatabase } from '../support/database.ts';
import { bestPairing as pairing, choicesAmong, dump } from '../support/secret-attacker.ts';

const choices = ['yes', 'no', 'abstain'] as const;
const bestPairing = (
  rows: Awaited<ReturnType<typeof dump>>,
  truth: Map<string, string>,
  pollId: string,
) => pairing(rows, truth, pollId, choicesAmong(choices));

describe.each(availableEngines)('secret ballots on %s', (engine) => {
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

  async function openSecretVote(voters: number) {
    const people = await assemblyWithPeople(t.app, { voters });
    const motion = await call(
      people.voters[0]!,
      'POST',
      `/api/assemblies/${people.assembly.id}/motions`,
      { title: 'Élire le bureau au scrutin secret', text: 'Texte.', submit: true },
    );
    const created = await call(people.secretary, 'POST', '/api/polls', {
      motionId: motion.body.motion.id,
      kind: 'vote',
      rule: 'simple',
      secret: true,
    });
    const pollId = created.body.poll.id as string;
    await call(people.secretary, 'POST', `/api/polls/${pollId}/open`);
    return { ...people, pollId };
  }

  const vote = (who: Person, pollId: string, choice: string) =>
    call(who, 'POST', `/api/polls/${pollId}/ballots`, { choice, clientBallotId: randomUUID() });

  it('leaves no route from a voter to their choice, during the poll and after it', async () => {
    const { secretary, voters, pollId } = await openSecretVote(24);
    const truth = new Map<string, string>();
    // A known, uneven order, one ballot at a time: each one is its own batch and transaction.
    for (const [index, voter] of voters.entries()) {
      const choice = choices[(index * 7) % 3 === 0 ? 0 : index % 2 ? 1 : 2]!;
      truth.set(voter.id, choice);
      expect((await vote(voter, pollId, choice)).status).toBe(201);
      if (index === 11) {
        // Half-way: the administrator takes a dump while the poll runs.
        const during = bestPairing(await dump(database), truth, pollId);
        expect(during, `paired by ${during.route}`).toEqual({ accuracy: 0, route: 'none' });
      }
    }
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result.totals).toEqual({
      yes: [...truth.values()].filter((c) => c === 'yes').length,
      no: [...truth.values()].filter((c) => c === 'no').length,
      abstain: [...truth.values()].filter((c) => c === 'abstain').length,
    });
    const after = bestPairing(await dump(database), truth, pollId);
    expect(after, `paired by ${after.route}`).toEqual({ accuracy: 0, route: 'none' });

    // The rows that hold this poll's choices: one counters row while it ran, none after it
    // (the published result on the poll and its closing event). No row holds a voter and a choice.
    const rows = await dump(database);
    const holding = rows.filter(
      (row) => row.values.has(pollId) && choices.some((choice) => row.values.has(choice)),
    );
    expect(holding.map((row) => row.table).sort()).toEqual(['events', 'polls']);
    const ballotRows = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from ballots where poll_id = ${pollId}`,
    );
    expect(ballotRows[0]!.n).toBe(0);

    // The logs, at their most talkative, never carry a voter's id with a choice.
    const leaking = logLines.filter(
      (line) =>
        voters.some((voter) => line.includes(voter.id)) &&
        choices.some((choice) => line.includes(`"${choice}"`)),
    );
    expect(leaking).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('leaves nothing in a plain pg_dump that pairs a voter with a choice', async ({ skip }) => {
    skip(engine !== 'postgres', 'pg_dump reads PostgreSQL: set TEST_DATABASE_URL');
    skip(!hasPgDump(), 'pg_dump is not on the PATH');
    const { voters, pollId } = await openSecretVote(12);
    const truth = new Map<string, string>();
    for (const [index, voter] of voters.entries()) {
      const choice = index % 3 ? 'yes' : 'no';
      truth.set(voter.id, choice);
      await vote(voter, pollId, choice);
    }
    const [{ current_database: name } = { current_database: '' }] = await queryRows<{
      current_database: string;
    }>(database.db, sql`select current_database()`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const text = execFileSync('pg_dump', ['--data-only', url.href], { encoding: 'utf8' });
    const lines = text.split('\n').filter((line) => line.includes(pollId));
    const naming = lines.filter((line) => voters.some((voter) => line.includes(voter.id)));
    // Every voter appears twice (the frozen electorate, the participation), never with a choice.
    expect(naming).toHaveLength(2 * voters.length);
    for (const line of naming) expect(line).not.toMatch(/\t(yes|no|abstain)\t/);
    // The only line with this poll's choices is its counters row: counts, not ballots.
    const counters = lines.filter((line) => /"choice": ?"(yes|no)"/.test(line));
    expect(counters).toHaveLength(1);
    expect(counters[0]).toContain('"count"');
  });
});

function hasPgDump(): boolean {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
