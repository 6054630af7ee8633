// Types only: the election page's components read these in the browser.
import type { CastElectionBallotResponse } from './api/elections.ts';
import type { BallotDraft } from './elections.ts';
import type { FormProblem } from './forms.ts';
import type { MessageKey, MessageParams } from './i18n/messages.ts';

export type ElectionActionName =
  | 'stand'
  | 'editCandidacy'
  | 'withdrawCandidacy'
  | 'enterCandidacy'
  | 'addOption'
  | 'publish'
  | 'openRound'
  | 'closeRound'
  | 'cancel'
  | 'ballot'
  | 'siteCounts';

/** What every action of the election page answers: the page shows it next to the form sent. */
export interface ElectionActionState {
  action: ElectionActionName;
  /** The candidacy or round the form was about; null for the election itself. */
  target: string | null;
  problems: FormProblem[];
  /** The form as typed, to show again after a refusal. */
  values: Record<string, string>;
  notice: { key: MessageKey; params?: MessageParams } | null;
  /** A ballot the API acknowledged: counted, changed or already counted. */
  ballot: CastElectionBallotResponse | null;
  /** The ballot as filled in, to show again after a refusal. */
  draft: BallotDraft | null;
}
