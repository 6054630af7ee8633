import { z } from 'zod';
import { auditVisibilities, minutesVisibilities } from './enums.ts';
import { emailSchema, personNameSchema } from './auth.ts';
import { voteRuleSchema } from './decisions.ts';
import { idSchema } from './ids.ts';
import { personSearchQueryMaxLength } from './limits.ts';
import { defaultSecretMinimumGroup } from './result-privacy.ts';
import { defaultTimeZone, isTimeZone } from './time-zones.ts';
import { assemblyKindSchema, localeSchema, memberRoleSchema } from './roles.ts';

/** An IANA time zone name, as written in the tz database (`Indian/Reunion`, `America/Guadeloupe`). */
export const timeZoneSchema = z.string().trim().refine(isTimeZone, {
  error:
    'Fuseau horaire IANA inconnu, par exemple Europe/Paris / Unknown IANA time zone, e.g. Europe/Paris',
});

export const minutesVisibilitySchema = z.enum(minutesVisibilities);
export type MinutesVisibility = z.infer<typeof minutesVisibilitySchema>;

/** Who reads the audit trail in words: its secretaries only, or every member (admins always). */
export const auditVisibilitySchema = z.enum(auditVisibilities);
export type AuditVisibility = z.infer<typeof auditVisibilitySchema>;

/** How an assembly decides; every field has the statutory default of a new assembly. */
export const assemblySettingsSchema = z.object({
  /** Fraction of entitled voters that must take part (present, represented or voting). */
  quorum: z.number().min(0).max(1),
  maxProxiesPerHolder: z.number().int().min(0).max(10),
  maxConsentRounds: z.number().int().min(1).max(10),
  fallbackRule: voteRuleSchema,
  /** Supporters a submitted motion needs to be admitted without a secretary. */
  supportersToAdmit: z.number().int().min(0).max(10_000),
  collegeWeighting: z.boolean(),
  majorityInEveryCollege: z.boolean(),
  /** Minutes are approved by another secretary than the one who wrote their text. */
  minutesSecondApproval: z.boolean(),
  minutesVisibility: minutesVisibilitySchema,
  auditVisibility: auditVisibilitySchema,
  language: localeSchema,
  /**
   * Secret polls never show a breakdown cell (college, site) of fewer answers than this: such
   * cells are merged, so nobody alone or nearly alone in a group has their choice exposed.
   */
  secretMinimumGroup: z.number().int().min(1).max(1_000),
  /** Every date of the assembly is shown, mailed and exported in this zone, which is named. */
  timeZone: timeZoneSchema,
});
export type AssemblySettings = z.infer<typeof assemblySettingsSchema>;

export const defaultAssemblySettings: AssemblySettings = {
  quorum: 0.25,
  maxProxiesPerHolder: 2,
  maxConsentRounds: 3,
  fallbackRule: 'two_thirds',
  supportersToAdmit: 3,
  collegeWeighting: false,
  majorityInEveryCollege: false,
  minutesSecondApproval: false,
  minutesVisibility: 'members',
  auditVisibility: 'members',
  language: 'fr',
  secretMinimumGroup: defaultSecretMinimumGroup,
  timeZone: defaultTimeZone,
};

/** Short code used in motion numbers: NAT-2026-004, OCC-2026-003. */
export const assemblyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,11}$/, {
    error: '2 à 12 lettres ou chiffres / 2 to 12 letters or digits',
  });

export const collegeSchema = z
  .object({
    id: idSchema,
    assemblyId: idSchema,
    name: z.string(),
    share: z.number(),
    memberCount: z.number().int(),
  })
  .meta({ id: 'College' });
export type College = z.infer<typeof collegeSchema>;

