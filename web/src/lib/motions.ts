// Types only from @cercle/shared: this module also runs in the browser.
import type {
  Amendment,
  AssemblySettings,
  Choice,
  ConsentStance,
  MotionStatus,
  nextStepSchema,
  Objection,
  Poll,
  PollKind,
  VoteChoice,
} from '@cercle/shared';

export const motionStatuses = [
  'draft',
  'submitted',
  'admitted',
  'scheduled',
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
] as const satisfies readonly MotionStatus[];

export const voteChoices = ['yes', 'no', 'abstain'] as const satisfies readonly VoteChoice[];
export const consentStances = [
  'consent',
  'concern',
  'objection',
  'stand_aside',
] as const satisfies readonly ConsentStance[];

export function choicesFor(kind: PollKind): readonly Choice[] {
  return kind === 'vote' ? voteChoices : consentStances;
}

/** Still open to change: the text may get new versions, members may support and amend it. */
export const openStatuses: readonly MotionStatus[] = ['submitted', 'admitted', 'scheduled'];
export const decidedStatuses: readonly MotionStatus[] = [
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
];

/** What the author may still do: edit until the motion is put to a decision, withdraw until decided. */
export function authorMayEdit(status: MotionStatus): boolean {
  return status === 'draft' || status === 'submitted' || status === 'admitted';
}
export function authorMayWithdraw(status: MotionStatus): boolean {
  return status === 'draft' || openStatuses.includes(status);
}
/** A secretary edits until the decision, to integrate objections into a new version. */
export function secretaryMayEdit(status: MotionStatus): boolean {
  return status === 'draft' ? false : !decidedStatuses.includes(status);
}

type NextStep = ReturnType<(typeof nextStepSchema)['parse']>;

/**
 * Where the motion's decision stands, from DESIGN §3: amendments before the motion, no new
 * consent round while an objection is open, and after the last consent round the fallback vote.
 * The API applies the same rules; this only says which button and explanation to show.
 */
export type DecisionStep =
  | Exclude<NextStep, 'none'>
  /** Draft or submitted: not yet admitted, nothing to decide yet. */
  | 'not_admitted'
  /** A poll on the motion itself is prepared or open. */
  | 'running'
  | 'decided';

export interface DecisionState {
  step: DecisionStep;
  /** Consent rounds on the motion itself that have closed. */
  consentRounds: number;
  maxConsentRounds: number;
  openObjections: number;
  pendingAmendments: number;
  /** The motion's poll that is prepared or open, if any. */
  runningPollId: string | null;
}

export function decisionState({
  status,
  polls,
  objections,
  amendments,
  settings,
}: {
  status: MotionStatus;
  polls: readonly Pick<Poll, 'id' | 'amendmentId' | 'kind' | 'status'>[];
  objections: readonly Pick<Objection, 'status'>[];
  amendments: readonly Pick<Amendment, 'status'>[];
  settings: Pick<AssemblySettings, 'maxConsentRounds'>;
}): DecisionState {
  const onMotion = polls.filter((poll) => poll.amendmentId === null);
  const running = onMotion.find((poll) => poll.status !== 'closed');
  const state = {
    consentRounds: onMotion.filter((poll) => poll.kind === 'consent' && poll.status === 'closed')
      .length,
    maxConsentRounds: settings.maxConsentRounds,
    openObjections: objections.filter((objection) => objection.status === 'open').length,
    pendingAmendments: amendments.filter((amendment) => amendment.status === 'submitted').length,
    runningPollId: running?.id ?? null,
  };
  const step: DecisionStep = decidedStatuses.includes(status)
    ? 'decided'
    : status === 'draft' || status === 'submitted'
      ? 'not_admitted'
      : running
        ? 'running'
        : state.pendingAmendments > 0
          ? 'decide_amendments'
          : state.openObjections > 0
            ? 'resolve_objections'
            : state.consentRounds >= state.maxConsentRounds
              ? 'fallback_vote'
              : 'consent_round';
  return { step, ...state };
}
