/**
 * The list of speakers as the API gives it (issue 17): one queue per agenda item, merged across
 * the meeting's sites and already in the order the floor will be given (`orderSpeakers`), with
 * the speaker holding the floor and their timer. Every screen reads the same document.
 */
import { z } from 'zod';
import { idSchema } from './ids.ts';
import { speakingOrderSchema } from './speakers.ts';

const person = z.object({ id: idSchema, name: z.string() });

export const speakerCategorySchema = z.string().trim().min(1).max(40);

export const speakerEntrySchema = z
  .object({
    id: idSchema,
    person,
    /** Where the person asked from; null when the meeting has no site for them. */
    site: z.object({ id: idSchema, name: z.string(), online: z.boolean() }).nullable(),
    category: z.string().nullable(),
    pointOfOrder: z.boolean(),
    /** Has not spoken yet in this meeting (OpenSlides highlights them too). */
    firstTime: z.boolean(),
    requestedAt: z.iso.datetime(),
    /** Who asked on the speaker's behalf, when it was not the speaker. */
    addedBy: person.nullable(),
  })
  .meta({ id: 'SpeakerEntry' });
export type SpeakerEntry = z.infer<typeof speakerEntrySchema>;

export const currentSpeakerSchema = speakerEntrySchema
  .extend({
    floorGivenAt: z.iso.datetime(),
    allottedSeconds: z.number().int(),
  })
  .meta({ id: 'CurrentSpeaker' });
export type CurrentSpeaker = z.infer<typeof currentSpeakerSchema>;

export const speakerListSchema = z
  .object({
    meetingId: idSchema,
    /** The agenda item the list belongs to; null when no item is current. */
    itemId: idSchema.nullable(),
    closed: z.boolean(),
    order: speakingOrderSchema,
    speakingSeconds: z.number().int(),
    categories: z.array(z.string()),
    /** Holding the floor now (in this meeting, whichever item they asked on). */
    current: currentSpeakerSchema.nullable(),
    /** Waiting, in the order the floor will be given. */
    queue: z.array(speakerEntrySchema),
    /** Heard on this item, oldest first, with the time each spoke. */
    heard: z.array(speakerEntrySchema.extend({ seconds: z.number().int() })),
    /** The server's clock when the list was read: screens set their timers by it. */
    serverTime: z.iso.datetime(),
  })
  .meta({ id: 'SpeakerList' });
export type SpeakerList = z.infer<typeof speakerListSchema>;
export const speakerListResponseSchema = z.object({ speakers: speakerListSchema });

export const speakerListQuerySchema = z.object({ itemId: idSchema.optional() });

export const requestFloorBodySchema = z
  .object({
    /** Default: the meeting's current item. */
    itemId: idSchema.optional(),
    /** Someone else (a secretary adding a person without a phone); default: oneself. */
    personId: idSchema.optional(),
    /** The meeting's secretary may say the site; a site secretary adds at their own site. */
    siteId: idSchema.optional(),
    pointOfOrder: z.boolean().default(false),
    category: speakerCategorySchema.nullable().default(null),
  })
  .strict();
export type RequestFloorBody = z.input<typeof requestFloorBodySchema>;

export const giveFloorBodySchema = z
  .object({
    /** A chosen request; default: the first of the queue. */
    requestId: idSchema.optional(),
  })
  .strict();

export const speakerListStateBodySchema = z
  .object({ itemId: idSchema.optional(), closed: z.boolean() })
  .strict();
