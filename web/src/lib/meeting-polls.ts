// Types only from @cercle/shared: the meeting's pages ship this module to phones.
import type { Locale, Poll } from '@cercle/shared';
import { translate } from './i18n/messages.ts';

/**
 * How the meeting's pages (participant, console, projector) name a poll: a vote or a consent
 * round, then the motion it is about and, for a vote on an amendment, that it is one (with its
 * label, « A1 », where the page knows it), so a room running several polls can tell them apart.
 */
export function meetingPollTitle(
  locale: Locale,
  poll: Pick<Poll, 'kind' | 'round' | 'motionId'> & { amendmentId?: string | null },
  motionTitles: Readonly<Record<string, string>>,
  amendmentLabels: Readonly<Record<string, string>> = {},
): string {
  const kind =
    poll.kind === 'consent'
      ? translate(locale, 'poll.consentRound', { round: poll.round })
      : translate(locale, 'poll.vote');
  const title = `${kind} · ${motionTitles[poll.motionId] ?? ''}`;
  if (!poll.amendmentId) return title;
  const label = amendmentLabels[poll.amendmentId];
  return `${title} · ${
    label
      ? translate(locale, 'console.onAmendment', { label })
      : translate(locale, 'poll.onAnAmendment')
  }`;
}
