import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, Member } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

let t: TestApp;
let adminCookie: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await createUser(t.app, { isAdmin: true });
  adminCookie = await signIn(t.app, admin.email);
});
afterAll(() => t.close());

async function antennaWithColleges() {
  const antenna = await createAssembly(t.app, { name: 'MES Occitanie' });
  await t.app.inject({
    method: 'PUT',
    url: `/api/assemblies/${antenna.id}/colleges`,
    headers: { cookie: adminCookie },
    payload: {
      colleges: [
        { name: 'Réseaux régionaux', share: 0.5 },
        { name: 'Citoyens engagés', share: 0.5 },
      ],
    },
  });
  return antenna;
}

function importCsv(
  assemblyId: string,
  csv: string,
  options: { dryRun?: boolean; cookie?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/assemblies/${assemblyId}/members/import`,
    headers: { cookie: options.cookie ?? adminCookie },
    payload: { csv, dryRun: options.dryRun ?? false },
  });
}

async function membersOf(assemblyId: string): Promise<Member[]> {
  const response = await t.app.inject({
    url: `/api/assemblies/${assemblyId}/members`,
    headers: { cookie: adminCookie },
  });
  return response.json().members;
}

const domain = () => `import-${Math.random().toString(36).slice(2, 8)}.example.org`;

describe('CSV import', () => {
  it('previews every row with its errors and writes nothing', async () => {
    const antenna = await antennaWithColleges();
    const d = domain();
    const csv = [
      'email,name,role,college,voting_right,organisation',
      `lea@${d},Léa Garcia,secretary,Réseaux régionaux,oui,MES Occitanie`,
      `pas-une-adresse,Sans Adresse,member,,oui,`,
      `david@${d},,membre,Collège inconnu,peut-être,`,
    ].join('\n');
    const response = await importCsv(antenna.id, csv, { dryRun: true });
    expect(response.statusCode).toBe(200);
    const result: ImportResult = response.json();
    expect(result).toMatchObject({ dryRun: true, applied: false });
    expect(result.summary).toMatchObject({ rows: 3, added: 1, errors: 2, newAccounts: 1 });
    expect(result.rows[0]).toMatchObject({ line: 2, action: 'add', newAccount: true, errors: [] });
    expect(result.rows[1]).toMatchObject({
      line: 3,
      action: 'error',
      errors: [{ field: 'email' }],
    });
    expect(result.rows[2]!.errors.map((e) => e.field).sort()).toEqual([
      'college',
      'name',
      'voting_right',
    ]);
    expect(await membersOf(antenna.id)).toEqual([]);
  });

  it('refuses to import a file with errors, and imports nothing', async () => {
    const antenna = await antennaWithColleges();
    const csv = `email,name\nok@${domain()},Ok\nnot-an-email,Bad`;
    const response = await importCsv(antenna.id, csv);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'members.import_has_errors',
      field: 'csv',
    });
    expect(await membersOf(antenna.id)).toEqual([]);
  });

  it('imports, invites new people once, and a second import of the same file changes nothing', async () => {
    const antenna = await antennaWithColleges();
    const d = domain();
    const known = await createUser(t.app, { email: `known@${d}`, name: 'Déjà Inscrite' });
    const csv = [
      'email,name,role,college,voting_right,organisation',
      `lea@${d},Léa Garcia,secretary,Réseaux régionaux,oui,MES Occitanie`,
      `david@${d},David Roux,member,citoyens engagés,non,`,
      `known@${d},Déjà Inscrite,member,,oui,Artisans du Monde`,
    ].join('\r\n');
    const mailsBefore = t.mails.length;
    const first = await importCsv(antenna.id, csv);
    expect(first.statusCode).toBe(200);
    expect(first.json().summary).toEqual({
      rows: 3,
      added: 3,
      updated: 0,
      unchanged: 0,
      errors: 0,
      newAccounts: 2,
      invitationsSent: 2,
    });
    expect(t.mails.length - mailsBefore).toBe(2);
    const members = await membersOf(antenna.id);
    expect(members.map((m) => [m.name, m.role, m.collegeName, m.votingRight, m.activated])).toEqual(
      [
        ['David Roux', 'member', 'Citoyens engagés', false, false],
        ['Déjà Inscrite', 'member', null, true, true],
        ['Léa Garcia', 'secretary', 'Réseaux régionaux', true, false],
      ],
    );
    expect(members.find((m) => m.userId === known.id)?.organisation).toBe('Artisans du Monde');

    const second = await importCsv(antenna.id, csv);
    expect(second.json().summary).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 3,
      invitationsSent: 0,
    });
    expect(t.mails.length - mailsBefore).toBe(2);
    expect(await membersOf(antenna.id)).toHaveLength(3);

    const changed = csv.replace(
      'David Roux,member,citoyens engagés,non',
      'David Roux,secretary,citoyens engagés,oui',
    );
    const third = await importCsv(antenna.id, changed);
    expect(third.json().summary).toMatchObject({ updated: 1, unchanged: 2 });
    expect(third.json().rows[1]).toMatchObject({
      action: 'update',
      changes: ['role', 'votingRight'],
    });
  });

  it('reads a French spreadsheet export: semicolons, French headers, BOM', async () => {
    const antenna = await antennaWithColleges();
    const d = domain();
    const csv = `\uFEFFCourriel;Nom;Rôle;Collège;Droit de vote;Organisation\nchloe@${d};Chloé Henry;secrétaire;Citoyens engagés;Oui;"Route des SEL; Occitanie"`;
    const response = await importCsv(antenna.id, csv);
    expect(response.statusCode).toBe(200);
    const [member] = await membersOf(antenna.id);
    expect(member).toMatchObject({
      name: 'Chloé Henry',
      role: 'secretary',
      organisation: 'Route des SEL; Occitanie',
    });
  });

  it('places rows in the assembly their code names, if the importer may manage it', async () => {
    const national = await createAssembly(t.app, { kind: 'national', name: 'MES national' });
    const antenna = await antennaWithColleges();
    const secretary = await createUser(t.app);
    await addMember(t.app, antenna.id, secretary.id, 'secretary');
    const d = domain();
    const csv = `email,name,assembly\na@${d},Anne,${antenna.code}\nb@${d},Bruno,${national.code}\nc@${d},Cyril,NOPE`;
    const asSecretary = await importCsv(antenna.id, csv, {
      dryRun: true,
      cookie: await signIn(t.app, secretary.email),
    });
    const rows: ImportResult['rows'] = asSecretary.json().rows;
    expect(rows.map((row) => row.action)).toEqual(['add', 'error', 'error']);
    expect(rows[1]!.errors[0]!.field).toBe('assembly');
    const asAdmin = await importCsv(antenna.id, csv.split('\n').slice(0, 3).join('\n'));
    expect(asAdmin.statusCode).toBe(200);
    expect((await membersOf(national.id)).map((m) => m.name)).toEqual(['Bruno']);
  });

  it.each([
    ['', 'empty body'],
    ['email,name\n', 'header only'],
    ['email,nom,colege\na@b.org,A,x', 'unknown column'],
    ['name,role\nA,member', 'missing email column'],
    ['email,name\n"a@b.org,A', 'unbalanced quote'],
    ['email,name\na@b.org,A,extra', 'too many cells'],
  ])('answers 400 naming the file for a malformed CSV (%s)', async (csv, _why) => {
    const antenna = await antennaWithColleges();
    const response = await importCsv(antenna.id, csv, { dryRun: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('csv');
    expect(['members.import_malformed', 'validation.invalid']).toContain(
      response.json().error.code,
    );
  });

  it('is refused to plain members', async () => {
    const antenna = await antennaWithColleges();
    const member = await createUser(t.app);
    await addMember(t.app, antenna.id, member.id);
    const response = await importCsv(antenna.id, 'email,name\na@b.org,A', {
      cookie: await signIn(t.app, member.email),
    });
    expect(response.statusCode).toBe(403);
  });
});
