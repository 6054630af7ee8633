// No imports: the pages with many forms read this in the browser.

/**
 * The answer to the form just sent when it is about this action and target (a poll, an
 * amendment, a motion; `null` for a form of the page itself), so that among a page's many
 * forms only the one sent shows its notice, problems and values.
 */
export function answerFor<Answer extends { action: string; target?: string | null }>(
  form: Answer | null | undefined,
  action: Answer['action'],
  target: string | null = null,
): Answer | undefined {
  return form?.action === action && form.target === target ? form : undefined;
}
