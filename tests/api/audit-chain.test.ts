import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { describe, expect, it, vi } from 'vitest';
import { ballots, eventChains, events, minutes, motions, polls, siteCounts } from '@cercle/db';
import type { AuditIssueCode, AuditVerification, MeetingDetail } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { rewriteWithRecomputedHashes as rewrite } from '../support/audit-attacker.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

/**
 * An assembly's record as the audit must guard it: a decentralised meeting with an open vote
 * (ballots in the app and a site's show of hands) that adopts a motion, a secret vote, minutes
 * published, and events after them.
 */
async function history() {
  const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 5 });
  const occitanie = await createAssembly(t.app, { name: 'MES Occitanie' });
  const normandie = await createAssembly(t.app, { name: 'ARDES Normandie' });
  const created = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
    title: 'AG d’automne',
    mode: 'hybrid',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    antennaIds: [occitanie.id, normandie.id],
  });
  const meeting: MeetingDetail = created.body.meeting;
  const site = (name: string) => meeting.sites.find((s) => s.name === name)!;
  const occ = site('MES Occitanie');
  await call(secretary, 'POST', `/api/meetings/${meeting.id}/start`);
  for (const [who, where] of [
    [secretary, 'MES Occitanie'],
    [voters[0]!, 'MES Occitanie'],
    [voters[1]!, 'MES Occitanie'],
    [voters[2]!, 'ARDES Normandie'],
    [voters[3]!, 'ARDES Normandie'],
    [voters[4]!, 'ARDES Normandie'],
  ] as const) {
    await call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, {
      code: site(where).checkInCode,
    });
  }
  const motion = async (title: string) => {
    const response = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title,
      text: `${title}.`,
      submit: true,
    });
    return response.body.motion.id as string;
  };
  const vote = (who: Person, pollId: string, choice: string) =>
    call(who, 'POST', `/api/polls/${pollId}/ballots`, { choice, clientBallotId: randomUUID() });
  const poll = async (motionId: string, secret: boolean) => {
    const response = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
      secret,
      meetingId: meeting.id,
    });
    const id = response.body.poll.id as string;
    expect((await call(secretary, 'POST', `/api/polls/${id}/open`)).status).toBe(200);
    return id;
  };

  const openMotion = await motion('Ouvrir une antenne en Bretagne');
  const openPoll = await poll(openMotion, false);
  for (const voter of voters.slice(2)) await vote(voter, openPoll, 'yes');
  const hands = await call(secretary, 'POST', `/api/polls/${openPoll}/site-counts`, {
    siteId: occ.id,
    counts: [
      { choice: 'yes', count: 2 },
      { choice: 'no', count: 1 },
    ],
  });
  expect(hands.status, JSON.stringify(hands.body)).toBe(200);
  await call(secretary, 'POST', `/api/polls/${openPoll}/close`);

  const secretMotion = await motion('Élire le bureau à bulletin secret');
  const secretPoll = await poll(secretMotion, true);
  for (const [index, voter] of [secretary, ...voters].entries()) {
    await vote(voter, secretPoll, index < 4 ? 'yes' : 'no');
  }
  await call(secretary, 'POST', `/api/polls/${secretPoll}/close`);

  await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
  const drafted = await call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {});
  const minutesId = drafted.body.minutes.id as string;
  await call(secretary, 'POST', `/api/minutes/${minutesId}/approve`);
  expect((await call(secretary, 'POST', `/api/minutes/${minutesId}/publish`)).status).toBe(200);

  // Life goes on after the minutes: a new motion, debated.
  const laterMotion = await motion('Rejoindre le réseau européen');
  await call(voters[1]!, 'POST', `/api/motions/${laterMotion}/comments`, { text: 'Pour.' });
  await call(voters[2]!, 'POST', `/api/motions/${laterMotion}/comments`, { text: 'Contre.' });

  const chain = await t.app.db
    .select()
    .from(events)
    .where(eq(events.assemblyId, assembly.id))
    .orderBy(asc(events.seq));
  // The server's copy outside the database is written as each event commits.
  await vi.waitFor(async () =>
    expect((await t.app.auditWitness.heads(assembly.id)).length).toBe(chain.length),
  );
  const find = (type: string, where: (payload: Record<string, unknown>) => boolean = () => true) =>
    chain.find((event) => event.type === type && where(event.payload as Record<string, unknown>))!;
  const about = (id: string) => (payload: Record<string, unknown>) =>
    Object.values(payload).includes(id);
  return {
    assembly,
    secretary,
    voters,
    chain,
    last: chain.at(-1)!.seq,
    openMotion,
    openPoll,
    secretPoll,
    minutesId,
    find,
    about,
    published: find('minutes.published'),
  };
}

