// Types and zod-free modules only: the home page reads this in the browser.
import type { Locale, TodoItem } from '@cercle/shared';
import { intlLocales } from '@cercle/shared/message-format';
import type { MessageKey, PluralMessageBase } from './i18n/messages.ts';

/** What to do, in words: one message, or a family chosen by the item's count. */
export type TodoAction = { key: MessageKey } | { base: PluralMessageBase; count: number };

/** « Voter », « Répondre à 2 objections »…: the verb of an item of the list. */
export function todoAction({
  kind,
  count,
  live,
}: Pick<TodoItem, 'kind' | 'count' | 'live'>): TodoAction {
  // The API gives a count for these three kinds; without one the sentence still stands.
  const counted = (key: MessageKey, base: PluralMessageBase): TodoAction =>
    count === null ? { key } : { base, count };
  switch (kind) {
    case 'poll':
      return { key: 'todo.action.poll' };
    case 'meeting':
      return { key: live ? 'todo.action.meetingLive' : 'todo.action.meeting' };
    case 'support':
      return counted('todo.action.support', 'todo.action.supportCount');
    case 'objections':
      return counted('todo.action.objections', 'todo.action.objectionsCount');
    case 'coauthorship':
      return { key: 'todo.action.coauthorship' };
    case 'composite':
      return { key: 'todo.action.composite' };
    case 'mandate':
      return counted('todo.action.mandate', 'todo.action.mandateCount');
    case 'minutes_approve':
      return { key: 'todo.action.minutesApprove' };
    case 'minutes_publish':
      return { key: 'todo.action.minutesPublish' };
  }
}

/**
 * The sentence that tells the deadline (`{timeLeft}`, `{date}`), or null when there is none to
 * tell: a meeting under way is joined now, its planned start is past news.
 */
export function deadlineKey({
  kind,
  due,
  live,
}: Pick<TodoItem, 'kind' | 'due' | 'live'>): MessageKey | null {
  if (due === null) return null;
  if (kind === 'poll') return 'todo.due.closes';
  if (kind === 'meeting') return live ? null : 'todo.due.starts';
  return 'todo.due.ends';
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/**
 * « dans 2 jours », "in 3 hours": the time left until `due`, rounded down so that a deadline
 * never seems further off than it is. One already past (a poll about to be closed by the
 * server) reads « maintenant ».
 */
export function formatTimeLeft(due: string, now: number, locale: Locale): string {
  const left = Math.max(0, Date.parse(due) - now);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    left >= dayMs
      ? [Math.floor(left / dayMs), 'day']
      : left >= hourMs
        ? [Math.floor(left / hourMs), 'hour']
        : left >= minuteMs
          ? [Math.floor(left / minuteMs), 'minute']
          : [0, 'second'];
  // `auto` says « maintenant » for nothing left, but « demain » for one day, which would be
  // wrong at 23:00 for a deadline 25 hours away: the number is kept for the rest.
  const numeric = value === 0 ? 'auto' : 'always';
  return new Intl.RelativeTimeFormat(intlLocales[locale], { numeric }).format(value, unit);
}
