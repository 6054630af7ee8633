import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyedThrottle } from './throttle.ts';

describe('createKeyedThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a lone call at once, without waiting for the interval', () => {
    const runs: string[] = [];
    createKeyedThrottle(200, (key) => runs.push(key)).call('poll-1');
    expect(runs).toEqual(['poll-1']);
  });

  it('folds a burst into one leading and one trailing run, and never drops the last call', () => {
    const runs: number[] = [];
    const throttle = createKeyedThrottle(200, () => runs.push(Date.now()));
    const start = Date.now();
    for (let i = 0; i < 50; i += 1) {
      throttle.call('poll-1');
      vi.advanceTimersByTime(3);
    }
    vi.advanceTimersByTime(1_000);
    expect(runs.map((at) => at - start)).toEqual([0, 200]);
  });

  it('keeps keys apart', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(200, (key) => runs.push(key));
    throttle.call('a');
    throttle.call('b');
    throttle.call('a');
    vi.advanceTimersByTime(200);
    expect(runs).toEqual(['a', 'b', 'a']);
  });

  it('runs nothing more once stopped', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(200, (key) => runs.push(key));
    throttle.call('a');
    throttle.call('a');
    throttle.stop();
    vi.advanceTimersByTime(1_000);
    expect(runs).toEqual(['a']);
  });
});
