import type { Election, Poll } from '@cercle/shared';
import { describe, expect, it } from 'vitest';
import { projectorFocus } from './projector-focus.ts';

const poll = (id: string, status: Poll['status'], at: string): Poll =>
  ({
    id,
    status,
    openedAt: at,
    closedAt: status === 'closed' ? at : null,
  }) as Poll;
const election = (id: string, status: Poll['status'], at: string): Election =>
  ({
    id,
    rounds: [{ status, openedAt: at, closedAt: status === 'closed' ? at : null }],
  }) as Election;
const shown = ({ focus }: ReturnType<typeof projectorFocus>) =>
  focus?.kind === 'poll' ? focus.poll.id : (focus?.election.id ?? null);

describe('projectorFocus', () => {
  it('shows the latest poll opened, and counts the other open ones', () => {
    const polls = [
      poll('p1', 'open', '2027-03-01T10:00:00Z'),
      poll('p2', 'open', '2027-03-01T10:05:00Z'),
    ];
    const focus = projectorFocus(polls, [election('e1', 'open', '2027-03-01T10:10:00Z')]);
    expect(shown(focus)).toBe('p2');
    expect(focus.othersOpen).toBe(2);
  });

  it('shows an open election round when no poll is open', () => {
    const focus = projectorFocus(
      [poll('p1', 'closed', '2027-03-01T11:00:00Z')],
      [election('e1', 'open', '2027-03-01T10:00:00Z')],
    );
    expect(shown(focus)).toBe('e1');
    expect(focus.othersOpen).toBe(0);
  });

  it('shows the latest result, poll or election round, once nothing is open', () => {
    const polls = [poll('p1', 'closed', '2027-03-01T10:00:00Z'), poll('p2', 'created', '')];
    expect(shown(projectorFocus(polls, [election('e1', 'closed', '2027-03-01T10:30:00Z')]))).toBe(
      'e1',
    );
    expect(shown(projectorFocus(polls, [election('e1', 'closed', '2027-03-01T09:30:00Z')]))).toBe(
      'p1',
    );
  });

  it('shows nothing before the first poll opens', () => {
    expect(projectorFocus([poll('p1', 'created', '')], [])).toEqual({ focus: null, othersOpen: 0 });
  });
});
