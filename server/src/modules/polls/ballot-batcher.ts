import { sql } from 'drizzle-orm';
import { type Database, newId, queryRows } from '@cercle/db';
import type { Choice } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { notifyTally } from './tally-notice.ts';
import { notAccredited } from '../meetings/accreditation-rules.ts';
import { accreditedOrFree } from '../meetings/voting-presence.ts';
import { answerCountOf } from './polls.repository.ts';

/** Many rows as one JSON parameter: the same on PostgreSQL and PGlite, whatever the count. */
const rowsParam = (rows: object[]) => sql`${JSON.stringify(rows)}::json`;

/** `voter_id in (…)` for a list of ids, as one JSON parameter (the stores read by it too). */
export const inIds = (ids: readonly string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

/** One ballot on its way to the database; `answer` is what the voter chose, in the poll's form. */
export interface BallotToWrite<Answer> {
  voterId: string;
  castBy: string;
  answer: Answer;
  reason: string | null;
  clientBallotId: string;
  collegeId: string | null;
  /** Where the caster is checked in, for a meeting poll (set by the batch). */
  siteId?: string | null;
}

/** A ballot as acknowledged: counted, changed, or a resend of one already counted. */
export interface BallotReceipt<Answer> {
  status: 'counted' | 'changed' | 'already_counted';
  answer: Answer;
  participation: number;
}

/**
 * Where one family of polls keeps its answers: a motion poll's choice (`ballots`,
 * `secret_tallies`), an election round's selection (the elections module's tables). The batcher
 * does everything else the same way for both: lock, deadline, presence and proxies, the
 * participation that makes one person one answer, acknowledgement after commit.
 */
export interface BallotStore<Answer> {
  /** Adds a batch's secret ballots to the poll's counters: counts only, no voter, no order. */
  countSecretly(
    tx: Database,
    pollId: string,
    fresh: readonly BallotToWrite<Answer>[],
  ): Promise<void>;
  /** Writes a batch's open ballots, one row per voter. */
  insertOpen(tx: Database, pollId: string, fresh: readonly BallotToWrite<Answer>[]): Promise<void>;
  /** The open ballots these voters have in the poll. */
  storedAnswers(
    tx: Database,
    pollId: string,
    voterIds: readonly string[],
  ): Promise<Map<string, Answer>>;
  /** Replaces a voter's open ballot. */
  change(tx: Database, pollId: string, ballot: BallotToWrite<Answer>): Promise<void>;
}

interface Pending<Answer> extends BallotToWrite<Answer> {
  resolve(answer: BallotReceipt<Answer>): void;
  reject(error: unknown): void;
}

/**
 * In a meeting, one votes from where one is checked in (accredited, if the meeting requires it),
 * for oneself or for a grantor whose proxy one holds. Checked for the whole batch in one query,
 * inside its transaction and under the poll's lock, so a check-out or a revoked proxy committed
 * before the batch is always seen. Someone already under a site's show of hands is refused by
 * the participation key itself.
 */
async function checkMeetingBallots(
  tx: Database,
  meetingId: string,
  batch: readonly BallotToWrite<unknown>[],
) {
  const rows = await queryRows<{
    present: boolean | null;
    site_id: string | null;
    accredited: boolean;
    may_cast: boolean;
  }>(
    tx,
    sql`select a.present, a.site_id, ${accreditedOrFree(meetingId, sql`t.caster`)} as accredited,
          (t.voter = t.caster or exists (
            select 1 from proxies p
            where p.meeting_id = ${meetingId} and p.ended_at is null
              and p.grantor_id = t.voter and p.holder_id = t.caster)) as may_cast
        from json_to_recordset(${rowsParam(batch.map((b, i) => ({ i, voter: b.voterId, caster: b.castBy })))})
          as t(i int, voter text, caster text)
        left join attendance a on a.meeting_id = ${meetingId} and a.user_id = t.caster
        order by t.i`,
  );
  return {
    sites: rows.map((row) => row.site_id),
    refusals: rows.map((row) => {
      if (!row.present) {
        return new AppError(403, 'meetings.not_present', 'Check in to the meeting to vote.');
      }
      if (!row.accredited) return notAccredited();
      if (!row.may_cast) {
        return new AppError(
          403,
          'ballots.no_proxy',
          'You hold no proxy for this person.',
          'onBehalfOf',
        );
      }
      return null;
    }),
  };
}

/** The poll's deadline, read on the database's clock at the moment of the statement. */
const pastDeadline = sql`(closes_at is not null and clock_timestamp() >= closes_at)`;
const deadlinePassed = Symbol('deadline passed');
const closedRefusal = () => new AppError(409, 'polls.closed', 'This poll is closed.');

/**
 * Adds a batch's secret choices to the poll's counters, in one statement (it also locks the
 * row). The statement carries counts per choice × college × site only: no voter id, no order, no
 * time. The participations written just before carry the voters and no choice.
 */
async function countChoicesSecretly(
  tx: Database,
  pollId: string,
  fresh: readonly BallotToWrite<Choice>[],
) {
  const added = new Map<
    string,
    { choice: string; college: string | null; site: string | null; n: number }
  >();
  for (const ballot of fresh) {
    const key = JSON.stringify([ballot.answer, ballot.collegeId, ballot.siteId ?? null]);
    const cell = added.get(key);
    if (cell) cell.n += 1;
    else
      added.set(key, {
        choice: ballot.answer,
        college: ballot.collegeId,
        site: ballot.siteId ?? null,
        n: 1,
      });
  }
  await tx.execute(
    sql`update secret_tallies set counts = (
          select coalesce(jsonb_agg(jsonb_build_object(
                   'choice', choice, 'collegeId', college, 'siteId', site, 'count', n)
                 order by choice, college nulls first, site nulls first), '[]'::jsonb)
          from (select choice, college, site, sum(n)::int as n from (
                  select c->>'choice' as choice, c->>'collegeId' as college,
                         c->>'siteId' as site, (c->>'count')::int as n
                  from jsonb_array_elements(counts) c
                  union all
                  select choice, college, site, n
                  from json_to_recordset(${rowsParam([...added.values()])})
                    as t(choice text, college text, site text, n int)
                ) as cells group by choice, college, site) as merged)
        where poll_id = ${pollId}`,
  );
}

/** A motion poll's answers: a choice (and a reason with an objection). */
export const choiceStore: BallotStore<Choice> = {
  countSecretly: countChoicesSecretly,

  async insertOpen(tx, pollId, fresh) {
    await tx.execute(
      sql`insert into ballots (id, poll_id, voter_id, choice, reason, college_id, site_id)
          select id, ${pollId}, voter, choice, reason, college, site
          from json_to_recordset(${rowsParam(
            fresh.map((b) => ({
              id: newId(),
              voter: b.voterId,
              choice: b.answer,
              reason: b.reason,
              college: b.collegeId,
              site: b.siteId,
            })),
          )})
            as t(id text, voter text, choice text, reason text, college text, site text)`,
    );
  },

  async storedAnswers(tx, pollId, voterIds) {
    const rows = await queryRows<{ voter_id: string; choice: Choice }>(
      tx,
      sql`select voter_id, choice from ballots
          where poll_id = ${pollId}
            and voter_id in ${inIds(voterIds)}`,
    );
    return new Map(rows.map((row) => [row.voter_id, row.choice]));
  },

  async change(tx, pollId, ballot) {
    await tx.execute(
      sql`update ballots set choice = ${ballot.answer}, reason = ${ballot.reason}
          where poll_id = ${pollId} and voter_id = ${ballot.voterId}`,
    );
  },
};

/**
 * Writes the ballots of one poll in small batches: every ballot that arrives while the event
 * loop is busy joins the same transaction (one commit for many, instead of one each), and each
 * is acknowledged only once that transaction has committed. Duplicates are settled by the
 * database's unique constraints, so a resend counts once however it races.
 */
export function createBallotBatcher<Answer>({
  db,
  store,
}: {
  db: Database;
  store: BallotStore<Answer>;
}) {
  type Receipt = BallotReceipt<Answer>;
  const queues = new Map<string, Pending<Answer>[]>();

  async function write(pollId: string, batch: Pending<Answer>[]): Promise<(Receipt | AppError)[]> {
    try {
      return await db.transaction((tx) => writeInTransaction(tx, pollId, batch));
    } catch (error) {
      // The deadline passed while the batch was being written: nothing of it was committed.
      if (error === deadlinePassed) return batch.map(() => closedRefusal());
      throw error;
    }
  }

  async function writeInTransaction(
    tx: Database,
    pollId: string,
    batch: Pending<Answer>[],
  ): Promise<(Receipt | AppError)[]> {
    // Closing (FOR UPDATE) waits for this batch, and a batch after a closing sees it. Batches of
    // one poll take turns across instances too (no key update: rows that only point to the poll
    // are not held up), so each counts after the one before committed and the tally it tells
    // every socket is never behind an earlier one's.
    const [poll] = await queryRows<{
      status: string;
      secret: boolean;
      meeting_id: string | null;
      past_deadline: boolean;
    }>(
      tx,
      sql`select status, secret, meeting_id, ${pastDeadline} as past_deadline
          from polls where id = ${pollId} for no key update`,
    );
    if (poll?.status !== 'open' || poll.past_deadline) {
      const refusal =
        poll?.status === 'closed' || poll?.past_deadline
          ? closedRefusal()
          : new AppError(409, 'polls.not_open', 'This poll is not open yet.');
      return batch.map(() => refusal);
    }
    const { refusals, sites } = poll.meeting_id
      ? await checkMeetingBallots(tx, poll.meeting_id, batch)
      : { refusals: batch.map(() => null), sites: batch.map(() => null) };
    const items = batch
      .map((ballot, index) => ({ ...ballot, siteId: sites[index] ?? null }))
      .filter((_, index) => !refusals[index]);
    const inserted = await queryRows<{ voter_id: string; client_ballot_id: string }>(
      tx,
      sql`insert into participations (poll_id, voter_id, method, cast_by, client_ballot_id, site_id)
          select ${pollId}, voter, 'app', caster, client, site
          from json_to_recordset(${rowsParam(items.map((b) => ({ voter: b.voterId, caster: b.castBy, client: b.clientBallotId, site: b.siteId })))})
            as t(voter text, caster text, client text, site text)
          on conflict do nothing
          returning voter_id, client_ballot_id`,
    );
    // The first of identical ballots in this batch is the one the database counted; any
    // later one (a resend racing the original) is settled like a resend.
    const unclaimed = new Set(inserted.map((row) => `${row.voter_id} ${row.client_ballot_id}`));
    const isNew = items.map((b) => unclaimed.delete(`${b.voterId} ${b.clientBallotId}`));
    const fresh = items.filter((_, index) => isNew[index]);
    if (fresh.length && poll.secret) await store.countSecretly(tx, pollId, fresh);
    else if (fresh.length) await store.insertOpen(tx, pollId, fresh);
    const others = items.filter((_, index) => !isNew[index]);
    const previous = new Map<string, { clientBallotId: string | null; method: string }>(
      fresh.map((b) => [b.voterId, { clientBallotId: b.clientBallotId, method: 'app' }]),
    );
    const storedAnswer = new Map<string, Answer>(fresh.map((b) => [b.voterId, b.answer]));
    if (others.length) {
      for (const row of await queryRows<{
        voter_id: string;
        client_ballot_id: string | null;
        method: string;
      }>(
        tx,
        sql`select voter_id, client_ballot_id, method from participations
            where poll_id = ${pollId}
              and voter_id in ${inIds(others.map((b) => b.voterId))}`,
      )) {
        if (!previous.has(row.voter_id)) {
          previous.set(row.voter_id, { clientBallotId: row.client_ballot_id, method: row.method });
        }
      }
      if (!poll.secret) {
        const stored = await store.storedAnswers(
          tx,
          pollId,
          others.map((b) => b.voterId),
        );
        for (const [voterId, answer] of stored) {
          if (!storedAnswer.has(voterId)) storedAnswer.set(voterId, answer);
        }
      }
    }
    const answers: (Omit<Receipt, 'participation'> | AppError)[] = [];
    for (const [index, ballot] of items.entries()) {
      const before = previous.get(ballot.voterId);
      if (isNew[index]) {
        answers.push({ status: 'counted', answer: ballot.answer });
      } else if (before?.method === 'hands') {
        answers.push(
          new AppError(
            409,
            'ballots.counted_at_site',
            'This vote is already counted in a site’s show of hands.',
          ),
        );
      } else if (before?.clientBallotId === ballot.clientBallotId) {
        answers.push({
          status: 'already_counted',
          answer: storedAnswer.get(ballot.voterId) ?? ballot.answer,
        });
      } else if (!before) {
        // The client id is already used by another voter's ballot: never trust it twice.
        answers.push(new AppError(409, 'ballots.already_cast', 'This ballot id is already used.'));
      } else if (poll.secret) {
        answers.push(
          new AppError(409, 'ballots.already_cast', 'Your secret ballot is already in the box.'),
        );
      } else {
        await store.change(tx, pollId, ballot);
        await tx.execute(
          sql`update participations set cast_by = ${ballot.castBy}, client_ballot_id = ${ballot.clientBallotId}
              where poll_id = ${pollId} and voter_id = ${ballot.voterId}`,
        );
        previous.set(ballot.voterId, { clientBallotId: ballot.clientBallotId, method: 'app' });
        storedAnswer.set(ballot.voterId, ballot.answer);
        answers.push({ status: 'changed', answer: ballot.answer });
      }
    }
    // Last statement before the commit: a batch still being written when the deadline comes is
    // refused whole, so the result holds exactly the ballots committed before it. A batch that
    // changed the count tells every instance in the same statement: the notice leaves at commit,
    // with the count this transaction made (no second query, no wait for a timer).
    const changedCount =
      fresh.length > 0 ||
      answers.some((answer) => !(answer instanceof AppError) && answer.status === 'changed');
    const [last] = await queryRows<{ count: number; past_deadline: boolean }>(
      tx,
      sql`select c.count, c.past_deadline,
                 case when ${changedCount} and not c.past_deadline
                      then ${notifyTally(sql`c.count`)} end as notified
          from polls p
          cross join lateral (
            select ${answerCountOf(pollId)} as count, ${pastDeadline} as past_deadline
          ) c
          where p.id = ${pollId}`,
    );
    if (!last || last.past_deadline) throw deadlinePassed;
    const count = last.count;
    const settled = answers.map((answer) =>
      answer instanceof AppError ? answer : { ...answer, participation: count },
    );
    let next = 0;
    return batch.map((_, index) => refusals[index] ?? settled[next++]!);
  }

  // One batch per poll at a time: ballots arriving meanwhile form the next batch. Batches of
  // one poll never race each other for the same voters' rows (no lock waits, no deadlocks).
  const writing = new Set<string>();

  async function flush(pollId: string) {
    const batch = queues.get(pollId);
    queues.delete(pollId);
    if (!batch?.length) return;
    writing.add(pollId);
    try {
      const answers = await write(pollId, batch);
      batch.forEach((ballot, index) => {
        const answer = answers[index]!;
        if (answer instanceof AppError) ballot.reject(answer);
        else ballot.resolve(answer);
      });
    } catch (error) {
      for (const ballot of batch) ballot.reject(error);
    } finally {
      writing.delete(pollId);
      if (queues.has(pollId)) void flush(pollId);
    }
  }

  return {
    submit(pollId: string, ballot: BallotToWrite<Answer>): Promise<Receipt> {
      return new Promise((resolve, reject) => {
        let queue = queues.get(pollId);
        if (!queue) {
          queues.set(pollId, (queue = []));
          // Gather what arrives in this turn of the event loop; a batch being written takes
          // the next one itself when it is done.
          if (!writing.has(pollId)) setImmediate(() => void flush(pollId));
        }
        queue.push({ ...ballot, resolve, reject });
      });
    },
  };
}

export type BallotBatcher<Answer> = ReturnType<typeof createBallotBatcher<Answer>>;
