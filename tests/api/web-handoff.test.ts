import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiError, HealthResponse } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';

// A stand-in for SvelteKit's adapter-node handler: echoes what it was given, so the test sees
// exactly which requests Fastify hands over and in what state.
const fakeHandler = `
export function handler(req, res) {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      page: req.url,
      method: req.method,
      body,
      proto: req.headers['x-forwarded-proto'],
      hasFastify: Boolean(req[Symbol.for('cercle.fastify')]),
    }));
  });
}
`;

let t: TestApp;
let base: string;
beforeAll(async () => {
  const buildDir = mkdtempSync(join(tmpdir(), 'cercle-web-'));
  writeFileSync(join(buildDir, 'handler.js'), fakeHandler);
  t = await createTestApp({ webBuild: buildDir });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('one process, one port', () => {
  it('hands page requests to the web app with security headers and the Fastify instance', async () => {
    const response = await fetch(`${base}/invitations/abc?x=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      page: '/invitations/abc?x=1',
      method: 'GET',
      body: '',
      proto: 'http',
      hasFastify: true,
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('leaves form posts to pages untouched for the web app', async () => {
    const response = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40example.org&password=x',
    });
    expect(await response.json()).toMatchObject({
      page: '/login',
      method: 'POST',
      body: 'email=a%40example.org&password=x',
    });
  });

  it('keeps /api for Fastify, unknown API paths included', async () => {
    expect(((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).status).toBe(
      'ok',
    );
    const missing = await fetch(`${base}/api/unknown`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiError).error.code).toBe('http.not_found');
  });

  it('never hands a websocket upgrade to the web app', async () => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/some/page`);
    socket.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode ?? 0);
      }),
    );
    expect(status).toBe(404);
  });
});
