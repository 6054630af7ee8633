import { z } from 'zod';
import { myDelegationSchema } from './accreditation.ts';
import { agendaItemKinds, meetingModes, meetingStatuses, proxyEndReasons } from './enums.ts';
import { storedInteger } from './numbers.ts';
import { choiceSchema } from './decisions.ts';
import { idSchema } from './ids.ts';
import { speakerCategorySchema } from './speaker-list.ts';
import { speakingOrderSchema } from './speakers.ts';

export const meetingModeSchema = z.enum(meetingModes);
export const meetingStatusSchema = z.enum(meetingStatuses);

export type MeetingStatus = z.infer<typeof meetingStatusSchema>;

/** An ended or cancelled meeting takes no more check-ins, proxies, agenda changes or polls. */
export function isMeetingOver(status: MeetingStatus) {
  return status === 'ended' || status === 'cancelled';
}
export const agendaKindSchema = z.enum(agendaItemKinds);

const dateTimeSchema = z.iso.datetime({ offset: true });

export const createMeetingBodySchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    mode: meetingModeSchema,
    location: z.string().trim().max(300).default(''),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    /** A decentralised meeting: one site per listed antenna (plus online for hybrid/online). */
    antennaIds: z.array(idSchema).max(50).default([]),
  })
  .refine((body) => new Date(body.endsAt) > new Date(body.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type CreateMeetingBody = z.input<typeof createMeetingBodySchema>;

export const updateMeetingBodySchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    location: z.string().trim().max(300),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    speakingOrder: speakingOrderSchema,
    speakingSeconds: z.number().int().min(15).max(3600),
    /** Offered to speakers who wish to declare one; unique, at most six. */
    speakerCategories: z
      .array(speakerCategorySchema)
      .max(6)
      .refine((names) => new Set(names).size === names.length, 'Each category once.'),
    accreditationRequired: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateMeetingBody = z.infer<typeof updateMeetingBodySchema>;

/** Calling off a scheduled meeting: the reason is told to everyone who was expected. */
export const cancelMeetingBodySchema = z.object({
  reason: z.string().trim().min(3).max(500),
});
export type CancelMeetingBody = z.infer<typeof cancelMeetingBodySchema>;

export const siteSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    online: z.boolean(),
    antennaId: idSchema.nullable(),
    /** Shown only to secretaries: it lets people check in at this site. */
    checkInCode: z.string().nullable(),
    secretaryId: idSchema.nullable(),
    present: z.number().int(),
    represented: z.number().int(),
  })
  .meta({ id: 'MeetingSite' });
export type MeetingSite = z.infer<typeof siteSchema>;

export const createSiteBodySchema = z.object({
  name: z.string().trim().min(2).max(120),
  online: z.boolean().default(false),
  antennaId: idSchema.nullable().default(null),
  secretaryId: idSchema.nullable().default(null),
});

export const agendaItemSchema = z
  .object({
    id: idSchema,
    position: z.number().int(),
    kind: agendaKindSchema,
    title: z.string(),
    description: z.string(),
    durationMinutes: z.number().int(),
    /** Planned start, from the meeting start and the durations before it. */
    plannedStart: z.iso.datetime(),
    motionId: idSchema.nullable(),
    spentSeconds: z.number().int(),
    current: z.boolean(),
  })
  .meta({ id: 'AgendaItem' });
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const createAgendaItemBodySchema = z.object({
  kind: agendaKindSchema,
  title: z.string().trim().min(2).max(200),
  description: z.string().trim().max(5_000).default(''),
  durationMinutes: z.number().int().min(1).max(600).default(15),
  motionId: idSchema.nullable().default(null),
});
export const updateAgendaItemBodySchema = z
  .object({
    kind: agendaKindSchema,
    title: z.string().trim().min(2).max(200),
    description: z.string().trim().max(5_000),
    durationMinutes: z.number().int().min(1).max(600),
    motionId: idSchema.nullable(),
    /** Moves the item to this position (1-based); the others shift. */
    position: storedInteger(),
  })
  .partial()
  .strict();

