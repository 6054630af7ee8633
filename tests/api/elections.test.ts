/**
 * Elections through the API, as a secretary preparing a board election and members standing and
 * voting would use it: settings and their refusals, the call for candidacies, the published list,
 * rounds with every property of a vote (one answer per person, idempotent, secret storage), and
 * the count that gives the seats, reserved ones and parity included.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@cercle/db';
import { notifyClosingSoon, notifyFromEvents } from '@cercle/server';
import type { Notification } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { createUser, signIn } from '../support/fixtures.ts';

// The tests run the background's steps themselves: a sweep of reminders running on its own
// could remind a voter of the second round before they vote, or not, by chance.
const t = testAppForThisFile({ backgroundJobs: false });
const hour = 3600_000;
const inAnHour = () => new Date(Date.now() + hour).toISOString();

/** The national secretariat: the one who sets an assembly's colleges and weighting. */
async function admin(): Promise<Person> {
  const user = await createUser(t.app, { name: 'Secrétariat national', isAdmin: true });
  return { id: user.id, name: user.name, cookie: await signIn(t.app, user.email) };
}

/** An assembly with two colleges of `perCollege` voting members each. */
async function boardAssembly(perCollege = 4) {
  const people = await assemblyWithPeople(t.app, { voters: 0 });
  const colleges = await t.call(
    await admin(),
    'PUT',
    `/api/assemblies/${people.assembly.id}/colleges`,
    {
      colleges: [
        { name: 'Réseaux', share: 0.5 },
        { name: 'Citoyens', share: 0.5 },
      ],
    },
  );
  const [networks, citizens] = colleges.body.colleges as { id: string; name: string }[];
  const members: Record<string, Person[]> = { networks: [], citizens: [] };
  for (const [key, college] of [
    ['networks', networks!],
    ['citizens', citizens!],
  ] as const) {
    for (let i = 0; i < perCollege; i += 1) {
      const person = await people.person(`${college.name} ${i + 1}`);
      await t.call(
        people.secretary,
        'PATCH',
        `/api/assemblies/${people.assembly.id}/members/${person.id}`,
        {
          collegeId: college.id,
        },
      );
      members[key]!.push(person);
    }
  }
  return { ...people, networks: networks!, citizens: citizens!, members };
}

const ballot = (selection: object, extra: object = {}) => ({
  selection,
  clientBallotId: randomUUID(),
  ...extra,
});

describe('setting up an election', () => {
  it('lets a secretary create one, and refuses members and settings that cannot work', async () => {
    const { assembly, secretary, person } = await assemblyWithPeople(t.app);
    const member = await person('Awa Diallo');
    const url = `/api/assemblies/${assembly.id}/elections`;
    const board = { subject: 'people', title: 'Bureau 2027', method: 'block', seats: 3 };

    expect((await t.call(member, 'POST', url, board)).status).toBe(403);
    const plurality = await t.call(secretary, 'POST', url, { ...board, method: 'plurality' });
    expect(plurality.status).toBe(400);
    expect(plurality.body.error.field).toBe('seats');
    const tooManyReserved = await t.call(secretary, 'POST', url, {
      ...board,
      reserved: [{ collegeId: 'x1', seats: 4 }],
    });
    expect(tooManyReserved.body.error.field).toBe('reserved');
    const unknownCollege = await t.call(secretary, 'POST', url, {
      ...board,
      reserved: [{ collegeId: 'nope', seats: 1 }],
    });
    expect(unknownCollege).toMatchObject({ status: 400, body: { error: { field: 'reserved' } } });
    const optionsWithParity = await t.call(secretary, 'POST', url, {
      ...board,
      subject: 'options',
      parity: true,
    });
    expect(optionsWithParity.body.error.field).toBe('parity');

    const created = await t.call(secretary, 'POST', url, board);
    expect(created.status).toBe(201);
    // People are elected by secret ballot unless the secretary says otherwise.
    expect(created.body.election).toMatchObject({ status: 'preparing', secret: true, seats: 3 });
    const list = await t.call(member, 'GET', url);
    expect(list.body.elections.map((e: { title: string }) => e.title)).toContain('Bureau 2027');
  });

  it('refuses STV where the assembly weighs its votes by college, with its own code', async () => {
    const { assembly, secretary } = await assemblyWithPeople(t.app);
    const adminPerson = await admin();
    await t.call(adminPerson, 'PUT', `/api/assemblies/${assembly.id}/colleges`, {
      colleges: [
        { name: 'A', share: 0.5 },
        { name: 'B', share: 0.5 },
      ],
    });
    await t.call(adminPerson, 'PATCH', `/api/assemblies/${assembly.id}`, {
      settings: { collegeWeighting: true },
    });
    const stv = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Délégués',
      method: 'stv',
      seats: 3,
    });
    expect(stv.status).toBe(400);
    expect(stv.body.error).toMatchObject({
      code: 'elections.weighting_unsupported',
      field: 'method',
    });
  });
});

