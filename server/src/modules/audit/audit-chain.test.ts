import { describe, expect, it } from 'vitest';
import {
  electionBallotsDigest,
  lotOrder,
  roundResultDigest,
} from '../elections/election-digest.ts';
import { canonicalJson, type ChainEvent, eventHash, genesisHash } from '../events/event-hash.ts';
import {
  chainFile,
  checkChain,
  checkRecords,
  motionStatusesFromEvents,
  parseChainFile,
  witnessHeadsToPublish,
} from './audit-chain.ts';

const assemblyId = 'assembly1';

function chain(payloads: { type: string; payload: Record<string, unknown> }[]): ChainEvent[] {
  let prevHash = genesisHash(assemblyId);
  return payloads.map(({ type, payload }, index) => {
    const content = {
      seq: index + 1,
      type,
      actorId: null,
      payload,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      prevHash,
    };
    const hash = eventHash({ ...content, assemblyId });
    prevHash = hash;
    return { ...content, hash };
  });
}

const five = chain(['a', 'b', 'c', 'd', 'e'].map((name) => ({ type: 'note', payload: { name } })));

describe('canonicalJson', () => {
  it('reads a value as the database gives it back, dates included', () => {
    const payload = { b: 1, a: { opensAt: new Date('2026-01-01T00:00:00.000Z') }, c: undefined };
    expect(canonicalJson(payload)).toBe(canonicalJson(JSON.parse(JSON.stringify(payload))));
    expect(canonicalJson(payload)).toBe('{"a":{"opensAt":"2026-01-01T00:00:00.000Z"},"b":1}');
  });
});

describe('checkChain', () => {
  it('passes an intact chain held against heads that match, whole or by their first 16 digits', () => {
    const { issues } = checkChain({
      assemblyId,
      events: five,
      recordedHead: { seq: 5, hash: five[4]!.hash },
      heads: [
        { seq: 2, hash: five[1]!.hash, source: 'witness' },
        { seq: 4, hash: five[3]!.hash.slice(0, 16), source: 'given' },
      ],
    });
    expect(issues).toEqual([]);
  });

  it('says between which heads a rewrite with recomputed hashes lies', () => {
    const rewritten = chain(
      ['a', 'b', 'X', 'd', 'e'].map((name) => ({ type: 'note', payload: { name } })),
    );
    const { issues } = checkChain({
      assemblyId,
      events: rewritten,
      heads: [
        { seq: 1, hash: five[0]!.hash, source: 'given' },
        { seq: 4, hash: five[3]!.hash, source: 'given' },
      ],
    });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'head.mismatch', seq: 4, after: 1, source: 'given' }),
    ]);
  });

  it('reports a gap once, and events that no longer follow each other', () => {
    const { issues } = checkChain({ assemblyId, events: [five[0]!, five[2]!, five[4]!] });
    expect(issues.map((item) => [item.code, item.seq])).toEqual([
      ['chain.event_missing', 2],
      ['chain.event_missing', 4],
    ]);
  });
});

describe('motionStatusesFromEvents', () => {
  it('follows a motion from its draft to its decision, scheduled by the poll opened on it', () => {
    const statuses = motionStatusesFromEvents(
      chain([
        { type: 'motion.created', payload: { motionId: 'm' } },
        { type: 'motion.submitted', payload: { motionId: 'm', status: 'admitted' } },
        { type: 'poll.opened', payload: { motionId: 'm', pollId: 'p' } },
        { type: 'motion.commented', payload: { motionId: 'm' } },
      ]),
    );
    expect(statuses.get('m')).toEqual({ status: 'scheduled', seq: 3 });
  });
});

describe('checkRecords on an election round', () => {
  // A round with no ballot: its digest is that of nothing, and its lot order is drawn from it.
  const digest = electionBallotsDigest([], []);
  const drawn = lotOrder(digest, ['c1', 'c2', 'c3']);
  const elected = [{ candidateId: drawn[0]!, reservedFor: null, round: 1 }];
  const audit = (tieOrder: string[]) => {
    const result = { outcome: 'counted', count: { seats: { elected } }, tieOrder };
    const closing = {
      type: 'election.round_closed',
      payload: {
        electionId: 'e',
        pollId: 'p',
        round: 1,
        outcome: 'counted',
        elected,
        nextRound: false,
        ballotsDigest: digest,
        resultDigest: roundResultDigest(result),
      },
    };
    const round = {
      id: 'p',
      secret: false,
      status: 'closed',
      result,
      ballotsDigest: digest,
      ballots: [],
      siteCounts: [],
    };
    return checkRecords({
      events: chain([closing]),
      polls: [],
      electionRounds: [round],
      motions: [],
      minutes: [],
    });
  };

  it('passes a round recorded as it was closed, its ties broken by the lot its ballots draw', () => {
    expect(audit(drawn)).toMatchObject({ issues: [], checked: { polls: 1 } });
  });

  it('reports a lot order not drawn from the ballots, even when the result was recorded so', () => {
    const { issues } = audit([...drawn].reverse());
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'poll.result_mismatch',
        seq: 1,
        message: expect.stringContaining('lot order'),
      }),
    ]);
  });
});

describe('the chain file', () => {
  it('reads back what it wrote, and carries the outside copy where it disagrees', () => {
    const witness = [
      { seq: 2, hash: five[1]!.hash, source: 'witness' as const },
      { seq: 3, hash: five[2]!.hash, source: 'witness' as const },
      { seq: 4, hash: 'f'.repeat(64), source: 'witness' as const },
      { seq: 6, hash: 'e'.repeat(64), source: 'witness' as const },
    ];
    const heads = witnessHeadsToPublish(five, witness);
    expect(heads.map((head) => head.seq)).toEqual([3, 4, 6]);
    const header = {
      format: 'cercle-audit-chain' as const,
      version: 1 as const,
      assemblyId,
      assemblyName: 'AG',
      exportedAt: new Date().toISOString(),
      events: five.length,
      recordedHead: { seq: 5, hash: five[4]!.hash },
      heads,
    };
    const read = parseChainFile(chainFile(header, five));
    expect(read.header).toEqual(header);
    expect(read.events).toEqual(five);
    expect(() => parseChainFile(`${JSON.stringify(header)}\n{"seq":1}\n`)).toThrow(/^line 2: /);
  });
});