export const quorumStateSchema = z.object({
  entitled: z.number().int(),
  present: z.number().int(),
  represented: z.number().int(),
  required: z.number(),
  reached: z.boolean(),
  bySite: z.record(
    z.string(),
    z.object({ present: z.number().int(), represented: z.number().int() }),
  ),
  byCollege: z.record(
    z.string(),
    z.object({ entitled: z.number().int(), present: z.number().int() }),
  ),
});
export type QuorumState = z.infer<typeof quorumStateSchema>;

export const meetingSchema = z
  .object({
    id: idSchema,
    assemblyId: idSchema,
    /** The IANA zone of the meeting's assembly: wherever one views it from, its times are in it. */
    timeZone: z.string(),
    title: z.string(),
    mode: meetingModeSchema,
    status: meetingStatusSchema,
    location: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    /** Why it was called off (told to members), when it was. */
    cancelReason: z.string().nullable(),
    currentItemId: idSchema.nullable(),
    speakingOrder: speakingOrderSchema,
    speakingSeconds: z.number().int(),
    speakerCategories: z.array(z.string()),
    accreditationRequired: z.boolean(),
  })
  .meta({ id: 'Meeting' });
export type Meeting = z.infer<typeof meetingSchema>;

export const meetingDetailSchema = meetingSchema
  .extend({
    sites: z.array(siteSchema),
    agenda: z.array(agendaItemSchema),
    quorum: quorumStateSchema,
    me: z.object({
      siteId: idSchema.nullable(),
      present: z.boolean(),
      /** People whose vote I carry in this meeting. */
      carrying: z.array(z.object({ id: idSchema, name: z.string() })),
      /** Who carries my vote, if I gave a proxy. */
      carriedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
      /** Designated as an antenna's delegate to this meeting (accredited or not yet). */
      delegate: myDelegationSchema.nullable(),
    }),
  })
  .meta({ id: 'MeetingDetail' });
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

export const meetingListSchema = z.object({ meetings: z.array(meetingSchema) });
export const meetingResponseSchema = z.object({ meeting: meetingDetailSchema });

export const checkInBodySchema = z.union([
  /** Self check-in with the code shown in the room (or the online site's code). */
  z.object({ code: z.string().trim().min(4).max(12) }),
  /** A secretary checks someone in at a site. */
  z.object({ userId: idSchema, siteId: idSchema }),
]);
export const checkOutBodySchema = z.object({ userId: idSchema.optional() });

export const proxySchema = z
  .object({
    id: idSchema,
    grantor: z.object({ id: idSchema, name: z.string() }),
    holder: z.object({ id: idSchema, name: z.string() }),
    active: z.boolean(),
    endReason: z.enum(proxyEndReasons).nullable(),
  })
  .meta({ id: 'Proxy' });
export const proxyListSchema = z.object({ proxies: z.array(proxySchema) });
export const createProxyBodySchema = z.object({
  holderId: idSchema,
  /** A secretary may record a proxy given on paper; otherwise it is mine. */
  grantorId: idSchema.optional(),
});

export const agendaNoteBodySchema = z.object({ text: z.string().trim().min(1).max(20_000) });
export const currentItemBodySchema = z.object({ itemId: idSchema.nullable() });

/**
 * A site's show-of-hands counts. With college weighting every row names its college (the
 * weighted verdict needs it); without, the college is optional and only adds to the breakdown.
 */
export const siteCountsBodySchema = z.object({
  siteId: idSchema,
  counts: z
    .array(
      z.object({
        choice: choiceSchema,
        count: storedInteger(0),
        collegeId: idSchema.nullable().optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type SiteCountsBody = z.infer<typeof siteCountsBodySchema>;

/** The address of my calendar feed; asking again makes a new one and retires the old. */
export const calendarFeedResponseSchema = z.object({ url: z.url() });
