// Types only from @cercle/shared: the meeting's pages ship this module to phones.
import type { Locale, Poll } from '@cercle/shared';
import { translate } from './i18n/messages.ts';

/**
 * How the meeting's pages (participant, console, projector) name a poll: a vote or a consent
 * round, then the motion it is about, so a room running several polls can tell them apart.
 */
export function meetingPollTitle(
  locale: Locale,
  poll: Pick<Poll, 'kind' | 'round' | 'motionId'>,
  motionTitles: Readonly<Record<string, string>>,
): string {
  const kind =
    poll.kind === 'consent'
      ? translate(locale, 'poll.consentRound', { round: poll.round })
      : translate(locale, 'poll.vote');
  return `${kind} · ${motionTitles[poll.motionId] ?? ''}`;
}