export const assemblySchema = z
  .object({
    id: idSchema,
    kind: assemblyKindSchema,
    name: z.string(),
    code: z.string(),
    description: z.string(),
    parentId: idSchema.nullable(),
    settings: assemblySettingsSchema,
    memberCount: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Assembly' });
export type Assembly = z.infer<typeof assemblySchema>;

export const assemblyDetailSchema = assemblySchema
  .extend({
    colleges: z.array(collegeSchema),
    /** The caller's own role here, if a member. */
    myRole: memberRoleSchema.nullable(),
  })
  .meta({ id: 'AssemblyDetail' });
export type AssemblyDetail = z.infer<typeof assemblyDetailSchema>;

export const assemblyNameSchema = z.string().trim().min(2).max(160);
const descriptionSchema = z.string().trim().max(4000);

export const createAssemblyBodySchema = z.object({
  kind: assemblyKindSchema,
  name: assemblyNameSchema,
  code: assemblyCodeSchema,
  description: descriptionSchema.default(''),
  parentId: idSchema.nullable().default(null),
  settings: assemblySettingsSchema.partial().default({}),
});
export type CreateAssemblyBody = z.input<typeof createAssemblyBodySchema>;

export const updateAssemblyBodySchema = z
  .object({
    name: assemblyNameSchema,
    code: assemblyCodeSchema,
    description: descriptionSchema,
    parentId: idSchema.nullable(),
    settings: assemblySettingsSchema.partial(),
  })
  .partial()
  .strict();
export type UpdateAssemblyBody = z.input<typeof updateAssemblyBodySchema>;

export const assemblyListSchema = z.object({ assemblies: z.array(assemblySchema) });
export const assemblyResponseSchema = z.object({ assembly: assemblyDetailSchema });
export const assemblyParamsSchema = z.object({ id: idSchema });

/** A fraction of the vote; a share smaller than a millionth is a typing slip (and underflows). */
const shareSchema = z
  .number()
  .min(0)
  .max(1)
  .refine((share) => share === 0 || share >= 1e-6, 'A share is 0 or at least 0.000001.');
const collegeNameSchema = z.string().trim().min(1).max(120);

export const createCollegeBodySchema = z.object({ name: collegeNameSchema, share: shareSchema });
/** The whole set of an assembly's colleges at once, so shares can be rebalanced atomically. */
export const replaceCollegesBodySchema = z.object({
  colleges: z
    .array(z.object({ id: idSchema.optional(), name: collegeNameSchema, share: shareSchema }))
    .max(20),
});
export type ReplaceCollegesBody = z.input<typeof replaceCollegesBodySchema>;
export const collegeListSchema = z.object({ colleges: z.array(collegeSchema) });

export const memberSchema = z
  .object({
    userId: idSchema,
    name: z.string(),
    /** Shown to the assembly's secretaries and to admins only. */
    email: z.string().nullable(),
    role: memberRoleSchema,
    collegeId: idSchema.nullable(),
    collegeName: z.string().nullable(),
    votingRight: z.boolean(),
    organisation: z.string().nullable(),
    /** False until the person has chosen a password (imported, invitation not yet accepted). */
    activated: z.boolean(),
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;
/** A page of the directory: the members whose name holds the words of `q`, by name. */
export const memberListQuerySchema = z.object({
  q: z.string().trim().max(personSearchQueryMaxLength).default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;
export const memberListSchema = z.object({
  members: z.array(memberSchema),
  /** How many members match, all pages together. */
  total: z.number().int(),
});
export const memberResponseSchema = z.object({ member: memberSchema });
export const addMemberResponseSchema = z.object({
  member: memberSchema,
  /** The activation link mailed to a person without password, to pass on by hand if needed. */
  invitationLink: z.url().nullable(),
});
export const memberParamsSchema = z.object({ id: idSchema, userId: idSchema });

const organisationSchema = z.string().trim().max(160);

export const addMemberBodySchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: memberRoleSchema.default('member'),
  collegeId: idSchema.nullable().default(null),
  votingRight: z.boolean().default(true),
  organisation: organisationSchema.nullable().default(null),
  /** Mail an invitation link when the person has no password yet (new or imported account). */
  sendInvitation: z.boolean().default(true),
});
export type AddMemberBody = z.input<typeof addMemberBodySchema>;

export const updateMemberBodySchema = z
  .object({
    role: memberRoleSchema,
    collegeId: idSchema.nullable(),
    votingRight: z.boolean(),
    organisation: organisationSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateMemberBody = z.input<typeof updateMemberBodySchema>;

export const importMembersBodySchema = z.object({
  csv: z.string().min(1).max(900_000),
  /** Preview only: the answer lists what would change and every row's errors; nothing is written. */
  dryRun: z.boolean().default(false),
  /** Mail an activation link to every imported person who has no password yet. */
  sendInvitations: z.boolean().default(true),
});
export type ImportMembersBody = z.input<typeof importMembersBodySchema>;

/** Why a CSV row was refused, for the web to say in the reader's language. */
export const importErrorCodeSchema = z.enum([
  'email_invalid',
  'name_missing',
  'name_too_long',
  'assembly_unknown',
  'assembly_forbidden',
  'role_unknown',
  'voting_right_invalid',
  'college_unknown',
  'organisation_too_long',
  'duplicate_row',
]);
export type ImportErrorCode = z.infer<typeof importErrorCodeSchema>;

export const importRowSchema = z.object({
  /** Line in the file (the header is line 1). */
  line: z.number().int(),
  email: z.string(),
  name: z.string(),
  assemblyCode: z.string(),
  action: z.enum(['add', 'update', 'unchanged', 'error']),
  newAccount: z.boolean(),
  /** Which fields change for an existing member. */
  changes: z.array(z.string()),
  errors: z.array(
    z.object({ field: z.string(), code: importErrorCodeSchema, message: z.string() }),
  ),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importResultSchema = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.array(importRowSchema),
    summary: z.object({
      rows: z.number().int(),
      added: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
      newAccounts: z.number().int(),
      invitationsSent: z.number().int(),
    }),
  })
  .meta({ id: 'MemberImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;
