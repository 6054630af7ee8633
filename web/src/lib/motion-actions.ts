// Types only: the motion page's components read these in the browser.
import type { CastBallotResponse } from '@cercle/shared';
import type { FormProblem } from './forms.ts';
import type { MessageKey, MessageParams } from './i18n/messages.ts';

export type MotionActionName =
  | 'submit'
  | 'withdraw'
  | 'admit'
  | 'support'
  | 'unsupport'
  | 'refer'
  | 'forward'
  | 'inviteCoauthor'
  | 'answerCoauthor'
  | 'removeCoauthor'
  | 'comment'
  | 'amend'
  | 'withdrawAmendment'
  | 'ballot'
  | 'openPoll'
  | 'closePoll'
  | 'deletePoll';

/** What every action of the motion page answers: the page shows it next to the form sent. */
export interface MotionActionState {
  action: MotionActionName;
  /** The poll or amendment the form was about; null for the motion itself. */
  target: string | null;
  problems: FormProblem[];
  /** The form as typed, to show again after a refusal. */
  values: Record<string, string>;
  notice: { key: MessageKey; params?: MessageParams } | null;
  /** A ballot the API acknowledged: counted, changed or already counted. */
  ballot: CastBallotResponse | null;
}
