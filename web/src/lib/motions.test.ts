import { describe, expect, it } from 'vitest';
import { decisionState, motionHeading } from './motions.ts';

const settings = { maxConsentRounds: 2 };
const closedRound = (id: string) =>
  ({ id, amendmentId: null, kind: 'consent', status: 'closed' }) as const;

describe('decisionState', () => {
  it.each([
    ['draft', 'not_admitted'],
    ['submitted', 'not_admitted'],
    ['admitted', 'consent_round'],
    ['adopted', 'decided'],
    ['referred', 'decided'],
  ] as const)('a %s motion without polls: %s', (status, step) => {
    const state = decisionState({ status, polls: [], objections: [], amendments: [], settings });
    expect(state.step).toBe(step);
  });

  it('waits for a prepared or open poll on the motion, not for one on an amendment', () => {
    const amendmentPoll = { id: 'a', amendmentId: 'x', kind: 'vote', status: 'open' } as const;
    const running = { id: 'p', amendmentId: null, kind: 'consent', status: 'created' } as const;
    const base = { status: 'scheduled', objections: [], amendments: [], settings } as const;
    expect(decisionState({ ...base, polls: [amendmentPoll] }).step).toBe('consent_round');
    const state = decisionState({ ...base, polls: [amendmentPoll, running] });
    expect(state).toMatchObject({ step: 'running', runningPollId: 'p' });
  });

  it('puts amendments first, then objections, then counts the rounds', () => {
    const base = { status: 'scheduled', polls: [closedRound('r1')], settings } as const;
    expect(
      decisionState({
        ...base,
        objections: [{ status: 'open' }],
        amendments: [{ status: 'submitted' }],
      }).step,
    ).toBe('decide_amendments');
    expect(
      decisionState({ ...base, objections: [{ status: 'open' }], amendments: [] }),
    ).toMatchObject({ step: 'resolve_objections', openObjections: 1, consentRounds: 1 });
    expect(
      decisionState({ ...base, objections: [{ status: 'integrated' }], amendments: [] }).step,
    ).toBe('consent_round');
  });

  it('offers the fallback vote once the consent rounds are used up', () => {
    const state = decisionState({
      status: 'scheduled',
      polls: [closedRound('r1'), closedRound('r2')],
      objections: [{ status: 'ruled_out' }, { status: 'withdrawn' }],
      amendments: [{ status: 'adopted' }],
      settings,
    });
    expect(state).toMatchObject({ step: 'fallback_vote', consentRounds: 2, maxConsentRounds: 2 });
  });
});

describe('motionHeading', () => {
  it('keeps what the heading shows and leaves the text and the rest out of the page', () => {
    const motion = {
      id: 'm1',
      title: 'Budget',
      reference: 'M-3',
      status: 'admitted' as const,
      currentVersion: 2,
      current: { text: 'A long text' },
      assemblyId: 'a1',
    };
    expect(motionHeading(motion)).toEqual({
      id: 'm1',
      title: 'Budget',
      reference: 'M-3',
      status: 'admitted',
      currentVersion: 2,
    });
  });
});
