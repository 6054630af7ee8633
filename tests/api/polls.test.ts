import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ballots, participations, polls, secretTallies } from '@cercle/db';
import { createTestApp, testAppForThisFile } from '../support/app.ts';
import {
  assemblyWithPeople,
  caller,
  type Person,
  withoutVotingRight,
} from '../support/assembly-fixture.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

async function admittedMotion(options: Parameters<typeof assemblyWithPeople>[1] = {}) {
  const people = await assemblyWithPeople(t.app, options);
  const motion = await call(
    people.voters[0]!,
    'POST',
    `/api/assemblies/${people.assembly.id}/motions`,
    {
      title: 'Soutenir les antennes',
      text: 'Le MES soutient les antennes.\n\nIl y consacre un tiers de son budget.\n',
      submit: true,
    },
  );
  expect(motion.body.motion.status).toBe('admitted');
  return { ...people, motionId: motion.body.motion.id as string };
}

async function openPoll(secretary: Person, body: object) {
  const created = await call(secretary, 'POST', '/api/polls', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const opened = await call(secretary, 'POST', `/api/polls/${created.body.poll.id}/open`);
  expect(opened.status).toBe(200);
  return opened.body.poll.id as string;
}

const vote = (who: Person, pollId: string, choice: string, extra: object = {}) =>
  call(who, 'POST', `/api/polls/${pollId}/ballots`, {
    choice,
    clientBallotId: randomUUID(),
    ...extra,
  });

describe('votes', () => {
  it('counts open ballots, shows who voted what, and decides the motion at closing', async () => {
    const { secretary, voters, motionId } = await admittedMotion({ voters: 4 });
    const pollId = await openPoll(secretary, { motionId, kind: 'vote', rule: 'simple' });
    expect((await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.status).toBe(
      'scheduled',
    );
    await vote(voters[0]!, pollId, 'yes');
    await vote(voters[1]!, pollId, 'yes');
    await vote(voters[2]!, pollId, 'no');
    const live = await call(voters[3]!, 'GET', `/api/polls/${pollId}`);
    expect(live.body.poll).toMatchObject({
      status: 'open',
      electorate: 5, // the four voters and the secretary

      participation: 3,
      result: { totals: { yes: 2, no: 1, abstain: 0 } },
      me: { entitled: true, answered: false, choice: null },
    });
    expect(
      live.body.poll.ballots.map((b: { voter: { name: string }; choice: string }) => [
        b.voter.name,
        b.choice,
      ]),
    ).toEqual([
      ['Votant 1', 'yes'],
      ['Votant 2', 'yes'],
      ['Votant 3', 'no'],
    ]);
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll).toMatchObject({
      status: 'closed',
      result: { outcome: 'adopted', totals: { yes: 2, no: 1 } },
      ballotsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.status).toBe(
      'adopted',
    );
    const late = await vote(voters[3]!, pollId, 'no');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('polls.closed');
    expect((await call(secretary, 'POST', `/api/polls/${pollId}/close`)).status).toBe(409);
  });

  it('counts a resent ballot once and lets an open ballot change', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    const pollId = await openPoll(secretary, { motionId, kind: 'vote', rule: 'simple' });
    const clientBallotId = randomUUID();
    const first = await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId,
    });
    expect(first).toMatchObject({ status: 201, body: { status: 'counted', participation: 1 } });
    const resend = await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId,
    });
    expect(resend).toMatchObject({
      status: 200,
      body: { status: 'already_counted', choice: 'yes', participation: 1 },
    });
    const changed = await vote(voters[0]!, pollId, 'no');
    expect(changed.body).toMatchObject({ status: 'changed', choice: 'no', participation: 1 });
    const poll = await call(voters[0]!, 'GET', `/api/polls/${pollId}`);
    expect(poll.body.poll.result.totals).toMatchObject({ yes: 0, no: 1 });
    expect(poll.body.poll.me).toEqual({
      entitled: true,
      answered: true,
      countedAtSite: null,
      choice: 'no',
    });
  });

  it('refuses members without voting right, wrong choices and voting before opening', async () => {
    const { assembly, secretary, voters, motionId } = await admittedMotion();
    await withoutVotingRight(t.app, assembly.id, voters[2]!.id);
    const created = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    const early = await vote(voters[0]!, created.body.poll.id, 'yes');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('polls.not_open');
    await call(secretary, 'POST', `/api/polls/${created.body.poll.id}/open`);
    const pollId = created.body.poll.id;
    const observer = await vote(voters[2]!, pollId, 'yes');
    expect(observer.status).toBe(403);
    expect(observer.body.error.code).toBe('ballots.not_entitled');
    const wrong = await vote(voters[0]!, pollId, 'consent');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('choice');
    const proxy = await vote(voters[0]!, pollId, 'yes', { onBehalfOf: voters[1]!.id });
    expect(proxy.status).toBe(403);
    expect((await vote(voters[0]!, pollId, 'yes', { clientBallotId: 'short' })).status).toBe(400);
    expect((await call(voters[0]!, 'POST', `/api/polls/${pollId}/close`)).status).toBe(403);
  });

  it('keeps secret ballots apart from voters and hides the tally until closing', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    const pollId = await openPoll(secretary, {
      motionId,
      kind: 'vote',
      rule: 'simple',
      secret: true,
    });
    await vote(voters[0]!, pollId, 'yes');
    await vote(voters[1]!, pollId, 'no');
    const again = await vote(voters[1]!, pollId, 'yes');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ballots.already_cast');
    const live = await call(voters[0]!, 'GET', `/api/polls/${pollId}`);
    expect(live.body.poll).toMatchObject({
      participation: 2,
      result: null,
      ballots: null,
      me: { answered: true, choice: null },
    });
    // No ballot row at all: the choices live only as counters (see secret-ballots.test.ts).
    expect(await t.app.db.select().from(ballots).where(eq(ballots.pollId, pollId))).toEqual([]);
    const [counters] = await t.app.db
      .select()
      .from(secretTallies)
      .where(eq(secretTallies.pollId, pollId));
    expect(counters!.counts).toEqual([
      { choice: 'no', collegeId: null, siteId: null, count: 1 },
      { choice: 'yes', collegeId: null, siteId: null, count: 1 },
    ]);
    const who = await t.app.db
      .select()
      .from(participations)
      .where(eq(participations.pollId, pollId));
    expect(who.map((p) => p.voterId).sort()).toEqual([voters[0]!.id, voters[1]!.id].sort());
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result).toMatchObject({
      outcome: 'rejected',
      totals: { yes: 1, no: 1 },
    });
    expect(closed.body.poll.ballots).toBeNull();
    // Closed: the fine counters are gone, only the published result remains.
    expect(
      await t.app.db.select().from(secretTallies).where(eq(secretTallies.pollId, pollId)),
    ).toEqual([]);
  });

  it('refuses a ballot sent 50 ms after the deadline, closing job or not, and counts exactly those before', async () => {
    const { secretary, voters, motionId } = await admittedMotion({ voters: 3 });
    const deadline = Date.now() + 1_500;
    const pollId = await openPoll(secretary, {
      motionId,
      kind: 'vote',
      rule: 'simple',
      closesAt: new Date(deadline).toISOString(),
    });
    expect((await vote(voters[0]!, pollId, 'yes')).status).toBe(201);
    expect((await vote(voters[1]!, pollId, 'no')).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, deadline + 50 - Date.now()));
    // The closing job does not run in this test: the deadline holds at the ballot itself.
    const late = await vote(voters[2]!, pollId, 'yes');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('polls.closed');
    // The refusal closes the poll at once, with exactly the ballots committed before.
    let poll = (await call(secretary, 'GET', `/api/polls/${pollId}`)).body.poll;
    for (let i = 0; i < 50 && poll.status !== 'closed'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      poll = (await call(secretary, 'GET', `/api/polls/${pollId}`)).body.poll;
    }
    expect(poll).toMatchObject({
      status: 'closed',
      participation: 2,
      result: { outcome: 'rejected', totals: { yes: 1, no: 1, abstain: 0 } },
    });
  });

  it('refuses at the database a ballot whose batch comes after the deadline, though this instance saw the poll open', async () => {
    const { voters, secretary, motionId } = await admittedMotion({ voters: 2 });
    const pollId = await openPoll(secretary, {
      motionId,
      kind: 'vote',
      rule: 'simple',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await vote(voters[0]!, pollId, 'yes')).status).toBe(201);
    // Another instance moved the deadline into the past; this one still has the poll in memory.
    await t.app.db
      .update(polls)
      .set({ closesAt: new Date(Date.now() - 10) })
      .where(eq(polls.id, pollId));
    const late = await vote(voters[1]!, pollId, 'no');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('polls.closed');
    const stored = await t.app.db
      .select()
      .from(participations)
      .where(eq(participations.pollId, pollId));
    expect(stored.map((row) => row.voterId)).toEqual([voters[0]!.id]);
  });

  // The same promise for secret polls, whose choices are counters rather than ballot rows.
  // Two hundred accounts and four hundred ballots at once: on a loaded 2-core machine that takes
  // longer than the default 30 s.
  it.each([
    ['an open', false],
    ['a secret', true],
  ])(
    'counts 200 voters casting at once in %s poll, each twice, exactly 200 times',
    async (_, secret) => {
      const { secretary, voters, motionId } = await admittedMotion({ voters: 200 });
      const pollId = await openPoll(secretary, { motionId, kind: 'vote', rule: 'simple', secret });
      const ids = voters.map(() => randomUUID());
      const cast = (index: number) =>
        call(voters[index]!, 'POST', `/api/polls/${pollId}/ballots`, {
          choice: index % 3 ? 'yes' : 'no',
          clientBallotId: ids[index],
        });
      const answers = await Promise.all(voters.flatMap((_, index) => [cast(index), cast(index)]));
      const statuses = answers.map((answer) => answer.body.status);
      expect(statuses.filter((s) => s === 'counted')).toHaveLength(200);
      expect(statuses.filter((s) => s === 'already_counted')).toHaveLength(200);
      const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
      expect(closed.body.poll.participation).toBe(200);
      const { yes, no } = closed.body.poll.result.totals;
      expect(yes + no).toBe(200);
      expect(no).toBe(67);
    },
    120_000,
  );

  it('applies the quorum to asynchronous polls', async () => {
    const { secretary, voters, motionId } = await admittedMotion({
      voters: 4,
      settings: { quorum: 0.5 },
    });
    const pollId = await openPoll(secretary, { motionId, kind: 'vote', rule: 'simple' });
    await vote(voters[0]!, pollId, 'yes');
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result).toMatchObject({ outcome: 'no_quorum', quorumReached: false });
    expect((await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.status).toBe(
      'scheduled',
    );
  });
});

