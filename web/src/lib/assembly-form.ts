import type { AssemblyKind, AssemblySettings, Locale, VoteRule } from '@cercle/shared';

/** What the assembly form shows, as typed (numbers stay text so a wrong entry comes back as is). */
export interface AssemblyFormValues {
  kind: AssemblyKind;
  name: string;
  code: string;
  /** Empty for none. */
  parentId: string;
  description: string;
  /** The quorum as a percentage, "25" for 0.25. */
  quorum: string;
  maxProxiesPerHolder: string;
  maxConsentRounds: string;
  fallbackRule: VoteRule;
  supportersToAdmit: string;
  collegeWeighting: boolean;
  majorityInEveryCollege: boolean;
  minutesSecondApproval: boolean;
  minutesVisibility: AssemblySettings['minutesVisibility'];
  auditVisibility: AssemblySettings['auditVisibility'];
  language: Locale;
  secretMinimumGroup: string;
  /** IANA name, "Indian/Reunion". */
  timeZone: string;
}

/** Input ids of the settings, named like the API's `settings.<name>` fields. */
export const settingFields = [
  'quorum',
  'maxProxiesPerHolder',
  'maxConsentRounds',
  'fallbackRule',
  'supportersToAdmit',
  'collegeWeighting',
  'majorityInEveryCollege',
  'minutesSecondApproval',
  'minutesVisibility',
  'auditVisibility',
  'language',
  'secretMinimumGroup',
  'timeZone',
] as const satisfies readonly (keyof AssemblySettings)[];

/** A fraction of the API (0.25) as the percentage the forms show ("25"), to two decimals. */
export function toPercentText(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 100);
}

/** A percentage typed in a form ("33,33" or "33.33") as the API's fraction, or NaN. */
export function percentToFraction(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return Number.NaN;
  return Math.round(Number(trimmed) * 100) / 10_000;
}
