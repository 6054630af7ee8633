import { z } from 'zod';
import { amendmentStatuses, minutesStatuses, motionStatuses, searchKinds } from './enums.ts';
import { idSchema } from './ids.ts';

/**
 * The search across everything a person may read (`GET /api/search`): motions (their current
 * text), their earlier versions, amendments, comments and minutes. The server ranks and cuts the
 * excerpts; the excerpt arrives as parts, the matched words flagged, never as HTML.
 */
export const searchKindSchema = z.enum(searchKinds);
export type SearchKind = z.infer<typeof searchKindSchema>;

/** A motion's (for motions, their versions and comments), an amendment's or minutes' status. */
export const searchStatuses = [
  ...new Set([...motionStatuses, ...amendmentStatuses, ...minutesStatuses]),
] as readonly string[] as readonly [string, ...string[]];
export const searchStatusSchema = z.enum(searchStatuses);

export const searchQueryMaxLength = 200;
export const searchPageMaxSize = 50;
export const searchDefaultPageSize = 20;

/** An empty filter (a form's "all" option) means no filter. */
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankAsUndefined, schema.optional());

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(searchQueryMaxLength),
    assemblyId: optional(idSchema),
    kind: optional(searchKindSchema),
    status: optional(searchStatusSchema),
    /** Calendar days (UTC), both included. */
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    limit: optional(z.coerce.number().int().min(1).max(searchPageMaxSize)),
    offset: optional(z.coerce.number().int().min(0).max(10_000)),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'The end of the period comes before its start.',
    path: ['to'],
  });
export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type SearchQueryInput = z.input<typeof searchQuerySchema>;

/** A piece of an excerpt: `match` marks a word the query found (the page shows it marked). */
export const excerptPartSchema = z.object({ text: z.string(), match: z.boolean() });
export type ExcerptPart = z.infer<typeof excerptPartSchema>;

export const searchResultSchema = z
  .object({
    kind: searchKindSchema,
    /** The row found: a motion, amendment, comment or minutes id; `<motion id>:<version>`. */
    sourceId: z.string(),
    /** The text's own title: a motion's or a version's, the meeting's for minutes; else empty. */
    title: z.string(),
    excerpt: z.array(excerptPartSchema),
    assembly: z.object({ id: idSchema, name: z.string() }),
    /** The motion it belongs to (motions, versions, amendments, comments). */
    motion: z
      .object({ id: idSchema, title: z.string(), reference: z.string().nullable() })
      .nullable(),
    /** The earlier version found (`motion_version`). */
    version: z.number().int().nullable(),
    /** Minutes: their meeting. */
    meetingId: idSchema.nullable(),
    status: z.string(),
    date: z.iso.datetime(),
    /** The page that shows it, from the site's root (`/motions/…`, `/minutes/…`). */
    path: z.string(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.object({
  /** Every result the person may read, over all pages. */
  total: z.number().int().min(0),
  results: z.array(searchResultSchema),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;
