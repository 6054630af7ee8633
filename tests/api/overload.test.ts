import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { shouldShed } from '../../server/src/plugins/overload.ts';
import { createTestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';

/** Keeps the event loop busy, as a burst of work the server cannot keep up with would. */
function hogEventLoop(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

describe('load shedding', { timeout: 120_000 }, () => {
  it('refuses votes last: only far beyond the threshold, after every other request', () => {
    const at = (lag: number, route: 'probe' | 'votes' | 'other', inProcess = false) =>
      shouldShed({ lag, threshold: 500, route, inProcess });
    expect(at(400, 'other')).toBe(false);
    expect(at(600, 'other')).toBe(true);
    expect(at(600, 'votes')).toBe(false);
    expect(at(1_900, 'votes')).toBe(false);
    expect(at(2_100, 'votes')).toBe(true);
    expect(at(10_000, 'probe')).toBe(false);
    // The API calls a page makes while it renders: the page was let in, it must not break.
    expect(at(10_000, 'other', true)).toBe(false);
    expect(shouldShed({ lag: 10_000, threshold: 0, route: 'other', inProcess: false })).toBe(false);
  });

  it('answers the first requests of a server that was busy starting (migrations, loading pages)', async () => {
    const t = await createTestApp({
      backgroundJobs: false,
      env: { SHED_EVENT_LOOP_DELAY_MS: '50' },
      whileStarting: () => hogEventLoop(2_500),
    });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/api/assemblies`)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await fetch(`${base}/api/assemblies`)).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('answers 503 with Retry-After while the event loop lags, pages included, but not probes', async () => {
    const t = await createTestApp({
      backgroundJobs: false,
      env: { SHED_EVENT_LOOP_DELAY_MS: '50', METRICS_TOKEN: 'metrics-token-for-tests' },
    });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/api/assemblies`)).status).toBe(401);

      // One long task is no overload: the lag must last two one-second samples in a row.
      hogEventLoop(1_500);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await fetch(`${base}/api/assemblies`)).status).toBe(401);

      // Lag the loop until two samples in a row have seen it: on a loaded machine a sample may
      // fall just before a hog, and the first request after it then still goes through.
      let api: Response;
      let attempts = 0;
      do {
        hogEventLoop(1_500);
        await new Promise((resolve) => setTimeout(resolve, 20));
        api = await fetch(`${base}/api/assemblies`);
        attempts += 1;
      } while (api.status !== 503 && attempts < 5);
      expect(api.status).toBe(503);
      expect(Number(api.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
      expect(Number(api.headers.get('retry-after'))).toBeLessThanOrEqual(5);
      expect((await api.json()).error.code).toBe('server.overloaded');

      const page = await fetch(`${base}/assemblies`);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('Cercle est très sollicité');
      expect(html).toMatch(/http-equiv="refresh" content="[2-5]"/);

      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const metrics = await fetch(`${base}/api/metrics`, {
        headers: { authorization: 'Bearer metrics-token-for-tests' },
      });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^cercle_requests_shed_total 2$/m);
    } finally {
      await t.close();
    }
  });
});

