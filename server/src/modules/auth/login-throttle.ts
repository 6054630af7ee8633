export interface ThrottleLimits {
  /** Failed logins allowed per address within the window. Generous: a village hall shares one IP. */
  perIp: number;
  /** Failed logins allowed per account within the window. */
  perAccount: number;
  windowMs: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  perIp: 50,
  perAccount: 10,
  windowMs: 15 * 60_000,
};

interface Window {
  failures: number;
  resetAt: number;
}

const maxTrackedKeys = 100_000;

/**
 * Counts failed logins per IP and per account in fixed windows, in memory. Only failures count,
 * so forty people signing in from one Wi-Fi are never locked out. Each instance keeps its own
 * counts; behind a load balancer the effective limit multiplies by the number of instances.
 */
export function createLoginThrottle(limits: ThrottleLimits = defaultThrottleLimits) {
  const windows = new Map<string, Window>();

  function current(key: string, now: number): Window | undefined {
    const window = windows.get(key);
    if (window && window.resetAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return window;
  }

  function sweep(now: number) {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }

  return {
    /** Seconds to wait if this attempt must be refused, else null. */
    retryAfter(ip: string, account: string, now = Date.now()): number | null {
      const checks: [string, number][] = [
        [`ip:${ip}`, limits.perIp],
        [`account:${account}`, limits.perAccount],
      ];
      for (const [key, limit] of checks) {
        const window = current(key, now);
        if (window && window.failures >= limit) return Math.ceil((window.resetAt - now) / 1000);
      }
      return null;
    },
    recordFailure(ip: string, account: string, now = Date.now()) {
      if (windows.size > maxTrackedKeys) sweep(now);
      for (const key of [`ip:${ip}`, `account:${account}`]) {
        const window = current(key, now);
        if (window) window.failures += 1;
        else windows.set(key, { failures: 1, resetAt: now + limits.windowMs });
      }
    },
    recordSuccess(account: string) {
      windows.delete(`account:${account}`);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
