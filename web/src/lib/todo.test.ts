import { describe, expect, it } from 'vitest';
import { deadlineKey, formatTimeLeft, todoAction } from './todo.ts';

const now = Date.parse('2026-12-06T12:00:00Z');
const inMs = (ms: number) => new Date(now + ms).toISOString();
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('formatTimeLeft', () => {
  it.each([
    [2 * day + 6 * hour, 'fr', 'dans 2 jours'],
    // Rounded down: 47 hours is one day and most of another, never « dans 2 jours ».
    [47 * hour, 'fr', 'dans 1 jour'],
    [25 * hour, 'en', 'in 1 day'],
    [3 * hour + 59 * minute, 'fr', 'dans 3 heures'],
    [59 * minute + 59_000, 'en', 'in 59 minutes'],
    [30_000, 'fr', 'maintenant'],
    [-5 * minute, 'en', 'now'],
  ] as const)('%d ms left in %s: « %s »', (left, locale, expected) => {
    expect(formatTimeLeft(inMs(left), now, locale)).toBe(expected);
  });
});

describe('todoAction', () => {
  it('chooses the counted sentence when the API gives a count', () => {
    expect(todoAction({ kind: 'objections', count: 1, live: false })).toEqual({
      base: 'todo.action.objectionsCount',
      count: 1,
    });
    expect(todoAction({ kind: 'support', count: null, live: false })).toEqual({
      key: 'todo.action.support',
    });
  });

  it('tells a meeting under way from one to come', () => {
    expect(todoAction({ kind: 'meeting', count: null, live: true })).toEqual({
      key: 'todo.action.meetingLive',
    });
    expect(todoAction({ kind: 'meeting', count: null, live: false })).toEqual({
      key: 'todo.action.meeting',
    });
  });
});

describe('deadlineKey', () => {
  const due = inMs(day);

  it('says a poll closes, a meeting starts and a congress phase ends', () => {
    expect(deadlineKey({ kind: 'poll', due, live: true })).toBe('todo.due.closes');
    expect(deadlineKey({ kind: 'meeting', due, live: false })).toBe('todo.due.starts');
    expect(deadlineKey({ kind: 'mandate', due, live: false })).toBe('todo.due.ends');
  });

  it('tells nothing of a meeting under way, nor of what has no deadline', () => {
    expect(deadlineKey({ kind: 'meeting', due, live: true })).toBeNull();
    expect(deadlineKey({ kind: 'support', due: null, live: false })).toBeNull();
  });
});
