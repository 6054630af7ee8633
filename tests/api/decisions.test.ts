import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assemblies } from '@cercle/db';
import type { Decision } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { electionOfMeeting, meetingWithTwoSites } from '../support/election-meeting.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';
import { readZip } from '../support/zip-reader.ts';

const t = testAppForThisFile({ backgroundJobs: false });

/**
 * A meeting of antenna A that decided: an amendment rejected, then its motion adopted, and a
 * board member elected; its minutes published. Outside the meeting, a motion withdrawn.
 */
async function decidedMeeting() {
  const setup = await meetingWithTwoSites(t, { voters: 4 });
  const { call, secretary, voters, assembly, meetingId, siteA, checkIn } = setup;
  for (const who of [secretary, ...voters]) await checkIn(who, setup.siteA);
  void siteA;
  const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
    title: 'Ouvrir une antenne en Bretagne',
    text: 'Le MES ouvre une antenne en Bretagne.',
    submit: true,
  });
  expect(motion.status, JSON.stringify(motion.body)).toBe(201);
  const motionId = motion.body.motion.id as string;
  const amendment = await call(voters[1]!, 'POST', `/api/motions/${motionId}/amendments`, {
    proposedText: 'Le MES ouvre une antenne à Brest.',
  });
  expect(amendment.status, JSON.stringify(amendment.body)).toBe(201);
  const amendmentId = amendment.body.amendment.id as string;

  const decide = async (body: object, choice: (who: Person) => string) => {
    const poll = await call(secretary, 'POST', '/api/polls', {
      kind: 'vote',
      rule: 'simple',
      meetingId,
      ...body,
    });
    expect(poll.status, JSON.stringify(poll.body)).toBe(201);
    const pollId = poll.body.poll.id as string;
    expect((await call(secretary, 'POST', `/api/polls/${pollId}/open`)).status).toBe(200);
    for (const who of [secretary, ...voters]) {
      const ballot = await call(who, 'POST', `/api/polls/${pollId}/ballots`, {
        choice: choice(who),
        clientBallotId: randomUUID(),
      });
      expect(ballot.status, JSON.stringify(ballot.body)).toBeLessThan(300);
    }
    expect((await call(secretary, 'POST', `/api/polls/${pollId}/close`)).status).toBe(200);
  };
  await decide({ amendmentId }, (who) => (who === voters[1] ? 'yes' : 'no'));
  await decide({ motionId }, (who) => (who === voters[3] ? 'no' : 'yes'));

  const election = await electionOfMeeting(
    setup,
    { title: 'Trésorerie', method: 'plurality', seats: 1, secret: false },
    [voters[2]!, voters[3]!],
  );
  expect((await election.openRound()).status).toBe(200);
  for (const who of [secretary, ...voters]) {
    const ballot = await election.vote(who, { marks: [election.candidateIds[0]!] });
    expect(ballot.status, JSON.stringify(ballot.body)).toBeLessThan(300);
  }
  const closed = await election.close();
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);

  expect((await call(secretary, 'POST', `/api/meetings/${meetingId}/end`)).status).toBe(200);
  const drafted = await call(secretary, 'POST', `/api/meetings/${meetingId}/minutes`, {});
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const minutesId = drafted.body.minutes.id as string;
  expect((await call(secretary, 'POST', `/api/minutes/${minutesId}/approve`)).status).toBe(200);
  expect((await call(secretary, 'POST', `/api/minutes/${minutesId}/publish`)).status).toBe(200);

  const withdrawn = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
    title: '=HYPERLINK("http://evil") ; "citée"',
    text: 'Texte.',
    submit: true,
  });
  const withdrawnId = withdrawn.body.motion.id as string;
  expect((await call(voters[0]!, 'POST', `/api/motions/${withdrawnId}/withdraw`)).status).toBe(200);
  return { ...setup, motionId, amendmentId, electionId: election.id, minutesId, withdrawnId };
}

type Setup = Awaited<ReturnType<typeof decidedMeeting>>;
let held: Promise<Setup> | undefined;
/** One meeting for the whole file: each test reads it, none changes it. */
const meeting = () => (held ??= decidedMeeting());

