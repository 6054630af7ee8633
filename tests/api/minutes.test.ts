import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assemblies, events, minutes as minutesTable, notifications } from '@cercle/db';
import type { MeetingDetail, Minutes } from '@cercle/shared';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { notifyFromEvents } from '../../server/src/modules/notifications/notifications.worker.ts';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, endedMeeting, type Person } from '../support/assembly-fixture.ts';
import { createAssembly } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const adoptedText =
  'Le MES ouvre une antenne en Bretagne.\n\nElle reçoit 5 000 € la première année.';

/** A decentralised meeting that happened: two sites, a proxy, an agenda with a note, a vote. */
async function heldMeeting() {
  const people = await assemblyWithPeople(t.app, { voters: 4 });
  const { secretary, voters, assembly } = people;
  const occitanie = await createAssembly(t.app, { name: 'MES Occitanie' });
  const normandie = await createAssembly(t.app, { name: 'ARDES Normandie' });
  const created = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
    title: 'AG de printemps',
    mode: 'hybrid',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    antennaIds: [occitanie.id, normandie.id],
  });
  const meeting: MeetingDetail = created.body.meeting;
  const site = (name: string) => meeting.sites.find((s) => s.name === name)!;
  const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
    title: 'Ouvrir une antenne en Bretagne',
    text: adoptedText,
    submit: true,
  });
  const motionId = motion.body.motion.id as string;
  const item = await call(secretary, 'POST', `/api/meetings/${meeting.id}/agenda`, {
    kind: 'decision',
    title: 'Antenne Bretagne',
    motionId,
  });
  const itemId = item.body.meeting.agenda[0].id as string;
  await call(secretary, 'POST', `/api/meetings/${meeting.id}/start`);
  await call(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, { itemId });
  for (const [who, name] of [
    [secretary, 'MES Occitanie'],
    [voters[0]!, 'MES Occitanie'],
    [voters[1]!, 'ARDES Normandie'],
  ] as const) {
    await call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, {
      code: site(name).checkInCode,
    });
  }
  await call(voters[2]!, 'POST', `/api/meetings/${meeting.id}/proxies`, {
    holderId: voters[0]!.id,
  });
  await call(secretary, 'POST', `/api/agenda-items/${itemId}/notes`, {
    text: 'Débat vif sur le budget ; la Normandie demande un bilan à un an.',
  });
  const poll = await call(secretary, 'POST', '/api/polls', {
    motionId,
    kind: 'vote',
    rule: 'simple',
    meetingId: meeting.id,
  });
  const pollId = poll.body.poll.id as string;
  await call(secretary, 'POST', `/api/polls/${pollId}/open`);
  const vote = (who: Person, choice: string, extra: object = {}) =>
    call(who, 'POST', `/api/polls/${pollId}/ballots`, {
      choice,
      clientBallotId: randomUUID(),
      ...extra,
    });
  await vote(voters[0]!, 'yes');
  await vote(voters[0]!, 'yes', { onBehalfOf: voters[2]!.id });
  await vote(voters[1]!, 'no');
  await vote(secretary, 'yes');
  await call(secretary, 'POST', `/api/polls/${pollId}/close`);
  return { ...people, meeting, occitanie: site('MES Occitanie'), itemId };
}

/** The PDF's text, page after page, as a viewer's text layer reads it. */
async function pdfText(pdf: Buffer) {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\n');
}

const draft = (who: Person, meetingId: string, body: object = {}) =>
  call(who, 'POST', `/api/meetings/${meetingId}/minutes`, body);