describe('a board of 6: 2 seats reserved per college, parity, majority judgment, secret', () => {
  it('takes candidacies, publishes the list, counts the secret ballots and gives the seats by the rules', async () => {
    const b = await boardAssembly(4);
    const { secretary } = b;
    const [n1, n2, n3, n4] = b.members.networks as [Person, Person, Person, Person];
    const [c1, c2, c3, c4] = b.members.citizens as [Person, Person, Person, Person];
    const created = await t.call(secretary, 'POST', `/api/assemblies/${b.assembly.id}/elections`, {
      subject: 'people',
      title: 'Conseil d’administration',
      method: 'majority_judgment',
      seats: 6,
      reserved: [
        { collegeId: b.networks.id, seats: 2 },
        { collegeId: b.citizens.id, seats: 2 },
      ],
      parity: true,
      candidaciesOpenAt: new Date(Date.now() - hour).toISOString(),
      candidaciesCloseAt: inAnHour(),
    });
    const id = created.body.election.id as string;
    expect(created.body.election.grades).toHaveLength(7);
    expect(created.body.election.callOpen).toBe(true);

    // Candidacies: by oneself with a statement (sanitised), a category declared or not.
    const stand = (who: Person, category: string | null, statement = '') =>
      t.call(who, 'POST', `/api/elections/${id}/candidacies`, { statement, category });
    const first = await stand(n1, 'femme', 'Je **porte** le réseau. <script>alert(1)</script>');
    expect(first.status).toBe(201);
    const mine = first.body.election.candidates.find(
      (c: { person: { id: string } }) => c.person.id === n1.id,
    );
    expect(mine.statementHtml).toContain('<strong>porte</strong>');
    expect(mine.statementHtml).not.toContain('<script');
    expect(mine.college).toMatchObject({ id: b.networks.id });
    expect((await stand(n1, 'femme')).body.error.code).toBe('candidacies.already_standing');
    for (const [who, category] of [
      [n2, 'homme'],
      [n3, 'homme'],
      [c1, 'homme'],
      [c2, 'homme'],
      [c3, 'homme'],
      [c4, 'femme'],
    ] as const) {
      expect((await stand(who, category)).status).toBe(201);
    }
    // Whom a secretary may enter, by name: members not standing yet; a member may not ask.
    const membersToEnter = async (who: Person, q: string) =>
      t.call(who, 'GET', `/api/elections/${id}/members?q=${encodeURIComponent(q)}`);
    expect((await membersToEnter(secretary, n4.name)).body.people).toEqual([
      { id: n4.id, name: n4.name },
    ]);
    expect((await membersToEnter(secretary, n1.name)).body.people).toEqual([]);
    expect((await membersToEnter(n2, n4.name)).status).toBe(403);
    const unknown = await t.call(secretary, 'GET', `/api/elections/${randomUUID()}/members?q=a`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('elections.not_found');
    // The search is a name: a hundred characters at most, as every search of a person.
    const long = await membersToEnter(secretary, 'a'.repeat(101));
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'validation.invalid', field: 'q' });
    // A secretary enters a candidacy received on paper; a member may not enter someone else's.
    expect(
      (await t.call(n2, 'POST', `/api/elections/${id}/candidacies`, { userId: n4.id })).status,
    ).toBe(403);
    const entered = await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, {
      userId: n4.id,
      category: 'femme',
    });
    expect(entered.status).toBe(201);
    // An outsider cannot stand.
    const outsider = await createUser(t.app, { name: 'Hors assemblée' });
    const refused = await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, {
      userId: outsider.id,
    });
    expect(refused).toMatchObject({
      status: 403,
      body: { error: { code: 'candidacies.not_eligible' } },
    });
    // Withdrawal by the candidate, who may stand again.
    const c3Candidacy = entered.body.election.candidates.find(
      (c: { person: { id: string } }) => c.person.id === c3.id,
    ).id as string;
    expect(
      (await t.call(c4, 'POST', `/api/elections/${id}/candidacies/${c3Candidacy}/withdraw`)).status,
    ).toBe(403);
    const withdrawn = await t.call(
      c3,
      'POST',
      `/api/elections/${id}/candidacies/${c3Candidacy}/withdraw`,
    );
    expect(withdrawn.status).toBe(200);

    // Nothing is voted before the list is published.
    expect(
      (await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() }))
        .status,
    ).toBe(409);
    expect((await t.call(n1, 'POST', `/api/elections/${id}/publish`)).status).toBe(403);
    const published = await t.call(secretary, 'POST', `/api/elections/${id}/publish`);
    expect(published.body.election.status).toBe('published');
    expect(published.body.election.candidates).toHaveLength(7);
    expect((await stand(c3, 'homme')).body.error.code).toBe('elections.call_closed');

    const opened = await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: inAnHour(),
    });
    expect(opened.status).toBe(200);
    const round = opened.body.election.rounds[0];
    expect(round).toMatchObject({ round: 1, status: 'open', electorate: 9 });
    // The round is not a motion poll: the motion polls' routes do not know it.
    expect((await t.call(secretary, 'GET', `/api/polls/${round.pollId}`)).status).toBe(404);

    const idOf = (who: Person) =>
      published.body.election.candidates.find(
        (c: { person: { id: string } }) => c.person.id === who.id,
      ).id as string;
    // Grades: 0 = Excellent … 6 = À rejeter. Every voter grades the same, so each majority grade
    // is the grade given (see the expected order and seats below).
    const grades = {
      [idOf(n1)]: 0,
      [idOf(n2)]: 1,
      [idOf(n3)]: 3,
      [idOf(n4)]: 5,
      [idOf(c1)]: 1,
      [idOf(c2)]: 2,
      [idOf(c4)]: 4,
    };
    const invalid = await t.call(
      n1,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: [idOf(n1)] }),
    );
    expect(invalid).toMatchObject({
      status: 400,
      body: { error: { code: 'ballots.invalid_selection' } },
    });
    const outOfRange = await t.call(
      n1,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ grades: { [idOf(n1)]: 7 } }),
    );
    expect(outOfRange.body.error.code).toBe('ballots.invalid_selection');

    const voters = [n1, n2, n3, n4, c1, c2, c3, c4];
    for (const voter of voters) {
      const sent = ballot({ grades });
      const cast = await t.call(voter, 'POST', `/api/elections/${id}/ballots`, sent);
      expect(cast.body.status).toBe('counted');
      // A resend (lost answer, double tap) counts once.
      const again = await t.call(voter, 'POST', `/api/elections/${id}/ballots`, sent);
      expect(again.body.status).toBe('already_counted');
    }
    const changed = await t.call(n1, 'POST', `/api/elections/${id}/ballots`, ballot({ grades }));
    expect(changed.body.error.code).toBe('ballots.already_cast');
    // The outsider is not in the electorate.
    const outsiderPerson = {
      id: outsider.id,
      name: 'x',
      cookie: await signIn(t.app, outsider.email),
    };
    expect(
      (await t.call(outsiderPerson, 'POST', `/api/elections/${id}/ballots`, ballot({ grades })))
        .status,
    ).toBe(403);

    // Secret: nothing stored pairs a voter with grades.
    const stored = await queryRows<{ ballots: unknown }>(
      t.app.db,
      sql`select ballots from election_secret_tallies where poll_id = ${round.pollId}`,
    );
    const text = JSON.stringify(stored);
    for (const voter of voters) expect(text).not.toContain(voter.id);
    expect(
      await queryRows(
        t.app.db,
        sql`select 1 from election_ballots where poll_id = ${round.pollId}`,
      ),
    ).toHaveLength(0);
    const live = await t.call(n2, 'GET', `/api/elections/${id}`);
    expect(live.body.election.rounds[0]).toMatchObject({ participation: 8, result: null });
    expect(live.body.election.rounds[0].me.selection).toBeNull();
    // A secret round names nobody's ballot.
    expect(live.body.election.rounds[0].ballots).toBeNull();

    expect((await t.call(n1, 'POST', `/api/elections/${id}/close`)).status).toBe(403);
    const closed = await t.call(secretary, 'POST', `/api/elections/${id}/close`);
    expect(closed.status).toBe(200);
    const election = closed.body.election;
    expect(election.status).toBe('decided');
    const result = election.rounds[0].result;
    expect(result).toMatchObject({ outcome: 'counted', ballots: 8, participants: 8 });
    // Method order: n1 (Excellent), then n2 and c1 (Très bien: tied to the end, the lot decides
    // which comes first, which changes nothing here), c2 (Bien), n3 (Assez bien), c4 (Passable),
    // n4 (Insuffisant).
    // Seats: networks' 2 reserved → n1, n2; citizens' 2 reserved → c1, c2 (in order); open seats:
    // n3 is the next in order, but would make 3 "homme" — the parity cap is ⌈6/2⌉ = 3 and n2, c1,
    // c2 already are: n3 is passed over for parity; c4 (femme) takes an open seat, n4 (femme) the last.
    const seatOf = (who: Person) =>
      election.elected.find((holder: { candidateId: string }) => holder.candidateId === idOf(who));
    expect(seatOf(n1)).toMatchObject({ reservedFor: b.networks.id });
    expect(seatOf(n2)).toMatchObject({ reservedFor: b.networks.id });
    expect(seatOf(c1)).toMatchObject({ reservedFor: b.citizens.id });
    expect(seatOf(c2)).toMatchObject({ reservedFor: b.citizens.id });
    expect(seatOf(c4)).toMatchObject({ reservedFor: null });
    expect(seatOf(n4)).toMatchObject({ reservedFor: null });
    expect(seatOf(n3)).toBeUndefined();
    // Each college has 4 voters, under the minimum group of 5: a secret round shows no college
    // apart; both are merged into one cell of 8 ballots.
    expect(result.byCollege).toEqual({});
    expect(result.privacy.otherColleges).toMatchObject({
      groups: 2,
      cell: { ballots: 8, blank: 0 },
    });
    expect(result.privacy.otherColleges.cell.byCandidate[idOf(n1)]).toEqual([8, 0, 0, 0, 0, 0, 0]);
    expect(result.count.seats.passedOver).toContainEqual({
      candidateId: idOf(n3),
      reason: 'parity',
      round: 1,
    });
    // The fine ballots go at the close: only the published count remains.
    expect(
      await queryRows(
        t.app.db,
        sql`select 1 from election_secret_tallies where poll_id = ${round.pollId}`,
      ),
    ).toHaveLength(0);
    // The audit chain holds the close with its digests.
    const events = await queryRows<{ type: string }>(
      t.app.db,
      sql`select type from events where assembly_id = ${b.assembly.id} and type like 'election.%' order by seq`,
    );
    expect(events.map((e) => e.type)).toEqual([
      'election.created',
      ...Array(8).fill('election.candidacy_submitted'),
      'election.candidacy_withdrawn',
      'election.candidates_published',
      'election.round_opened',
      'election.round_closed',
    ]);
    const verify = await t.call(secretary, 'GET', `/api/assemblies/${b.assembly.id}/audit/verify`);
    expect(verify.body).toMatchObject({ valid: true });
  });
});

