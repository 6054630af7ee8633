import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { meetings } from '@cercle/db';
import type { AssemblyDetail, MeetingDetail } from '@cercle/shared';
import { formatDateTime, isoDayIn, zonedLocalToIso } from '@cercle/shared/time-zones';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { addMember, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

let codes = 0;
const nextCode = (prefix: string) => `${prefix}${(codes += 1)}${Date.now() % 10_000}`;

async function person(name: string, options: { isAdmin?: boolean } = {}): Promise<Person> {
  const user = await createUser(t.app, { name, ...options });
  return { id: user.id, name, cookie: await signIn(t.app, user.email) };
}

async function national(admin: Person): Promise<AssemblyDetail> {
  const created = await call(admin, 'POST', '/api/assemblies', {
    kind: 'national',
    name: 'MES national',
    code: nextCode('N'),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.assembly;
}

/** An antenna in `timeZone` with a secretary, as an admin sets it up through the API. */
async function antennaIn(timeZone: string, name: string) {
  const admin = await person('Claire Martin', { isAdmin: true });
  const parent = await national(admin);
  const created = await call(admin, 'POST', '/api/assemblies', {
    kind: 'antenna',
    name,
    code: nextCode('A'),
    parentId: parent.id,
    settings: { timeZone },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const assembly: AssemblyDetail = created.body.assembly;
  const secretary = await person('Léa Garcia');
  await addMember(t.app, assembly.id, secretary.id, 'secretary');
  return { admin, parent, assembly, secretary };
}

/**
 * What the meeting form does with the values typed in its datetime-local inputs: it reads the
 * assembly's zone from the API, converts, and posts the instants.
 */
async function meetingFromForm(
  secretary: Person,
  assemblyId: string,
  typed: { startsAt: string; endsAt: string },
) {
  const zone = (await call(secretary, 'GET', `/api/assemblies/${assemblyId}`)).body.assembly
    .settings.timeZone as string;
  const created = await call(secretary, 'POST', `/api/assemblies/${assemblyId}/meetings`, {
    title: 'AG de printemps',
    mode: 'in_person',
    location: 'Maison des associations',
    startsAt: zonedLocalToIso(typed.startsAt, zone),
    endsAt: zonedLocalToIso(typed.endsAt, zone),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.meeting as MeetingDetail;
}

async function storedStart(meetingId: string) {
  const [row] = await t.app.db.select().from(meetings).where(eq(meetings.id, meetingId));
  return row!.startsAt.toISOString();
}

async function calendarFeed(who: Person) {
  const feed = await call(who, 'POST', '/api/calendar/feed');
  expect(feed.status, JSON.stringify(feed.body)).toBeLessThan(300);
  const response = await t.app.inject({ url: new URL(feed.body.url).pathname });
  expect(response.statusCode).toBe(200);
  // Unfolded (RFC 5545 continues long lines on lines starting with a space), unescaped commas.
  return response.body.replace(/\r\n /g, '').replace(/\\,/g, ',');
}

describe('an assembly’s time zone', () => {
  it('defaults to Paris, lets an antenna take its parent’s, and is shown in the assembly', async () => {
    const admin = await person('Claire Martin', { isAdmin: true });
    const parent = await national(admin);
    expect(parent.settings.timeZone).toBe('Europe/Paris');
    const moved = await call(admin, 'PATCH', `/api/assemblies/${parent.id}`, {
      settings: { timeZone: 'America/Guadeloupe' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.assembly.settings.timeZone).toBe('America/Guadeloupe');
    const child = await call(admin, 'POST', '/api/assemblies', {
      kind: 'antenna',
      name: 'Antenne de Basse-Terre',
      code: nextCode('A'),
      parentId: parent.id,
    });
    expect(child.body.assembly.settings.timeZone).toBe('America/Guadeloupe');
  });

  it('refuses a zone that does not exist with a 400 naming timeZone, and a member may not change it', async () => {
    const { admin, assembly, secretary } = await antennaIn('Indian/Reunion', 'MES La Réunion');
    for (const timeZone of ['Mars/Olympus', 'indian/reunion', '']) {
      const refused = await call(admin, 'PATCH', `/api/assemblies/${assembly.id}`, {
        settings: { timeZone },
      });
      expect(refused.status, timeZone).toBe(400);
      expect(refused.body.error.field).toBe('settings.timeZone');
    }
    const atCreation = await call(admin, 'POST', '/api/assemblies', {
      kind: 'national',
      name: 'Sur Mars',
      code: nextCode('M'),
      settings: { timeZone: 'Mars/Olympus' },
    });
    expect(atCreation.status).toBe(400);
    expect(atCreation.body.error.field).toBe('settings.timeZone');
    // Settings are the admins' (assembly.manage), as every other setting.
    const bySecretary = await call(secretary, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { timeZone: 'Europe/Paris' },
    });
    expect(bySecretary.status).toBe(403);
    const unchanged = await call(secretary, 'GET', `/api/assemblies/${assembly.id}`);
    expect(unchanged.body.assembly.settings.timeZone).toBe('Indian/Reunion');
  });
});

describe.each([
  {
    zone: 'Indian/Reunion',
    name: 'MES La Réunion',
    typed: { startsAt: '2027-03-12T18:00', endsAt: '2027-03-12T20:00' },
    utc: '2027-03-12T14:00:00.000Z',
    dtstart: 'DTSTART:20270312T140000Z',
    shown: '12 mars 2027 à 18:00 (heure de La Réunion, UTC+4)',
    minutes: 'de 18\u00a0h\u00a000 à 20\u00a0h\u00a000 (heure de La Réunion, UTC+4)',
  },
  {
    zone: 'America/Guadeloupe',
    name: 'MES Guadeloupe',
    // Late in the evening in Guadeloupe: already the next day in UTC and in Paris.
    typed: { startsAt: '2027-03-12T21:00', endsAt: '2027-03-12T22:30' },
    utc: '2027-03-13T01:00:00.000Z',
    dtstart: 'DTSTART:20270313T010000Z',
    shown: '12 mars 2027 à 21:00 (heure normale de l’Atlantique, UTC−4)',
    minutes:
      'vendredi 12 mars 2027, de 21\u00a0h\u00a000 à 22\u00a0h\u00a030 (heure normale de l’Atlantique, UTC−4)',
  },
])('a meeting in $zone', ({ zone, name, typed, utc, dtstart, shown, minutes }) => {
  it('lands at the right instant and is shown, drafted and put in calendars at the assembly’s time, the zone named', async () => {
    const { assembly, secretary } = await antennaIn(zone, name);
    const meeting = await meetingFromForm(secretary, assembly.id, typed);
    expect(await storedStart(meeting.id)).toBe(utc);
    expect(meeting.startsAt).toBe(utc);
    expect(meeting.timeZone).toBe(zone);

    // The calendar feed: a UTC instant every app places right, the assembly's time named.
    const feed = await calendarFeed(secretary);
    expect(feed).toContain(dtstart);
    expect(feed).toContain(`X-WR-TIMEZONE:${zone}`);
    expect(feed).toContain(`DESCRIPTION:Heure de l’assemblée : ${shown}`);
    const single = await t.app.inject({
      url: `/api/meetings/${meeting.id}/calendar.ics`,
      headers: { cookie: secretary.cookie },
    });
    expect(single.body.replace(/\r\n /g, '').replace(/\\,/g, ',')).toContain(shown);

    // The minutes draft (and the PDF printed from it) says the times in the assembly's zone.
    // Held as planned (started and ended on the dot), without waiting for the day.
    await t.app.db
      .update(meetings)
      .set({ status: 'ended', startedAt: new Date(utc), endedAt: new Date(meeting.endsAt) })
      .where(eq(meetings.id, meeting.id));
    const drafted = await call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {});
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    expect(drafted.body.minutes.timeZone).toBe(zone);
    expect(drafted.body.minutes.text).toContain(minutes);
    const pdf = await t.app.inject({
      url: `/api/minutes/${drafted.body.minutes.id}/export.pdf`,
      headers: { cookie: secretary.cookie },
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // Its file name carries the day the assembly drafted it, in its own zone.
    expect(pdf.headers['content-disposition']).toContain(
      `-${isoDayIn(drafted.body.minutes.createdAt, zone)}-v1.pdf`,
    );
  });

  it('names the zone in the invitation mail’s expiry', async () => {
    const { assembly, secretary } = await antennaIn(zone, name);
    const invited = await call(secretary, 'POST', '/api/invitations', {
      email: `invitee-${codes}@example.org`,
      assemblyId: assembly.id,
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.invitation.timeZone).toBe(zone);
    const mail = t.mails.at(-1)!;
    const expires = formatDateTime(invited.body.invitation.expiresAt, {
      locale: 'fr',
      timeZone: zone,
    });
    expect(mail.text).toContain(`valable jusqu'au ${expires}.`);
    // The same zone as the meeting's: named, with its offset.
    expect(expires.slice(expires.indexOf('('))).toBe(shown.slice(shown.indexOf('(')));
  });
});
