import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller } from '../support/assembly-fixture.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ backgroundJobs: false });
});
afterAll(() => test?.close());

describe('a motion’s text under decision', () => {
  it('never moves: an edit and a new poll sent together happen one after the other', async () => {
    const call = caller(test.app);
    const { secretary, voters, assembly } = await assemblyWithPeople(test.app);
    for (let round = 0; round < 12; round += 1) {
      const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: `Motion ${round}`,
        text: 'Premier texte.',
        submit: true,
      });
      const motionId = motion.body.motion.id as string;
      // Sent in both orders, so either may reach the database first.
      const edit = () =>
        call(voters[0]!, 'PATCH', `/api/motions/${motionId}`, { text: `Texte revu ${round}.` });
      const poll = () =>
        call(secretary, 'POST', '/api/polls', { motionId, kind: 'vote', rule: 'simple' });
      const [edited, created] =
        round % 2
          ? await Promise.all([edit(), poll()])
          : await Promise.all([poll(), edit()]).then(([p, e]) => [e, p] as const);
      expect(created.status).toBe(201);
      const after = await call(voters[0]!, 'GET', `/api/motions/${motionId}`);
      // The poll decides the text the motion has: an edit either came first or was refused.
      expect(created.body.poll.motionVersion).toBe(after.body.motion.currentVersion);
      if (edited.status !== 200) {
        expect(edited.status).toBe(409);
        expect(edited.body.error.code).toBe('motions.invalid_state');
      }
    }
  });

  it('refuses edits and the withdrawal while a poll on it is prepared or open, and others’ edits always', async () => {
    const call = caller(test.app);
    const { secretary, voters, assembly } = await assemblyWithPeople(test.app);
    const [author, other] = voters as [(typeof voters)[number], (typeof voters)[number]];
    const motion = await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion en cours de décision',
      text: 'Premier texte.',
      submit: true,
    });
    const motionId = motion.body.motion.id as string;
    const poll = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    const pollId = poll.body.poll.id as string;
    const edit = (who: typeof author) =>
      call(who, 'PATCH', `/api/motions/${motionId}`, { text: 'Texte revu.' });

    // Someone else may never edit; the author may not while the decision is prepared or open.
    expect((await edit(other)).status).toBe(403);
    for (const step of ['created', 'open']) {
      const edited = await edit(author);
      expect([step, edited.status, edited.body.error.code]).toEqual([
        step,
        409,
        'motions.invalid_state',
      ]);
      const withdrawn = await call(author, 'POST', `/api/motions/${motionId}/withdraw`);
      expect([step, withdrawn.status, withdrawn.body.error.code]).toEqual([
        step,
        409,
        'motions.invalid_state',
      ]);
      if (step === 'created') await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    }
    const unchanged = await call(author, 'GET', `/api/motions/${motionId}`);
    expect(unchanged.body.motion.currentVersion).toBe(1);
    expect(unchanged.body.motion.status).toBe('scheduled');
  });
});