describe('amendments', () => {
  it('decides amendments before the motion and applies adopted ones to its text', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    const proposals = [
      'Le MES soutient fortement les antennes.\n\nIl y consacre un tiers de son budget.\n',
      'Le MES soutient les antennes.\n\nIl y consacre la moitié de son budget.\n',
    ];
    const amendmentIds: string[] = [];
    for (const proposedText of proposals) {
      const amendment = await call(voters[1]!, 'POST', `/api/motions/${motionId}/amendments`, {
        proposedText,
        rationale: 'Plus clair',
      });
      expect(amendment.status).toBe(201);
      amendmentIds.push(amendment.body.amendment.id);
    }
    const blocked = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('polls.amendments_pending');
    for (const amendmentId of amendmentIds) {
      const pollId = await openPoll(secretary, { amendmentId, kind: 'vote', rule: 'simple' });
      await vote(voters[0]!, pollId, 'yes');
      await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    }
    const motion = await call(secretary, 'GET', `/api/motions/${motionId}`);
    expect(motion.body.motion.currentVersion).toBe(3);
    expect(motion.body.motion.current.text).toBe(
      // Texts are stored trimmed.
      'Le MES soutient fortement les antennes.\n\nIl y consacre la moitié de son budget.',
    );
    const list = await call(secretary, 'GET', `/api/motions/${motionId}/amendments`);
    expect(
      list.body.amendments.map((a: { label: string; status: string; resultingVersion: number }) => [
        a.label,
        a.status,
        a.resultingVersion,
      ]),
    ).toEqual([
      ['A1', 'adopted', 2],
      ['A2', 'adopted', 3],
    ]);
    expect(
      (await call(secretary, 'POST', '/api/polls', { motionId, kind: 'vote', rule: 'simple' }))
        .status,
    ).toBe(201);
  });
});