describe('two rounds, open ballots', () => {
  it('elects with an absolute majority in round 1, then by relative majority in round 2', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 5 });
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Co-présidence',
      method: 'two_round',
      seats: 2,
      secret: false,
    });
    const id = created.body.election.id as string;
    const [a, b, c, d] = voters as [Person, Person, Person, Person, Person];
    for (const who of [a, b, c, d]) {
      await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, { userId: who.id });
    }
    const list = (await t.call(secretary, 'POST', `/api/elections/${id}/publish`)).body.election;
    const idOf = (who: Person) =>
      list.candidates.find((x: { person: { id: string } }) => x.person.id === who.id).id as string;
    await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() });
    // Round 1, 5 ballots of up to 2 names: a 4, b 2, c 2, d 1, one blank. Expressed: 4; a needs
    // more than 2 → elected; b has exactly 2 = half: not a majority.
    const marks = [
      [idOf(a), idOf(b)],
      [idOf(a), idOf(c)],
      [idOf(a), idOf(b)],
      [idOf(a), idOf(c), idOf(d)],
      [],
    ];
    const tooMany = await t.call(
      voters[0]!,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: marks[3]! }),
    );
    expect(tooMany.body.error.code).toBe('ballots.invalid_selection');
    marks[3] = [idOf(a), idOf(d)];
    for (const [index, voter] of voters.entries()) {
      const cast = await t.call(
        voter,
        'POST',
        `/api/elections/${id}/ballots`,
        ballot({ marks: marks[index]! }),
      );
      expect(cast.body.status).toBe('counted');
    }
    // An open ballot can change, and the voter sees it.
    const change = await t.call(
      voters[4]!,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: [] }),
    );
    expect(change.body.status).toBe('changed');
    const round1 = (await t.call(secretary, 'POST', `/api/elections/${id}/close`)).body.election;
    expect(round1.status).toBe('between_rounds');
    expect(round1.elected).toEqual([{ candidateId: idOf(a), reservedFor: null, round: 1 }]);
    // An open vote: who voted what is public, the changed ballot as it stands.
    const named = round1.rounds[0].ballots as { voter: { id: string }; selection: object }[];
    expect(named).toHaveLength(5);
    expect(named.find((b) => b.voter.id === voters[4]!.id)?.selection).toEqual({ marks: [] });
    const count1 = round1.rounds[0].result.count;
    expect(count1.absoluteMajority).toMatchObject({ atLeast: 3 });
    expect([...count1.nextRound.candidateIds].sort()).toEqual([idOf(b), idOf(c), idOf(d)].sort());

    // Between the rounds, d stands down (désistement): round 2 is between b and c.
    const dCandidacy = idOf(d);
    expect(
      (await t.call(d, 'POST', `/api/elections/${id}/candidacies/${dCandidacy}/withdraw`)).status,
    ).toBe(200);
    const opened = (
      await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() })
    ).body.election;
    expect(opened.rounds[1]).toMatchObject({ round: 2, status: 'open' });
    expect(opened.rounds[1].candidateIds.sort()).toEqual([idOf(b), idOf(c)].sort());
    // Round 2 keeps b and c only: a is elected already, d stood down.
    const notOnBallot = await t.call(
      voters[0]!,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: [idOf(a)] }),
    );
    expect(notOnBallot.body.error.code).toBe('ballots.invalid_selection');
    for (const voter of voters.slice(0, 3)) {
      await t.call(voter, 'POST', `/api/elections/${id}/ballots`, ballot({ marks: [idOf(c)] }));
    }
    const me = (await t.call(voters[0]!, 'GET', `/api/elections/${id}`)).body.election;
    expect(me.rounds[1].me.selection).toEqual({ marks: [idOf(c)] });
    const final = (await t.call(secretary, 'POST', `/api/elections/${id}/close`)).body.election;
    expect(final.status).toBe('decided');
    expect(final.elected.map((h: { candidateId: string }) => h.candidateId)).toEqual([
      idOf(a),
      idOf(c),
    ]);
    expect(final.elected[1]).toMatchObject({ round: 2 });
  });
});

