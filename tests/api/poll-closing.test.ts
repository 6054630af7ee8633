import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@cercle/db';
import { createTestApp } from '../support/app.ts';
import { assemblyWithPeople, caller } from '../support/assembly-fixture.ts';
import { createTestDatabase } from '../support/database.ts';

let database: DatabaseHandle;
afterAll(() => database?.close());

describe('asynchronous polls', () => {
  it('close on time even when the server was down at the closing time', async () => {
    database = await createTestDatabase();
    const before = await createTestApp({ database, backgroundJobs: false });
    const call = caller(before.app);
    const { secretary, voters, assembly } = await assemblyWithPeople(before.app);
    const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion asynchrone',
      text: 'Texte.',
      submit: true,
    });
    const closesAt = new Date(Date.now() + 1_500).toISOString();
    const poll = await call(secretary, 'POST', '/api/polls', {
      motionId: motion.body.motion.id,
      kind: 'vote',
      rule: 'simple',
      closesAt,
    });
    await call(secretary, 'POST', `/api/polls/${poll.body.poll.id}/open`);
    await call(voters[0]!, 'POST', `/api/polls/${poll.body.poll.id}/ballots`, {
      choice: 'yes',
      clientBallotId: randomUUID(),
    });
    await before.close(); // the server stops before the closing time…
    await new Promise((resolve) => setTimeout(resolve, 1_600));

    const after = await createTestApp({ database }); // …and restarts after it.
    try {
      let status = 'open';
      for (let i = 0; i < 50 && status !== 'closed'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const read = await after.app.inject({
          url: `/api/polls/${poll.body.poll.id}`,
          headers: { cookie: secretary.cookie },
        });
        status = read.json().poll.status;
      }
      expect(status).toBe('closed');
      const motionAfter = await after.app.inject({
        url: `/api/motions/${motion.body.motion.id}`,
        headers: { cookie: secretary.cookie },
      });
      expect(motionAfter.json().motion.status).toBe('adopted');
    } finally {
      await after.close();
    }
  });
});
