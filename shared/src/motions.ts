import { z } from 'zod';
import { storedInteger } from './numbers.ts';
import { amendmentStatuses, coauthorStatuses, motionStatuses } from './enums.ts';
import { idSchema } from './ids.ts';

export const motionStatusSchema = z.enum(motionStatuses);
export type MotionStatus = z.infer<typeof motionStatusSchema>;

/** Markdown, sanitised when rendered; long motions (statutes, strategy notes) must fit. */
export const motionTextSchema = z.string().trim().min(1).max(100_000);
export const motionTitleSchema = z.string().trim().min(3).max(200);

export const personRefSchema = z.object({ id: idSchema, name: z.string() });

export const coauthorStatusSchema = z.enum(coauthorStatuses);
export type CoauthorStatus = z.infer<typeof coauthorStatusSchema>;

/** Someone asked to co-sign a motion, and where their answer stands. */
export const coauthorSchema = personRefSchema
  .extend({ status: coauthorStatusSchema })
  .meta({ id: 'Coauthor' });
export type Coauthor = z.infer<typeof coauthorSchema>;

export const motionVersionSchema = z
  .object({
    version: z.number().int(),
    title: z.string(),
    text: z.string(),
    /** `text` rendered from Markdown and sanitised: safe to insert as HTML. */
    html: z.string(),
    note: z.string(),
    amendmentId: idSchema.nullable(),
    createdBy: personRefSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MotionVersion' });
export type MotionVersion = z.infer<typeof motionVersionSchema>;

export const motionSummarySchema = z
  .object({
    id: idSchema,
    assemblyId: idSchema,
    assemblyCode: z.string(),
    /** The assembly's IANA zone: the motion's dates are shown in it. */
    timeZone: z.string(),
    /** NAT-2026-004 once submitted; null for drafts. */
    reference: z.string().nullable(),
    title: z.string(),
    status: motionStatusSchema,
    author: personRefSchema,
    /**
     * Its co-signatories. In lists and for most readers only those who accepted; the authors (and
     * the person invited) also see pending and declined invitations on the motion itself.
     */
    coauthors: z.array(coauthorSchema),
    currentVersion: z.number().int(),
    supporters: z.number().int(),
    pendingAmendments: z.number().int(),
    referredTo: idSchema.nullable(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'MotionSummary' });
export type MotionSummary = z.infer<typeof motionSummarySchema>;

export const motionDetailSchema = motionSummarySchema
  .extend({
    current: motionVersionSchema,
    supportersNeeded: z.number().int(),
    supportedByMe: z.boolean(),
    supporterNames: z.array(z.string()),
    /** What the reader may do as (co-)author; the page shows its forms from it. */
    viewer: z.object({
      /** The author or an accepted co-author: edits, submits, withdraws, answers objections. */
      isAuthor: z.boolean(),
      /** May invite and remove co-authors: the author, or a secretary of the assembly. */
      mayManageCoauthors: z.boolean(),
      /** The reader's own invitation to co-sign, if any. */
      invitation: coauthorStatusSchema.nullable(),
    }),
  })
  .meta({ id: 'MotionDetail' });
export type MotionDetail = z.infer<typeof motionDetailSchema>;

/** An empty filter (a form's "all" option) means no filter. */
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const motionListQuerySchema = z.object({
  status: z.preprocess(blankAsUndefined, motionStatusSchema.optional()),
  q: z.preprocess(blankAsUndefined, z.string().trim().max(200).optional()),
});
export const motionListSchema = z.object({ motions: z.array(motionSummarySchema) });
export const motionResponseSchema = z.object({ motion: motionDetailSchema });

export const createMotionBodySchema = z.object({
  title: motionTitleSchema,
  text: motionTextSchema,
  /** Submit at once instead of keeping a draft. */
  submit: z.boolean().default(false),
});
export type CreateMotionBody = z.input<typeof createMotionBodySchema>;

export const updateMotionBodySchema = z
  .object({
    title: motionTitleSchema,
    text: motionTextSchema,
    /** Why the text changed ("answers the objection of …"). */
    note: z.string().trim().max(500),
    /**
     * The adopted amendment this version merges by hand (it changed lines another adopted
     * amendment had changed, so it could not enter the text by itself): a secretary's edit.
     */
    mergesAmendmentId: idSchema,
  })
  .partial()
  .strict();
export type UpdateMotionBody = z.input<typeof updateMotionBodySchema>;

export const inviteCoauthorBodySchema = z.object({ userId: idSchema });
export type InviteCoauthorBody = z.input<typeof inviteCoauthorBodySchema>;
/** The invited person's answer: to co-sign, or not. */
export const answerCoauthorBodySchema = z.object({ answer: z.enum(['accept', 'decline']) });
export type AnswerCoauthorBody = z.input<typeof answerCoauthorBodySchema>;
export const coauthorParamsSchema = z.object({ id: idSchema, userId: idSchema });
/** The people who may be asked to co-sign a motion (not yet asked). */
export const referMotionBodySchema = z.object({ assemblyId: idSchema });

export const motionVersionListSchema = z.object({ versions: z.array(motionVersionSchema) });

export const diffQuerySchema = z.object({
  from: z.coerce.number().pipe(storedInteger()),
  to: z.coerce.number().pipe(storedInteger()),
});
export const diffSegmentSchema = z.object({
  kind: z.enum(['equal', 'added', 'removed']),
  text: z.string(),
});
export type DiffSegment = z.infer<typeof diffSegmentSchema>;
export const diffResponseSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  segments: z.array(diffSegmentSchema),
});

export const commentSchema = z
  .object({
    id: idSchema,
    author: personRefSchema,
    text: z.string(),
    html: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Comment' });
export const commentListSchema = z.object({ comments: z.array(commentSchema) });
export const createCommentBodySchema = z.object({ text: z.string().trim().min(1).max(10_000) });
export const commentResponseSchema = z.object({ comment: commentSchema });

export const amendmentStatusSchema = z.enum(amendmentStatuses);
export const amendmentSchema = z
  .object({
    id: idSchema,
    motionId: idSchema,
    /** A1, A2… within the motion. */
    label: z.string(),
    baseVersion: z.number().int(),
    author: personRefSchema,
    /** The antenna in whose name it was proposed, if any. */
    onBehalfOf: z.object({ id: idSchema, name: z.string() }).nullable(),
    proposedText: z.string(),
    rationale: z.string(),
    status: amendmentStatusSchema,
    resultingVersion: z.number().int().nullable(),
    /** Word-level changes from the base version to the proposed text. */
    diff: z.array(diffSegmentSchema),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Amendment' });
export type Amendment = z.infer<typeof amendmentSchema>;
export const amendmentListSchema = z.object({ amendments: z.array(amendmentSchema) });
export const amendmentResponseSchema = z.object({ amendment: amendmentSchema });
export const createAmendmentBodySchema = z.object({
  /** The version the amendment was written against; defaults to the current one. */
  baseVersion: storedInteger().optional(),
  proposedText: motionTextSchema,
  rationale: z.string().trim().max(10_000).default(''),
  /** On a congress motion, an antenna's secretary may propose it in the antenna's name. */
  antennaId: idSchema.optional(),
});
export type CreateAmendmentBody = z.input<typeof createAmendmentBodySchema>;
