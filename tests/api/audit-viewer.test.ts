import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assemblies, events } from '@cercle/db';
import type { AuditEventLine, AuditVerification } from '@cercle/shared';
import { checkChain, parseChainFile } from '../../server/src/modules/audit/audit-chain.ts';
import { eventHash } from '../../server/src/modules/events/event-hash.ts';
import { testAppForThisFile } from '../support/app.ts';
import { rewriteWithRecomputedHashes } from '../support/audit-attacker.ts';
import {
  assemblyWithPeople,
  openVoteOnNewMotion,
  type Person,
} from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

/** An assembly with a secret vote decided on a motion, and a stranger from another antenna. */
async function assemblyWithHistory() {
  const people = await assemblyWithPeople(t.app, { voters: 3 });
  const { assembly, secretary, voters } = people;
  const pollId = await openVoteOnNewMotion(t.app, {
    assemblyId: assembly.id,
    author: voters[0]!,
    secretary,
    title: 'Charte des antennes',
    secret: true,
  });
  for (const [who, choice] of [
    [voters[0]!, 'yes'],
    [voters[1]!, 'no'],
    [voters[2]!, 'yes'],
  ] as const) {
    await call(who, 'POST', `/api/polls/${pollId}/ballots`, {
      choice,
      clientBallotId: randomUUID(),
    });
  }
  expect((await call(secretary, 'POST', `/api/polls/${pollId}/close`)).status).toBe(200);
  const other = await createAssembly(t.app, { name: 'ARDES Normandie' });
  const user = await createUser(t.app, { name: 'Nora Petit' });
  await addMember(t.app, other.id, user.id);
  const stranger: Person = {
    id: user.id,
    name: user.name,
    cookie: await signIn(t.app, user.email),
  };
  return { ...people, pollId, stranger };
}

const page = (who: Person, assemblyId: string, query = '') =>
  call(who, 'GET', `/api/assemblies/${assemblyId}/audit/events${query}`);

