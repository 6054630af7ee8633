/**
 * A page request reads its visitor's session once, however many API calls SvelteKit makes
 * in-process while answering it (issue 19); the token that ties those calls to it is worth
 * nothing over HTTP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

// A stand-in for SvelteKit's handler that does what hooks.server.ts and api-forwarding.ts do:
// asks the page request for its visitor, then calls the API in-process with the page's token.
const fakeHandler = `
const pageKey = Symbol.for('cercle.page-request');
const fastifyKey = Symbol.for('cercle.fastify');
export async function handler(req, res) {
  const page = req[pageKey];
  const app = req[fastifyKey];
  const url = new URL(req.url, 'http://localhost');
  const cookie = url.searchParams.get('asCookie') ?? req.headers.cookie;
  const { user } = await page.visitor(req.headers.cookie);
  const inject = (method, path, payload, withCookie = cookie) =>
    app.inject({
      method,
      url: path,
      headers: { 'x-cercle-page-request': page.token, ...(withCookie ? { cookie: withCookie } : {}) },
      ...(payload ? { payload } : {}),
    });
  const answers = [];
  for (const step of (url.searchParams.get('steps') ?? '').split(',').filter(Boolean)) {
    if (step === 'me') answers.push((await inject('GET', '/api/auth/me')).statusCode);
    if (step === 'assemblies') answers.push((await inject('GET', '/api/assemblies')).statusCode);
    if (step === 'anonymous') answers.push((await inject('GET', '/api/auth/me', null, '')).statusCode);
    if (step === 'rename')
      answers.push((await inject('PATCH', '/api/auth/me', { name: 'Camille Renommée' })).statusCode);
    if (step === 'overHttp') {
      // The live token, sent by a client over the network: it stands for nobody.
      const port = req.socket.localPort;
      const response = await fetch('http://127.0.0.1:' + port + '/api/auth/me', {
        headers: { 'x-cercle-page-request': page.token },
      });
      answers.push(response.status);
    }
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ user: user?.id ?? null, name: user?.name ?? null, answers }));
}
`;

let t: TestApp;
let base: string;
let cookie: string;
let userId: string;
beforeAll(async () => {
  const buildDir = mkdtempSync(join(tmpdir(), 'cercle-web-'));
  writeFileSync(join(buildDir, 'handler.js'), fakeHandler);
  t = await createTestApp({ webBuild: buildDir });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const user = await createUser(t.app, { name: 'Camille Dupont' });
  const assembly = await createAssembly(t.app);
  await addMember(t.app, assembly.id, user.id);
  userId = user.id;
  cookie = await signIn(t.app, user.email);
});
afterAll(() => t.close());

async function page(steps: string[], headers: Record<string, string> = { cookie }) {
  const before = t.app.sessions.reads();
  const response = await fetch(`${base}/meetings/x?steps=${steps.join(',')}`, { headers });
  const body = (await response.json()) as { user: string | null; name: string; answers: number[] };
  return { ...body, sessionReads: t.app.sessions.reads() - before };
}

describe('a page request', () => {
  it('reads the session once for the page and every API call it makes', async () => {
    const seen = await page(['me', 'assemblies', 'me', 'assemblies']);
    expect(seen.user).toBe(userId);
    expect(seen.answers).toEqual([200, 200, 200, 200]);
    expect(seen.sessionReads).toBe(1);
    // Another page request reads it again: nothing is kept between requests.
    expect((await page(['me'])).sessionReads).toBe(1);
  });

  it('reads again after a change it made, and for another cookie', async () => {
    const changed = await page(['me', 'rename', 'me']);
    expect(changed.answers).toEqual([200, 200, 200]);
    expect(changed.sessionReads).toBe(2);
    // A call without the session cookie (signed out meanwhile) is nobody's.
    const signedOut = await page(['me', 'anonymous']);
    expect(signedOut.answers).toEqual([200, 401]);
  });

  it('gives nothing to a client that sends its token over HTTP', async () => {
    const seen = await page(['overHttp', 'me']);
    expect(seen.answers).toEqual([401, 200]);
    // Nor does a header with a made-up token stand for anyone.
    const madeUp = await fetch(`${base}/api/auth/me`, {
      headers: { 'x-cercle-page-request': 'made-up' },
    });
    expect(madeUp.status).toBe(401);
  });

  it('has no visitor without a session, and the metrics count pages and their API calls', async () => {
    const anonymous = await page(['me'], {});
    expect(anonymous).toMatchObject({ user: null, answers: [401], sessionReads: 0 });
    const { pages, apiCalls } = t.app.pageRequests.counts();
    await page(['me', 'assemblies']);
    expect(t.app.pageRequests.counts()).toEqual({ pages: pages + 1, apiCalls: apiCalls + 2 });
  });
});
