import { describe, expect, it } from 'vitest';
import { availableEngines } from '../support/database.ts';
import {
  api,
  createOpenAssembly,
  memberWithAccount,
  openVote,
  processDatabase,
  signIn,
} from '../support/process-federation.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

// Background work across crashes: each test kills a real server process (SIGKILL) in the middle
// of a job and checks what a member would notice after the restart. Two server starts each, on a
// loaded 2-core machine: well over the default 30 s.
const adminLogin = { email: 'ops@example.org', password: 'jobs test secret' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isDigest = (message: SinkMessage) => message.data.includes('/motions/');

function serverEnv(sink: SmtpSink, databaseEnv: Record<string, string>) {
  return {
    ...databaseEnv,
    CERCLE_ADMIN_EMAIL: adminLogin.email,
    CERCLE_ADMIN_PASSWORD: adminLogin.password,
    SMTP_URL: sink.url,
    JOBS_INTERVAL_MS: '300',
    // Short, so that on PostgreSQL another start takes a dead process's job over quickly.
    JOBS_LEASE_MS: '1500',
    // These tests are about a digest surviving a crash, not about its hour: it leaves as soon
    // as there is news (the hour is tested in tests/api/notifications.test.ts).
    CERCLE_DIGEST_HOUR: 'any',
  };
}

/** An assembly with one member who will be told about a motion (in their digest). */
async function assemblyWithReader(server: ServerProcess) {
  const admin = await signIn(server, adminLogin);
  const assembly = await createOpenAssembly(server, admin, 'JOB');
  const reader = await memberWithAccount(server, admin, assembly.id, 'reader@example.org');
  const submitMotion = () =>
    api(server, 'POST', `/assemblies/${assembly.id}/motions`, admin, {
      title: 'Motion du jour',
      text: 'Texte.',
      submit: true,
    });
  return { admin, assembly, reader, submitMotion };
}

async function waitForOutput(server: ServerProcess, text: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${server.output()}`);
    await sleep(50);
  }
}

describe.each(availableEngines)('background work on %s, when the process is killed', (engine) => {
  it('sends the digest it was killed in the middle of sending, once the process is back', async () => {
    const sink = await startSmtpSink();
    const database = await processDatabase(engine);
    const env = serverEnv(sink, database.env());
    let server = await startServerProcess(env);
    try {
      const { reader, submitMotion } = await assemblyWithReader(server);
      const digests = () => sink.acceptedFor(reader.email).filter(isDigest);
      sink.mode = 'hang'; // the mail server takes the digest and never answers
      await submitMotion();
      await sink.waitFor(
        () => sink.held.some((message) => message.to.includes(reader.email)),
        'digest on its way',
      );
      server.child.kill('SIGKILL');
      await server.exited;
      expect(digests()).toEqual([]);

      sink.mode = 'accept';
      server = await startServerProcess(env);
      await sink.waitFor(() => digests().length > 0, 'digest after the restart');
      await sleep(1_500); // several more passes: it is not sent again
      expect(digests()).toHaveLength(1);
      expect(digests()[0]!.data).toContain('Motion du jour');
    } finally {
      await server.stop();
      await sink.close();
      await database.drop();
    }
  }, 180_000);

  it('sends a digest again when killed after the mail server accepted it: at least once', async () => {
    const sink = await startSmtpSink();
    const database = await processDatabase(engine);
    const env = serverEnv(sink, database.env());
    let server = await startServerProcess({ ...env, CERCLE_TEST_HOLD_JOB: 'digest:after' });
    try {
      const { reader, submitMotion } = await assemblyWithReader(server);
      const digests = () => sink.acceptedFor(reader.email).filter(isDigest);
      await submitMotion();
      await waitForOutput(server, 'job held');
      expect(digests()).toHaveLength(1);
      server.child.kill('SIGKILL'); // before the job could be marked done
      await server.exited;

      server = await startServerProcess(env);
      await sink.waitFor(() => digests().length > 1, 'digest sent again');
      await sleep(1_500);
      expect(digests()).toHaveLength(2); // a duplicate, as documented; never a loss
    } finally {
      await server.stop();
      await sink.close();
      await database.drop();
    }
  }, 180_000);

  it('closes the poll it was killed in the middle of closing, with the ballots cast', async () => {
    const sink = await startSmtpSink();
    const database = await processDatabase(engine);
    const env = serverEnv(sink, database.env());
    let server = await startServerProcess({ ...env, CERCLE_TEST_HOLD_JOB: 'poll-close:before' });
    try {
      const { admin, assembly, reader } = await assemblyWithReader(server);
      const poll = await openVote(server, admin, assembly.id, {
        title: 'Motion à échéance',
        closesAt: new Date(Date.now() + 4_000).toISOString(),
      });
      const cast = await api(server, 'POST', `/polls/${poll.id}/ballots`, reader.cookie, {
        choice: 'yes',
        clientBallotId: crypto.randomUUID(),
      });
      expect(cast.status).toBe(201);
      await waitForOutput(server, 'job held');
      expect((await api(server, 'GET', `/polls/${poll.id}`, admin)).body.poll.status).toBe('open');
      server.child.kill('SIGKILL');
      await server.exited;

      server = await startServerProcess(env);
      const deadline = Date.now() + 60_000;
      let after = (await api(server, 'GET', `/polls/${poll.id}`, admin)).body.poll;
      while (after.status !== 'closed' && Date.now() < deadline) {
        await sleep(200);
        after = (await api(server, 'GET', `/polls/${poll.id}`, admin)).body.poll;
      }
      expect(after.status).toBe('closed');
      expect(after.result.totals).toMatchObject({ yes: 1 });
    } finally {
      await server.stop();
      await sink.close();
      await database.drop();
    }
  }, 180_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two instances on one PostgreSQL (skipped without TEST_DATABASE_URL: needs a shared server)',
  () => {
    it('send one digest between them, not one each', async () => {
      const sink = await startSmtpSink();
      const database = await processDatabase('postgres');
      const env = () => ({ ...serverEnv(sink, database.env()), JOBS_INTERVAL_MS: '100' });
      const first = await startServerProcess(env());
      const second = await startServerProcess(env());
      try {
        const { reader, submitMotion } = await assemblyWithReader(first);
        const digests = () => sink.acceptedFor(reader.email).filter(isDigest);
        await submitMotion();
        await sink.waitFor(() => digests().length > 0, 'digest');
        await sleep(2_000); // many passes of both instances
        expect(digests()).toHaveLength(1);
      } finally {
        await Promise.all([first.stop(), second.stop()]);
        await sink.close();
        await database.drop();
      }
    }, 180_000);
  },
);
