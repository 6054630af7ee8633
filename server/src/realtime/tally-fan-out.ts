/**
 * Carries each poll's latest tally frame to the sockets that follow its assembly. A frame is
 * encoded once and written socket after socket by a round, in chunks, so that the event loop
 * answers ballots between chunks. A newer frame arriving during a round is what the rest of that
 * round carries: the round goes on where it is instead of starting again from the first socket
 * (which starved the last ones). The next round then brings the newer frame to the sockets the
 * older one reached first, skipping those that have it. Rounds of one poll start `spacingMs`
 * apart at least, and the next one waits after the last one ended as long as its writes kept the
 * core busy: with many sockets a round's writes take long (10,000 took some 150 ms), and
 * back-to-back rounds would leave the core no time for the ballots, so the writes get half of it
 * at most and each socket gets every k-th frame, k growing with their number. The wait counts the
 * writes only, not the other work done between chunks: counting the round's whole length (three
 * times it, before) made a frame wait for a round more than it had to at 10,000 sockets.
 * No socket ever gets an older frame after a newer one, and every socket still following gets
 * the last one.
 */

interface PollFanOut<Reader extends object, Frame> {
  topic: string;
  frame: Frame;
  /** Numbered across polls: a reader holding this number has the latest frame. */
  version: number;
  /**
   * The number of the frame each reader got last. Kept here, one table per poll, rather than a
   * table per reader (a Map for each of 10,000 sockets cost some 200 bytes each); weak, so that
   * a reader gone drops out of it.
   */
  got: WeakMap<Reader, number>;
  /** The readers of the round under way (those following when it started) and where it is. */
  round: Reader[];
  index: number;
  running: boolean;
  roundStartedAt: number;
  /** The time this round's chunks took, their writes only (the work between them left out). */
  roundBusyMs: number;
  /** When the last round ended, and how long its writes took: the wait before the next. */
  lastRoundEndedAt: number;
  lastRoundBusyMs: number;
  /** The frame number when the round started: a newer one means an earlier reader is behind. */
  roundVersion: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Forgets a poll whose tallies stopped (any frame after is numbered higher: all get it). */
  idleTimer: ReturnType<typeof setTimeout> | null;
}

export interface TallyFanOutOptions<Reader extends object, Frame> {
  /** Who follows a topic now (a round starts with them; one who left since is skipped). */
  readersOf(topic: string): ReadonlySet<Reader> | undefined;
  deliver(reader: Reader, frame: Frame): void;
  spacingMs: number;
  /** The longest a chunk writes before the event loop gets a turn (checked after each write)… */
  chunkMs?: number;
  /** …and the most readers it writes to (the tests' clock-free harness counts them). */
  chunk?: number;
  /** For tests: how the next chunk and a later round are scheduled, and the clock. */
  defer?: (run: () => void) => void;
  later?: (run: () => void, ms: number) => ReturnType<typeof setTimeout>;
  cancel?: (timer: ReturnType<typeof setTimeout>) => void;
  now?: () => number;
}

export function createTallyFanOut<Reader extends object, Frame = Buffer>({
  readersOf,
  deliver,
  spacingMs,
  chunk = Infinity,
  chunkMs = Infinity,
  defer = (run) => setImmediate(run),
  later = (run, ms) => setTimeout(run, ms).unref(),
  cancel = (timer) => clearTimeout(timer),
  now = () => performance.now(),
}: TallyFanOutOptions<Reader, Frame>) {
  const polls = new Map<string, PollFanOut<Reader, Frame>>();
  let serial = 0;

  function startRound(pollId: string, poll: PollFanOut<Reader, Frame>) {
    poll.timer = null;
    poll.round = [...(readersOf(poll.topic) ?? [])];
    poll.index = 0;
    poll.running = true;
    poll.roundStartedAt = now();
    poll.roundBusyMs = 0;
    poll.roundVersion = poll.version;
    continueRound(pollId, poll);
  }

  function continueRound(pollId: string, poll: PollFanOut<Reader, Frame>) {
    const chunkStartedAt = now();
    const end = Math.min(poll.index + chunk, poll.round.length);
    const following = readersOf(poll.topic);
    while (poll.index < end) {
      const reader = poll.round[poll.index]!;
      poll.index += 1;
      if ((poll.got.get(reader) ?? 0) >= poll.version) continue;
      // Gone since the round started (rights withdrawn, the page left): nothing more for it.
      if (!following?.has(reader)) continue;
      poll.got.set(reader, poll.version);
      deliver(reader, poll.frame);
      if (now() - chunkStartedAt >= chunkMs) break;
    }
    poll.roundBusyMs += now() - chunkStartedAt;
    if (poll.index < poll.round.length) {
      defer(() => continueRound(pollId, poll));
      return;
    }
    poll.running = false;
    poll.round = [];
    poll.lastRoundEndedAt = now();
    poll.lastRoundBusyMs = poll.roundBusyMs;
    if (poll.version > poll.roundVersion) schedule(pollId, poll);
    else poll.idleTimer = later(() => polls.delete(pollId), spacingMs);
  }

  function schedule(pollId: string, poll: PollFanOut<Reader, Frame>) {
    if (poll.idleTimer) cancel(poll.idleTimer);
    poll.idleTimer = null;
    if (poll.running || poll.timer) return;
    const startAt = Math.max(
      poll.roundStartedAt + spacingMs,
      poll.lastRoundEndedAt + poll.lastRoundBusyMs,
    );
    const wait = startAt - now();
    if (wait <= 0) startRound(pollId, poll);
    else poll.timer = later(() => startRound(pollId, poll), wait);
  }

  return {
    /** A poll's newer tally: it leaves now, or with the round under way, or after the spacing. */
    publish(pollId: string, topic: string, frame: Frame) {
      let poll = polls.get(pollId);
      if (!poll) {
        poll = {
          topic,
          frame,
          version: 0,
          got: new WeakMap(),
          round: [],
          index: 0,
          running: false,
          roundStartedAt: -Infinity,
          roundBusyMs: 0,
          lastRoundEndedAt: -Infinity,
          lastRoundBusyMs: 0,
          roundVersion: 0,
          timer: null,
          idleTimer: null,
        };
        polls.set(pollId, poll);
      }
      serial += 1;
      poll.version = serial;
      poll.frame = frame;
      schedule(pollId, poll);
    },

    stop() {
      for (const poll of polls.values()) {
        if (poll.timer) cancel(poll.timer);
        if (poll.idleTimer) cancel(poll.idleTimer);
      }
      polls.clear();
    },
  };
}
