// Types only from @cercle/shared: this module also runs in the browser (the enums carry no zod).
import type {
  Amendment,
  AssemblySettings,
  Choice,
  MotionDetail,
  MotionStatus,
  nextStepSchema,
  Objection,
  Poll,
  PollKind,
} from '@cercle/shared';
import {
  choicesByPollKind,
  decidedMotionStatuses,
  motionStatuses,
  openMotionStatuses,
} from '@cercle/shared/enums';

/** What a motion's own pages (objections, new poll) keep of it for their heading: not its text. */
export function motionHeading({
  id,
  title,
  reference,
  status,
  currentVersion,
}: Pick<MotionDetail, 'id' | 'title' | 'reference' | 'status' | 'currentVersion'>) {
  return { id, title, reference, status, currentVersion };
}

/** The motion list's status filter offers every status but `merged`. */
export const filterableMotionStatuses = motionStatuses.filter((status) => status !== 'merged');

export function choicesFor(kind: PollKind): readonly Choice[] {
  return choicesByPollKind[kind];
}

/** What the author may still do: edit until the motion is put to a decision, withdraw until decided. */
export function authorMayEdit(status: MotionStatus): boolean {
  return status === 'draft' || status === 'submitted' || status === 'admitted';
}
export function authorMayWithdraw(status: MotionStatus): boolean {
  return status === 'draft' || openMotionStatuses.includes(status);
}
/** A secretary edits until the decision, to integrate objections into a new version. */
export function secretaryMayEdit(status: MotionStatus): boolean {
  return status === 'draft' ? false : !decidedMotionStatuses.includes(status);
}

type NextStep = ReturnType<(typeof nextStepSchema)['parse']>;

/**
 * Where the motion's decision stands, by the server's poll-rules.ts: amendments before the motion,
 * no new consent round while an objection is open, and after the last consent round the fallback
 * vote. The API applies the same rules; this only says which button and explanation to show.
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
  const step: DecisionStep = decidedMotionStatuses.includes(status)
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
