import { parse } from 'csv-parse/sync';
import { inArray } from 'drizzle-orm';
import {
  type Assembly as AssemblyRow,
  colleges,
  type Database,
  members,
  type User,
  users,
} from '@cercle/db';
import { emailSchema, type ImportResult, type ImportRow, type MemberRole } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createUsersRepository } from '../auth/users.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import type { InvitationsService } from '../invitations/invitations.service.ts';
import { addMembership } from './add-membership.ts';
import { createMembersRepository, type MembershipValues } from './members.repository.ts';

type Column = 'email' | 'name' | 'assembly' | 'role' | 'college' | 'votingRight' | 'organisation';

/** Accepted headers, French and English, compared without accents, case or punctuation. */
const headerAliases: Record<string, Column> = {
  email: 'email',
  e_mail: 'email',
  mail: 'email',
  courriel: 'email',
  adresse_e_mail: 'email',
  name: 'name',
  nom: 'name',
  assembly: 'assembly',
  assemblee: 'assembly',
  role: 'role',
  college: 'college',
  voting_right: 'votingRight',
  droit_de_vote: 'votingRight',
  vote: 'votingRight',
  organisation: 'organisation',
  organization: 'organisation',
  structure: 'organisation',
};

const roleWords: Record<string, MemberRole> = {
  member: 'member',
  membre: 'member',
  secretary: 'secretary',
  secretaire: 'secretary',
};

const yesWords = new Set(['oui', 'yes', 'true', 'vrai', '1', 'o', 'y', 'x']);
const noWords = new Set(['non', 'no', 'false', 'faux', '0', 'n']);

function normalise(text: string) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

function malformed(message: string): never {
  throw new AppError(400, 'members.import_malformed', message, 'csv');
}

/** French spreadsheets export with `;`, others with `,`: the header line tells which. */
function detectDelimiter(csv: string) {
  const header = csv.split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function readRecords(csv: string) {
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      delimiter: detectDelimiter(csv),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as string[][];
  } catch (error) {
    malformed(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) malformed('The file is empty.');
  const columns = header.map((title) => {
    const column = headerAliases[normalise(title)];
    if (!column)
      malformed(
        `Unknown column "${title}". Expected: email, name, assembly, role, college, voting_right, organisation.`,
      );
    return column;
  });
  for (const required of ['email', 'name'] as const) {
    if (!columns.includes(required)) malformed(`The column "${required}" is missing.`);
  }
  if (rows.length === 0) malformed('The file has a header but no rows.');
  return rows.map(
    (cells) =>
      Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? ''])) as Record<
        Column,
        string | undefined
      >,
  );
}

interface PlannedRow extends ImportRow {
  assemblyId: string | null;
  userId: string | null;
  values: MembershipValues | null;
  hasPassword: boolean;
}

export interface ImportContext {
  db: Database;
  actor: User;
  defaultAssembly: AssemblyRow;
  /** Whether the actor may manage members of that assembly (permission module). */
  mayManage(assemblyId: string): boolean;
}

async function plan(csv: string, { db, defaultAssembly, mayManage }: ImportContext) {
  const records = readRecords(csv);
  const allAssemblies = await createAssembliesRepository({ db }).list();
  const byCode = new Map(allAssemblies.map((assembly) => [assembly.code, assembly]));
  const emails = records.flatMap((record) => {
    const email = emailSchema.safeParse(record.email ?? '');
    return email.success ? [email.data] : [];
  });
  const knownUsers = emails.length
    ? await db.select().from(users).where(inArray(users.email, emails))
    : [];
  const userByEmail = new Map(knownUsers.map((user) => [user.email, user]));
  const userIds = knownUsers.map((user) => user.id);
  const existingMembers = userIds.length
    ? await db.select().from(members).where(inArray(members.userId, userIds))
    : [];
  const memberKey = (assemblyId: string, userId: string) => `${assemblyId}/${userId}`;
  const memberByKey = new Map(existingMembers.map((m) => [memberKey(m.assemblyId, m.userId), m]));
  const assemblyIds = [...new Set(allAssemblies.map((assembly) => assembly.id))];
  const allColleges = await db
    .select()
    .from(colleges)
    .where(inArray(colleges.assemblyId, assemblyIds));

  const seen = new Set<string>();
  return records.map((record, index): PlannedRow => {
    const errors: ImportRow['errors'] = [];
    const line = index + 2;
    const email = emailSchema.safeParse(record.email ?? '');
    if (!email.success)
      errors.push({ field: 'email', code: 'email_invalid', message: 'Invalid email address.' });
    const name = (record.name ?? '').trim();
    if (!name)
      errors.push({ field: 'name', code: 'name_missing', message: 'The name is missing.' });
    else if (name.length > 120)
      errors.push({ field: 'name', code: 'name_too_long', message: 'The name is too long.' });

    const code = (record.assembly ?? '').trim().toUpperCase() || defaultAssembly.code;
    const assembly = byCode.get(code);
    if (!assembly)
      errors.push({
        field: 'assembly',
        code: 'assembly_unknown',
        message: `No assembly with code ${code}.`,
      });
    else if (!mayManage(assembly.id)) {
      errors.push({
        field: 'assembly',
        code: 'assembly_forbidden',
        message: `You may not manage the members of ${code}.`,
      });
    }

    const roleText = normalise(record.role ?? '');
    const role = roleText ? roleWords[roleText] : 'member';
    if (!role)
      errors.push({
        field: 'role',
        code: 'role_unknown',
        message: `Unknown role "${record.role}" (member or secretary).`,
      });

    const voteText = normalise(record.votingRight ?? '');
    const votingRight =
      voteText === '' || yesWords.has(voteText) ? true : noWords.has(voteText) ? false : null;
    if (votingRight === null) {
      errors.push({
        field: 'voting_right',
        code: 'voting_right_invalid',
        message: `"${record.votingRight}" is not yes or no.`,
      });
    }

    const collegeName = (record.college ?? '').trim();
    const college = collegeName
      ? allColleges.find(
          (c) => c.assemblyId === assembly?.id && normalise(c.name) === normalise(collegeName),
        )
      : null;
    if (collegeName && assembly && !college) {
      errors.push({
        field: 'college',
        code: 'college_unknown',
        message: `No college "${collegeName}" in ${code}.`,
      });
    }
    const organisation = (record.organisation ?? '').trim() || null;
    if (organisation && organisation.length > 160) {
      errors.push({
        field: 'organisation',
        code: 'organisation_too_long',
        message: 'The organisation name is too long.',
      });
    }

    const emailValue = email.success ? email.data : (record.email ?? '');
    const key = `${code}/${emailValue}`;
    if (email.success && seen.has(key)) {
      errors.push({
        field: 'email',
        code: 'duplicate_row',
        message: `This person already appears above for ${code}.`,
      });
    }
    seen.add(key);

    const user = email.success ? userByEmail.get(email.data) : undefined;
    const base = {
      line,
      email: emailValue,
      name,
      assemblyCode: code,
      newAccount: !user && email.success,
    };
    if (errors.length || !assembly || !role || votingRight === null) {
      return {
        ...base,
        action: 'error',
        changes: [],
        errors,
        assemblyId: null,
        userId: null,
        values: null,
        hasPassword: false,
      };
    }
    const values: MembershipValues = {
      role,
      collegeId: college?.id ?? null,
      votingRight,
      organisation,
    };
    const current = user ? memberByKey.get(memberKey(assembly.id, user.id)) : undefined;
    const changes = current
      ? (Object.keys(values) as (keyof MembershipValues)[]).filter(
          (field) => current[field] !== values[field],
        )
      : [];
    return {
      ...base,
      action: !current ? 'add' : changes.length ? 'update' : 'unchanged',
      changes,
      errors,
      assemblyId: assembly.id,
      userId: user?.id ?? null,
      values,
      hasPassword: Boolean(user?.passwordHash),
    };
  });
}

