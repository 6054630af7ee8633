import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTallyFanOut } from '../../server/src/realtime/tally-fan-out.ts';

interface Reader {
  name: number;
  /** The participations of the frames received, per poll, in order. */
  got: Map<string, number[]>;
}

/** The fan-out on a clock and an event loop that the test turns by hand. */
function harness({ chunk = 3, spacingMs = 150, deliveryMs = 0, chunkMs = Infinity } = {}) {
  let clock = 0;
  const deferred: (() => void)[] = [];
  const timers = new Map<number, { at: number; run: () => void }>();
  let timerIds = 0;
  const following = new Map<string, Set<Reader>>();
  const fanOut = createTallyFanOut<Reader>({
    readersOf: (topic) => following.get(topic),
    deliver: (reader, frame) => {
      const { pollId, participation } = JSON.parse(frame.toString()) as {
        pollId: string;
        participation: number;
      };
      reader.got.set(pollId, [...(reader.got.get(pollId) ?? []), participation]);
      // A write keeps the core busy for a while.
      clock += deliveryMs;
    },
    spacingMs,
    chunk,
    chunkMs,
    defer: (run) => deferred.push(run),
    later: (run, ms) => {
      timerIds += 1;
      timers.set(timerIds, { at: clock + ms, run });
      return timerIds as unknown as ReturnType<typeof setTimeout>;
    },
    cancel: (timer) => timers.delete(timer as unknown as number),
    now: () => clock,
  });
  let names = 0;
  return {
    fanOut,
    follow(topic: string) {
      const reader: Reader = { name: (names += 1), got: new Map() };
      let readers = following.get(topic);
      if (!readers) following.set(topic, (readers = new Set()));
      readers.add(reader);
      return reader;
    },
    leave(topic: string, reader: Reader) {
      following.get(topic)?.delete(reader);
    },
    readers: (topic: string) => [...(following.get(topic) ?? [])],
    publish(pollId: string, topic: string, participation: number) {
      fanOut.publish(pollId, topic, Buffer.from(JSON.stringify({ pollId, participation })));
    },
    /** One turn of the loop: the next chunk waiting, if any. */
    turn() {
      deferred.shift()?.();
    },
    advance(ms: number) {
      clock += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > clock || !timers.has(id)) continue;
        timers.delete(id);
        timer.run();
      }
    },
    /** Until nothing is left to send. */
    drain() {
      for (let guard = 0; guard < 100_000 && (deferred.length || timers.size); guard += 1) {
        if (deferred.length) this.turn();
        else this.advance(Math.max(0, Math.min(...[...timers.values()].map((t) => t.at)) - clock));
      }
    },
  };
}

