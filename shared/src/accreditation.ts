/**
 * Delegates' accreditation (issue 17): for a meeting that requires it, each antenna designates
 * its delegates within its quota, a site secretary accredits them at check-in, and only the
 * accredited delegates present vote (ARCHITECTURE.md, "Rules").
 */
import { z } from 'zod';
import { mandateSchema } from './congress.ts';
import { meetingStatuses } from './enums.ts';
import { idSchema } from './ids.ts';

const person = z.object({ id: idSchema, name: z.string() });

/** More seats than any federation sends one antenna's delegates to: a typo, not a quota. */
export const maxDelegateSeats = 500;

/** Every antenna's quota at once: an antenna left out has none. */
export const delegateQuotasBodySchema = z.object({
  quotas: z
    .array(
      z.object({
        antennaId: idSchema,
        seats: z.number().int().min(0).max(maxDelegateSeats),
      }),
    )
    .max(200)
    .refine(
      (quotas) => new Set(quotas.map((quota) => quota.antennaId)).size === quotas.length,
      'Each antenna once.',
    ),
});
export type DelegateQuotasBody = z.infer<typeof delegateQuotasBodySchema>;

export const designateDelegateBodySchema = z.object({ userId: idSchema, antennaId: idSchema });

/** Accredits the delegate and checks them in at this site, in one step at the site's desk. */
export const accreditDelegateBodySchema = z.object({ siteId: idSchema });

export const delegateUserParamsSchema = z.object({ id: idSchema, userId: idSchema });

export const delegateSchema = z
  .object({
    person,
    antennaId: idSchema,
    designatedBy: person,
    designatedAt: z.iso.datetime(),
    accreditedAt: z.iso.datetime().nullable(),
    accreditedBy: person.nullable(),
    /** Where the delegate was accredited. */
    accreditedSite: z.object({ id: idSchema, name: z.string() }).nullable(),
    /** Checked in now (with or without accreditation), and where. */
    present: z.boolean(),
    siteId: idSchema.nullable(),
  })
  .meta({ id: 'Delegate' });
export type Delegate = z.infer<typeof delegateSchema>;

export const antennaDelegationSchema = z.object({
  antenna: z.object({ id: idSchema, name: z.string() }),
  seats: z.number().int(),
  delegates: z.array(delegateSchema),
  /**
   * Whom the viewer may designate for this antenna (its members who vote in the meeting's
   * assembly and are not designated yet); null when the viewer does not designate for it.
   */
  candidates: z.array(person).nullable(),
});
export type AntennaDelegation = z.infer<typeof antennaDelegationSchema>;

export const meetingDelegatesSchema = z
  .object({
    meeting: z.object({
      id: idSchema,
      assemblyId: idSchema,
      title: z.string(),
      status: z.enum(meetingStatuses),
      accreditationRequired: z.boolean(),
    }),
    /** Antennas with a quota, a delegate or a site in the meeting, by name. */
    antennas: z.array(antennaDelegationSchema),
    /** Antennas that may be given a quota (ARCHITECTURE.md, "Rules"), for the meeting's secretary. */
    eligibleAntennas: z.array(z.object({ id: idSchema, name: z.string() })),
    sites: z.array(z.object({ id: idSchema, name: z.string(), antennaId: idSchema.nullable() })),
    viewer: z.object({
      /** The meeting's secretary: sets quotas, accredits anywhere. */
      runs: z.boolean(),
      /** Antennas whose delegates the viewer designates. */
      designates: z.array(idSchema),
      /** Sites whose desk the viewer holds. */
      accreditsAt: z.array(idSchema),
    }),
    totals: z.object({
      seats: z.number().int(),
      designated: z.number().int(),
      accredited: z.number().int(),
    }),
  })
  .meta({ id: 'MeetingDelegates' });
export type MeetingDelegates = z.infer<typeof meetingDelegatesSchema>;
export const meetingDelegatesResponseSchema = z.object({ delegates: meetingDelegatesSchema });

/** The viewer as a delegate of a meeting (`MeetingDetail.me.delegate`). */
export const myDelegationSchema = z.object({
  antenna: z.object({ id: idSchema, name: z.string() }),
  accredited: z.boolean(),
  /** What the antenna told its delegates on each motion of the meeting's assembly. */
  mandates: z.array(z.object({ motionId: idSchema, mandate: mandateSchema, note: z.string() })),
});
export type MyDelegation = z.infer<typeof myDelegationSchema>;
