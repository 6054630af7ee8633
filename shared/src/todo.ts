import { z } from 'zod';

/**
 * What waits for the signed-in person, by kind: a poll or election round to answer, a meeting
 * coming, a motion short of supporters, objections to their motion to answer, an invitation to
 * co-author, a composite of their motion to accept or object to, a mandate their antenna must
 * give, minutes to approve or to publish.
 */
export const todoKinds = [
  'poll',
  'meeting',
  'support',
  'objections',
  'coauthorship',
  'composite',
  'mandate',
  'minutes_approve',
  'minutes_publish',
] as const;
export type TodoKind = (typeof todoKinds)[number];

export const todoItemSchema = z.object({
  kind: z.enum(todoKinds),
  /** Stable across reloads: the kind and what it is about (and, for a mandate, the antenna). */
  key: z.string(),
  /** What it is about: a motion's, meeting's or election's title. */
  title: z.string(),
  /** The motion's number (NAT-2026-004) when it is about a motion that has one. */
  number: z.string().nullable(),
  /** Where it belongs (for a mandate, the antenna that gives it), with the zone its dates use. */
  assembly: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  /** When it must be done by (a poll's close, a phase's end, a meeting's start); null if open. */
  due: z.string().nullable(),
  /** Where it is done: a path of the web app. */
  path: z.string(),
  /**
   * A figure that says how much: the open objections to answer, the supporters still needed,
   * the motions without the antenna's mandate. Null for kinds without one.
   */
  count: z.number().int().nullable(),
  /** A meeting's calendar file (`/api/meetings/:id/calendar.ics`); null for other kinds. */
  calendarPath: z.string().nullable(),
  /** A meeting under way (join it now), or a poll of a meeting that is live. */
  live: z.boolean(),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

/** Ordered by deadline, the soonest first; what has none comes after, the newest first. */
export const todoListSchema = z.object({ items: z.array(todoItemSchema) });
export type TodoList = z.infer<typeof todoListSchema>;