describe('choices among options', () => {
  it('ranks options by approval; opening the first round publishes the list', async () => {
    const { assembly, secretary, voters, person } = await assemblyWithPeople(t.app, { voters: 3 });
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'options',
      title: 'Date de la fête du réseau',
      method: 'approval',
      options: ['Samedi 12 juin', 'Dimanche 13 juin'],
    });
    expect(created.body.election.secret).toBe(false);
    const id = created.body.election.id as string;
    const added = await t.call(secretary, 'POST', `/api/elections/${id}/options`, {
      label: 'Samedi 19 juin',
    });
    expect(added.status).toBe(201);
    const member = await person('Sans droit');
    expect(
      (await t.call(member, 'POST', `/api/elections/${id}/options`, { label: 'X' })).status,
    ).toBe(403);
    expect(
      (await t.call(voters[0]!, 'POST', `/api/elections/${id}/candidacies`, {})).body.error.code,
    ).toBe('elections.invalid_state');
    const [d12, d13, d19] = added.body.election.candidates.map(
      (c: { id: string }) => c.id,
    ) as string[];
    const opened = await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: inAnHour(),
    });
    expect(opened.body.election.status).toBe('voting');
    const approvals = [[d12, d19], [d19], [d13, d19]];
    for (const [index, voter] of voters.entries()) {
      await t.call(
        voter,
        'POST',
        `/api/elections/${id}/ballots`,
        ballot({ marks: approvals[index]! }),
      );
    }
    const closed = (await t.call(secretary, 'POST', `/api/elections/${id}/close`)).body.election;
    const count = closed.rounds[0].result.count;
    expect(count.order[0]).toBe(d19);
    expect(closed.elected).toEqual([{ candidateId: d19, reservedFor: null, round: 1 }]);
    expect(
      count.standings.find((s: { candidateId: string }) => s.candidateId === d19),
    ).toMatchObject({ votes: 3, share: 1 });
  });

  it('counts a single transferable vote over rankings', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 5 });
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'options',
      title: 'Thèmes de campagne',
      method: 'stv',
      seats: 2,
      options: ['Alimentation', 'Monnaies locales', 'Logement'],
    });
    const id = created.body.election.id as string;
    const [food, money, housing] = created.body.election.candidates.map(
      (c: { id: string }) => c.id,
    ) as string[];
    await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() });
    const duplicate = await t.call(
      voters[0]!,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ ranking: [food, food] }),
    );
    expect(duplicate.body.error.code).toBe('ballots.invalid_selection');
    // 5 ballots, 2 seats: quota ⌊5/3⌋ + 1 = 2. Food 3 first preferences: elected with a surplus
    // of 1 (3 papers at 1/3 each go to their next preference: money 2/3 … see below).
    const rankings = [[food, money], [food, money], [food, housing], [money], [housing]];
    for (const [index, voter] of voters.entries()) {
      await t.call(
        voter,
        'POST',
        `/api/elections/${id}/ballots`,
        ballot({ ranking: rankings[index]! }),
      );
    }
    const closed = (await t.call(secretary, 'POST', `/api/elections/${id}/close`)).body.election;
    const count = closed.rounds[0].result.count;
    expect(count).toMatchObject({ method: 'stv', quota: 2 });
    // After food's surplus: money 1 + 2 × 1/3 = 1.66666, housing 1 + 1/3 = 1.33333; nobody reaches
    // 2, housing (lowest) is excluded, and money is elected as the last continuing candidate.
    expect(closed.elected.map((h: { candidateId: string }) => h.candidateId)).toEqual([
      food,
      money,
    ]);
  });
});

