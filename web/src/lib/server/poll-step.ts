import { deletePoll, runPollAction } from '../api/polls.ts';
import type { ApiResult, Fetch } from '../api/client.ts';
import { readText } from '../forms.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Poll } from '@cercle/shared';

/**
 * The buttons that open, close or delete (prepared, never opened) a poll, on the meeting console
 * and on the motion page.
 */
export type PollStep = 'openPoll' | 'closePoll' | 'deletePoll';

const notices: Record<PollStep, MessageKey> = {
  openPoll: 'poll.openedNotice',
  closePoll: 'poll.closedNotice',
  deletePoll: 'poll.deletedNotice',
};

/**
 * Sends the poll named by the form's `pollId` to the API (the page has checked the visitor is
 * signed in); each page then answers in its own form state, with the poll as the target and,
 * once done, `notice`.
 */
export async function runPollStep(
  event: { fetch: Fetch; request: Request },
  action: PollStep,
): Promise<{ pollId: string; result: ApiResult<Poll | { ok: true }>; notice: MessageKey }> {
  const pollId = readText(await event.request.formData(), 'pollId');
  const result =
    action === 'deletePoll'
      ? await deletePoll(event.fetch, pollId)
      : await runPollAction(event.fetch, pollId, action === 'openPoll' ? 'open' : 'close');
  return { pollId, result, notice: notices[action] };
}