describe('minutes', () => {
  it('are drafted from the meeting once it has ended, by a secretary only', async () => {
    const { secretary, voters, meeting } = await heldMeeting();
    const early = await draft(secretary, meeting.id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('minutes.meeting_not_ended');
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    const byMember = await draft(voters[0]!, meeting.id);
    expect(byMember.status).toBe(403);

    const created = await draft(secretary, meeting.id);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const minutes: Minutes = created.body.minutes;
    expect(minutes).toMatchObject({ version: 1, status: 'draft', language: 'fr' });
    const text = minutes.text;
    expect(text).toContain('# Procès-verbal — AG de printemps');
    expect(text).toContain('MES Occitanie');
    expect(text).toMatch(/\| MES Occitanie \| 2 \| 1 \|/); // two present, one represented
    expect(text).toMatch(/\| ARDES Normandie \| 1 \| 0 \|/);
    expect(text).toContain('Votant 3 a donné pouvoir à Votant 1');
    expect(text).toContain('Débat vif sur le budget');
    expect(text).toContain('Ouvrir une antenne en Bretagne');
    expect(text).toMatch(/adoptée — Pour 3, Contre 1, Abstention 0/);
    expect(text).toContain('> Elle reçoit 5 000 € la première année.');
    expect(minutes.html).toContain('<table>');

    // A draft stays with the secretaries; a second draft is refused.
    expect((await call(voters[0]!, 'GET', `/api/minutes/${minutes.id}`)).status).toBe(403);
    const again = await draft(secretary, meeting.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('minutes.draft_exists');

    const english = await call(secretary, 'POST', `/api/minutes/${minutes.id}/regenerate`, {
      language: 'en',
    });
    expect(english.body.minutes.language).toBe('en');
    expect(english.body.minutes.text).toContain('# Minutes — AG de printemps');
    expect(english.body.minutes.text).toMatch(/adopted — Yes 3, No 1, Abstain 0/);
  });

  it('are edited, approved, published for good, and corrected by an erratum', async () => {
    const { secretary, voters, meeting, assembly } = await heldMeeting();
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    const id = (await draft(secretary, meeting.id)).body.minutes.id as string;

    const edited = await call(secretary, 'PATCH', `/api/minutes/${id}`, {
      text: '# PV\n\nSéance ouverte à 18 h.\n',
    });
    // The page has its own title: the text's headings sit one level below it.
    expect(edited.body.minutes.html).toContain('<h2>PV</h2>');
    const tooSoon = await call(secretary, 'POST', `/api/minutes/${id}/publish`);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error.code).toBe('minutes.not_approved');
    const approved = await call(secretary, 'POST', `/api/minutes/${id}/approve`);
    expect(approved.body.minutes).toMatchObject({
      status: 'approved',
      approvedBy: { id: secretary.id, name: secretary.name },
    });
    // Changing what was approved asks for a new approval.
    const changed = await call(secretary, 'PATCH', `/api/minutes/${id}`, {
      text: '# PV\n\nSéance ouverte à 18 h 05.\n',
    });
    expect(changed.body.minutes).toMatchObject({ status: 'draft', approvedBy: null });
    expect((await call(voters[0]!, 'POST', `/api/minutes/${id}/approve`)).status).toBe(403);
    await call(secretary, 'POST', `/api/minutes/${id}/approve`);
    const published = await call(secretary, 'POST', `/api/minutes/${id}/publish`);
    expect(published.status).toBe(200);
    const text = '# PV\n\nSéance ouverte à 18 h 05.\n';
    expect(published.body.minutes).toMatchObject({
      status: 'published',
      publishedBy: { id: secretary.id },
      textHash: createHash('sha256').update(text).digest('hex'),
    });
    expect(published.body.minutes.coversEventSeq).toBeGreaterThan(0);

    const frozen = await call(secretary, 'PATCH', `/api/minutes/${id}`, { text: 'Autre.' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.code).toBe('minutes.published');
    expect((await call(voters[0]!, 'GET', `/api/minutes/${id}`)).body.minutes.text).toBe(text);

    const noReason = await draft(secretary, meeting.id);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const erratum = await draft(secretary, meeting.id, { reason: 'Heure d’ouverture erronée' });
    expect(erratum.body.minutes).toMatchObject({
      version: 2,
      status: 'draft',
      correctsId: id,
      erratumReason: 'Heure d’ouverture erronée',
      text,
    });
    // An erratum corrects the published text: it is not drafted again from the record, and only
    // a secretary edits it.
    const erratumId = erratum.body.minutes.id as string;
    const redraft = await call(secretary, 'POST', `/api/minutes/${erratumId}/regenerate`, {});
    expect(redraft.status).toBe(409);
    expect(redraft.body.error.code).toBe('minutes.published');
    const byMember = await call(voters[0]!, 'PATCH', `/api/minutes/${erratumId}`, { text: 'X' });
    expect(byMember.status).toBe(403);
    const missing = await call(secretary, 'GET', '/api/minutes/nosuchminutes00000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('minutes.not_found');
    const history = await call(voters[0]!, 'GET', `/api/meetings/${meeting.id}/minutes`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const secretaryHistory = await call(secretary, 'GET', `/api/meetings/${meeting.id}/minutes`);
    expect(secretaryHistory.body.versions.map((v: { version: number }) => v.version)).toEqual([
      2, 1,
    ]);
    const listed = await call(voters[1]!, 'GET', `/api/assemblies/${assembly.id}/minutes`);
    expect(listed.body.versions).toHaveLength(1);
  });

  it('are read by members only, or by anyone when the assembly makes them public', async () => {
    const { secretary, meeting, assembly } = await heldMeeting();
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    const id = (await draft(secretary, meeting.id)).body.minutes.id as string;
    const anonymousDraft = await t.app.inject({ method: 'GET', url: `/api/minutes/${id}` });
    expect(anonymousDraft.statusCode).toBe(401);
    await call(secretary, 'POST', `/api/minutes/${id}/approve`);
    await call(secretary, 'POST', `/api/minutes/${id}/publish`);

    const outsider = (await assemblyWithPeople(t.app, { voters: 0 })).secretary;
    expect((await call(outsider, 'GET', `/api/minutes/${id}`)).status).toBe(403);
    expect((await call(outsider, 'GET', `/api/assemblies/${assembly.id}/minutes`)).status).toBe(
      403,
    );
    const historyUrl = `/api/meetings/${meeting.id}/minutes`;
    expect((await t.app.inject({ method: 'GET', url: historyUrl })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/minutes/${id}` })).statusCode).toBe(401);
    await t.app.db
      .update(assemblies)
      .set({ minutesVisibility: 'public' })
      .where(eq(assemblies.id, assembly.id));
    const history = await t.app.inject({ method: 'GET', url: historyUrl });
    expect(history.json().versions).toMatchObject([{ id, status: 'published' }]);
    const open = await t.app.inject({ method: 'GET', url: `/api/minutes/${id}` });
    expect(open.statusCode).toBe(200);
    expect(open.json().minutes.text).toContain('AG de printemps');
    const markdown = await t.app.inject({ method: 'GET', url: `/api/minutes/${id}/export.md` });
    expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers['content-disposition']).toMatch(
      /attachment; filename="pv-ag-de-printemps-/,
    );
    expect(markdown.body).toBe(open.json().minutes.text);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/minutes/${id}/export.pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Procès-verbal — AG de printemps');
    expect(text).toMatch(/adoptée — Pour 3, Contre 1, Abstention 0/);
    expect(text).toMatch(/MES Occitanie 3 0 0/); // the by-site result table, row by row
    expect(text).toMatch(/Page 1 sur \d/);
    // The head of the audit trail the minutes cover, as `pnpm audit:verify --head` takes it.
    const { coversEventSeq, coversEventHash } = open.json().minutes;
    expect(text).toContain(`journal ${coversEventSeq}:${coversEventHash.slice(0, 16)}`);
  });

  it('notify the members when published, and the audit notices a published text altered', async () => {
    const { secretary, voters, meeting, assembly } = await heldMeeting();
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    const id = (await draft(secretary, meeting.id)).body.minutes.id as string;
    await call(secretary, 'POST', `/api/minutes/${id}/approve`);
    await call(secretary, 'POST', `/api/minutes/${id}/publish`);

    while ((await notifyFromEvents(t.app.db, new Date(Date.now() + 60_000))) > 0);
    const [notice] = await t.app.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, voters[3]!.id), eq(notifications.type, 'minutes.published')),
      );
    expect(notice).toMatchObject({ subjectId: id, title: 'AG de printemps' });

    const audit = () => call(secretary, 'GET', `/api/assemblies/${assembly.id}/audit/verify`);
    expect((await audit()).body).toMatchObject({
      valid: true,
      minutes: { checked: 1, altered: [] },
    });
    await t.app.db
      .update(minutesTable)
      .set({ text: 'Un texte réécrit en douce.' })
      .where(eq(minutesTable.id, id));
    expect((await audit()).body).toMatchObject({ valid: false, minutes: { altered: [id] } });

    const [published] = await t.app.db
      .select()
      .from(events)
      .where(and(eq(events.assemblyId, assembly.id), eq(events.type, 'minutes.published')));
    await t.app.db
      .update(events)
      .set({ payload: { ...(published!.payload as object), textHash: 'forged' } })
      .where(eq(events.id, published!.id));
    expect((await audit()).body).toMatchObject({ valid: false, brokenAtSeq: published!.seq });
  });

  it('are approved by another secretary than their text’s writer, when the assembly asks', async () => {
    const people = await assemblyWithPeople(t.app, { voters: 1 });
    const { assembly, secretary } = people;
    const second = await people.person('Karim Haddad', 'secretary');
    await t.app.db
      .update(assemblies)
      .set({ minutesSecondApproval: true })
      .where(eq(assemblies.id, assembly.id));
    const meetingId = await endedMeeting(t.app, { secretary, assemblyId: assembly.id });
    const id = (await draft(secretary, meetingId)).body.minutes.id as string;
    const approve = (who: Person) => call(who, 'POST', `/api/minutes/${id}/approve`);

    // Drafted by the first secretary: not theirs to approve, and the page can tell.
    const drafted = (await call(secretary, 'GET', `/api/minutes/${id}`)).body.minutes as Minutes;
    expect(drafted).toMatchObject({ writtenBy: secretary.id, secondApproval: true });
    const own = await approve(secretary);
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('minutes.second_approval_required');
    expect((await approve(second)).body.minutes.status).toBe('approved');
    // The second one edits it: now the first approves, and the second may not.
    const edited = await call(second, 'PATCH', `/api/minutes/${id}`, {
      text: '# Procès-verbal\n\nTexte relu.',
    });
    expect(edited.body.minutes).toMatchObject({ status: 'draft', writtenBy: second.id });
    expect((await approve(second)).status).toBe(409);
    expect((await approve(secretary)).body.minutes.status).toBe('approved');
  });

  it('preview a text being edited as the published page will show it, for secretaries only', async () => {
    const people = await assemblyWithPeople(t.app, { voters: 1 });
    const { assembly, secretary, voters } = people;
    const meetingId = await endedMeeting(t.app, { secretary, assemblyId: assembly.id });
    const id = (await draft(secretary, meetingId)).body.minutes.id as string;
    const preview = (who: Person, text: string) =>
      call(who, 'POST', `/api/minutes/${id}/preview`, { text });

    const text = '# PV\n\n| Choix | Voix |\n| --- | ---: |\n| Pour | 3 |\n\n<script>x()</script>';
    const shown = await preview(secretary, text);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    // The same renderer as the published page: headings one level down, alignment, no script.
    expect(shown.body.html).toContain('<h2>PV</h2>');
    expect(shown.body.html).toContain('<td align="right">3</td>');
    expect(shown.body.html).not.toContain('script');
    // Nothing is saved by a preview.
    const stored = (await call(secretary, 'GET', `/api/minutes/${id}`)).body.minutes as Minutes;
    expect(stored.text).not.toBe(text);
    expect((await preview(voters[0]!, text)).status).toBe(403);
    expect((await preview(secretary, '')).status).toBe(400);
    const signedOut = await t.app.inject({
      method: 'POST',
      url: `/api/minutes/${id}/preview`,
      payload: { text },
    });
    expect(signedOut.statusCode).toBe(401);
    const unknown = await call(secretary, 'POST', '/api/minutes/nosuchminutes0000000/preview', {
      text,
    });
    expect(unknown.status).toBe(404);
  });
});
