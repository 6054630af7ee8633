import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoFederation } from '@cercle/server';
import type { Assembly, Member } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signIn } from '../support/fixtures.ts';

let t: TestApp;
let logins: Awaited<ReturnType<typeof loadDemoFederation>>;
beforeAll(async () => {
  t = await createTestApp();
  logins = await loadDemoFederation(t.app);
});
afterAll(() => t.close());

async function snapshot(cookie: string) {
  const { assemblies } = (
    await t.app.inject({ url: '/api/assemblies', headers: { cookie } })
  ).json() as {
    assemblies: Assembly[];
  };
  const members: Record<string, Member[]> = {};
  const elections: Record<string, unknown[]> = {};
  const motions: Record<string, unknown[]> = {};
  for (const assembly of assemblies) {
    members[assembly.code] = (
      await t.app.inject({ url: `/api/assemblies/${assembly.id}/members`, headers: { cookie } })
    ).json().members;
    elections[assembly.code] = (
      await t.app.inject({ url: `/api/assemblies/${assembly.id}/elections`, headers: { cookie } })
    ).json().elections;
    motions[assembly.code] = (
      await t.app.inject({ url: `/api/assemblies/${assembly.id}/motions`, headers: { cookie } })
    ).json().motions;
  }
  return { assemblies, members, elections, motions };
}