describe('tally fan-out', () => {
  it('a newer frame continues the round where it is; the next round brings it to the first sockets', () => {
    const h = harness({ chunk: 3 });
    const readers = Array.from({ length: 9 }, () => h.follow('assembly:a'));
    h.publish('p', 'assembly:a', 1);
    // The first chunk went at once (readers 0–2); one more turn: readers 3–5.
    h.turn();
    h.publish('p', 'assembly:a', 2);
    h.turn();
    // The round went on with the newer frame: the last three never got the older one.
    expect(readers.slice(6).map((r) => r.got.get('p'))).toEqual([[2], [2], [2]]);
    expect(readers.slice(0, 6).map((r) => r.got.get('p'))).toEqual([[1], [1], [1], [1], [1], [1]]);
    // The next round waits for the spacing, then reaches those that are behind, and them only.
    h.advance(149);
    expect(readers[0]!.got.get('p')).toEqual([1]);
    h.drain();
    expect(readers.map((r) => r.got.get('p'))).toEqual([
      ...Array.from({ length: 6 }, () => [1, 2]),
      [2],
      [2],
      [2],
    ]);
  });

  it('frames arriving faster than the rounds are coalesced: each socket gets the last one', () => {
    const h = harness({ chunk: 1000 });
    const readers = Array.from({ length: 5 }, () => h.follow('assembly:a'));
    for (let participation = 1; participation <= 50; participation += 1) {
      h.publish('p', 'assembly:a', participation);
      h.advance(10);
    }
    h.drain();
    for (const reader of readers) {
      const got = reader.got.get('p')!;
      expect(got.at(-1)).toBe(50);
      // 500 ms of frames with rounds 150 ms apart: the first frame, then three or four more.
      expect(got.length).toBeLessThanOrEqual(5);
    }
  });

  it('after a long round the next waits as long as its writes took, not the work between them', () => {
    const h = harness({ chunk: 2, spacingMs: 150, deliveryMs: 40 });
    const readers = Array.from({ length: 6 }, () => h.follow('assembly:a'));
    h.publish('p', 'assembly:a', 1);
    // Three chunks of two 40 ms writes, each waiting 100 ms for its turn (a loaded loop): the
    // round ends at 440 ms, after 240 ms of writes.
    h.advance(100);
    h.turn();
    h.advance(100);
    h.turn();
    h.publish('p', 'assembly:a', 2);
    // 150 ms after the round's start has long passed; the writes' 240 ms after its end has not.
    h.advance(239);
    h.turn();
    expect(readers[0]!.got.get('p')).toEqual([1]);
    h.advance(1);
    expect(readers[0]!.got.get('p')).toEqual([1, 2]);
    h.drain();
    expect(readers.map((r) => r.got.get('p')!.at(-1))).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a chunk stops writing once its time is up, and the round goes on at the next turn', () => {
    const h = harness({ chunk: 100, chunkMs: 5, deliveryMs: 2 });
    const readers = Array.from({ length: 7 }, () => h.follow('assembly:a'));
    h.publish('p', 'assembly:a', 1);
    // 2, 4, 6 ms: the third write passes the 5 ms, the chunk ends there.
    expect(readers.map((r) => r.got.get('p')?.length ?? 0)).toEqual([1, 1, 1, 0, 0, 0, 0]);
    h.turn();
    expect(readers.map((r) => r.got.get('p')?.length ?? 0)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    h.turn();
    expect(readers.map((r) => r.got.get('p'))).toEqual(Array.from({ length: 7 }, () => [1]));
  });

  it('short rounds are spaced from their start: a frame waits no longer than the spacing', () => {
    const h = harness({ chunk: 10, spacingMs: 150, deliveryMs: 1 });
    const readers = Array.from({ length: 3 }, () => h.follow('assembly:a'));
    h.publish('p', 'assembly:a', 1);
    h.advance(20);
    h.publish('p', 'assembly:a', 2);
    h.advance(126);
    expect(readers[0]!.got.get('p')).toEqual([1]);
    h.advance(1);
    expect(readers.map((r) => r.got.get('p'))).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('never an older frame after a newer one, and every socket still following gets the last', () => {
    type Step =
      | { kind: 'publish'; poll: 'p' | 'q' }
      | { kind: 'turn' }
      | { kind: 'advance'; ms: number }
      | { kind: 'follow' }
      | { kind: 'leave'; which: number };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('publish' as const), poll: fc.constantFrom('p', 'q') }),
      fc.record({ kind: fc.constant('turn' as const) }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 200 }) }),
      fc.record({ kind: fc.constant('follow' as const) }),
      fc.record({ kind: fc.constant('leave' as const), which: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(step, { maxLength: 80 }),
        (chunk, steps: Step[]) => {
          const h = harness({ chunk });
          const counts = { p: 0, q: 0 };
          const gone = new Set<Reader>();
          for (let i = 0; i < 4; i += 1) h.follow('assembly:a');
          // Who followed when each poll's last frame was published (and stayed).
          const atLast = { p: new Set<Reader>(), q: new Set<Reader>() };
          for (const s of steps) {
            if (s.kind === 'publish') {
              counts[s.poll] += 1;
              h.publish(s.poll, 'assembly:a', counts[s.poll]);
              atLast[s.poll] = new Set(h.readers('assembly:a'));
            } else if (s.kind === 'turn') h.turn();
            else if (s.kind === 'advance') h.advance(s.ms);
            else if (s.kind === 'follow') h.follow('assembly:a');
            else {
              const readers = h.readers('assembly:a');
              const reader = readers[s.which % Math.max(1, readers.length)];
              if (reader) {
                h.leave('assembly:a', reader);
                gone.add(reader);
              }
            }
          }
          h.drain();
          for (const poll of ['p', 'q'] as const) {
            for (const reader of [...atLast[poll], ...h.readers('assembly:a'), ...gone]) {
              const got = reader.got.get(poll) ?? [];
              // Strictly rising: never the same frame twice, never an older after a newer.
              for (let i = 1; i < got.length; i += 1) expect(got[i]).toBeGreaterThan(got[i - 1]!);
            }
            for (const reader of atLast[poll]) {
              if (gone.has(reader)) continue;
              expect(reader.got.get(poll)?.at(-1)).toBe(counts[poll]);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
