import { isIPv4, isIPv6 } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { type Database, queryRows } from '@cercle/db';
import { AppError } from '../../errors.ts';
import { hashToken } from '../../tokens.ts';

export interface ThrottleLimits {
  /** Failures of one (address, account) pair before each further attempt from it must wait. */
  pairFree: number;
  /** The longest a pair waits; the wait doubles with each failure past `pairFree`. */
  pairMaxDelaySeconds: number;
  /**
   * Failures allowed per address across accounts before it waits out a window. Generous: a
   * village hall shares one IP.
   */
  perAddress: number;
  /**
   * Failures on one account, from any address, past which every address that failed on it waits
   * (doubling, up to `accountMaxDelaySeconds`). An address that has not failed is never held
   * back: the owner at home signs in while someone hammers the account from elsewhere.
   */
  accountFree: number;
  accountMaxDelaySeconds: number;
  /** Password reset requests per address in a window (each may send a mail). */
  resetsPerAddress: number;
  /** A counter forgets its failures after this long without one. */
  windowSeconds: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  pairFree: 5,
  pairMaxDelaySeconds: 15 * 60,
  perAddress: 50,
  accountFree: 10,
  accountMaxDelaySeconds: 15 * 60,
  resetsPerAddress: 10,
  windowSeconds: 15 * 60,
};

/** An attempt in progress holds its pair this long at most (a crashed instance lets go). */
const attemptLeaseSeconds = 10;
/**
 * How long an attempt waits while another instance holds its pair's turn, before being
 * refused; it looks again after 50 ms, then twice as long each time.
 */
const turnWaitMs = 5_000;
const firstPollMs = 50;
const pruneEveryMs = 10 * 60_000;

/**
 * The address a limit applies to. IPv6 hands a whole /64 to one subscriber, who could otherwise
 * take a fresh address for every guess: the /64 counts as one address. IPv4-mapped IPv6 is IPv4.
 */
export function throttledAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  if (ip.includes('::')) {
    const missing = 8 - headGroups.length - tailGroups.length;
    headGroups.push(...Array.from({ length: missing }, () => '0'));
  }
  const all = [...headGroups, ...tailGroups];
  return `${all
    .slice(0, 4)
    .map((group) => group.padStart(4, '0'))
    .join(':')}::/64`;
}

type Scope = 'pair' | 'address' | 'account';

interface ScopeState {
  scope: Scope | 'claim';
  /** Failures in the current window (0 once the window went quiet). */
  failures: number;
  /** Seconds this scope still waits, 0 if none. */
  wait_seconds: number;
}

/**
 * Sign-in throttle shared by every instance through the database. Only failures count, so a
 * full room signing in on one Wi-Fi is never slowed. A pair (address, account) that keeps
 * failing waits longer and longer; an address failing on many accounts stops after a generous
 * cap; an account failing from many addresses slows those addresses and no other.
 */
