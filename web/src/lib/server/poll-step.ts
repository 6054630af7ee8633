import { runPollAction } from '../api/polls.ts';
import type { ApiResult, Fetch } from '../api/client.ts';
import { readText } from '../forms.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Poll } from '@cercle/shared';

/** The buttons that open and close a poll, on the meeting console and on the motion page. */
export type PollStep = 'openPoll' | 'closePoll';

/**
 * Sends the poll named by the form's `pollId` to the API (the page has checked the visitor is
 * signed in); each page then answers in its own form state, with the poll as the target and,
 * once done, `notice`.
 */
export async function runPollStep(
  event: { fetch: Fetch; request: Request },
  action: PollStep,
): Promise<{ pollId: string; result: ApiResult<Poll>; notice: MessageKey }> {
  const pollId = readText(await event.request.formData(), 'pollId');
  const result = await runPollAction(event.fetch, pollId, action === 'openPoll' ? 'open' : 'close');
  const notice = action === 'openPoll' ? 'poll.openedNotice' : 'poll.closedNotice';
  return { pollId, result, notice };
}
