import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChains, events, notifications } from '@cercle/db';
import { type MeetingDetail, parseEvent } from '@cercle/shared';
import { notifyFromEvents } from '@cercle/server';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';
import { createAssembly } from '../support/fixtures.ts';

let t: TestApp;
let call: ReturnType<typeof caller>;
const logLines: Record<string, unknown>[] = [];
beforeAll(async () => {
  t = await createTestApp({
    backgroundJobs: false,
    env: { LOG_LEVEL: 'warn' },
    logStream: { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  call = caller(t.app);
});
afterAll(() => t.close());

const ok = async <T = unknown>(response: Promise<{ status: number; body: unknown }>) => {
  const { status, body } = await response;
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return body as T;
};

/** A meeting from its start to its published minutes, with the motions and polls it decides. */
async function meetingRecord(
  beforeMinutes: (record: {
    meeting: MeetingDetail;
    itemId: string;
  }) => Promise<unknown> = async () => {},
) {
  const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 4 });
  const [first, second, third, fourth] = voters as [Person, Person, Person, Person];
  const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
  const { meeting } = await ok<{ meeting: MeetingDetail }>(
    call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'AG de printemps',
      mode: 'hybrid',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      antennaIds: [antenna.id],
    }),
  );
  await ok(call(secretary, 'PATCH', `/api/meetings/${meeting.id}`, { location: 'Rennes' }));
  await ok(call(secretary, 'POST', `/api/meetings/${meeting.id}/sites`, { name: 'Lorient' }));
  await ok(call(secretary, 'POST', `/api/meetings/${meeting.id}/start`));
  const code = meeting.sites.find((site) => site.name === 'MES Bretagne')!.checkInCode;
  for (const who of [secretary, first, second, third]) {
    await ok(call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, { code }));
  }
  await ok(call(fourth, 'POST', `/api/meetings/${meeting.id}/proxies`, { holderId: first.id }));
  // The grantor arrives: the proxy is void.
  await ok(call(fourth, 'POST', `/api/meetings/${meeting.id}/attendance`, { code }));
  const agenda = await ok<{ meeting: MeetingDetail }>(
    call(secretary, 'POST', `/api/meetings/${meeting.id}/agenda`, {
      kind: 'decision',
      title: 'Motions',
    }),
  );
  const item = agenda.meeting.agenda[0]!;
  await ok(call(secretary, 'PATCH', `/api/agenda-items/${item.id}`, { durationMinutes: 20 }));
  await ok(
    call(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, { itemId: item.id }),
  );
  await ok(call(secretary, 'POST', `/api/agenda-items/${item.id}/notes`, { text: 'Débat vif.' }));

  const { motion } = await ok<{ motion: { id: string } }>(
    call(first, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Ouvrir une antenne à Brest',
      text: 'Une antenne à Brest.',
      submit: true,
    }),
  );
  await ok(call(second, 'POST', `/api/motions/${motion.id}/comments`, { text: 'Pour.' }));
  const { amendment } = await ok<{ amendment: { id: string } }>(
    call(second, 'POST', `/api/motions/${motion.id}/amendments`, {
      proposedText: 'Une antenne à Brest et à Quimper.',
      rationale: 'Le Finistère est grand.',
    }),
  );
  await ok(call(second, 'POST', `/api/amendments/${amendment.id}/withdraw`));

  const { poll } = await ok<{ poll: { id: string } }>(
    call(secretary, 'POST', '/api/polls', {
      motionId: motion.id,
      kind: 'vote',
      rule: 'simple',
      meetingId: meeting.id,
    }),
  );
  await ok(call(secretary, 'POST', `/api/polls/${poll.id}/open`));
  for (const who of [first, second, third]) {
    await ok(
      call(who, 'POST', `/api/polls/${poll.id}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      }),
    );
  }
  await ok(call(secretary, 'POST', `/api/polls/${poll.id}/close`));
  await ok(call(third, 'DELETE', `/api/meetings/${meeting.id}/attendance`));
  await ok(call(secretary, 'POST', `/api/meetings/${meeting.id}/end`));
  await beforeMinutes({ meeting, itemId: item.id });
  const drafted = (await ok(
    call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {}),
  )) as { minutes: { id: string; text: string } };
  await ok(call(secretary, 'POST', `/api/minutes/${drafted.minutes.id}/approve`));
  await ok(call(secretary, 'POST', `/api/minutes/${drafted.minutes.id}/publish`));
  return { assembly, motion, minutes: drafted.minutes };
}

/** What someone with the database's password could leave in the log: a row the map refuses. */
async function appendUnreadable(assemblyId: string, type: string, payload: object) {
  const [head] = await t.app.db
    .select()
    .from(eventChains)
    .where(eq(eventChains.assemblyId, assemblyId));
  const seq = head!.seq + 1;
  const hash = 'f'.repeat(64);
  await t.app.db.insert(events).values({
    assemblyId,
    seq,
    type,
    actorId: null,
    payload,
    createdAt: new Date(),
    prevHash: head!.hash,
    hash,
  });
  await t.app.db
    .update(eventChains)
    .set({ seq, hash })
    .where(eq(eventChains.assemblyId, assemblyId));
  return seq;
}

const leftOut = (reader: string) =>
  logLines.filter(
    (line) => line.msg?.toString().startsWith('event left out') && line.reader === reader,
  );

describe('the event map', () => {
  it('reads back every event the API writes', async () => {
    await meetingRecord();
    const rows = await t.app.db.select().from(events);
    const unread = rows.flatMap((row) => {
      const parsed = parseEvent(row);
      return parsed.ok ? [] : [`#${row.seq} ${row.type}: ${parsed.message}`];
    });
    expect(unread).toEqual([]);
    const types = new Set(rows.map((row) => row.type));
    for (const type of [
      'meeting.created',
      'meeting.updated',
      'site.added',
      'meeting.started',
      'attendance.checked_in',
      'proxy.given',
      'proxy.voided',
      'agenda.item_added',
      'agenda.item_updated',
      'agenda.current_changed',
      'agenda.note_added',
      'motion.created',
      'motion.submitted',
      'motion.commented',
      'amendment.submitted',
      'amendment.withdrawn',
      'poll.created',
      'poll.opened',
      'poll.closed',
      'motion.adopted',
      'attendance.checked_out',
      'meeting.ended',
      'minutes.drafted',
      'minutes.approved',
      'minutes.published',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('leaves a note that does not read out of the minutes draft, and logs it', async () => {
    let seq = 0;
    const { minutes } = await meetingRecord(async ({ meeting, itemId }) => {
      seq = await appendUnreadable(meeting.assemblyId, 'agenda.note_added', {
        meetingId: meeting.id,
        itemId,
        text: { spoiled: true },
      });
    });
    expect(minutes.text).toContain('Débat vif.');
    expect(leftOut('minutes')).toContainEqual(
      expect.objectContaining({
        event: expect.objectContaining({ seq, type: 'agenda.note_added' }),
        reason: 'invalid_payload',
        problem: expect.stringMatching(/^text: /),
      }),
    );
  });

  it('passes over an event that does not read when notifying, and goes on', async () => {
    const { assembly, motion } = await meetingRecord();
    await appendUnreadable(assembly.id, 'poll.opened', { motionId: motion.id });
    const later = new Date(Date.now() + 60_000);
    const warned: object[] = [];
    while ((await notifyFromEvents(t.app.db, later, { warn: (line) => warned.push(line) })) > 0);
    expect(warned).toContainEqual(
      expect.objectContaining({ reader: 'notifications', reason: 'invalid_payload' }),
    );
    const [count] = await t.app.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(eq(notifications.assemblyId, assembly.id));
    // The motion's submission, its poll's opening and closing, and the minutes still notify.
    expect(count!.n).toBeGreaterThan(0);
  });
});
