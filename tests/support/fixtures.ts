import type { FastifyInstance } from 'fastify';
import { assemblies, type Database, type DatabaseHandle, members, newId, users } from '@cercle/db';
import { hashPassword, rightsChannel, sessionCookieName } from '@cercle/server';
import type { AssemblyKind, MemberRole } from '@cercle/shared';

export const defaultPassword = 'correct horse battery';

let counter = 0;
/** A unique address per call, so tests never lean on each other's rows. */
export function uniqueEmail(prefix = 'person') {
  counter += 1;
  return `${prefix}-${counter}-${newId().slice(0, 6)}@example.org`;
}

/**
 * The rows are written on `db`: the app's (`createUser(app)`), or a bare test database's.
 * `password: null` makes a person who never signs in, without the cost of hashing.
 */
export async function createUser(
  { db }: { db: Database },
  options: { email?: string; name?: string; password?: string | null; isAdmin?: boolean } = {},
) {
  const [user] = await db
    .insert(users)
    .values({
      id: newId(),
      email: options.email ?? uniqueEmail(),
      name: options.name ?? 'Camille Dupont',
      passwordHash:
        options.password === null ? null : await hashPassword(options.password ?? defaultPassword),
      isAdmin: options.isAdmin ?? false,
    })
    .returning();
  return user!;
}

export async function createAssembly(
  { db }: { db: Database },
  options: { kind?: AssemblyKind; name?: string } = {},
) {
  const id = newId();
  const [assembly] = await db
    .insert(assemblies)
    .values({
      id,
      kind: options.kind ?? 'antenna',
      name: options.name ?? 'MES Occitanie',
      code: id.slice(0, 8).toUpperCase(),
    })
    .returning();
  return assembly!;
}

export async function addMember(
  { db }: { db: Database },
  assemblyId: string,
  userId: string,
  role: MemberRole = 'member',
) {
  await db.insert(members).values({ assemblyId, userId, role });
}

/** The `name=value` pair of the session cookie set by a response, for the next request. */
export function sessionCookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = all.find((value) => value.startsWith(`${sessionCookieName}=`));
  if (!cookie) throw new Error(`no ${sessionCookieName} cookie in ${JSON.stringify(setCookie)}`);
  return cookie.split(';')[0]!;
}

export async function signIn(app: FastifyInstance, email: string, password = defaultPassword) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return sessionCookieFrom(response.headers['set-cookie']);
}

/** Collects the user ids announced on the rights channel (ended sessions, changed roles). */
export async function listenForRightsNotices({ database }: { database: DatabaseHandle }) {
  const received: string[] = [];
  const stop = await database.listen(rightsChannel, (userId) => received.push(userId));
  return { received, stop };
}
