// Types only from @cercle/shared: the minutes pages and their components run in the browser.
import type { MinutesSummary } from '@cercle/shared';
import type { FormProblem } from './forms.ts';
import type { MessageKey } from './i18n/messages.ts';

export type MinutesActionName =
  'save' | 'preview' | 'approve' | 'publish' | 'regenerate' | 'erratum';

/** What every action of the minutes page answers: the page shows it under its header. */
export interface MinutesActionState {
  action: MinutesActionName;
  problems: FormProblem[];
  /** The form as typed, to show again after a refusal. */
  values: Record<string, string>;
  notice: MessageKey | null;
  /** `preview` only: the text being edited, rendered by the API as the published page. */
  html?: string;
}

/** Same limit as the API's `updateMinutesBodySchema`. */
export const minutesTextMaxLength = 200_000;
/** Same limits as the API's erratum `reason`. */
export const erratumReasonLength = { min: 3, max: 1000 } as const;

/**
 * What a secretary may do next with a meeting's minutes, from its versions (newest first):
 * draft them, go on with the version in progress, or start an erratum of the published one.
 */
export function nextMinutesStep(
  versions: readonly Pick<MinutesSummary, 'id' | 'version' | 'status'>[],
):
  | { step: 'draft' }
  | { step: 'continue'; id: string; version: number }
  | { step: 'erratum'; id: string } {
  const [latest] = versions;
  if (!latest) return { step: 'draft' };
  if (latest.status === 'published') return { step: 'erratum', id: latest.id };
  return { step: 'continue', id: latest.id, version: latest.version };
}

/** A textarea's Markdown as typed: browsers send CRLF line ends; the stored text has LF. */
export function markdownFromForm(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}
