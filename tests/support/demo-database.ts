import { randomUUID } from 'node:crypto';
import { loadDemoFederation } from '@cercle/server';
import {
  type DatabaseLocation,
  openLocation,
} from '../../server/src/modules/database-tools/location.ts';
import { createTestApp } from './app.ts';
import { assemblyWithPeople, caller, openVoteOnNewMotion } from './assembly-fixture.ts';

/**
 * Fills a database as a federation would have: the demo federation, then an assembly that decided
 * two motions through the API, one by a secret poll (participations and counters, no ballot rows)
 * and one by an open poll (ballots), so every kind of record the audit checks is there. An
 * embedded database gets the server's witness copy in its data folder, as a running server keeps.
 */
export async function fillWithDemoFederation(location: DatabaseLocation) {
  const database = await openLocation(location);
  await database.migrate();
  const t = await createTestApp({
    database,
    backgroundJobs: false,
    ...(location.kind === 'pglite' ? { env: { CERCLE_DATA_DIR: location.dataDir } } : {}),
  });
  try {
    await loadDemoFederation(t.app);
    const call = caller(t.app);
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    for (const secret of [true, false]) {
      const pollId = await openVoteOnNewMotion(t.app, {
        assemblyId: assembly.id,
        author: voters[0]!,
        secretary,
        title: secret ? 'Élire le bureau' : 'Adopter la charte',
        secret,
      });
      for (const [index, voter] of voters.entries()) {
        const choice = index === 1 ? 'no' : 'yes';
        await call(voter, 'POST', `/api/polls/${pollId}/ballots`, {
          choice,
          clientBallotId: randomUUID(),
        });
      }
      const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
      if (closed.status !== 200) throw new Error(`could not close the poll: ${closed.status}`);
    }
    await t.app.auditWitness.settled();
    return { assemblyId: assembly.id };
  } finally {
    await t.close();
    await database.close();
  }
}