function summarise(rows: PlannedRow[], invitationsSent: number): ImportResult['summary'] {
  const count = (action: ImportRow['action']) => rows.filter((row) => row.action === action).length;
  return {
    rows: rows.length,
    added: count('add'),
    updated: count('update'),
    unchanged: count('unchanged'),
    errors: count('error'),
    newAccounts: new Set(
      rows.filter((row) => row.newAccount && row.action !== 'error').map((row) => row.email),
    ).size,
    invitationsSent,
  };
}

const publicRow = ({
  assemblyId: _a,
  userId: _u,
  values: _v,
  hasPassword: _h,
  ...row
}: PlannedRow): ImportRow => row;

/**
 * Imports members from CSV: plans every row (what would change, and every error), then, unless
 * it is a dry run, applies the whole file in one transaction. Re-importing the same file
 * changes nothing; people without a password get one activation link each, after commit.
 */
export async function importMembers(
  context: ImportContext & { invitations: InvitationsService },
  { csv, dryRun, sendInvitations }: { csv: string; dryRun: boolean; sendInvitations: boolean },
): Promise<ImportResult> {
  const rows = await plan(csv, context);
  const errors = rows.filter((row) => row.action === 'error').length;
  if (dryRun)
    return { dryRun, applied: false, rows: rows.map(publicRow), summary: summarise(rows, 0) };
  if (errors) {
    throw new AppError(
      400,
      'members.import_has_errors',
      `${errors} row(s) have errors; nothing was imported. Preview the file to see them.`,
      'csv',
    );
  }
  const { db, actor, invitations } = context;
  const toInvite = await db.transaction(async (tx) => {
    const usersRepository = createUsersRepository({ db: tx });
    const membersRepository = createMembersRepository({ db: tx });
    const events = createEventsRepository({ db: tx });
    const created = new Map<string, string>();
    const invited = new Set<string>();
    const issued: { id: string; link: string }[] = [];
    for (const row of rows) {
      if (row.action === 'unchanged' || !row.values || !row.assemblyId) continue;
      let userId = row.userId ?? created.get(row.email);
      if (!userId) {
        userId = (
          await usersRepository.create({ email: row.email, name: row.name, passwordHash: null })
        ).id;
        created.set(row.email, userId);
      }
      if (row.action === 'add') {
        await addMembership(tx, {
          assemblyId: row.assemblyId,
          userId,
          values: row.values,
          actorId: actor.id,
          source: 'import',
        });
        if (sendInvitations && !row.hasPassword && !invited.has(row.email)) {
          invited.add(row.email);
          issued.push(
            await invitations.issue(tx, {
              email: row.email,
              assemblyId: row.assemblyId,
              role: row.values.role,
              collegeId: row.values.collegeId,
              invitedBy: actor.id,
            }),
          );
        }
      } else {
        const changes = Object.fromEntries(
          row.changes.map((field) => [field, row.values![field as keyof MembershipValues]]),
        );
        await membersRepository.update(row.assemblyId, userId, changes);
        await events.append({
          assemblyId: row.assemblyId,
          type: 'member.updated',
          actorId: actor.id,
          payload: { userId, changes, source: 'import' },
        });
      }
    }
    return issued;
  });
  let invitationsSent = 0;
  for (const invitation of toInvite) {
    if ((await invitations.deliver(invitation)) !== 'failed') invitationsSent += 1;
  }
  return {
    dryRun,
    applied: true,
    rows: rows.map(publicRow),
    summary: summarise(rows, invitationsSent),
  };
}