type History = Awaited<ReturnType<typeof history>>;

const verify = async (history: History, query = '') => {
  const response = await call(
    history.secretary,
    'GET',
    `/api/assemblies/${history.assembly.id}/audit/verify${query}`,
  );
  expect(response.status).toBe(200);
  return response.body as AuditVerification;
};

const edit = (seq: number, history: History, values: PgUpdateSetSource<typeof events>) =>
  t.app.db
    .update(events)
    .set(values)
    .where(and(eq(events.assemblyId, history.assembly.id), eq(events.seq, seq)));

const rewriteWithRecomputedHashes = (
  history: History,
  seq: number,
  change: (payload: Record<string, unknown>) => Record<string, unknown>,
) => rewrite(t.app.db, history.assembly.id, seq, change);

async function deleteTail(history: History, count: number) {
  const from = history.last - count + 1;
  await t.app.db
    .delete(events)
    .where(and(eq(events.assemblyId, history.assembly.id), gte(events.seq, from)));
  return from;
}

interface Tampering {
  name: string;
  /** Changes the database; returns the first broken link verify must report, and why. */
  apply(history: History): Promise<{ seq: number; code: AuditIssueCode }>;
}

const tamperings: Tampering[] = [
  {
    name: 'an event’s payload',
    async apply(h) {
      const { seq } = h.find('poll.opened', h.about(h.openPoll));
      await edit(seq, h, { payload: sql`jsonb_set(payload, '{quorum}', '0.9')` });
      return { seq, code: 'chain.hash_mismatch' };
    },
  },
  {
    name: 'an event’s type',
    async apply(h) {
      const { seq } = h.find('meeting.started');
      await edit(seq, h, { type: 'meeting.cancelled' });
      return { seq, code: 'chain.hash_mismatch' };
    },
  },
  {
    name: 'an event’s actor',
    async apply(h) {
      const { seq } = h.find('poll.created', h.about(h.openPoll));
      await edit(seq, h, { actorId: h.voters[4]!.id });
      return { seq, code: 'chain.hash_mismatch' };
    },
  },
  {
    name: 'an event’s time',
    async apply(h) {
      const { seq } = h.find('motion.created', h.about(h.openMotion));
      await edit(seq, h, { createdAt: sql`created_at - interval '1 day'` });
      return { seq, code: 'chain.hash_mismatch' };
    },
  },
  {
    name: 'an event deleted in the middle',
    async apply(h) {
      const { id, seq } = h.find('poll.site_counts');
      await t.app.db.delete(events).where(eq(events.id, id));
      return { seq, code: 'chain.event_missing' };
    },
  },
  {
    name: 'the last events deleted',
    async apply(h) {
      return { seq: await deleteTail(h, 2), code: 'chain.tail_missing' };
    },
  },
  {
    name: 'the last events deleted and the recorded head moved back',
    async apply(h) {
      const seq = await deleteTail(h, 2);
      const kept = h.chain.find((event) => event.seq === seq - 1)!;
      await t.app.db
        .update(eventChains)
        .set({ seq: kept.seq, hash: kept.hash })
        .where(eq(eventChains.assemblyId, h.assembly.id));
      return { seq, code: 'chain.tail_missing' };
    },
  },
  {
    name: 'two events swapped',
    async apply(h) {
      const { seq } = h.find('poll.closed', h.about(h.openPoll));
      const where = (at: number) => and(eq(events.assemblyId, h.assembly.id), eq(events.seq, at));
      await t.app.db.update(events).set({ seq: -1 }).where(where(seq));
      await t.app.db
        .update(events)
        .set({ seq })
        .where(where(seq + 1));
      await t.app.db
        .update(events)
        .set({ seq: seq + 1 })
        .where(where(-1));
      return { seq, code: 'chain.link_broken' };
    },
  },
  {
    name: 'a ballot changed after the close',
    async apply(h) {
      await t.app.db
        .update(ballots)
        .set({ choice: 'no' })
        .where(and(eq(ballots.pollId, h.openPoll), eq(ballots.voterId, h.voters[2]!.id)));
      return {
        seq: h.find('poll.closed', h.about(h.openPoll)).seq,
        code: 'poll.ballots_mismatch',
      };
    },
  },
  {
    name: 'a site’s show-of-hands count changed after the close',
    async apply(h) {
      await t.app.db
        .update(siteCounts)
        .set({ count: 1 })
        .where(and(eq(siteCounts.pollId, h.openPoll), eq(siteCounts.choice, 'yes')));
      return { seq: h.find('poll.site_counts').seq, code: 'poll.hand_counts_mismatch' };
    },
  },
  {
    name: 'a closed poll’s result changed',
    async apply(h) {
      await t.app.db
        .update(polls)
        .set({ result: sql`jsonb_set(result, '{outcome}', '"rejected"')` })
        .where(eq(polls.id, h.openPoll));
      return {
        seq: h.find('poll.closed', h.about(h.openPoll)).seq,
        code: 'poll.result_mismatch',
      };
    },
  },
  {
    name: 'a closed secret poll’s published counts changed',
    async apply(h) {
      await t.app.db
        .update(polls)
        .set({ result: sql`jsonb_set(result, '{totals,no}', '0')` })
        .where(eq(polls.id, h.secretPoll));
      return {
        seq: h.find('poll.closed', h.about(h.secretPoll)).seq,
        code: 'poll.result_mismatch',
      };
    },
  },
  {
    name: 'a motion’s status changed',
    async apply(h) {
      await t.app.db
        .update(motions)
        .set({ status: 'rejected' })
        .where(eq(motions.id, h.openMotion));
      return {
        seq: h.find('motion.adopted', h.about(h.openMotion)).seq,
        code: 'motion.status_mismatch',
      };
    },
  },
  {
    name: 'the published minutes’ text changed',
    async apply(h) {
      await t.app.db
        .update(minutes)
        .set({ text: sql`replace(text, 'Bretagne', 'Vendée')` })
        .where(eq(minutes.id, h.minutesId));
      return { seq: h.published.seq, code: 'minutes.text_mismatch' };
    },
  },
  {
    name: 'an event before the last published minutes rewritten, hashes recomputed',
    async apply(h) {
      const { seq } = h.find('poll.opened', h.about(h.openPoll));
      expect(seq).toBeLessThan((h.published.payload as { coversEventSeq: number }).coversEventSeq);
      await rewriteWithRecomputedHashes(h, seq, (payload) => ({ ...payload, quorum: 0.9 }));
      return { seq, code: 'head.mismatch' };
    },
  },
  {
    name: 'an event after the last published minutes rewritten, hashes recomputed',
    async apply(h) {
      const { seq } = h.find('motion.commented');
      expect(seq).toBeGreaterThan(h.published.seq);
      await rewriteWithRecomputedHashes(h, seq, (payload) => ({ ...payload, commentId: 'x' }));
      return { seq, code: 'head.mismatch' };
    },
  },
];

