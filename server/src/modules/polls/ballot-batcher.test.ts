import { describe, expect, it } from 'vitest';
import { eq, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import {
  ballots,
  type Database,
  participations,
  polls,
  secretTallies,
  type User,
} from '@cercle/db';
import type { Choice } from '@cercle/shared';
import { testDatabaseForThisFile } from '../../../../tests/support/database.ts';
import { pollsFixture } from '../../../../tests/support/polls-fixture.ts';
import { type BallotToWrite, choiceStore, createBallotBatcher } from './ballot-batcher.ts';

const { db } = await testDatabaseForThisFile();

let sent = 0;
/** A ballot as the intake hands it over: cast by the voter, or by `castBy` for them. */
function ballot(
  voter: User,
  choice: Choice = 'yes',
  { clientBallotId = `ballot-${(sent += 1)}`, castBy = voter } = {},
): BallotToWrite<Choice> {
  return {
    voterId: voter.id,
    castBy: castBy.id,
    answer: choice,
    reason: null,
    clientBallotId,
    collegeId: null,
  };
}

const ballotsOf = (pollId: string) =>
  db
    .select({ voterId: ballots.voterId, choice: ballots.choice, siteId: ballots.siteId })
    .from(ballots)
    .where(eq(ballots.pollId, pollId));
const participationsOf = (pollId: string) =>
  db.select().from(participations).where(eq(participations.pollId, pollId));

/**
 * `db` whose batches are counted as they begin and once they have committed: a transaction, or
 * a statement outside one (an open poll's batch is one statement, its own transaction).
 */
function watchBatches(target: Database) {
  const log = { begun: 0, committed: 0, running: 0, mostAtOnce: 0 };
  const watch =
    <Args extends unknown[], Result>(run: (...args: Args) => Promise<Result>) =>
    async (...args: Args) => {
      log.begun += 1;
      log.running += 1;
      log.mostAtOnce = Math.max(log.mostAtOnce, log.running);
      try {
        const result = await run(...args);
        log.committed += 1;
        return result;
      } finally {
        log.running -= 1;
      }
    };
  const watched = new Proxy(target, {
    get(object, property) {
      if (property === 'transaction') return watch(object.transaction.bind(object));
      if (property === 'execute') return watch(object.execute.bind(object));
      return Reflect.get(object, property, object);
    },
  });
  return { watched, log };
}

/** `db` whose statements, in a transaction or not, are recorded as sent: text and parameters. */
function recordStatements(target: Database) {
  const sent: { text: string; params: unknown[]; inTransaction: boolean }[] = [];
  const dialect = new PgDialect();
  const recording = (object: Database, inTransaction: boolean): Database =>
    new Proxy(object, {
      get(inner, property) {
        if (property === 'execute') {
          return (query: SQL) => {
            const { sql: text, params } = dialect.sqlToQuery(query);
            sent.push({ text, params, inTransaction });
            return inner.execute(query);
          };
        }
        if (property === 'transaction') {
          return (work: (tx: Database) => Promise<unknown>) =>
            inner.transaction((tx) => work(recording(tx as Database, true)));
        }
        return Reflect.get(inner, property, inner);
      },
    });
  return { recorded: recording(target, false), sent };
}

/** A test trigger, there only for the time of `work`: `create` then `drop`, statement by statement. */
async function withTrigger(create: string[], drop: string[], work: () => Promise<void>) {
  for (const statement of create) await db.execute(sql.raw(statement));
  try {
    await work();
  } finally {
    for (const statement of drop) await db.execute(sql.raw(statement));
  }
}

/** Lets the batch that gathered this turn's ballots start writing. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('ballot batcher', () => {
  it('writes concurrent ballots in batches, one at a time, and answers each after its commit', async () => {
    const f = await pollsFixture(db, { voters: 20 });
    const poll = await f.openPoll();
    const { watched, log } = watchBatches(db);
    const batcher = createBallotBatcher({ db: watched, store: choiceStore });
    const choices: Choice[] = ['yes', 'no', 'abstain'];
    const submit = (voter: User, index: number) =>
      batcher
        .submit(poll, ballot(voter, choices[index % 3]))
        .then((answer) => ({ answer, committedBefore: log.committed }));

    const first = f.voters.slice(0, 10).map((voter, index) => submit(voter, index));
    await nextTurn();
    // These arrive while the first batch is being written: they wait and form the next one.
    const second = f.voters.slice(10).map((voter, index) => submit(voter, index + 10));
    const answers = await Promise.all([...first, ...second]);

    expect(log).toMatchObject({ begun: 2, committed: 2, mostAtOnce: 1 });
    answers.forEach(({ answer, committedBefore }, index) => {
      const batch = index < 10 ? 1 : 2;
      expect(answer).toEqual({
        status: 'counted',
        answer: choices[index % 3],
        participation: batch * 10,
      });
      expect(committedBefore).toBe(batch);
    });
    const stored = await ballotsOf(poll.id);
    expect(stored).toHaveLength(20);
    for (const [index, voter] of f.voters.entries()) {
      expect(stored.find((row) => row.voterId === voter.id)?.choice).toBe(choices[index % 3]);
    }
  });

  it('counts a resent ballot once, in the same batch or later, whatever choice the resend carries', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll();
    const batcher = createBallotBatcher({ db, store: choiceStore });
    const [ana, ben] = f.voters as [User, User];

    const racing = await Promise.all([
      batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' })),
      batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' })),
    ]);
    expect(racing).toEqual([
      { status: 'counted', answer: 'yes', participation: 1 },
      { status: 'already_counted', answer: 'yes', participation: 1 },
    ]);
    expect(await batcher.submit(poll, ballot(ana, 'no', { clientBallotId: 'ana-1' }))).toEqual({
      status: 'already_counted',
      answer: 'yes',
      participation: 1,
    });
    // Another voter's ballot under the same id is not trusted either way.
    await expect(
      batcher.submit(poll, ballot(ben, 'no', { clientBallotId: 'ana-1' })),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ballots.already_cast' });

    expect(await ballotsOf(poll.id)).toEqual([{ voterId: ana.id, choice: 'yes', siteId: null }]);
    expect(await participationsOf(poll.id)).toHaveLength(1);
  });

  it('answers a resend in its batch’s one statement, with the answer its voter has stored', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll();
    const [ana, ben] = f.voters as [User, User];
    const first = createBallotBatcher({ db, store: choiceStore });
    await first.submit(poll, ballot(ana, 'no', { clientBallotId: 'ana-1' }));

    // A resend (even one carrying another choice) and a new ballot, as one batch: nothing but
    // the function's statement, outside any transaction (the resend held the poll's lock over
    // a transaction of five statements before).
    const { recorded, sent } = recordStatements(db);
    const batcher = createBallotBatcher({ db: recorded, store: choiceStore });
    const answers = await Promise.all([
      batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' })),
      batcher.submit(poll, ballot(ben, 'abstain', { clientBallotId: 'ben-1' })),
    ]);
    expect(answers).toEqual([
      { status: 'already_counted', answer: 'no', participation: 2 },
      { status: 'counted', answer: 'abstain', participation: 2 },
    ]);
    expect(sent.map((statement) => statement.inTransaction)).toEqual([false]);
    expect(await ballotsOf(poll.id)).toEqual(
      expect.arrayContaining([
        { voterId: ana.id, choice: 'no', siteId: null },
        { voterId: ben.id, choice: 'abstain', siteId: null },
      ]),
    );
  });

  it('changes an open ballot sent again under a new id, in the same batch or later', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll();
    const batcher = createBallotBatcher({ db, store: choiceStore });
    const [ana] = f.voters as [User];

    const together = await Promise.all([
      batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' })),
      batcher.submit(poll, ballot(ana, 'abstain', { clientBallotId: 'ana-2' })),
    ]);
    expect(together).toEqual([
      { status: 'counted', answer: 'yes', participation: 1 },
      { status: 'changed', answer: 'abstain', participation: 1 },
    ]);
    expect(await batcher.submit(poll, ballot(ana, 'no', { clientBallotId: 'ana-3' }))).toEqual({
      status: 'changed',
      answer: 'no',
      participation: 1,
    });

    expect(await ballotsOf(poll.id)).toEqual([{ voterId: ana.id, choice: 'no', siteId: null }]);
    const [participation] = await participationsOf(poll.id);
    expect(participation).toMatchObject({ voterId: ana.id, clientBallotId: 'ana-3' });
  });

  it('keeps a secret ballot unchangeable, and counts it without any voter beside the choice', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ secret: true });
    const batcher = createBallotBatcher({ db, store: choiceStore });
    const [ana, ben] = f.voters as [User, User];

    await batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' }));
    await expect(
      batcher.submit(poll, ballot(ana, 'no', { clientBallotId: 'ana-2' })),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ballots.already_cast' });
    expect(await batcher.submit(poll, ballot(ana, 'yes', { clientBallotId: 'ana-1' }))).toEqual({
      status: 'already_counted',
      answer: 'yes',
      participation: 1,
    });
    await batcher.submit(poll, ballot(ben, 'no'));

    const [tally] = await db.select().from(secretTallies).where(eq(secretTallies.pollId, poll.id));
    expect(tally?.counts).toEqual([
      { choice: 'no', collegeId: null, siteId: null, count: 1 },
      { choice: 'yes', collegeId: null, siteId: null, count: 1 },
    ]);
    const row = JSON.stringify(tally);
    for (const voter of [ana, ben]) expect(row).not.toContain(voter.id);
    expect(await ballotsOf(poll.id)).toEqual([]);
    expect((await participationsOf(poll.id)).map((p) => p.voterId).sort()).toEqual(
      [ana.id, ben.id].sort(),
    );
  });

  it('sends an open batch as one statement, a secret one as two that never pair a voter with a choice', async () => {
    const f = await pollsFixture(db, { voters: 6 });
    const choices: Choice[] = ['yes', 'no', 'abstain'];
    for (const secret of [false, true]) {
      const poll = await f.openPoll({ secret });
      const { recorded, sent } = recordStatements(db);
      const batcher = createBallotBatcher({ db: recorded, store: choiceStore });
      const answers = await Promise.all(
        f.voters.map((voter, index) => batcher.submit(poll, ballot(voter, choices[index % 3]))),
      );
      expect(answers.map((answer) => answer.status)).toEqual(f.voters.map(() => 'counted'));

      const voterIds = f.voters.map((voter) => voter.id);
      const carries = (statement: (typeof sent)[number], words: readonly string[]) =>
        words.some((word) => statement.params.some((param) => String(param).includes(word)));
      if (!secret) {
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({ inTransaction: false });
        continue;
      }
      // BEGIN and COMMIT aside, the voters go in one statement and the counts in the other.
      expect(sent.map((statement) => statement.inTransaction)).toEqual([true, true]);
      const [voters, counts] = sent as [(typeof sent)[number], (typeof sent)[number]];
      expect(carries(voters, voterIds)).toBe(true);
      expect(
        carries(
          voters,
          choices.map((choice) => `"${choice}"`),
        ),
      ).toBe(false);
      expect(
        carries(
          counts,
          choices.map((choice) => `"${choice}"`),
        ),
      ).toBe(true);
      expect(carries(counts, voterIds)).toBe(false);
    }
  });

  it('refuses, in the database itself, a secret poll’s ballot that carries its answer', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ secret: true });
    const [ana] = f.voters as [User];
    const withAnswer = [{ voter: ana.id, caster: ana.id, client: 'ana-1', answer: 'yes' }];
    await expect(
      db.execute(
        sql`select * from cercle_take_ballots(${poll.id}, ${JSON.stringify(withAnswer)}::jsonb)`,
      ),
    ).rejects.toThrow();
    expect(await participationsOf(poll.id)).toEqual([]);
  });

  it('refuses ballots once the deadline passed on the database’s clock, and before opening', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ closesAt: new Date(Date.now() + 3600_000).toISOString() });
    const batcher = createBallotBatcher({ db, store: choiceStore });
    await db
      .update(polls)
      .set({ closesAt: sql`clock_timestamp() - interval '1 second'` })
      .where(eq(polls.id, poll.id));
    await expect(batcher.submit(poll, ballot(f.voters[0]!))).rejects.toMatchObject({
      statusCode: 409,
      code: 'polls.closed',
    });
    expect(await participationsOf(poll.id)).toEqual([]);

    const notOpen = await f.createdPoll();
    await expect(batcher.submit(notOpen, ballot(f.voters[0]!))).rejects.toMatchObject({
      statusCode: 409,
      code: 'polls.not_open',
    });
  });

  it('refuses a whole batch the deadline overtakes while it is written, and keeps none of it', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ closesAt: new Date(Date.now() + 3600_000).toISOString() });
    const batcher = createBallotBatcher({ db, store: choiceStore });
    // The deadline arrives between the batch's first statement and its last.
    await withTrigger(
      [
        `create function test_deadline_now() returns trigger language plpgsql as $$
           begin update polls set closes_at = clock_timestamp() where id = new.poll_id; return new; end $$`,
        `create trigger test_deadline_now before insert on participations for each row
           when (new.poll_id = '${poll.id}') execute function test_deadline_now()`,
      ],
      ['drop trigger test_deadline_now on participations', 'drop function test_deadline_now()'],
      async () => {
        const answers = await Promise.allSettled(
          f.voters.map((voter) => batcher.submit(poll, ballot(voter))),
        );
        for (const answer of answers) {
          expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'polls.closed' } });
        }
      },
    );
    expect(await participationsOf(poll.id)).toEqual([]);
    expect(await ballotsOf(poll.id)).toEqual([]);
  });

  it('refuses in a meeting who is not checked in or holds no proxy, and commits the rest', async () => {
    const f = await pollsFixture(db, { voters: 6 });
    const room = await f.liveMeeting();
    const [present, holder, grantor, absent, stray, leaver] = f.voters as [
      User,
      User,
      User,
      User,
      User,
      User,
    ];
    for (const person of [present, holder, leaver]) await room.checkIn(person);
    await room.proxy(grantor, holder);
    const poll = await f.openPoll({ meetingId: room.meeting.id });
    await room.checkOut(leaver);
    const batcher = createBallotBatcher({ db, store: choiceStore });

    const answers = await Promise.allSettled([
      batcher.submit(poll, ballot(present, 'yes')),
      batcher.submit(poll, ballot(grantor, 'no', { castBy: holder })),
      batcher.submit(poll, ballot(absent, 'yes')),
      batcher.submit(poll, ballot(stray, 'no', { castBy: present })),
      batcher.submit(poll, ballot(leaver, 'yes')),
    ]);
    expect(answers).toMatchObject([
      { status: 'fulfilled', value: { status: 'counted', answer: 'yes', participation: 2 } },
      { status: 'fulfilled', value: { status: 'counted', answer: 'no', participation: 2 } },
      { status: 'rejected', reason: { statusCode: 403, code: 'meetings.not_present' } },
      { status: 'rejected', reason: { statusCode: 403, code: 'ballots.no_proxy' } },
      { status: 'rejected', reason: { statusCode: 403, code: 'meetings.not_present' } },
    ]);
    const site = room.sites[0]!.id;
    expect(await participationsOf(poll.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ voterId: present.id, castBy: present.id, siteId: site }),
        expect.objectContaining({ voterId: grantor.id, castBy: holder.id, siteId: site }),
      ]),
    );
    expect(await ballotsOf(poll.id)).toHaveLength(2);
  });

  it('rejects every ballot of a batch whose commit fails, and writes the next batch', async () => {
    const f = await pollsFixture(db, { voters: 4 });
    const poll = await f.openPoll();
    const batcher = createBallotBatcher({ db, store: choiceStore });
    const [first, ...others] = f.voters as [User, ...User[]];
    // Fails at COMMIT, after every statement of the batch succeeded.
    await withTrigger(
      [
        `create function test_refuse_commit() returns trigger language plpgsql as $$
           begin raise exception 'refused at commit'; end $$`,
        `create constraint trigger test_refuse_commit after insert on participations
           deferrable initially deferred for each row
           when (new.voter_id = '${first.id}') execute function test_refuse_commit()`,
      ],
      ['drop trigger test_refuse_commit on participations', 'drop function test_refuse_commit()'],
      async () => {
        const failing = [first, others[0]!].map((voter) =>
          batcher.submit(poll, ballot(voter)).then(
            () => 'acknowledged',
            // The driver may wrap the database's error (PostgreSQL: "Failed query: commit").
            (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message}`,
          ),
        );
        await nextTurn();
        const next = others.slice(1).map((voter) => batcher.submit(poll, ballot(voter)));
        for (const answer of await Promise.all(failing))
          expect(answer).toMatch(/refused at commit/);
        expect(await Promise.all(next)).toEqual([
          { status: 'counted', answer: 'yes', participation: 2 },
          { status: 'counted', answer: 'yes', participation: 2 },
        ]);
      },
    );
    const counted = (await participationsOf(poll.id)).map((row) => row.voterId).sort();
    expect(counted).toEqual(
      others
        .slice(1)
        .map((voter) => voter.id)
        .sort(),
    );
  });
});
