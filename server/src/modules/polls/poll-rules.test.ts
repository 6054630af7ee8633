import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  checkBallot,
  checkSiteCountsShape,
  checkSiteRoom,
  planPoll,
  type PollPlanInput,
} from './poll-rules.ts';

const now = new Date('2026-06-01T10:00:00Z');

function plan(
  overrides: Omit<Partial<PollPlanInput>, 'body'> & { body?: Partial<PollPlanInput['body']> } = {},
) {
  const { body, ...rest } = overrides;
  return planPoll({
    body: { kind: 'vote', rule: 'simple', secret: false, ...body },
    onAmendment: false,
    forMandate: false,
    pendingAmendments: 0,
    openObjections: 0,
    consentRounds: 0,
    assembly: { maxConsentRounds: 3, fallbackRule: 'two_thirds', collegeWeighting: false },
    assemblyId: 'a1',
    now,
    ...rest,
  });
}

/** The refusal's code and field, or 'accepted'. */
function refusal(run: () => unknown) {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return `${error.statusCode} ${error.code}${error.field ? ` ${error.field}` : ''}`;
  }
}

describe('planPoll', () => {
  it.each([
    ['amendments still pending', { pendingAmendments: 1 }, '409 polls.amendments_pending'],
    ['an objection still open', { openObjections: 2 }, '409 polls.objections_open'],
    [
      'a consent round after the last one',
      { consentRounds: 3, body: { kind: 'consent' as const } },
      '409 polls.consent_rounds_exhausted kind',
    ],
    ['a vote without a rule', { body: { rule: undefined } }, '400 validation.invalid rule'],
    [
      'a secret consent round',
      { body: { kind: 'consent' as const, secret: true } },
      '400 validation.invalid secret',
    ],
    [
      'members_absolute weighted by college',
      {
        body: { rule: 'members_absolute' as const },
        assembly: { maxConsentRounds: 3, fallbackRule: 'simple' as const, collegeWeighting: true },
      },
      '400 validation.invalid rule',
    ],
    [
      'a meeting of another assembly',
      { body: { meetingId: 'm1' }, meeting: { assemblyId: 'a2', status: 'live' as const } },
      '400 validation.invalid meetingId',
    ],
    [
      'an ended meeting',
      { body: { meetingId: 'm1' }, meeting: { assemblyId: 'a1', status: 'ended' as const } },
      '400 validation.invalid meetingId',
    ],
    [
      'a cancelled meeting',
      { body: { meetingId: 'm1' }, meeting: { assemblyId: 'a1', status: 'cancelled' as const } },
      '400 validation.invalid meetingId',
    ],
    [
      'a meeting that does not exist',
      { body: { meetingId: 'm1' } },
      '400 validation.invalid meetingId',
    ],
    [
      'a deadline already past',
      { body: { closesAt: '2026-06-01T09:59:59Z' } },
      '400 validation.invalid closesAt',
    ],
  ])('refuses %s', (_case, input, expected) => {
    expect(refusal(() => plan(input))).toBe(expected);
  });

  it('numbers consent rounds and keeps the motion rules for the motion only', () => {
    expect(plan({ body: { kind: 'consent' }, consentRounds: 2 })).toMatchObject({
      round: 3,
      rule: null,
      fallback: false,
    });
    // An amendment or an antenna's mandate is decided whatever waits on the motion.
    for (const kind of [{ onAmendment: true }, { forMandate: true }]) {
      expect(refusal(() => plan({ ...kind, pendingAmendments: 1, openObjections: 1 }))).toBe(
        'accepted',
      );
    }
  });

  it('makes a vote after consent rounds the fallback, with the assembly’s rule', () => {
    expect(plan({ consentRounds: 1, body: { rule: 'simple' } })).toEqual({
      rule: 'two_thirds',
      fallback: true,
      round: 1,
      closesAt: null,
    });
    // The fallback rule needs no rule in the request.
    expect(plan({ consentRounds: 3, body: { rule: undefined } }).rule).toBe('two_thirds');
  });

  it('keeps a future deadline and a running meeting of the assembly', () => {
    const planned = plan({
      body: { meetingId: 'm1', closesAt: '2026-06-01T12:30:00+02:00' },
      meeting: { assemblyId: 'a1', status: 'live' },
    });
    expect(planned.closesAt?.toISOString()).toBe('2026-06-01T10:30:00.000Z');
  });
});

const open = { kind: 'vote' as const, meetingId: null, closesAt: null, status: 'open' as const };