describe('changing, cancelling, and the call for candidacies on its dates', () => {
  it('changes settings while prepared only, edits a statement, cancels, and refuses outsiders', async () => {
    const { assembly, secretary, voters, person } = await assemblyWithPeople(t.app, { voters: 2 });
    const [ana, bruno] = voters as [Person, Person];
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Délégation au congrès',
      method: 'approval',
      seats: 2,
    });
    const id = created.body.election.id as string;
    expect((await t.call(ana, 'PATCH', `/api/elections/${id}`, { seats: 3 })).status).toBe(403);
    const changed = await t.call(secretary, 'PATCH', `/api/elections/${id}`, {
      seats: 3,
      description: 'Trois délégués pour le congrès de Lyon.',
    });
    expect(changed.body.election).toMatchObject({ seats: 3 });
    expect(changed.body.election.descriptionHtml).toContain('<p>Trois délégués');
    const badMethod = await t.call(secretary, 'PATCH', `/api/elections/${id}`, {
      method: 'plurality',
    });
    expect(badMethod).toMatchObject({ status: 400, body: { error: { field: 'method' } } });

    // No dates: the call is open while the election is prepared.
    const stood = await t.call(ana, 'POST', `/api/elections/${id}/candidacies`, {
      statement: 'Avant',
    });
    const candidateId = stood.body.election.me.candidacyId as string;
    expect(
      (
        await t.call(bruno, 'PATCH', `/api/elections/${id}/candidacies/${candidateId}`, {
          statement: 'x',
        })
      ).status,
    ).toBe(403);
    const edited = await t.call(ana, 'PATCH', `/api/elections/${id}/candidacies/${candidateId}`, {
      statement: 'Après relecture',
    });
    expect(edited.body.election.candidates[0].statement).toBe('Après relecture');
    expect(
      (await t.call(ana, 'PATCH', `/api/elections/${id}/candidacies/nope`, { statement: 'x' }))
        .status,
    ).toBe(404);

    const outsider = await person('Autre antenne');
    const elsewhere = await assemblyWithPeople(t.app, { voters: 0 });
    expect((await t.call(elsewhere.secretary, 'GET', `/api/elections/${id}`)).status).toBe(403);
    expect((await t.call(outsider, 'POST', `/api/elections/${id}/cancel`)).status).toBe(403);
    const cancelled = await t.call(secretary, 'POST', `/api/elections/${id}/cancel`);
    expect(cancelled.body.election.status).toBe('cancelled');
    expect((await t.call(secretary, 'POST', `/api/elections/${id}/publish`)).status).toBe(409);
    expect((await t.call(secretary, 'PATCH', `/api/elections/${id}`, { seats: 2 })).status).toBe(
      409,
    );
    expect((await t.call(secretary, 'GET', '/api/elections/unknown-election')).status).toBe(404);
  });

  it('checks a change of reserved seats against the seats stored, when the change does not give them', async () => {
    const b = await boardAssembly(1);
    const created = await t.call(
      b.secretary,
      'POST',
      `/api/assemblies/${b.assembly.id}/elections`,
      {
        subject: 'people',
        title: 'Comité',
        method: 'block',
        seats: 6,
      },
    );
    const id = created.body.election.id as string;
    const reserved = (n: number) => [
      { collegeId: b.networks.id, seats: n },
      { collegeId: b.citizens.id, seats: n },
    ];
    const fits = await t.call(b.secretary, 'PATCH', `/api/elections/${id}`, {
      reserved: reserved(3),
    });
    expect(fits.status).toBe(200);
    expect(fits.body.election.reserved.map((group: { seats: number }) => group.seats)).toEqual([
      3, 3,
    ]);
    const tooMany = await t.call(b.secretary, 'PATCH', `/api/elections/${id}`, {
      reserved: reserved(4),
    });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { field: 'reserved' } } });
  });

  it('takes candidacies only between the call’s dates, and publishes the list when the call closes', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [ana] = voters as [Person];
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Trésorerie',
      method: 'plurality',
      candidaciesOpenAt: inAnHour(),
      candidaciesCloseAt: new Date(Date.now() + 2 * hour).toISOString(),
    });
    const id = created.body.election.id as string;
    expect(created.body.election.callOpen).toBe(false);
    const early = await t.call(ana, 'POST', `/api/elections/${id}/candidacies`, {});
    expect(early.body.error.code).toBe('elections.call_closed');
    // A secretary may still enter a candidacy received before the call (on paper).
    expect(
      (await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, { userId: ana.id }))
        .status,
    ).toBe(201);
    // The call closes: the background publishes the list by nobody.
    await t.call(secretary, 'PATCH', `/api/elections/${id}`, {
      candidaciesOpenAt: new Date(Date.now() - 2 * hour).toISOString(),
      candidaciesCloseAt: new Date(Date.now() - hour).toISOString(),
    });
    await t.app.elections.publishDueLists();
    const after = await t.call(ana, 'GET', `/api/elections/${id}`);
    expect(after.body.election).toMatchObject({ status: 'published', callOpen: false });
    expect(after.body.election.candidates).toHaveLength(1);
  });
});

