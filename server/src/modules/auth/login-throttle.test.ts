import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

const limits = { perIp: 5, perAccount: 3, windowMs: 60_000 };

describe('login throttle', () => {
  it('refuses an account after its failures, with the seconds left in the window', () => {
    const throttle = createLoginThrottle(limits);
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfter('1.1.1.1', 'a@x', 1_000)).toBeNull();
      throttle.recordFailure('1.1.1.1', 'a@x', 1_000);
    }
    expect(throttle.retryAfter('2.2.2.2', 'a@x', 31_000)).toBe(30);
    expect(throttle.retryAfter('2.2.2.2', 'b@x', 31_000)).toBeNull();
  });

  it('opens again when the window ends', () => {
    const throttle = createLoginThrottle(limits);
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('1.1.1.1', 'a@x', 0);
    expect(throttle.retryAfter('1.1.1.1', 'a@x', 59_999)).not.toBeNull();
    expect(throttle.retryAfter('1.1.1.1', 'a@x', 60_000)).toBeNull();
  });

  it('forgets an account’s failures after a success, but not the address’s', () => {
    const throttle = createLoginThrottle(limits);
    for (let i = 0; i < 2; i += 1) throttle.recordFailure('1.1.1.1', 'a@x', 0);
    throttle.recordSuccess('a@x');
    throttle.recordFailure('1.1.1.1', 'a@x', 0);
    expect(throttle.retryAfter('1.1.1.1', 'a@x', 0)).toBeNull();
    for (let i = 0; i < 2; i += 1) throttle.recordFailure('1.1.1.1', `other${i}@x`, 0);
    expect(throttle.retryAfter('1.1.1.1', 'new@x', 0)).not.toBeNull();
  });

  it('never counts successful sign-ins: a full room on one Wi-Fi is not locked out', () => {
    const throttle = createLoginThrottle(limits);
    for (let i = 0; i < 100; i += 1) {
      expect(throttle.retryAfter('10.0.0.1', `person${i}@x`, 0)).toBeNull();
      throttle.recordSuccess(`person${i}@x`);
    }
  });
});
