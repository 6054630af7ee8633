import { sql } from 'drizzle-orm';
import { type Database, hasSqlState, newId, queryRows } from '@cercle/db';
import type { Choice } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { notAccredited } from '../meetings/accreditation-rules.ts';

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
}

/** A ballot as acknowledged: counted, changed, or a resend of one already counted. */
export interface BallotReceipt<Answer> {
  status: 'counted' | 'changed' | 'already_counted';
  answer: Answer;
  participation: number;
}

/**
 * Where one family of polls keeps its open ballots, for what the database functions leave to the
 * batcher: a motion poll's choice (`ballots`), an election round's selection (the elections
 * module's table). Taking new ballots, and counting secret ones, is the same for both
 * (migration 0017): lock, deadline, presence and proxies, the participation that makes one person
 * one answer, acknowledgement after commit.
 */
export interface BallotStore<Answer> {
  /** The open ballots these voters have in the poll. */
  storedAnswers(
    tx: Database,
    pollId: string,
    voterIds: readonly string[],
  ): Promise<Map<string, Answer>>;
  /** Replaces a voter's open ballot. */
  change(tx: Database, pollId: string, ballot: BallotToWrite<Answer>): Promise<void>;
}

/** The poll a ballot is for: whether it is secret decides what its batch may carry. */
export interface BallotPoll {
  id: string;
  secret: boolean;
}

interface Pending<Answer> extends BallotToWrite<Answer> {
  resolve(answer: BallotReceipt<Answer>): void;
  reject(error: unknown): void;
}

/** What `cercle_take_ballots` answers for each ballot, in the order given (migration 0018). */
interface Taken {
  outcome:
    | 'counted'
    | 'already_counted'
    | 'counted_at_site'
    | 'not_new'
    | 'not_present'
    | 'not_accredited'
    | 'no_proxy'
    | 'closed'
    | 'not_open';
  site: string | null;
  /** The poll's count once the batch is written (an open poll's batch ends in the function). */
  participation: number | null;
  /** A resend's open answer, as stored for its voter (null for a secret poll). */
  storedAnswer: unknown;
}

const closedRefusal = () => new AppError(409, 'polls.closed', 'This poll is closed.');
const refusals: Partial<Record<Taken['outcome'], () => AppError>> = {
  not_present: () => new AppError(403, 'meetings.not_present', 'Check in to the meeting to vote.'),
  not_accredited: notAccredited,
  no_proxy: () =>
    new AppError(403, 'ballots.no_proxy', 'You hold no proxy for this person.', 'onBehalfOf'),
  closed: closedRefusal,
  not_open: () => new AppError(409, 'polls.not_open', 'This poll is not open yet.'),
  counted_at_site: () =>
    new AppError(
      409,
      'ballots.counted_at_site',
      'This vote is already counted in a site’s show of hands.',
    ),
};

/** The deadline passed while a batch was written (`cercle_end_ballot_batch`): none of it holds. */
const deadlinePassedState = 'CE001';

/**
 * Takes a batch (`cercle_take_ballots`, migration 0017). A secret poll's ballots travel without
 * their answer: the voters go in this statement, the counts in the next.
 */
async function takeBallots<Answer>(
  db: Database,
  poll: BallotPoll,
  batch: readonly BallotToWrite<Answer>[],
): Promise<Taken[]> {
  const items = batch.map((ballot) => ({
    voter: ballot.voterId,
    caster: ballot.castBy,
    client: ballot.clientBallotId,
    college: ballot.collegeId,
    ...(poll.secret ? {} : { id: newId(), answer: ballot.answer, reason: ballot.reason }),
  }));
  return queryRows<Taken>(
    db,
    sql`select outcome, cast_at_site as site, participation, stored_answer as "storedAnswer"
        from cercle_take_ballots(${poll.id}, ${JSON.stringify(items)}::jsonb)`,
  );
}

/**
 * A secret batch's second statement: its counts per answer × college × site, no voter, no order,
 * no time, added to the poll's counters (`cercle_count_secret_ballots`); then the batch ends.
 */
