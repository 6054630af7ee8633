import { z } from 'zod';
import { idSchema } from './ids.ts';
import { assemblyKindSchema, localeSchema, memberRoleSchema } from './roles.ts';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'Adresse e-mail invalide / invalid email address' }));

/** Long passphrases are welcome; the upper bound only stops hashing megabytes. */
export const passwordSchema = z
  .string()
  .min(10, { error: 'Au moins 10 caractères / at least 10 characters' })
  .max(256);

export const personNameSchema = z.string().trim().min(1).max(120);

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const membershipSchema = z.object({
  assemblyId: idSchema,
  assemblyName: z.string(),
  assemblyKind: assemblyKindSchema,
  role: memberRoleSchema,
  votingRight: z.boolean(),
});
export type Membership = z.infer<typeof membershipSchema>;

export const currentUserSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    locale: localeSchema,
    /** No daily digest mail (the in-app notifications stay). */
    digestOptOut: z.boolean(),
    memberships: z.array(membershipSchema),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const meResponseSchema = z.object({ user: currentUserSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

export const setupBodySchema = z.object({
  token: z.string().min(1).max(200),
  email: emailSchema,
  name: personNameSchema,
  password: passwordSchema,
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const setupStatusSchema = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** The person changes their own password; the current one proves it is them at the keyboard. */
export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/** Asks for a mailed link to choose a new password; answered the same whether or not it exists. */
export const passwordResetRequestBodySchema = z.object({ email: emailSchema });
export type PasswordResetRequestBody = z.infer<typeof passwordResetRequestBodySchema>;

/** The token from the mailed link, and the new password. */
export const passwordResetBodySchema = z.object({
  token: z.string().min(1).max(200),
  password: passwordSchema,
});
export type PasswordResetBody = z.infer<typeof passwordResetBodySchema>;
