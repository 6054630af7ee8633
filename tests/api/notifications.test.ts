import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notifyClosingSoon, notifyFromEvents, sendDigests } from '@cercle/server';
import { assemblies, members, newId, notifications } from '@cercle/db';
import { defaultTimeZone } from '@cercle/shared/time-zones';
import { eq } from 'drizzle-orm';
import type { Notification } from '@cercle/shared';
import { createNotificationsService } from '../../server/src/modules/notifications/notifications.service.ts';
import { testAppForThisFile, testPublicUrl } from '../support/app.ts';
import { afterDigestTime } from '../support/digests.ts';
import {
  assemblyWithPeople,
  openVoteOnNewMotion,
  type Person,
} from '../support/assembly-fixture.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

// The worker reads events a few seconds old; "later" lets it see the ones just written.
const later = (ms = 10_000) => new Date(Date.now() + ms);

async function inbox(who: Person, query = '') {
  const response = await call(who, 'GET', `/api/notifications${query}`);
  return response.body as {
    notifications: Notification[];
    unread: number;
    nextCursor: string | null;
  };
}

describe('notifications', () => {
  it('tells members about a new motion, voters about an open poll, everyone about the result', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app);
    const [author, reader] = voters as [Person, Person];
    const motion = await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion à signaler',
      text: 'Texte.',
      submit: true,
    });
    const motionId = motion.body.motion.id;
    await notifyFromEvents(t.app.db, later());
    expect((await inbox(reader)).notifications).toEqual([
      expect.objectContaining({
        type: 'motion.submitted',
        title: 'Motion à signaler',
        motionId,
        read: false,
      }),
    ]);
    expect((await inbox(author)).notifications).toEqual([]);

    const poll = await call(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
    });
    await call(secretary, 'POST', `/api/polls/${poll.body.poll.id}/open`);
    await call(secretary, 'POST', `/api/polls/${poll.body.poll.id}/close`);
    await notifyFromEvents(t.app.db, later());
    await notifyFromEvents(t.app.db, later()); // reading twice notifies once
    const { notifications, unread } = await inbox(reader);
    expect(notifications.map((n) => n.type).sort()).toEqual([
      'motion.submitted',
      'poll.closed',
      'poll.opened',
    ]);
    expect(unread).toBe(3);

    await call(reader, 'POST', '/api/notifications/read', { ids: [notifications[0]!.id] });
    expect((await inbox(reader)).unread).toBe(2);
    await call(reader, 'POST', '/api/notifications/read', {});
    expect((await inbox(reader)).unread).toBe(0);
    expect((await t.app.inject({ url: '/api/notifications' })).statusCode).toBe(401);
  });

  it('pages through every notification once, newest first, even when several share a millisecond', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const reader = voters[0]!;
    // 7 notifications: 3 made in the very same millisecond, 4 a second apart.
    const sameTime = new Date('2026-05-01T10:00:00.000Z');
    const times = [
      sameTime,
      sameTime,
      sameTime,
      ...[1, 2, 3, 4].map((s) => new Date(sameTime.getTime() + s * 1000)),
    ];
    await t.app.db.insert(notifications).values(
      times.map((createdAt, i) => ({
        id: newId(),
        userId: reader.id,
        assemblyId: assembly.id,
        type: 'motion.submitted' as const,
        subjectId: newId(),
        title: `Motion ${i + 1}`,
        createdAt,
      })),
    );
    const seen: Notification[] = [];
    let query = '?limit=3';
    const pageSizes: number[] = [];
    for (;;) {
      const page = await inbox(reader, query);
      expect(page.unread).toBe(7);
      pageSizes.push(page.notifications.length);
      seen.push(...page.notifications);
      if (!page.nextCursor) break;
      query = `?limit=3&before=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(new Set(seen.map((n) => n.id)).size).toBe(7);
    expect(seen.slice(0, 4).map((n) => n.title)).toEqual([
      'Motion 7',
      'Motion 6',
      'Motion 5',
      'Motion 4',
    ]);
    const createdAt = seen.map((n) => n.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    // Without a limit, the first page holds 50 at most and says there is nothing older here.
    expect((await inbox(reader)).nextCursor).toBeNull();

    for (const [query, field] of [
      ['?before=yesterday', 'before'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
    ] as const) {
      const refused = await call(reader, 'GET', `/api/notifications${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.field).toBe(field);
    }
  });

  it('reminds only the voters who have not answered a poll closing within a day', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app);
    const pollId = await openVoteOnNewMotion(t.app, {
      assemblyId: assembly.id,
      author: voters[0]!,
      secretary,
      title: 'Bientôt close',
      closesAt: new Date(Date.now() + 3 * 3600_000),
    });
    await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId: randomUUID(),
    });
    await notifyClosingSoon(t.app.db);
    await notifyClosingSoon(t.app.db);
    const reminded = async (who: Person) =>
      (await inbox(who)).notifications.filter((n) => n.type === 'poll.closing_soon').length;
    expect(await reminded(voters[0]!)).toBe(0);
    expect(await reminded(voters[1]!)).toBe(1);
  });

  it('says when one’s next digest comes: 7:00 in one’s antenna’s zone, none with `any`; 401 signed out', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const [reader] = voters as [Person];
    await t.app.db
      .update(assemblies)
      .set({ timeZone: 'Indian/Reunion' })
      .where(eq(assemblies.id, assembly.id));
    // 9:00 in La Réunion (UTC+4): today's 7:00 is past, the next is tomorrow's, 03:00 UTC.
    const now = new Date('2027-03-10T05:00:00Z');
    const atSeven = createNotificationsService({ db: t.app.db, digestHour: 7 });
    expect(await atSeven.digestTime(reader.id, now)).toEqual({
      next: '2027-03-11T03:00:00.000Z',
      timeZone: 'Indian/Reunion',
    });
    const anyTime = createNotificationsService({ db: t.app.db, digestHour: 'any' });
    expect(await anyTime.digestTime(reader.id, now)).toEqual({
      next: null,
      timeZone: 'Indian/Reunion',
    });

    // The route, with the server's own setting (7:00 unless told otherwise).
    const answer = await call(reader, 'GET', '/api/notifications/digest-time');
    expect(answer.status).toBe(200);
    expect(answer.body.timeZone).toBe('Indian/Reunion');
    expect(answer.body.next).toMatch(/T03:00:00\.000Z$/);
    expect(Date.parse(answer.body.next)).toBeGreaterThan(Date.now());
    const signedOut = await t.app.inject({ method: 'GET', url: '/api/notifications/digest-time' });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json().error.code).toBe('auth.unauthenticated');

    // Someone in no assembly any more: the federation's default zone.
    await t.app.db.delete(members).where(eq(members.userId, reader.id));
    expect((await atSeven.digestTime(reader.id, now)).timeZone).toBe(defaultTimeZone);
  });

  it('mails at most one digest a day, and none to those who opted out', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const [author, reader, quiet] = voters as [Person, Person, Person];
    await call(quiet, 'PATCH', '/api/auth/me', { digestOptOut: true });
    expect((await call(quiet, 'GET', '/api/auth/me')).body.user.digestOptOut).toBe(true);
    await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion du jour',
      text: 'Texte.',
      submit: true,
    });
    await notifyFromEvents(t.app.db, later());
    const before = t.mails.length;
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), afterDigestTime());
    const mails = t.mails.slice(before);
    const emailOf = async (who: Person) => (await call(who, 'GET', '/api/auth/me')).body.user.email;
    const readerEmail = await emailOf(reader);
    const readerMail = mails.find((mail) => mail.to === readerEmail)!;
    expect(readerMail.subject).toMatch(/1 nouveauté/);
    expect(readerMail.text).toContain('Nouvelle motion : Motion du jour');
    expect(readerMail.text).toContain(`${testPublicUrl}/motions/`);
    expect(mails.map((mail) => mail.to)).not.toContain(await emailOf(quiet));

    // A second motion the same day waits for tomorrow's digest.
    await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion du soir',
      text: 'Texte.',
      submit: true,
    });
    await notifyFromEvents(t.app.db, later());
    const again = t.mails.length;
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), afterDigestTime());
    expect(t.mails.slice(again).map((mail) => mail.to)).not.toContain(readerEmail);
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), afterDigestTime(2));
    const tomorrow = t.mails.slice(again).find((mail) => mail.to === readerEmail)!;
    expect(tomorrow.text).toContain('Motion du soir');
    expect(tomorrow.text).not.toContain('Motion du jour');
  });

  it('mails the digest at the digest hour of the day, not as soon as something happens', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const [author, reader] = voters as [Person, Person];
    await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion de l’après-midi',
      text: 'Texte.',
      submit: true,
    });
    await notifyFromEvents(t.app.db, later());
    const email = (await call(reader, 'GET', '/api/auth/me')).body.user.email;
    const mailsTo = (from: number) => t.mails.slice(from).filter((mail) => mail.to === email);
    const before = t.mails.length;
    // Right now and until a minute before 7:00 (Paris, the assembly's zone): nothing.
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), later(1000));
    const digestTime = afterDigestTime().getTime() - 1000;
    await sendDigests(
      t.app.db,
      t.app.mailer,
      new URL(testPublicUrl),
      new Date(digestTime - 60_000),
    );
    expect(mailsTo(before)).toEqual([]);
    // At 7:00, the morning's digest.
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), new Date(digestTime + 1000));
    expect(mailsTo(before)).toHaveLength(1);
    expect(
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: 'numeric' }).format(
        digestTime,
      ),
    ).toBe('07 h');
  });

  it('puts what waits for the reader in the digest, in HTML too, with a one-click link that stops it', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app);
    const [author, reader] = voters as [Person, Person];
    await openVoteOnNewMotion(t.app, {
      assemblyId: assembly.id,
      author,
      secretary,
      title: 'Motion à voter',
      closesAt: new Date(Date.now() + 48 * 3600_000),
    });
    await notifyFromEvents(t.app.db, later());
    const before = t.mails.length;
    await sendDigests(t.app.db, t.app.mailer, new URL(testPublicUrl), afterDigestTime());
    const email = (await call(reader, 'GET', '/api/auth/me')).body.user.email;
    const mail = t.mails.slice(before).find((sent) => sent.to === email)!;
    expect(mail.text).toMatch(
      /Ce qui vous attend\n- Voter : [A-Z0-9]+-\d{4}-\d{3} · Motion à voter/,
    );
    expect(mail.html).toContain('Ce qui vous attend');
    expect(mail.html).toContain('Motion à voter');
    expect(mail.html).toContain(`href="${testPublicUrl}/motions/`);
    const oneClick = /^<(.+)>$/.exec(mail.headers!['List-Unsubscribe']!)![1]!;
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // The visible link leads to a page that asks first; the header's address acts at once.
    expect(mail.text).toContain(`${testPublicUrl}/unsubscribe/`);

    // What a mail client sends: a form post, no cookie.
    const stopped = await t.app.inject({
      method: 'POST',
      url: new URL(oneClick).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect((await call(reader, 'GET', '/api/auth/me')).body.user.digestOptOut).toBe(true);
    // It stopped the reader's digest, no one else's.
    expect((await call(author, 'GET', '/api/auth/me')).body.user.digestOptOut).toBe(false);

    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'notifications.unknown_link',
      field: 'token',
    });
  });
});
