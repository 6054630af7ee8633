import { sql } from 'drizzle-orm';
import { type Database, newId, queryRows } from '@cercle/db';
import type { CastBallotResponse, Choice } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { answerCountOf } from './polls.repository.ts';

/** Many rows as one JSON parameter: the same on PostgreSQL and PGlite, whatever the count. */
const rowsParam = (rows: object[]) => sql`${JSON.stringify(rows)}::json`;

export interface BallotToWrite {
  voterId: string;
  castBy: string;
  choice: Choice;
  reason: string | null;
  clientBallotId: string;
  collegeId: string | null;
  /** Where the caster is checked in, for a meeting poll (set by the batch). */
  siteId?: string | null;
}

interface Pending extends BallotToWrite {
  resolve(answer: CastBallotResponse): void;
  reject(error: unknown): void;
}

/**
 * In a meeting, one votes from where one is checked in, for oneself or for a grantor whose
 * proxy one holds. Checked for the whole batch in one query, inside its transaction and under
 * the poll's lock, so a check-out or a revoked proxy committed before the batch is always seen.
 * Someone already under a site's show of hands is refused by the participation key itself.
 */
async function checkMeetingBallots(
  tx: Database,
  meetingId: string,
  batch: readonly BallotToWrite[],
) {
  const rows = await queryRows<{
    present: boolean | null;
    site_id: string | null;
    may_cast: boolean;
  }>(
    tx,
    sql`select a.present, a.site_id,
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
async function countSecretly(tx: Database, pollId: string, fresh: readonly BallotToWrite[]) {
  const added = new Map<
    string,
    { choice: string; college: string | null; site: string | null; n: number }
  >();
  for (const ballot of fresh) {
    const key = JSON.stringify([ballot.choice, ballot.collegeId, ballot.siteId ?? null]);
    const cell = added.get(key);
    if (cell) cell.n += 1;
    else
      added.set(key, {
        choice: ballot.choice,
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

/**
 * Writes the ballots of one poll in small batches: every ballot that arrives while the event
 * loop is busy joins the same transaction (one commit for many, instead of one each), and each
 * is acknowledged only once that transaction has committed. Duplicates are settled by the
 * database's unique constraints, so a resend counts once however it races.
 */
export function createBallotBatcher({ db }: { db: Database }) {
  const queues = new Map<string, Pending[]>();

  async function write(
    pollId: string,
    batch: Pending[],
  ): Promise<(CastBallotResponse | AppError)[]> {
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
    batch: Pending[],
  ): Promise<(CastBallotResponse | AppError)[]> {
    // A share lock: closing (FOR UPDATE) waits for this batch, and a batch after a closing sees it.
    const [poll] = await queryRows<{
      status: string;
      secret: boolean;
      meeting_id: string | null;
      past_deadline: boolean;
    }>(
      tx,
      sql`select status, secret, meeting_id, ${pastDeadline} as past_deadline
          from polls where id = ${pollId} for share`,
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
    if (fresh.length && poll.secret) await countSecretly(tx, pollId, fresh);
    else if (fresh.length) {
      await tx.execute(
        sql`insert into ballots (id, poll_id, voter_id, choice, reason, college_id, site_id)
            select id, ${pollId}, voter, choice, reason, college, site
            from json_to_recordset(${rowsParam(
              fresh.map((b) => ({
                id: newId(),
                voter: b.voterId,
                choice: b.choice,
                reason: b.reason,
                college: b.collegeId,
                site: b.siteId,
              })),
            )})
              as t(id text, voter text, choice text, reason text, college text, site text)`,
      );
    }
    const others = items.filter((_, index) => !isNew[index]);
    const previous = new Map<string, { clientBallotId: string | null; method: string }>(
      fresh.map((b) => [b.voterId, { clientBallotId: b.clientBallotId, method: 'app' }]),
    );
    const storedChoice = new Map<string, Choice>(fresh.map((b) => [b.voterId, b.choice]));
    if (others.length) {
      const voters = JSON.stringify(others.map((b) => b.voterId));
      for (const row of await queryRows<{
        voter_id: string;
        client_ballot_id: string | null;
        method: string;
      }>(
        tx,
        sql`select voter_id, client_ballot_id, method from participations
            where poll_id = ${pollId}
              and voter_id in (select json_array_elements_text(${voters}::json))`,
      )) {
        if (!previous.has(row.voter_id)) {
          previous.set(row.voter_id, { clientBallotId: row.client_ballot_id, method: row.method });
        }
      }
      if (!poll.secret) {
        for (const row of await queryRows<{ voter_id: string; choice: Choice }>(
          tx,
          sql`select voter_id, choice from ballots
              where poll_id = ${pollId}
                and voter_id in (select json_array_elements_text(${voters}::json))`,
        )) {
          if (!storedChoice.has(row.voter_id)) storedChoice.set(row.voter_id, row.choice);
        }
      }
    }
    const answers: (Omit<CastBallotResponse, 'participation'> | AppError)[] = [];
    for (const [index, ballot] of items.entries()) {
      const before = previous.get(ballot.voterId);
      if (isNew[index]) {
        answers.push({ status: 'counted', choice: ballot.choice });
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
          choice: storedChoice.get(ballot.voterId) ?? ballot.choice,
        });
      } else if (!before) {
        // The client id is already used by another voter's ballot: never trust it twice.
        answers.push(new AppError(409, 'ballots.already_cast', 'This ballot id is already used.'));
      } else if (poll.secret) {
        answers.push(
          new AppError(409, 'ballots.already_cast', 'Your secret ballot is already in the box.'),
        );
      } else {
        await tx.execute(
          sql`update ballots set choice = ${ballot.choice}, reason = ${ballot.reason}
              where poll_id = ${pollId} and voter_id = ${ballot.voterId}`,
        );
        await tx.execute(
          sql`update participations set cast_by = ${ballot.castBy}, client_ballot_id = ${ballot.clientBallotId}
              where poll_id = ${pollId} and voter_id = ${ballot.voterId}`,
        );
        previous.set(ballot.voterId, { clientBallotId: ballot.clientBallotId, method: 'app' });
        storedChoice.set(ballot.voterId, ballot.choice);
        answers.push({ status: 'changed', choice: ballot.choice });
      }
    }
    // Last statement before the commit: a batch still being written when the deadline comes is
    // refused whole, so the result holds exactly the ballots committed before it.
    const [last] = await queryRows<{ count: number; past_deadline: boolean }>(
      tx,
      sql`select ${answerCountOf(pollId)} as count, ${pastDeadline} as past_deadline
          from polls where id = ${pollId}`,
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
    submit(pollId: string, ballot: BallotToWrite): Promise<CastBallotResponse> {
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

export type BallotBatcher = ReturnType<typeof createBallotBatcher>;
