import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { congressPhases as phasesTable, events } from '@cercle/db';
import { type CongressMotion, congressPhases, type CongressPhase } from '@cercle/shared';
import { notifyFromEvents } from '../../server/src/modules/notifications/notifications.worker.ts';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const text = 'Le MES soutient les antennes.\n\nIl y consacre un tiers de son budget.';

async function outsider(name = 'Personne extérieure') {
  const user = await createUser(t.app, { name });
  return { id: user.id, name, cookie: await signIn(t.app, user.email) } satisfies Person;
}

/** The co-author events of a motion, oldest first, as type, actor and payload. */
async function coauthorEvents(motionId: string) {
  const rows = await t.app.db
    .select()
    .from(events)
    .where(like(events.type, 'motion.coauthor_%'))
    .orderBy(asc(events.id));
  return rows
    .filter((row) => (row.payload as { motionId: string }).motionId === motionId)
    .map((row) => ({ type: row.type, actorId: row.actorId, payload: row.payload }));
}

async function draft(author: Person, assemblyId: string, title = 'Motion cosignée') {
  const created = await call(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.motion.id as string;
}

describe('co-authors of a motion', () => {
  it('are invited, accept or decline, are removed or leave, each with its event', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 4 });
    const [author, alice, bruno, chloe] = voters as [Person, Person, Person, Person];
    const motionId = await draft(author, assembly.id);
    const url = `/api/motions/${motionId}`;
    expect((await call(alice, 'GET', url)).status).toBe(404);

    const invited = await call(author, 'POST', `${url}/coauthors`, { userId: alice.id });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.motion.coauthors).toEqual([
      { id: alice.id, name: alice.name, status: 'invited' },
    ]);
    expect(invited.body.motion.viewer).toEqual({
      isAuthor: true,
      mayManageCoauthors: true,
      invitation: null,
    });

    // The person asked reads the draft to decide, but has no author's rights yet.
    const seen = await call(alice, 'GET', url);
    expect(seen.status).toBe(200);
    expect(seen.body.motion.viewer).toEqual({
      isAuthor: false,
      mayManageCoauthors: false,
      invitation: 'invited',
    });
    expect(
      (await call(alice, 'GET', `/api/assemblies/${assembly.id}/motions`)).body.motions.map(
        (motion: { id: string }) => motion.id,
      ),
    ).toEqual([motionId]);
    expect((await call(alice, 'PATCH', url, { text: 'Autre texte.' })).status).toBe(403);
    expect((await call(alice, 'POST', `${url}/submit`)).status).toBe(403);

    // The invitation reaches her notifications, linked to the motion.
    while ((await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000))) > 0);
    const notices = (await call(alice, 'GET', '/api/notifications')).body.notifications;
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'motion.coauthor_invited',
        motionId,
        subjectId: motionId,
        title: 'Motion cosignée',
      }),
    ]);
    expect(
      (await call(bruno, 'GET', '/api/notifications')).body.notifications.filter(
        (notice: { type: string }) => notice.type === 'motion.coauthor_invited',
      ),
    ).toEqual([]);

    const accepted = await call(alice, 'POST', `${url}/coauthors/me`, { answer: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.motion.coauthors).toEqual([
      { id: alice.id, name: alice.name, status: 'accepted' },
    ]);
    expect(accepted.body.motion.viewer).toMatchObject({ isAuthor: true, invitation: 'accepted' });

    // An accepted co-author edits the draft and submits it, as the author would.
    const edited = await call(alice, 'PATCH', url, { text: `${text}\n\nAjout.`, note: 'Ajout' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.motion.currentVersion).toBe(2);
    expect(edited.body.motion.current.createdBy).toEqual({ id: alice.id, name: alice.name });
    const submitted = await call(alice, 'POST', `${url}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.motion.status).toBe('admitted');

    await call(author, 'POST', `${url}/coauthors`, { userId: bruno.id });
    const declined = await call(bruno, 'POST', `${url}/coauthors/me`, { answer: 'decline' });
    expect(declined.status).toBe(200);
    expect(declined.body.motion.viewer).toMatchObject({ isAuthor: false, invitation: 'declined' });
    await call(author, 'POST', `${url}/coauthors`, { userId: chloe.id });

    // Others see who co-signed; pending and declined invitations are the authors' business.
    const byOther = (await call(voters[3]!, 'GET', url)).body.motion;
    expect(byOther.coauthors).toEqual([
      { id: alice.id, name: alice.name, status: 'accepted' },
      { id: chloe.id, name: chloe.name, status: 'invited' },
    ]);
    const outsiderView = await assemblyMember(assembly.id);
    expect((await call(outsiderView, 'GET', url)).body.motion.coauthors).toEqual([
      { id: alice.id, name: alice.name, status: 'accepted' },
    ]);
    expect((await call(author, 'GET', url)).body.motion.coauthors).toEqual([
      { id: alice.id, name: alice.name, status: 'accepted' },
      { id: bruno.id, name: bruno.name, status: 'declined' },
      { id: chloe.id, name: chloe.name, status: 'invited' },
    ]);
    const listed = (await call(outsiderView, 'GET', `/api/assemblies/${assembly.id}/motions`)).body
      .motions;
    expect(listed[0].coauthors).toEqual([{ id: alice.id, name: alice.name, status: 'accepted' }]);

    // The author withdraws an invitation; a co-author leaves, and loses the author's rights.
    const withdrawn = await call(author, 'DELETE', `${url}/coauthors/${chloe.id}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.motion.coauthors.map((c: { id: string }) => c.id)).toEqual([
      alice.id,
      bruno.id,
    ]);
    const left = await call(alice, 'DELETE', `${url}/coauthors/${alice.id}`);
    expect(left.status).toBe(200);
    expect(left.body.motion.viewer).toMatchObject({ isAuthor: false, invitation: null });
    expect((await call(alice, 'PATCH', url, { text: 'Encore.' })).status).toBe(403);
    expect((await call(alice, 'POST', `${url}/withdraw`)).status).toBe(403);
    const removed = await call(author, 'DELETE', `${url}/coauthors/${bruno.id}`);
    expect(removed.body.motion.coauthors).toEqual([]);

    expect(await coauthorEvents(motionId)).toEqual([
      {
        type: 'motion.coauthor_invited',
        actorId: author.id,
        payload: { motionId, userId: alice.id },
      },
      {
        type: 'motion.coauthor_accepted',
        actorId: alice.id,
        payload: { motionId, userId: alice.id },
      },
      {
        type: 'motion.coauthor_invited',
        actorId: author.id,
        payload: { motionId, userId: bruno.id },
      },
      {
        type: 'motion.coauthor_declined',
        actorId: bruno.id,
        payload: { motionId, userId: bruno.id },
      },
      {
        type: 'motion.coauthor_invited',
        actorId: author.id,
        payload: { motionId, userId: chloe.id },
      },
      {
        type: 'motion.coauthor_removed',
        actorId: author.id,
        payload: { motionId, userId: chloe.id, previousStatus: 'invited' },
      },
      {
        type: 'motion.coauthor_removed',
        actorId: alice.id,
        payload: { motionId, userId: alice.id, previousStatus: 'accepted' },
      },
      {
        type: 'motion.coauthor_removed',
        actorId: author.id,
        payload: { motionId, userId: bruno.id, previousStatus: 'declined' },
      },
    ]);
  });

  it('refuses every wrong request with its code', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const [author, alice, bruno] = voters as [Person, Person, Person];
    const stranger = await outsider();
    const motionId = await draft(author, assembly.id);
    const url = `/api/motions/${motionId}`;

    // Only the author (or a secretary) invites.
    const byMember = await call(alice, 'POST', `/api/motions/${motionId}/coauthors`, {
      userId: bruno.id,
    });
    // A draft is the author's alone: another member does not even find it.
    expect(byMember.status).toBe(404);
    await call(author, 'POST', `${url}/submit`);
    const notAuthor = await call(alice, 'POST', `${url}/coauthors`, { userId: bruno.id });
    expect(notAuthor.status).toBe(403);
    expect(notAuthor.body.error.code).toBe('auth.forbidden');
    const candidatesRefused = await call(alice, 'GET', `${url}/coauthors/candidates`);
    expect(candidatesRefused.status).toBe(403);

    const self = await call(author, 'POST', `${url}/coauthors`, { userId: author.id });
    expect(self.status).toBe(400);
    expect(self.body.error).toMatchObject({ code: 'coauthors.is_author', field: 'userId' });
    const notMember = await call(author, 'POST', `${url}/coauthors`, { userId: stranger.id });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error).toMatchObject({ code: 'coauthors.not_member', field: 'userId' });
    const badBody = await call(author, 'POST', `${url}/coauthors`, { userId: 42 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.field).toBe('userId');

    // The candidates are the assembly's members not asked yet, the author aside, found by name.
    const candidates = (await call(author, 'GET', `${url}/coauthors/candidates`)).body.people;
    expect(candidates.map((p: { id: string }) => p.id).sort()).toEqual(
      [secretary.id, alice.id, bruno.id].sort(),
    );
    const named = async (q: string) =>
      (await call(author, 'GET', `${url}/coauthors/candidates?q=${encodeURIComponent(q)}`)).body
        .people;
    expect(await named(alice.name.toUpperCase())).toEqual([{ id: alice.id, name: alice.name }]);
    expect(await named('personne de ce nom')).toEqual([]);
    const long = await call(author, 'GET', `${url}/coauthors/candidates?q=${'a'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('q');

    expect((await call(author, 'POST', `${url}/coauthors`, { userId: alice.id })).status).toBe(201);
    const twice = await call(author, 'POST', `${url}/coauthors`, { userId: alice.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'coauthors.already_invited', field: 'userId' });
    // A secretary records co-signatures too (given on paper, say).
    const bySecretary = await call(secretary, 'POST', `${url}/coauthors`, { userId: bruno.id });
    expect(bySecretary.status).toBe(201);

    // Only the invited person answers, once.
    const notInvited = await call(secretary, 'POST', `${url}/coauthors/me`, { answer: 'accept' });
    expect(notInvited.status).toBe(404);
    expect(notInvited.body.error.code).toBe('coauthors.not_found');
    const badAnswer = await call(alice, 'POST', `${url}/coauthors/me`, { answer: 'maybe' });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body.error.field).toBe('answer');
    expect((await call(alice, 'POST', `${url}/coauthors/me`, { answer: 'accept' })).status).toBe(
      200,
    );
    const again = await call(alice, 'POST', `${url}/coauthors/me`, { answer: 'decline' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('coauthors.already_answered');

    // Co-authors do not manage each other: only the author or a secretary removes someone.
    const byCoauthor = await call(alice, 'DELETE', `${url}/coauthors/${bruno.id}`);
    expect(byCoauthor.status).toBe(403);
    const byCoauthorInvite = await call(alice, 'POST', `${url}/coauthors`, {
      userId: secretary.id,
    });
    expect(byCoauthorInvite.status).toBe(403);
    const nobody = await call(author, 'DELETE', `${url}/coauthors/${stranger.id}`);
    expect(nobody.status).toBe(404);
    expect(nobody.body.error).toMatchObject({ code: 'coauthors.not_found', field: 'userId' });
    const unknown = await call(author, 'POST', '/api/motions/nosuchmotion00000000/coauthors', {
      userId: alice.id,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('motions.not_found');

    // Once decided (withdrawn here), the signatures no longer change.
    await call(author, 'POST', `${url}/withdraw`);
    const late = await call(author, 'DELETE', `${url}/coauthors/${alice.id}`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('motions.invalid_state');
    const lateAnswer = await call(bruno, 'POST', `${url}/coauthors/me`, { answer: 'accept' });
    expect(lateAnswer.status).toBe(409);
    expect(lateAnswer.body.error.code).toBe('motions.invalid_state');
  });

  it('lets an accepted co-author answer an objection, not one only invited', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 4 });
    const [author, alice, bruno, objector] = voters as [Person, Person, Person, Person];
    const created = await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Budget des antennes',
      text,
      submit: true,
    });
    const motionId = created.body.motion.id as string;
    const url = `/api/motions/${motionId}`;
    await call(author, 'POST', `${url}/coauthors`, { userId: alice.id });
    await call(alice, 'POST', `${url}/coauthors/me`, { answer: 'accept' });
    await call(author, 'POST', `${url}/coauthors`, { userId: bruno.id });

    const poll = await call(secretary, 'POST', '/api/polls', { motionId, kind: 'consent' });
    const pollId = poll.body.poll.id as string;
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    const objected = await call(objector, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'objection',
      reason: 'Un tiers, c’est trop sans évaluation.',
      clientBallotId: randomUUID(),
    });
    expect(objected.status, JSON.stringify(objected.body)).toBe(201);
    await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    const [objection] = (await call(alice, 'GET', `${url}/objections`)).body.objections;

    const newText = `${text}\n\nAprès évaluation.`;
    const byInvited = await call(bruno, 'PATCH', url, { text: newText });
    expect(byInvited.status).toBe(403);
    const edited = await call(alice, 'PATCH', url, {
      text: newText,
      note: 'Répond à l’objection',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const integrate = { status: 'integrated', version: 2 };
    const invitedIntegrates = await call(
      bruno,
      'PATCH',
      `/api/objections/${objection.id}`,
      integrate,
    );
    expect(invitedIntegrates.status).toBe(403);
    expect(invitedIntegrates.body.error.code).toBe('auth.forbidden');
    const ruledOut = await call(alice, 'PATCH', `/api/objections/${objection.id}`, {
      status: 'ruled_out',
      reason: 'Hors sujet.',
    });
    // Ruling an objection out stays the secretary's: authors answer it with their text.
    expect(ruledOut.status).toBe(403);
    const integrated = await call(alice, 'PATCH', `/api/objections/${objection.id}`, integrate);
    expect(integrated.status, JSON.stringify(integrated.body)).toBe(200);
    expect(integrated.body.objection).toMatchObject({
      status: 'integrated',
      integratedVersion: 2,
      resolvedBy: { id: alice.id, name: alice.name },
    });
  });
});

/** A member of the assembly who has nothing to do with the motion. */
async function assemblyMember(assemblyId: string) {
  const person = await outsider('Membre lambda');
  await addMember(t.app, assemblyId, person.id);
  return person;
}

const day = 86_400_000;

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

describe('co-authors at the congress', () => {
  it('keeps the authors of a forwarded motion, who answer for its composite', async () => {
    const adminUser = await createUser(t.app, { name: 'Claire Martin', isAdmin: true });
    const admin = {
      id: adminUser.id,
      name: 'Claire Martin',
      cookie: await signIn(t.app, adminUser.email),
    };
    const national = await createAssembly(t.app, { kind: 'national', name: 'MES national' });
    const start = Date.now() + 2 * day;
    const created = await call(admin, 'POST', '/api/congresses', {
      name: 'Congrès des cosignataires',
      code: `CC${randomUUID().slice(0, 4).toUpperCase()}`,
      parentId: national.id,
      phases: congressPhases.map((phase, index) => ({
        phase,
        opensAt: new Date(start + index * 7 * day).toISOString(),
        closesAt: new Date(start + (index + 1) * 7 * day).toISOString(),
      })),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const congressId = created.body.congress.id as string;
    const secretariat = await outsider('Secrétariat national');
    await addMember(t.app, congressId, secretariat.id, 'secretary');
    const delegate = await outsider('Denis Délégué');
    await addMember(t.app, congressId, delegate.id);

    // In an antenna, Inès writes a motion with Jules; the antenna adopts it.
    const antenna = await assemblyWithPeople(t.app, { voters: 3 });
    const [ines, jules, karim] = antenna.voters as [Person, Person, Person];
    const origin = await call(ines, 'POST', `/api/assemblies/${antenna.assembly.id}/motions`, {
      title: 'Un fonds de solidarité',
      text: 'Les antennes mettent en commun une part de leurs ressources.',
      submit: true,
    });
    const originId = origin.body.motion.id as string;
    await call(ines, 'POST', `/api/motions/${originId}/coauthors`, { userId: jules.id });
    await call(jules, 'POST', `/api/motions/${originId}/coauthors/me`, { answer: 'accept' });
    await call(ines, 'POST', `/api/motions/${originId}/coauthors`, { userId: karim.id });
    const poll = await call(antenna.secretary, 'POST', '/api/polls', {
      motionId: originId,
      kind: 'vote',
      rule: 'simple',
    });
    const pollId = poll.body.poll.id as string;
    await call(antenna.secretary, 'POST', `/api/polls/${pollId}/open`);
    for (const who of [ines, jules, karim]) {
      await call(who, 'POST', `/api/polls/${pollId}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    const closed = await call(antenna.secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result.outcome).toBe('adopted');

    await enter(congressId, 'call_for_motions');
    const forwarded = await call(
      antenna.secretary,
      'POST',
      `/api/congresses/${congressId}/motions/forward`,
      { motionId: originId },
    );
    expect(forwarded.status, JSON.stringify(forwarded.body)).toBe(201);
    const copy = (forwarded.body.motions as CongressMotion[]).find(
      (motion) => motion.forwardedFrom?.motionId === originId,
    )!;
    // Inès and Jules still sign it, not the secretary who forwarded it; Karim never accepted.
    expect(copy).toMatchObject({
      author: { id: ines.id, name: ines.name },
      coauthors: [{ id: jules.id, name: jules.name }],
      forwardedFrom: { antenna: { id: antenna.assembly.id } },
    });
    const copyView = (await call(delegate, 'GET', `/api/motions/${copy.id}`)).body.motion;
    expect(copyView.author).toEqual({ id: ines.id, name: ines.name });
    expect(copyView.coauthors).toEqual([{ id: jules.id, name: jules.name, status: 'accepted' }]);
    const [forwardEvent] = await t.app.db
      .select()
      .from(events)
      .where(and(eq(events.assemblyId, congressId), eq(events.type, 'congress.motion_forwarded')));
    expect(forwardEvent).toMatchObject({
      actorId: antenna.secretary.id,
      payload: {
        motionId: copy.id,
        originId,
        antennaId: antenna.assembly.id,
        authorId: ines.id,
        coauthorIds: [jules.id],
      },
    });

    // A delegate's motion may be co-signed by an antenna member; not by someone of nowhere.
    const delegateMotion = await call(delegate, 'POST', `/api/assemblies/${congressId}/motions`, {
      title: 'Une caisse commune',
      text: 'Une caisse commune entre antennes.',
      submit: true,
    });
    const delegateMotionId = delegateMotion.body.motion.id as string;
    const fromAntenna = await call(delegate, 'POST', `/api/motions/${delegateMotionId}/coauthors`, {
      userId: karim.id,
    });
    expect(fromAntenna.status, JSON.stringify(fromAntenna.body)).toBe(201);
    const nowhere = await outsider('Sans antenne');
    const refused = await call(delegate, 'POST', `/api/motions/${delegateMotionId}/coauthors`, {
      userId: nowhere.id,
    });
    expect(refused.body.error).toMatchObject({ code: 'coauthors.not_member', field: 'userId' });

    // The secretariat merges both; Jules, a co-author of the forwarded one, answers for it.
    await enter(congressId, 'compositing');
    const composited = await call(secretariat, 'POST', `/api/congresses/${congressId}/composites`, {
      title: 'Solidarité entre antennes',
      text: 'Un fonds et une caisse communs.',
      motionIds: [copy.id, delegateMotionId],
    });
    expect(composited.status, JSON.stringify(composited.body)).toBe(201);
    const composite = (composited.body.motions as CongressMotion[]).find(
      (motion) => motion.title === 'Solidarité entre antennes',
    )!;
    // The authors and accepted co-authors of both merged motions are asked to answer.
    while ((await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000))) > 0);
    const toAnswer = async (who: Person) =>
      (await call(who, 'GET', '/api/notifications')).body.notifications.filter(
        (notice: { type: string; motionId: string }) =>
          notice.type === 'congress.composite_to_answer' && notice.motionId === composite.id,
      ).length;
    expect(await toAnswer(ines)).toBe(1);
    expect(await toAnswer(jules)).toBe(1);
    expect(await toAnswer(delegate)).toBe(1);
    expect(await toAnswer(karim)).toBe(0);
    expect(await toAnswer(secretariat)).toBe(0);
    const respond = (who: Person, sourceId: string) =>
      call(who, 'POST', `/api/congresses/${congressId}/composites/${composite.id}/responses`, {
        motionId: sourceId,
        response: 'accepted',
      });
    // Karim was only invited on the delegate's motion: he may not answer for it.
    const byInvited = await respond(karim, delegateMotionId);
    expect(byInvited.status).toBe(403);
    expect((await respond(antenna.secretary, copy.id)).status).toBe(403);
    const answered = await respond(jules, copy.id);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const merged = (answered.body.motions as CongressMotion[]).find(
      (motion) => motion.id === composite.id,
    )!;
    expect(merged.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          motionId: copy.id,
          author: { id: ines.id, name: ines.name },
          coauthors: [{ id: jules.id, name: jules.name }],
          response: 'accepted',
        }),
      ]),
    );
  });
});
