import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { congressPhases as phasesTable, notifications } from '@cercle/db';
import { type CongressMotion, type CongressPhase, congressPhases } from '@cercle/shared';
import { notifyCongressPhases } from '../../server/src/modules/notifications/congress-phases.ts';
import { testAppForThisFile } from '../support/app.ts';
import { type Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';
import { samplePdf } from '../support/sample-files.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;
let admin: Person;
let nationalId: string;
beforeAll(async () => {
  const user = await createUser(t.app, { name: 'Claire Martin', isAdmin: true });
  admin = { id: user.id, name: 'Claire Martin', cookie: await signIn(t.app, user.email) };
  nationalId = (await createAssembly(t.app, { kind: 'national', name: 'MES national' })).id;
});

const day = 86_400_000;

/** Six back-to-back weekly phases starting `startInDays` from now. */
function schedule(startInDays: number) {
  const start = Date.now() + startInDays * day;
  return congressPhases.map((phase, index) => ({
    phase,
    opensAt: new Date(start + index * 7 * day).toISOString(),
    closesAt: new Date(start + (index + 1) * 7 * day).toISOString(),
  }));
}

/** Moves the congress's calendar so that `phase` is the one open now. */
async function enter(congressId: string, phase: CongressPhase) {
  const index = congressPhases.indexOf(phase);
  const start = Date.now() - index * 7 * day - day;
  for (const [position, name] of congressPhases.entries()) {
    await t.app.db
      .update(phasesTable)
      .set({
        opensAt: new Date(start + position * 7 * day),
        closesAt: new Date(start + (position + 1) * 7 * day),
      })
      .where(and(eq(phasesTable.congressId, congressId), eq(phasesTable.phase, name)));
  }
}

async function person(name: string, assemblyId: string, role: 'member' | 'secretary' = 'member') {
  const user = await createUser(t.app, { name });
  await addMember(t.app, assemblyId, user.id, role);
  return { id: user.id, name, cookie: await signIn(t.app, user.email) } satisfies Person;
}

/** An antenna that adopted a motion in an asynchronous vote. */
async function antennaWithAdoptedMotion(name: string) {
  const antenna = await createAssembly(t.app, { name });
  const secretary = await person(`Secrétaire ${name}`, antenna.id, 'secretary');
  const member = await person(`Membre ${name}`, antenna.id);
  const motion = await call(member, 'POST', `/api/assemblies/${antenna.id}/motions`, {
    title: `Proposition de ${name}`,
    text: `${name} propose un fonds de solidarité entre antennes.`,
    submit: true,
  });
  const motionId = motion.body.motion.id as string;
  await t.app.db.execute(
    // Admission needs no supporters in this antenna.
    `update assemblies set supporters_to_admit = 0, quorum = 0 where id = '${antenna.id}'`,
  );
  await call(secretary, 'POST', `/api/motions/${motionId}/admit`);
  const poll = await call(secretary, 'POST', '/api/polls', {
    motionId,
    kind: 'vote',
    rule: 'simple',
  });
  const pollId = poll.body.poll.id as string;
  await call(secretary, 'POST', `/api/polls/${pollId}/open`);
  for (const who of [secretary, member]) {
    await call(who, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId: randomUUID(),
    });
  }
  const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
  expect(closed.body.poll.result.outcome).toBe('adopted');
  return { antenna, secretary, member, motionId };
}

const find = (motions: CongressMotion[], title: string) => motions.find((m) => m.title === title)!;