const list = (who: Person, query = '') => t.call(who, 'GET', `/api/decisions${query}`);

describe('The register of decisions', () => {
  it('lists an adopted motion, a rejected amendment and a decided election with their meeting, result in words and minutes', async () => {
    const setup = await meeting();
    const { body, status } = await list(setup.voters[0]!, `?assemblyId=${setup.assembly.id}`);
    expect(status).toBe(200);
    const decisions = body.decisions as Decision[];
    const motion = decisions.find((d) => d.kind === 'motion' && d.id === setup.motionId)!;
    expect(motion).toMatchObject({
      outcome: 'adopted',
      outcomeLabel: 'Adoption',
      meeting: { id: setup.meetingId, title: 'AG décentralisée de printemps' },
      minutesId: setup.minutesId,
      how: 'Vote (majorité simple)',
      assembly: { id: setup.assembly.id },
    });
    expect(motion.subject).toMatch(/^[A-Z0-9]+-\d{4}-001 — Ouvrir une antenne en Bretagne$/);
    // The words the minutes and pages use for the result (shared explainResult).
    expect(motion.result).toMatch(/^Majorité simple : 4 pour sur 5 exprimés/);

    const amendment = decisions.find((d) => d.kind === 'amendment')!;
    expect(amendment).toMatchObject({
      id: setup.amendmentId,
      outcome: 'rejected',
      amendment: { label: 'Amendement A1' },
      motion: { id: setup.motionId },
      meeting: { id: setup.meetingId },
      minutesId: setup.minutesId,
    });
    expect(amendment.subject).toMatch(/^Amendement A1 à .*Ouvrir une antenne en Bretagne$/);
    expect(amendment.result).not.toBe('');

    const election = decisions.find((d) => d.kind === 'election')!;
    expect(election).toMatchObject({
      id: setup.electionId,
      outcome: 'decided',
      subject: 'Trésorerie (1 siège)',
      election: { seats: 1 },
      meeting: { id: setup.meetingId },
      minutesId: setup.minutesId,
      how: 'Élection, 1 tour',
    });
    expect(election.result).toContain('Votant 3');

    const withdrawn = decisions.find((d) => d.id === setup.withdrawnId)!;
    expect(withdrawn).toMatchObject({ outcome: 'withdrawn', meeting: null, minutesId: null });
    // Newest first.
    const times = decisions.map((d) => d.decidedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(decisions[0]!.id).toBe(setup.withdrawnId);
  });

  it('says when a motion was adopted by consent, and the objections integrated on the way', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const created = await t.call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Budget des antennes',
      text: 'Un tiers du budget.',
      submit: true,
    });
    const motionId = created.body.motion.id as string;
    const round = async (answers: [Person, string, string?][]) => {
      const poll = await t.call(secretary, 'POST', '/api/polls', { motionId, kind: 'consent' });
      expect(poll.status, JSON.stringify(poll.body)).toBe(201);
      const pollId = poll.body.poll.id as string;
      await t.call(secretary, 'POST', `/api/polls/${pollId}/open`);
      for (const [who, choice, reason] of answers) {
        await t.call(who, 'POST', `/api/polls/${pollId}/ballots`, {
          choice,
          clientBallotId: randomUUID(),
          ...(reason ? { reason } : {}),
        });
      }
      await t.call(secretary, 'POST', `/api/polls/${pollId}/close`);
    };
    await round([
      [voters[1]!, 'objection', 'Sans évaluation, non.'],
      [voters[0]!, 'consent'],
    ]);
    const [objection] = (await t.call(secretary, 'GET', `/api/motions/${motionId}/objections`)).body
      .objections;
    await t.call(secretary, 'PATCH', `/api/motions/${motionId}`, {
      text: 'Un tiers du budget, après évaluation.',
      note: 'Répond à l’objection',
    });
    const integrated = await t.call(secretary, 'PATCH', `/api/objections/${objection.id}`, {
      status: 'integrated',
      version: 2,
    });
    expect(integrated.status).toBe(200);
    await round(voters.map((who) => [who, 'consent'] as [Person, string]));

    const { body } = await list(secretary, `?assemblyId=${assembly.id}&kind=motion`);
    expect(body.decisions).toEqual([
      expect.objectContaining({
        id: motionId,
        outcome: 'adopted',
        how: 'Par consentement, tour 2 ; 1 objection intégrée',
        meeting: null,
        minutesId: null,
      }),
    ]);
    expect(body.decisions[0].result).not.toBe('');
  });

  it('speaks the asked language', async () => {
    const setup = await meeting();
    const { body } = await list(setup.secretary, `?assemblyId=${setup.assembly.id}&lang=en`);
    const motion = (body.decisions as Decision[]).find((d) => d.id === setup.motionId)!;
    expect(motion).toMatchObject({ outcomeLabel: 'Adopted', how: 'Vote (simple majority)' });
  });

  it('filters by kind, outcome, words and days, and pages', async () => {
    const setup = await meeting();
    const who = setup.secretary;
    const base = `?assemblyId=${setup.assembly.id}`;
    const kinds = async (query: string) =>
      ((await list(who, base + query)).body.decisions as Decision[]).map((d) => d.kind);
    expect(await kinds('&kind=election')).toEqual(['election']);
    expect(await kinds('&kind=amendment&outcome=rejected')).toEqual(['amendment']);
    expect(await kinds('&outcome=decided')).toEqual(['election']);
    expect(await kinds('&q=bretagne&kind=motion')).toEqual(['motion']);
    expect(await kinds('&q=TRESORERIE')).toEqual(['election']);
    expect(await kinds('&from=2000-01-01&to=2000-12-31')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await kinds(`&from=${today}&to=${today}`)).toHaveLength(4);

    const firstPage = await list(who, `${base}&limit=2`);
    const secondPage = await list(who, `${base}&limit=2&offset=2`);
    expect(firstPage.body.total).toBe(4);
    expect(firstPage.body.decisions).toHaveLength(2);
    expect(secondPage.body.decisions).toHaveLength(2);
    const ids = [...firstPage.body.decisions, ...secondPage.body.decisions].map(
      (d: Decision) => d.id,
    );
    expect(new Set(ids).size).toBe(4);
  });

  it('refuses bad filters with 400 and the field', async () => {
    const setup = await meeting();
    for (const [query, field] of [
      ['?kind=vote', 'kind'],
      ['?outcome=maybe', 'outcome'],
      ['?from=2026-13-45', 'from'],
      ['?from=2026-05-02&to=2026-05-01', 'to'],
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?offset=-1', 'offset'],
    ] as const) {
      const response = await list(setup.secretary, query);
      expect(response.status, query).toBe(400);
      expect((response.body as { error: { field: string } }).error.field, query).toBe(field);
    }
    const csv = await t.app.inject({
      url: '/api/decisions/export.csv?kind=vote',
      headers: { cookie: setup.secretary.cookie },
    });
    expect(csv.statusCode).toBe(400);
  });

  it('shows a member of another antenna none of antenna A’s decisions', async () => {
    const setup = await meeting();
    const other = await createAssembly(t.app, { name: 'ARDES Normandie' });
    const user = await createUser(t.app, { name: 'Nora Petit' });
    await addMember(t.app, other.id, user.id);
    const stranger: Person = {
      id: user.id,
      name: 'Nora Petit',
      cookie: await signIn(t.app, user.email),
    };
    const all = await list(stranger);
    expect(all.status).toBe(200);
    expect(
      (all.body.decisions as Decision[]).filter((d) => d.assembly.id === setup.assembly.id),
    ).toEqual([]);
    const asked = await list(stranger, `?assemblyId=${setup.assembly.id}`);
    expect(asked.status).toBe(403);
    const csv = await t.app.inject({
      url: '/api/decisions/export.csv',
      headers: { cookie: stranger.cookie },
    });
    expect(csv.body).not.toContain('Bretagne');
    expect((await t.app.inject({ url: '/api/decisions' })).statusCode).toBe(401);
    // An admin reads every assembly's decisions.
    const admin = await createUser(t.app, { isAdmin: true });
    const adminPerson: Person = {
      id: admin.id,
      name: admin.name,
      cookie: await signIn(t.app, admin.email),
    };
    const seen = await list(adminPerson, `?assemblyId=${setup.assembly.id}`);
    expect(seen.body.total).toBe(4);
  });

  it('exports CSV with a byte order mark, semicolons, quotes doubled and formulas neutralised', async () => {
    const setup = await meeting();
    // A name a spreadsheet would run as a formula.
    await t.app.db
      .update(assemblies)
      .set({ name: '@SUM(1+1) Occitanie' })
      .where(eq(assemblies.id, setup.assembly.id));
    const response = await t.app.inject({
      url: `/api/decisions/export.csv?assemblyId=${setup.assembly.id}`,
      headers: { cookie: setup.secretary.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="registre-/);
    const text = response.rawPayload.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"Date";"Assemblée";"Séance";"Type";"Décision";"Issue";"Mode de décision";"Résultat";"Lien";"Procès-verbal"',
    );
    expect(lines).toHaveLength(5);
    // A cell that starts with @ (= + -) is shown, never run; quotes inside are doubled.
    for (const line of lines.slice(1)) {
      expect(line).toContain(`;"'@SUM(1+1) Occitanie";`);
      expect(line).not.toMatch(/(^|;)"[=+\-@]/);
    }
    const withdrawn = lines.find((line) => line.includes('HYPERLINK'))!;
    expect(withdrawn).toContain('— =HYPERLINK(""http://evil"") ; ""citée""";"Retrait";');
    const adopted = lines.find((line) => line.includes('Ouvrir une antenne en Bretagne"'))!;
    expect(adopted).toContain(`"http://localhost:3000/motions/${setup.motionId}"`);
    expect(adopted).toContain(`"http://localhost:3000/minutes/${setup.minutesId}"`);
    expect(adopted).toContain('"Adoption"');

    const english = await t.app.inject({
      url: `/api/decisions/export.csv?assemblyId=${setup.assembly.id}&lang=en`,
      headers: { cookie: setup.secretary.cookie },
    });
    expect(english.body).toContain('"Date";"Assembly";"Meeting"');
  });

  it('exports a real OpenDocument spreadsheet', async () => {
    const setup = await meeting();
    const response = await t.app.inject({
      url: `/api/decisions/export.ods?assemblyId=${setup.assembly.id}&kind=motion`,
      headers: { cookie: setup.secretary.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const zip = response.rawPayload;
    // The first entry is `mimetype`, stored uncompressed, so office suites recognise the file.
    expect(zip.toString('latin1', 30, 38)).toBe('mimetype');
    const entries = readZip(zip);
    expect(entries.map((entry) => entry.name)).toEqual([
      'mimetype',
      'META-INF/manifest.xml',
      'content.xml',
      'styles.xml',
    ]);
    expect(entries[0]).toMatchObject({ method: 0 });
    expect(entries[0]!.data.toString()).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const file = (name: string) => entries.find((entry) => entry.name === name)!.data.toString();
    const manifest = file('META-INF/manifest.xml');
    expect(wellFormed(manifest)).toBe(true);
    expect(manifest).toContain('manifest:full-path="content.xml"');
    expect(manifest).toContain(
      'manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"',
    );
    const content = file('content.xml');
    expect(content).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(wellFormed(content)).toBe(true);
    const rows = content.match(/<table:table-row>/g) ?? [];
    expect(rows).toHaveLength(3); // the header, the adopted motion, the withdrawn one
    expect(content).toContain('Ouvrir une antenne en Bretagne');
    expect(content).toMatch(/office:value-type="date" office:date-value="\d{4}-\d{2}-\d{2}"/);
    // Escaped, not interpreted.
    expect(content).toContain('=HYPERLINK(&quot;http://evil&quot;) ; &quot;citée&quot;');
  });
});

/** A small XML well-formedness check: every tag opened is closed in order, entities are known. */
function wellFormed(xml: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([\w:.-]+)([^>]*?)(\/?)>|&(\w+);|[<>]/g)) {
    if (match[5] !== undefined) {
      if (!['amp', 'lt', 'gt', 'quot', 'apos'].includes(match[5])) return false;
      continue;
    }
    if (!match[2]) return false;
    if (match[4]) continue;
    if (match[1]) {
      if (stack.pop() !== match[2]) return false;
    } else stack.push(match[2]);
  }
  return stack.length === 0;
}
