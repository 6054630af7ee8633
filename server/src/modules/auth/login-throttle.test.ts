import { describe, expect, it } from 'vitest';
import { throttledAddress } from './login-throttle.ts';

describe('the address a sign-in limit applies to', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:0db8:0001:0002::/64'],
    ['2001:db8:1:2::9', '2001:0db8:0001:0002::/64'],
    ['2001:DB8:1:2:ffff::1', '2001:0db8:0001:0002::/64'],
    ['2001:db8::1', '2001:0db8:0000:0000::/64'],
    ['::1', '0000:0000:0000:0000::/64'],
    ['fe80::1:2', 'fe80:0000:0000:0000::/64'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (ip, address) => {
    expect(throttledAddress(ip)).toBe(address);
  });

  it('puts every address of one IPv6 /64 under one count, and the next /64 apart', () => {
    const subscriber = ['2001:db8:aa:1::1', '2001:db8:aa:1:dead:beef:0:1', '2001:db8:aa:1::ffff'];
    expect(new Set(subscriber.map(throttledAddress)).size).toBe(1);
    expect(throttledAddress('2001:db8:aa:2::1')).not.toBe(throttledAddress(subscriber[0]!));
  });
});