describe('what members are told', () => {
  it('tells members of the call, voters of each round and of its last day, everyone of the result, linking to the election', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const [ana, bruno, chloe] = voters as [Person, Person, Person];
    const created = await t.call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
      subject: 'people',
      title: 'Porte-parole',
      method: 'two_round',
    });
    const id = created.body.election.id as string;
    for (const who of [ana, bruno, chloe]) {
      await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, { userId: who.id });
    }
    await t.call(secretary, 'POST', `/api/elections/${id}/publish`);
    // Round 1 closes within the day: those who have not voted are reminded.
    await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: new Date(Date.now() + 2 * hour).toISOString(),
    });
    const list = (await t.call(ana, 'GET', `/api/elections/${id}`)).body.election;
    const idOf = (who: Person) =>
      list.candidates.find((c: { person: { id: string } }) => c.person.id === who.id).id as string;
    await t.call(ana, 'POST', `/api/elections/${id}/ballots`, ballot({ marks: [idOf(ana)] }));
    await t.call(bruno, 'POST', `/api/elections/${id}/ballots`, ballot({ marks: [idOf(bruno)] }));
    await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000));
    await notifyClosingSoon(t.app.db);
    // No absolute majority (1 of 2 each): a second round, which voters are told of again.
    await t.call(secretary, 'POST', `/api/elections/${id}/close`);
    await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() });
    await t.call(ana, 'POST', `/api/elections/${id}/ballots`, ballot({ marks: [idOf(ana)] }));
    await t.call(secretary, 'POST', `/api/elections/${id}/close`);
    await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000));

    const seen = async (who: Person) =>
      ((await t.call(who, 'GET', '/api/notifications')).body.notifications as Notification[])
        .filter((n) => n.electionId === id)
        .map((n) => n.type)
        .sort();
    expect(await seen(chloe)).toEqual([
      'election.call_opened',
      'election.closing_soon',
      'election.decided',
      'election.round_opened',
      'election.round_opened',
    ]);
    // Ana voted before the reminder: she is not reminded.
    expect(await seen(ana)).not.toContain('election.closing_soon');
    // The secretary is not told of her own steps, but as a voter who has not voted she is
    // reminded like anyone.
    expect(await seen(secretary)).toEqual(['election.closing_soon']);
  });
});

