import { describe, expect, it } from 'vitest';
import { answerFor } from './form-answer.ts';

describe('answerFor', () => {
  const closed = { action: 'closePoll', target: 'p1', notice: 'poll.closedNotice' };

  it('gives the answer to the form of that action and target', () => {
    expect(answerFor(closed, 'closePoll', 'p1')).toBe(closed);
  });

  it('leaves the forms of other polls and other actions as they were', () => {
    expect(answerFor(closed, 'closePoll', 'p2')).toBeUndefined();
    expect(answerFor(closed, 'openPoll', 'p1')).toBeUndefined();
    expect(answerFor(closed, 'closePoll')).toBeUndefined();
  });

  it('matches a form of the page itself by its action alone', () => {
    const started = { action: 'start', target: null };
    expect(answerFor(started, 'start')).toBe(started);
  });

  it('gives nothing before any form was sent', () => {
    expect(answerFor(null, 'start')).toBeUndefined();
    expect(answerFor(undefined, 'start')).toBeUndefined();
  });
});
