// Types only: the notifications page reads these in the browser.
import type { FormProblem } from './forms.ts';
import type { MessageKey } from './i18n/messages.ts';

export type NotificationsActionName = 'read' | 'readAll' | 'digest';

/** What every action of the notifications page answers: the page shows it next to the form sent. */
export interface NotificationsActionState {
  action: NotificationsActionName;
  problems: FormProblem[];
  notice: MessageKey | null;
}
