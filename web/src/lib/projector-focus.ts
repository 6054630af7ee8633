// Types only from @cercle/shared: the projector's data is computed on the server, but the page
// ships this module's types to the browser too.
import type { Election, Poll } from '@cercle/shared';

/** What the projector shows large: one poll or one election, open or just decided. */
export type ProjectorFocus =
  { kind: 'poll'; poll: Poll } | { kind: 'election'; election: Election } | null;

/**
 * The one decision the room looks at: an open poll first (the latest opened), then an open
 * election round, else the latest result, poll or election round alike. `othersOpen` counts what
 * is open besides, so the screen can say there is more than it shows.
 */
export function projectorFocus(
  polls: readonly Poll[],
  elections: readonly Election[],
): { focus: ProjectorFocus; othersOpen: number } {
  const latest = <T>(items: T[], at: (item: T) => string | null) =>
    items.toSorted((a, b) => (at(b) ?? '').localeCompare(at(a) ?? ''));
  const lastRound = (election: Election) => election.rounds.at(-1);

  const openPolls = latest(
    polls.filter((poll) => poll.status === 'open'),
    (poll) => poll.openedAt,
  );
  const openElections = latest(
    elections.filter((election) => lastRound(election)?.status === 'open'),
    (election) => lastRound(election)?.openedAt ?? null,
  );
  const othersOpen = Math.max(0, openPolls.length + openElections.length - 1);
  if (openPolls[0]) return { focus: { kind: 'poll', poll: openPolls[0] }, othersOpen };
  if (openElections[0]) {
    return { focus: { kind: 'election', election: openElections[0] }, othersOpen };
  }

  const closed: { at: string; focus: NonNullable<ProjectorFocus> }[] = [
    ...polls.flatMap((poll) =>
      poll.status === 'closed' && poll.closedAt
        ? [{ at: poll.closedAt, focus: { kind: 'poll' as const, poll } }]
        : [],
    ),
    ...elections.flatMap((election) => {
      const round = lastRound(election);
      return round?.status === 'closed' && round.closedAt
        ? [{ at: round.closedAt, focus: { kind: 'election' as const, election } }]
        : [];
    }),
  ];
  return { focus: latest(closed, (entry) => entry.at)[0]?.focus ?? null, othersOpen: 0 };
}
