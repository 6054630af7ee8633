/**
 * Logs carry no personal data: a query that fails while creating an account (the database
 * refuses the row) is logged with its error code, constraint, table and route, never with its
 * parameters, which hold the new account's e-mail and password hash.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createAssembly, createUser, signIn } from '../support/fixtures.ts';

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  t = await createTestApp({
    backgroundJobs: false,
    env: { LOG_LEVEL: 'trace' },
    logStream: { write: (line) => void logLines.push(line) },
  });
});
afterAll(() => t.close());

describe('logs', () => {
  it('name a failed query by its code and constraint, never by its values', async () => {
    const admin = await createUser(t.app, { isAdmin: true, email: 'admin-logs@example.org' });
    const cookie = await signIn(t.app, admin.email);
    const assembly = await createAssembly(t.app);
    // A rule the database enforces and the application does not know: its insert fails.
    await t.app.db.execute(
      sql`alter table users add constraint users_name_not_boom check (name <> 'Boom Boom')`,
    );
    const email = 'camille.secret-address@example.org';
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/invitations',
      headers: { cookie },
      payload: { email, assemblyId: assembly.id, role: 'member' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const token = new URL(invited.json().link).pathname.split('/').pop();
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload: { name: 'Boom Boom', password: 'a long enough password 42' },
    });
    // Refused as input (never a 500), and logged for whoever must add the rule to the schema.
    expect(accepted.statusCode).toBe(400);
    expect(accepted.json().error.code).toBe('validation.invalid');

    const failure = logLines.find((line) => line.includes('users_name_not_boom'));
    expect(failure, 'the failure is logged').toBeDefined();
    expect(JSON.parse(failure!)).toMatchObject({
      level: 40,
      route: '/api/invitations/:token/accept',
      err: { type: 'DatabaseError', code: '23514', constraint: 'users_name_not_boom' },
    });
    const leaking = logLines.filter(
      (line) => line.includes(email) || line.includes('$argon2id') || line.includes('Boom Boom'),
    );
    expect(leaking).toEqual([]);
  });

  it('keep the secret of a link out of the request lines', async () => {
    const secret = 'SeCrEtToKeN0123456789abcdefghij';
    for (const url of [
      `/password-reset/${secret}`,
      `/invitations/${secret}`,
      `/api/invitations/${secret}`,
      `/api/invitations/${secret}/accept`,
      `/setup?token=${secret}`,
    ]) {
      await t.app.inject({ method: 'GET', url });
    }
    const requestLines = logLines.filter((line) => line.includes('[secret]'));
    expect(requestLines.length).toBeGreaterThanOrEqual(5);
    expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