describe('The audit trail in words', () => {
  it('tells the secretary and, when the assembly says so, its members what happened, newest first', async () => {
    const { assembly, secretary, voters } = await assemblyWithHistory();
    const seen = await page(secretary, assembly.id);
    expect(seen.status).toBe(200);
    const lines = seen.body.events as AuditEventLine[];
    const seqs = lines.map((line) => line.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const texts = lines.map((line) => line.text);
    expect(texts).toContain('Léa Garcia a ouvert le scrutin « ' + referenceOf(lines) + ' »');
    expect(
      texts.some((line) => /^Le scrutin « .*Charte des antennes » est clos : adoptée$/.test(line)),
    ).toBe(true);
    expect(
      texts.some((line) => /^Votant 1 a déposé la motion « .*Charte des antennes »$/.test(line)),
    ).toBe(true);
    // A secret poll: no voter is named next to a choice; voters appear only as actors of their
    // own non-ballot actions (submitting the motion).
    for (const line of texts) {
      for (const voter of voters.slice(1)) expect(line).not.toContain(voter.name);
    }
    expect(seen.body.visibility).toBe('members');
    expect((await page(voters[1]!, assembly.id)).status).toBe(200);

    const english = await page(secretary, assembly.id, '?lang=en');
    expect((english.body.events as AuditEventLine[]).map((line) => line.text)).toContain(
      'Léa Garcia opened the poll “' + referenceOf(lines) + '”',
    );
  });

  it('keeps the trail to secretaries when the assembly says so; strangers and the signed-out never', async () => {
    const { assembly, secretary, voters, stranger } = await assemblyWithHistory();
    // A member may not change the setting, a secretary may (and nothing else with it).
    const byMember = await call(voters[0]!, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { auditVisibility: 'secretaries' },
    });
    expect(byMember.status).toBe(403);
    const tooMuch = await call(secretary, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { auditVisibility: 'secretaries', quorum: 0.5 },
    });
    expect(tooMuch.status).toBe(403);
    const bad = await call(secretary, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { auditVisibility: 'everyone' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('settings.auditVisibility');
    const changed = await call(secretary, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { auditVisibility: 'secretaries' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.assembly.settings.auditVisibility).toBe('secretaries');

    const refused = await page(voters[0]!, assembly.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.forbidden');
    const download = await call(
      voters[0]!,
      'GET',
      `/api/assemblies/${assembly.id}/audit/export.jsonl`,
    );
    expect(download.status).toBe(403);
    expect((await page(secretary, assembly.id)).status).toBe(200);
    expect((await page(stranger, assembly.id)).status).toBe(403);
    expect(
      (await t.app.inject({ url: `/api/assemblies/${assembly.id}/audit/events` })).statusCode,
    ).toBe(401);
    await t.app.db
      .update(assemblies)
      .set({ auditVisibility: 'members' })
      .where(eq(assemblies.id, assembly.id));
    expect((await page(voters[0]!, assembly.id)).status).toBe(200);
    expect((await page(stranger, assembly.id)).status).toBe(403);
    expect((await page(secretary, 'nope-nope-nope')).status).toBe(403);
    const admin = await createUser(t.app, { isAdmin: true });
    const asAdmin: Person = {
      id: admin.id,
      name: admin.name,
      cookie: await signIn(t.app, admin.email),
    };
    expect((await page(asAdmin, assembly.id)).status).toBe(200);
    const unknown = await page(asAdmin, 'nope-nope-nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('assemblies.not_found');
  });

  it('filters by family, actor and days, and pages with a cursor on seq', async () => {
    const { assembly, secretary, voters } = await assemblyWithHistory();
    const all = (await page(secretary, assembly.id, '?limit=200')).body.events as AuditEventLine[];
    const polls = (await page(secretary, assembly.id, '?family=poll')).body
      .events as AuditEventLine[];
    expect(polls.map((line) => line.type)).toEqual(['poll.closed', 'poll.opened', 'poll.created']);
    const byAuthor = (await page(secretary, assembly.id, `?actorId=${voters[0]!.id}`)).body
      .events as AuditEventLine[];
    expect(byAuthor.length).toBeGreaterThan(0);
    expect(byAuthor.every((line) => line.actor?.id === voters[0]!.id)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await page(secretary, assembly.id, `?from=${today}&to=${today}`)).body.events,
    ).toHaveLength(Math.min(all.length, 50));
    expect((await page(secretary, assembly.id, '?to=2000-01-01')).body.events).toEqual([]);

    const seen: number[] = [];
    let before: number | null = null;
    do {
      const response = await page(
        secretary,
        assembly.id,
        `?limit=3${before === null ? '' : `&before=${before}`}`,
      );
      expect(response.body.events.length).toBeLessThanOrEqual(3);
      seen.push(...(response.body.events as AuditEventLine[]).map((line) => line.seq));
      before = response.body.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(all.map((line) => line.seq));

    for (const [query, field] of [
      ['?family=ballot', 'family'],
      ['?limit=500', 'limit'],
      ['?before=0', 'before'],
      ['?from=hier', 'from'],
      ['?from=2026-02-02&to=2026-02-01', 'to'],
    ] as const) {
      const response = await page(secretary, assembly.id, query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.field, query).toBe(field);
    }
  });

  it('says where the chain breaks after tampering', async () => {
    const { assembly, secretary } = await assemblyWithHistory();
    const before = await call(secretary, 'GET', `/api/assemblies/${assembly.id}/audit/verify`);
    expect((before.body as AuditVerification).valid).toBe(true);
    const [closed] = await t.app.db
      .select({ seq: events.seq })
      .from(events)
      .where(eq(events.assemblyId, assembly.id))
      .orderBy(asc(events.seq))
      .then((rows) => rows.slice(-1));
    await rewriteWithRecomputedHashes(t.app.db, assembly.id, closed!.seq, (payload) => ({
      ...payload,
      outcome: 'rejected',
    }));
    const after = await call(secretary, 'GET', `/api/assemblies/${assembly.id}/audit/verify`);
    const report = after.body as AuditVerification;
    expect(report.valid).toBe(false);
    expect(report.brokenAtSeq).toBeLessThanOrEqual(closed!.seq);
  });

  it('downloads the raw events as JSONL that re-verifies without the server', async () => {
    const { assembly, voters } = await assemblyWithHistory();
    const response = await t.app.inject({
      url: `/api/assemblies/${assembly.id}/audit/export.jsonl`,
      headers: { cookie: voters[0]!.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/jsonl; charset=utf-8');
    const lines = response.body.trimEnd().split('\n');
    const stored = await t.app.db
      .select()
      .from(events)
      .where(eq(events.assemblyId, assembly.id))
      .orderBy(asc(events.seq));
    expect(lines).toHaveLength(stored.length + 1);
    lines.slice(1).forEach((line, index) => {
      const row = stored[index]!;
      expect(JSON.parse(line)).toEqual({
        seq: row.seq,
        type: row.type,
        actorId: row.actorId,
        payload: row.payload,
        createdAt: row.createdAt.toISOString(),
        prevHash: row.prevHash,
        hash: row.hash,
      });
    });
    const { header, events: parsed } = parseChainFile(response.body);
    for (const event of parsed)
      expect(eventHash({ ...event, assemblyId: assembly.id })).toBe(event.hash);
    const chain = checkChain({
      assemblyId: header.assemblyId,
      events: parsed,
      heads: header.heads,
    });
    expect(chain.issues).toEqual([]);
  });
});

/** The motion as the trail names it (« OCC-2026-001 — Charte des antennes »). */
function referenceOf(lines: AuditEventLine[]) {
  const submitted = lines.find((line) => line.type === 'motion.submitted')!;
  return /« (.*) »/.exec(submitted.text)![1]!;
}
