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

const choices = ['yes', 'no', 'abstain'] as const;

/** Every value of a row, JSON columns opened up, as strings. */
function leaves(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (value === null || value === undefined) return into;
  if (typeof value === 'string') {
    into.add(value);
    if (value.startsWith('{') || value.startsWith('[')) {
      try {
        leaves(JSON.parse(value), into);
      } catch {
        // not JSON: the string itself is enough
      }
    }
  } else if (Array.isArray(value)) for (const item of value) leaves(item, into);
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      leaves(item, into);
    }
  } else into.add(String(value));
  return into;
}

interface DumpedRow {
  table: string;
  xmin: string;
  ctid: string;
  position: number;
  values: Set<string>;
}

/** What an administrator sees: every row of every table, with its system columns, in heap order. */
async function dump(database: DatabaseHandle): Promise<DumpedRow[]> {
  const tables = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const rows: DumpedRow[] = [];
  for (const { table_name } of tables) {
    const found = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select xmin::text as "__xmin", ctid::text as "__ctid", t.* from ${sql.identifier(table_name)} t`,
    );
    found.forEach(({ __xmin, __ctid, ...row }, position) =>
      rows.push({
        table: table_name,
        xmin: String(__xmin),
        ctid: String(__ctid),
        position,
        values: leaves(Object.values(row)),
      }),
    );
  }
  return rows;
}

/**
 * The attacker: tries to pair the rows that name a voter of the poll with rows that hold one
 * choice of it (a ballot-like row), by every route the database offers: the same row, the same
 * transaction (xmin), and the order of the rows (xmin, ctid, heap order) table by table. Scores
 * each pairing against the truth; returns the best share of voters it got right and how. Rows
 * holding several choices (counts) cannot attribute a choice to anyone and are left out.
 */
function bestPairing(
  rows: DumpedRow[],
  truth: Map<string, string>,
  pollId: string,
): { accuracy: number; route: string } {
  const voters = [...truth.keys()];
  const votersIn = (row: DumpedRow) => voters.filter((voter) => row.values.has(voter));
  const choicesIn = (row: DumpedRow) => choices.filter((choice) => row.values.has(choice));
  const ofPoll = rows.filter((row) => row.values.has(pollId));
  const naming = ofPoll.filter((row) => votersIn(row).length === 1);
  const choosing = ofPoll.filter((row) => choicesIn(row).length === 1);
  let best = { accuracy: 0, route: 'none' };
  const score = (guesses: Map<string, string>, route: string) => {
    const right = [...guesses].filter(([voter, choice]) => truth.get(voter) === choice).length;
    if (right / voters.length > best.accuracy) best = { accuracy: right / voters.length, route };
  };

  // The same row, or rows written by the same transaction.
  const sameRow = new Map<string, string>();
  const sameTransaction = new Map<string, string>();
  for (const row of choosing) {
    const choice = choicesIn(row)[0]!;
    for (const voter of votersIn(row)) sameRow.set(voter, choice);
    const written = naming.filter((other) => other.xmin === row.xmin);
    const who = new Set(written.flatMap(votersIn));
    if (who.size === 1) sameTransaction.set([...who][0]!, choice);
  }
  score(sameRow, 'same row');
  score(sameTransaction, 'same transaction (xmin)');

  // The order of the rows: a table naming voters against a table of single choices.
  const byTable = (list: DumpedRow[]) => {
    const tables = new Map<string, DumpedRow[]>();
    for (const row of list) tables.set(row.table, [...(tables.get(row.table) ?? []), row]);
    return tables;
  };
  const orders: [string, (row: DumpedRow) => string | number][] = [
    ['xmin', (row) => Number(row.xmin)],
    ['ctid', (row) => row.ctid.replace(/\d+/g, (n) => n.padStart(10, '0'))],
    ['heap order', (row) => row.position],
  ];
  for (const [namingTable, people] of byTable(naming)) {
    for (const [choosingTable, answers] of byTable(choosing)) {
      for (const [order, key] of orders) {
        const sort = (list: DumpedRow[]) =>
          [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        const sortedAnswers = sort(answers);
        const guesses = new Map<string, string>();
        sort(people).forEach((row, index) => {
          const answer = sortedAnswers[index];
          if (answer) guesses.set(votersIn(row)[0]!, choicesIn(answer)[0]!);
        });
        score(guesses, `${order} order of ${namingTable} against ${choosingTable}`);
      }
    }
  }
  return best;
}

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