async function countSecretly<Answer>(
  tx: Database,
  pollId: string,
  counted: readonly { answer: Answer; collegeId: string | null; site: string | null }[],
) {
  const cells = new Map<
    string,
    { answer: Answer; college: string | null; site: string | null; count: number }
  >();
  for (const { answer, collegeId, site } of counted) {
    // Selections arrive canonical (marks sorted, grades by name): equal ballots share a key.
    const key = JSON.stringify([answer, collegeId, site]);
    const cell = cells.get(key);
    if (cell) cell.count += 1;
    else cells.set(key, { answer, college: collegeId, site, count: 1 });
  }
  const [row] = await queryRows<{ count: number }>(
    tx,
    sql`select cercle_count_secret_ballots(${pollId}, ${JSON.stringify([...cells.values()])}::jsonb)
          as count`,
  );
  return row!.count;
}

/** The batch's last step when no function ended it (`cercle_end_ballot_batch`). */
async function endBatch(tx: Database, pollId: string, changed: boolean) {
  const [row] = await queryRows<{ count: number }>(
    tx,
    sql`select cercle_end_ballot_batch(${pollId}, ${changed}) as count`,
  );
  return row!.count;
}

/** A motion poll's open ballots: a choice (and a reason with an objection). */
export const choiceStore: BallotStore<Choice> = {
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
 * loop is busy joins the same batch (one commit for many, instead of one each), and each is
 * acknowledged only once its batch has committed. An open poll's batch is one statement, its own
 * transaction; a secret poll's two, in one transaction. Duplicates are settled by the database's
 * unique constraints, so a resend counts once however it races: a ballot whose voter or client
 * id already answered is settled after, in a transaction of its own (a resend, a change).
 */
export function createBallotBatcher<Answer>({
  db,
  store,
}: {
  db: Database;
  store: BallotStore<Answer>;
}) {
  type Receipt = BallotReceipt<Answer>;
  type Answered = Receipt | AppError;

  /** Runs `work`; the whole of it is refused if the deadline overtook its batch. */
  async function refusedAtDeadline(
    count: number,
    work: () => Promise<Answered[]>,
  ): Promise<Answered[]> {
    try {
      return await work();
    } catch (error) {
      if (hasSqlState(error, deadlinePassedState))
        return Array.from({ length: count }, closedRefusal);
      throw error;
    }
  }

  async function write(poll: BallotPoll, batch: readonly BallotToWrite<Answer>[]) {
    if (poll.secret) {
      return refusedAtDeadline(batch.length, () =>
        db.transaction((tx) => settleInTransaction(tx, poll, batch)),
      );
    }
    // The common case in one round trip: new ballots, committed and counted by the function.
    let taken: Taken[] = [];
    const first = await refusedAtDeadline(batch.length, async () => {
      taken = await takeBallots(db, poll, batch);
      return taken.map((result, index) => answerOf(result, batch[index]!));
    });
    const leftovers = batch.filter((_, index) => taken[index]?.outcome === 'not_new');
    if (!leftovers.length) return first;
    const settled = await refusedAtDeadline(leftovers.length, () =>
      db.transaction((tx) => settleInTransaction(tx, poll, leftovers)),
    );
    let next = 0;
    return first.map((answer, index) =>
      taken[index]?.outcome === 'not_new' ? settled[next++]! : answer,
    );
  }

  /**
   * A ballot's answer from what the function did with it (`not_new` is the caller's to settle;
   * in a transaction, the participation is the one it ends with). A resend tells the answer
   * stored for its voter: the function's for an open poll; for a secret one, which stores none
   * by voter, the one counted for that voter in this batch (`countedHere`), else the resend's.
   */
  function answerOf(taken: Taken, ballot: BallotToWrite<Answer>, countedHere?: Answer): Answered {
    const refusal = refusals[taken.outcome];
    if (refusal) return refusal();
    const participation = taken.participation ?? 0;
    if (taken.outcome === 'already_counted') {
      const answer = (taken.storedAnswer ?? countedHere ?? ballot.answer) as Answer;
      return { status: 'already_counted', answer, participation };
    }
    return { status: 'counted', answer: ballot.answer, participation };
  }

  /**
   * A batch in one transaction: taken (and for a secret poll, counted), then the ballots whose
   * voter or client id already answered settled under the same lock: a resend is acknowledged
   * with the answer stored, a new id changes an open ballot, a secret one never changes.
   */
  async function settleInTransaction(
    tx: Database,
    poll: BallotPoll,
    batch: readonly BallotToWrite<Answer>[],
  ): Promise<Answered[]> {
    const taken = await takeBallots(tx, poll, batch);
    let count = taken.find((result) => result.participation !== null)?.participation ?? null;
    const counted = batch
      .map((ballot, index) => ({ ...ballot, site: taken[index]!.site }))
      .filter((_, index) => taken[index]!.outcome === 'counted');
    if (poll.secret && counted.length) count = await countSecretly(tx, poll.id, counted);

    const others = batch.filter((_, index) => taken[index]!.outcome === 'not_new');
    const previous = new Map<string, { clientBallotId: string | null; method: string }>(
      counted.map((b) => [b.voterId, { clientBallotId: b.clientBallotId, method: 'app' }]),
    );
    const storedAnswer = new Map<string, Answer>(counted.map((b) => [b.voterId, b.answer]));
    if (others.length) {
      for (const row of await queryRows<{
        voter_id: string;
        client_ballot_id: string | null;
        method: string;
      }>(
        tx,
        sql`select voter_id, client_ballot_id, method from participations
            where poll_id = ${poll.id}
              and voter_id in ${inIds(others.map((b) => b.voterId))}`,
      )) {
        if (!previous.has(row.voter_id)) {
          previous.set(row.voter_id, { clientBallotId: row.client_ballot_id, method: row.method });
        }
      }
      if (!poll.secret) {
        const stored = await store.storedAnswers(
          tx,
          poll.id,
          others.map((b) => b.voterId),
        );
        for (const [voterId, answer] of stored) {
          if (!storedAnswer.has(voterId)) storedAnswer.set(voterId, answer);
        }
      }
    }
    const answers: (Omit<Receipt, 'participation'> | AppError)[] = [];
    let changed = false;
    for (const [index, ballot] of batch.entries()) {
      const outcome = taken[index]!.outcome;
      const before = previous.get(ballot.voterId);
      if (outcome !== 'not_new') {
        answers.push(answerOf(taken[index]!, ballot, storedAnswer.get(ballot.voterId)));
      } else if (before?.clientBallotId === ballot.clientBallotId) {
        // A copy of a ballot that changed the voter's answer earlier in this batch.
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
        await store.change(tx, poll.id, ballot);
        await tx.execute(
          sql`update participations set cast_by = ${ballot.castBy}, client_ballot_id = ${ballot.clientBallotId}
              where poll_id = ${poll.id} and voter_id = ${ballot.voterId}`,
        );
        previous.set(ballot.voterId, { clientBallotId: ballot.clientBallotId, method: 'app' });
        storedAnswer.set(ballot.voterId, ballot.answer);
        changed = true;
        answers.push({ status: 'changed', answer: ballot.answer });
      }
    }
    // A change tells the new count; a resend alone still checks the deadline before it is
    // acknowledged, like every batch.
    const acknowledges = answers.some((answer) => !(answer instanceof AppError));
    if (changed || (count === null && acknowledges)) count = await endBatch(tx, poll.id, changed);
    return answers.map((answer) =>
      answer instanceof AppError ? answer : { ...answer, participation: count! },
    );
  }

  const queues = new Map<string, { poll: BallotPoll; ballots: Pending<Answer>[] }>();
  // One batch per poll at a time: ballots arriving meanwhile form the next batch. Batches of
  // one poll never race each other for the same voters' rows (no lock waits, no deadlocks).
  const writing = new Set<string>();

  async function flush(pollId: string) {
    const queue = queues.get(pollId);
    queues.delete(pollId);
    if (!queue?.ballots.length) return;
    const batch = queue.ballots;
    writing.add(pollId);
    try {
      const answers = await write(queue.poll, batch);
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
    submit(poll: BallotPoll, ballot: BallotToWrite<Answer>): Promise<Receipt> {
      return new Promise((resolve, reject) => {
        let queue = queues.get(poll.id);
        if (!queue) {
          queues.set(poll.id, (queue = { poll, ballots: [] }));
          // Gather what arrives in this turn of the event loop; a batch being written takes
          // the next one itself when it is done.
          if (!writing.has(poll.id)) setImmediate(() => void flush(poll.id));
        }
        queue.ballots.push({ ...ballot, resolve, reject });
      });
    },
  };
}

export type BallotBatcher<Answer> = ReturnType<typeof createBallotBatcher<Answer>>;