describe('the audit chain', () => {
  it('finds nothing wrong in an assembly’s untouched record', async () => {
    const h = await history();
    const report = await verify(h);
    expect(report).toMatchObject({
      valid: true,
      events: h.chain.length,
      head: { seq: h.last, hash: h.chain.at(-1)!.hash },
      issues: [],
      checked: {
        heads: { recorded: 1, minutes: 1, witness: h.chain.length, given: 0 },
        polls: 2,
        motions: 3,
        minutes: 1,
      },
      minutes: { checked: 1, altered: [] },
    });
    expect(report.brokenAtSeq).toBeUndefined();
  });

  it.each(tamperings.map((tampering) => [tampering.name, tampering] as const))(
    'reports %s at the first broken link',
    async (_, tampering) => {
      const h = await history();
      const expected = await tampering.apply(h);
      const report = await verify(h);
      expect(report.valid).toBe(false);
      expect(report.brokenAtSeq, JSON.stringify(report.issues, null, 1)).toBe(expected.seq);
      expect(report.issues[0]).toMatchObject({ seq: expected.seq });
      expect(report.issues.map((item) => `${item.seq} ${item.code}`)).toContain(
        `${expected.seq} ${expected.code}`,
      );
    },
  );

  it('answers from a verification a page allows (maxAge), and checks now otherwise', async () => {
    const h = await history();
    const first = await verify(h, '?maxAge=60');
    expect(first.valid).toBe(true);
    const tampering = tamperings[0]!;
    const expected = await tampering.apply(h);
    // A page that allows a minute-old verification gets it, and says when it was made…
    const recent = await verify(h, '?maxAge=60');
    expect(recent).toEqual(first);
    expect(Date.parse(recent.checkedAt!)).toBeLessThanOrEqual(Date.now());
    // …but asked now (the default, as the audit page does), the tampering is found.
    const now = await verify(h);
    expect(now.valid).toBe(false);
    expect(now.brokenAtSeq).toBe(expected.seq);
    expect(Date.parse(now.checkedAt!)).toBeGreaterThanOrEqual(Date.parse(first.checkedAt!));
    // A verification that old no longer answers: 0 seconds allowed is now.
    expect((await verify(h, '?maxAge=0')).valid).toBe(false);
    // An hour at most: a page may not keep showing a check older than that.
    const tooOld = await call(
      h.secretary,
      'GET',
      `/api/assemblies/${h.assembly.id}/audit/verify?maxAge=3601`,
    );
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.error).toMatchObject({ code: 'validation.invalid', field: 'maxAge' });
  });

  it('tells who runs it where a rewrite lies between the heads they hold', async () => {
    const h = await history();
    const covered = h.published.payload as { coversEventSeq: number; coversEventHash: string };
    const { seq } = h.find('poll.opened', h.about(h.openPoll));
    await rewriteWithRecomputedHashes(h, seq, (payload) => ({ ...payload, quorum: 0.9 }));
    const report = await verify(h, `?head=${h.last}:${h.chain.at(-1)!.hash.slice(0, 16)}`);
    expect(report.issues).toContainEqual(
      expect.objectContaining({ code: 'head.mismatch', source: 'given', seq: h.last }),
    );
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        code: 'head.mismatch',
        source: 'minutes',
        seq: covered.coversEventSeq,
        after: seq - 1,
      }),
    );
    const wrong = await call(
      h.secretary,
      'GET',
      `/api/assemblies/${h.assembly.id}/audit/verify?head=12:abc`,
    );
    expect(wrong.status).toBe(400);
  });

  it('is for the assembly’s members', async () => {
    const h = await history();
    const outsider = await createUser(t.app);
    const cookie = await signIn(t.app, outsider.email);
    for (const path of ['verify', 'chain.jsonl']) {
      const url = `/api/assemblies/${h.assembly.id}/audit/${path}`;
      expect((await t.app.inject({ url, headers: { cookie } })).statusCode).toBe(403);
      expect((await t.app.inject({ url })).statusCode).toBe(401);
    }
    const missing = await call(h.secretary, 'GET', '/api/assemblies/nope/audit/chain.jsonl');
    expect(missing.status).toBe(403);
  });
});
