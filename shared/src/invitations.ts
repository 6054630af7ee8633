import { z } from 'zod';
import { emailSchema, passwordSchema, personNameSchema } from './auth.ts';
import { idSchema } from './ids.ts';
import { assemblyKindSchema, memberRoleSchema } from './roles.ts';

export const createInvitationBodySchema = z.object({
  email: emailSchema,
  assemblyId: idSchema,
  role: memberRoleSchema.default('member'),
  collegeId: idSchema.optional(),
});
export type CreateInvitationBody = z.input<typeof createInvitationBodySchema>;

export const invitationSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    assemblyId: idSchema,
    assemblyName: z.string(),
    assemblyKind: assemblyKindSchema,
    /** The assembly's IANA zone: the expiry is said in it. */
    timeZone: z.string(),
    role: memberRoleSchema,
    collegeId: idSchema.nullable(),
    invitedByName: z.string().nullable(),
    expiresAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;

export const createInvitationResponseSchema = z.object({
  invitation: invitationSchema,
  link: z.url(),
  /** `outbox`: no SMTP configured, the mail waits in the outbox folder; share the link yourself. */
  delivery: z.enum(['smtp', 'outbox', 'failed']),
});
export type CreateInvitationResponse = z.infer<typeof createInvitationResponseSchema>;

export const invitationTokenParamsSchema = z.object({ token: z.string().min(1).max(200) });

export const invitationLookupResponseSchema = z.object({
  invitation: invitationSchema,
  /** True when the invited address already has an account: sign in as it, then accept. */
  accountExists: z.boolean(),
});
export type InvitationLookupResponse = z.infer<typeof invitationLookupResponseSchema>;

/** Name and password create the account; both are omitted when the account already exists. */
export const acceptInvitationBodySchema = z.object({
  name: personNameSchema.optional(),
  password: passwordSchema.optional(),
});
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBodySchema>;
