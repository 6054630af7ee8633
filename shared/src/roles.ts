import { z } from 'zod';
import { assemblyKinds, locales, memberRoles } from './enums.ts';

export const memberRoleSchema = z.enum(memberRoles);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const assemblyKindSchema = z.enum(assemblyKinds);
export type AssemblyKind = z.infer<typeof assemblyKindSchema>;

export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;
