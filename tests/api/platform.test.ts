import { describe, expect, it } from 'vitest';
import { testAppForThisFile } from '../support/app.ts';

const t = testAppForThisFile({ env: { BODY_LIMIT: '2048' } });

describe('platform', () => {
  it('reports health with the database kind, applied migrations and its one process', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const expected = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    expect(response.json()).toEqual({
      status: 'ok',
      database: expected,
      migrations: expect.any(Number),
      worker: 1,
      workers: 1,
    });
    expect(response.json().migrations).toBeGreaterThan(0);
  });

  it('publishes an OpenAPI document built from the shared schemas', async () => {
    const response = await t.app.inject({ url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/invitations/{token}/accept']),
    );
    const loginBody =
      doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(loginBody.required).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await t.app.inject({ url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('http.not_found');
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@example.org', password: 'x'.repeat(4096) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('http.payload_too_large');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a@example.org',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('http.unsupported_media_type');
  });

  it('sends security headers on API responses', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    });
  });
});
