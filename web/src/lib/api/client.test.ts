import { describe, expect, it } from 'vitest';
import { requestApi, type Fetch } from './client.ts';

/** A fetch that answers once with this body and status (a string body is sent as it is). */
const answering =
  (status: number, body: unknown, headers: Record<string, string> = {}): Fetch =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      statusText: status === 500 ? 'Internal Server Error' : '',
      headers: { 'content-type': 'application/json', ...headers },
    });

const get = (fetch: Fetch) =>
  requestApi(fetch, { method: 'GET', path: '/x', parse: (body) => body as { n: number } });

describe('requestApi', () => {
  it('gives the parsed body of a success', async () => {
    expect(await get(answering(200, { n: 1 }))).toEqual({ ok: true, data: { n: 1 } });
  });

  it('reads the API’s refusal: its code, message and the field it names', async () => {
    const refused = await get(
      answering(400, { error: { code: 'validation.invalid', message: 'Bad.', field: 'q' } }),
    );
    expect(refused).toEqual({
      ok: false,
      status: 400,
      code: 'validation.invalid',
      message: 'Bad.',
      field: 'q',
    });
  });

  it('says when to try again after a 429', async () => {
    const limited = await get(
      answering(429, { error: { code: 'rate.limited', message: 'Wait.' } }, { 'retry-after': '7' }),
    );
    expect(limited).toMatchObject({ ok: false, code: 'rate.limited', retryAfterSeconds: 7 });
  });

  it('turns a body that is not a refusal into server.internal, never into a code it made up', async () => {
    expect(await get(answering(500, 'oops'))).toEqual({
      ok: false,
      status: 500,
      code: 'server.internal',
      message: 'Internal Server Error',
    });
    const wrongShape = await get(answering(502, { error: { code: 7, message: 'x' } }));
    expect(wrongShape).toMatchObject({ ok: false, status: 502, code: 'server.internal' });
    expect(wrongShape).not.toHaveProperty('field');
  });

  it('answers network when no answer came', async () => {
    const offline: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const original = console.error;
    console.error = () => {};
    try {
      expect(await get(offline)).toMatchObject({ ok: false, status: 503, code: 'network' });
    } finally {
      console.error = original;
    }
  });
});
