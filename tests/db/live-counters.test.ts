/**
 * The polls' live counters (migration 0016) that the tally notices read instead of counting rows:
 * whatever writes participations and ballots, in whatever order and however many rows a
 * statement touches, the counters equal a count of the rows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { newId, queryRows } from '@cercle/db';
import { choices } from '@cercle/shared';
import { testDatabaseForThisFile } from '../support/database.ts';
import { pollsFixture } from '../support/polls-fixture.ts';

const { db } = await testDatabaseForThisFile();

/** What the counters say and what the rows say, for one poll. */
async function countersAndRows(pollId: string) {
  const [row] = await queryRows<{
    counted: number;
    totals: Record<string, number>;
    rows: number;
    by_choice: Record<string, number> | null;
  }>(
    db,
    sql`select p.app_participation as counted, p.app_totals as totals,
          (select count(*)::int from participations a where a.poll_id = p.id and a.method = 'app') as rows,
          (select jsonb_object_agg(choice, n) from (
             select choice, count(*)::int as n from ballots b where b.poll_id = p.id group by choice
           ) c) as by_choice
        from polls p where p.id = ${pollId}`,
  );
  return {
    counters: { participation: row!.counted, totals: row!.totals },
    rows: { participation: row!.rows, totals: row!.by_choice ?? {} },
  };
}

type Action =
  | { kind: 'cast'; voters: number[]; choice: number; method: 'app' | 'hands' }
  | { kind: 'change'; voters: number[]; choice: number }
  | { kind: 'remove'; voters: number[] }
  | { kind: 'switchMethod'; voters: number[] };

const voterSets = fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 4 });
const actions = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('cast' as const),
      voters: voterSets,
      choice: fc.nat(6),
      method: fc.constantFrom('app' as const, 'hands' as const),
    }),
    fc.record({ kind: fc.constant('change' as const), voters: voterSets, choice: fc.nat(6) }),
    fc.record({ kind: fc.constant('remove' as const), voters: voterSets }),
    fc.record({ kind: fc.constant('switchMethod' as const), voters: voterSets }),
  ),
  { maxLength: 12 },
);

describe('live counters of a poll', () => {
  it('equal a count of its participations and ballots after any sequence of writes', async () => {
    const f = await pollsFixture(db, { voters: 8 });
    await fc.assert(
      fc.asyncProperty(actions, async (sequence: Action[]) => {
        const poll = await f.openPoll();
        const other = await f.openPoll();
        const ids = (voters: number[]) => JSON.stringify(voters.map((i) => f.voters[i]!.id));
        for (const action of sequence) {
          const voters = sql`(select json_array_elements_text(${ids(action.voters)}::json))`;
          const each = sql`json_array_elements_text(${ids(action.voters)}::json) as v(id)`;
          if (action.kind === 'cast') {
            // One statement for several voters, on two polls at once, as a batch writes them.
            for (const target of [poll, other]) {
              await db.execute(
                sql`insert into participations (poll_id, voter_id, method)
                    select ${target.id}, v.id, ${action.method} from ${each}
                    on conflict do nothing`,
              );
            }
            if (action.method === 'app') {
              await db.execute(
                sql`insert into ballots (id, poll_id, voter_id, choice)
                    select ${newId()} || v.id, ${poll.id}, v.id, ${choices[action.choice]!} from ${each}
                    where not exists (select 1 from ballots b where b.poll_id = ${poll.id} and b.voter_id = v.id)`,
              );
            }
          } else if (action.kind === 'change') {
            await db.execute(
              sql`update ballots set choice = ${choices[action.choice]!}
                  where poll_id = ${poll.id} and voter_id in ${voters}`,
            );
          } else if (action.kind === 'remove') {
            await db.execute(
              sql`delete from ballots where poll_id = ${poll.id} and voter_id in ${voters}`,
            );
            await db.execute(
              sql`delete from participations where poll_id in (${poll.id}, ${other.id}) and voter_id in ${voters}`,
            );
          } else {
            await db.execute(
              sql`update participations
                  set method = case method when 'app' then 'hands' else 'app' end
                  where poll_id = ${poll.id} and voter_id in ${voters}`,
            );
          }
        }
        for (const target of [poll, other]) {
          const { counters, rows } = await countersAndRows(target.id);
          expect(counters).toEqual(rows);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('are counted again from the rows by cercle_recount_live_counters (after db:move copies)', async () => {
    const f = await pollsFixture(db, { voters: 2 });
    const poll = await f.openPoll();
    await db.execute(
      sql`insert into participations (poll_id, voter_id) values (${poll.id}, ${f.voters[0]!.id})`,
    );
    await db.execute(
      sql`insert into ballots (id, poll_id, voter_id, choice) values (${newId()}, ${poll.id}, ${f.voters[0]!.id}, 'yes')`,
    );
    // As a copy leaves them: the source's figures, then added to by the copied rows' triggers.
    await db.execute(
      sql`update polls set app_participation = 2, app_totals = '{"yes": 2}' where id = ${poll.id}`,
    );
    await db.execute(sql`select cercle_recount_live_counters()`);
    expect((await countersAndRows(poll.id)).counters).toEqual({
      participation: 1,
      totals: { yes: 1 },
    });
  });
});
