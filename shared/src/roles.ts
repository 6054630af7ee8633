import { z } from 'zod';

/** Role inside one assembly. `admin` is not a member role: it is global (national secretariat). */
export const memberRoleSchema = z.enum(['member', 'secretary']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const assemblyKindSchema = z.enum(['national', 'antenna', 'working_group', 'congress']);
export type AssemblyKind = z.infer<typeof assemblyKindSchema>;

export const localeSchema = z.enum(['fr', 'en']);
export type Locale = z.infer<typeof localeSchema>;
export const defaultLocale: Locale = 'fr';
