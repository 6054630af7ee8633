/**
 * Sign-in limits live in the database: they add up across instances, survive a restart, slow a
 * guessing (address, account) pair without locking the owner out from elsewhere, and key on the
 * address of the peer unless a configured proxy vouches for a forwarded one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, queryRows } from '@cercle/db';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';
import { createUser, defaultPassword } from '../support/fixtures.ts';

const limits = { pairFree: 3, perAddress: 8, accountFree: 4, resetsPerAddress: 3 };

let database: DatabaseHandle;
let t: TestApp;
beforeAll(async () => {
  database = await createTestDatabase();
  t = await createTestApp({ database, throttleLimits: limits });
});
afterAll(async () => {
  await t.close();
  await database.close();
});

let addressCounter = 0;
/** A documentation address of its own per call (TEST-NET-3), so tests never share counts. */
function freshAddress() {
  addressCounter += 1;
  return `203.0.113.${addressCounter}`;
}

function login(
  app: TestApp,
  email: string,
  password: string,
  from: { remoteAddress?: string; forwardedFor?: string } = {},
) {
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    ...(from.forwardedFor ? { headers: { 'x-forwarded-for': from.forwardedFor } } : {}),
  });
}

async function failTimes(app: TestApp, n: number, email: string, remoteAddress: string) {
  for (let i = 0; i < n; i += 1) {
    const response = await login(app, email, 'wrong password', { remoteAddress });
    expect(response.statusCode, `failure ${i + 1}`).toBe(401);
  }
}

describe('a burst of wrong passwords from one address on one account', () => {
  it('slows that pair with 429 and Retry-After, even for the right password', async () => {
    const user = await createUser(t.app);
    const attacker = freshAddress();
    await failTimes(t, limits.pairFree, user.email, attacker);
    const slowed = await login(t, user.email, defaultPassword, { remoteAddress: attacker });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.code).toBe('auth.rate_limited');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not lock the owner out from another address', async () => {
    const user = await createUser(t.app);
    const attacker = freshAddress();
    await failTimes(t, limits.pairFree, user.email, attacker);
    const owner = await login(t, user.email, defaultPassword, { remoteAddress: freshAddress() });
    expect(owner.statusCode).toBe(200);
  });

  it('waits longer after each failure once the wait has passed', async () => {
    const user = await createUser(t.app);
    const attacker = freshAddress();
    await failTimes(t, limits.pairFree, user.email, attacker);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const refused = await login(t, user.email, 'wrong password', { remoteAddress: attacker });
      expect(refused.statusCode).toBe(429);
      waits.push(Number(refused.headers['retry-after']));
      // Time passes: the wait is over, and the next guess fails again.
      await database.db.execute(
        sql`update login_throttle set blocked_until = now() where blocked_until is not null`,
      );
      const failed = await login(t, user.email, 'wrong password', { remoteAddress: attacker });
      expect(failed.statusCode).toBe(401);
    }
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
  });

  it('lets parallel guesses through one at a time: the limit holds for a burst', async () => {
    const user = await createUser(t.app);
    const attacker = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        login(t, user.email, 'wrong password', { remoteAddress: attacker }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(limits.pairFree);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - limits.pairFree);
  });

  it('counts failures only: a room of 60 signing in on one Wi-Fi is never slowed', async () => {
    const hall = freshAddress();
    for (let i = 0; i < 60; i += 1) {
      const person = await createUser(t.app);
      const response = await login(t, person.email, defaultPassword, { remoteAddress: hall });
      expect(response.statusCode, `person ${i + 1}`).toBe(200);
    }
  });

  it('forgets a pair’s failures once it signs in, for the address and account too', async () => {
    const user = await createUser(t.app);
    const home = freshAddress();
    await failTimes(t, limits.pairFree - 1, user.email, home);
    expect((await login(t, user.email, defaultPassword, { remoteAddress: home })).statusCode).toBe(
      200,
    );
    await failTimes(t, limits.pairFree - 1, user.email, home);
    expect((await login(t, user.email, defaultPassword, { remoteAddress: home })).statusCode).toBe(
      200,
    );
  });
});