describe('an amendment adopted that needs merging by hand', () => {
  it('is merged by a secretary into a version that records it, once', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    // Both rewrite the same sentence: the second cannot enter the text by itself.
    const proposals = [
      'Le MES soutient fortement les antennes.\n\nIl y consacre un tiers de son budget.\n',
      'Le MES soutient activement les antennes.\n\nIl y consacre un tiers de son budget.\n',
    ];
    const ids: string[] = [];
    for (const proposedText of proposals) {
      const amendment = await call(voters[1]!, 'POST', `/api/motions/${motionId}/amendments`, {
        proposedText,
        rationale: 'Plus net',
      });
      ids.push(amendment.body.amendment.id);
    }
    for (const amendmentId of ids) {
      const pollId = await openPoll(secretary, { amendmentId, kind: 'vote', rule: 'simple' });
      await vote(voters[0]!, pollId, 'yes');
      await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    }
    const [first, second] = ids as [string, string];
    const listed = async () =>
      (await call(secretary, 'GET', `/api/motions/${motionId}/amendments`)).body.amendments as {
        id: string;
        status: string;
        resultingVersion: number | null;
      }[];
    expect((await listed()).map((a) => [a.status, a.resultingVersion])).toEqual([
      ['adopted', 2],
      ['adopted', null],
    ]);
    const merge = (who: Person, body: object) =>
      call(who, 'PATCH', `/api/motions/${motionId}`, body);
    const mergedText =
      'Le MES soutient fortement et activement les antennes.\n\nIl y consacre un tiers de son budget.';

    const byMember = await merge(voters[2]!, { text: mergedText, mergesAmendmentId: second });
    expect(byMember.status).toBe(403);
    const already = await merge(secretary, { text: mergedText, mergesAmendmentId: first });
    expect(already.status).toBe(409);
    expect(already.body.error).toMatchObject({
      code: 'amendments.invalid_state',
      field: 'mergesAmendmentId',
    });
    const unknown = await merge(secretary, {
      text: mergedText,
      mergesAmendmentId: 'nosuchamendment00000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'validation.unknown_reference',
      field: 'mergesAmendmentId',
    });
    const unchanged = await merge(secretary, { mergesAmendmentId: second });
    expect(unchanged.status).toBe(400);
    expect(unchanged.body.error.field).toBe('text');

    const merged = await merge(secretary, { text: mergedText, mergesAmendmentId: second });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.motion.currentVersion).toBe(3);
    expect(merged.body.motion.current).toMatchObject({
      text: mergedText,
      note: 'A2',
      amendmentId: second,
    });
    expect((await listed()).map((a) => a.resultingVersion)).toEqual([2, 3]);
    // Merged once: the same request again is refused, and changes nothing.
    expect(
      (await merge(secretary, { text: `${mergedText} !`, mergesAmendmentId: second })).status,
    ).toBe(409);
    expect(
      (await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.currentVersion,
    ).toBe(3);
  });
});