describe('congress', () => {
  it('refuses a calendar whose phases are out of order, naming the field', async () => {
    const phases = schedule(1);
    [phases[0], phases[1]] = [phases[1]!, phases[0]!];
    const refused = await call(admin, 'POST', '/api/congresses', {
      name: 'Congrès mal daté',
      code: 'CGX',
      phases,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('phases.0.phase');
  });

  it('is created by an admin only, and read by signed-in people only', async () => {
    const member = await person('Membre curieux', nationalId);
    const body = { name: 'Congrès pirate', code: 'CGP', parentId: nationalId, phases: schedule(1) };
    expect((await call(member, 'POST', '/api/congresses', body)).status).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/congresses', payload: body });
    expect(anonymous.statusCode).toBe(401);
    const missing = await call(member, 'GET', '/api/congresses/nosuchcongress0000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('congress.not_found');
    // A national assembly is not a congress: it has no timeline.
    expect((await call(member, 'GET', `/api/congresses/${nationalId}`)).status).toBe(404);
    const created = await call(admin, 'POST', '/api/congresses', body);
    const url = `/api/congresses/${created.body.congress.id}`;
    for (const path of [url, `${url}/motions`, `${url}/export.md`]) {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(401);
    }
  });

  it('walks a small congress from the call for motions to the adopted texts', async () => {
    const created = await call(admin, 'POST', '/api/congresses', {
      name: 'Congrès 2027',
      code: 'CG27',
      parentId: nationalId,
      phases: schedule(2),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const congressId = created.body.congress.id as string;
    expect(created.body.congress).toMatchObject({ current: null });
    expect(created.body.congress.phases[0]).toMatchObject({
      phase: 'call_for_motions',
      state: 'upcoming',
    });
    const secretariat = await person('Secrétariat national', congressId, 'secretary');
    const alice = await person('Alice Delegate', congressId);
    const bruno = await person('Bruno Delegate', congressId);
    const occitanie = await antennaWithAdoptedMotion('MES Occitanie');
    const normandie = await antennaWithAdoptedMotion('ARDES Normandie');

    // Before the call for motions opens, nothing comes in.
    const early = await call(
      occitanie.secretary,
      'POST',
      `/api/congresses/${congressId}/motions/forward`,
      {
        motionId: occitanie.motionId,
      },
    );
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('congress.phase_closed');
    expect(early.body.error.message).toMatch(/call_for_motions.*not open yet/);

    await enter(congressId, 'call_for_motions');
    const byMember = await call(
      occitanie.member,
      'POST',
      `/api/congresses/${congressId}/motions/forward`,
      {
        motionId: occitanie.motionId,
      },
    );
    expect(byMember.status).toBe(403);
    const forwarded = await call(
      occitanie.secretary,
      'POST',
      `/api/congresses/${congressId}/motions/forward`,
      { motionId: occitanie.motionId },
    );
    expect(forwarded.status, JSON.stringify(forwarded.body)).toBe(201);
    const copy = find(forwarded.body.motions, 'Proposition de MES Occitanie');
    // The copy is the antenna member's motion still, not the secretary's who forwarded it.
    expect(copy.author).toEqual({ id: occitanie.member.id, name: occitanie.member.name });
    expect(copy.forwardedFrom).toMatchObject({
      motionId: occitanie.motionId,
      antenna: { id: occitanie.antenna.id, name: 'MES Occitanie' },
      result: { outcome: 'adopted', totals: { yes: 2 } },
    });
    const twice = await call(
      occitanie.secretary,
      'POST',
      `/api/congresses/${congressId}/motions/forward`,
      {
        motionId: occitanie.motionId,
      },
    );
    expect(twice.body.error.code).toBe('congress.not_forwardable');
    for (const [who, title] of [
      [alice, 'Mutualiser les outils numériques'],
      [bruno, 'Partager les outils libres'],
    ] as const) {
      const submitted = await call(who, 'POST', `/api/assemblies/${congressId}/motions`, {
        title,
        text: `${title}, au service des antennes.`,
        submit: true,
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    }

    // The secretariat extends a deadline; it cannot run into the next phase.
    const phaseUrl = `/api/congresses/${congressId}/phases/call_for_motions`;
    const timeline = (await call(alice, 'GET', `/api/congresses/${congressId}`)).body.congress;
    const nextOpens = new Date(timeline.phases[1].opensAt).getTime();
    expect(
      (
        await call(alice, 'PATCH', phaseUrl, {
          closesAt: timeline.phases[1].opensAt,
          reason: 'Retard',
        })
      ).status,
    ).toBe(403);
    const overlapping = await call(secretariat, 'PATCH', phaseUrl, {
      closesAt: new Date(nextOpens + day).toISOString(),
      reason: 'Plus de temps',
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.error.field).toBe('closesAt');
    const extended = await call(secretariat, 'PATCH', phaseUrl, {
      closesAt: new Date(nextOpens).toISOString(),
      reason: 'Les antennes demandent un jour de plus',
    });
    expect(extended.body.congress.phases[0]).toMatchObject({
      state: 'open',
      changes: 1,
      moves: [
        {
          by: { id: secretariat.id, name: 'Secrétariat national' },
          reason: 'Les antennes demandent un jour de plus',
          to: { closesAt: new Date(nextOpens).toISOString() },
        },
      ],
    });

    // Antenna deliberation: each antenna records its mandate, shown side by side.
    await enter(congressId, 'antenna_deliberation');
    const late = await call(alice, 'POST', `/api/assemblies/${congressId}/motions`, {
      title: 'Trop tard',
      text: 'Texte.',
      submit: true,
    });
    expect(late.body.error?.code).toBe('congress.phase_closed');
    const mandate = (who: Person, antennaId: string, value: string) =>
      call(who, 'POST', `/api/congresses/${congressId}/mandates`, {
        motionId: copy.id,
        antennaId,
        mandate: value,
      });
    expect((await mandate(occitanie.member, occitanie.antenna.id, 'for')).status).toBe(403);
    expect((await mandate(occitanie.secretary, normandie.antenna.id, 'for')).status).toBe(403);
    await mandate(normandie.secretary, normandie.antenna.id, 'amend');
    // Occitanie debates it in its own meeting: the antenna's vote gives its mandate.
    const local = await call(
      occitanie.secretary,
      'POST',
      `/api/assemblies/${occitanie.antenna.id}/meetings`,
      {
        title: 'AG Occitanie — motions du congrès',
        mode: 'online',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    );
    const localMeeting = local.body.meeting;
    await call(occitanie.secretary, 'POST', `/api/meetings/${localMeeting.id}/agenda`, {
      kind: 'decision',
      title: 'Mandat sur la motion du congrès',
      motionId: copy.id,
    });
    await call(occitanie.secretary, 'POST', `/api/meetings/${localMeeting.id}/start`);
    for (const who of [occitanie.secretary, occitanie.member]) {
      await call(who, 'POST', `/api/meetings/${localMeeting.id}/attendance`, {
        code: localMeeting.sites[0].checkInCode,
      });
    }
    const localPoll = await call(occitanie.secretary, 'POST', '/api/polls', {
      motionId: copy.id,
      kind: 'vote',
      rule: 'simple',
      meetingId: localMeeting.id,
    });
    expect(localPoll.status, JSON.stringify(localPoll.body)).toBe(201);
    expect(localPoll.body.poll.assemblyId).toBe(occitanie.antenna.id);
    const localPollId = localPoll.body.poll.id as string;
    await call(occitanie.secretary, 'POST', `/api/polls/${localPollId}/open`);
    for (const who of [occitanie.secretary, occitanie.member]) {
      await call(who, 'POST', `/api/polls/${localPollId}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    await call(occitanie.secretary, 'POST', `/api/polls/${localPollId}/close`);
    const both = (await call(alice, 'GET', `/api/congresses/${congressId}/motions`)).body.motions;
    expect(find(both, copy.title)).toMatchObject({
      status: 'admitted', // the antenna's vote decided its mandate, not the congress motion
      mandates: [
        { antenna: { name: 'ARDES Normandie' }, mandate: 'amend', pollId: null },
        { antenna: { name: 'MES Occitanie' }, mandate: 'for', pollId: localPollId },
      ],
    });

    // Amendments, from a delegate and from an antenna in its own name.
    await enter(congressId, 'amendments');
    const motions = (await call(alice, 'GET', `/api/congresses/${congressId}/motions`)).body
      .motions as CongressMotion[];
    const outils = find(motions, 'Mutualiser les outils numériques');
    const libres = find(motions, 'Partager les outils libres');
    const fromAntenna = await call(
      normandie.secretary,
      'POST',
      `/api/motions/${copy.id}/amendments`,
      {
        proposedText:
          'ARDES Normandie propose un fonds de solidarité entre antennes, évalué à un an.',
        antennaId: normandie.antenna.id,
      },
    );
    expect(fromAntenna.status, JSON.stringify(fromAntenna.body)).toBe(201);
    expect(fromAntenna.body.amendment.onBehalfOf).toEqual({
      id: normandie.antenna.id,
      name: 'ARDES Normandie',
    });
    const fromDelegate = await call(bruno, 'POST', `/api/motions/${libres.id}/amendments`, {
      proposedText: 'Partager les outils libres entre toutes les antennes.',
    });
    expect(fromDelegate.status).toBe(201);

    // Compositing: the two tools motions become one, and their authors answer.
    const tooEarly = await call(secretariat, 'POST', `/api/congresses/${congressId}/composites`, {
      title: 'Des outils numériques communs',
      text: 'Le MES mutualise des outils libres pour toutes ses antennes.',
      motionIds: [outils.id, libres.id],
    });
    expect(tooEarly.body.error.code).toBe('congress.phase_closed');
    await enter(congressId, 'compositing');
    const byDelegate = await call(alice, 'POST', `/api/congresses/${congressId}/composites`, {
      title: 'Synthèse sauvage',
      text: 'Texte.',
      motionIds: [outils.id, libres.id],
    });
    expect(byDelegate.status).toBe(403);
    const composited = await call(secretariat, 'POST', `/api/congresses/${congressId}/composites`, {
      title: 'Des outils numériques communs',
      text: 'Le MES mutualise des outils libres pour toutes ses antennes.',
      motionIds: [outils.id, libres.id],
    });
    expect(composited.status, JSON.stringify(composited.body)).toBe(201);
    const composite = find(composited.body.motions, 'Des outils numériques communs');
    expect(find(composited.body.motions, outils.title)).toMatchObject({
      status: 'merged',
      mergedInto: composite.id,
    });
    const answer = (who: Person, motionId: string, response: string, note = '') =>
      call(who, 'POST', `/api/congresses/${congressId}/composites/${composite.id}/responses`, {
        motionId,
        response,
        note,
      });
    expect((await answer(bruno, outils.id, 'accepted')).status).toBe(403);
    await answer(alice, outils.id, 'accepted');
    const answered = await answer(bruno, libres.id, 'objected', 'Le mot « libres » a disparu.');
    expect(find(answered.body.motions, composite.title).sources).toMatchObject([
      { motionId: outils.id, author: { name: 'Alice Delegate' }, response: 'accepted' },
      {
        motionId: libres.id,
        response: 'objected',
        note: 'Le mot « libres » a disparu.',
      },
    ]);

    // Sittings: the live meeting machinery, delegates checking in at their antenna's site.
    const meeting = await call(secretariat, 'POST', `/api/assemblies/${congressId}/meetings`, {
      title: 'Congrès — séance plénière',
      mode: 'hybrid',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      antennaIds: [occitanie.antenna.id, normandie.antenna.id],
    });
    const sitting = meeting.body.meeting;
    const siteOf = (name: string) =>
      sitting.sites.find((site: { name: string }) => site.name === name);
    await call(secretariat, 'POST', `/api/meetings/${sitting.id}/start`);
    for (const [who, site] of [
      [secretariat, 'En ligne'],
      [alice, 'MES Occitanie'],
      [bruno, 'ARDES Normandie'],
    ] as const) {
      const checked = await call(who, 'POST', `/api/meetings/${sitting.id}/attendance`, {
        code: siteOf(site).checkInCode,
      });
      expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    }
    const compositePoll = (
      await call(secretariat, 'POST', '/api/polls', {
        motionId: composite.id,
        kind: 'vote',
        rule: 'simple',
        meetingId: sitting.id,
      })
    ).body.poll.id as string;
    const notYet = await call(secretariat, 'POST', `/api/polls/${compositePoll}/open`);
    expect(notYet.body.error.code).toBe('congress.phase_closed');
    await enter(congressId, 'sittings');
    expect((await call(secretariat, 'POST', `/api/polls/${compositePoll}/open`)).status).toBe(200);
    // An annex to the composite, listed with its SHA-256 under the adopted text.
    const annex = await t.app.inject({
      method: 'POST',
      url: `/api/motions/${composite.id}/attachments?name=${encodeURIComponent('Annexe outils.pdf')}`,
      headers: { cookie: secretariat.cookie, 'content-type': 'application/pdf' },
      payload: samplePdf,
    });
    expect(annex.statusCode, annex.body).toBe(201);
    for (const who of [secretariat, alice, bruno]) {
      await call(who, 'POST', `/api/polls/${compositePoll}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    const decided = await call(secretariat, 'POST', `/api/polls/${compositePoll}/close`);
    expect(decided.body.poll.result).toMatchObject({
      outcome: 'adopted',
      bySite: {
        [siteOf('MES Occitanie').id]: { yes: 1 },
        [siteOf('ARDES Normandie').id]: { yes: 1 },
      },
    });

    // Publication: one document of the adopted texts, with origins and results.
    await enter(congressId, 'publication');
    const document = await call(alice, 'GET', `/api/congresses/${congressId}`);
    expect(document.body.congress).toMatchObject({
      current: 'publication',
      counts: { forwarded: 1, mandates: 2, amendments: 2, composites: 1, adopted: 1 },
    });
    const markdown = await t.app.inject({
      method: 'GET',
      url: `/api/congresses/${congressId}/export.md`,
      headers: { cookie: alice.cookie },
    });
    expect(markdown.body).toContain('# Textes adoptés — Congrès 2027');
    expect(markdown.body).toContain('Des outils numériques communs');
    expect(markdown.body).toContain('Motion de synthèse issue de');
    expect(markdown.body).toContain('- Partager les outils libres (Bruno Delegate) — objection');
    expect(markdown.body).toContain('**Résultat\u00a0:** Pour 3, Contre 0, Abstention 0');
    expect(markdown.body).toContain('Le MES mutualise des outils libres pour toutes ses antennes.');
    expect(markdown.body).not.toContain('Proposition de MES Occitanie'); // not adopted (yet)
    // The publication page shows the same texts, not only the files: the composite, as HTML.
    const texts = await call(alice, 'GET', `/api/congresses/${congressId}/texts`);
    expect(texts.status).toBe(200);
    expect(texts.body.texts).toEqual([
      {
        motionId: composite.id,
        version: expect.any(Number),
        html: expect.stringContaining(
          'Le MES mutualise des outils libres pour toutes ses antennes.',
        ),
      },
    ]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/congresses/${congressId}/texts` }))
        .statusCode,
    ).toBe(401);
    // Those still debated, which compositing shows side by side: not the adopted composite.
    const open = await call(alice, 'GET', `/api/congresses/${congressId}/texts?status=open`);
    expect(open.body.texts.map((text: { motionId: string }) => text.motionId)).not.toContain(
      composite.id,
    );
    expect(open.body.texts.every((text: { html: string }) => text.html.length > 0)).toBe(true);
    expect(
      (await call(alice, 'GET', `/api/congresses/${congressId}/texts?status=closed`)).status,
    ).toBe(400);
    expect(markdown.body).toContain(
      `**Pièces jointes**\n\n- Annexe outils.pdf (PDF, ${samplePdf.length}\u00a0o) — SHA-256\u00a0: ${annex.json().attachment.sha256}`,
    );
    const { head } = (await call(alice, 'GET', `/api/assemblies/${congressId}/audit/verify`)).body;
    expect(markdown.body).toContain(
      `*Journal d’audit du congrès à cet export (n° du dernier événement : début de son empreinte)\u00a0:* \`${head.seq}:${head.hash.slice(0, 16)}\``,
    );
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/congresses/${congressId}/export.pdf?lang=en`,
      headers: { cookie: alice.cookie },
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // Moved phases, forwarding, mandates, composites and a decentralised vote: the audit finds
    // every record as its events left it.
    for (const [who, assemblyId] of [
      [secretariat, congressId],
      [occitanie.secretary, occitanie.antenna.id],
      [normandie.secretary, normandie.antenna.id],
    ] as const) {
      const audit = await call(who, 'GET', `/api/assemblies/${assemblyId}/audit/verify`);
      expect(audit.body, JSON.stringify(audit.body.issues)).toMatchObject({
        valid: true,
        issues: [],
      });
    }
  });

  it('tells the movement when a phase opens, and 72 hours before it closes', async () => {
    const created = await call(admin, 'POST', '/api/congresses', {
      name: 'Congrès 2030',
      code: 'CG30',
      parentId: nationalId,
      phases: schedule(3),
    });
    const congressId = created.body.congress.id as string;
    const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
    const volunteer = await person('Bénévole breton', antenna.id);
    const noticesOf = (type: string) =>
      t.app.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, volunteer.id),
            eq(notifications.assemblyId, congressId),
            eq(notifications.type, type as never),
          ),
        );
    await notifyCongressPhases(t.app.db);
    expect(await noticesOf('congress.phase_opened')).toHaveLength(0);

    await enter(congressId, 'call_for_motions');
    await notifyCongressPhases(t.app.db);
    await notifyCongressPhases(t.app.db);
    expect(await noticesOf('congress.phase_opened')).toMatchObject([
      { subjectId: `${congressId}/call_for_motions`, title: 'Congrès 2030' },
    ]);
    expect(await noticesOf('congress.deadline_soon')).toHaveLength(0);
    await notifyCongressPhases(t.app.db, new Date(Date.now() + 5 * day));
    expect(await noticesOf('congress.deadline_soon')).toMatchObject([
      { subjectId: `${congressId}/call_for_motions` },
    ]);
  });
});
