import { z } from 'zod';
import { decisionKinds, decisionOutcomes } from './enums.ts';
import { idSchema } from './ids.ts';
import { storedInteger } from './numbers.ts';
import { localeSchema } from './roles.ts';

/**
 * The register of decisions (« Registre des décisions »): every decided motion, amendment and
 * election of the assemblies a person may read, with its result in words and where it was
 * decided. One list for the page, the CSV and the ODS export.
 */
export const decisionKindSchema = z.enum(decisionKinds);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

export const decisionOutcomeSchema = z.enum(decisionOutcomes);
export type DecisionOutcome = z.infer<typeof decisionOutcomeSchema>;

/** An empty filter (a form's "all" option) means no filter. */
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const daySchema = z.iso.date();

const filterFields = z.object({
  assemblyId: z.preprocess(blankAsUndefined, idSchema.optional()),
  kind: z.preprocess(blankAsUndefined, decisionKindSchema.optional()),
  outcome: z.preprocess(blankAsUndefined, decisionOutcomeSchema.optional()),
  /** Decided on or after this day (UTC), inclusive. */
  from: z.preprocess(blankAsUndefined, daySchema.optional()),
  /** Decided on or before this day (UTC), inclusive. */
  to: z.preprocess(blankAsUndefined, daySchema.optional()),
  /** Words of the title, the motion's number or the election's title. */
  q: z.preprocess(blankAsUndefined, z.string().trim().max(200).optional()),
  /** The language of the words (result, headers); the person's own by default. */
  lang: z.preprocess(blankAsUndefined, localeSchema.optional()),
});

const fromNotAfterTo = (filters: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (filters.from && filters.to && filters.from > filters.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  }
};

/** The exports' filters: the whole register that matches, no page. */
export const decisionFiltersSchema = filterFields.superRefine(fromNotAfterTo);
export type DecisionFilters = z.infer<typeof decisionFiltersSchema>;

export const decisionListQuerySchema = filterFields
  .extend({
    limit: z.preprocess(
      blankAsUndefined,
      z.coerce.number().pipe(z.number().int().min(1).max(200)).default(50),
    ),
    offset: z.preprocess(blankAsUndefined, z.coerce.number().pipe(storedInteger(0)).default(0)),
  })
  .superRefine(fromNotAfterTo);
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

const subjectSchema = z.object({ id: idSchema, title: z.string() });

export const decisionSchema = z
  .object({
    kind: decisionKindSchema,
    /** The motion's, amendment's or election's id. */
    id: idSchema,
    decidedAt: z.iso.datetime(),
    assembly: z.object({ id: idSchema, name: z.string(), code: z.string(), timeZone: z.string() }),
    /** The meeting it was decided in; null when decided outside any meeting. */
    meeting: subjectSchema.nullable(),
    /** The latest published minutes of that meeting, when there are any. */
    minutesId: idSchema.nullable(),
    /** What was decided, in words: « MES-2026-004 — Titre », « Amendement A2 à … », « Bureau (3 sièges) ». */
    subject: z.string(),
    /** The motion (of an amendment too) or the election, for the link. */
    motion: subjectSchema.extend({ reference: z.string().nullable() }).nullable(),
    amendment: z.object({ id: idSchema, label: z.string() }).nullable(),
    election: subjectSchema.extend({ seats: z.number().int() }).nullable(),
    outcome: decisionOutcomeSchema,
    /** The outcome in words, in the asked language. */
    outcomeLabel: z.string(),
    /** How it was decided (consent round, vote, no poll), in words. */
    how: z.string(),
    /** The result in words as the app states it everywhere (minutes, pages), empty without a poll. */
    result: z.string(),
  })
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof decisionSchema>;

export const decisionListSchema = z.object({
  decisions: z.array(decisionSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** The assemblies the person may read, for the filter. */
  assemblies: z.array(z.object({ id: idSchema, name: z.string(), code: z.string() })),
});
export type DecisionList = z.infer<typeof decisionListSchema>;