describe('consent rounds and objections', () => {
  it('tracks an objection to its integration, then a second round adopts', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    const round1 = await openPoll(secretary, { motionId, kind: 'consent' });
    const noReason = await vote(voters[1]!, round1, 'objection');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    await vote(voters[1]!, round1, 'objection', {
      reason: 'Un tiers, c’est trop sans évaluation.',
    });
    await vote(voters[2]!, round1, 'concern', { reason: 'À suivre.' });
    await vote(voters[0]!, round1, 'consent');
    const closed = await call(secretary, 'POST', `/api/polls/${round1}/close`);
    expect(closed.body.poll.result).toMatchObject({ outcome: 'objected', objections: 1 });

    const objections = await call(secretary, 'GET', `/api/motions/${motionId}/objections`);
    expect(objections.body.objections).toEqual([
      expect.objectContaining({
        status: 'open',
        round: 1,
        reason: 'Un tiers, c’est trop sans évaluation.',
        author: expect.objectContaining({ name: 'Votant 2' }),
      }),
    ]);
    const objectionId = objections.body.objections[0].id;
    const blocked = await call(secretary, 'POST', '/api/polls', { motionId, kind: 'consent' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('polls.objections_open');

    // Only a secretary or the motion's authors integrate (voters[0] wrote it; voters[2] did not).
    expect(
      (
        await call(voters[2]!, 'PATCH', `/api/objections/${objectionId}`, {
          status: 'integrated',
          version: 2,
        })
      ).status,
    ).toBe(403);
    const tooEarly = await call(secretary, 'PATCH', `/api/objections/${objectionId}`, {
      status: 'integrated',
      version: 2,
    });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.field).toBe('version');
    await call(secretary, 'PATCH', `/api/motions/${motionId}`, {
      text: 'Le MES soutient les antennes.\n\nIl y consacre un tiers de son budget, après évaluation.\n',
      note: 'Répond à l’objection du premier tour',
    });
    const integrated = await call(secretary, 'PATCH', `/api/objections/${objectionId}`, {
      status: 'integrated',
      version: 2,
    });
    expect(integrated.body.objection).toMatchObject({
      status: 'integrated',
      integratedVersion: 2,
      resolvedBy: expect.objectContaining({ name: 'Léa Garcia' }),
    });
    expect(
      (await call(secretary, 'PATCH', `/api/objections/${objectionId}`, { status: 'withdrawn' }))
        .status,
    ).toBe(409);

    const round2 = await openPoll(secretary, { motionId, kind: 'consent' });
    for (const voter of voters) await vote(voter, round2, 'consent');
    const adopted = await call(secretary, 'POST', `/api/polls/${round2}/close`);
    expect(adopted.body.poll).toMatchObject({ round: 2, result: { outcome: 'adopted' } });
    expect((await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.status).toBe(
      'adopted',
    );
  });

  it('offers the fallback vote with the assembly’s rule once the consent rounds are spent', async () => {
    const { secretary, voters, motionId } = await admittedMotion({
      settings: { maxConsentRounds: 1, fallbackRule: 'two_thirds' },
    });
    const round1 = await openPoll(secretary, { motionId, kind: 'consent' });
    await vote(voters[1]!, round1, 'objection', { reason: 'Non.' });
    await call(secretary, 'POST', `/api/polls/${round1}/close`);
    const [objection] = (await call(secretary, 'GET', `/api/polls/${round1}/objections`)).body
      .objections;
    const ruledOut = await call(secretary, 'PATCH', `/api/objections/${objection.id}`, {
      status: 'ruled_out',
      reason: 'Hors du champ de la motion',
    });
    expect(ruledOut.body.objection).toMatchObject({
      status: 'ruled_out',
      resolution: 'Hors du champ de la motion',
    });

    const exhausted = await call(secretary, 'POST', '/api/polls', { motionId, kind: 'consent' });
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.error.code).toBe('polls.consent_rounds_exhausted');
    const fallback = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    expect(fallback.body.poll).toMatchObject({ fallback: true, rule: 'two_thirds' });
    await call(secretary, 'POST', `/api/polls/${fallback.body.poll.id}/open`);
    await vote(voters[0]!, fallback.body.poll.id, 'yes');
    await vote(voters[1]!, fallback.body.poll.id, 'no');
    const closed = await call(secretary, 'POST', `/api/polls/${fallback.body.poll.id}/close`);
    expect(closed.body.poll.result.outcome).toBe('rejected');
    expect((await call(secretary, 'GET', `/api/motions/${motionId}`)).body.motion.status).toBe(
      'rejected',
    );
  });

  it('lets the author withdraw their objection, and nobody else', async () => {
    const { secretary, voters, motionId } = await admittedMotion();
    const round1 = await openPoll(secretary, { motionId, kind: 'consent' });
    await vote(voters[1]!, round1, 'objection', { reason: 'Trop vague.' });
    await call(secretary, 'POST', `/api/polls/${round1}/close`);
    const [objection] = (await call(secretary, 'GET', `/api/polls/${round1}/objections`)).body
      .objections;
    expect(
      (await call(voters[0]!, 'PATCH', `/api/objections/${objection.id}`, { status: 'withdrawn' }))
        .status,
    ).toBe(403);
    expect(
      (await call(voters[1]!, 'PATCH', `/api/objections/${objection.id}`, { status: 'withdrawn' }))
        .body.objection.status,
    ).toBe('withdrawn');
    expect(
      (await call(secretary, 'POST', '/api/polls', { motionId, kind: 'consent' })).status,
    ).toBe(201);
  });

  it('refuses a secret consent round and polls on motions not admitted', async () => {
    const { secretary, motionId, voters, assembly } = await admittedMotion();
    const secret = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'consent',
      secret: true,
    });
    expect(secret.status).toBe(400);
    expect(secret.body.error.field).toBe('secret');
    const draft = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Brouillon',
      text: 'x y z',
    });
    const refused = await call(secretary, 'POST', '/api/polls', {
      motionId: draft.body.motion.id,
      kind: 'vote',
      rule: 'simple',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('motions.invalid_state');
    expect(
      (await call(voters[0]!, 'POST', '/api/polls', { motionId, kind: 'vote', rule: 'simple' }))
        .status,
    ).toBe(403);
    const past = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
      closesAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('closesAt');
    const twice = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    expect(twice.status).toBe(201);
    expect(
      (await call(secretary, 'POST', '/api/polls', { motionId, kind: 'vote', rule: 'simple' })).body
        .error.code,
    ).toBe('polls.already_running');
  });
});

describe('two instances on one database', () => {
  it('refuses a ballot at an instance that last saw the poll open, once another closed it', async () => {
    const other = await createTestApp({ backgroundJobs: false, database: t.database });
    try {
      const callOther = caller(other.app);
      const { secretary, voters, motionId } = await admittedMotion({ voters: 2 });
      const pollId = await openPoll(secretary, { motionId, kind: 'vote', rule: 'simple' });
      const first = await callOther(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
      expect(first.status).toBe(201);

      expect((await call(secretary, 'POST', `/api/polls/${pollId}/close`)).status).toBe(200);
      const late = await callOther(voters[1]!, 'POST', `/api/polls/${pollId}/ballots`, {
        choice: 'no',
        clientBallotId: randomUUID(),
      });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('polls.closed');
      const poll = (await callOther(secretary, 'GET', `/api/polls/${pollId}`)).body.poll;
      expect(poll).toMatchObject({ status: 'closed', participation: 1 });
    } finally {
      await other.close();
    }
  });
});