describe('one address guessing many accounts', () => {
  it('stops after a generous cap, and leaves other addresses alone', async () => {
    const spray = freshAddress();
    for (let i = 0; i < limits.perAddress; i += 1) {
      const response = await login(t, `guess-${i}@example.org`, 'wrong password', {
        remoteAddress: spray,
      });
      expect(response.statusCode).toBe(401);
    }
    const user = await createUser(t.app);
    const blocked = await login(t, user.email, defaultPassword, { remoteAddress: spray });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await login(t, user.email, defaultPassword, {
      remoteAddress: freshAddress(),
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('many addresses guessing one account', () => {
  it('slows every address that failed on it, never the owner at an address that did not', async () => {
    const user = await createUser(t.app);
    const botnet = Array.from({ length: limits.accountFree + 2 }, freshAddress);
    for (const address of botnet) await failTimes(t, 1, user.email, address);

    for (const address of botnet.slice(0, 3)) {
      const slowed = await login(t, user.email, defaultPassword, { remoteAddress: address });
      expect(slowed.statusCode).toBe(429);
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    }
    const owner = await login(t, user.email, defaultPassword, { remoteAddress: freshAddress() });
    expect(owner.statusCode).toBe(200);
  });
});

describe('several instances on one database', () => {
  it('add up their counts, and a restart forgets none', async () => {
    const second = await createTestApp({ database, throttleLimits: limits });
    const user = await createUser(t.app);
    const attacker = freshAddress();
    try {
      await failTimes(t, 1, user.email, attacker);
      await failTimes(second, limits.pairFree - 1, user.email, attacker);
      expect(
        (await login(t, user.email, 'wrong password', { remoteAddress: attacker })).statusCode,
      ).toBe(429);
    } finally {
      await second.close();
    }
    // A restart: a new process on the same database still refuses.
    const restarted = await createTestApp({ database, throttleLimits: limits });
    try {
      const response = await login(restarted, user.email, defaultPassword, {
        remoteAddress: attacker,
      });
      expect(response.statusCode).toBe(429);
    } finally {
      await restarted.close();
    }
  });
});

describe('a burst spread over two instances', () => {
  it('still gets no more than the pair’s allowance', async () => {
    const second = await createTestApp({ database, throttleLimits: limits });
    try {
      const user = await createUser(t.app);
      const attacker = freshAddress();
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          login(i % 2 === 0 ? t : second, user.email, 'wrong password', {
            remoteAddress: attacker,
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.statusCode);
      expect(statuses.filter((status) => status === 401)).toHaveLength(limits.pairFree);
      expect(statuses.filter((status) => status === 429)).toHaveLength(12 - limits.pairFree);
    } finally {
      await second.close();
    }
  });
});

describe('what the counters keep', () => {
  it('neither addresses nor accounts in clear, and quiet counters are pruned', async () => {
    const user = await createUser(t.app);
    const attacker = freshAddress();
    await failTimes(t, 1, user.email, attacker);
    const dump = await queryRows<{ row: string }>(
      database.db,
      sql`select t::text as row from login_throttle t`,
    );
    expect(dump.length).toBeGreaterThan(0);
    expect(dump.filter(({ row }) => row.includes(attacker) || row.includes(user.email))).toEqual(
      [],
    );

    await database.db.execute(
      sql`update login_throttle set last_failure_at = now() - interval '1 day',
            blocked_until = null, attempt_until = null`,
    );
    // A new instance prunes at its first failure.
    const fresh = await createTestApp({ database, throttleLimits: limits });
    try {
      await failTimes(fresh, 1, user.email, freshAddress());
    } finally {
      await fresh.close();
    }
    const [left] = await queryRows<{ n: number; stale: number }>(
      database.db,
      sql`select count(*)::int as n,
                 count(*) filter (where last_failure_at < now() - interval '1 hour')::int as stale
          from login_throttle`,
    );
    expect(left).toEqual({ n: 3, stale: 0 });
  });
});

describe('X-Forwarded-For', () => {
  const proxy = '10.0.0.1';
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await createTestApp({
      database,
      throttleLimits: limits,
      env: { TRUSTED_PROXIES: `${proxy}, 10.9.0.0/16` },
    });
  });
  afterAll(() => proxied.close());

  it('from an untrusted peer is ignored: rotating it does not escape the per-address cap', async () => {
    const peer = freshAddress();
    for (let i = 0; i < limits.perAddress; i += 1) {
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `spray-${i}@example.org`, password: 'wrong password' },
        remoteAddress: peer,
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      expect(response.statusCode).toBe(401);
    }
    const user = await createUser(proxied.app);
    const rotated = await login(proxied, user.email, defaultPassword, {
      remoteAddress: peer,
      forwardedFor: '198.51.100.200',
    });
    expect(rotated.statusCode).toBe(429);
  });

  it('from a configured proxy names the client: limits apply to it, not to the proxy', async () => {
    const user = await createUser(proxied.app);
    const attacker = freshAddress();
    for (let i = 0; i < limits.pairFree; i += 1) {
      const response = await login(proxied, user.email, 'wrong password', {
        remoteAddress: proxy,
        forwardedFor: attacker,
      });
      expect(response.statusCode).toBe(401);
    }
    const slowed = await login(proxied, user.email, defaultPassword, {
      remoteAddress: '10.9.3.4',
      forwardedFor: attacker,
    });
    expect(slowed.statusCode).toBe(429);
    // Another visitor behind the same proxy is someone else.
    const owner = await login(proxied, user.email, defaultPassword, {
      remoteAddress: proxy,
      forwardedFor: freshAddress(),
    });
    expect(owner.statusCode).toBe(200);
  });

  it('from a configured proxy cannot be spoofed by the client prepending addresses', async () => {
    const user = await createUser(proxied.app);
    const attacker = freshAddress();
    for (let i = 0; i < limits.pairFree; i += 1) {
      const response = await login(proxied, user.email, 'wrong password', {
        remoteAddress: proxy,
        forwardedFor: `192.0.2.${i + 1}, ${attacker}`,
      });
      expect(response.statusCode).toBe(401);
    }
    const slowed = await login(proxied, user.email, defaultPassword, {
      remoteAddress: proxy,
      forwardedFor: `192.0.2.99, ${attacker}`,
    });
    expect(slowed.statusCode).toBe(429);
  });
});
