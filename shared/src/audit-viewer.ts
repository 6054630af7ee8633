import { z } from 'zod';
import { eventTypes } from './events.ts';
import { idSchema } from './ids.ts';
import { localeSchema } from './roles.ts';

/**
 * The audit trail in words (« Journal d'audit »): an assembly's events, newest first, each
 * told as a sentence. Only what the events hold is told, and they never pair a secret ballot's
 * voter with a choice.
 */

/** A type's family is what comes before its dot: `poll` for `poll.opened`, `poll.closed`… */
export const auditEventFamilies = [...new Set(eventTypes.map((type) => type.split('.')[0]!))];
export const auditEventFamilySchema = z.enum(auditEventFamilies as [string, ...string[]]);

const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const auditEventsQuerySchema = z
  .object({
    family: z.preprocess(blankAsUndefined, auditEventFamilySchema.optional()),
    actorId: z.preprocess(blankAsUndefined, idSchema.optional()),
    /** On or after this day (UTC), inclusive. */
    from: z.preprocess(blankAsUndefined, z.iso.date().optional()),
    /** On or before this day (UTC), inclusive. */
    to: z.preprocess(blankAsUndefined, z.iso.date().optional()),
    /** The cursor: events numbered below this one (the page after the last one seen). */
    before: z.preprocess(
      blankAsUndefined,
      z.coerce.number().pipe(z.number().int().min(1)).optional(),
    ),
    limit: z.preprocess(
      blankAsUndefined,
      z.coerce.number().pipe(z.number().int().min(1).max(200)).default(50),
    ),
    lang: z.preprocess(blankAsUndefined, localeSchema.optional()),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    }
  });
export type AuditEventsQuery = z.infer<typeof auditEventsQuerySchema>;

export const auditEventLineSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    family: z.string(),
    actor: z.object({ id: idSchema, name: z.string() }).nullable(),
    createdAt: z.iso.datetime(),
    /** The event as a sentence in the asked language. */
    text: z.string(),
  })
  .meta({ id: 'AuditEventLine' });
export type AuditEventLine = z.infer<typeof auditEventLineSchema>;

export const auditEventPageSchema = z.object({
  events: z.array(auditEventLineSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** Everyone who acted in the assembly's events, for the filter. */
  actors: z.array(z.object({ id: idSchema, name: z.string() })),
  /** Who may read the trail in words, as the assembly's settings say. */
  visibility: z.enum(['secretaries', 'members']),
});
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;
