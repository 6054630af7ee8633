import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ServerProcess } from './server-process.ts';

/** What process tests do over HTTP, as a browser would. */
export async function api(
  server: ServerProcess,
  method: string,
  path: string,
  cookie = '',
  body?: object,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes; the assertions check it
    body: (await response.json()) as any,
    cookie: response.headers.getSetCookie()[0]?.split(';')[0] ?? '',
  };
}

export async function signIn(server: ServerProcess, login: { email: string; password: string }) {
  return (await api(server, 'POST', '/auth/login', '', login)).cookie;
}

/** A national assembly that decides without quorum or supporters (tests are about other things). */
export async function createOpenAssembly(
  server: ServerProcess,
  cookie: string,
  code: string,
): Promise<{ id: string }> {
  const created = await api(server, 'POST', '/assemblies', cookie, {
    kind: 'national',
    name: 'AG',
    code,
    settings: { quorum: 0, supportersToAdmit: 0 },
  });
  return created.body.assembly;
}

/** Adds a member by invitation and activates their account; returns their session. */
export async function memberWithAccount(
  server: ServerProcess,
  adminCookie: string,
  assemblyId: string,
  email: string,
) {
  const added = await api(server, 'POST', `/assemblies/${assemblyId}/members`, adminCookie, {
    email,
    name: email.split('@')[0],
    sendInvitation: true,
  });
  const token = new URL(added.body.invitationLink).pathname.split('/').pop();
  const accepted = await api(server, 'POST', `/invitations/${token}/accept`, '', {
    password: 'member password 1',
  });
  return { email, cookie: accepted.cookie };
}

/** A motion submitted and a vote on it opened, by `cookie` (a secretary or the admin). */
export async function openVote(
  server: ServerProcess,
  cookie: string,
  assemblyId: string,
  { title, ...options }: { title: string; secret?: boolean; closesAt?: string },
): Promise<{ id: string }> {
  const motion = (
    await api(server, 'POST', `/assemblies/${assemblyId}/motions`, cookie, {
      title,
      text: 'Texte.',
      submit: true,
    })
  ).body.motion;
  const poll = (
    await api(server, 'POST', '/polls', cookie, {
      motionId: motion.id,
      kind: 'vote',
      rule: 'simple',
      ...options,
    })
  ).body.poll;
  await api(server, 'POST', `/polls/${poll.id}/open`, cookie);
  return poll;
}

/**
 * The environment of a server process on `engine`: a fresh PGlite data folder, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL (dropped by `drop`).
 */
export async function processDatabase(engine: 'pglite' | 'postgres') {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'cercle-process-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (engine === 'pglite' || !serverUrl)
    return { env: () => ({ CERCLE_DATA_DIR: dataDir() }), drop: async () => {} };
  const name = `cercle_process_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(query).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    /** Each instance gets a data folder of its own (its outbox), all share the database. */
    env: () => ({ CERCLE_DATA_DIR: dataDir(), DATABASE_URL: url.href }),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