describe('the demo federation', () => {
  it('has the MES structure: a national assembly, five antennas, two working groups, four equal colleges', async () => {
    const cookie = await signIn(t.app, logins[0]!.email, logins[0]!.password);
    const { assemblies, members } = await snapshot(cookie);
    const byKind = (kind: string) =>
      assemblies
        .filter((a) => a.kind === kind)
        .map((a) => a.name)
        .sort();
    expect(byKind('national')).toHaveLength(1);
    expect(byKind('antenna')).toEqual([
      'APES Hauts-de-France',
      'ARDES Normandie',
      'CRE-SOL Centre-Val de Loire',
      'MES Occitanie',
      'PES21 Bourgogne-Franche-Comté',
    ]);
    expect(byKind('working_group')).toHaveLength(2);
    const [congress] = assemblies.filter((a) => a.kind === 'congress');
    const timeline = (
      await t.app.inject({ url: `/api/congresses/${congress!.id}`, headers: { cookie } })
    ).json().congress;
    expect(timeline.current).toBe('call_for_motions');
    expect(members.CONG!.length).toBeGreaterThanOrEqual(10); // two delegates per antenna
    const national = assemblies.find((a) => a.kind === 'national')!;
    const detail = (
      await t.app.inject({ url: `/api/assemblies/${national.id}`, headers: { cookie } })
    ).json().assembly;
    expect(detail.settings.collegeWeighting).toBe(true);
    expect(detail.colleges.map((c: { share: number }) => c.share)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);

    const people = new Set(
      Object.values(members)
        .flat()
        .map((m) => m.userId),
    );
    expect(people.size).toBeGreaterThanOrEqual(40);
    for (const antenna of assemblies.filter((a) => a.kind === 'antenna')) {
      expect(members[antenna.code]!.filter((m) => m.role === 'secretary')).toHaveLength(1);
    }
    const organisations = new Set(
      Object.values(members)
        .flat()
        .map((m) => m.organisation),
    );
    expect([...organisations]).toEqual(
      expect.arrayContaining(['Artisans du Monde', 'UFISC', 'MIRAMAP']),
    );
    expect(members.NAT!.some((m) => !m.votingRight)).toBe(true);
  });

  it('prints working logins for the admin, every secretary and a member', async () => {
    expect(logins.length).toBeGreaterThanOrEqual(8);
    for (const login of logins) {
      const me = await t.app.inject({
        url: '/api/auth/me',
        headers: { cookie: await signIn(t.app, login.email, login.password) },
      });
      expect(me.statusCode).toBe(200);
    }
  });

  it('has an upcoming board election in the national assembly, its call open, with candidates', async () => {
    const member = logins.at(-1)!;
    const cookie = await signIn(t.app, member.email, member.password);
    const { assemblies, elections } = await snapshot(cookie);
    const national = assemblies.find((assembly) => assembly.code === 'NAT')!;
    const [listed] = elections.NAT as { id: string }[];
    const { election } = (
      await t.app.inject({ url: `/api/elections/${listed!.id}`, headers: { cookie } })
    ).json();
    expect(election).toMatchObject({
      assemblyId: national.id,
      method: 'majority_judgment',
      seats: 8,
      parity: true,
      status: 'preparing',
      callOpen: true,
    });
    // One seat reserved for each of the four colleges, and candidates from each of three.
    expect(election.reserved).toHaveLength(4);
    expect(election.candidates.length).toBeGreaterThanOrEqual(6);
    expect(
      new Set(election.candidates.map((c: { college: { id: string } }) => c.college.id)).size,
    ).toBeGreaterThanOrEqual(3);
  });

  it('shows an antenna at work: motions in every state, votes decided, a consent round open', async () => {
    // David Roux, the member login, belongs to MES Occitanie.
    const member = logins.at(-1)!;
    const cookie = await signIn(t.app, member.email, member.password);
    const { motions } = await snapshot(cookie);
    const listed = motions.OCC as { id: string; title: string; status: string }[];
    const statuses = new Set(listed.map((motion) => motion.status));
    for (const status of [
      'submitted',
      'admitted',
      'scheduled',
      'adopted',
      'rejected',
      'withdrawn',
    ]) {
      expect(statuses, status).toContain(status);
    }
    // His own draft is his to see, and a motion short of supporters and the consent round
    // wait for him on his home page.
    const draft = listed.find((motion) => motion.status === 'draft');
    expect(draft?.title).toBe('Une monnaie locale occitane');
    const todo = (await t.app.inject({ url: '/api/me/todo', headers: { cookie } })).json()
      .items as {
      kind: string;
      title: string;
    }[];
    expect(todo).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'poll', title: 'Calendrier des assemblées 2027' }),
        expect.objectContaining({ kind: 'support', title: 'Ateliers de réparation itinérants' }),
      ]),
    );
    const adopted = listed.find((motion) => motion.status === 'adopted')!;
    const { polls } = (
      await t.app.inject({ url: `/api/motions/${adopted.id}/polls`, headers: { cookie } })
    ).json();
    expect(polls[0].result).toMatchObject({ outcome: 'adopted', totals: { yes: 3, abstain: 1 } });
  });

  it('has a past decentralised meeting with its result and published minutes, and a congress under way', async () => {
    const member = logins.at(-1)!;
    const cookie = await signIn(t.app, member.email, member.password);
    const { assemblies } = await snapshot(cookie);
    const national = assemblies.find((assembly) => assembly.code === 'NAT')!;
    const { meetings } = (
      await t.app.inject({ url: `/api/assemblies/${national.id}/meetings`, headers: { cookie } })
    ).json() as { meetings: { id: string; title: string; status: string }[] };
    const spring = meetings.find((meeting) => meeting.title === 'Assemblée nationale de printemps');
    expect(spring?.status).toBe('ended');
    const { meeting } = (
      await t.app.inject({ url: `/api/meetings/${spring!.id}`, headers: { cookie } })
    ).json();
    expect(meeting.sites.map((site: { name: string }) => site.name).sort()).toEqual([
      'ARDES Normandie',
      'En ligne',
      'MES Occitanie',
    ]);
    const published = (
      await t.app.inject({ url: `/api/assemblies/${national.id}/minutes`, headers: { cookie } })
    ).json().versions as { meetingId: string; status: string }[];
    expect(published).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ meetingId: spring!.id, status: 'published' }),
      ]),
    );
    // Decided in the meeting, by the people checked in at its three sites.
    const nationalMotions = (await snapshot(cookie)).motions.NAT as {
      title: string;
      status: string;
    }[];
    expect(nationalMotions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: 'Rapport d’activité 2026', status: 'adopted' }),
      ]),
    );
    const congress = assemblies.find((assembly) => assembly.kind === 'congress')!;
    const { motions } = (
      await t.app.inject({ url: `/api/congresses/${congress.id}/motions`, headers: { cookie } })
    ).json() as {
      motions: { title: string; forwardedFrom: { antenna: { name: string } } | null }[];
    };
    expect(motions).toEqual([
      expect.objectContaining({
        title: 'Un fonds de solidarité entre épiceries',
        forwardedFrom: expect.objectContaining({
          antenna: expect.objectContaining({ name: 'MES Occitanie' }),
        }),
      }),
    ]);
  });

  it('changes nothing when loaded a second time', async () => {
    const cookie = await signIn(t.app, logins[0]!.email, logins[0]!.password);
    const before = await snapshot(cookie);
    await loadDemoFederation(t.app);
    expect(await snapshot(cookie)).toEqual(before);
  });
});