describe('steps refused at the wrong moment', () => {
  it('refuses votes, closes, rounds, options and paper counts where they make no sense', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 2 });
    const [ana, bruno] = voters as [Person, Person];
    const url = `/api/assemblies/${assembly.id}/elections`;
    const people = await t.call(secretary, 'POST', url, {
      subject: 'people',
      title: 'Secrétariat',
      method: 'plurality',
    });
    const id = people.body.election.id as string;
    // A people election takes candidacies, not options.
    const option = await t.call(secretary, 'POST', `/api/elections/${id}/options`, { label: 'X' });
    expect(option).toMatchObject({
      status: 409,
      body: { error: { code: 'elections.invalid_state' } },
    });
    await t.call(secretary, 'POST', `/api/elections/${id}/candidacies`, { userId: ana.id });
    await t.call(secretary, 'POST', `/api/elections/${id}/publish`);
    const list = (await t.call(ana, 'GET', `/api/elections/${id}`)).body.election;
    const awa = list.candidates[0].id as string;
    // Nothing is open yet: no ballot, no close.
    const early = await t.call(
      ana,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: [awa] }),
    );
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'polls.not_open' } } });
    const close = await t.call(secretary, 'POST', `/api/elections/${id}/close`);
    expect(close).toMatchObject({ status: 409, body: { error: { code: 'polls.not_open' } } });
    // An asynchronous round needs a closing time, in the future.
    const noTime = await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {});
    expect(noTime).toMatchObject({ status: 400, body: { error: { field: 'closesAt' } } });
    const past = await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: new Date(Date.now() - hour).toISOString(),
    });
    expect(past).toMatchObject({ status: 400, body: { error: { field: 'closesAt' } } });
    expect(
      (await t.call(ana, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() })).status,
    ).toBe(403);
    await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, { closesAt: inAnHour() });
    // One round at a time; a proxy only in a meeting; paper counts only in a meeting.
    const second = await t.call(secretary, 'POST', `/api/elections/${id}/rounds`, {
      closesAt: inAnHour(),
    });
    expect(second).toMatchObject({
      status: 409,
      body: { error: { code: 'elections.invalid_state' } },
    });
    const proxy = await t.call(
      bruno,
      'POST',
      `/api/elections/${id}/ballots`,
      ballot({ marks: [awa] }, { onBehalfOf: ana.id }),
    );
    expect(proxy).toMatchObject({ status: 400, body: { error: { field: 'onBehalfOf' } } });
    const paper = await t.call(secretary, 'POST', `/api/elections/${id}/site-counts`, {
      siteId: 'nowhere',
      ballots: 1,
      blank: 0,
      votes: { [awa]: 1 },
    });
    expect(paper).toMatchObject({
      status: 409,
      body: { error: { code: 'elections.invalid_state' } },
    });
    // Voting started: no withdrawal, no cancelling.
    const withdraw = await t.call(ana, 'POST', `/api/elections/${id}/candidacies/${awa}/withdraw`);
    expect(withdraw.status).toBe(409);
    expect((await t.call(secretary, 'POST', `/api/elections/${id}/cancel`)).status).toBe(409);
  });
});