describe('write limits per person', { timeout: 120_000 }, () => {
  it('refuses a person’s changes past the limit with 429, not their reads nor anyone else’s', async () => {
    const t = await createTestApp({
      backgroundJobs: false,
      env: { WRITE_LIMIT_PER_MINUTE: '3' },
    });
    const call = caller(t.app);
    try {
      const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 2 });
      const [eager, other] = voters as [Person, Person];
      const draft = (who: Person) =>
        call(who, 'POST', `/api/assemblies/${assembly.id}/motions`, {
          title: 'Une motion de plus',
          text: 'Le MES…',
        });
      for (let i = 0; i < 3; i += 1) expect((await draft(eager)).status).toBe(201);
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/assemblies/${assembly.id}/motions`,
        headers: { cookie: eager.cookie },
        payload: { title: 'Une de trop', text: 'Le MES…' },
      });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('http.rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Nothing was written for the refused change.
      const mine = await call(eager, 'GET', `/api/assemblies/${assembly.id}/motions?mine=true`);
      expect(mine.status).toBe(200);
      expect(
        (mine.body.motions as { title: string }[]).filter((m) => m.title === 'Une de trop'),
      ).toEqual([]);
      expect((await draft(other)).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe('metrics', { timeout: 120_000 }, () => {
  it('do not exist without a token, and need the token when they do', async () => {
    const without = await createTestApp({ backgroundJobs: false });
    try {
      expect((await without.app.inject({ url: '/api/metrics' })).statusCode).toBe(404);
    } finally {
      await without.close();
    }
    const t = await createTestApp({
      backgroundJobs: false,
      env: { METRICS_TOKEN: 'metrics-token-for-tests' },
    });
    try {
      expect((await t.app.inject({ url: '/api/metrics' })).statusCode).toBe(401);
      const wrong = await t.app.inject({
        url: '/api/metrics',
        headers: { authorization: 'Bearer metrics-token-for-test' },
      });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('count requests by route, acknowledged ballots and live connections', async () => {
    const t = await createTestApp({
      backgroundJobs: false,
      env: { METRICS_TOKEN: 'metrics-token-for-tests' },
    });
    const call = caller(t.app);
    try {
      const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 2 });
      const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Soutenir les antennes',
        text: 'Le MES soutient les antennes.',
        submit: true,
      });
      const created = await call(secretary, 'POST', '/api/polls', {
        motionId: motion.body.motion.id,
        kind: 'vote',
        rule: 'simple',
      });
      const pollId = created.body.poll.id as string;
      await call(secretary, 'POST', `/api/polls/${pollId}/open`);
      for (const voter of voters) {
        const cast = await call(voter, 'POST', `/api/polls/${pollId}/ballots`, {
          choice: 'yes',
          clientBallotId: randomUUID(),
        });
        expect(cast.status).toBe(201);
      }
      // A refused ballot is not counted as acknowledged.
      const refused = await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
        choice: 'maybe',
        clientBallotId: randomUUID(),
      });
      expect(refused.status).toBe(400);

      const scrape = await t.app.inject({
        url: '/api/metrics',
        headers: { authorization: 'Bearer metrics-token-for-tests' },
      });
      expect(scrape.statusCode).toBe(200);
      expect(scrape.headers['content-type']).toContain('text/plain; version=0.0.4');
      const text = scrape.body;
      expect(text).toMatch(/^cercle_ballots_acknowledged_total 2$/m);
      // On PostgreSQL, the statements sent (what bench:live divides by the ballots).
      if (t.database.kind === 'postgres') {
        const sent = Number(/^cercle_database_statements_total (\d+)$/m.exec(text)?.[1]);
        expect(sent).toBeGreaterThan(10);
      } else expect(text).not.toMatch(/^cercle_database_statements_total/m);
      expect(text).toMatch(
        /^cercle_http_requests_total\{method="POST",route="\/api\/polls\/:id\/ballots",status="201"\} 2$/m,
      );
      expect(text).toMatch(
        /^cercle_http_requests_total\{method="POST",route="\/api\/polls\/:id\/ballots",status="400"\} 1$/m,
      );
      expect(text).toMatch(/^cercle_websocket_connections 0$/m);
      expect(text).toMatch(
        /^cercle_http_request_duration_seconds_count\{method="POST",route="\/api\/polls\/:id\/ballots"\} 3$/m,
      );
      expect(text).toMatch(/^cercle_jobs\{state="failed"\} 0$/m);
      expect(text).toMatch(/^cercle_event_loop_lag_seconds\{stat="p99"\} [\d.e-]+$/m);
      const pool = text.match(/^cercle_database_pool_connections\{state="max"\} (\d+)$/m);
      if (t.database.kind === 'postgres') expect(pool?.[1]).toBe('5');
      else expect(pool).toBeNull();
    } finally {
      await t.close();
    }
  });
});