export function createLoginThrottle({
  db,
  limits: chosen,
}: {
  db: Database;
  /** Defaults for what is left out. */
  limits?: Partial<ThrottleLimits> | undefined;
}) {
  const limits = { ...defaultThrottleLimits, ...chosen };
  const window = sql`make_interval(secs => ${limits.windowSeconds})`;
  let lastPrune = 0;
  /**
   * Attempts of one pair on this instance queue here, so a burst waits in memory and asks the
   * database once each, instead of polling it while another instance holds the turn.
   */
  const localQueues = new Map<string, Promise<unknown>>();

  async function inLocalQueue<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = localQueues.get(key) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    localQueues.set(key, settled);
    try {
      return await turn;
    } finally {
      if (localQueues.get(key) === settled) localQueues.delete(key);
    }
  }

  function keysOf(ip: string, account: string) {
    const address = throttledAddress(ip);
    return {
      pair: hashToken(`pair\n${address}\n${account}`),
      address: hashToken(`address\n${address}`),
      account: hashToken(`account\n${account}`),
    };
  }

  /** Doubling waits, capped; the exponent is capped too, so no counter overflows `power`. */
  function doublingWait(failures: SQL, free: number, maxSeconds: number) {
    return sql`case when ${failures} >= ${free} then now() + least(${maxSeconds}::float8,
      power(2, least(${failures} - ${free} + 1, 30))) * interval '1 second' end`;
  }

  function blockedUntil(scope: SQL, failures: SQL) {
    return sql`case ${scope}::text
      when 'pair' then ${doublingWait(failures, limits.pairFree, limits.pairMaxDelaySeconds)}
      when 'account' then ${doublingWait(failures, limits.accountFree, limits.accountMaxDelaySeconds)}
      when 'address' then case when ${failures} >= ${limits.perAddress} then now() + ${window} end
    end`;
  }

  /**
   * Takes the pair's turn (unless it waits or another attempt holds it) and reads the three
   * scopes as they were, in one statement.
   */
  function claim(keys: ReturnType<typeof keysOf>) {
    return queryRows<ScopeState>(
      db,
      sql`with claim as (
            insert into login_throttle as t (scope, key_hash, attempt_until)
            values ('pair', ${keys.pair}, now() + make_interval(secs => ${attemptLeaseSeconds}))
            on conflict (scope, key_hash) do update set attempt_until = excluded.attempt_until
            where (t.attempt_until is null or t.attempt_until <= now())
              and (t.blocked_until is null or t.blocked_until <= now())
            returning 1
          )
          select 'claim' as scope, 0 as failures, 0 as wait_seconds from claim
          union all
          select t.scope,
                 case when t.last_failure_at > now() - ${window} then t.failures else 0 end,
                 greatest(0, coalesce(ceil(extract(epoch from t.blocked_until - now())), 0))::int
          from login_throttle t
          where (t.scope = 'pair' and t.key_hash = ${keys.pair})
             or (t.scope = 'address' and t.key_hash = ${keys.address})
             or (t.scope = 'account' and t.key_hash = ${keys.account})`,
    );
  }

  function refuse(waitSeconds: number): never {
    throw new AppError(
      429,
      'auth.rate_limited',
      `Too many failed sign-ins; try again in ${Math.ceil(waitSeconds / 60)} min.`,
      undefined,
      waitSeconds,
    );
  }

  /** Takes the pair's turn, or throws 429 with the wait; parallel attempts queue briefly. */
  async function takeTurn(keys: ReturnType<typeof keysOf>) {
    const deadline = Date.now() + turnWaitMs;
    for (let poll = firstPollMs; ; poll *= 2) {
      const rows = await claim(keys);
      const of = (scope: ScopeState['scope']) => rows.find((row) => row.scope === scope);
      const pair = of('pair');
      if (!of('claim')) {
        if (pair && pair.wait_seconds > 0) refuse(pair.wait_seconds);
        if (Date.now() >= deadline) refuse(1);
        await sleep(Math.min(poll, deadline - Date.now()));
        continue;
      }
      const address = of('address');
      const account = of('account');
      const waits = [address?.wait_seconds ?? 0];
      // Only addresses that failed on this account wait for it.
      if ((pair?.failures ?? 0) > 0) waits.push(account?.wait_seconds ?? 0);
      const wait = Math.max(...waits);
      if (wait > 0) {
        await release(keys);
        refuse(wait);
      }
      return;
    }
  }

  async function release(keys: ReturnType<typeof keysOf>) {
    await db.execute(
      sql`update login_throttle set attempt_until = null
          where scope = 'pair' and key_hash = ${keys.pair}`,
    );
  }

  async function recordFailure(keys: ReturnType<typeof keysOf>) {
    const next = sql`case when t.last_failure_at > now() - ${window} then t.failures + 1 else 1 end`;
    await db.execute(
      sql`insert into login_throttle as t
            (scope, key_hash, failures, last_failure_at, blocked_until)
          values
            ('pair', ${keys.pair}, 1, now(), ${blockedUntil(sql`'pair'`, sql`1`)}),
            ('address', ${keys.address}, 1, now(), ${blockedUntil(sql`'address'`, sql`1`)}),
            ('account', ${keys.account}, 1, now(), ${blockedUntil(sql`'account'`, sql`1`)})
          on conflict (scope, key_hash) do update set
            failures = ${next},
            last_failure_at = now(),
            blocked_until = ${blockedUntil(sql`t.scope`, next)},
            attempt_until = null`,
    );
    if (Date.now() - lastPrune > pruneEveryMs) {
      lastPrune = Date.now();
      await prune();
    }
  }

  /**
   * A pair that signs in was someone mistyping: its failures no longer count, neither for the
   * pair nor for its address or account. Others' failures on them stay.
   */
  async function forgivePair(keys: ReturnType<typeof keysOf>) {
    const remaining = sql`greatest(0, t.failures - forgiven.n)`;
    await db.execute(
      sql`with gone as (
            delete from login_throttle where scope = 'pair' and key_hash = ${keys.pair}
            returning case when last_failure_at > now() - ${window} then failures else 0 end as n
          ), forgiven as (select coalesce(sum(n), 0)::int as n from gone)
          update login_throttle t set
            failures = ${remaining},
            blocked_until = case
              when ${remaining} < case t.scope when 'address' then ${limits.perAddress}::int
                                               else ${limits.accountFree}::int end
              then null else t.blocked_until end
          from forgiven
          where forgiven.n > 0
            and ((t.scope = 'address' and t.key_hash = ${keys.address})
              or (t.scope = 'account' and t.key_hash = ${keys.account}))`,
    );
  }

  async function attemptInTurn(
    keys: ReturnType<typeof keysOf>,
    check: () => Promise<boolean>,
  ): Promise<boolean> {
    await takeTurn(keys);
    let passed: boolean;
    try {
      passed = await check();
    } catch (error) {
      await release(keys);
      throw error;
    }
    if (passed) await forgivePair(keys);
    else await recordFailure(keys);
    return passed;
  }

  /** Deletes counters that went quiet and hold nobody back. */
  async function prune() {
    await db.execute(
      sql`delete from login_throttle
          where coalesce(last_failure_at, '-infinity') <= now() - ${window}
            and coalesce(blocked_until, '-infinity') <= now()
            and coalesce(attempt_until, '-infinity') <= now()`,
    );
  }

  return {
    /**
     * Runs `check` (a password verification) as one attempt on `account` from `ip`: refused
     * with 429 while this pair, this address, or this account (if this address failed on it)
     * must wait; a false answer counts as a failure in every scope, a true one clears the pair.
     */
    attempt(ip: string, account: string, check: () => Promise<boolean>): Promise<boolean> {
      const keys = keysOf(ip, account);
      return inLocalQueue(keys.pair, () => attemptInTurn(keys, check));
    },

    /** Counts a password reset request from `ip`; 429 past the cap of the window. */
    async resetRequested(ip: string) {
      const key = hashToken(`reset\n${throttledAddress(ip)}`);
      const [row] = await queryRows<{ failures: number }>(
        db,
        sql`insert into login_throttle as t (scope, key_hash, failures, last_failure_at)
            values ('reset', ${key}, 1, now())
            on conflict (scope, key_hash) do update set
              failures = case when t.last_failure_at > now() - ${window}
                              then t.failures + 1 else 1 end,
              last_failure_at = now()
            returning failures`,
      );
      if ((row?.failures ?? 0) > limits.resetsPerAddress) {
        throw new AppError(
          429,
          'auth.rate_limited',
          'Too many password reset requests from this address; try again later.',
          undefined,
          limits.windowSeconds,
        );
      }
    },

    /** Clears an account's own count, once its owner has proven they read its mailbox. */
    async forgetAccount(account: string) {
      await db.execute(
        sql`delete from login_throttle
            where scope = 'account' and key_hash = ${keysOf('', account).account}`,
      );
    },

    prune,
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
