// Types only from @cercle/shared: the congress pages read this module in the browser.
import type { Choice, Congress, CongressPhase, MotionStatus, Result } from '@cercle/shared';
import type { FormProblem } from './forms.ts';
import type { MessageKey, MessageParams } from './i18n/messages.ts';
import { choices, openMotionStatuses } from '@cercle/shared/enums';

/** What the timeline counts under each phase: what that phase brought in. */
export const phaseCounts: Record<CongressPhase, readonly (keyof Congress['counts'])[]> = {
  call_for_motions: ['motions', 'forwarded'],
  antenna_deliberation: ['mandates'],
  amendments: ['amendments'],
  compositing: ['composites'],
  sittings: ['adopted'],
  publication: [],
};

/** Motions that can still be merged, mandated or amended (the API's "open to debate"). */
export function isOpenMotion(status: MotionStatus): boolean {
  return openMotionStatuses.includes(status);
}

/** A result's totals in the ballot's order (the stored totals carry no order of their own). */
export function resultTotals(result: Pick<Result, 'totals'>): { choice: Choice; count: number }[] {
  return choices.flatMap((choice) => {
    const count = result.totals[choice];
    return count === undefined ? [] : [{ choice, count }];
  });
}

export type CongressActionName = 'movePhase' | 'mandate' | 'answer' | 'composite';

/** What every action of the congress pages answers: the page shows it next to the form sent. */
export interface CongressActionState {
  action: CongressActionName;
  /** The phase or motion the form was about; null for the page's one form. */
  target: string | null;
  problems: FormProblem[];
  /** The form as typed, to show again after a refusal. */
  values: Record<string, string>;
  notice: { key: MessageKey; params?: MessageParams } | null;
}

/** Same limits as the API's phase `reason`, mandate `note` and composite title. */
export const phaseReasonLength = { min: 3, max: 500 } as const;
export const noteMaxLength = 2_000;
export const compositeTitleLength = { min: 3, max: 200 } as const;