describe('checkBallot', () => {
  it.each([
    ['a stance in a vote', open, { choice: 'consent' }, '400 validation.invalid choice'],
    [
      'an objection without its reason',
      { ...open, kind: 'consent' as const },
      { choice: 'objection', reason: '   ' },
      '400 validation.invalid reason',
    ],
    [
      'a proxy outside a meeting',
      open,
      { choice: 'yes', onBehalfOf: 'u2' },
      '403 ballots.no_proxy onBehalfOf',
    ],
    [
      'a closed poll',
      { ...open, status: 'closed' as const },
      { choice: 'yes' },
      '409 polls.closed',
    ],
    [
      'a poll not open yet',
      { ...open, status: 'created' as const },
      { choice: 'yes' },
      '409 polls.not_open',
    ],
  ])('refuses %s', (_case, poll, body, expected) => {
    const ballot = { clientBallotId: 'c1', ...body } as Parameters<typeof checkBallot>[1];
    expect(refusal(() => checkBallot(poll, ballot, 'u1', now))).toBe(expected);
  });

  it('asks for the close when the deadline passed before the job ran', () => {
    const late = { ...open, closesAt: new Date(now.getTime() - 1) };
    expect(checkBallot(late, { clientBallotId: 'c1', choice: 'yes' }, 'u1', now)).toEqual({
      accepted: false,
      pastDeadline: true,
    });
  });

  it('counts a proxy ballot for its grantor, and trims the reason', () => {
    const meeting = { ...open, kind: 'consent' as const, meetingId: 'm1' };
    expect(
      checkBallot(
        meeting,
        { clientBallotId: 'c1', choice: 'objection', reason: ' too vague ', onBehalfOf: 'u2' },
        'u1',
        now,
      ),
    ).toEqual({ accepted: true, voterId: 'u2', reason: 'too vague' });
    expect(
      checkBallot(
        meeting,
        { clientBallotId: 'c1', choice: 'consent', onBehalfOf: 'u1' },
        'u1',
        now,
      ),
    ).toEqual({ accepted: true, voterId: 'u1', reason: null });
  });
});

describe('site counts', () => {
  const colleges = { weighted: true, ids: new Set(['c1', 'c2']) };

  it.each([
    [
      'a choice of another kind',
      [{ choice: 'consent', count: 1, collegeId: 'c1' }],
      '400 validation.invalid counts.0.choice',
    ],
    [
      'a row without its college',
      [{ choice: 'yes', count: 1 }],
      '400 site_counts.college_required counts.0.collegeId',
    ],
    [
      'a college of another assembly',
      [{ choice: 'yes', count: 1, collegeId: 'x' }],
      '400 validation.invalid counts.0.collegeId',
    ],
    [
      'a choice twice in one college',
      [
        { choice: 'yes', count: 1, collegeId: 'c1' },
        { choice: 'yes', count: 2, collegeId: 'c1' },
      ],
      '400 validation.invalid counts.1.choice',
    ],
  ])('refuses %s', (_case, counts, expected) => {
    expect(refusal(() => checkSiteCountsShape('vote', counts as never, colleges))).toBe(expected);
  });

  it('takes each choice once per college', () => {
    const counts = [
      { choice: 'yes' as const, count: 1, collegeId: 'c1' },
      { choice: 'yes' as const, count: 2, collegeId: 'c2' },
    ];
    expect(refusal(() => checkSiteCountsShape('vote', counts, colleges))).toBe('accepted');
  });

  const covered = [
    { collegeId: 'c1', count: 3 },
    { collegeId: 'c2', count: 2 },
  ];

  it('counts at most who is under the show of hands, in all and per college', () => {
    const within = [
      { choice: 'yes' as const, count: 3, collegeId: 'c1' },
      { choice: 'no' as const, count: 2, collegeId: 'c2' },
    ];
    expect(refusal(() => checkSiteRoom(within, covered))).toBe('accepted');
    expect(
      refusal(() => checkSiteRoom([{ choice: 'yes', count: 6, collegeId: null }], covered)),
    ).toBe('400 site_counts.too_many counts');
    // Five in all is fine, but college c2 has only two people there.
    expect(
      refusal(() =>
        checkSiteRoom(
          [
            { choice: 'yes', count: 1, collegeId: 'c1' },
            { choice: 'no', count: 3, collegeId: 'c2' },
          ],
          covered,
        ),
      ),
    ).toBe('400 site_counts.too_many counts.1.count');
  });
});
