import { z } from 'zod';
import { resultSchema } from './decisions.ts';
import { compositeAnswers, compositeResponses, congressPhases, mandates } from './enums.ts';
import { idSchema } from './ids.ts';
import { motionStatusSchema, personRefSchema } from './motions.ts';
import { assemblyCodeSchema, assemblyNameSchema } from './organisation.ts';

export const congressPhaseSchema = z.enum(congressPhases);
export type CongressPhase = z.infer<typeof congressPhaseSchema>;

export const mandateSchema = z.enum(mandates);
export type Mandate = z.infer<typeof mandateSchema>;

const dateTimeSchema = z.iso.datetime({ offset: true });

export const phaseScheduleSchema = z
  .array(
    z.object({ phase: congressPhaseSchema, opensAt: dateTimeSchema, closesAt: dateTimeSchema }),
  )
  .length(congressPhases.length)
  .superRefine((phases, context) => {
    phases.forEach((entry, index) => {
      if (entry.phase !== congressPhases[index]) {
        context.addIssue({
          code: 'custom',
          message: `phase ${index + 1} must be ${congressPhases[index]}`,
          path: [index, 'phase'],
        });
      }
      if (new Date(entry.closesAt) <= new Date(entry.opensAt)) {
        context.addIssue({
          code: 'custom',
          message: 'closesAt must be after opensAt',
          path: [index, 'closesAt'],
        });
      }
      const previous = phases[index - 1];
      if (previous && new Date(entry.opensAt) < new Date(previous.closesAt)) {
        context.addIssue({
          code: 'custom',
          message: 'a phase opens once the previous one has closed',
          path: [index, 'opensAt'],
        });
      }
    });
  });

export const createCongressBodySchema = z.object({
  name: assemblyNameSchema,
  code: assemblyCodeSchema,
  parentId: idSchema.nullable().default(null),
  phases: phaseScheduleSchema,
});
export type CreateCongressBody = z.input<typeof createCongressBodySchema>;

/** Moves one phase's deadline (or opening); the reason is kept in the record. */
export const updatePhaseBodySchema = z
  .object({
    opensAt: dateTimeSchema.optional(),
    closesAt: dateTimeSchema.optional(),
    reason: z.string().trim().min(3).max(500),
  })
  .refine((body) => body.opensAt || body.closesAt, {
    message: 'give opensAt or closesAt',
    path: ['closesAt'],
  });

export const phaseWindowSchema = z.object({
  phase: congressPhaseSchema,
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  state: z.enum(['upcoming', 'open', 'closed']),
  /** How many times the secretariat moved this window. */
  changes: z.number().int(),
  /** Each move, oldest first: who, when, from which dates to which, and why. */
  moves: z.array(
    z.object({
      at: z.iso.datetime(),
      by: personRefSchema.nullable(),
      reason: z.string(),
      from: z.object({ opensAt: z.iso.datetime(), closesAt: z.iso.datetime() }),
      to: z.object({ opensAt: z.iso.datetime(), closesAt: z.iso.datetime() }),
    }),
  ),
});
export type PhaseWindow = z.infer<typeof phaseWindowSchema>;

export const congressSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    code: z.string(),
    /** The congress's IANA zone: its phase dates are shown and typed in it. */
    timeZone: z.string(),
    phases: z.array(phaseWindowSchema),
    current: congressPhaseSchema.nullable(),
    counts: z.object({
      motions: z.number().int(),
      forwarded: z.number().int(),
      mandates: z.number().int(),
      amendments: z.number().int(),
      composites: z.number().int(),
      adopted: z.number().int(),
    }),
  })
  .meta({ id: 'Congress' });
export type Congress = z.infer<typeof congressSchema>;
export const congressReplySchema = z.object({ congress: congressSchema });

export const forwardMotionBodySchema = z.object({ motionId: idSchema });

export const recordMandateBodySchema = z.object({
  motionId: idSchema,
  antennaId: idSchema,
  mandate: mandateSchema,
  note: z.string().trim().max(2_000).default(''),
});

export const mandateViewSchema = z.object({
  antenna: z.object({ id: idSchema, name: z.string() }),
  mandate: mandateSchema,
  /** The antenna's poll that decided it, when it came from a poll. */
  pollId: idSchema.nullable(),
  note: z.string(),
  recordedBy: personRefSchema.nullable(),
  recordedAt: z.iso.datetime(),
});
export type MandateView = z.infer<typeof mandateViewSchema>;

export const createCompositeBodySchema = z.object({
  title: z.string().trim().min(3).max(200),
  text: z.string().trim().min(1).max(100_000),
  motionIds: z.array(idSchema).min(2).max(20),
});

export const compositeAnswerSchema = z.enum(compositeAnswers);
export type CompositeAnswer = z.infer<typeof compositeAnswerSchema>;

export const compositeResponseBodySchema = z.object({
  response: compositeAnswerSchema,
  note: z.string().trim().max(2_000).default(''),
});

/** A congress motion with where it came from and what the antennas said of it. */
export const congressMotionSchema = z.object({
  id: idSchema,
  reference: z.string().nullable(),
  title: z.string(),
  status: motionStatusSchema,
  author: personRefSchema,
  /** Those who co-signed it (accepted co-authors); a forwarded motion keeps its antenna's. */
  coauthors: z.array(personRefSchema),
  /** Forwarded by an antenna that adopted it: the antenna, its motion and result. */
  forwardedFrom: z
    .object({
      motionId: idSchema,
      antenna: z.object({ id: idSchema, name: z.string() }),
      result: resultSchema.nullable(),
    })
    .nullable(),
  /** A composite: the motions merged into it, and what their authors said. */
  sources: z.array(
    z.object({
      motionId: idSchema,
      title: z.string(),
      author: personRefSchema,
      /** Its co-authors who accepted: any of them, or its author, answers for it. */
      coauthors: z.array(personRefSchema),
      response: z.enum(compositeResponses),
      note: z.string(),
    }),
  ),
  /** Merged into this composite, if it was. */
  mergedInto: idSchema.nullable(),
  mandates: z.array(mandateViewSchema),
  result: resultSchema.nullable(),
});
export type CongressMotion = z.infer<typeof congressMotionSchema>;
export const congressMotionListSchema = z.object({ motions: z.array(congressMotionSchema) });

/** Congress motions' texts, each as its motion's current version (HTML, sanitised). */
export const congressTextsSchema = z.object({
  texts: z.array(z.object({ motionId: z.string(), version: z.number().int(), html: z.string() })),
});
export type CongressTexts = z.infer<typeof congressTextsSchema>;
